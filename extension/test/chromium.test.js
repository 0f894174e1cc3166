// The extension in Debian's Chromium, on test pages served at the real
// Facebook and Instagram addresses (Lexical editors and React-style
// textareas with the sites' markup).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXTENSION_ID, PAGES_RE, ROOT, corpus, drafts, editorText, extPage, inOffscreen, killWorkers, launch, marks, offscreen, press, recordDrafts, reviews, settle, shot, typeFresh, ui, uiHas } from './harness.js';
import { classifier, expected, fresh } from './classifier.js';

const FB = 'https://www.facebook.com/';
const IG = 'https://www.instagram.com/';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAGQAAABkCAIAAAD/gAIDAAAAVklEQVR42u3BMQEAAADCoPVPbQ0PoAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAADgzwGnqAABfD4vYQAAAABJRU5ErkJggg==', 'base64');

let b;
let fb;
let ig;
let scrubs;
const typed = []; // every text typed, to look for in requests afterwards

before(async () => {
  b = await launch();
  scrubs = await classifier();
  fb = await b.context.newPage();
  await fb.goto(FB);
  ig = await b.context.newPage();
  await ig.goto(IG);
});
after(async () => {
  await b?.close();
});

async function waitMarks(page, want, timeout = 6000, sel = page.__sel) {
  const end = Date.now() + timeout;
  let m;
  while (Date.now() < end) {
    m = await marks(page, sel);
    if (want(m)) return m;
    await page.waitForTimeout(60);
  }
  return m;
}

// typeInto focuses a composer, empties it the way the page would, and
// types text (insertText: one input event, as an IME commit does).
async function typeInto(page, sel, text, { keys = false } = {}) {
  page.__sel = sel; // marks are counted for this composer
  await page.bringToFront();
  await typeFresh(page, sel, text, { keys });
  typed.push(text);
}

// The page and the draft the extension will build for a corpus line.
async function stage(row) {
  if (row.platform === 'facebook') {
    const sel = { post: '#fb-post', comment: '#fb-comment', reply: '#fb-reply' }[row.mode];
    await fb.evaluate(({ reply, image }) => {
      document.querySelector('#comment-linda .body div[dir="auto"]').textContent = reply || 'Thanks!';
      const box = document.getElementById('fb-attachments');
      box.textContent = '';
      if (image) {
        const img = document.createElement('img');
        img.setAttribute('data-visualcompletion', 'media-vc-image');
        img.width = 160;
        img.height = 120;
        box.append(img);
      }
    }, { reply: row.replying_to || '', image: (row.attachments || []).includes('image') });
    return { page: fb, sel, text: row.text };
  }
  if (row.mode === 'post') {
    await ig.evaluate((image) => {
      const dlg = document.querySelector('[role="dialog"]');
      const img = document.getElementById('ig-new-img');
      if (image && !img) dlg.insertBefore(Object.assign(document.createElement('img'), { id: 'ig-new-img', width: 240, height: 240 }), dlg.querySelector('#ig-caption'));
      if (!image && img) img.remove();
    }, (row.attachments || []).includes('image'));
    return { page: ig, sel: '#ig-caption', text: row.text };
  }
  await ig.evaluate((reply) => {
    document.querySelector('li.comment span[dir="auto"]').textContent = reply || 'Thanks!';
  }, row.replying_to || '');
  return { page: ig, sel: '#ig-comment', text: row.mode === 'reply' ? `@jane.doe ${row.text}` : row.text };
}

function draftOf(row, text) {
  const d = { text, mode: row.mode, platform: row.platform };
  if (row.mode === 'reply' && row.replying_to) d.replying_to = row.replying_to;
  if (row.attachments && row.attachments.length && row.mode === 'post') d.attachments = row.attachments;
  if (row.platform === 'instagram' && row.mode === 'post' && !d.attachments) delete d.attachments;
  return d;
}

async function typeRow(row) {
  const { page, sel, text } = await stage(row);
  if (page === ig && row.mode === 'reply') {
    page.__sel = sel;
    await page.bringToFront();
    await page.evaluate(() => window.__igReset());
    await page.click('button.reply');
    await page.keyboard.press('End');
    await page.keyboard.insertText(row.text);
    typed.push(row.text);
  } else {
    await typeInto(page, sel, text);
  }
  return { page, sel, text };
}

describe('marks', () => {
  const rows = corpus().filter((r) => r.text.length < 400 && !(r.attachments?.length && r.mode !== 'post'));

  for (const platform of ['facebook', 'instagram']) {
    test(`${platform}: risky corpus drafts are marked, ok drafts are not, and the editor keeps exactly what was typed`, async () => {
      const risky = [];
      const ok = [];
      for (const r of rows.filter((r) => r.platform === platform)) {
        // (an Instagram reply starts with the "@jane.doe " the page puts
        // there; the extension sends the text after it)
        const res = scrubs.classify(draftOf(r, r.text));
        if (r.label !== 'ok' && res.verdict !== 'ok' && risky.length < 6) risky.push([r, res]);
        if (r.label === 'ok' && res.verdict === 'ok' && ok.length < 5) ok.push([r, res]);
      }
      assert.ok(risky.length >= 3, `the classifier flags only ${risky.length} risky ${platform} drafts of the corpus (detection not there yet?)`);
      assert.ok(ok.length >= 3, `the classifier passes only ${ok.length} ok ${platform} drafts`);
      let shotTaken = false;
      for (const [row, res] of [...risky, ...ok]) {
        const { page, sel, text } = await typeRow(row);
        const textarea = sel === '#ig-comment';
        const want = expected(res);
        const got = await waitMarks(page, (m) => m.badge === want.badge && m.block === want.block && m.warn === want.warn && (!textarea || (want.spans ? m.boxes > 0 : m.boxes === 0)));
        assert.equal(got.badge, want.badge, `${row.id}: badge (${row.label}) for ${JSON.stringify(text)}`);
        assert.equal(got.block, want.block, `${row.id}: red marks`);
        assert.equal(got.warn, want.warn, `${row.id}: amber marks`);
        if (textarea) assert.equal(got.boxes > 0, want.spans > 0, `${row.id}: textarea marks`);
        assert.equal(await editorText(page, sel), text, `${row.id}: the editor's own text is what was typed`);
        if (res.verdict !== 'ok' && !shotTaken && want.spans) {
          await shot(page, `${platform}-marks`);
          shotTaken = true;
        }
      }
    });
  }

  test('typing key by key: Lexical state equals the typed text, marks follow', async () => {
    const text = 'So proud of Mateo Alvarez for finishing his last round of chemo today!';
    await typeInto(fb, '#fb-post', text, { keys: true });
    const want = expected(scrubs.classify({ text, mode: 'post', platform: 'facebook' }));
    const got = await waitMarks(fb, (m) => m.badge === want.badge && m.block === want.block);
    assert.equal(await editorText(fb, '#fb-post'), text);
    assert.equal(got.badge, want.badge);
    assert.equal(got.block + got.warn, want.block + want.warn);
    assert.equal(await fb.evaluate(() => document.querySelectorAll('#fb-post [data-scrubs], #fb-post mark').length), 0, 'nothing added inside the editor');
  });
});

// wordRect is the box of the last occurrence of word in a composer's text.
const wordRect = (page, sel, word) =>
  page.evaluate(([sel, word]) => {
    const walker = document.createTreeWalker(document.querySelector(sel), NodeFilter.SHOW_TEXT);
    let found = null;
    for (let n; (n = walker.nextNode()); ) {
      const i = n.data.lastIndexOf(word);
      if (i >= 0) {
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + word.length);
        const b = r.getBoundingClientRect();
        found = { left: b.left, right: b.right, top: b.top, bottom: b.bottom };
      }
    }
    return found;
  }, [sel, word]);

// marksOver counts Scrubs' mark boxes over a box of the page.
const marksOver = (page, r) =>
  ui(page, (root, r) => [...root.querySelectorAll('[data-scrubs="mark"]')].filter((b) => {
    const m = b.getBoundingClientRect();
    return m.width > 0 && m.left < r.right - 1 && m.right > r.left + 1 && m.top < r.bottom - 1 && m.bottom > r.top + 1;
  }).length, r);

describe('typing', () => {
  test('the word being typed is not marked until it is finished; the marks before it stay', async () => {
    // the module reads "...today K", "...today Kar" and "...today Kare"
    // differently (its health mark ends at 31, 33, 29): drawn as they
    // come, the marks would change under every key
    await typeInto(fb, '#fb-post', 'Hope your chemo went ok today ');
    await waitMarks(fb, (m) => m.badge === 'block');
    let checked = 0;
    for (const ch of 'Karen') {
      const t0 = Date.now();
      await fb.keyboard.type(ch);
      await settle(fb, 400);
      const partial = await editorText(fb, '#fb-post').then((t) => t.slice(t.lastIndexOf(' ') + 1));
      const over = await marksOver(fb, await wordRect(fb, '#fb-post', partial));
      const chemo = await marksOver(fb, await wordRect(fb, '#fb-post', 'chemo'));
      // (a machine so busy that a pause of 0.7 s passed proves nothing)
      if (Date.now() - t0 > 600) continue;
      checked++;
      assert.equal(over, 0, `no mark on "${partial}" while it is typed`);
      assert.ok(chemo > 0, `"chemo" stays marked while "${partial}" is typed`);
    }
    assert.ok(checked >= 3, `checked after ${checked} of 5 keys`);
    // the marks elsewhere do not move while the word is typed: the same
    // boxes after each key
    const boxes = () => ui(fb, (root) => [...root.querySelectorAll('[data-scrubs="mark"]')].map((b) => b.style.cssText).join('|'));
    await fb.keyboard.type('l');
    await settle(fb, 150);
    const t1 = Date.now();
    const before = await boxes();
    await fb.keyboard.type('a');
    await settle(fb, 150);
    const after = await boxes();
    if (Date.now() - t1 < 600) assert.equal(after, before, 'the marks stay as they were while "Karenla" is typed');
    for (let i = 0; i < 2; i++) await fb.keyboard.press('Backspace');
    // a pause finishes the word: the name is marked
    const name = await wordRect(fb, '#fb-post', 'Karen');
    const end = Date.now() + 5000;
    while ((await marksOver(fb, name)) === 0 && Date.now() < end) await fb.waitForTimeout(100);
    assert.ok((await marksOver(fb, name)) > 0, 'after a pause, "Karen" is marked');
  });

  test('a space ends the word: its mark comes at once, not after the pause', async () => {
    await typeInto(fb, '#fb-post', 'Hope your chemo went ok today ');
    await waitMarks(fb, (m) => m.badge === 'block');
    let checked = 0;
    for (let round = 0; round < 3 && !checked; round++) {
      await fb.keyboard.type('Karen', { delay: 60 });
      await settle(fb, 150);
      const t0 = Date.now();
      await fb.keyboard.type(' ');
      const name = await wordRect(fb, '#fb-post', 'Karen');
      await settle(fb, 200);
      const marked = await marksOver(fb, name);
      if (Date.now() - t0 < 500) {
        // well inside the 0.7 s pause that would mark it anyway
        checked++;
        assert.ok(marked > 0, '"Karen" is marked as soon as the space ends it');
      }
      for (let i = 0; i < 6; i++) await fb.keyboard.press('Backspace');
    }
    assert.ok(checked, 'the machine was too busy to tell a space from a pause');
  });
});

