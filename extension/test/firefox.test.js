// The extension in Debian's firefox-esr, driven over WebDriver BiDi: it
// installs, its background script starts the classifier, and it marks a
// draft typed into the Lexical composer on the Facebook test page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXT, RESULTS, bundleLexical, pageFor, reviews } from './harness.js';
import { evaluate, inUI, startFirefox } from './firefox.js';
import { classifier } from './classifier.js';
import { mkdirSync, writeFileSync } from 'node:fs';

const DIST = join(EXT, 'dist', 'firefox');
const PAGES = join(EXT, 'test', 'pages');
let ff;
let ctx;

function serve(url) {
  const u = new URL(url);
  if (u.pathname.startsWith('/__test/')) {
    const f = u.pathname.slice('/__test/'.length);
    const type = f.endsWith('.css') ? 'text/css' : 'text/javascript';
    return { type, body: readFileSync(join(PAGES, f)) };
  }
  return { type: 'text/html; charset=utf-8', body: readFileSync(join(PAGES, pageFor(url))) };
}

before(async () => {
  await bundleLexical();
  ff = await startFirefox();
  ff.on(async (m) => {
    if (m.method !== 'network.beforeRequestSent' || !m.params.isBlocked) return;
    const { request } = m.params;
    try {
      const { type, body } = serve(request.url);
      await ff.send('network.provideResponse', {
        request: request.request,
        statusCode: 200,
        reasonPhrase: 'OK',
        headers: [{ name: 'Content-Type', value: { type: 'string', value: type } }],
        body: { type: 'base64', value: body.toString('base64') },
      });
    } catch (e) {
      await ff.send('network.failRequest', { request: request.request }).catch(() => {});
    }
  });
  await ff.send('session.subscribe', { events: ['network.beforeRequestSent'] });
  await ff.send('network.addIntercept', { phases: ['beforeRequestSent'], urlPatterns: [{ type: 'pattern', protocol: 'https', hostname: 'www.facebook.com' }, { type: 'pattern', protocol: 'https', hostname: 'www.instagram.com' }, { type: 'pattern', protocol: 'https', hostname: 'biz.yelp.com' }] });
  const tree = await ff.send('browsingContext.getTree', {});
  ctx = tree.contexts[0].context;
});
after(async () => {
  await ff?.close();
});

test('firefox-esr installs the extension and marks a risky draft in a Lexical composer', async () => {
  const r = await ff.send('webExtension.install', { extensionData: { type: 'path', path: DIST } });
  assert.ok(r.extension, 'installed');
  await ff.send('browsingContext.navigate', { context: ctx, url: 'https://www.facebook.com/', wait: 'complete' });
  const at = await evaluate(ff, ctx, "(() => { const r = document.getElementById('fb-post').getBoundingClientRect(); return { x: Math.round(r.left + 20), y: Math.round(r.top + 20) }; })()");
  await ff.send('input.performActions', {
    context: ctx,
    actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions: [{ type: 'pointerMove', x: at.x, y: at.y }, { type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 }] }],
  });
  const text = 'So proud of Mateo Alvarez for finishing his last round of chemo today!';
  await ff.send('input.performActions', {
    context: ctx,
    actions: [{ type: 'key', id: 'kb', actions: [...text].flatMap((c) => [{ type: 'keyDown', value: c }, { type: 'keyUp', value: c }]) }],
  });
  const want = (await classifier()).classify({ text, mode: 'post', platform: 'facebook' });
  let got = null;
  for (let i = 0; i < 100; i++) {
    got = await inUI(ff, ctx, `(root) => { const b = root && [...root.querySelectorAll('[data-scrubs="badge"]')].find((b) => !b.hidden);
        return { badge: b ? b.getAttribute('data-verdict') : null, text: window.__editors['fb-post'].text(), marks: root ? root.querySelectorAll('[data-scrubs="mark"]').length : 0, highlights: CSS.highlights ? CSS.highlights.size : 0 }; }`);
    if (got.badge === (want.findings.length ? want.verdict : null) && got.badge) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(got.text, text, "Lexical's state is what was typed");
  assert.equal(got.badge, want.verdict, 'the badge shows the verdict');
  assert.ok(got.marks > 0, 'marks drawn');
  assert.equal(got.highlights, 0, 'nothing in the highlight registry the page can read');
  const shot = await ff.send('browsingContext.captureScreenshot', { context: ctx });
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, 'firefox-marks.png'), Buffer.from(shot.data, 'base64'));
});

