// web-ext lint over the Firefox build: no errors (and, today, no warnings).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { EXT } from './harness.js';

test('web-ext lint passes with no errors', () => {
  let out;
  try {
    out = execFileSync(join(EXT, 'node_modules', '.bin', 'web-ext'), ['lint', '--source-dir', join(EXT, 'dist', 'firefox'), '--output', 'json', '--no-config-discovery'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) {
    out = e.stdout; // web-ext exits 1 when there are errors; the report says which
  }
  const r = JSON.parse(out);
  const list = (k) => r[k].map((m) => `${m.code} ${m.file || ''}: ${m.message}`);
  assert.deepEqual(list('errors'), []);
  if (r.warnings.length) console.log(`# warnings:\n# ${list('warnings').join('\n# ')}`);
});

test('both builds carry the same sources, and each manifest suits its browser', async () => {
  const { readFileSync } = await import('node:fs');
  const chromium = JSON.parse(readFileSync(join(EXT, 'dist', 'chromium', 'manifest.json'), 'utf8'));
  const firefox = JSON.parse(readFileSync(join(EXT, 'dist', 'firefox', 'manifest.json'), 'utf8'));
  assert.equal(chromium.background.service_worker, 'background/sw.js');
  assert.ok(chromium.permissions.includes('offscreen'));
  assert.equal(chromium.storage.managed_schema, 'managed_schema.json');
  assert.ok(chromium.key);
  assert.deepEqual(firefox.background.scripts, ['background/page.js']);
  assert.ok(!firefox.permissions.includes('offscreen'));
  assert.equal(firefox.browser_specific_settings.gecko.id, 'scrubs@scrubs.invalid');
  assert.deepEqual(chromium.content_scripts, firefox.content_scripts);
  for (const m of [chromium, firefox]) assert.ok(m.content_security_policy.extension_pages.includes("'wasm-unsafe-eval'"));
});