const cardOpen = (page) => uiHas(page, (root) => {
  const c = root?.querySelector('[data-scrubs="card"]');
  return c && !c.hidden;
});

// openCardByHover moves the mouse onto the first mark in the composer
async function openCardByHover(page, sel = page.__sel) {
  const c = await page.evaluate((sel) => {
    const r = document.querySelector(sel).getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
  }, sel);
  const rect = await ui(page, (root, c) => {
    const box = [...root.querySelectorAll('[data-scrubs="mark"]')].find((b) => {
      const r = b.getBoundingClientRect();
      return r.left >= c.left - 1 && r.right <= c.right + 1 && r.top >= c.top - 1 && r.bottom <= c.bottom + 4;
    });
    const r = box.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  }, c);
  await page.mouse.move(rect.x, rect.y);
  await cardOpen(page);
}

const card = (page) =>
  ui(page, (root) => {
    const c = root.querySelector('[data-scrubs="card"]');
    return { open: !!c && !c.hidden, text: c ? c.textContent : '', role: c?.getAttribute('role'), announced: root.querySelector('[data-scrubs="announcer"]').textContent, focus: root.activeElement?.getAttribute('data-scrubs') || null };
  });

describe('card and fixes', () => {
  test('facebook: hover opens an announced card; its fix goes through Lexical and is verified', async () => {
    // a fix is offered only where it makes the draft safer: removing the
    // number does; initials beside "chemo" would not
    const text = 'Mateo Alvarez, your new number 503-555-0142 is on file';
    const res = scrubs.classify({ text, mode: 'post', platform: 'facebook' });
    const fix = res.findings.find((f) => f.suggestion !== undefined && f.fix);
    assert.ok(fix, 'the classifier offers a checked fix for the number');
    assert.equal(scrubs.classify({ text: 'So proud of Mateo Alvarez for finishing chemo today', mode: 'post', platform: 'facebook' }).findings.filter((f) => f.kind === 'identifier.name' && f.suggestion !== undefined).length, 0, 'no initials offered where the chemo would still be told');
    await typeInto(fb, '#fb-post', text);
    await waitMarks(fb, (m) => m.badge === res.verdict);
    await openCardByHover(fb);
    let c = await card(fb);
    assert.equal(c.role, 'dialog');
    await uiHas(fb, (root) => root.querySelector('[data-scrubs="announcer"]').textContent.length > 0);
    c = await card(fb);
    assert.ok(c.announced.startsWith('Scrubs:'), 'the card is read out');
    await shot(fb, 'facebook-card');
    // move to the name's mark and use its fix
    const r = await fb.evaluate(({ start, end }) => {
      const el = document.getElementById('fb-post');
      const t = el.querySelector('[data-lexical-text]').firstChild;
      const range = document.createRange();
      range.setStart(t, start);
      range.setEnd(t, end);
      const q = range.getClientRects()[0];
      return { x: q.left + q.width / 2, y: q.top + q.height / 2 };
    }, fix);
    await fb.mouse.move(r.x, r.y);
    await uiHas(fb, (root, s) => root.querySelector('[data-scrubs="fix"]')?.textContent.includes(s), fix.suggestion);
    await press(fb, 'fix');
    const want = text.slice(0, fix.fix.start) + fix.suggestion + text.slice(fix.fix.end);
    await fb.waitForFunction((w) => window.__editors['fb-post'].text() === w, want, { timeout: 5000 });
    assert.equal(await editorText(fb, '#fb-post'), want, "Lexical's state has the fix");
    assert.equal(await fb.evaluate(() => document.getElementById('fb-post').textContent), want, 'and the page shows it');
    // the fix is done (caret put back) when it is announced; typing before
    // that can land where the insertion left the caret
    await uiHas(fb, (root) => root.querySelector('[data-scrubs="announcer"]').textContent.startsWith('Changed to'));
    await fb.keyboard.type('!');
    await fb.waitForFunction((w) => window.__editors['fb-post'].text() === w + '!', want, { timeout: 5000 });
  });

  test('instagram: a fix in a React textarea updates its state', async () => {
    const text = 'Mateo Alvarez, your new number 503-555-0142 is on file';
    const res = scrubs.classify({ text, mode: 'comment', platform: 'instagram' });
    const fix = res.findings.find((f) => f.suggestion !== undefined && f.fix);
    assert.ok(fix, 'the classifier offers a checked fix');
    await typeInto(ig, '#ig-comment', text);
    await waitMarks(ig, (m) => m.badge === res.verdict && m.boxes > 0);
    await shot(ig, 'instagram-marks-textarea');
    // the caret inside the mark opens the card
    await ig.evaluate(({ start }) => document.getElementById('ig-comment').setSelectionRange(start + 1, start + 1), fix);
    await ig.keyboard.press('ArrowRight');
    await cardOpen(ig);
    await shot(ig, 'instagram-card');
    const c = await card(ig);
    assert.ok(c.open);
    // keyboard: Alt+Enter reaches the card, Escape returns to the text
    await ig.keyboard.press('Alt+Enter');
    assert.ok(['fix', 'card-close'].includes((await card(ig)).focus), 'Alt+Enter moves focus into the card');
    const fixBtn = await ui(ig, (root) => root.querySelector('[data-scrubs="fix"]')?.textContent || '');
    if (fixBtn.includes(fix.suggestion) || fix === res.findings.find((f) => f.start <= fix.start + 2 && fix.start + 2 <= f.end)) {
      await ig.keyboard.press('Enter');
      const want = text.slice(0, fix.fix.start) + fix.suggestion + text.slice(fix.fix.end);
      await ig.waitForFunction((w) => window.__igState === w, want, { timeout: 5000 });
      assert.equal(await ig.evaluate(() => document.getElementById('ig-comment').value), want);
    } else {
      await ig.keyboard.press('Escape');
      assert.equal(await ig.evaluate(() => document.activeElement.id), 'ig-comment', 'Escape returns to the text');
    }
  });
});

const guard = (page) =>
  ui(page, (root) => {
    const g = root?.querySelector('[data-scrubs="guard"]');
    return g ? { kind: g.getAttribute('data-kind'), verdict: g.getAttribute('data-verdict'), text: g.textContent } : null;
  });
const posted = (page) => page.evaluate(() => [...document.querySelectorAll('#posted li')].map((li) => li.textContent));
// the person presses a button of the guard (trusted input; a page's click() does nothing)
const inGuard = (page, role) => press(page, role);
const guardShown = (page, timeout = 5000) => uiHas(page, (root) => !!root?.querySelector('[data-scrubs="guard"]'), null, { timeout });

