import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, watch, READY_MS } from './harness.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// The extension's content script draws in a closed shadow root (no page
// script can reach into it); the test reaches it through the browser's
// debugging protocol, which describes closed roots too, and runs
// fn(root, arg) with it (root null while nothing is drawn).
async function inUI(page, fn, arg = null) {
  page.__cdp ??= await page.context().newCDPSession(page);
  const s = page.__cdp;
  const html = await s.send('Runtime.evaluate', { expression: 'document.documentElement' });
  const { node } = await s.send('DOM.describeNode', { objectId: html.result.objectId, depth: 1, pierce: true });
  const host = (node.children || []).find((c) => (c.shadowRoots || []).some((r) => r.shadowRootType === 'closed'));
  const objectId = host ? (await s.send('DOM.resolveNode', { backendNodeId: host.shadowRoots[0].backendNodeId })).object.objectId : html.result.objectId;
  const r = await s.send('Runtime.callFunctionOn', { objectId, functionDeclaration: `function (arg) { return (${fn})(this instanceof ShadowRoot ? this : null, arg); }`, arguments: [{ value: arg }], returnByValue: true });
  if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description || r.exceptionDetails.text);
  return r.result.value;
}
async function untilUI(page, fn, timeout) {
  const end = Date.now() + timeout;
  while (!(await inUI(page, fn))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${fn}`);
    await page.waitForTimeout(100);
  }
}
const inShadow = (page, selector) => inUI(page, (root, sel) => (root ? [...root.querySelectorAll(sel)].map((e) => e.textContent) : []), selector);

test('/try marks PHI as it is typed, with the extension\'s code and the module in the page', async () => {
  const page = await browser.newPage();
  const problems = watch(page);
  const sent = [];
  page.on('request', (r) => r.method() !== 'GET' && sent.push(`${r.method()} ${r.url()}`));
  await page.goto(server.url + '/try');
  await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: READY_MS }).catch(() => {
    throw new Error(`not ready: ${problems.join('\n')}`);
  });
  assert.equal(await page.getAttribute('body', 'data-pack-version'), '1', `the server's signed pack is in use: ${await page.textContent('#status')}`);

  await page.click('#composer');
  await page.keyboard.type('So glad your knee surgery went well, Karen! Call us at 555-201-3344.', { delay: 5 });
  // Marks: boxes over the text, and the badge.
  await untilUI(page, (root) => root && root.querySelectorAll('[data-scrubs="mark"]').length > 0, 15000);
  // The composer's DOM is untouched: only the text we typed is in it.
  assert.equal(await page.evaluate(() => document.getElementById('composer').querySelectorAll('mark, span[data-scrubs]').length), 0);

  // Post is guarded: the guard dialog opens and nothing is posted.
  await page.click('#post');
  await untilUI(page, (root) => !!root?.querySelector('[data-scrubs="guard"]'), 10000);
  const guard = (await inShadow(page, '[data-scrubs="guard"]')).join(' ');
  assert.match(guard, /post/i);
  assert.equal(await page.locator('#posted li').count(), 0, 'the post went through without asking');

  // Nothing typed left the page.
  assert.deepEqual(sent, [], `requests other than GET: ${sent}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('/try lets a harmless post through', async () => {
  const page = await browser.newPage();
  const problems = watch(page);
  await page.goto(server.url + '/try');
  await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: READY_MS });
  await page.click('#composer');
  await page.keyboard.type('Flu shots are in! Walk in any weekday.', { delay: 5 });
  await page.waitForTimeout(300);
  await page.click('#post');
  await page.waitForFunction(() => document.querySelectorAll('#posted li').length === 1, null, { timeout: 10000 });
  assert.deepEqual(problems, []);
  await page.close();
});
