import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, watch } from './harness.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// The shadow root the extension's content script draws in.
const inShadow = (page, selector) =>
  page.evaluate((sel) => {
    const host = document.querySelector('[data-scrubs="root"]');
    return host ? [...host.shadowRoot.querySelectorAll(sel)].map((e) => e.textContent) : [];
  }, selector);

test('/try marks PHI as it is typed, with the extension\'s code and the module in the page', async () => {
  const page = await browser.newPage();
  const problems = watch(page);
  const sent = [];
  page.on('request', (r) => r.method() !== 'GET' && sent.push(`${r.method()} ${r.url()}`));
  await page.goto(server.url + '/try');
  await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 30000 }).catch(() => {
    throw new Error(`not ready: ${problems.join('\n')}`);
  });
  assert.equal(await page.getAttribute('body', 'data-pack-version'), '1', 'the server\'s signed pack is in use');

  await page.click('#composer');
  await page.keyboard.type('So glad your knee surgery went well, Karen! Call us at 555-201-3344.', { delay: 5 });
  // Marks: CSS highlights (or overlay boxes), and the badge.
  await page.waitForFunction(() => {
    const n = (name) => (CSS.highlights && CSS.highlights.get(name) ? CSS.highlights.get(name).size : 0);
    const host = document.querySelector('[data-scrubs="root"]');
    const boxes = host ? host.shadowRoot.querySelectorAll('[data-scrubs="mark"]').length : 0;
    return n('scrubs-block') + n('scrubs-warn') + boxes > 0;
  }, null, { timeout: 15000 });
  // The composer's DOM is untouched: only the text we typed is in it.
  assert.equal(await page.evaluate(() => document.getElementById('composer').querySelectorAll('mark, span[data-scrubs]').length), 0);

  // Post is guarded: the guard dialog opens and nothing is posted.
  await page.click('#post');
  await page.waitForFunction(() => {
    const host = document.querySelector('[data-scrubs="root"]');
    return host && host.shadowRoot.querySelector('[data-scrubs="guard"]');
  }, null, { timeout: 10000 });
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
  await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 30000 });
  await page.click('#composer');
  await page.keyboard.type('Flu shots are in! Walk in any weekday.', { delay: 5 });
  await page.waitForTimeout(300);
  await page.click('#post');
  await page.waitForFunction(() => document.querySelectorAll('#posted li').length === 1, null, { timeout: 10000 });
  assert.deepEqual(problems, []);
  await page.close();
});