test('firefox-esr: the guard stops a block comment on Enter', async () => {
  const text = 'Mateo Alvarez is doing great after chemo, thanks for asking!';
  const want = (await classifier()).classify({ text, mode: 'comment', platform: 'facebook' });
  assert.equal(want.verdict, 'block', 'detection not there yet?');
  const at = await evaluate(ff, ctx, "(() => { const r = document.getElementById('fb-comment').getBoundingClientRect(); return { x: Math.round(r.left + 20), y: Math.round(r.top + 10) }; })()");
  await ff.send('input.performActions', {
    context: ctx,
    actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions: [{ type: 'pointerMove', x: at.x, y: at.y }, { type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 }] }],
  });
  await ff.send('input.performActions', { context: ctx, actions: [{ type: 'key', id: 'kb', actions: [...text].flatMap((c) => [{ type: 'keyDown', value: c }, { type: 'keyUp', value: c }]) }] });
  const badge = `(root) => (root ? [...root.querySelectorAll('[data-scrubs="badge"]')].filter((b) => !b.hidden).length : 0)`;
  for (let i = 0; i < 100 && (await inUI(ff, ctx, badge)) < 2; i++) await new Promise((r) => setTimeout(r, 100));
  await ff.send('input.performActions', { context: ctx, actions: [{ type: 'key', id: 'kb', actions: [{ type: 'keyDown', value: '\uE007' }, { type: 'keyUp', value: '\uE007' }] }] });
  let g = null;
  for (let i = 0; i < 50 && !g; i++) {
    g = await inUI(ff, ctx, `(root) => { const g = root && root.querySelector('[data-scrubs="guard"]'); return g ? g.getAttribute('data-verdict') : null; }`);
    if (!g) await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(g, 'block');
  assert.equal(await evaluate(ff, ctx, 'document.querySelectorAll("#posted li").length'), 0, 'not posted');
  assert.equal(await evaluate(ff, ctx, "window.__editors['fb-comment'].text()"), text, 'Enter did not reach the editor');
  const shot = await ff.send('browsingContext.captureScreenshot', { context: ctx });
  writeFileSync(join(RESULTS, 'firefox-guard.png'), Buffer.from(shot.data, 'base64'));
});

const mouseAt = (at) => ff.send('input.performActions', { context: ctx, actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions: [{ type: 'pointerMove', x: Math.round(at.x), y: Math.round(at.y) }, { type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 }] }] });
const clickId = async (id) => mouseAt(await evaluate(ff, ctx, `(() => { const r = document.getElementById(${JSON.stringify(id)}).getBoundingClientRect(); return { x: r.left + 20, y: r.top + 10 }; })()`));
// pressUI clicks one of Scrubs' own controls with the mouse (it acts only
// on trusted input)
const pressUI = async (role) => mouseAt(await inUI(ff, ctx, `(root) => { const r = root.querySelector('[data-scrubs="${role}"]:not([hidden])').getBoundingClientRect(); return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; }`));
const keys = (...values) => ff.send('input.performActions', { context: ctx, actions: [{ type: 'key', id: 'kb', actions: values.flatMap((c) => [{ type: 'keyDown', value: c }, { type: 'keyUp', value: c }]) }] });

test('firefox-esr, Yelp for Business: a reply to a review is judged with the review and the reviewer, and the guard stops it on Enter and on Post public response', async () => {
  const row = reviews().find((r) => r.platform === 'yelp' && r.label === 'block' && r.text.length < 200);
  const draft = { text: row.text, mode: 'reply', platform: 'yelp', replying_to: row.replying_to };
  const want = (await classifier()).classify(draft);
  assert.equal(want.verdict, 'block', `${row.id}: detection not there yet?`);
  await ff.send('browsingContext.navigate', { context: ctx, url: 'https://biz.yelp.com/biz/lsp-clinic/reviews', wait: 'complete' });
  await evaluate(ff, ctx, `window.__stage('y-card-1', ${JSON.stringify(row.review)})`);
  await clickId('y-public-1');
  await keys(...row.text);
  const badge = `(root) => { const b = root && [...root.querySelectorAll('[data-scrubs="badge"]')].find((b) => !b.hidden); return b ? b.getAttribute('data-verdict') : null; }`;
  let got = null;
  for (let i = 0; i < 100 && got !== want.verdict; i++) {
    got = await inUI(ff, ctx, badge);
    if (got !== want.verdict) await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(got, want.verdict, 'the badge shows the verdict of the draft with its review');
  const guard = `(root) => { const g = root && root.querySelector('[data-scrubs="guard"]'); return g ? g.getAttribute('data-verdict') : null; }`;
  const waitGuard = async () => {
    let g = null;
    for (let i = 0; i < 50 && !g; i++) {
      g = await inUI(ff, ctx, guard);
      if (!g) await new Promise((r) => setTimeout(r, 100));
    }
    return g;
  };
  await keys('\uE007');
  assert.equal(await waitGuard(), 'block', 'Enter is stopped');
  const shot = await ff.send('browsingContext.captureScreenshot', { context: ctx });
  writeFileSync(join(RESULTS, 'firefox-yelp-guard.png'), Buffer.from(shot.data, 'base64'));
  await pressUI('guard-edit');
  let open = 'block';
  for (let i = 0; i < 50 && open; i++) {
    open = await inUI(ff, ctx, guard);
    if (open) await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(open, null, 'Edit closes it');
  await keys('\uE00C'); // Escape: the card Edit opened may cover the button
  await clickId('y-public-send-1');
  assert.equal(await waitGuard(), 'block', 'Post public response is stopped');
  await pressUI('guard-edit');
  assert.equal(await evaluate(ff, ctx, 'document.querySelectorAll("#posted li").length'), 0, 'not sent');
  assert.equal(await evaluate(ff, ctx, "window.__text('y-public-1')"), row.text, 'kept as typed');
});
