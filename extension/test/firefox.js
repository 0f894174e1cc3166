// Driving Debian's firefox-esr over WebDriver BiDi (the ws package): start
// it headless, install the extension temporarily, serve the test pages at
// the real addresses by intercepting requests, and evaluate in pages.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';

export const FIREFOX = process.env.SCRUBS_FIREFOX || '/usr/bin/firefox-esr';

const PREFS = {
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'app.update.disabledForTesting': true,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'extensions.update.enabled': false,
  'extensions.originControls.grantByDefault': true,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'browser.newtabpage.enabled': false,
  'remote.prefs.recommended': true,
  'network.proxy.type': 1,
  'network.proxy.http': '127.0.0.1',
  'network.proxy.http_port': 9,
  'network.proxy.ssl': '127.0.0.1',
  'network.proxy.ssl_port': 9,
  'network.proxy.allow_hijacking_localhost': false,
};

export async function startFirefox() {
  const profile = mkdtempSync(join(tmpdir(), 'scrubs-firefox-'));
  writeFileSync(join(profile, 'user.js'), Object.entries(PREFS).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`).join('\n'));
  const proc = spawn(FIREFOX, ['--headless', '--no-remote', '--profile', profile, '--remote-debugging-port', '0', 'about:blank'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  const url = await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`firefox did not start:\n${log}`)), 60000);
    const on = (d) => {
      log += d;
      const m = /WebDriver BiDi listening on (ws:\/\/[^\s]+)/.exec(log);
      if (m) {
        clearTimeout(t);
        resolve(m[1]);
      }
    };
    proc.stderr.on('data', on);
    proc.stdout.on('data', on);
    proc.on('exit', (c) => reject(new Error(`firefox exited ${c}:\n${log}`)));
  });
  const ws = new WebSocket(`${url}/session`);
  await new Promise((r, j) => {
    ws.once('open', r);
    ws.once('error', j);
  });
  let next = 1;
  const pending = new Map();
  const listeners = [];
  ws.on('message', (data) => {
    const m = JSON.parse(data);
    if (m.id && pending.has(m.id)) {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.type === 'error') p.reject(new Error(`${m.error}: ${m.message}`));
      else p.resolve(m.result);
    } else if (m.method) for (const l of listeners) l(m);
  });
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });
  await send('session.new', { capabilities: { alwaysMatch: { acceptInsecureCerts: true, unhandledPromptBehavior: { default: 'ignore' } } } });
  const close = async () => {
    try {
      await Promise.race([send('browser.close'), new Promise((r) => setTimeout(r, 3000))]);
    } catch {}
    ws.close();
    try {
      process.kill(-proc.pid, 'SIGKILL');
    } catch {}
    rmSync(profile, { recursive: true, force: true });
  };
  return { send, on: (fn) => listeners.push(fn), close, proc };
}

// evaluate runs an expression (awaiting promises) in a browsing context.
export async function evaluate(bidi, context, expression) {
  const r = await bidi.send('script.evaluate', { expression, target: { context }, awaitPromise: true, resultOwnership: 'none' });
  if (r.type === 'exception') throw new Error(`${expression}: ${r.exceptionDetails.text}`);
  return deserialize(r.result);
}

function deserialize(v) {
  switch (v.type) {
    case 'undefined':
    case 'null':
      return null;
    case 'string':
    case 'number':
    case 'boolean':
      return v.value;
    case 'array':
      return v.value.map(deserialize);
    case 'object':
      return Object.fromEntries(v.value.map(([k, x]) => [typeof k === 'string' ? k : deserialize(k), deserialize(x)]));
    default:
      return v.value ?? null;
  }
}

// inUI runs fn(root) in the page with the extension's closed shadow root
// (null while it has drawn nothing), reached through WebDriver BiDi's node
// serialisation, which includes closed shadow roots when asked: no page
// script can do that. fn is the source of a function; answers its value.
export async function inUI(bidi, context, fn) {
  const hosts = await bidi.send('script.callFunction', {
    functionDeclaration: '() => [...document.documentElement.children].filter((e) => e !== document.head && e !== document.body)',
    target: { context },
    awaitPromise: false,
    resultOwnership: 'root',
    serializationOptions: { includeShadowTree: 'all', maxDomDepth: 1 },
  });
  const root = (hosts.result.value || []).map((n) => n.value && n.value.shadowRoot).find((r) => r && r.value && r.value.mode === 'closed');
  const r = await bidi.send('script.callFunction', {
    functionDeclaration: `(root) => (${fn})(root)`,
    target: { context },
    arguments: [root ? { sharedId: root.sharedId } : { type: 'null' }],
    awaitPromise: true,
    resultOwnership: 'none',
  });
  if (r.type === 'exception') throw new Error(`${fn}: ${r.exceptionDetails.text}`);
  return deserialize(r.result);
}
