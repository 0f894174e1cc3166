// Small pieces that need no browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zip } from '../tools/zip.mjs';
import { bundle } from '../tools/bundle.mjs';
import vm from 'node:vm';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test('the content bundle: one classic script, dependencies first, live exports; other module syntax is refused by file and line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scrubs-bundle-'));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'count.js'), "export let n = 0;\nexport function bump() { n++; }\nconst hidden = 1;\nexport { hidden as shown };\n");
  writeFileSync(join(dir, 'main.js'), "import { bump, n as before, shown } from './sub/count.js';\nimport * as c from './sub/count.js';\nexport function main() { bump(); globalThis.out = [before, c.n, shown]; }\n");
  const code = bundle(join(dir, 'main.js'), { root: dir, call: 'main' });
  const ctx = vm.createContext({});
  vm.runInContext(code, ctx);
  assert.deepEqual([...ctx.out], [0, 1, 1], 'imports bound, the namespace live');
  assert.ok(!/^\s*(import|export)\b/m.test(code), 'no module syntax left');
  writeFileSync(join(dir, 'main.js'), "const a = 1;\nexport default a;\n");
  assert.throws(() => bundle(join(dir, 'main.js'), { root: dir }), /main\.js:2: unsupported module syntax/);
  writeFileSync(join(dir, 'main.js'), "import x from 'lexical';\n");
  assert.throws(() => bundle(join(dir, 'main.js'), { root: dir }), /main\.js:1: only relative imports/);
  rmSync(dir, { recursive: true, force: true });
  const real = bundle(join(import.meta.dirname, '..', 'src', 'content', 'main.js'), { root: join(import.meta.dirname, '..', 'src'), call: 'main' });
  assert.doesNotThrow(() => new vm.Script(real), 'the real content script bundles and parses as a classic script');
});

test('zip writes an archive unzip reads back', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scrubs-zip-'));
  const files = [
    ['manifest.json', Buffer.from('{"a":1}')],
    ['content/main.js', Buffer.from('x'.repeat(10000))],
  ];
  writeFileSync(join(dir, 'a.zip'), zip(files));
  execFileSync('unzip', ['-q', join(dir, 'a.zip'), '-d', join(dir, 'out')]);
  assert.equal(readFileSync(join(dir, 'out', 'content', 'main.js'), 'utf8'), 'x'.repeat(10000));
  rmSync(dir, { recursive: true, force: true });
});

test('weeks start on Monday (UTC), as the server counts them', async () => {
  globalThis.chrome = { storage: { local: { get: async () => ({}), set: async () => {} } } };
  const { week } = await import('../src/background/telemetry.js');
  assert.equal(week(Date.UTC(2026, 10, 22, 23)), '2026-11-16'); // a Sunday
  assert.equal(week(Date.UTC(2026, 10, 23, 0)), '2026-11-23'); // the Monday after
});

function fakeStorage(store = {}) {
  return {
    get: async (k) => Object.fromEntries((Array.isArray(k) ? k : [k]).map((x) => [x, store[x]])),
    set: async (o) => Object.assign(store, o),
    remove: async (ks) => ks.forEach((k) => delete store[k]),
  };
}

test('decisions keep only known shapes: no text, no stray kinds, reasons or rules', async () => {
  const store = {};
  globalThis.chrome = { storage: { local: fakeStorage(store) } };
  const { decision } = await import(`../src/background/telemetry.js?${Date.now()}`);
  const at = Date.UTC(2026, 10, 20);
  assert.equal(await decision({ verdict: 'block', kinds: ['identifier.name', 'Mateo has chemo', 'health.condition'], site: 'www.facebook.com', outcome: 'posted_anyway', reason: 'consent' }, at), true);
  assert.equal(await decision({ verdict: 'block', kinds: ['health.condition'], site: 'www.facebook.com', outcome: 'posted_anyway', reason: 'Mateo said so' }, at), true);
  assert.equal(await decision({ verdict: 'warn', kinds: ['health.condition'], site: 'Mateo Alvarez', outcome: 'false_alarm', rules: ['conditions-en-procedures', 'Mateo has chemo', 7], reason: 'x' }, at), true);
  assert.equal(await decision({ verdict: 'maybe', kinds: ['identifier.name'], outcome: 'stopped' }), false);
  assert.equal(await decision({ verdict: 'warn', kinds: ['identifier.name'], outcome: 'shrugged' }), false);
  assert.equal(await decision({ verdict: 'warn', kinds: ['Mateo'], outcome: 'stopped' }), false);
  assert.deepEqual(Object.keys(store.decisions).map((k) => JSON.parse(k)).sort(), [
    ['2026-11-16', 'other', 'warn', ['health.condition'], 'false_alarm', '', ['conditions-en-procedures']],
    ['2026-11-16', 'www.facebook.com', 'block', ['health.condition'], 'posted_anyway', 'other', []],
    ['2026-11-16', 'www.facebook.com', 'block', ['health.condition', 'identifier.name'], 'posted_anyway', 'consent_on_file', []],
  ].sort());
});

