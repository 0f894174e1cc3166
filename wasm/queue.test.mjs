// The approval queue through loader.js (Node): the module seals a request
// to the officers of the signed pack in use, the native `scrubs queue
// decrypt` reads it, an officer's identity made by the module opens it,
// the decision goes back to the reply key; refusals are ClassifierErrors.
// Run by scripts/test-wasm.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { instantiate, ClassifierError } from './loader.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const wasmPath = process.env.SCRUBS_WASM || join(root, 'wasm', 'classifier.wasm');
const tmp = mkdtempSync(join(tmpdir(), 'scrubs-queue-test-'));
const scrubs = join(tmp, 'scrubs');
const p = (name) => join(tmp, name);
const run = (...args) => execFileSync(scrubs, args, { encoding: 'utf8' });

let m;
let ann;
let envelope;
let signingKey;
const TEXT = 'So glad your knee surgery went well, Karen!';

before(async () => {
  execFileSync('go', ['build', '-o', scrubs, './classifier/cmd/scrubs'], { cwd: root, stdio: 'inherit' });
  m = await instantiate(readFileSync(wasmPath), { stdout: () => {} });
  ann = m.ageKeygen();
  writeFileSync(p('ann.key'), ann.identity + '\n', { mode: 0o600 });
  const pack = { schema: 'scrubs.pack/1', name: 'clinic', base: 'default', org: { name: 'Clinic' }, queue: { officers: [{ name: 'Ann Officer', key: ann.recipient }] } };
  writeFileSync(p('pack.json'), JSON.stringify(pack));
  signingKey = run('pack', 'keygen', p('signing.key')).trim();
  writeFileSync(p('signing.pub'), signingKey + '\n');
  envelope = run('pack', 'sign', '--key', p('signing.key'), '--version', '1', p('pack.json'));
  writeFileSync(p('envelope.json'), envelope);
});

after(() => rmSync(tmp, { recursive: true, force: true }));

test('an unsigned pack seals nothing', () => {
  assert.throws(() => m.queueSeal({ draft: { text: TEXT }, site: 'www.facebook.com' }), (e) => e instanceof ClassifierError && e.code === 'unsigned');
});

test('seal in the module, read with scrubs queue decrypt, decide and read the decision', () => {
  m.loadEnvelope(envelope, [signingKey]);
  const s = m.queueSeal({ draft: { text: TEXT, mode: 'comment' }, site: 'www.facebook.com', staff: 'pat@clinic.example', note: 'she posted it herself' });
  assert.equal(s.item.verdict, 'block');
  assert.deepEqual(s.officers, ['Ann Officer']);
  assert.ok(!s.item.file.includes('knee') && !JSON.stringify(s.item).includes('Karen'));
  assert.equal(s.draft_hash, m.draftHash(` ${TEXT}\n`));

  writeFileSync(p('item.json'), JSON.stringify(s.item));
  const out = run('queue', 'decrypt', '--identity', p('ann.key'), '--envelope', p('envelope.json'), '--key', p('signing.pub'), p('item.json'));
  assert.match(out, /So glad your knee surgery went well, Karen!/);
  assert.match(out, /from: +pat@clinic\.example/);

  const o = m.queueOpen(s.item, ann.identity);
  assert.equal(o.request.draft, TEXT);
  assert.equal(o.officer, 'Ann Officer');
  const d = m.queueDecide(s.item, ann.identity, { outcome: 'rewrite', rewrite: 'So glad to see you!', comment: 'no health details' });
  assert.equal(d.officer, 'Ann Officer');
  const got = m.queueOpenDecision(d, s.reply_identity, s.item.id);
  assert.equal(got.rewrite, 'So glad to see you!');
  assert.equal(got.approved_sha256, m.draftHash('So glad to see you!'));

  assert.throws(() => m.queueOpen({ ...s.item, staff: 'someone-else' }, ann.identity), (e) => e.code === 'mismatch');
  assert.throws(() => m.queueOpenDecision(d, ann.identity, s.item.id), (e) => e.code === 'not_for_you');
  assert.throws(() => m.queueSeal({ draft: { text: 'See you at the picnic on Saturday!' }, site: 'www.facebook.com' }), (e) => e.code === 'nothing_to_ask');
});
