// Starts the server (built once per run) with a fresh data directory and a
// headless Chromium, for the page tests. Chromium is Debian's, kept off the
// network with the flags DESIGN.md lists.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// SCRUBS_E2E_URL names a server that is already running, with a fresh
// store, and SCRUBS_E2E_TOKEN its admin token: the Workers build under
// wrangler dev, started by server/workers' test for each file here, with
// an extension key, so it serves the extension's build (/extension/) too.
export const TOKEN = process.env.SCRUBS_E2E_TOKEN || 'e2e-admin-token-0123456789abcdef';
// How long a page may take to be ready. The native server answers in
// milliseconds. The Workers build under wrangler dev (4.86) has held a
// page's requests for 26 to 87 s on a loaded two-core machine, and come
// back: wrangler's inspector proxy turns every 4 KB chunk of the Worker's
// subrequests (the 4 MB module from the static assets, the pack from D1)
// into a debug-log request of its own, and falls behind
// (workers_test.go reports each such stall). The page must still become
// ready.
export const READY_MS = 240000;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

let binary = null;
function build() {
  if (binary) return binary;
  const dir = mkdtempSync(join(tmpdir(), 'scrubs-e2e-bin-'));
  binary = join(dir, 'scrubs-server');
  execFileSync('go', ['build', '-o', binary, './server'], { cwd: repo, stdio: 'inherit' });
  if (!existsSync(join(repo, 'wasm/classifier.wasm'))) {
    execFileSync(join(repo, 'scripts/build-wasm'), [], { cwd: repo, stdio: 'inherit' });
  }
  return binary;
}

export async function startServer() {
  if (process.env.SCRUBS_E2E_URL) {
    return { url: process.env.SCRUBS_E2E_URL, log: () => '', async stop() {} };
  }
  const bin = build();
  const data = mkdtempSync(join(tmpdir(), 'scrubs-e2e-data-'));
  const proc = spawn(bin, ['-listen', '127.0.0.1:0', '-data', data, '-root', repo, '-event-rate', '-1'], {
    env: { ...process.env, SCRUBS_ADMIN_TOKEN: TOKEN },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${log}`)), 20000);
    proc.stderr.on('data', (d) => {
      log += d;
      const m = /listening on (http:\/\/\S+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    proc.on('exit', (code) => fail(new Error(`server exited ${code}:\n${log}`)));
  });
  return {
    url,
    log: () => log,
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.on('exit', r)));
      rmSync(data, { recursive: true, force: true });
    },
  };
}

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

// api calls the server as an admin would.
export async function api(server, method, path, body, headers = {}) {
  const res = await fetch(server.url + path, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, ...headers },
    body,
  });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, json, text };
}

// watch collects page errors and failed requests, so a test can say why.
export function watch(page) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  return problems;
}
