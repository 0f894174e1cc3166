// The extension under a real managed policy, as an organisation deploys
// it: Debian's Chromium reads /etc/chromium/policies/managed/*.json at
// start, and the policy's 3rdparty part reaches chrome.storage.managed.
// That folder is the machine's, so each test writes its own file and
// removes it in finally (and on exit), and runs under the suites' lock
// (scripts/test-extension): no other browser starts while a file is there.
//
//   1. the roll-out kit of the real server (go build ./server), pasted
//      where the kit says: Chromium force-installs the CRX the server
//      signs, from its update manifest, under the id the kit names; the
//      extension reads the kit's policy and takes the server's rules.
//   2. the unpacked build (its manifest key fixes the id) under the
//      policy switches: a final block, locked sites, the reasons offered,
//      no allowed words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, EXTENSION_ID, FLAGS, ROOT, extPage, launch, marks, press, typeFresh, ui, uiHas } from './harness.js';
import { classifier } from './classifier.js';

const POLICY_DIR = process.env.SCRUBS_POLICY_DIR || '/etc/chromium/policies/managed';

// withPolicy writes policy as this test's file in the managed folder,
// runs f, and removes the file whatever happens.
async function withPolicy(policy, f) {
  try {
    mkdirSync(POLICY_DIR, { recursive: true });
  } catch (e) {
    throw new Error(`cannot write Chromium's managed policy folder ${POLICY_DIR} (run as root, or set SCRUBS_POLICY_DIR): ${e.message}`);
  }
  const file = join(POLICY_DIR, `scrubs-test-${process.pid}.json`);
  const gone = () => rmSync(file, { force: true });
  process.once('exit', gone);
  writeFileSync(file, JSON.stringify(policy, null, 2));
  try {
    return await f();
  } finally {
    gone();
    process.removeListener('exit', gone);
  }
}

// startServer runs the real server on a free port with a fresh data
// directory, serving this repository's build.
async function startServer() {
  const data = mkdtempSync(join(tmpdir(), 'scrubs-rollout-'));
  const bin = join(data, 'server');
  execFileSync('go', ['build', '-o', bin, './server'], { cwd: ROOT, stdio: 'inherit' });
  const token = 'rollout-test-token-0123456789';
  const proc = spawn(bin, ['-listen', '127.0.0.1:0', '-data', join(data, 'data'), '-root', ROOT], { env: { ...process.env, SCRUBS_ADMIN_TOKEN: token }, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let log = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${log}`)), 30000);
    proc.stderr.on('data', (c) => {
      log += c;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.on('exit', (code) => reject(new Error(`the server exited (${code}):\n${log}`)));
  });
  const stop = () => {
    try {
      process.kill(-proc.pid);
    } catch {
      // gone already
    }
    rmSync(data, { recursive: true, force: true });
  };
  return { url, token, stop };
}

// installed reads what chrome://extensions-internals says of id, waiting
// for the force-install (the updater fetches the manifest, then the CRX).
async function installed(context, id, timeout = 60000) {
  const p = await context.newPage();
  const end = Date.now() + timeout;
  try {
    for (;;) {
      await p.goto('chrome://extensions-internals');
      const all = JSON.parse(await p.evaluate(() => document.body.innerText));
      const ext = all.find((e) => e.id === id);
      if (ext) return ext;
      if (Date.now() > end) throw new Error(`${id} was not installed in ${timeout} ms; installed: ${all.map((e) => e.id).join(', ')}`);
      await p.waitForTimeout(1000);
    }
  } finally {
    await p.close();
  }
}

// managedOf is chrome.storage.managed as an extension page reads it,
// waited for (Chromium may read the policy a little after start).
function managedOf(page) {
  return page.evaluate(async () => {
    for (let i = 0; i < 40; i++) {
      const m = await chrome.storage.managed.get(null);
      if (Object.keys(m).length) return m;
      await new Promise((r) => setTimeout(r, 250));
    }
    return {};
  });
}

test('the roll-out kit, pasted where it says, force-installs the CRX the server signs, under the id the kit names', { timeout: 180000 }, async () => {
  const zip = join(ROOT, 'extension', 'dist', 'scrubs-chromium.zip');
  assert.ok(existsSync(zip), 'the extension is not built (scripts/build-extension)');
  const server = await startServer();
  try {
    const r = await fetch(`${server.url}/v1/rollout`, { headers: { Authorization: `Bearer ${server.token}` } });
    assert.equal(r.status, 200);
    const kit = await r.json();
    assert.equal(kit.update_url, `${server.url}/extension/updates.xml`, 'the kit names this server\'s update manifest');
    assert.notEqual(kit.chromium_id, EXTENSION_ID, 'the server\'s key, not the repository\'s, names the CRX');
    const file = kit.files.find((f) => f.name === 'scrubs-chrome-edge-policy.json');
    const policy = JSON.parse(file.body);
    assert.ok(policy.ExtensionSettings[kit.chromium_id] && policy['3rdparty'].extensions[kit.chromium_id], 'the policy names the kit\'s id');
    const version = JSON.parse(readFileSync(join(ROOT, 'extension', 'src', 'manifest.json'), 'utf8')).version;
    // the kit as it is, and one more policy for the test: Chromium keeps
    // DevTools (so Playwright) off pages of extensions a policy installed
    // unless DeveloperToolsAvailability allows it
    await withPolicy({ ...policy, DeveloperToolsAvailability: 1 }, async () => {
      const profile = mkdtempSync(join(tmpdir(), 'scrubs-chromium-'));
      // no --load-extension: the policy installs it. The updater is
      // background networking, so that flag is left out; the proxy that
      // takes everything but loopback is not.
      const flags = FLAGS.filter((f) => f !== '--disable-background-networking');
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: [...flags, '--proxy-server=http://127.0.0.1:9', '--proxy-bypass-list=<-loopback>;127.0.0.1'],
        ignoreDefaultArgs: ['--disable-extensions', '--disable-background-networking', '--disable-component-extensions-with-background-pages'],
      });
      try {
        const t0 = Date.now();
        const ext = await installed(context, kit.chromium_id);
        console.log(`# force-installed ${ext.id} ${ext.version} from ${server.url} in ${Date.now() - t0} ms`);
        assert.equal(ext.location, 'EXTERNAL_POLICY_DOWNLOAD', 'installed by the policy, from the update manifest');
        assert.equal(ext.version, version, 'the build the update manifest names');
        assert.equal(ext.name, 'Scrubs');
        // it runs under the kit's policy, with the CRX's key (Chromium puts
        // it in the manifest), and takes its rules from this server, signed
        // with the key the kit pins
        const p = await context.newPage();
        await p.goto(`chrome-extension://${kit.chromium_id}/options/options.html`);
        const managed = await managedOf(p);
        assert.deepEqual(managed, policy['3rdparty'].extensions[kit.chromium_id], 'chrome.storage.managed holds the kit\'s 3rdparty policy');
        const key = await p.evaluate(() => chrome.runtime.getManifest().key);
        const sum = createHash('sha256').update(Buffer.from(key, 'base64')).digest('hex').slice(0, 32);
        assert.equal([...sum].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join(''), kit.chromium_id, 'the id follows from the key Chromium installed it with');
        const st = await p.evaluate(async () => {
          await chrome.runtime.sendMessage({ type: 'pack.update-now' });
          for (let i = 0; i < 40; i++) {
            const s = await chrome.runtime.sendMessage({ type: 'status.get' });
            if (s?.pack?.source === 'server') return s.pack;
            await new Promise((r) => setTimeout(r, 250));
          }
          return (await chrome.runtime.sendMessage({ type: 'status.get' }))?.pack;
        });
        assert.equal(st?.source, 'server', `the rules come from the server: ${JSON.stringify(st)}`);
        assert.equal(st.version, 1, 'the server\'s first pack');
      } finally {
        await context.close().catch(() => {});
        rmSync(profile, { recursive: true, force: true });
      }
    });
  } finally {
    server.stop();
  }
});

