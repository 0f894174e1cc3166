// Keystroke-to-paint in the real browser. A draft of 200 or 2,000
// characters is in the composer; 60 more keys are typed at 10 keys a
// second. For each key: from the keydown's timestamp to the frame in which
// the extension's marks for that text were committed (the content script
// stamps an element in its closed shadow root just after that frame), and, for
// comparison, to the frame that painted the page's own update of the text,
// with the extension and without it. BENCH_ROUNDS=1 BENCH_CASE=1 (an index
// into CASES) BENCH_DEBUG=1 runs one case once and prints every key.
import { launch, ui } from './harness.js';

const KEYS = 60;
const SENTENCE = 'So proud of Mateo Alvarez for finishing his last round of chemo today at Lakeside, thank you all. ';
const draftOf = (n) => SENTENCE.repeat(Math.ceil(n / SENTENCE.length)).slice(0, n);

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};

async function run(page, sel, size) {
  await page.bringToFront();
  await page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (el.tagName === 'TEXTAREA') window.__igReset();
    else window.__editors[el.id].clear();
    window.__bench = { keys: [], frames: [], paints: [] };
    if (el.__benched) return;
    el.__benched = true;
    el.addEventListener('keydown', (e) => {
      window.__bench.keys.push(e.timeStamp);
      // the frame after the page handled this key (its own text repaint)
      const t = e.timeStamp;
      requestAnimationFrame(() => setTimeout(() => window.__bench.frames.push([t, performance.now()]), 0));
    }, true);
  }, sel);
  await page.click(sel);
  await page.keyboard.insertText(draftOf(size - KEYS - 5));
  await page.waitForTimeout(1000);
  await page.keyboard.type('. Ok ', { delay: 100 }); // warm up; not measured
  await page.waitForTimeout(1000);
  // the content script stamps its paints inside its closed shadow root,
  // reached (as no page can) through the debugging protocol
  await ui(page, (root) => {
    const state = root && root.querySelector('[data-scrubs="state"]');
    if (state && !state.__benchObserved) {
      state.__benchObserved = true;
      new MutationObserver(() => {
        const [input, after, , rt] = state.getAttribute('data-painted').split(' ').map(Number);
        window.__bench.paints.push([input, after, rt]);
      }).observe(state, { attributes: true, attributeFilter: ['data-painted'] });
    }
    window.__bench.keys.length = 0;
    window.__bench.frames.length = 0;
    window.__bench.paints.length = 0;
  });
  const letters = 'the patient felt better after the visit ';
  let next = Date.now();
  for (let i = 0; i < KEYS; i++) {
    next += 100;
    await page.keyboard.press(letters[i % letters.length] === ' ' ? 'Space' : letters[i % letters.length]);
    const wait = next - Date.now();
    if (wait > 0) await page.waitForTimeout(wait);
  }
  await page.waitForTimeout(500);
  const { keys, frames, paints } = await page.evaluate(() => window.__bench);
  const marks = [];
  for (const k of keys) {
    const p = paints.find(([input]) => input >= k - 0.01);
    if (p) marks.push(p[1] - k);
  }
  const own = frames.map(([k, f]) => f - k);
  const rts = paints.map((p) => p[2]);
  return { marks, own, rts, length: await page.evaluate((sel) => { const el = document.querySelector(sel); return el.tagName === 'TEXTAREA' ? el.value.length : window.__editors[el.id].text().length; }, sel) };
}

// Both browsers are up at once and take turns, composer by composer, for
// BENCH_ROUNDS rounds (3 unless set), so a busy machine weighs on both
// sides alike. The targets (issue 10) are checked at the end.
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const CASES = [
  ['facebook post (Lexical)', 'fb', '#fb-post', 200, 16],
  ['facebook post (Lexical)', 'fb', '#fb-post', 2000, 33],
  ['instagram comment (textarea)', 'ig', '#ig-comment', 200, 16],
].filter(([, , , size], i) => !process.env.BENCH_CASE || process.env.BENCH_CASE === String(i));
const { readFileSync } = await import('node:fs');
const { cpus } = await import('node:os');
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const loadBefore = load();
const sides = {};
for (const extension of [true, false]) {
  const b = await launch({ extension });
  const fb = await b.context.newPage();
  await fb.goto('https://www.facebook.com/');
  const ig = await b.context.newPage();
  await ig.goto('https://www.instagram.com/');
  sides[extension] = { b, pages: { fb, ig } };
}
const rows = CASES.map(([name, , , size, target]) => ({ name, size, target, ext: { marks: [], own: [], rts: [] }, none: { own: [] } }));
for (let round = 0; round < ROUNDS; round++) {
  for (const [i, [name, site, sel, size]] of CASES.entries()) {
    for (const extension of round % 2 ? [false, true] : [true, false]) {
      const r = await run(sides[extension].pages[site], sel, size);
      const into = extension ? rows[i].ext : rows[i].none;
      for (const k of Object.keys(into)) into[k].push(...r[k]);
      if (process.env.BENCH_DEBUG) console.log(round, name, size, extension, 'marks', r.marks.map((x) => x.toFixed(0)).join(' '), '\n  repaint', r.own.map((x) => x.toFixed(0)).join(' '));
    }
  }
}
for (const s of Object.values(sides)) await s.b.close();

const fmt = (xs) => (xs.length ? `${pct(xs, 50).toFixed(1).padStart(6)} ${pct(xs, 95).toFixed(1).padStart(6)}` : '     -      -');
console.log(`keystroke to paint, ms, p50 p95 over ${ROUNDS} rounds of ${KEYS} keys at 10 keys/s; ${cpus().length} cores, load average ${loadBefore} before, ${load()} after\n`);
console.log('composer                      draft   marks painted   classify round trip   page repaint (ext)   page repaint (no ext)');
let met = true;
const verdicts = [];
for (const r of rows) {
  console.log(`${r.name.padEnd(29)} ${String(r.size).padStart(5)}   ${fmt(r.ext.marks)}     ${fmt(r.ext.rts)}         ${fmt(r.ext.own)}        ${fmt(r.none.own)}`);
  const marks = pct(r.ext.marks, 95);
  const extra = pct(r.ext.own, 95) - pct(r.none.own, 95);
  const ok = marks <= r.target && extra <= 1;
  met &&= ok;
  verdicts.push(`${ok ? 'met    ' : 'not met'}  ${r.name} ${r.size}: marks p95 ${marks.toFixed(1)} ms (target ≤ ${r.target}), page repaint p95 ${extra >= 0 ? '+' : ''}${extra.toFixed(1)} ms with Scrubs (target ≤ +1)`);
}
console.log(`\n${verdicts.join('\n')}\n${met ? 'all targets met' : 'some targets not met'}`);
