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

// expected turns a result into what the page should show: the badge, and
// marks (boxes over the text) for each finding with a span, by severity.
export function expected(result) {
  const fs = result.findings;
  const spans = fs.filter((f) => f.end > f.start);
  return {
    badge: fs.length ? result.verdict : null,
    block: spans.filter((f) => f.severity === 'block').length,
    warn: spans.filter((f) => f.severity !== 'block').length,
    spans: spans.length,
  };
}