describe('guard', () => {
  const BLOCK = 'So proud of Mateo Alvarez for finishing his last round of chemo today!';
  const OK = 'Flu shots are in! Walk in any weekday from 8 to 5, no appointment needed.';

  test('a block draft is stopped on click; Edit keeps it', async () => {
    assert.equal(scrubs.classify({ text: BLOCK, mode: 'post', platform: 'facebook' }).verdict, 'block', 'detection not there yet?');
    const before = (await posted(fb)).length;
    await typeInto(fb, '#fb-post', BLOCK);
    await fb.click('#fb-post-btn');
    await guardShown(fb);
    const g = await guard(fb);
    assert.equal(g.verdict, 'block');
    await shot(fb, 'facebook-guard');
    assert.equal((await posted(fb)).length, before, 'not posted');
    await inGuard(fb, 'guard-edit');
    assert.equal(await guard(fb), null);
    assert.equal((await posted(fb)).length, before, 'still not posted');
    assert.equal(await editorText(fb, '#fb-post'), BLOCK, 'the draft is kept');
  });

  test('a block draft is stopped on Enter; Post anyway asks for a reason and counts an override', async () => {
    const text = 'Mateo Alvarez is doing great after chemo, thanks for asking!';
    assert.equal(scrubs.classify({ text, mode: 'comment', platform: 'facebook' }).verdict, 'block', 'detection not there yet?');
    const decisions = async () => {
      const opts = await extPage(b.context);
      const d = await opts.evaluate(async () => (await chrome.storage.local.get('decisions')).decisions || {});
      await opts.close();
      return d;
    };
    const earlier = await decisions();
    const before = (await posted(fb)).length;
    await typeInto(fb, '#fb-comment', text);
    await fb.waitForTimeout(150);
    await fb.keyboard.press('Enter');
    await guardShown(fb);
    assert.equal((await posted(fb)).length, before);
    assert.equal(await editorText(fb, '#fb-comment'), text, 'Enter did not reach the editor');
    await inGuard(fb, 'guard-anyway');
    const disabled = await ui(fb, (root) => root.querySelector('[data-scrubs="guard-confirm"]').disabled);
    assert.ok(disabled, 'a reason is needed first');
    await press(fb, 'input[value="consent_on_file"]');
    await inGuard(fb, 'guard-confirm');
    await fb.waitForFunction((n) => document.querySelectorAll('#posted li').length > n, before);
    assert.equal((await posted(fb)).at(-1), text, 'posted as typed');
    const counts = await decisions();
    // what this post added, one row: [week, site, verdict, kinds, outcome, reason, rules]
    const rows = Object.entries(counts).map(([k, n]) => [JSON.parse(k), n - (earlier[k] || 0)]).filter(([, n]) => n !== 0);
    const over = rows.filter(([k]) => k[1] === 'www.facebook.com' && k[2] === 'block' && k[4] === 'posted_anyway');
    assert.equal(over.length, 1, `one override row: ${JSON.stringify(rows)}`);
    assert.equal(over[0][1], 1, 'the post counts once, whatever its number of findings');
    assert.equal(over[0][0][5], 'consent_on_file', 'with the reason picked');
    assert.ok(!rows.some(([k]) => k[4] === 'stopped' && k[2] === 'block' && k[1] === 'www.facebook.com'), 'and not also as stopped');
    assert.ok(!JSON.stringify(counts).includes('Mateo'), 'no text in the counts');
  });

  test('a warn draft gets a quieter confirm; Post sends it as typed', async () => {
    const text = 'Had a patient today who made me laugh so hard';
    assert.equal(scrubs.classify({ text, mode: 'post', platform: 'facebook' }).verdict, 'warn', 'detection not there yet?');
    const before = (await posted(fb)).length;
    await typeInto(fb, '#fb-post', text);
    await waitMarks(fb, (m) => m.badge === 'warn');
    await shot(fb, 'facebook-marks-warn');
    await fb.click('#fb-post-btn');
    await guardShown(fb);
    const g = await guard(fb);
    assert.deepEqual([g.kind, g.verdict], ['confirm', 'warn']);
    await shot(fb, 'facebook-confirm');
    assert.equal((await posted(fb)).length, before);
    await inGuard(fb, 'guard-post');
    await fb.waitForFunction((n) => document.querySelectorAll('#posted li').length > n, before);
    assert.equal((await posted(fb)).at(-1), text);
  });

  test('an ok draft goes through untouched, by Enter and by click', async () => {
    assert.equal(scrubs.classify({ text: OK, mode: 'comment', platform: 'facebook' }).verdict, 'ok');
    const before = (await posted(fb)).length;
    await typeInto(fb, '#fb-comment', OK);
    await fb.waitForTimeout(200);
    await fb.keyboard.press('Enter');
    await fb.waitForFunction((n) => document.querySelectorAll('#posted li').length > n, before, { timeout: 3000 });
    assert.equal((await posted(fb)).at(-1), OK);
    assert.equal(await guard(fb), null, 'no guard');
    await typeInto(fb, '#fb-post', OK);
    await fb.waitForTimeout(200);
    await fb.click('#fb-post-btn');
    await fb.waitForFunction((n) => document.querySelectorAll('#posted li').length > n + 1, before, { timeout: 3000 });
    assert.equal((await posted(fb)).at(-1), OK);
    assert.equal(await guard(fb), null);
  });

  test('right after a Post the guard let through, a different draft is judged again', async () => {
    const warn = 'Had a patient today who made me laugh so hard';
    assert.equal(scrubs.classify({ text: BLOCK, mode: 'post', platform: 'facebook' }).verdict, 'block', 'detection not there yet?');
    const before = (await posted(fb)).length;
    await typeInto(fb, '#fb-post', warn);
    await waitMarks(fb, (m) => m.badge === 'warn');
    // the mouse rests on a mark, so its card is open: it must leave the
    // composer's Post button free (the click below fails if it covers it)
    await openCardByHover(fb, '#fb-post');
    const [cardBox, btn] = await Promise.all([
      ui(fb, (root) => {
        const r = root.querySelector('[data-scrubs="card"]').getBoundingClientRect();
        return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      }),
      fb.evaluate(() => {
        const r = document.getElementById('fb-post-btn').getBoundingClientRect();
        return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      }),
    ]);
    assert.ok(cardBox.right <= btn.left || cardBox.left >= btn.right || cardBox.bottom <= btn.top || cardBox.top >= btn.bottom, `the card ${JSON.stringify(cardBox)} leaves the Post button ${JSON.stringify(btn)} free`);
    await fb.click('#fb-post-btn');
    await guardShown(fb);
    await inGuard(fb, 'guard-post');
    await fb.waitForFunction((n) => document.querySelectorAll('#posted li').length > n, before);
    const t0 = Date.now();
    await typeInto(fb, '#fb-post', BLOCK);
    await fb.click('#fb-post-btn');
    if (Date.now() - t0 > 1500) console.log('# note: the machine was too slow to click within the replay window');
    await guardShown(fb, 5000);
    assert.equal((await guard(fb)).verdict, 'block');
    assert.equal((await posted(fb)).length, before + 1, 'the block draft is not posted');
    await inGuard(fb, 'guard-edit');
  });

  test('a draft the classifier refuses (too large) after an ok one: the guard says it is unchecked and nothing posts until Post anyway', async () => {
    const filler = ' Flu shots are in, walk in any weekday.'.repeat(15000);
    const big = `So proud of Mateo Alvarez for finishing his last round of chemo today!${filler}`;
    assert.ok(JSON.stringify({ text: big, mode: 'post', platform: 'facebook' }).length > 540 * 1024);
    assert.throws(() => scrubs.classify({ text: big, mode: 'post', platform: 'facebook' }), (e) => e.code === 'too_large', 'the module refuses it');
    const before = (await posted(fb)).length;
    await typeInto(fb, '#fb-post', OK);
    await settle(fb);
    assert.equal((await marks(fb, '#fb-post')).badge, null, 'the ok draft is checked');
    await typeInto(fb, '#fb-post', big);
    const got = await waitMarks(fb, (m) => m.badge === 'unchecked', 10000);
    assert.equal(got.badge, 'unchecked', 'the composer says it is not checked');
    assert.equal(got.block + got.warn, 0);
    await fb.click('#fb-post-btn');
    await guardShown(fb, 8000);
    let g = await guard(fb);
    assert.deepEqual([g.kind, g.verdict], ['unchecked', 'unchecked']);
    assert.match(g.text, /could not check/);
    assert.equal(await ui(fb, (root) => root.activeElement?.getAttribute('data-scrubs')), 'guard-edit', 'Edit is the default');
    await shot(fb, 'facebook-guard-unchecked');
    assert.equal((await posted(fb)).length, before, 'not posted');
    await inGuard(fb, 'guard-edit');
    assert.equal((await posted(fb)).length, before, 'Edit does not post');
    await fb.click('#fb-post-btn');
    await guardShown(fb, 8000);
    g = await guard(fb);
    assert.equal(g.kind, 'unchecked');
    assert.equal((await posted(fb)).length, before);
    await inGuard(fb, 'guard-anyway');
    await fb.waitForFunction((n) => document.querySelectorAll('#posted li').length > n, before);
    assert.equal((await posted(fb)).at(-1).length, big.length, 'posted as typed after the override');
    const opts = await extPage(b.context);
    const counts = await opts.evaluate(async () => (await chrome.storage.local.get('decisions')).decisions);
    await opts.close();
    assert.ok(Object.keys(counts).some((k) => { const r = JSON.parse(k); return r[1] === 'www.facebook.com' && r[4] === 'posted_anyway' && r[5] === 'not_checked'; }), `the override is counted as not checked: ${Object.keys(counts)}`);
  });

  test('messenger: a reply to the chat is judged with the message it answers, and guarded on Enter', async () => {
    const text = 'Hi Linda, your biopsy came back benign!';
    const res = scrubs.classify({ text, mode: 'reply', platform: 'facebook', replying_to: 'Hi! Is my biopsy result back yet?' });
    assert.notEqual(res.verdict, 'ok', 'detection not there yet?');
    const before = (await posted(fb)).length;
    await typeInto(fb, '#fb-message', text);
    await waitMarks(fb, (m) => m.badge === res.verdict);
    await fb.keyboard.press('Enter');
    await guardShown(fb);
    assert.equal((await guard(fb)).verdict, res.verdict);
    await inGuard(fb, 'guard-edit');
    assert.equal((await posted(fb)).length, before);
  });

  test('instagram: a block comment is stopped on Enter and on the Post button', async () => {
    const text = 'Mateo Alvarez is doing great after chemo, thanks for asking!';
    assert.equal(scrubs.classify({ text, mode: 'comment', platform: 'instagram' }).verdict, 'block', 'detection not there yet?');
    const before = (await posted(ig)).length;
    await typeInto(ig, '#ig-comment', text);
    await ig.waitForTimeout(150);
    await ig.keyboard.press('Enter');
    await guardShown(ig);
    await shot(ig, 'instagram-guard');
    await inGuard(ig, 'guard-edit');
    await ig.click('#ig-post-btn');
    await guardShown(ig);
    await inGuard(ig, 'guard-edit');
    assert.equal((await posted(ig)).length, before);
    assert.equal(await ig.evaluate(() => window.__igState), text);
  });
});

