// Shared by the browser tests: builds the Lexical bundle for the test
// pages, runs a logging proxy (every request that would leave the browser
// ends there) and a local rule-pack server, and launches Debian's Chromium
// with the built extension, serving the test pages at the real addresses
// (Facebook, Instagram, Google Business Profile and Search, Yelp for
// Business, X) through request routing.

import { chromium } from 'playwright-core';
import { build } from 'esbuild';
import http from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const EXT = join(HERE, '..');
export const ROOT = join(EXT, '..');
export const DIST = join(EXT, 'dist', 'chromium');
export const RESULTS = join(EXT, 'test-results');
export const EXTENSION_ID = 'gniieannildccockippdmjkediigkbgg'; // from the manifest key
export const CHROMIUM = process.env.SCRUBS_CHROMIUM || '/usr/bin/chromium';

export const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

const PAGES = join(HERE, 'pages');
const VENDOR = join(PAGES, 'vendor', 'lexical.js');
const CSP = "default-src 'self' blob: data:; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; connect-src 'self'; frame-src https://business.google.com";

// The test pages, by the host (and path) they are served at. www.tiktok.com
// is a host only a pack's profile names, where Scrubs must not run.
export const PAGE_HOSTS = ['www.facebook.com', 'www.instagram.com', 'business.google.com', 'www.google.com', 'biz.yelp.com', 'x.com', 'www.tiktok.com'];
export const PAGES_RE = new RegExp(`^https://(${PAGE_HOSTS.map((h) => h.replaceAll('.', '\\.')).join('|')})/`);

export function pageFor(url) {
  const u = new URL(url);
  switch (u.hostname) {
    case 'www.facebook.com':
      return /\/reviews\/?$/.test(u.pathname) ? 'facebook-reviews.html' : 'facebook.html';
    case 'www.instagram.com':
      return 'instagram.html';
    case 'business.google.com':
      return 'google-business.html';
    case 'www.google.com':
      return 'google-search.html';
    case 'biz.yelp.com':
      return 'yelp-biz.html';
    case 'x.com':
      return 'x.html';
    default:
      return 'elsewhere.html';
  }
}

export async function bundleLexical() {
  if (existsSync(VENDOR)) return;
  mkdirSync(dirname(VENDOR), { recursive: true });
  await build({ entryPoints: [join(PAGES, 'lexical-entry.js')], bundle: true, format: 'iife', outfile: VENDOR, logLevel: 'error', define: { 'process.env.NODE_ENV': '"production"' } });
}

// corpus reads the shared drafts.
export function corpus() {
  return readFileSync(join(ROOT, 'classifier/testdata/dev.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

// Every request that is not routed to a test page or the pack server comes
// here (the browser's proxy) and is logged, then refused.
export function startProxy() {
  const seen = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ via: 'proxy', method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(502).end();
    });
  });
  server.on('connect', (req, socket) => {
    seen.push({ via: 'proxy-connect', method: 'CONNECT', url: req.url, headers: req.headers, body: '' });
    socket.destroy();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, seen, port: server.address().port })));
}

// A rule-pack server: serves whatever envelope the test puts in `state`,
// with an ETag and 304 for a matching If-None-Match, and logs requests.
export function startPackServer() {
  const state = { body: null, etag: '', seen: [], status: 200, extraHeaders: {} };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      state.seen.push({ via: 'packs', method: req.method, url: req.url, headers: req.headers, body });
      const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'If-None-Match, Content-Type, Scrubs-Enrolment-Key', 'Access-Control-Expose-Headers': 'ETag' };
      if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
      if (req.url === '/v1/events' && req.method === 'POST') return res.writeHead(202, cors).end('{}');
      if (req.url !== '/v1/pack') return res.writeHead(404, cors).end();
      if (!state.body) return res.writeHead(404, cors).end();
      if (state.etag && req.headers['if-none-match'] === state.etag) return res.writeHead(304, { ...cors, ETag: state.etag }).end();
      res.writeHead(state.status, { ...cors, 'Content-Type': 'application/json', ETag: state.etag, 'Cache-Control': 'no-cache', ...state.extraHeaders });
      res.end(state.body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, state, url: `http://127.0.0.1:${server.address().port}` })));
}

function page(file, type = 'text/html; charset=utf-8') {
  return { status: 200, headers: { 'Content-Type': type, 'Content-Security-Policy': CSP }, body: readFileSync(join(PAGES, file)) };
}

