// Headless Chromium's figures for scripts/bench-wasm, as one JSON line: a
// page served from 127.0.0.1 loads the module through loader.js and runs
// measure.mjs.
//   node wasm/bench/chromium.mjs MODULE DRAFTS.json
// $CHROMIUM names another browser binary; $CHROMIUM_FLAGS adds flags.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const [wasmPath, draftsPath] = process.argv.slice(2);
const wasmDir = fileURLToPath(new URL('..', import.meta.url));
const types = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.html': 'text/html', '.json': 'application/json', '.wasm': 'application/wasm' };
const files = { '/classifier.wasm': wasmPath, '/bench.json': draftsPath, '/': join(wasmDir, 'bench', 'page.html') };

const server = createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  let file = files[path];
  if (!file && /^\/(loader\.js|bench\/[\w.-]+\.(mjs|html))$/.test(path)) file = join(wasmDir, normalize(path));
  try {
    const body = readFileSync(file);
    res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const url = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ...(process.env.CHROMIUM_FLAGS || '').split(' ').filter(Boolean)],
});
try {
  const page = await browser.newPage();
  page.on('pageerror', (err) => console.error('page:', err.message));
  await page.goto(url);
  await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 120_000 });
  const result = await page.evaluate(() => window.__result);
  if (result.error) throw new Error(result.error);
  console.log(JSON.stringify({ engine: `Chromium ${browser.version()}`, ...result }));
} finally {
  await browser.close();
  server.close();
}
