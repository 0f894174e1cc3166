// The background's side of "Ask the privacy officer" (src/background/
// queue.js) in Node, with the real module (wasm/loader.js), a stand-in
// for chrome.storage and a stand-in server: what is posted is the sealed
// item only; the decision opens with the request's own key, which is
// then dropped; only the exact approved text is approved, and only on its
// site; expired requests go.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './harness.js';
import { instantiate } from '../../wasm/loader.js';

const store = {};
globalThis.chrome = {
  storage: { local: { get: async (k) => ({ [k]: store[k] }), set: async (o) => Object.assign(store, structuredClone(o)) } },
  alarms: { create: async () => {}, clear: async () => {} },
};
const queue = await import('../src/background/queue.js');

const TEXT = 'So proud of Mateo Zorvath for finishing his last round of chemo today!';
let dir;
let m; // the staff's module
let officer; // the officer's module
let ann;
let posted = [];
let decisions = {};
const settings = { serverUrl: 'https://scrubs.example.org/', enrolmentKey: 'scrubs-enrol-x', staffId: 'pat@clinic.example' };
let info;

const engine = {
  queue: async (op, req) => {
    try {
      if (op === 'seal') return { ok: true, value: m.queueSeal(req) };
      if (op === 'openDecision') return { ok: true, value: m.queueOpenDecision(req.decision, req.replyIdentity, req.request) };
      if (op === 'hash') return { ok: true, value: m.draftHash(req.text) };
    } catch (e) {
      return { ok: false, code: e.code, message: e.message };
    }
  },
};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scrubs-queue-unit-'));
  const scrubs = join(dir, 'scrubs');
  execFileSync('go', ['build', '-o', scrubs, './classifier/cmd/scrubs'], { cwd: ROOT, stdio: 'inherit' });
  const wasm = readFileSync(join(ROOT, 'wasm', 'classifier.wasm'));
  m = await instantiate(wasm, { stdout: () => {} });
  officer = await instantiate(wasm, { stdout: () => {} });
  ann = m.ageKeygen();
  writeFileSync(join(dir, 'pack.json'), JSON.stringify({ schema: 'scrubs.pack/1', name: 'c', base: 'default', org: { name: 'Clinic' }, queue: { officers: [{ name: 'Ann Officer', key: ann.recipient }] } }));
  const pub = execFileSync(scrubs, ['pack', 'keygen', join(dir, 'k')], { encoding: 'utf8' }).trim();
  const env = execFileSync(scrubs, ['pack', 'sign', '--key', join(dir, 'k'), '--version', '1', join(dir, 'pack.json')], { encoding: 'utf8' });
  const loaded = m.loadEnvelope(env, [pub]);
  officer.loadEnvelope(env, [pub]);
  info = { source: 'server', officers: loaded.officers };
  globalThis.fetch = async (url, opts = {}) => {
    const u = new URL(url);
    if (opts.method === 'POST' && u.pathname === '/v1/queue') {
      posted.push({ url, opts });
      return new Response('{"id":"x"}', { status: 201 });
    }
    const id = /^\/v1\/queue\/([0-9a-f]{32})\/decision$/.exec(u.pathname)?.[1];
    if (id && decisions[id]) return new Response(JSON.stringify({ id, status: decisions[id].outcome, decision: decisions[id] }), { status: 200 });
    if (id) return new Response(JSON.stringify({ id, status: 'pending' }), { status: 200 });
    return new Response('', { status: 404 });
  };
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('not askable without a server, an enrolment key, signed rules or officers', () => {
  assert.match(queue.notAskable({}, info), /no rules server/);
  assert.match(queue.notAskable({ serverUrl: 'x' }, info), /not enrolled/);
  assert.match(queue.notAskable(settings, { source: 'built-in' }), /signed rules/);
  assert.match(queue.notAskable(settings, { source: 'server', officers: [] }), /no privacy officer/);
  assert.equal(queue.notAskable(settings, info), '');
});

test('ask posts the sealed item only; poll opens the decision with the request key, then drops it; check approves the exact text on its site', async () => {
  const r = await queue.ask(engine, settings, info, { draft: { text: TEXT, mode: 'post' }, note: 'his mother asked' }, 'www.facebook.com');
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(posted.length, 1);
  const body = posted[0].opts.body;
  assert.ok(!body.includes('Zorvath') && !body.includes('mother'), 'no words in the post');
  assert.equal(posted[0].opts.headers['Scrubs-Enrolment-Key'], 'scrubs-enrol-x');
  const item = JSON.parse(body);
  assert.equal(item.staff, 'pat@clinic.example');
  const kept = store.queueRequests[r.id];
  assert.ok(kept.reply.startsWith('AGE-SECRET-KEY-1') && !JSON.stringify(kept).includes('Zorvath'), 'the key is kept, the text is not');

  assert.equal((await queue.check(engine, settings, info, TEXT, 'www.facebook.com')).approved, null, 'not approved yet');
  await queue.poll(engine, settings);
  assert.equal(store.queueRequests[r.id].status, 'pending');

  decisions[r.id] = officer.queueDecide(item, ann.identity, { outcome: 'approved', comment: 'ok' });
  await queue.poll(engine, settings);
  const d = store.queueRequests[r.id];
  assert.equal(d.status, 'approved');
  assert.equal(d.decision.officer, 'Ann Officer');
  assert.equal(d.reply, undefined, 'the reply key is dropped once the decision is read');
  assert.deepEqual((await queue.check(engine, settings, info, ` ${TEXT}\n`, 'www.facebook.com')).approved, { id: r.id, officer: 'Ann Officer', outcome: 'approved' });
  assert.equal((await queue.check(engine, settings, info, TEXT + '!', 'www.facebook.com')).approved, null, 'another text');
  assert.equal((await queue.check(engine, settings, info, TEXT, 'www.instagram.com')).approved, null, 'another site');
  const shown = await queue.forSite('www.facebook.com');
  assert.equal(shown.length, 1);
  await queue.seen(r.id);
  assert.equal((await queue.forSite('www.facebook.com')).length, 0);
  assert.ok(!JSON.stringify(await queue.list()).includes('AGE-SECRET'), 'the popup gets no key');
});

test('a decision that does not open with the request key is not taken', async () => {
  const r = await queue.ask(engine, settings, info, { draft: { text: TEXT } }, 'www.facebook.com');
  const other = await queue.ask(engine, settings, info, { draft: { text: TEXT } }, 'www.facebook.com');
  const otherItem = JSON.parse(posted.at(-1).opts.body);
  // the server hands request r the decision written for the other request
  decisions[r.id] = officer.queueDecide(otherItem, ann.identity, { outcome: 'approved' });
  await queue.poll(engine, settings);
  assert.equal(store.queueRequests[r.id].status, 'pending');
  assert.equal(store.queueRequests[r.id].problem, 'not_for_you');
  assert.ok(other.ok);
});

test('expired requests are dropped', async () => {
  const n = Object.keys(store.queueRequests).length;
  await queue.poll(engine, settings, Date.now() + 15 * 86400e3);
  assert.equal(Object.keys(store.queueRequests).length, 0, `${n} requests before`);
});