// route serves the test pages at the real addresses.
async function route(context, log) {
  await context.route(PAGES_RE, (r) => {
    const url = new URL(r.request().url());
    log.push({ via: 'page', method: r.request().method(), url: url.href, headers: r.request().headers(), body: r.request().postData() || '' });
    if (url.pathname === '/__test/vendor/lexical.js') return r.fulfill(page('vendor/lexical.js', 'text/javascript'));
    if (url.pathname.startsWith('/__test/')) {
      const f = url.pathname.slice('/__test/'.length);
      if (!/^[\w.-]+$/.test(f) || !existsSync(join(PAGES, f))) return r.fulfill({ status: 404, body: '' });
      return r.fulfill(page(f, f.endsWith('.css') ? 'text/css' : 'text/javascript'));
    }
    if (url.pathname === '/favicon.ico') return r.fulfill({ status: 204, body: '' });
    // the extension's source modules, for tests that import one (an adapter)
    // into a page: the built extension itself exposes no file to pages
    if (url.pathname.startsWith('/__src/')) {
      const f = url.pathname.slice('/__src/'.length);
      if (!/^[\w-]+(\/[\w.-]+)*\.js$/.test(f) || f.includes('..') || !existsSync(join(EXT, 'src', f))) return r.fulfill({ status: 404, body: '' });
      return r.fulfill({ status: 200, headers: { 'Content-Type': 'text/javascript' }, body: readFileSync(join(EXT, 'src', f)) });
    }
    // the same page without a CSP, so a test can import the adapters into it
    if (url.pathname === '/__adapter') return r.fulfill({ status: 200, headers: { 'Content-Type': 'text/html' }, body: readFileSync(join(PAGES, pageFor(url.href))) });
    return r.fulfill(page(pageFor(url.href)));
  });
}

// launch starts Chromium with the built extension. Answers helpers.
export async function launch({ dist = DIST, extension = true } = {}) {
  if (!existsSync(join(dist, 'manifest.json'))) throw new Error(`${dist} is not built; run scripts/build-extension`);
  await bundleLexical();
  const proxy = await startProxy();
  const profile = mkdtempSync(join(tmpdir(), 'scrubs-chromium-'));
  const args = [...FLAGS, `--proxy-server=http://127.0.0.1:${proxy.port}`, '--proxy-bypass-list=<-loopback>;127.0.0.1'];
  if (extension) args.push(`--disable-extensions-except=${dist}`, `--load-extension=${dist}`);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args,
    ignoreDefaultArgs: ['--disable-extensions', '--disable-component-extensions-with-background-pages'],
    viewport: { width: 1000, height: 900 },
    serviceWorkers: 'allow',
  });
  const log = [];
  await route(context, log);
  context.on('request', (req) => {
    const u = req.url();
    if (PAGES_RE.test(u)) return; // logged by the route
    log.push({ via: 'context', method: req.method(), url: u, headers: req.headers(), body: req.postData() || '' });
  });
  let sw = null;
  if (extension) {
    sw = context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${EXTENSION_ID}/`));
    sw ??= await context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith(`chrome-extension://${EXTENSION_ID}/`), timeout: 15000 });
  }
  // wait until the classifier module is up (it compiles in the offscreen
  // document while the browser starts; on two busy cores that takes seconds)
  let engineMs = 0;
  if (extension) {
    const t0 = Date.now();
    const p = await extPage(context);
    for (let i = 0; i < 20; i++) {
      const st = await p.evaluate(() => chrome.runtime.sendMessage({ type: 'status.get' }));
      if (st && st.engine) break; // the status asks the module itself
      await p.waitForTimeout(250);
    }
    await p.close();
    engineMs = Date.now() - t0;
  }
  const close = async () => {
    await context.close().catch(() => {});
    proxy.server.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, proxy, log, sw, close, profile, engineMs };
}

// extPage opens an extension page (options) to reach chrome.* from tests.
export async function extPage(context, path = 'options/options.html') {
  const p = await context.newPage();
  await p.goto(`chrome-extension://${EXTENSION_ID}/${path}`);
  return p;
}

export async function shot(page, name) {
  mkdirSync(RESULTS, { recursive: true });
  await page.screenshot({ path: join(RESULTS, `${name}.png`) });
}

