// Tests of loader.js on Node's test runner: every corpus draft through the
// module gives what the native engine (`scrubs scan`) gives, the errors come
// back as ClassifierErrors, and memory growth does not break the loader.
// Run by scripts/test-wasm; $SCRUBS_WASM names another module than
// wasm/classifier.wasm.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { instantiate, compile, ClassifierError } from './loader.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const wasmPath = process.env.SCRUBS_WASM || join(root, 'wasm', 'classifier.wasm');
const tmp = mkdtempSync(join(tmpdir(), 'scrubs-loader-test-'));
const scrubs = join(tmp, 'scrubs');

let wasmBytes;
let module;

before(() => {
  wasmBytes = readFileSync(wasmPath);
  // The native engine: the scrubs command, built once for every run below.
  execFileSync('go', ['build', '-o', scrubs, './classifier/cmd/scrubs'], { cwd: root, stdio: 'inherit' });
});

after(() => rmSync(tmp, { recursive: true, force: true }));

// corpora lists every draft corpus (the classifier's test data and the
// shared corpora beside the repository), each file once.
function corpora() {
  const seen = new Set();
  const out = [];
  for (const dir of [join(root, 'classifier', 'testdata'), join(root, '..', 'shared', 'corpus')]) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort()) {
      const path = join(dir, name);
      const data = readFileSync(path);
      const sum = createHash('sha256').update(data).digest('hex');
      if (seen.has(sum)) continue;
      seen.add(sum);
      const org = path.replace(/\.jsonl$/, '-org.json');
      out.push({
        name,
        path,
        lines: data.toString('utf8').split('\n').map((l) => l.trim()).filter(Boolean),
        org: existsSync(org) ? org : null,
      });
    }
  }
  assert.ok(out.length > 0, 'no corpus in classifier/testdata');
  return out;
}

// scan runs `scrubs scan` natively and returns its output lines.
function scan(args) {
  return execFileSync(scrubs, ['scan', ...args], { cwd: root, maxBuffer: 256 << 20 })
    .toString('utf8').split('\n').filter(Boolean);
}

function orgPack(orgPath) {
  return { schema: 'scrubs.pack/1', name: 'built-in rules', base: 'default', org: JSON.parse(readFileSync(orgPath, 'utf8')) };
}

// sameAsNative checks every line both ways: the raw answer byte for byte,
// and the object API after a JSON round trip.
function sameAsNative(s, c, native) {
  assert.equal(native.length, c.lines.length, `${c.name}: native gave ${native.length} lines for ${c.lines.length} drafts`);
  c.lines.forEach((line, i) => {
    const where = `${c.name}:${i + 1}`;
    assert.equal(s.classifyJSON(line), native[i], where);
    const want = JSON.parse(native[i]);
    if (want.error) return;
    const got = s.classify(JSON.parse(line));
    assert.deepEqual(got, want, where);
    assert.equal(JSON.stringify(got), JSON.stringify(want), where);
  });
}

test('compile once, instantiate from bytes, a Response and a Module', async () => {
  module = await compile(wasmBytes);
  const fromResponse = await instantiate(new Response(wasmBytes, { headers: { 'content-type': 'application/wasm' } }));
  const fromPromise = await instantiate(Promise.resolve(new Response(wasmBytes)));
  const fromModule = await instantiate(module);
  const draft = { text: 'So proud of Mateo Alvarez for finishing chemo today!', mode: 'post', platform: 'instagram' };
  const want = fromModule.classify(draft);
  assert.deepEqual(fromResponse.classify(draft), want);
  assert.deepEqual(fromPromise.classify(draft), want);
  assert.ok(['ok', 'warn', 'block'].includes(want.verdict));
  assert.ok(Array.isArray(want.findings));
});

for (const c of corpora()) {
  test(`${c.name}: built-in rules, same as native`, async () => {
    const s = await instantiate(module ?? wasmBytes);
    sameAsNative(s, c, scan([c.path]));
  });
  if (c.org) {
    test(`${c.name}: with the organisation's pack, same as native`, async () => {
      const s = await instantiate(module ?? wasmBytes);
      const pack = orgPack(c.org);
      const info = s.loadPack(pack);
      assert.equal(info.name, 'built-in rules');
      if (pack.org.phones?.length) assert.ok(s.template('safe_reply').includes(pack.org.phones[0]), 'safe_reply lacks the phone');
      sameAsNative(s, c, scan(['--org', c.org, c.path]));
    });
  }
}

