// Small pieces that need no browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zip } from '../tools/zip.mjs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

test('counts keep only known shapes: no text, no stray kinds', async () => {
  const store = {};
  globalThis.chrome = { storage: { local: { get: async (k) => ({ [k]: store[k] }), set: async (o) => Object.assign(store, o) } } };
  const { count } = await import('../src/background/telemetry.js');
  await count({ verdict: 'block', kinds: ['identifier.name', 'Mateo has chemo', 'health.condition'], site: 'www.facebook.com', override: true }, Date.UTC(2026, 10, 20));
  await count({ verdict: 'maybe', kinds: ['identifier.name'], site: 'x' });
  assert.deepEqual(Object.keys(store.counts).sort(), ['2026-11-16|www.facebook.com|block|health.condition|1', '2026-11-16|www.facebook.com|block|identifier.name|1']);
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