// The extension draws in a closed shadow root, out of the page's reach
// (review M1), so the tests reach it the way no page can: through the
// browser's debugging protocol, which describes closed shadow roots too.
// ui(page, fn, arg) runs fn(root, arg) in the page with that root (null
// while Scrubs has drawn nothing) and answers what fn returns. Nothing is
// left where the page could find it. page may be a frame of a page (a
// Playwright Frame) whose __owner names its iframe element in the page:
// the frame's root is found through the page's session.
const topOf = (page) => (typeof page.page === 'function' ? page.page() : page);
async function cdpOf(page) {
  if (!page.__cdp) page.__cdp = page.__owner ? cdpOf(topOf(page)) : page.context().newCDPSession(page);
  return page.__cdp;
}

async function shadowRoot(page) {
  const s = await cdpOf(page);
  if (page.__ui) {
    // still ours, in this document?
    try {
      const r = await s.send('Runtime.callFunctionOn', { objectId: page.__ui, functionDeclaration: 'function () { return this.host.isConnected; }', returnByValue: true });
      if (r.result.value === true) return page.__ui;
    } catch {
      // gone with its document
    }
    page.__ui = null;
  }
  const html = await s.send('Runtime.evaluate', { expression: page.__owner ? `document.querySelector(${JSON.stringify(page.__owner)})` : 'document.documentElement' });
  if (!html.result.objectId) return null;
  let { node } = await s.send('DOM.describeNode', { objectId: html.result.objectId, depth: page.__owner ? 4 : 1, pierce: true });
  await s.send('Runtime.releaseObject', { objectId: html.result.objectId }).catch(() => {});
  if (page.__owner) node = ((node.contentDocument && node.contentDocument.children) || []).find((c) => c.nodeName === 'HTML') || {};
  const host = (node.children || []).find((c) => (c.shadowRoots || []).some((r) => r.shadowRootType === 'closed'));
  if (!host) return null;
  const root = host.shadowRoots.find((r) => r.shadowRootType === 'closed');
  const { object } = await s.send('DOM.resolveNode', { backendNodeId: root.backendNodeId });
  page.__ui = object.objectId;
  return page.__ui;
}

export async function ui(page, fn, arg = null) {
  for (let i = 0; ; i++) {
    const s = await cdpOf(page);
    const objectId = await shadowRoot(page);
    const call = { functionDeclaration: `async function (arg) { return (${fn})(this === window ? null : this, arg); }`, arguments: [{ value: arg }], returnByValue: true, awaitPromise: true };
    try {
      const r = objectId ? await s.send('Runtime.callFunctionOn', { ...call, objectId }) : await s.send('Runtime.callFunctionOn', { ...call, objectId: (await s.send('Runtime.evaluate', { expression: 'window' })).result.objectId });
      if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description || r.exceptionDetails.text);
      return r.result.value;
    } catch (e) {
      // the document went away under the call: look again
      if (i < 2 && /Cannot find context|Could not find object|context was destroyed/i.test(e.message)) {
        page.__ui = null;
        continue;
      }
      throw e;
    }
  }
}