test('the older count() call makes one decision per post: the override replaces the stop', async () => {
  const store = {};
  globalThis.chrome = { storage: { local: fakeStorage(store) } };
  const { count, thisWeek } = await import(`../src/background/telemetry.js?${Date.now()}`);
  const now = Date.now();
  const ev = { verdict: 'block', kinds: ['health.condition', 'identifier.name'], site: 'www.facebook.com', tab: 4 };
  await count({ ...ev, override: false }, now);
  await count({ ...ev, override: true }, now + 5000);
  await count({ ...ev, override: false, tab: 5 }, now);
  await count({ verdict: 'warn', kinds: ['identifier.phone'], site: 'www.facebook.com', override: false, tab: 6 }, now);
  const rows = Object.entries(store.decisions).map(([k, n]) => [JSON.parse(k)[4], n]).sort();
  assert.deepEqual(rows, [['posted_anyway', 1], ['stopped', 1], ['warned', 1]]);
  assert.deepEqual(await thisWeek(now), { warn: 1, block: 2, override: 1, falseAlarm: 0 });
});

test('flush sends per-post events with the enrolment key, once, and nothing else', async () => {
  const store = { counts: { 'old|row': 3 } };
  globalThis.chrome = { storage: { local: fakeStorage(store) } };
  const seen = [];
  globalThis.fetch = async (url, init) => {
    seen.push({ url, init });
    return { ok: true, status: 204 };
  };
  const { decision, flush } = await import(`../src/background/telemetry.js?${Date.now()}`);
  for (let i = 0; i < 502; i++) await decision({ verdict: 'warn', kinds: ['identifier.phone'], site: 'www.facebook.com', outcome: 'warned' });
  await decision({ verdict: 'block', kinds: ['health.condition'], site: 'www.instagram.com', outcome: 'posted_anyway', reason: 'not-patient' });
  assert.deepEqual(await flush({ telemetry: true, serverUrl: 'https://s.example/', enrolmentKey: '' }), { sent: 0, status: 'no enrolment key' });
  assert.equal(seen.length, 0);
  const r = await flush({ telemetry: true, serverUrl: 'https://s.example/', enrolmentKey: 'scrubs-enrol-abc' });
  assert.equal(r.sent, 3);
  assert.equal(seen[0].url, 'https://s.example/v1/events');
  assert.equal(seen[0].init.headers['Scrubs-Enrolment-Key'], 'scrubs-enrol-abc');
  const body = JSON.parse(seen[0].init.body);
  const week = body.events[0].week;
  assert.deepEqual(body.events.map((e) => e.count).sort((a, b) => a - b), [1, 2, 500], 'a row counts at most 500');
  for (const e of body.events) {
    assert.deepEqual(Object.keys(e).filter((k) => !['week', 'site', 'verdict', 'kinds', 'outcome', 'count', 'reason'].includes(k)), []);
  }
  assert.deepEqual(body.events.find((e) => e.outcome === 'posted_anyway'),
    { week, site: 'www.instagram.com', verdict: 'block', kinds: ['health.condition'], outcome: 'posted_anyway', reason: 'not_about_a_patient', count: 1 });
  assert.equal(store.counts, undefined, 'the older rows are dropped');
  assert.deepEqual(await flush({ telemetry: true, serverUrl: 'https://s.example', enrolmentKey: 'scrubs-enrol-abc' }), { sent: 0 });
  assert.equal(seen.length, 1, 'rows are sent once');
  delete globalThis.fetch;
});

