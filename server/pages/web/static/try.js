// The /try page: the classifier module runs here, in the page, through
// wasm/loader.js; the marks, badge, card and Post guard are the extension's
// own content script (extension/src/content/main.js), unchanged. It talks
// to "the extension" through the small chrome.* stand-in below, which
// answers from this page instead of a background worker. Nothing typed is
// sent anywhere.

import { instantiate } from '/wasm/loader.js';

const status = document.getElementById('status');
const say = (text, error = false) => {
  status.textContent = text;
  status.classList.toggle('error', error);
};

let scrubs = null;
let templates = {};
let orgPhone = '';

function packOf(envelopeText) {
  const b64 = JSON.parse(envelopeText).pack;
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

async function boot() {
  scrubs = await instantiate(fetch('/wasm/classifier.wasm'));
  try {
    const [envRes, keysRes] = await Promise.all([fetch('/v1/pack'), fetch('/v1/keys')]);
    if (!envRes.ok || !keysRes.ok) throw new Error(`HTTP ${envRes.status}`);
    const env = await envRes.text();
    const keys = (await keysRes.json()).keys.map((k) => k.key);
    const info = scrubs.loadEnvelope(env, keys);
    const pack = packOf(env);
    templates = pack.templates || {};
    orgPhone = (pack.org && pack.org.phones && pack.org.phones[0]) || '';
    say(`Rules: pack version ${info.version} from this server (“${info.name}”), signature checked in this page.`);
    document.body.dataset.packVersion = String(info.version);
  } catch (e) {
    say(`Rules: the built-in ones (the server's pack could not be loaded: ${e.message}).`, true);
    document.body.dataset.packVersion = '0';
  }
}

// A port that classifies in the page, shaped like chrome.runtime.Port.
function classifyPort() {
  const onMessage = new Set();
  const deliver = (m) => queueMicrotask(() => onMessage.forEach((f) => f(m)));
  return {
    name: 'scrubs/classify',
    onMessage: { addListener: (f) => onMessage.add(f), removeListener: (f) => onMessage.delete(f) },
    onDisconnect: { addListener() {}, removeListener() {} },
    disconnect() {},
    postMessage(msg) {
      if (msg.warm) return deliver({ id: msg.id, warm: true });
      try {
        deliver({ id: msg.id, result: scrubs.classify(msg.draft) });
      } catch (e) {
        deliver({ id: msg.id, error: e.message });
      }
    },
  };
}

function installChromeStandIn() {
  const template = (name) => (templates[name] || '').replaceAll('{phone}', orgPhone || 'our office');
  const stand = {
    runtime: {
      id: 'scrubs-try', // the content script takes a runtime without an id for a removed extension
      lastError: undefined,
      getURL: (p) => `/ext/${p}`,
      onMessage: { addListener() {} }, // no settings change here
      connect: () => classifyPort(),
      async sendMessage(msg) {
        switch (msg && msg.type) {
          case 'pack.template':
            return { ok: true, text: template(String(msg.name || 'safe_reply')) };
          case 'site.profile': // this page is read as any site an admin added
            return { ok: true, site: scrubs.sites().find((s) => !s.hosts || !s.hosts.length) || null };
          default: // engine.ensure, telemetry.count: nothing to do here, nothing is sent
            return { ok: true };
        }
      },
    },
    storage: {
      local: { get: async () => ({}), set: async () => {} },
      managed: { get: async () => ({}) },
      onChanged: { addListener() {} },
    },
  };
  globalThis.chrome = Object.assign(globalThis.chrome || {}, stand);
}

// The page's own behaviour: Post adds the text to the list below.
const form = document.getElementById('composer-form');
const composer = document.getElementById('composer');
form.addEventListener('submit', (e) => {
  e.preventDefault();
  const text = composer.innerText.trim();
  if (!text) return;
  const li = document.createElement('li');
  li.textContent = text;
  document.getElementById('posted').prepend(li);
  composer.textContent = '';
});
for (const b of document.querySelectorAll('.sample')) {
  b.addEventListener('click', () => {
    composer.focus();
    document.getSelection().selectAllChildren(composer);
    document.execCommand('insertText', false, b.textContent);
  });
}

try {
  await boot();
  installChromeStandIn();
  const { main } = await import('/ext/content/main.js');
  await main();
  document.body.dataset.ready = 'true';
} catch (e) {
  say(`Scrubs could not start here: ${e.message}`, true);
  throw e;
}