// uiHas waits until fn(root, arg) is truthy (like page.waitForFunction).
export async function uiHas(page, fn, arg = null, { timeout = 5000 } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await ui(page, fn, arg);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${String(fn).slice(0, 160)}`);
    await page.waitForTimeout(50);
  }
}

// press clicks one of Scrubs' controls (data-scrubs role, or a selector
// inside the root) with the mouse, as a person does: the extension acts
// only on trusted input, and a page's click() is not. With near (a
// selector in the page), the control nearest that element (each composer
// has its own badge and safe-reply button).
export async function press(page, what, { near = null } = {}) {
  const sel = /^[\w-]+$/.test(what) ? `[data-scrubs="${what}"]:not([hidden])` : what;
  const c = near ? await page.evaluate((s) => { const r = document.querySelector(s).getBoundingClientRect(); return { x: (r.left + r.right) / 2, y: (r.top + r.bottom) / 2, left: r.left, right: r.right, top: r.top, bottom: r.bottom }; }, near) : null;
  const at = await uiHas(page, (root, { sel, c }) => {
    // with near, only a control beside that composer: until its own shows,
    // wait, rather than press a neighbour's that is nearest for now
    const beside = (e) => { const r = e.getBoundingClientRect(); return r.left < c.right + 60 && r.right > c.left - 60 && r.top < c.bottom + 60 && r.bottom > c.top - 60; };
    const all = root ? [...root.querySelectorAll(sel)].filter((e) => e.getClientRects().length && (!c || beside(e))) : [];
    const mid = (e) => { const r = e.getBoundingClientRect(); return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; };
    const el = c ? all.sort((a, b) => Math.hypot(mid(a).x - c.x, mid(a).y - c.y) - Math.hypot(mid(b).x - c.x, mid(b).y - c.y))[0] : all[0];
    if (!el) return null;
    el.scrollIntoView({ block: 'nearest' });
    return mid(el);
  }, { sel, c });
  // in a frame, its box's place in the page comes first
  const off = page.__owner ? await topOf(page).evaluate((sel) => { const f = document.querySelector(sel); const r = f.getBoundingClientRect(); return { x: r.left + f.clientLeft, y: r.top + f.clientTop }; }, page.__owner) : { x: 0, y: 0 };
  await topOf(page).mouse.click(at.x + off.x, at.y + off.y);
}

// marks reads what the extension draws for one composer (or the whole
// page): its mark boxes (one finding can take several, on several lines;
// each box names its finding), by severity, and the badge beside it.
export async function marks(page, sel = null) {
  const c = await page.evaluate((sel) => {
    const r = (sel ? document.querySelector(sel) : document.body).getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
  }, sel);
  return ui(page, (root, c) => {
    const out = { block: 0, warn: 0, boxes: 0, badge: null, badgeText: '', checked: false, painted: null };
    if (!root) return out;
    // the composer's own boxes lie inside it (they are clipped to it) and
    // carry its owner id, as its badge does; with no boxes, take the badge
    // nearest the composer (a neighbour's can sit within 40px too)
    const inside = (r) => r.left >= c.left - 1 && r.right <= c.right + 1 && r.top >= c.top - 1 && r.bottom <= c.bottom + 4;
    const all = [...root.querySelectorAll('[data-scrubs="mark"]')];
    const votes = new Map();
    for (const b of all) if (inside(b.getBoundingClientRect())) votes.set(b.dataset.owner, (votes.get(b.dataset.owner) || 0) + 1);
    const owner = [...votes].sort((a, b) => b[1] - a[1])[0]?.[0];
    const near = (r) => r.left < c.right + 40 && r.right > c.left - 40 && r.top < c.bottom + 40 && r.bottom > c.top - 40;
    const gap = (r) => Math.max(0, c.left - r.right, r.left - c.right) + Math.max(0, c.top - r.bottom, r.top - c.bottom);
    const shown = [...root.querySelectorAll('[data-scrubs="badge"]')].filter((b) => !b.hidden);
    const badge = owner ? shown.find((b) => b.dataset.owner === owner) : shown.filter((b) => near(b.getBoundingClientRect())).sort((a, b) => gap(a.getBoundingClientRect()) - gap(b.getBoundingClientRect()))[0];
    // the quiet "checked" mark (verdict ok) is not a warning: badge stays null
    out.checked = !!badge && badge.getAttribute('data-verdict') === 'ok';
    out.badge = badge && !out.checked ? badge.getAttribute('data-verdict') : null;
    out.badgeText = badge && !out.checked ? badge.textContent : '';
    const findings = new Map();
    for (const b of all.filter((b) => b.dataset.owner === owner)) {
      findings.set(b.dataset.finding, b.classList.contains('block') ? 'block' : 'warn');
      out.boxes++;
    }
    for (const sev of findings.values()) out[sev]++;
    out.painted = root.querySelector('[data-scrubs="state"]').getAttribute('data-painted');
    return out;
  }, c);
}

// painted answers the content script's last paint stamp ("input time,
// time after the frame, findings, round trip"), or null.
export function painted(page) {
  return ui(page, (root) => (root ? root.querySelector('[data-scrubs="state"]').getAttribute('data-painted') : null));
}

// settle waits until the extension has painted for the text as it is now.
export async function settle(page, timeout = 5000) {
  const end = Date.now() + timeout;
  let last = null;
  while (Date.now() < end) {
    const p = await painted(page);
    if (p && p === last) return;
    last = p;
    await page.waitForTimeout(120);
  }
}

export function writeJSON(name, data) {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, name), JSON.stringify(data, null, 2));
}

// offscreen opens a CDP session on the extension's offscreen document
// (through a page's session: Playwright does not list offscreen documents)
// and answers send(method, params) for it.
export async function offscreen(context, page) {
  const s = await context.newCDPSession(page);
  const { targetInfos } = await s.send('Target.getTargets');
  const t = targetInfos.find((t) => t.url === `chrome-extension://${EXTENSION_ID}/background/offscreen.html`);
  if (!t) throw new Error(`no offscreen document: ${targetInfos.map((t) => t.url)}`);
  const { sessionId } = await s.send('Target.attachToTarget', { targetId: t.targetId, flatten: false });
  let next = 1;
  const waiting = new Map();
  s.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message);
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.error) w.reject(new Error(`${m.error.message} (${JSON.stringify(m.error.data || '')})`));
    else w.resolve(m.result);
  });
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      s.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
    });
  return { send, detach: () => s.detach().catch(() => {}) };
}