test('a policy (storage.managed) wins over the user and locks what it sets', async () => {
  const local = { serverUrl: 'https://mine.example', telemetry: false, sites: ['https://a.example'] };
  const managed = { serverUrl: 'https://org.example', publicKeys: ['scrubs-ed25519:AAAA'] };
  globalThis.chrome = {
    storage: {
      local: { get: async (keys) => Object.fromEntries(keys.filter((k) => k in local).map((k) => [k, local[k]])), set: async (o) => Object.assign(local, o) },
      managed: { get: async (keys) => Object.fromEntries(keys.filter((k) => k in managed).map((k) => [k, managed[k]])) },
    },
  };
  const settings = await import(`../src/shared/settings.js?${Date.now()}`);
  const s = await settings.load();
  assert.equal(s.serverUrl, 'https://org.example');
  assert.deepEqual(s.publicKeys, ['scrubs-ed25519:AAAA']);
  assert.equal(s.telemetry, false);
  assert.deepEqual(s.sites, ['https://a.example']);
  assert.deepEqual(s.locked.sort(), ['publicKeys', 'serverUrl']);
  const put = await settings.save({ serverUrl: 'https://other.example', updateIntervalMinutes: 30 });
  assert.deepEqual(put, { updateIntervalMinutes: 30 }, 'a locked key is not saved');
});