test('errors are ClassifierErrors and leave the instance usable', async () => {
  const s = await instantiate(module ?? wasmBytes);
  const draft = { text: 'Thanks for coming in today, Mrs. Greer! Hope Theo feels better soon.' };
  const before = s.classify(draft);

  assert.throws(() => s.loadPack('{"schema": '), (e) => e instanceof ClassifierError && e.code === 'bad_json' && e.line === 1);
  assert.throws(() => s.loadPack({ schema: 'scrubs.pack/0', name: '' }), (e) => {
    assert.equal(e.code, 'invalid_pack');
    assert.deepEqual(e.problems.map((p) => p.path), ['schema', 'name']);
    return true;
  });
  assert.throws(() => s.classify('not a draft'), (e) => e.code === 'bad_json');
  const raw = JSON.parse(s.classifyJSON('{"text":'));
  assert.equal(raw.error.code, 'bad_json');
  assert.throws(() => s.classify({ text: 'x'.repeat(1 << 20) }), (e) => e.code === 'too_large');
  assert.throws(() => s.loadEnvelope('{}', []), (e) => e.code === 'bad_request');
  assert.throws(() => s.template('nope'), (e) => e.code === 'no_template');
  assert.throws(() => s.loadEnvelope({ format: 'nope' }, ['scrubs-ed25519:' + Buffer.alloc(32).toString('base64')]), (e) => e.code === 'malformed');

  assert.deepEqual(s.classify(draft), before);
});

test('site profiles and reply templates come from the pack in use', async () => {
  const s = await instantiate(module ?? wasmBytes);
  const ids = s.sites().map((x) => x.id);
  assert.deepEqual(ids, ['facebook', 'instagram', 'google-business', 'yelp-business', 'x', 'generic']);
  assert.equal(s.template('review_reply', 'La doctora fue muy amable con mi hijo, gracias por todo.'), s.template('review_reply.es'));
  assert.notEqual(s.template('review_reply', 'Great front desk!'), s.template('review_reply.es'));
  s.loadPack({ schema: 'scrubs.pack/1', name: 'ours', base: 'default', org: { name: 'Ours' }, sites: [{ id: 'tiktok', hosts: ['www.tiktok.com'], composers: [{ id: 'c', selector: '[contenteditable="true"]', mode: 'comment' }] }] });
  assert.deepEqual(s.sites().map((x) => x.id), ['tiktok', ...ids]);
});

test('memory growth between calls does not break the loader', async () => {
  const s = await instantiate(module ?? wasmBytes);
  const c = corpora()[0];
  const native = scan([c.path]);
  const start = s.memoryBytes;
  for (let i = 0; i < c.lines.length; i++) {
    // A large draft (under the limit) and a large pack grow memory now and
    // then; every answer must still be right.
    if (i % 40 === 0) s.classifyJSON(JSON.stringify({ text: `Mateo had chemo in room ${i}. `.repeat(5000 + i * 50) }));
    assert.equal(s.classifyJSON(c.lines[i]), native[i], `${c.name}:${i + 1}`);
  }
  assert.ok(s.memoryBytes > start, `memory did not grow (${start} bytes); the test proves nothing`);
});

test('signed envelopes are checked inside the module', async () => {
  const key = join(tmp, 'test.key');
  const pub = execFileSync(scrubs, ['pack', 'keygen', key]).toString().trim();
  const c = corpora().find((x) => x.org);
  const packFile = join(tmp, 'pack.json');
  writeFileSync(packFile, JSON.stringify(orgPack(c.org)));
  const env = execFileSync(scrubs, ['pack', 'sign', '--key', key, '--version', '5', packFile]).toString();

  const other = join(tmp, 'other.key');
  const otherPub = execFileSync(scrubs, ['pack', 'keygen', other]).toString().trim();

  const s = await instantiate(module ?? wasmBytes);
  assert.throws(() => s.loadEnvelope(env, [otherPub]), (e) => e.code === 'unknown_key');
  assert.throws(() => s.loadEnvelope(env.replace('"version":5', '"version":6'), [pub]), (e) => e.code === 'bad_signature');
  assert.throws(() => s.loadEnvelope(env, [pub], { minVersion: 6 }), (e) => e.code === 'version_too_low');
  assert.throws(() => s.loadEnvelope(env, [pub], { now: Date.now() / 1000 + 365 * 86400 }), (e) => e.code === 'expired');

  // L5: envelope text that tries to add members to the request stays text
  const evilTail = env.trim().replace(/}$/, `},"keys":["${otherPub}"],"min_version":0,"now":1,"x":{`);
  assert.throws(() => s.loadEnvelope(evilTail + '}', [pub]), (e) => e.code === 'malformed');

  const info = s.loadEnvelope(env, [otherPub, pub]);
  assert.equal(info.version, 5);
  assert.equal(info.key, pub);
  assert.equal(info.trust.version, 5, 'the trust to keep comes back');
  // handed back, it holds: the same version with another pack is refused
  writeFileSync(packFile, JSON.stringify({ ...orgPack(c.org), name: 'another pack' }));
  const same = execFileSync(scrubs, ['pack', 'sign', '--key', key, '--version', '5', packFile]).toString();
  assert.throws(() => s.loadEnvelope(same, [pub], { trust: info.trust }), (e) => e.code === 'version_too_low');
  assert.equal(info.name, 'built-in rules');
  sameAsNative(s, c, scan(['--org', c.org, c.path]));
});
