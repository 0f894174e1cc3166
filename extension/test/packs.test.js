// Signed pack updates, end to end: a local rule-pack server hands the
// extension envelopes made by `scrubs pack sign`; the module checks them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, sign as cryptoSign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, extPage, killWorkers, launch, press, shot, startPackServer, ui, uiHas } from './harness.js';
import { classifier } from './classifier.js';
import { OVERRIDE_REASONS } from '../src/shared/kinds.js';

let b;
let packs;
let opts;
let dir;
let scrubs;
let pub;

const PACK = {
  schema: 'scrubs.pack/1',
  name: 'Lakeside test pack',
  base: 'default',
  org: { name: 'Lakeside Pediatrics', aliases: ['Lakeside Peds'], phones: ['(555) 201-3300'], staff: ['Dr. Priya Raman', 'Kayla Brooks, RN'] },
  templates: { safe_reply: "Thanks for reaching out! We can't discuss anyone's care here; please call Lakeside at (555) 201-3300." },
};

function sign(version, { expires = '720h', pack = PACK } = {}) {
  const f = join(dir, `pack-${version}.json`);
  writeFileSync(f, JSON.stringify(pack));
  return execFileSync(scrubs, ['pack', 'sign', '--key', join(dir, 'key'), '--version', String(version), '--expires', expires, f], { encoding: 'utf8' }).trim();
}

// signUnchecked signs a pack as `scrubs pack sign` would, without the
// validation it runs first (which refuses a bad pack before it is signed):
// the envelope of a pack an older or another signer let through.
function signUnchecked(version, pack) {
  const env = JSON.parse(sign(version));
  const bytes = Buffer.from(JSON.stringify(pack));
  const seed = Buffer.from(readFileSync(join(dir, 'key'), 'utf8').trim().split(':')[1], 'base64');
  const key = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
  const message = `${env.format}\nversion ${env.version}\nissued ${env.issued}\nexpires ${env.expires}\nkey ${env.key_id}\npack-sha256 ${createHash('sha256').update(bytes).digest('hex')}\n`;
  return JSON.stringify({ ...env, pack: bytes.toString('base64'), signature: cryptoSign(null, Buffer.from(message), key).toString('base64') });
}

const send = (type, extra = {}) => opts.evaluate(([type, extra]) => chrome.runtime.sendMessage({ type, ...extra }), [type, extra]);
const update = () => send('pack.update-now');
const status = () => send('status.get');

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scrubs-packs-'));
  scrubs = join(dir, 'scrubs');
  execFileSync('go', ['build', '-o', scrubs, './classifier/cmd/scrubs'], { cwd: ROOT, stdio: 'inherit' });
  pub = execFileSync(scrubs, ['pack', 'keygen', join(dir, 'key')], { encoding: 'utf8' }).trim();
  packs = await startPackServer();
  b = await launch();
  opts = await extPage(b.context);
  await opts.evaluate(
    (s) => chrome.storage.local.set(s),
    { serverUrl: packs.url, publicKeys: [pub], maxPackBytes: 256 << 10, updateIntervalMinutes: 60, enrolmentKey: 'scrubs-enrol-test' },
  );
});
after(async () => {
  await b?.close();
  packs?.server.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the alarm for updates is set from the options', async () => {
  let alarm;
  for (let i = 0; i < 40 && !alarm; i++) {
    alarm = await b.sw.evaluate(() => chrome.alarms.get('scrubs.pack'));
    if (!alarm) await opts.waitForTimeout(100);
  }
  assert.equal(alarm?.periodInMinutes, 60);
});