test('the server address must be https, except on this machine, in options and in policy (review L6)', async () => {
  const settings = await import(`../src/shared/settings.js?${Date.now()}`);
  for (const ok of ['', 'https://scrubs.example.org', 'https://scrubs.example.org:8443/base', 'http://localhost:8787', 'http://127.0.0.1:8787', 'http://[::1]:8787']) {
    assert.equal(settings.checkServerUrl(ok), '', ok);
  }
  for (const bad of ['http://scrubs.example.org', 'http://127.0.0.2', 'http://localhost.example.org', 'ftp://scrubs.example.org', 'scrubs.example.org', 'https://user:pw@scrubs.example.org']) {
    assert.notEqual(settings.checkServerUrl(bad), '', bad);
  }
  assert.match(settings.checkServerUrl('http://scrubs.example.org'), /must start with https:\/\//);
  const local = { serverUrl: 'http://mine.example' };
  const managed = {};
  globalThis.chrome = {
    storage: {
      local: { get: async (keys) => Object.fromEntries(keys.filter((k) => k in local).map((k) => [k, local[k]])) },
      managed: { get: async (keys) => Object.fromEntries(keys.filter((k) => k in managed).map((k) => [k, managed[k]])) },
    },
  };
  let s = await settings.load();
  assert.equal(s.serverUrl, '', 'an http:// address from the options is not used');
  assert.match(s.serverUrlError, /https/);
  const policy = await import(`../src/shared/settings.js?policy${Date.now()}`);
  managed.serverUrl = 'http://org.example';
  s = await policy.load();
  assert.equal(s.serverUrl, '', 'nor one from the policy');
  assert.ok(s.locked.includes('serverUrl'));
  managed.serverUrl = 'https://org.example';
  const good = await import(`../src/shared/settings.js?good${Date.now()}`);
  s = await good.load();
  assert.equal(s.serverUrl, 'https://org.example');
  assert.equal(s.serverUrlError, '');
});

test('a content script gets only its site\'s switch and the words allowed on this device (review M2)', async () => {
  const settings = await import(`../src/shared/settings.js?${Date.now()}`);
  const s = { ...settings.DEFAULTS, disabledSites: ['www.instagram.com', 'www.facebook.com'], serverUrl: 'https://x.example', enrolmentKey: 'k' };
  const switches = { blockIsFinal: false, overrideReasons: settings.DEFAULTS.overrideReasons, overrideReasonsSet: false, allowFalseAlarmWords: true };
  assert.deepEqual(settings.forContent(s, 'www.facebook.com'), { disabledSites: ['www.facebook.com'], allowed: [], ...switches });
  assert.deepEqual(settings.forContent(s, 'www.messenger.com'), { disabledSites: [], allowed: [], ...switches });
  assert.deepEqual(settings.CONTENT_KEYS, ['disabledSites', 'allowed', 'blockIsFinal', 'overrideReasons', 'allowFalseAlarmWords', 'lockSites']);
  // in a page, load() asks the background and falls back to checking
  globalThis.location = { href: 'https://www.facebook.com/' };
  const asked = [];
  globalThis.chrome = {
    runtime: { getURL: (p) => `chrome-extension://abc/${p}`, sendMessage: async (m) => (asked.push(m), { ok: true, settings: { disabledSites: ['www.facebook.com'], serverUrl: 'https://evil.example' } }) },
    storage: { local: { get: async () => assert.fail('a content script reads storage.local') }, managed: { get: async () => ({}) } },
  };
  try {
    const inPage = await import(`../src/shared/settings.js?page${Date.now()}`);
    assert.ok(inPage.inContentScript());
    const got = await inPage.load();
    assert.deepEqual(asked, [{ type: 'settings.content' }]);
    assert.equal(inPage.siteEnabled(got, 'www.facebook.com'), false);
    assert.equal(got.serverUrl, '', 'nothing but the content keys is taken from the answer');
    globalThis.chrome.runtime.sendMessage = async () => {
      throw new Error('Extension context invalidated.');
    };
    assert.equal(inPage.siteEnabled(await inPage.load(), 'www.facebook.com'), true, 'without an answer Scrubs stays on');
  } finally {
    delete globalThis.location;
  }
});

// A settings module reading these stores (a fresh copy: each keeps its
// own policy cache).
async function settingsWith(local, managed) {
  globalThis.chrome = {
    storage: {
      local: {
        get: async (keys) => Object.fromEntries(keys.filter((k) => k in local).map((k) => [k, local[k]])),
        set: async (o) => Object.assign(local, o),
      },
      managed: { get: async (keys) => Object.fromEntries(keys.filter((k) => k in managed).map((k) => [k, managed[k]])) },
    },
  };
  return import(`../src/shared/settings.js?switches${Math.random()}`);
}

test('the policy switches: a final block, locked sites, the reasons offered, no allowed words; the user cannot undo them', async () => {
  const { OVERRIDE_REASONS } = await import('../src/shared/kinds.js');
  // without a policy: Post anyway, the site switch, all reasons, words may be allowed
  const local = { disabledSites: ['www.facebook.com'], allowed: ['abc123'] };
  let settings = await settingsWith(local, {});
  let s = await settings.load();
  assert.equal(s.blockIsFinal, false);
  assert.deepEqual(s.disabledSites, ['www.facebook.com']);
  assert.ok(!s.locked.includes('disabledSites'));
  assert.deepEqual(s.overrideReasons, OVERRIDE_REASONS);
  assert.equal(s.overrideReasonsSet, false, 'a warn asks no reason unless the policy names them');
  assert.deepEqual(settings.forContent(s, 'www.facebook.com').allowed, ['abc123']);
  // the policy's switches win, and what staff set before no longer counts
  const managed = { blockIsFinal: true, lockSites: true, overrideReasons: ['consent_on_file', 'made_up', 'other', 'consent_on_file'], allowFalseAlarmWords: false };
  settings = await settingsWith(local, managed);
  s = await settings.load();
  assert.equal(s.blockIsFinal, true);
  assert.deepEqual(s.disabledSites, [], 'a site staff switched off is on again');
  assert.ok(s.locked.includes('disabledSites'), 'the popup shows the switch as locked');
  assert.deepEqual(s.overrideReasons, ['consent_on_file', 'other'], 'known categories only, in the policy\'s order, once');
  assert.equal(s.overrideReasonsSet, true);
  const c = settings.forContent(s, 'www.facebook.com');
  assert.deepEqual(c, { disabledSites: [], allowed: [], blockIsFinal: true, overrideReasons: ['consent_on_file', 'other'], overrideReasonsSet: true, allowFalseAlarmWords: false });
  // the user cannot switch a site off, or allow words, past the policy
  const put = await settings.save({ disabledSites: ['www.instagram.com'], allowed: ['def456'], telemetry: false });
  assert.deepEqual(put, { telemetry: false });
  assert.deepEqual(local.disabledSites, ['www.facebook.com']);
  // a policy of unknown reasons only offers the defaults; a policy that locks the sites it lists keeps them
  settings = await settingsWith({}, { overrideReasons: ['made_up'], lockSites: true, disabledSites: ['www.messenger.com'] });
  s = await settings.load();
  assert.deepEqual(s.overrideReasons, OVERRIDE_REASONS);
  assert.deepEqual(s.disabledSites, ['www.messenger.com']);
  assert.equal(s.locked.filter((k) => k === 'disabledSites').length, 1);
  // in a page: the switches come from the background, the reasons cleaned again
  globalThis.location = { href: 'https://www.facebook.com/' };
  globalThis.chrome = {
    runtime: { getURL: (p) => `chrome-extension://abc/${p}`, sendMessage: async () => ({ ok: true, settings: { ...c, overrideReasons: ['other', '<b>x</b>'] } }) },
    storage: { local: { get: async () => assert.fail('a content script reads storage.local') }, managed: { get: async () => ({}) } },
  };
  try {
    const inPage = await import(`../src/shared/settings.js?switchpage${Date.now()}`);
    const got = await inPage.load();
    assert.equal(got.blockIsFinal, true);
    assert.equal(got.allowFalseAlarmWords, false);
    assert.deepEqual(got.overrideReasons, ['other']);
    assert.equal(got.overrideReasonsSet, true);
  } finally {
    delete globalThis.location;
  }
});

test('the managed schema and the example policies name every switch, with the types the settings expect', () => {
  const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'src', 'managed_schema.json'), 'utf8'));
  const types = { blockIsFinal: 'boolean', lockSites: 'boolean', allowFalseAlarmWords: 'boolean', overrideReasons: 'array' };
  for (const [k, t] of Object.entries(types)) assert.equal(schema.properties[k]?.type, t, `managed_schema.json: ${k}`);
  return import('../src/shared/kinds.js').then(({ OVERRIDE_REASONS }) => {
    assert.deepEqual(schema.properties.overrideReasons.items.enum, OVERRIDE_REASONS);
    const chromium = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'policies', 'policies.chromium.example.json'), 'utf8'));
    const firefox = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'policies', 'policies.firefox.example.json'), 'utf8'));
    for (const pol of [Object.values(chromium['3rdparty'].extensions)[0], Object.values(firefox.policies['3rdparty'].Extensions)[0]]) {
      for (const k of Object.keys(types)) assert.ok(k in pol, `an example policy lacks ${k}`);
      for (const k of Object.keys(pol)) assert.ok(k in schema.properties, `an example policy names ${k}, which the schema does not`);
    }
  });
});

