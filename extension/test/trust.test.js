// Keys with a lifecycle (review H2), through the real updater.js, packs.js
// and classifier-host.js (from extension/dist/firefox) with the real
// module, under Node: a stubbed chrome.storage, a managed policy that can
// change, and a scripted pack server. No browser.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, sign as edSign } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST = join(ROOT, 'extension/dist/firefox');
const MAX = 2 ** 53 - 1;

let dir;
let scrubs;
let serve = null; // the envelope text the server answers
let answer = null; // when set, (opts) => Response: the server's answer instead
const local = {};
let managed = {};
const listeners = [];
// policy changes the managed policy, as an admin does, and tells the listeners
function policy(p) {
  managed = { ...managed, ...p };
  for (const f of listeners) f(Object.fromEntries(Object.keys(p).map((k) => [k, { newValue: p[k] }])), 'managed');
}

const area = (store) => ({
  get: async (keys) => {
    if (typeof keys === 'string') keys = [keys];
    return Object.fromEntries((keys || Object.keys(store)).filter((k) => k in store).map((k) => [k, structuredClone(store[k])]));
  },
  set: async (o) => Object.assign(store, structuredClone(o)),
  remove: async (k) => [k].flat().forEach((x) => delete store[x]),
});

let updater, packs, settingsStore, ClassifierHost;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scrubs-trust-'));
  scrubs = join(dir, 'scrubs');
  execFileSync('go', ['build', '-o', scrubs, './classifier/cmd/scrubs'], { cwd: ROOT, stdio: 'inherit' });
  if (!existsSync(join(DIST, 'background/updater.js'))) execFileSync('node', ['extension/tools/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  for (const k of ['k1', 'k2', 'k3', 'evil']) {
    writeFileSync(join(dir, `${k}.pub`), execFileSync(scrubs, ['pack', 'keygen', join(dir, `${k}.key`)]));
  }
  writeFileSync(join(dir, 'pack.json'), JSON.stringify({ schema: 'scrubs.pack/1', name: 'Lakeside', base: 'default', org: { name: 'Lakeside Pediatrics' } }));
  globalThis.chrome = {
    storage: {
      local: area(local),
      managed: { get: async (keys) => Object.fromEntries(keys.filter((k) => k in managed).map((k) => [k, managed[k]])) },
      onChanged: { addListener: (f) => listeners.push(f) },
    },
  };
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (url, opts) => {
    url = String(url);
    if (url.startsWith('file:')) return new Response(readFileSync(fileURLToPath(url)), { headers: { 'Content-Type': 'application/wasm' } });
    if (url.startsWith('https://packs.test/')) return answer ? answer(opts) : new Response(serve, { headers: { ETag: `"${serve.length}"` } });
    return realFetch(url, opts);
  };
  const load = (p) => import(pathToFileURL(join(DIST, p)).href);
  updater = await load('background/updater.js');
  packs = await load('background/packs.js');
  settingsStore = await load('shared/settings.js');
  ({ ClassifierHost } = await load('background/classifier-host.js'));
});
after(() => dir && rmSync(dir, { recursive: true, force: true }));

const pub = (k) => readFileSync(join(dir, `${k}.pub`), 'utf8').trim();
// a key's id: the first 8 bytes of the SHA-256 of the key, in hex
const idOf = (k) => createHash('sha256').update(Buffer.from(pub(k).split(':')[1], 'base64')).digest('hex').slice(0, 16);

function root(name, version, key, minPack, ...signers) {
  const out = execFileSync(scrubs, ['pack', 'root', '--version', String(version), '--keys', join(dir, `${key}.pub`), '--min-pack-version', String(minPack), ...signers.flatMap((s) => ['--sign', join(dir, `${s}.key`)])]);
  writeFileSync(join(dir, `${name}.json`), out);
  return name;
}

function sign(version, key, ...roots) {
  return execFileSync(scrubs, ['pack', 'sign', '--key', join(dir, `${key}.key`), '--version', String(version), ...roots.flatMap((r) => ['--root', join(dir, `${r}.json`)]), join(dir, 'pack.json')], { encoding: 'utf8' });
}

let engine;
async function check(env) {
  serve = env;
  const settings = await settingsStore.load();
  return updater.check(engine, settings);
}
async function restart() {
  engine = new ClassifierHost();
  const out = await packs.loadLastGood(engine, await settingsStore.load());
  return { out, version: engine.info.version };
}