test('a signed pack is applied; the next check sends If-None-Match and gets 304', async () => {
  packs.state.body = sign(2);
  packs.state.etag = '"v2"';
  const r = await update();
  assert.equal(r.status, 'updated', JSON.stringify(r));
  assert.equal(r.version, 2);
  const st = await status();
  assert.equal(st.pack.version, 2);
  assert.equal(st.engine.version, 2, 'the module uses it');
  assert.equal(st.engine.name, PACK.name);
  const again = await update();
  assert.equal(again.status, 'unchanged');
  const last = packs.state.seen.filter((s) => s.url === '/v1/pack').at(-1);
  assert.equal(last.headers['if-none-match'], '"v2"');
  // the safe reply now comes from the pack, when the module offers templates
  const m = await classifier();
  if (typeof m.template === 'function') {
    const t = await send('pack.template', { name: 'safe_reply' });
    assert.match(t.text, /Lakeside/);
    // and the button by a reply box puts it into the editor
    const fb = await b.context.newPage();
    await fb.goto('https://www.facebook.com/');
    await fb.click('#fb-reply');
    await fb.keyboard.insertText('So glad the surgery went well, Linda!');
    await press(fb, 'safe-reply');
    await fb.waitForFunction(() => window.__editors['fb-reply'].text().includes('(555) 201-3300'), null, { timeout: 5000 });
    assert.equal(await fb.evaluate(() => window.__editors['fb-reply'].text()), PACK.templates.safe_reply);
    await shot(fb, 'facebook-safe-reply');
    await fb.close();
  }
});

async function refused(body, code, etag, kept = 2) {
  packs.state.body = body;
  packs.state.etag = etag;
  const r = await update();
  assert.equal(r.status, 'refused', JSON.stringify(r));
  assert.equal(r.code, code, r.message);
  const st = await status();
  assert.equal(st.pack.version, kept, 'the last good pack is kept');
  assert.equal(st.engine.version, kept, 'and still used by the module');
  return r;
}

test('a tampered pack is refused (pack bytes changed, or version raised)', async () => {
  const env = JSON.parse(sign(3));
  const evil = { ...PACK, org: { ...PACK.org, staff: [...PACK.org.staff, 'Mateo Alvarez'] } };
  await refused(JSON.stringify({ ...env, pack: Buffer.from(JSON.stringify(evil)).toString('base64') }), 'bad_signature', '"t1"');
  await refused(JSON.stringify({ ...env, version: 99 }), 'bad_signature', '"t2"');
});

test('a pack signed by another key is refused', async () => {
  const other = join(dir, 'other');
  execFileSync(scrubs, ['pack', 'keygen', other]);
  const f = join(dir, 'other.json');
  writeFileSync(f, JSON.stringify(PACK));
  const env = execFileSync(scrubs, ['pack', 'sign', '--key', other, '--version', '7', f], { encoding: 'utf8' });
  await refused(env, 'unknown_key', '"k"');
});

test('a lower version is refused', async () => {
  await refused(sign(1), 'version_too_low', '"v1"');
});

test('an expired pack is refused', async () => {
  const env = sign(5, { expires: '1s' });
  await new Promise((r) => setTimeout(r, 1600));
  await refused(env, 'expired', '"v5"');
});

test('an oversized download is refused before it reaches the module', async () => {
  await refused(' '.repeat(300 << 10) + sign(6), 'too_large', '"big"');
  // a server that does not say how big it is: the body is counted as it comes
  packs.state.extraHeaders = { 'Transfer-Encoding': 'chunked' };
  await refused('x'.repeat(300 << 10), 'too_large', '"big2"');
  packs.state.extraHeaders = {};
});

test('the last good pack comes back when the module restarts', async () => {
  const r = await send('engine.restart');
  assert.equal(r.info.version, 2);
});

test('a classifier worker that dies is noticed by the status, replaced, and given the last good pack', async () => {
  const was = (await status()).engine;
  assert.equal(was.version, 2);
  // a worker an earlier restart replaced may not be collected yet; it is
  // among the Worker objects found, terminated already
  assert.ok((await killWorkers(b.context, opts)) >= 1, 'a classifier worker was there to kill');
  const dead = await status();
  assert.equal(dead.engine, null, 'a dead worker is not reported healthy');
  let st;
  for (let i = 0; i < 40; i++) {
    st = await status();
    if (st.engine) break;
    await opts.waitForTimeout(250);
  }
  assert.equal(st.engine?.version, 2, 'the new worker runs the same pack');
  const r = await send('engine.try', { draft: { text: 'So proud of Mateo Alvarez for finishing chemo', mode: 'post', platform: 'facebook' } });
  assert.ok(r.ok && r.result.verdict !== 'ok', JSON.stringify(r));
});