// typeInto empties a test page's composer and types text into it.
async function typeInto(page, sel, text) {
  page.__sel = sel;
  await page.bringToFront();
  await typeFresh(page, sel, text);
}

async function waitMarks(page, want, timeout = 8000) {
  const end = Date.now() + timeout;
  let m;
  while (Date.now() < end) {
    m = await marks(page, page.__sel);
    if (want(m)) return m;
    await page.waitForTimeout(60);
  }
  return m;
}

const roles = (page, sel) => ui(page, (root, sel) => [...(root?.querySelectorAll(sel) || [])].filter((e) => e.getClientRects().length).map((e) => e.getAttribute('data-scrubs') + (e.value ? `=${e.value}` : '')), sel);

test('under the policy switches: a block is final, the site switch is locked, the policy\'s reasons only, words stay marked', { timeout: 180000 }, async () => {
  const switches = { blockIsFinal: true, lockSites: true, overrideReasons: ['consent_on_file', 'other'], allowFalseAlarmWords: false };
  const scrubs = await classifier();
  const BLOCK = 'Mateo Alvarez is doing great after chemo, thanks for asking!';
  const WARN = 'Had a patient today who made me laugh so hard';
  const FALSE_ALARM = 'We missed you at the staff picnic, Dana!';
  assert.equal(scrubs.classify({ text: BLOCK, mode: 'comment', platform: 'facebook' }).verdict, 'block', 'detection not there yet?');
  assert.equal(scrubs.classify({ text: WARN, mode: 'post', platform: 'facebook' }).verdict, 'warn', 'detection not there yet?');
  const alarm = scrubs.classify({ text: FALSE_ALARM, mode: 'post', platform: 'facebook' });
  assert.notEqual(alarm.verdict, 'ok', 'no false alarm to report (the classifier got better?): pick another');
  await withPolicy({ '3rdparty': { extensions: { [EXTENSION_ID]: switches } } }, async () => {
    const b = await launch();
    try {
      // the policy reaches the extension (Chromium may read it a little late)
      const opts = await extPage(b.context);
      const got = await managedOf(opts);
      assert.deepEqual(got, switches, 'chrome.storage.managed holds the 3rdparty policy');
      // staff switched the site off before the policy came: it is on, and the switch does not move
      await opts.evaluate(() => chrome.storage.local.set({ disabledSites: ['www.facebook.com'] }));
      await opts.close();
      const popup = await extPage(b.context, 'popup/popup.html');
      const shown = await popup.evaluate(async () => {
        chrome.tabs.query = async () => [{ url: 'https://www.facebook.com/' }];
        await import('./popup.js?policy');
        await new Promise((r) => setTimeout(r, 500));
        const $ = (id) => document.getElementById(id);
        return { on: $('site-on').checked, disabled: $('site-on').disabled, locked: !$('site-locked').hidden };
      });
      assert.deepEqual(shown, { on: true, disabled: true, locked: true }, 'the popup\'s site switch is on and locked');
      await popup.close();

      const fb = await b.context.newPage();
      await fb.goto('https://www.facebook.com/');
      // a block: Edit (and the privacy officer where there is one), no Post anyway
      await typeInto(fb, '#fb-comment', BLOCK);
      await waitMarks(fb, (m) => m.badge === 'block');
      await fb.keyboard.press('Enter');
      await uiHas(fb, (root) => !!root?.querySelector('[data-scrubs="guard"]'));
      const blockActions = await roles(fb, '[data-scrubs="guard-actions"] button');
      assert.ok(blockActions.includes('guard-edit'), blockActions.join());
      assert.ok(!blockActions.includes('guard-anyway') && !blockActions.includes('guard-confirm'), `no Post anyway on a final block: ${blockActions}`);
      assert.match(await ui(fb, (root) => root.querySelector('[data-scrubs="guard-final"]').textContent), /policy/);
      await press(fb, 'guard-edit');
      assert.equal(await fb.evaluate(() => document.querySelectorAll('#posted li').length), 0, 'nothing posted');

      // a warn asks why, offering the policy's reasons only
      await typeInto(fb, '#fb-post', WARN);
      await waitMarks(fb, (m) => m.badge === 'warn');
      await fb.click('#fb-post-btn');
      await press(fb, 'guard-anyway');
      const offered = await roles(fb, 'input[name="scrubs-reason"]');
      assert.deepEqual(offered, ['override-choice=consent_on_file', 'override-choice=other']);
      await press(fb, 'input[value="other"]');
      await press(fb, 'guard-confirm');
      await fb.waitForFunction(() => document.querySelectorAll('#posted li').length === 1);
      const opts2 = await extPage(b.context);
      const decisions = await opts2.evaluate(async () => (await chrome.storage.local.get('decisions')).decisions || {});
      const rows = Object.keys(decisions).map((k) => JSON.parse(k));
      assert.ok(rows.some((k) => k[2] === 'warn' && k[4] === 'posted_anyway' && k[5] === 'other'), `the warn's override is counted with its reason: ${JSON.stringify(rows)}`);

      // "Not a problem" counts, but offers no allowance, and the words stay marked
      await typeInto(fb, '#fb-post', FALSE_ALARM);
      const before = await waitMarks(fb, (m) => m.badge === alarm.verdict);
      const box = await fb.evaluate(() => { const r = document.querySelector('#fb-post').getBoundingClientRect(); return { left: r.left, top: r.top, right: r.right, bottom: r.bottom }; });
      const at = await ui(fb, (root, c) => {
        const m = [...root.querySelectorAll('[data-scrubs="mark"]')].find((e) => { const r = e.getBoundingClientRect(); return r.left >= c.left - 1 && r.right <= c.right + 1 && r.top >= c.top - 1 && r.bottom <= c.bottom + 4; });
        const r = m.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      }, box);
      await fb.mouse.move(at.x, at.y);
      await press(fb, 'not-a-problem');
      await uiHas(fb, (root) => root.querySelector('[data-scrubs="false-alarm-what"]'));
      assert.equal(await ui(fb, (root) => !!root.querySelector('[data-scrubs="false-alarm-allow"]')), false, 'no "don\'t mark these words again"');
      await press(fb, 'false-alarm-report');
      await fb.waitForTimeout(500);
      const after = await marks(fb, '#fb-post');
      assert.equal(after.block + after.warn, before.block + before.warn, 'the words are still marked');
      const counted = await opts2.evaluate(async () => ({ d: (await chrome.storage.local.get('decisions')).decisions || {}, allowed: (await chrome.storage.local.get('allowed')).allowed || [] }));
      assert.ok(Object.keys(counted.d).some((k) => JSON.parse(k)[4] === 'false_alarm'), 'the false alarm is counted');
      assert.deepEqual(counted.allowed, [], 'and nothing is allowed on this device');
      // nor can a page's script get an allowance past the policy: the background refuses it
      const refused = await opts2.evaluate(() => chrome.runtime.sendMessage({ type: 'allow.add', hashes: ['abc123'] }));
      assert.equal(refused.ok, false, JSON.stringify(refused));
      await opts2.close();
    } finally {
      await b.close();
    }
  });
  assert.ok(!existsSync(join(POLICY_DIR, `scrubs-test-${process.pid}.json`)), 'the policy file is gone');
});
