// Node's figures for scripts/bench-wasm, as one JSON line.
//   node wasm/bench/node.mjs MODULE DRAFTS.json
import { readFileSync } from 'node:fs';
import { measure } from './measure.mjs';

const [wasmPath, draftsPath] = process.argv.slice(2);
const result = await measure(readFileSync(wasmPath), JSON.parse(readFileSync(draftsPath, 'utf8')));
console.log(JSON.stringify({ engine: `Node ${process.version}`, ...result }));