// Site profiles are pack data: a site that changed its markup is mended by
// a pack, on pages already open; a profile the module refuses leaves the
// last good pack in use; and no profile makes Scrubs run anywhere new.
const YELP = 'https://biz.yelp.com/biz/lsp-clinic/reviews?redesign=1';
const RISKY = 'Tyler, thank you!! So glad the sedation helped and those wisdom teeth are behind you now';
let yelp;
const yelpBadge = () => ui(yelp, (root) => (root && [...root.querySelectorAll('[data-scrubs="badge"]')].find((b) => !b.hidden)?.getAttribute('data-verdict')) || null);
async function mendedYelp() {
  const yelpSite = (await classifier()).sites().find((x) => x.id === 'yelp-business');
  const site = structuredClone(yelpSite);
  site.composers[0].selector = 'textarea, [contenteditable="true"][role="textbox"]';
  return site;
}

test('a pack that changes a site profile mends a site whose markup changed, on the page already open', async () => {
  yelp = await b.context.newPage();
  await yelp.goto(YELP);
  await yelp.waitForFunction(() => !!window.__stage);
  assert.equal(await yelp.evaluate(() => document.getElementById('y-public-1').tagName), 'DIV', 'the redesigned box');
  await yelp.click('#y-public-1');
  await yelp.keyboard.insertText(RISKY);
  await yelp.waitForTimeout(1500);
  assert.equal(await yelpBadge(), null, 'the built-in profile does not know the new box');
  packs.state.body = sign(3, { pack: { ...PACK, sites: [await mendedYelp()] } });
  packs.state.etag = '"s3"';
  const r = await update();
  assert.equal(r.status, 'updated', JSON.stringify(r));
  // no reload, no rebuild: the open page reads the box with the new profile
  await yelp.bringToFront();
  await uiHas(yelp, (root) => !!(root && [...root.querySelectorAll('[data-scrubs="badge"]')].find((b) => !b.hidden)), null, { timeout: 10000 });
  assert.ok(['block', 'warn'].includes(await yelpBadge()), 'marked');
  await yelp.click('#y-public-1');
  await yelp.keyboard.press('End');
  await yelp.keyboard.press('Enter');
  await uiHas(yelp, (root) => !!(root && root.querySelector('[data-scrubs="guard"]')));
  await shot(yelp, 'yelp-mended-guard');
  await press(yelp, 'guard-edit');
  assert.equal(await yelp.evaluate(() => document.querySelectorAll('#posted li').length), 0, 'not sent');
});

test('a pack whose profile has a selector some browser would refuse is refused, naming its JSON path; the last good pack stays', async () => {
  const bad = await mendedYelp();
  bad.composers[0].selector = 'textarea, [contenteditable="true"][role="textbox"'; // Chromium would close the bracket; Firefox need not
  const r = await refused(signUnchecked(4, { ...PACK, sites: [bad] }), 'invalid_pack', '"s4"', 3);
  assert.match(r.message, /sites\[0\]\.composers\[0\]\.selector: /);
  // the mended profile still reads the open page
  await yelp.bringToFront();
  await yelp.click('#y-public-1');
  await yelp.keyboard.press('End');
  await yelp.keyboard.insertText(' Take care!');
  await yelp.waitForTimeout(400);
  assert.ok(['block', 'warn'].includes(await yelpBadge()), 'still marked');
});

