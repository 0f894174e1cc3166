// measure times the classifier module through loader.js: compile,
// instantiate, and per-draft classify() for each bench draft. The same code
// runs in Node (node.mjs) and in Chromium (page.html); scripts/bench-wasm
// prints the results side by side.

import { compile, instantiate } from '../loader.js';

// measure(bytes, drafts) -> {compileMs, instantiateMs, firstCallMs,
//   perDraftUs: {size: µs}, medianUs: {size: µs}, verdicts: {size: verdict}}
// bytes: the module (ArrayBuffer or typed array); drafts: {size: draft}.
// Each size is timed in rounds of whole batches; perDraftUs is the best
// round (the machine is shared, so the best is the least disturbed) and
// medianUs the median one.
export async function measure(bytes, drafts, { warmMs = 4000, rounds = 7, roundMs = 300 } = {}) {
  const t0 = performance.now();
  const mod = await compile(bytes);
  const t1 = performance.now();
  const s = await instantiate(mod);
  const t2 = performance.now();
  s.classify({ text: 'warm up' });
  const t3 = performance.now();

  // Warm up on every draft, so the engine's optimising tier has compiled
  // the hot code (it does so in the background) before any timing.
  const all = Object.values(drafts);
  for (const end = performance.now() + warmMs; performance.now() < end;) for (const d of all) s.classify(d);

  const perDraftUs = {};
  const medianUs = {};
  const verdicts = {};
  for (const [size, draft] of Object.entries(drafts)) {
    verdicts[size] = s.classify(draft).verdict;
    const times = [];
    for (let r = 0; r < rounds; r++) {
      let n = 0;
      const start = performance.now();
      let elapsed = 0;
      while (elapsed < roundMs) {
        s.classify(draft);
        n++;
        elapsed = performance.now() - start;
      }
      times.push((elapsed * 1000) / n);
    }
    times.sort((a, b) => a - b);
    perDraftUs[size] = times[0];
    medianUs[size] = times[times.length >> 1];
  }
  return { compileMs: t1 - t0, instantiateMs: t2 - t1, firstCallMs: t3 - t2, perDraftUs, medianUs, verdicts, memoryBytes: s.memoryBytes };
}
