// Prints scripts/bench-wasm's table from its parts:
//   node wasm/bench/report.mjs GO_BENCH_OUTPUT NODE.json CHROMIUM.json
// A missing or empty part prints as "-".
import { readFileSync } from 'node:fs';

const [goFile, ...jsonFiles] = process.argv.slice(2);
const read = (f) => { try { return readFileSync(f, 'utf8'); } catch { return ''; } };

// Go: "BenchmarkClassify280-2  12241  193292 ns/op ..."
const goNs = {};
for (const m of read(goFile).matchAll(/^Benchmark(\w+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns\/op/gm)) goNs[m[1]] = Number(m[2]);

const us = (x) => (x === undefined || Number.isNaN(x) ? '-' : x >= 1000 ? `${(x / 1000).toFixed(2)} ms` : `${x.toFixed(1)} µs`);
const ms = (x) => (x === undefined || Number.isNaN(x) ? '-' : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);

const rows = [
  ['native Go (go test -bench)', us(goNs.Native0 / 1e3), us(goNs.Native280 / 1e3), us(goNs.Native5000 / 1e3), '-', '-', '-'],
  ['wazero (go test -bench)', us(goNs.Classify0 / 1e3), us(goNs.Classify280 / 1e3), us(goNs.Classify5000 / 1e3), ms(goNs.Compile / 1e6), ms(goNs.Instantiate / 1e6), ms((goNs.FirstClassify - goNs.Instantiate) / 1e6)],
];
for (const f of jsonFiles) {
  const text = read(f).trim().split('\n').pop();
  let r = {};
  try { r = JSON.parse(text); } catch { r = { engine: f.replace(/.*\//, '').replace('.json', '') + ' (failed)' }; }
  const p = r.perDraftUs || {};
  const med = r.medianUs || {};
  const both = (k) => (p[k] === undefined ? '-' : `${us(p[k])} (median ${us(med[k])})`);
  rows.push([r.engine, both('0'), both('280'), both('5000'), ms(r.compileMs), ms(r.instantiateMs), ms(r.firstCallMs)]);
}
rows.push(['target in Chromium (issue 3)', '', '≤ 20 µs', '≤ 1 ms', '', '', '']);

const head = ['engine', 'empty draft', '280 chars', '5,000 chars', 'compile', 'instantiate', 'first classify'];
const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (r) => r.map((c, i) => (i === 0 ? String(c).padEnd(width[i]) : String(c).padStart(width[i]))).join('  ');
console.log(line(head));
console.log(width.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
console.log(`
per draft: one classify() of the draft, JSON in and out (the empty draft
shows the fixed cost of a call); Go: go test's mean;
JS: the best of 7 rounds of 300 ms after a 4 s warm-up (median in brackets).
compile: the module's bytes to machine code (wazero: without its cache).
instantiate: memory, data and _initialize (the Go runtime's start).
first classify: the first call after instantiating, which compiles the
built-in rules (a pack loaded before it is compiled instead).`);