test('the status says why the rules are out of date: refused, unreachable, or an answer that is out of date (review L8, M3)', async () => {
  const local = {};
  globalThis.chrome = { storage: { local: { get: async (k) => (k in local ? { [k]: local[k] } : {}), set: async (o) => Object.assign(local, o) } } };
  const packs = await import(`../src/background/packs.js?${Date.now()}`);
  const settings = { serverUrl: 'https://x.example', staleAfterDays: 14 };
  const now = Date.now();
  const reason = async (lastError) => {
    local.packCheck = { checkedAt: now, okAt: 0, lastError };
    return (await packs.status(settings, now)).staleReason;
  };
  assert.equal(await reason({ code: 'trap', message: 'the module trapped' }), "the server's rules were refused");
  assert.equal(await reason({ code: 'network', message: 'offline' }), 'the server could not be reached');
  assert.equal(await reason({ code: 'storage', message: 'QUOTA_BYTES quota exceeded' }), 'the rules could not be saved');
  local.packCheck = { checkedAt: now, okAt: now - 1000, lastError: { code: packs.NOT_FRESH, reason: 'expired', message: 'x' } };
  const st = await packs.status(settings, now);
  assert.deepEqual([st.stale, st.staleReason], [true, "the server's answer is out of date"]);
  local.pack = { version: 3, etag: '"v3"', envelope: '{}' };
  await packs.forgetEtag();
  assert.equal(local.pack.etag, '', 'a refused stored pack is fetched whole next time');
});

test('the badge counts problems, not marks: overlapping marks are one', async () => {
  const { problems } = await import('../src/content/badge.js');
  // "So glad your knee surgery went well, Karen!": the acknowledgement
  // holds two health marks; the name stands apart
  const karen = [
    { start: 0, end: 35 },
    { start: 13, end: 25 },
    { start: 18, end: 35 },
    { start: 37, end: 42 },
  ];
  assert.equal(problems(karen), 2);
  assert.equal(problems([]), 0);
  assert.equal(problems([{ start: 5, end: 9 }, { start: 0, end: 3 }]), 2, 'order does not matter');
  assert.equal(problems([{ start: 0, end: 5 }, { start: 5, end: 8 }]), 2, 'touching is not overlapping');
});