describe('context', () => {
  test('the site engine reads each composer from the built-in profiles: mode, Enter-to-send, the comment a reply answers, photos, the Post button', async () => {
    const profiles = Object.fromEntries(scrubs.sites().map((s) => [s.id, s]));
    const p = await b.context.newPage();
    await p.goto(`${FB}__adapter`);
    const f = await p.evaluate(async (profile) => {
      const { Site } = await import('/__src/content/site.js');
      const facebook = new Site(profile);
      const enter = new KeyboardEvent('keydown', { key: 'Enter' });
      const img = document.createElement('img');
      img.setAttribute('data-visualcompletion', 'media-vc-image');
      document.getElementById('fb-attachments').append(img);
      const d = (id) => facebook.describe(document.getElementById(id));
      return {
        post: [d('fb-post').mode, d('fb-post').sends(enter), d('fb-post').attachments()],
        comment: [d('fb-comment').mode, d('fb-comment').sends(enter)],
        reply: [d('fb-reply').mode, d('fb-reply').replyingTo()],
        click: [facebook.composerForClick(document.querySelector('#fb-post-btn span'))?.id, facebook.composerForClick(document.getElementById('focused-state-composer-submit'))?.id],
        message: [d('fb-message').mode, d('fb-message').sends(enter), d('fb-message').replyingTo()],
      };
    }, profiles.facebook);
    assert.deepEqual(f.post, ['post', false, ['image']]);
    assert.deepEqual(f.comment, ['comment', true]);
    assert.deepEqual(f.reply, ['reply', 'Thanks for the great care after my hysterectomy! Dr. Raman was wonderful.']);
    assert.deepEqual(f.click, ['fb-post', 'fb-comment']);
    assert.deepEqual(f.message, ['reply', true, 'Hi! Is my biopsy result back yet?']);
    await p.goto(`${IG}__adapter`);
    await p.waitForFunction(() => !!window.__igReset);
    const i = await p.evaluate(async (profile) => {
      const { Site } = await import('/__src/content/site.js');
      const instagram = new Site(profile);
      const enter = new KeyboardEvent('keydown', { key: 'Enter' });
      const ta = document.getElementById('ig-comment');
      const before = instagram.describe(ta).mode;
      document.querySelector('button.reply').click();
      const d = instagram.describe(ta);
      const c = instagram.describe(document.getElementById('ig-caption'));
      const m = instagram.describe(document.getElementById('ig-dm'));
      return { before, mode: d.mode, ctx: d.replyingTo(), enter: d.sends(enter), caption: [c.mode, c.sends(enter), c.attachments()], click: [instagram.composerForClick(document.getElementById('ig-post-btn'))?.id, instagram.composerForClick(document.getElementById('ig-share-btn'))?.id], dm: [m.mode, m.sends(enter), m.replyingTo()] };
    }, profiles.instagram);
    assert.deepEqual(i, { before: 'comment', mode: 'reply', ctx: "so thankful for the team after my son's asthma attack last night 💙", enter: true, caption: ['post', false, ['image']], click: ['ig-comment', 'ig-caption'], dm: ['reply', true, "can you tell me if my daughter's strep test was positive?"] });
    const { generic } = await p.evaluate(async (profile) => {
      const { Site } = await import('/__src/content/site.js');
      const generic = new Site(profile);
      const f = document.createElement('form');
      f.innerHTML = '<textarea id="g"></textarea><button id="gb">Send</button>';
      document.body.append(f);
      const d = generic.describe(document.getElementById('g'));
      return { generic: [generic.isComposer(document.getElementById('g')), d.mode, generic.composerForClick(document.getElementById('gb'))?.id, generic.platform] };
    }, profiles.generic);
    assert.deepEqual(generic, [true, 'post', 'g', 'www.instagram.com'], 'the generic profile names the host as the platform');
    await p.close();
  });

  test('facebook: a reply reads the comment it answers', async () => {
    const rows = corpus().filter((r) => r.platform === 'facebook' && r.mode === 'reply' && r.replying_to);
    const pick = rows.find((r) => {
      const a = scrubs.classify(draftOf(r, r.text));
      const d = draftOf(r, r.text);
      delete d.replying_to;
      const c = scrubs.classify(d);
      return a.verdict !== c.verdict && a.verdict !== 'ok';
    });
    assert.ok(pick, 'no corpus reply whose verdict depends on the comment (detection not there yet?)');
    const res = scrubs.classify(draftOf(pick, pick.text));
    await typeRow(pick);
    const got = await waitMarks(fb, (m) => m.badge === res.verdict);
    assert.equal(got.badge, res.verdict, `${pick.id}: the verdict with the comment as context`);
  });

  test('facebook: a reply box whose comment changes is judged with the comment shown now', async () => {
    const setComment = (t) => fb.evaluate((t) => (document.querySelector('#comment-linda .body div[dir="auto"]').textContent = t), t);
    const judge = (text, replying_to) => scrubs.classify({ text, mode: 'reply', platform: 'facebook', replying_to });
    // a reply that is ok under a comment that says nothing and risky under
    // its own (which plain comment does it depends on the model)
    let pick, plain;
    for (const c of ['Thanks!', 'Love this!', 'Great post!']) {
      plain = c;
      pick = corpus().find((r) => r.platform === 'facebook' && r.mode === 'reply' && r.replying_to && judge(r.text, r.replying_to).verdict !== 'ok' && judge(r.text, c).verdict === 'ok');
      if (pick) break;
    }
    assert.ok(pick, 'no corpus reply that is ok without its comment and risky with it (detection not there yet?)');
    await setComment(plain);
    await typeInto(fb, '#fb-reply', pick.text);
    let got = await waitMarks(fb, (m) => m.badge === null && m.painted);
    assert.equal(got.badge, null, `${pick.id}: ok under "${plain}"`);
    // the same draft, now under the comment it answers: Enter asks first
    await setComment(pick.replying_to);
    const before = (await posted(fb)).length;
    await fb.keyboard.press('Enter');
    await guardShown(fb, 5000);
    assert.equal((await guard(fb)).verdict, judge(pick.text, pick.replying_to).verdict, 'the guard judged the comment shown now');
    await inGuard(fb, 'guard-edit');
    assert.equal((await posted(fb)).length, before, 'not posted');
    // typing on in the same box: the marks follow the new comment
    await fb.keyboard.press('End');
    await fb.keyboard.insertText(' x');
    const want = expected(judge(`${pick.text} x`, pick.replying_to));
    got = await waitMarks(fb, (m) => m.badge === want.badge && m.block === want.block && m.warn === want.warn);
    assert.deepEqual([got.badge, got.block, got.warn], [want.badge, want.block, want.warn], `${pick.id}: marks with the comment as context`);
    await setComment(plain);
    await fb.keyboard.insertText('y');
    const back = expected(judge(`${pick.text} xy`, plain));
    got = await waitMarks(fb, (m) => m.badge === back.badge && m.block === back.block && m.warn === back.warn);
    assert.deepEqual([got.badge, got.block, got.warn], [back.badge, back.block, back.warn], `${pick.id}: and back`);
    await fb.evaluate(() => window.__editors['fb-reply'].clear());
  });

  test('instagram: a reply reads the comment of the @user it answers', async () => {
    const row = { platform: 'instagram', mode: 'reply', text: 'So glad he is breathing better now, see you at the follow-up!', replying_to: "so thankful for the team after my son's asthma attack last night 💙" };
    const res = scrubs.classify(draftOf(row, row.text));
    const bare = scrubs.classify({ text: row.text, mode: 'reply', platform: 'instagram' });
    await typeRow(row);
    const got = await waitMarks(ig, (m) => m.badge === (res.findings.length ? res.verdict : null));
    assert.equal(got.badge, res.findings.length ? res.verdict : null);
    if (res.verdict === bare.verdict) console.log('# note: this reply is judged the same with or without its context');
  });

  test('instagram: the @handle the page puts before a reply is not marked, and no mark starts or ends inside it', async () => {
    const row = { platform: 'instagram', mode: 'reply', text: "So sorry about his asthma attack, glad he's doing better!" };
    // the module, given the handle as text, marks it as a name (and used
    // to start a mark at "doe"): the extension must not send it so
    const given = scrubs.classify({ text: `@jane.doe ${row.text}`, mode: 'reply', platform: 'instagram', replying_to: 'Thanks!' });
    assert.ok(given.findings.some((f) => f.kind === 'identifier.name' && f.start === 0), 'the handle, sent as text, is a name to the module');
    await typeRow(row);
    assert.equal(await editorText(ig, '#ig-comment'), `@jane.doe ${row.text}`);
    await waitMarks(ig, (m) => m.badge === 'block');
    await ig.keyboard.press('Enter');
    await guardShown(ig);
    const items = await ui(ig, (root) => [...root.querySelectorAll('[data-scrubs="guard-finding"]')].map((li) => ({ kind: li.getAttribute('data-kind'), text: li.textContent })));
    assert.ok(items.length > 0, 'the guard lists the problems');
    for (const it of items) {
      assert.notEqual(it.kind, 'identifier.name', `no name: ${it.text}`);
      const quote = (/“([^”]*)”/.exec(it.text) || [, ''])[1];
      assert.doesNotMatch(quote, /jane|doe|@/, `no problem quotes the handle or starts inside it: ${it.text}`);
    }
    await inGuard(ig, 'guard-edit');
    await ig.evaluate(() => window.__igReset());
  });

  test('an attached image brings the consent prompt', async () => {
    const text = 'Fun day at the practice today!';
    const res = scrubs.classify({ text, mode: 'post', platform: 'facebook', attachments: ['image'] });
    assert.ok(res.findings.some((f) => f.kind === 'identifier.photo'), 'the classifier flags an attached image (detection not there yet?)');
    await fb.bringToFront();
    await fb.evaluate(() => (document.getElementById('fb-attachments').textContent = ''));
    await fb.setInputFiles('#fb-photo', { name: 'party.png', mimeType: 'image/png', buffer: PNG });
    await typeInto(fb, '#fb-post', text);
    await waitMarks(fb, (m) => m.badge === res.verdict);
    const before = (await posted(fb)).length;
    await fb.click('#fb-post-btn');
    await guardShown(fb);
    const g = await guard(fb);
    assert.equal(g.kind, res.verdict === 'block' ? 'guard' : 'consent');
    await shot(fb, 'facebook-consent');
    if (g.kind === 'consent') {
      await inGuard(fb, 'guard-consent');
      await fb.waitForFunction((n) => document.querySelectorAll('#posted li').length > n, before);
      assert.match((await posted(fb)).at(-1), /\[1 photo\]$/);
    } else await inGuard(fb, 'guard-edit');
    await fb.evaluate(() => (document.getElementById('fb-attachments').textContent = ''));
    await fb.setInputFiles('#fb-photo', []);
  });

  test('the safe reply button swaps the draft for the private-channel template', async () => {
    await typeInto(fb, '#fb-reply', 'So glad the surgery went well, Linda!');
    await press(fb, 'safe-reply');
    await fb.waitForFunction(() => /can't discuss|private message|call our office/i.test(window.__editors['fb-reply'].text()), null, { timeout: 5000 });
    const t = await editorText(fb, '#fb-reply');
    const res = scrubs.classify({ text: t, mode: 'reply', platform: 'facebook', replying_to: await fb.evaluate(() => document.querySelector('#comment-linda .body div[dir="auto"]').textContent) });
    assert.equal(res.verdict, 'ok', `the safe reply is ok to post: ${t}`);
    await waitMarks(fb, (m) => m.badge === null);
  });
});

// Issue 10: one plain message per problem, worded for where the draft
// goes and in its language, a way out of a false alarm, and controls that
// never cover the words or linger.
describe('one message per problem', () => {
  const cardState = (page) =>
    ui(page, (root) => {
      const c = root.querySelector('[data-scrubs="card"]');
      const q = (r) => c.querySelector(`[data-scrubs="${r}"]`);
      return { open: !c.hidden, lang: c.getAttribute('lang'), title: q('card-title')?.textContent, reason: q('card-reason')?.textContent, also: q('card-also')?.textContent || '', where: q('card-where')?.textContent || '', text: c.textContent };
    });

  test('overlapping findings are one problem: the badge counts problems, the card steps between them, the guard has one line each', async () => {
    const text = 'So glad your knee surgery went well, Karen!';
    const res = scrubs.classify({ text, mode: 'post', platform: 'facebook' });
    assert.ok(res.findings.length >= 3, `detection not there yet? ${res.findings.length} findings`);
    await typeInto(fb, '#fb-post', text);
    const m = await waitMarks(fb, (m) => m.badge === res.verdict);
    assert.match(m.badgeText, /2$/, `two problems, not ${res.findings.length} marks: ${m.badgeText}`);
    await openCardByHover(fb);
    let c = await cardState(fb);
    assert.equal(c.where, '1 of 2');
    assert.equal(c.title, 'Confirms someone is a patient', 'the weightiest kind speaks');
    assert.match(c.also, /a health detail/, 'the others are named once');
    assert.equal((c.text.match(/Thanks for reaching out/g) || []).length <= 1, true, 'the safe reply is shown at most once');
    await press(fb, 'card-next');
    await uiHas(fb, (root) => root.querySelector('[data-scrubs="card-where"]')?.textContent === '2 of 2');
    c = await cardState(fb);
    assert.equal(c.title, 'A name');
    assert.equal(await ui(fb, (root) => root.activeElement?.getAttribute('data-scrubs')), 'card-next', 'the focus stays on the step button');
    await press(fb, 'card-next');
    await uiHas(fb, (root) => root.querySelector('[data-scrubs="card-where"]')?.textContent === '1 of 2');
    await press(fb, 'card-close');
    await fb.click('#fb-post-btn');
    await guardShown(fb);
    const lines = await ui(fb, (root) => [...root.querySelectorAll('[data-scrubs="guard-finding"]')].map((li) => li.textContent));
    assert.equal(lines.length, 2, `one line per problem: ${JSON.stringify(lines)}`);
    assert.match(lines[0], /“So glad your knee surgery went well” — Confirms someone is a patient, a health detail/);
    await inGuard(fb, 'guard-edit');
    // after Edit the card opens beside the composer, not over the line to edit
    await cardOpen(fb);
    const overlap = await ui(fb, (root) => {
      const c = root.querySelector('[data-scrubs="card"]').getBoundingClientRect();
      return { top: c.top, bottom: c.bottom };
    });
    const box = await fb.evaluate(() => {
      const r = document.getElementById('fb-post').getBoundingClientRect();
      return { top: r.top, bottom: r.bottom };
    });
    assert.ok(overlap.top >= box.bottom || overlap.bottom <= box.top, `the card (${overlap.top}–${overlap.bottom}) leaves the composer's text (${box.top}–${box.bottom}) free`);
    await fb.keyboard.press('Escape');
  });

  test('"Not a problem" counts a false alarm (kinds and site, never words) and can leave those words alone on this device', async () => {
    // staff news the classifier reads as a patient being missed
    const text = 'We missed you at the staff picnic, Dana!';
    const res = scrubs.classify({ text, mode: 'post', platform: 'facebook' });
    assert.notEqual(res.verdict, 'ok', 'no false alarm to report (the classifier got better?): pick another');
    const decisions = async () => {
      const o = await extPage(b.context);
      const d = await o.evaluate(async () => (await chrome.storage.local.get('decisions')).decisions || {});
      await o.close();
      return d;
    };
    const earlier = await decisions();
    await typeInto(fb, '#fb-post', text);
    await waitMarks(fb, (m) => m.badge === res.verdict);
    await openCardByHover(fb);
    await press(fb, 'not-a-problem');
    const ask = await uiHas(fb, (root) => root.querySelector('[data-scrubs="false-alarm-what"]')?.textContent);
    assert.match(ask, /never your words/);
    await press(fb, 'false-alarm-allow');
    await press(fb, 'false-alarm-report');
    // the words it was about are no longer marked (here, and after typing again)
    const after = await waitMarks(fb, (m) => m.block + m.warn < expected(res).block + expected(res).warn);
    assert.ok(after.block + after.warn < expected(res).block + expected(res).warn, 'the reported words are not marked any more');
    const counts = await decisions();
    const rows = Object.entries(counts).map(([k, n]) => [JSON.parse(k), n - (earlier[k] || 0)]).filter(([, n]) => n > 0);
    const alarm = rows.filter(([k]) => k[4] === 'false_alarm');
    assert.equal(alarm.length, 1, `one false-alarm row: ${JSON.stringify(rows)}`);
    assert.equal(alarm[0][0][1], 'www.facebook.com');
    assert.ok(alarm[0][0][3].length >= 1, 'with the kinds');
    assert.ok(!/Dana|missed|picnic/.test(JSON.stringify(counts)), 'no words in the counts');
    const stored = await (async () => {
      const o = await extPage(b.context);
      const s = await o.evaluate(async () => JSON.stringify(await chrome.storage.local.get(null)));
      await o.close();
      return s;
    })();
    assert.ok(!/missed you|picnic/i.test(stored), 'the allowance keeps no words');
    await typeInto(fb, '#fb-comment', text);
    const again = await waitMarks(fb, (m) => m.painted !== null, 3000);
    assert.ok(again.block + again.warn < expected(res).block + expected(res).warn, 'and not in another composer either');
    // (leave the device as it was for the tests after this one)
    const o = await extPage(b.context);
    await o.evaluate(() => chrome.storage.local.set({ allowed: [] }));
    await o.close();
  });

  test('worded for where you are: a Messenger message is told not to send results over Messenger; a Spanish draft gets Spanish', async () => {
    const dm = 'Hi Linda, your biopsy came back benign!';
    await typeInto(fb, '#fb-message', dm);
    await waitMarks(fb, (m) => m.badge !== null);
    await openCardByHover(fb);
    let c = await cardState(fb);
    assert.ok(!/in public|private channel/.test(c.reason), `a DM is not told to go private: ${c.reason}`);
    await fb.keyboard.press('Escape');
    await fb.keyboard.press('Enter');
    await guardShown(fb);
    let g = await guard(fb);
    assert.match(g.text, /Messenger/, `the guard speaks of Messenger: ${g.text}`);
    assert.ok(!/this post/.test(g.text), 'and does not call it a post');
    await inGuard(fb, 'guard-edit');
    await fb.keyboard.press('Escape');
    const es = '¡Qué bueno que tu cirugía de rodilla salió bien, Karen!';
    const res = scrubs.classify({ text: es, mode: 'post', platform: 'facebook' });
    assert.equal(res.lang, 'es', 'the classifier reads it as Spanish');
    await typeInto(fb, '#fb-post', es);
    await waitMarks(fb, (m) => m.badge === res.verdict);
    await openCardByHover(fb);
    c = await cardState(fb);
    assert.equal(c.lang, 'es');
    assert.match(c.text, /Impide publicar|Conviene revisarlo/);
    assert.match(c.text, /No es un problema/);
    await fb.keyboard.press('Escape');
    await fb.click('#fb-post-btn');
    await guardShown(fb);
    g = await guard(fb);
    assert.match(g.text, /Editar/);
    await inGuard(fb, 'guard-edit');
    await fb.keyboard.press('Escape');
  });

  test('controls never cover the words, the card is above the badge, nothing lingers on an empty box, and "checked" shows that Scrubs is running', async () => {
    // instagram's one-line comment box: the badge sits outside it
    const text = 'So sorry about his asthma attack, glad he is doing better!';
    await typeInto(ig, '#ig-comment', text);
    await waitMarks(ig, (m) => m.badge !== null);
    const [badge, box] = await Promise.all([
      ui(ig, (root) => {
        const b = [...root.querySelectorAll('[data-scrubs="badge"]')].find((b) => !b.hidden && b.dataset.verdict !== 'ok');
        const r = b.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
      }),
      ig.evaluate(() => {
        const r = document.getElementById('ig-comment').getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
      }),
    ]);
    assert.ok(badge.top >= box.bottom || badge.bottom <= box.top || badge.left >= box.right, `the badge ${JSON.stringify(badge)} is outside the text box ${JSON.stringify(box)}`);
    // the card is drawn above any badge
    await openCardByHover(ig);
    const onTop = await ui(ig, (root) => {
      const card = root.querySelector('[data-scrubs="card"]');
      const layers = [...root.querySelectorAll('.layer')];
      const b = root.querySelector('[data-scrubs="badge"]');
      return layers.indexOf(card.closest('.layer')) > layers.indexOf(b.closest('.layer'));
    });
    assert.ok(onTop, "the card's layer is above the badges'");
    await ig.keyboard.press('Escape');
    // an ok draft, focused: the quiet checked mark; leaving the box: it goes
    await typeInto(fb, '#fb-post', 'Flu shots are in! Walk in any weekday.');
    const ok = await waitMarks(fb, (m) => m.checked, 5000);
    assert.ok(ok.checked && ok.badge === null, 'a quiet "checked" mark, not a warning');
    await fb.click('#fb-posted-area', { timeout: 1000 }).catch(() => fb.mouse.click(5, 5));
    await fb.waitForTimeout(200);
    assert.equal((await marks(fb, '#fb-post')).checked, false, 'gone once the person leaves the box');
    // the reply box: Safe reply only while the person is in it
    await typeInto(fb, '#fb-reply', 'x');
    await fb.evaluate(() => window.__editors['fb-reply'].clear());
    await fb.mouse.click(5, 5);
    await fb.waitForTimeout(200);
    assert.equal(await ui(fb, (root) => [...root.querySelectorAll('[data-scrubs="safe-reply"]')].some((b) => !b.hidden)), false, 'no Safe reply on an empty reply box nobody is in');
  });
});

describe('what the page sees', () => {
  test('marks are boxes in the closed shadow root over the text; the editor is untouched and the highlight registry empty', async () => {
    const text = 'Mateo Alvarez finished chemo today';
    const res = scrubs.classify({ text, mode: 'post', platform: 'facebook' });
    await typeInto(fb, '#fb-post', text);
    const want = expected(res);
    const got = await waitMarks(fb, (m) => m.badge === want.badge && m.block === want.block && m.warn === want.warn);
    assert.deepEqual([got.badge, got.block, got.warn], [want.badge, want.block, want.warn]);
    assert.ok(got.boxes >= want.spans, `boxes drawn: ${got.boxes}`);
    const inside = await fb.evaluate(() => document.getElementById('fb-post').querySelectorAll('*:not(p):not(span):not(br)').length);
    assert.equal(inside, 0, "the editor's DOM is untouched");
    assert.equal(await fb.evaluate(() => CSS.highlights.size), 0, 'nothing in the highlight registry');
  });

  test('a page script cannot tell Scrubs is there: no extension URL loads, no node or attribute of ours to query, no text of ours, no way to press our buttons', async () => {
    const p = await b.context.newPage();
    await p.goto(FB);
    const text = 'So proud of Mateo Alvarez for finishing his last round of chemo today!';
    assert.equal(scrubs.classify({ text, mode: 'post', platform: 'facebook' }).verdict, 'block', 'detection not there yet?');
    // what the page's own scripts can find: run in the page (main world)
    const look = () =>
      p.evaluate(async (id) => {
        const files = ['manifest.json', 'content/bundle.js', 'content/main.js', 'content/loader.js', 'content/ui.js', 'shared/kinds.js', 'shared/protocol.js', 'icons/16.png', 'wasm/classifier.wasm', 'wasm/loader.js', 'popup/popup.html', 'options/options.html', 'background/sw.js'];
        const loaded = [];
        for (const f of files) {
          const url = `chrome-extension://${id}/${f}`;
          const ok = await fetch(url).then(() => true, () => false);
          const img = await new Promise((r) => Object.assign(new Image(), { onload: () => r(true), onerror: () => r(false), src: url }));
          if (ok || img) loaded.push(f);
        }
        const all = [document.documentElement, ...document.querySelectorAll('*')];
        const attrs = all.flatMap((e) => e.getAttributeNames().filter((n) => /scrubs/i.test(n) || /scrubs/i.test(e.getAttribute(n))));
        const shadows = all.filter((e) => e.shadowRoot).length;
        return {
          loaded,
          attrs,
          shadows,
          highlights: CSS.highlights.size,
          text: document.documentElement.innerText,
          globals: Object.keys(window).filter((k) => /scrubs/i.test(k)),
          styles: [...document.styleSheets].filter((s) => !s.href || !s.href.includes('/__test/')).length,
        };
      }, EXTENSION_ID);
    const clean = (l, when) => {
      assert.deepEqual(l.loaded, [], `${when}: extension files the page could load`);
      assert.deepEqual(l.attrs, [], `${when}: attributes naming Scrubs`);
      assert.equal(l.shadows, 0, `${when}: shadow roots the page can open`);
      assert.equal(l.highlights, 0, `${when}: highlight registry entries`);
      assert.deepEqual(l.globals, [], `${when}: globals`);
      assert.equal(l.styles, 0, `${when}: style sheets of ours`);
    };
    clean(await look(), 'before typing');
    await typeInto(p, '#fb-post', text);
    await waitMarks(p, (m) => m.badge === 'block');
    await openCardByHover(p);
    let l = await look();
    clean(l, 'with marks and a card');
    assert.ok(!/Show details|Alt\+Enter|Use initials|could identify/.test(l.text), `the card's words are not in the page's text: ${l.text.slice(-300)}`);
    await p.keyboard.press('Escape'); // the card may lie over the Post button
    const before = (await posted(p)).length;
    await p.click('#fb-post-btn');
    await guardShown(p);
    l = await look();
    clean(l, 'with the guard open');
    assert.ok(!/Post anyway|share patient information/.test(l.text), "the guard's words are not in the page's text");
    // the page clicks where "Post anyway…" is, presses keys, and clicks the one node it can see of ours
    const at = await ui(p, (root) => {
      const r = root.querySelector('[data-scrubs="guard-anyway"]').getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    await p.evaluate(({ x, y }) => {
      const hit = document.elementFromPoint(x, y);
      hit.click();
      hit.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, clientX: x, clientY: y }));
      for (const key of ['Tab', 'Tab', 'Enter', ' ']) document.activeElement.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
    }, at);
    // and a script that holds our buttons (a compromised renderer) clicks them: untrusted, so nothing
    await ui(p, (root) => {
      root.querySelector('[data-scrubs="guard-anyway"]').click();
      root.querySelector('[data-scrubs="guard-edit"]').click();
    });
    await p.waitForTimeout(300);
    assert.equal((await guard(p))?.verdict, 'block', 'the guard is still up');
    assert.equal(await ui(p, (root) => !!root.querySelector('[data-scrubs="override-reason"]')), false, 'no reason asked: Post anyway was not pressed');
    assert.equal((await posted(p)).length, before, 'nothing posted');
    // the person's own click works
    await inGuard(p, 'guard-edit');
    assert.equal(await guard(p), null);
    await p.close();
  });

  test('every element the extension adds is inside one bare host under <html>, and carries data-scrubs there', async () => {
    await typeInto(ig, '#ig-comment', 'Mateo Alvarez finished chemo today');
    await typeInto(fb, '#fb-comment', 'Mateo Alvarez finished chemo today');
    for (const page of [fb, ig]) {
      await waitMarks(page, (m) => m.badge !== null);
      const stray = await ui(page, (root) => {
        const out = [];
        if (!root || root.host.parentElement !== document.documentElement) return ['host'];
        if (root.host.getAttributeNames().length) out.push(`host attributes ${root.host.getAttributeNames()}`);
        for (const el of root.querySelectorAll('*')) if (!el.hasAttribute('data-scrubs') && !el.closest('[data-scrubs="mirror"]')) out.push(el.tagName);
        return out;
      });
      assert.deepEqual(stray, []);
    }
  });
});