test('a pack cannot widen where Scrubs runs: a profile for a host the browser did not grant is never used', async () => {
  const granted = await b.sw.evaluate(() => chrome.permissions.getAll());
  const elsewhere = { id: 'elsewhere', platform: 'tiktok', hosts: ['www.tiktok.com', '*.tiktok.com'], frames: true, composers: [{ id: 'c', selector: 'textarea', mode: 'comment', keys: ['Enter'] }] };
  packs.state.body = sign(5, { pack: { ...PACK, sites: [await mendedYelp(), elsewhere] } });
  packs.state.etag = '"s5"';
  assert.equal((await update()).status, 'updated');
  assert.ok((await classifier()) && (await status()).engine.version === 5);
  const p = await b.context.newPage();
  await p.goto('https://www.tiktok.com/@lakesidepeds/video/1');
  await p.click('#box');
  await p.keyboard.insertText(RISKY);
  await p.waitForTimeout(1500);
  assert.equal(await ui(p, (root) => !!root), false, 'nothing drawn there, though the profile names that very box');
  await p.close();
  assert.deepEqual(await b.sw.evaluate(() => chrome.permissions.getAll()), granted, 'the permissions are the same');
  assert.equal(await b.sw.evaluate(() => chrome.permissions.contains({ origins: ['https://www.tiktok.com/*'] })), false);
  const registered = await b.sw.evaluate(() => chrome.scripting.getRegisteredContentScripts());
  assert.deepEqual(registered.filter((c) => c.matches.some((m) => m.includes('tiktok'))), [], 'no content script registered for it');
  const manifest = await b.sw.evaluate(() => chrome.runtime.getManifest().content_scripts.flatMap((c) => c.matches));
  assert.ok(!manifest.some((m) => m.includes('tiktok')));
  await yelp.close();
});

test('a pack that expires while in use stays in use and shows "rules out of date"', async () => {
  packs.state.body = sign(8, { expires: '2s' });
  packs.state.etag = '"v8"';
  assert.equal((await update()).status, 'updated');
  await new Promise((r) => setTimeout(r, 2300));
  const st = await status();
  assert.equal(st.pack.version, 8);
  assert.ok(st.pack.stale, 'stale');
  assert.equal(await b.sw.evaluate(() => chrome.action.getBadgeText({})), '!');
  const popup = await extPage(b.context, 'popup/popup.html');
  await popup.waitForSelector('#stale:not([hidden])');
  assert.match(await popup.textContent('#stale'), /Rules out of date/);
  await shot(popup, 'popup-stale');
  await popup.close();
  const r = await send('engine.restart');
  assert.equal(r.info.version, 8, 'reloaded after a restart even though it has expired since');
});

test('counts go to the server as the events schema says, and nothing else', async () => {
  await send('telemetry.count', { verdict: 'block', kinds: ['identifier.name', 'health.condition'], outcome: 'posted_anyway', reason: 'consent', text: 'Mateo Alvarez has chemo' });
  const r = await send('telemetry.send');
  assert.ok(r.sent >= 1, JSON.stringify(r));
  const post = packs.state.seen.filter((s) => s.url === '/v1/events' && s.method === 'POST').at(-1);
  assert.equal(post.headers['scrubs-enrolment-key'], 'scrubs-enrol-test');
  const body = JSON.parse(post.body);
  for (const e of body.events) assert.deepEqual(Object.keys(e).filter((k) => !['count', 'kinds', 'outcome', 'reason', 'site', 'verdict', 'week'].includes(k)), []);
  assert.ok(!post.body.includes('Mateo'));
  const again = await send('telemetry.send');
  assert.equal(again.sent, 0, 'rows are sent once');
});

test('a key rotation moves the extension to the new key, and the old key is refused from then on', async () => {
  const k2 = join(dir, 'k2');
  const k2pub = join(dir, 'k2.pub');
  writeFileSync(k2pub, execFileSync(scrubs, ['pack', 'keygen', k2]));
  const root = join(dir, 'root.json');
  writeFileSync(root, execFileSync(scrubs, ['pack', 'root', '--version', '1', '--keys', k2pub, '--min-pack-version', '8', '--sign', join(dir, 'key'), '--sign', k2]));
  const f = join(dir, 'pack-rotated.json');
  writeFileSync(f, JSON.stringify(PACK));
  packs.state.body = execFileSync(scrubs, ['pack', 'sign', '--key', k2, '--version', '9', '--root', root, f], { encoding: 'utf8' });
  packs.state.etag = '"r9"';
  const r = await update();
  assert.equal(r.status, 'updated', JSON.stringify(r));
  assert.equal((await status()).engine.version, 9);
  await refused(sign(10), 'unknown_key', '"old10"', 9);
  const again = await send('engine.restart');
  assert.equal(again.info.version, 9, 'the rotated pack comes back after a restart');
  assert.equal(await opts.evaluate(() => chrome.storage.local.get('learnedKeys').then((v) => v.learnedKeys)), undefined);
});