test('a rotation retires the old key, and the policy is the only root', async () => {
  policy({ serverUrl: 'https://packs.test', publicKeys: [pub('k1')] });
  engine = new ClassifierHost();
  assert.equal((await check(sign(5, 'k1'))).status, 'updated');
  root('r1', 1, 'k2', 5, 'k1', 'k2');
  const v6 = await check(sign(6, 'k2', 'r1'));
  assert.equal(v6.status, 'updated', 'v6 signed by k2, rotated to from pinned k1');

  // k1 leaks after the rotation: what it signs or roots is refused
  root('fork', 2, 'evil', 0, 'k1', 'evil');
  let r = await check(sign(7, 'evil', 'r1', 'fork'));
  assert.deepEqual([r.status, r.code], ['refused', 'unknown_key'], JSON.stringify(r));
  r = await check(sign(7, 'k1'));
  assert.deepEqual([r.status, r.code], ['refused', 'unknown_key'], 'k1 itself');
  r = await check(sign(MAX, 'evil', 'fork'));
  assert.deepEqual([r.status, r.code], ['refused', 'unknown_key'], 'evil at 2^53-1');
  assert.equal(local.learnedKeys, undefined, 'no key is kept for having been seen');

  // the policy now pins only k2: nothing learnt comes back
  policy({ publicKeys: [pub('k2')] });
  r = await check(sign(MAX, 'evil', 'r1', 'fork'));
  assert.equal(r.code, 'unknown_key');
  assert.equal((await check(sign(8, 'k2', 'r1'))).status, 'updated');
  const after = await restart();
  assert.ok(after.out.ok, JSON.stringify(after.out));
  assert.equal(after.version, 8, 'after a restart the kept pack is the legitimate one');
});

test('a leaked key that pushed 2^53-1 is recovered from by policy', async () => {
  assert.equal((await check(sign(MAX, 'k2', 'r1'))).status, 'updated', 'k2 (in force) leaks and signs 2^53-1');
  assert.equal((await check(sign(9, 'k2', 'r1'))).code, 'version_too_low');
  const locked = await restart();
  assert.equal(locked.version, MAX);

  // the admin pins k3 and revokes k2; the server's next root names k3
  const direct = sign(10, 'k3');
  assert.equal((await check(direct)).code, 'unknown_key', 'k3 is nobody before the policy pins it');
  policy({ publicKeys: [pub('k3')], revokedKeyIds: [idOf('k2')] });
  assert.equal((await check(direct)).status, 'updated', 'pinned k3 ends the version k2 set');
  root('r2', 2, 'k3', 9, 'k2', 'k3');
  const r = await check(sign(11, 'k3', 'r1', 'r2'));
  assert.equal(r.status, 'updated', JSON.stringify(r));
  const back = await restart();
  assert.ok(back.out.ok);
  assert.equal(back.version, 11);
  assert.equal((await check(sign(MAX, 'k2', 'r1'))).code, 'unknown_key', 'the revoked key stays out');
  assert.equal((await check(sign(3, 'k3', 'r1', 'r2'))).code, 'version_too_low', 'old versions re-signed by k3 stay out');
});

test('a stored pack whose key the policy revoked does not come back after a restart', async () => {
  policy({ revokedKeyIds: [idOf('k2'), idOf('k3')] });
  const r = await restart();
  assert.equal(r.out.ok, false);
  assert.equal(r.out.code, 'unknown_key');
  assert.equal(r.version, 0, 'the built-in rules, not the revoked pack');
});

test('a same-version refresh is kept (later expiry, maybe a newer root); an older copy replayed is not', async () => {
  policy({ publicKeys: [pub('k3')], revokedKeyIds: [] });
  engine = new ClassifierHost();
  const first = sign(12, 'k3', 'r1', 'r2');
  assert.equal((await check(first)).status, 'updated');
  const expires = local.pack.expires;
  await new Promise((r) => setTimeout(r, 1100));
  const refresh = sign(12, 'k3', 'r1', 'r2');
  assert.equal((await check(refresh)).status, 'unchanged');
  assert.ok(local.pack.expires > expires, 'the refresh is kept');
  assert.equal((await check(first)).status, 'unchanged');
  assert.equal(local.pack.envelope, refresh, 'the older copy is not');
});

