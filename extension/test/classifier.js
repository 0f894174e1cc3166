// The same classifier module the extension ships, run in Node through the
// same loader: it says what the extension should show for a draft.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST } from './harness.js';

let scrubs = null;
export async function classifier() {
  if (!scrubs) {
    const { instantiate } = await import(join(DIST, 'wasm', 'loader.js'));
    scrubs = await instantiate(readFileSync(join(DIST, 'wasm', 'classifier.wasm')), { stdout: () => {}, stderr: () => {} });
  }
  return scrubs;
}

// fresh is another instance of the module, for a test that loads packs
// into it.
export async function fresh() {
  const { instantiate } = await import(join(DIST, 'wasm', 'loader.js'));
  return instantiate(readFileSync(join(DIST, 'wasm', 'classifier.wasm')), { stdout: () => {}, stderr: () => {} });
}

// expected turns a result into what the page should show.
export function expected(result, { textarea = false } = {}) {
  const fs = result.findings;
  return {
    badge: fs.length ? result.verdict : null,
    block: textarea ? 0 : fs.filter((f) => f.severity === 'block').length,
    warn: textarea ? 0 : fs.filter((f) => f.severity !== 'block').length,
    spans: fs.filter((f) => f.end > f.start).length,
  };
}