// killWorkers terminates the offscreen document's dedicated workers (the
// classifier's), as a crash would, without telling anyone. Answers how
// many there were.
export async function killWorkers(context, page) {
  const o = await offscreen(context, page);
  try {
    const proto = await o.send('Runtime.evaluate', { expression: 'Worker.prototype' });
    const { objects } = await o.send('Runtime.queryObjects', { prototypeObjectId: proto.result.objectId });
    const r = await o.send('Runtime.callFunctionOn', { objectId: objects.objectId, functionDeclaration: 'function () { for (const w of this) w.terminate(); return this.length; }', returnByValue: true });
    return r.result.value;
  } finally {
    await o.detach();
  }
}

// inOffscreen evaluates an expression in the offscreen document.
export async function inOffscreen(context, page, expression) {
  const o = await offscreen(context, page);
  try {
    const r = await o.send('Runtime.evaluate', { expression, returnByValue: true });
    if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description || r.exceptionDetails.text);
    return r.result.value;
  } finally {
    await o.detach();
  }
}

// reviews reads the corpora's replies to Google and Yelp reviews (the
// drafts the classifier is scored on), with the review they answer split
// the way the pages show it: its stars, its text and its author.
export function reviews() {
  const dir = join(ROOT, 'classifier/testdata/orgs');
  const out = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const r = JSON.parse(line);
      if (r.mode !== 'reply' || !['google', 'yelp'].includes(r.platform) || !r.replying_to) continue;
      const m = /^([★☆]+)\s?([\s\S]*?)(?:\s—\s([^—]+))?$/.exec(r.replying_to);
      if (!m) continue;
      const review = { rating: [...m[1]].filter((c) => c === '★').length, body: m[2], author: m[3] || '' };
      // the pages always show five stars, filled or not: rows written
      // otherwise ("★★★★ ...") are left out
      const shown = ['★'.repeat(review.rating) + '☆'.repeat(5 - review.rating), review.body].filter(Boolean).join(' ') + (review.author ? ` — ${review.author}` : '');
      if (shown === r.replying_to) out.push({ ...r, review });
    }
  }
  return out;
}

// recordDrafts makes the offscreen document keep every draft sent to the
// classifier worker (what the content script built, as the module gets
// it); drafts() reads them.
export async function recordDrafts(context, page) {
  await inOffscreen(context, page, `(() => { if (!Worker.prototype.__scrubsPost) { window.__drafts = []; const post = Worker.prototype.postMessage; Worker.prototype.__scrubsPost = post; Worker.prototype.postMessage = function (m, ...rest) { if (m && m.op === 'classify') window.__drafts.push(m.args[0]); return post.call(this, m, ...rest); }; } window.__drafts.length = 0; return 0; })()`);
}

export function drafts(context, page) {
  return inOffscreen(context, page, 'window.__drafts || []');
}

// editorText is the text a test page's composer holds by its own account:
// Lexical's state, or the Instagram page's React state for its textarea.
export function editorText(page, sel) {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    return el.tagName === 'TEXTAREA' ? window.__igState : window.__editors[el.id].text();
  }, sel);
}

// typeFresh empties a test page's composer the way the page would, clicks
// it and types text, as a person does: once the box has the caret (Lexical
// takes its selection from the click a task later). It checks the text
// landed before going on, so a failure steps later is never a lost key.
export async function typeFresh(page, sel, text, { keys = false } = {}) {
  await page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (el.tagName === 'TEXTAREA') window.__igReset();
    else window.__editors[el.id].clear();
  }, sel);
  await page.click(sel);
  await page.waitForFunction((sel) => {
    const el = document.querySelector(sel);
    return el.contains(document.activeElement) && (el.tagName === 'TEXTAREA' || el.contains(getSelection().anchorNode));
  }, sel);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  if (keys) await page.keyboard.type(text, { delay: 5 });
  else await page.keyboard.insertText(text);
  const end = Date.now() + 2000;
  let now;
  while (!(now = await editorText(page, sel)).includes(text)) {
    if (Date.now() > end) throw new Error(`the text typed into ${sel} did not land; it reads ${JSON.stringify(now)}`);
    await page.waitForTimeout(20);
  }
}