// A timestamp as the server signs it (classifier/envelope, "Timestamps"),
// made here with Node's own Ed25519 from the key's seed.
function timestamp(key, version, digest, issued, hours = 24) {
  const seed = Buffer.from(readFileSync(join(dir, `${key}.key`), 'utf8').trim().split(':')[1], 'base64');
  const priv = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
  const w = { format: 'scrubs-timestamp-v1', version, pack_sha256: digest, issued, expires: issued + hours * 3600, key_id: idOf(key) };
  const msg = `scrubs-timestamp-v1\nversion ${version}\npack-sha256 ${digest}\nissued ${issued}\nexpires ${w.expires}\nkey ${w.key_id}\n`;
  return JSON.stringify({ ...w, signature: edSign(null, Buffer.from(msg), priv).toString('base64') });
}

test('a 304 counts as a fresh check only with a fresh signed timestamp for the pack in use; a replayed one leaves the rules stale', async () => {
  policy({ publicKeys: [pub('k3')], revokedKeyIds: [] });
  engine = new ClassifierHost();
  const env = sign(13, 'k3', 'r1', 'r2');
  const digest = createHash('sha256').update(Buffer.from(JSON.parse(env).pack, 'base64')).digest('hex');
  const t = Math.floor(Date.now() / 1000);
  const good = timestamp('k3', 13, digest, t - 60);
  const seen = [];
  let ts = good;
  answer = (opts) => {
    seen.push(opts.headers['If-None-Match'] || '');
    if (opts.headers['If-None-Match'] === '"e13"') return new Response(null, { status: 304, headers: { ETag: '"e13"', 'Scrubs-Timestamp': ts } });
    return new Response(env, { headers: { ETag: '"e13"', 'Scrubs-Timestamp': ts } });
  };
  try {
    let r = await check(env);
    assert.deepEqual([r.status, r.fresh], ['updated', true], JSON.stringify(r));
    const settings = await settingsStore.load();
    assert.equal((await packs.status(settings)).stale, false);

    // the server answers 304 with a new timestamp: fresh
    ts = timestamp('k3', 13, digest, t);
    const before = (await packs.checkState()).okAt;
    r = await updater.check(engine, settings, Date.now() + 1000);
    assert.deepEqual([r.status, r.fresh], ['unchanged', true], JSON.stringify(r));
    assert.ok((await packs.checkState()).okAt > before, 'a 304 with a fresh timestamp is a successful check');

    // an attacker replays the 304 with the timestamp it saw, 25 hours on
    const later = Date.now() + 25 * 3600e3;
    r = await updater.check(engine, settings, later);
    assert.equal(r.status, 'unchanged');
    assert.equal(r.fresh, false, JSON.stringify(r));
    assert.equal(r.reason, 'expired');
    let st = await packs.status(settings, later);
    assert.ok(st.stale, 'a replayed 304 leaves the client stale');
    assert.equal(st.staleReason, "the server's answer is out of date");
    assert.ok(st.okAt < later, 'okAt does not advance');

    // an older timestamp, still unexpired, is not accepted after a newer one
    ts = good;
    r = await updater.check(engine, settings, Date.now() + 2000);
    assert.deepEqual([r.fresh, r.reason], [false, 'stale'], JSON.stringify(r));

    // a 304 without any timestamp is not fresh either
    ts = '';
    r = await updater.check(engine, settings, Date.now() + 3000);
    assert.deepEqual([r.fresh, r.reason], [false, 'missing'], JSON.stringify(r));

    // a timestamp that names a newer pack: asked again without If-None-Match,
    // and stale while the server keeps handing out the old one
    ts = timestamp('k3', 14, digest.replace(/^./, (c) => (c === '0' ? '1' : '0')), t + 60);
    seen.length = 0;
    r = await updater.check(engine, settings, Date.now() + 4000);
    assert.deepEqual(seen, ['"e13"', ''], 'asked again for the whole pack');
    assert.deepEqual([r.fresh, r.reason], [false, 'not_current'], JSON.stringify(r));
    assert.ok((await packs.status(settings, Date.now() + 4000)).stale);

    // a timestamp signed by a key that is not in force
    ts = timestamp('evil', 13, digest, t + 120);
    r = await updater.check(engine, settings, Date.now() + 5000);
    assert.deepEqual([r.fresh, r.reason], [false, 'unknown_key'], JSON.stringify(r));

    // and a good one brings it back
    ts = timestamp('k3', 13, digest, t + 180);
    r = await updater.check(engine, settings, Date.now() + 6000);
    assert.equal(r.fresh, true, JSON.stringify(r));
    st = await packs.status(settings, Date.now() + 6000);
    assert.equal(st.stale, false);
  } finally {
    answer = null;
  }
});