describe('background', () => {
  test('marks keep coming after the service worker is stopped (the module lives in the offscreen document)', async () => {
    const s = await b.context.newCDPSession(fb);
    await s.send('ServiceWorker.enable');
    await s.send('ServiceWorker.stopAllWorkers');
    await s.detach();
    const text = 'Mateo Alvarez finished chemo today';
    const res = scrubs.classify({ text, mode: 'post', platform: 'facebook' });
    await typeInto(fb, '#fb-post', text);
    const want = expected(res);
    const got = await waitMarks(fb, (m) => m.badge === want.badge && m.block + m.warn === want.spans);
    assert.equal(got.block + got.warn, want.spans);
    assert.equal(got.badge, res.findings.length ? res.verdict : null);
  });

  test('the classifier worker killed mid-typing: Post asks instead of swallowing the click, and the marks come back', async () => {
    const text = 'So proud of Mateo Alvarez for finishing his last round of chemo today!';
    assert.equal(scrubs.classify({ text, mode: 'post', platform: 'facebook' }).verdict, 'block', 'detection not there yet?');
    const before = (await posted(fb)).length;
    await typeInto(fb, '#fb-post', 'So proud of Mateo');
    await settle(fb);
    assert.equal(await killWorkers(b.context, fb), 1, 'one classifier worker');
    await fb.keyboard.insertText(text.slice('So proud of Mateo'.length));
    await fb.click('#fb-post-btn');
    await guardShown(fb, 8000);
    const g = await guard(fb);
    assert.ok(['unchecked', 'guard'].includes(g.kind), `the guard asks (${g.kind})`);
    assert.equal((await posted(fb)).length, before, 'not posted');
    await inGuard(fb, 'guard-edit');
    // the worker is replaced: marks come back for the same draft, by themselves
    const want = expected(scrubs.classify({ text, mode: 'post', platform: 'facebook' }));
    const got = await waitMarks(fb, (m) => m.badge === want.badge && m.block === want.block, 20000);
    assert.deepEqual([got.badge, got.block, got.warn], [want.badge, want.block, want.warn], 'marks again');
    const o = await extPage(b.context);
    const st = await o.evaluate(() => chrome.runtime.sendMessage({ type: 'status.get' }));
    await o.close();
    assert.ok(st.engine && st.engine.source, 'the status asks the new worker');
    await fb.bringToFront();
    await fb.keyboard.press('Escape'); // the card Edit opened may cover the Post button
    await fb.click('#fb-post-btn');
    await guardShown(fb, 5000);
    assert.equal((await guard(fb)).verdict, 'block', 'and the guard judges it again');
    await inGuard(fb, 'guard-edit');
    assert.equal((await posted(fb)).length, before);
  });

  test('a dead classifier: the composer says Scrubs is not checking, and Post shows the unchecked guard', async () => {
    const text = 'Mateo Alvarez finished chemo today';
    await typeInto(fb, '#fb-post', 'Flu shots are in');
    await settle(fb);
    // the worker dies, and every worker made after it never answers
    // the worker an earlier test replaced may not be collected yet: it
    // counts among the Worker objects killWorkers finds, terminated already
    assert.ok((await killWorkers(b.context, fb)) >= 1, 'a classifier worker was there to kill');
    await inOffscreen(b.context, fb, `window.__Worker ??= Worker; window.__stuck = []; window.Worker = class { constructor() { window.__stuck.push(this); } postMessage() {} terminate() {} }; 0`);
    try {
      const before = (await posted(fb)).length;
      await fb.keyboard.insertText(`, ${text}`);
      const got = await waitMarks(fb, (m) => m.badge === 'unchecked', 15000);
      assert.equal(got.badge, 'unchecked', 'the composer shows that it is not checked');
      assert.match(got.badgeText, /not checking/);
      assert.equal(got.block + got.warn, 0, "no marks from an older text's answer");
      await shot(fb, 'facebook-not-checking');
      await fb.click('#fb-post-btn');
      await guardShown(fb, 8000);
      const g = await guard(fb);
      assert.deepEqual([g.kind, g.verdict], ['unchecked', 'unchecked']);
      assert.match(g.text, /not answering/);
      assert.equal((await posted(fb)).length, before, 'not posted');
      await inGuard(fb, 'guard-edit');
      const o = await extPage(b.context);
      const st = await o.evaluate(() => chrome.runtime.sendMessage({ type: 'status.get' }));
      await o.close();
      assert.equal(st.engine, null, 'the status does not call a stuck worker healthy');
    } finally {
      // workers work again; the stuck one reports an error and is replaced
      await inOffscreen(b.context, fb, `window.Worker = window.__Worker; for (const w of window.__stuck) w.onerror?.({ message: 'test' }); window.__stuck.length`);
    }
    const want = expected(scrubs.classify({ text: `Flu shots are in, ${text}`, mode: 'post', platform: 'facebook' }));
    const back = await waitMarks(fb, (m) => m.badge === want.badge && m.block === want.block, 40000);
    assert.equal(back.badge, want.badge, 'checking again by itself once a worker answers');
  });

  test('the module never runs in the page: the page CSP has no wasm-unsafe-eval and the page saw no error', async () => {
    const csp = await fb.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'));
    assert.ok(csp && !csp.includes('wasm-unsafe-eval'));
  });

  test('the popup shows the rules and this week’s warnings, a switch the policy locks, rules it could not save, in Spanish where the browser is; the options page tries text', async () => {
    const p = await extPage(b.context, 'popup/popup.html');
    await p.waitForFunction(() => document.getElementById('week').textContent !== '–');
    assert.match(await p.textContent('#week'), /^\d+ \(/);
    assert.match(await p.textContent('#pack'), /built-in|version/);
    await p.close();
    // a switch locked by policy does not move, and new rules that could not
    // be saved are said to be unsaved (review L8, L2): the popup again,
    // with the background's answer changed to say so
    const q = await extPage(b.context, 'popup/popup.html');
    await q.waitForFunction(() => document.getElementById('week').textContent !== '–');
    const shown = await q.evaluate(async () => {
      const send = chrome.runtime.sendMessage.bind(chrome.runtime);
      chrome.tabs.query = async () => [{ url: 'https://www.facebook.com/' }];
      chrome.runtime.sendMessage = async (m) => {
        const r = await send(m);
        if (m.type !== 'status.get') return r;
        return { ...r, settings: { ...r.settings, locked: ['disabledSites'] }, pack: { ...r.pack, lastError: { code: 'storage', message: 'QUOTA_BYTES quota exceeded', at: Date.now() } } };
      };
      await import(`./popup.js?again`);
      await new Promise((r) => setTimeout(r, 300));
      const $ = (id) => document.getElementById(id);
      return { disabled: $('site-on').disabled, site: $('site').textContent, locked: !$('site-locked').hidden, unsaved: $('unsaved').hidden ? '' : $('unsaved').textContent };
    });
    // and in Spanish where the browser speaks Spanish
    const es = await q.evaluate(async () => {
      Object.defineProperty(navigator, 'language', { get: () => 'es-US' });
      await import(`./popup.js?es`);
      await new Promise((r) => setTimeout(r, 300));
      return { week: document.getElementById('t-week').textContent, lang: document.documentElement.lang, unsaved: document.getElementById('unsaved').textContent };
    });
    assert.deepEqual([es.week, es.lang], ['Avisos esta semana', 'es']);
    assert.match(es.unsaved, /No se pudieron guardar/);
    await q.close();
    assert.deepEqual([shown.site, shown.disabled, shown.locked], ['www.facebook.com', true, true], 'the locked switch is disabled and says why');
    assert.match(shown.unsaved, /could not be saved/);
    const o = await extPage(b.context);
    await o.fill('#try-text', 'So proud of Mateo Alvarez for finishing chemo');
    await o.waitForSelector('#try-out .verdict');
    const v = await o.getAttribute('#try-out .verdict', 'data-verdict');
    assert.equal(v, scrubs.classify({ text: 'So proud of Mateo Alvarez for finishing chemo', mode: 'post', platform: 'facebook' }).verdict);
    await o.close();
  });
});

// The review sites, on pages shaped like each surface at its real address:
// what the extension builds for the classifier (the draft of the corpora it
// is scored on), the marks, the guard on the site's submit button and send
// key, and the safe reply.
describe('review replies', () => {
  const SURFACES = [
    { name: 'Google Business Profile', url: 'https://business.google.com/reviews/l/04817', platform: 'google', channel: 'review', box: 'g-reply-1', send: 'g-send-1', card: 'g-card-1', stars: true },
    { name: "Google's merchant panel in Search (a cross-origin frame)", url: 'https://www.google.com/search?q=lsp+clinic', frame: 'https://business.google.com/', platform: 'google', channel: 'review', box: 'g-reply-1', send: 'g-send-1', card: 'g-card-1', stars: true },
    { name: 'Yelp for Business, Respond publicly', url: 'https://biz.yelp.com/biz/lsp-clinic/reviews', platform: 'yelp', channel: 'review', box: 'y-public-1', send: 'y-public-send-1', card: 'y-card-1', stars: true },
    { name: 'Yelp for Business, private message', url: 'https://biz.yelp.com/biz/lsp-clinic/reviews', platform: 'yelp', channel: 'dm', box: 'y-private-1', send: 'y-private-send-1', card: 'y-card-1', stars: true },
    { name: 'Facebook Page reviews', url: 'https://www.facebook.com/lsp.clinic/reviews', platform: 'facebook', channel: 'review', box: 'fb-review-reply-1', send: 'fb-review-send-1', card: 'fb-card-1', lexical: true },
    { name: 'X replies', url: 'https://x.com/jdoe/status/1790', platform: 'x', box: 'x-reply-1', send: 'x-send-1', card: 'x-card-1', lexical: true, key: 'Control+Enter' },
  ];
  const HARMLESS = "Thank you for the kind words! We'd love to hear more at (555) 010-2000";
  const all = reviews();
  const opened = new Map();

  // open answers the page and where the surface is in it (the page, or
  // the frame the reviews are in)
  async function open(s) {
    if (opened.has(s.url)) return opened.get(s.url);
    const page = await b.context.newPage();
    await page.goto(s.url);
    let at = page;
    if (s.frame) {
      for (let i = 0; i < 50 && !(at = page.frames().find((f) => f.url().startsWith(s.frame))); i++) await page.waitForTimeout(100);
      assert.ok(at, `no frame from ${s.frame}`);
      at.__owner = '#panel'; // Scrubs' root in it is reached through the page
    }
    await at.waitForFunction(() => !!window.__stage);
    const o = { page, at };
    opened.set(s.url, o);
    return o;
  }

  // the reviewer is always named on Facebook and X
  const onPage = (s, r) => (s.stars || r.author ? r : { ...r, author: 'Dale Kim' });
  const shown = (s, r) => [s.stars && r.rating ? '★'.repeat(r.rating) + '☆'.repeat(5 - r.rating) : '', r.body].filter(Boolean).join(' ') + (r.author ? ` — ${r.author}` : '');
  // the draft as the classifier gets it; channel (where the reasons are
  // worded for) only where the surface has one
  const draftFor = (s, review, text) => ({ text, mode: 'reply', platform: s.platform, ...(s.channel ? { channel: s.channel } : {}), replying_to: shown(s, onPage(s, review)) });

  async function type(s, review, text) {
    const { page, at } = await open(s);
    await page.bringToFront();
    await at.evaluate(([card, r]) => window.__stage(card, r), [s.card, onPage(s, review)]);
    await at.evaluate((id) => window.__clear(id), s.box);
    await at.click(`#${s.box}`);
    await page.keyboard.insertText(text);
    typed.push(text);
    return { page, at };
  }

  // a textarea's marks are boxes over a copy of its text (mirror.js), where
  // a finding inside another one is covered by the outer box and has none
  // of its own: there, the badge and whether there are boxes are compared
  const want = (s, res) => expected(res);
  const same = (s, m, w) => m.badge === w.badge && (s.lexical ? m.block === w.block && m.warn === w.warn : (m.boxes > 0) === (w.spans > 0));
  async function waitFor(at, s, w) {
    const end = Date.now() + 8000;
    let m;
    while (Date.now() < end) {
      m = await marks(at, `#${s.box}`);
      if (same(s, m, w)) return m;
      await at.waitForTimeout(60);
    }
    return m;
  }
  const guardIn = (at) => ui(at, (root) => (root && root.querySelector('[data-scrubs="guard"]')?.getAttribute('data-verdict')) || null);
  const guardUp = (at) => uiHas(at, (root) => !!(root && root.querySelector('[data-scrubs="guard"]')));
  const sentFrom = (at) => at.evaluate(() => [...document.querySelectorAll('#posted li')].map((li) => li.textContent));

  for (const s of SURFACES) {
    const corpus = all.filter((r) => r.platform === (s.platform === 'yelp' ? 'yelp' : 'google') && r.text.length < 300);
    const judge = (r, text = r.text) => scrubs.classify(draftFor(s, r.review, text));
    const picks = () => {
      const named = corpus.filter((r) => r.review.author);
      const block = [...named, ...corpus].filter((r) => r.label === 'block' && judge(r).verdict === 'block');
      const warn = corpus.filter((r) => r.label === 'warn' && judge(r).verdict === 'warn');
      const ok = corpus.filter((r) => r.label === 'ok' && judge(r).verdict === 'ok');
      return [...new Set([...block.slice(0, 2), ...warn.slice(0, 1), ...ok.slice(0, 1)])];
    };

    test(`${s.name}: risky replies are marked, harmless ones not, and the classifier gets the review and the reviewer's name`, async () => {
      const rows = picks();
      assert.ok(rows.filter((r) => r.label !== 'ok').length >= 2, `too few risky ${s.platform} replies the classifier flags (detection not there yet?)`);
      const { page, at } = await open(s);
      await recordDrafts(b.context, page);
      const harmless = { id: 'harmless', label: 'ok', text: HARMLESS, review: { rating: 5, body: 'Front desk is always friendly and they got my whole family in the same afternoon.', author: 'Dale K.' } };
      for (const row of [...rows, harmless]) {
        await type(s, row.review, row.text);
        const res = judge(row);
        if (row === harmless) assert.equal(res.verdict, 'ok', 'the office thanking the reviewer with its own number');
        const w = want(s, res);
        // the draft goes to the classifier after the page's next frame:
        // until then the marks are the last draft's, which may look alike
        let sent;
        for (const end = Date.now() + 8000; !sent && Date.now() < end; await at.waitForTimeout(60)) sent = (await drafts(b.context, page)).some((d) => d.text === row.text);
        const got = await waitFor(at, s, w);
        assert.equal(got.badge, w.badge, `${row.id} (${row.label}): the badge for ${JSON.stringify(row.text)}`);
        assert.equal(got.boxes > 0, w.spans > 0, `${row.id}: boxes over the text`);
        if (s.lexical) assert.deepEqual([got.block, got.warn], [w.block, w.warn], `${row.id}: marks by severity`);
        const seen = (await drafts(b.context, page)).filter((d) => d.text === row.text).at(-1);
        assert.deepEqual(seen, draftFor(s, row.review, row.text), `${row.id}: the draft the classifier got`);
        if (s.stars && row !== harmless) {
          // on Google and Yelp, that is the corpus line itself, and the
          // channel it adds words the reasons only: the same verdict and
          // marks as the corpus line
          const line = { text: row.text, mode: row.mode, platform: row.platform, replying_to: row.replying_to };
          const { channel, ...rest } = seen;
          assert.deepEqual(rest, line, `${row.id}: the draft is the corpus line`);
          assert.equal(channel, s.channel);
          const spans = (r) => r.findings.map((f) => [f.kind, f.start, f.end, f.severity]);
          assert.deepEqual([res.verdict, spans(res)], [scrubs.classify(line).verdict, spans(scrubs.classify(line))], `${row.id}: judged as its corpus line`);
        }
        if (row.review.author) assert.ok(seen.replying_to.endsWith(` — ${row.review.author}`), `${row.id}: the reviewer's name reaches the classifier`);
      }
      await shot(page, `review-${s.platform}-${s.box}-marks`);
    });

    test(`${s.name}: the guard stops a block reply on the site's submit button and on ${s.key || 'Enter'}`, async () => {
      const row = picks().find((r) => r.label === 'block');
      const { page, at } = await type(s, row.review, row.text);
      await waitFor(at, s, want(s, judge(row)));
      const before = (await sentFrom(at)).length;
      await at.click(`#${s.send}`);
      await guardUp(at);
      assert.equal(await guardIn(at), 'block');
      await shot(page, `review-${s.platform}-${s.box}-guard`);
      await press(at, 'guard-edit');
      assert.equal(await guardIn(at), null);
      // Edit puts the caret back in the box and opens the card: Escape closes it
      await page.keyboard.press('Escape');
      await page.keyboard.press('End');
      await page.keyboard.press(s.key || 'Enter');
      await guardUp(at);
      assert.equal(await guardIn(at), 'block');
      await press(at, 'guard-edit');
      assert.equal((await sentFrom(at)).length, before, 'not sent');
      assert.equal(await at.evaluate((id) => window.__text(id), s.box), row.text, 'the reply is kept as typed');
    });

    test(`${s.name}: the safe reply is the review template, harmless, and sends`, async () => {
      const row = picks().find((r) => r.label === 'block');
      const { page, at } = await type(s, row.review, row.text);
      await waitFor(at, s, want(s, judge(row)));
      // a card a mark under the mouse opened may lie over the button
      await page.mouse.move(1, 1);
      await page.keyboard.press('Escape');
      await press(at, 'safe-reply', { near: `#${s.box}` });
      // in the reply's language: Spanish when the draft reads as Spanish,
      // else as the module reads the draft and the review together
      const d = draftFor(s, row.review, row.text);
      const template = judge(row).lang === 'es' ? scrubs.template('review_reply.es') : scrubs.template('review_reply', `${d.text}\n${d.replying_to}`);
      await at.waitForFunction(([id, t]) => window.__text(id) === t, [s.box, template], { timeout: 5000 });
      assert.equal(judge(row, template).verdict, 'ok', 'the template is ok under the review');
      await waitFor(at, s, { badge: null, block: 0, warn: 0, spans: 0 });
      const before = (await sentFrom(at)).length;
      await at.click(`#${s.box}`);
      await page.keyboard.press(s.key || 'Enter');
      await at.waitForFunction((n) => document.querySelectorAll('#posted li').length > n, before, { timeout: 5000 });
      assert.equal((await sentFrom(at)).at(-1), template, 'sent as it is, with no guard');
    });
  }

  test('Google: the safe reply under a review the page marks as Spanish is the Spanish template', async () => {
    const s = { ...SURFACES[0], box: 'g-reply-2', card: 'g-card-2' };
    const { page, at } = await open(s);
    await page.bringToFront();
    await at.evaluate((id) => window.__clear(id), s.box);
    await at.click(`#${s.box}`);
    await page.keyboard.insertText('¡Gracias Rosa! Nos alegra que su hijo se sienta mejor después de la infección de oído.');
    // press once this draft's marks show, as a person does: until then the
    // controls beside the box are the last draft's and move when they do
    for (const end = Date.now() + 8000; Date.now() < end && (await marks(at, `#${s.box}`)).badge !== 'block'; ) await at.waitForTimeout(60);
    await press(at, 'safe-reply', { near: `#${s.box}` });
    const es = scrubs.template('review_reply.es');
    await shot(page, 'google-safe-reply-es');
    await at.waitForFunction(([id, t]) => window.__text(id) === t, [s.box, es], { timeout: 5000 });
    assert.match(es, /Gracias/);
  });

  test("Google: the merchant panel's frame is read, Search's own page is not", async () => {
    const { page } = await open(SURFACES[1]);
    assert.equal(await ui(page, (root) => !!root), false, 'nothing in the Search page itself');
    await page.click('#q');
    await page.keyboard.insertText(' Mateo Alvarez chemo');
    await page.waitForTimeout(800);
    assert.equal(await ui(page, (root) => !!root), false, 'the search box is not a composer');
  });
});

describe('site profiles', () => {
  test("the module's selector check agrees with Chromium's parser: what it accepts Chromium reads, what Chromium refuses it refuses", async () => {
    const lists = JSON.parse(readFileSync(join(ROOT, 'classifier/internal/selector/testdata/selectors.json'), 'utf8'));
    const own = await fresh();
    const accepts = (sel) => {
      try {
        own.loadPack({ schema: 'scrubs.pack/1', name: 'selector check', sites: [{ id: 's', hosts: ['a.example'], composers: [{ id: 'c', selector: sel, mode: 'reply' }] }] });
        return true;
      } catch (e) {
        assert.equal(e.code, 'invalid_pack', e.message);
        assert.ok(e.problems.some((p) => p.path === 'sites[0].composers[0].selector'), JSON.stringify(e.problems));
        return false;
      }
    };
    const p = await b.context.newPage();
    await p.goto(`${FB}__adapter`);
    const parses = await p.evaluate((all) => all.map((sel) => { try { document.createDocumentFragment().querySelector(sel); return true; } catch { return false; } }), [...lists.valid, ...lists.invalid, ...lists.restricted]);
    await p.close();
    const byBrowser = new Map([...lists.valid, ...lists.invalid, ...lists.restricted].map((sel, i) => [sel, parses[i]]));
    for (const sel of lists.valid) assert.deepEqual([accepts(sel), byBrowser.get(sel)], [true, true], `valid ${JSON.stringify(sel)}`);
    for (const sel of lists.invalid) assert.deepEqual([accepts(sel), byBrowser.get(sel)], [false, false], `invalid ${JSON.stringify(sel)}`);
    for (const sel of lists.restricted) assert.deepEqual([accepts(sel), byBrowser.get(sel)], [false, true], `restricted ${JSON.stringify(sel)}`);
    // and every selector of the built-in profiles
    const builtIn = scrubs.sites().flatMap((site) => [
      ...site.composers.flatMap((c) => [c.selector, c.inside, c.not_inside, c.attachments, c.mention && c.mention.replaceAll('{handle}', 'jane.doe'), ...Object.entries(c.answers || {}).filter(([k]) => typeof c.answers[k] === 'string').map(([, v]) => v)]),
      ...(site.submit || []).flatMap((c) => [c.selector, c.composer]),
    ]).filter(Boolean);
    const q = await b.context.newPage();
    await q.goto(`${FB}__adapter`);
    const refused = await q.evaluate((all) => all.filter((sel) => { try { document.querySelectorAll(sel); return false; } catch { return true; } }), builtIn);
    await q.close();
    assert.ok(builtIn.length > 60, `${builtIn.length} selectors`);
    assert.deepEqual(refused, [], 'Chromium reads every built-in selector');
  });
});

describe('privacy', () => {
  test('no request leaving the browser carries typed text', async () => {
    assert.ok(typed.length > 10);
    const all = [...b.log, ...b.proxy.seen];
    const needles = [...new Set(typed.flatMap((t) => t.split(/[\s,.!?]+/).filter((w) => w.length >= 6)))];
    const leaks = [];
    for (const r of all) {
      if (r.url.startsWith('chrome-extension://')) continue; // the extension's own files
      // Chromium's own look at the Google account when a Google page opens
      // (refused by the proxy; a host and port, no text)
      if (r.via === 'proxy-connect' && r.url === 'accounts.google.com:443') continue;
      const hay = decodeURIComponent(`${r.url}\n${JSON.stringify(r.headers)}\n${r.body}`).toLowerCase();
      for (const n of needles) if (hay.includes(n.toLowerCase()) && !(PAGES_RE.test(r.url) && /^\/__(test|src)\//.test(new URL(r.url).pathname))) leaks.push(`${r.via} ${r.method} ${r.url}: ${n}`);
    }
    assert.deepEqual(leaks, []);
    const fromExtension = all.filter((r) => r.via !== 'page' && PAGES_RE.test(r.url) && r.method !== 'GET' && r.method !== 'CONNECT');
    assert.deepEqual(fromExtension, []);
  });
});

// Last, in a browser of its own: the extension does not survive it.
describe('crash', () => {
  test('the offscreen document crashes (taking the extension process with it): the composer says it is not checking and Post asks', async () => {
    const c = await launch();
    try {
      const p = await c.context.newPage();
      await p.goto(FB);
      await typeInto(p, '#fb-post', 'So proud of Mateo');
      await settle(p);
      const o = await offscreen(c.context, p);
      o.send('Page.crash').catch(() => {});
      await p.waitForTimeout(300);
      await p.keyboard.insertText(' Alvarez for finishing chemo today');
      const got = await waitMarks(p, (m) => m.badge === 'unchecked', 20000);
      assert.equal(got.badge, 'unchecked', 'the composer says it is not checked');
      await p.click('#fb-post-btn');
      await guardShown(p, 8000);
      assert.equal((await guard(p)).kind, 'unchecked');
      assert.equal((await posted(p)).length, 0, 'not posted');
      await inGuard(p, 'guard-anyway');
      await p.waitForFunction(() => document.querySelectorAll('#posted li').length === 1, null, { timeout: 3000 });
      assert.equal((await posted(p))[0], 'So proud of Mateo Alvarez for finishing chemo today', 'posted only on Post anyway');
    } finally {
      await c.close();
    }
  });
});