test('revoking the key of the pack in use drops it at once, and lifting the revocation brings it back', async () => {
  const k2 = readFileSync(join(dir, 'k2.pub'), 'utf8').trim();
  const id = createHash('sha256').update(Buffer.from(k2.split(':')[1], 'base64')).digest('hex').slice(0, 16);
  const engineVersion = async (want) => {
    let v;
    for (let i = 0; i < 50 && v !== want; i++) {
      v = (await status()).engine?.version;
      if (v !== want) await opts.waitForTimeout(100);
    }
    return v;
  };
  await opts.evaluate((id) => chrome.storage.local.set({ revokedKeyIds: [id] }), id);
  assert.equal(await engineVersion(0), 0, 'the built-in rules, not the pack of the revoked key');
  await opts.evaluate(() => chrome.storage.local.set({ revokedKeyIds: [] }));
  assert.equal(await engineVersion(9), 9);
});

test('a content script can neither load a pack into the offscreen document nor touch storage.local; it gets its settings by message (review M2)', async () => {
  const evil = join(dir, 'evil');
  const evilPub = execFileSync(scrubs, ['pack', 'keygen', evil], { encoding: 'utf8' }).trim();
  const f = join(dir, 'pack-evil.json');
  writeFileSync(f, JSON.stringify({ ...PACK, name: 'EVIL pack loaded by a content script' }));
  const env = execFileSync(scrubs, ['pack', 'sign', '--key', evil, '--version', String(2 ** 53 - 1), f], { encoding: 'utf8' });
  const before = (await status()).engine.version;
  const fb = await b.context.newPage();
  await fb.goto('https://www.facebook.com/');
  const tabId = await b.sw.evaluate(async () => (await chrome.tabs.query({ url: 'https://www.facebook.com/*' }))[0].id);
  // chrome.scripting.executeScript into the isolated world is a content script
  const [{ result }] = await b.sw.evaluate(
    ([tabId, env, key]) =>
      chrome.scripting.executeScript({
        target: { tabId },
        world: 'ISOLATED',
        args: [env, key],
        func: async (env, key) => {
          const out = {};
          const attempt = async (name, f) => {
            try {
              out[name] = await f();
            } catch (e) {
              out[name] = `threw: ${e.message}`;
            }
          };
          await attempt('load', () => chrome.runtime.sendMessage({ target: 'offscreen', type: 'offscreen.load-envelope', envelope: env, options: { keys: [key] } }));
          await attempt('write', () => chrome.storage.local.set({ serverUrl: 'https://attacker.example', publicKeys: [key] }).then(() => 'written'));
          await attempt('read', () => chrome.storage.local.get('publicKeys'));
          await attempt('settings', () => chrome.runtime.sendMessage({ type: 'settings.content' }));
          return out;
        },
      }),
    [tabId, env, evilPub],
  );
  await fb.close();
  assert.equal(result.load?.ok, false, JSON.stringify(result.load));
  assert.equal(result.load.code, 'forbidden');
  assert.match(String(result.write), /^threw/, 'storage.local is not writable from a content script');
  assert.match(String(result.read), /^threw/, 'nor readable');
  // the site's switch, the words allowed, and the policy's switches for the guard and card: nothing else
  assert.deepEqual(result.settings, { ok: true, settings: { disabledSites: [], allowed: [], blockIsFinal: false, overrideReasons: OVERRIDE_REASONS, overrideReasonsSet: false, allowFalseAlarmWords: true } });
  const st = await status();
  assert.equal(st.engine.version, before, 'the module still runs the pack it had');
  assert.notEqual(st.engine.name, 'EVIL pack loaded by a content script');
  const stored = await opts.evaluate(() => chrome.storage.local.get(['serverUrl', 'publicKeys']));
  assert.equal(stored.serverUrl, packs.url);
  assert.ok(!stored.publicKeys.includes(evilPub));
  // the service worker itself still loads packs (the earlier tests), and
  // answers the status through the offscreen document
  assert.ok(st.engine, 'the offscreen document still answers the service worker');
});