const builtInSites = () => JSON.parse(readFileSync(new URL('../../classifier/rules/sites.json', import.meta.url), 'utf8')).sites;

test('site profiles: the profile for a host and frame; frames only where a profile reads them; the fallback only on added sites', async () => {
  const { siteFor, hostMatch } = await import('../src/background/sites.js');
  const sites = builtInSites();
  const none = { sites: [] };
  const pick = (host, frameId = 0, settings = none) => siteFor(sites, { host, frameId }, settings)?.id ?? null;
  assert.equal(pick('www.facebook.com'), 'facebook');
  assert.equal(pick('business.google.com'), 'google-business');
  assert.equal(pick('business.google.com', 3), 'google-business', "Google's merchant panel is a frame");
  assert.equal(pick('www.facebook.com', 3), null, 'a Facebook frame is not read');
  assert.equal(pick('biz.yelp.com'), 'yelp-business');
  assert.equal(pick('x.com'), 'x');
  assert.equal(pick('social.example'), null, 'a site nobody added');
  assert.equal(pick('social.example', 0, { sites: ['https://social.example'] }), 'generic');
  assert.equal(pick('', 0, { sites: ['https://social.example'] }), null);
  assert.ok(hostMatch(['*.example.org'], 'a.example.org') && !hostMatch(['*.example.org'], 'example.org') && !hostMatch(['*.example.org'], 'badexample.org'));
  // a pack's profile comes first, and wins for its hosts
  const own = [{ id: 'mended', hosts: ['biz.yelp.com'], composers: [] }, ...sites];
  assert.equal(siteFor(own, { host: 'biz.yelp.com' }, none).id, 'mended');
});

test('the manifest runs the content script wherever a built-in profile reads, in frames where the profile reads frames (the merchant panel)', () => {
  const m = JSON.parse(readFileSync(new URL('../src/manifest.json', import.meta.url), 'utf8'));
  const covered = (host, frames) =>
    m.content_scripts.some((c) => (!frames || c.all_frames) && c.matches.some((p) => new URL(p.replace('/*', '/')).hostname === host));
  for (const s of builtInSites()) {
    for (const h of s.hosts || []) {
      assert.ok(covered(h, s.frames), `${s.id}: ${h}${s.frames ? ' in frames' : ''} has the content script`);
      assert.ok(m.host_permissions.some((p) => new URL(p.replace('/*', '/')).hostname === h), `${s.id}: ${h} is a host permission`);
    }
  }
  const google = m.content_scripts.find((c) => c.matches.includes('https://business.google.com/*'));
  assert.equal(google.match_origin_as_fallback, true, 'about:blank frames of the merchant panel too');
});

test('the site engine writes what a reply answers as the corpora do, and reads stars and labels', async () => {
  const { replyingTo } = await import('../src/content/site.js');
  const { labelMatch, stars } = await import('../src/content/dom.js');
  assert.equal(replyingTo({ rating: '★★☆☆☆', body: 'Front desk was rude.', author: 'Dale K.' }), '★★☆☆☆ Front desk was rude. — Dale K.');
  assert.equal(replyingTo({ body: 'Thanks for the great care!' }), 'Thanks for the great care!');
  assert.equal(replyingTo({ rating: '★★★★★' }), '★★★★★');
  const el = (label, text = '') => ({ getAttribute: (a) => (a === 'aria-label' ? label : null), innerText: text });
  assert.equal(stars(el('Rated 2.0 out of 5,')), '★★☆☆☆');
  assert.equal(stars(el('4 star rating')), '★★★★☆');
  assert.equal(stars(el(null, '★★★')), '★★★☆☆');
  assert.equal(stars(el('Rated 9 out of 5')), '★★★★★');
  assert.equal(stars(el('no rating')), '');
  assert.ok(labelMatch('Reply to Linda Park', ['^reply']) && !labelMatch('Write a reply', ['^reply']));
  assert.ok(labelMatch('Post', ['^post$']) && !labelMatch('Post reply', ['^post$']) && labelMatch('Write a comment…', ['comment']));
  assert.ok(labelMatch('anything', undefined) && labelMatch('Send message', ['message$']));
});
