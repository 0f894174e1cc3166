// Builds the unpacked extension for each browser from one source:
//   dist/chromium/  (service worker + offscreen document, managed_schema)
//   dist/firefox/   (background script, gecko settings)
//   dist/scrubs-chromium.zip, dist/scrubs-firefox.zip
// The classifier module and its loader come from ../wasm/, the built-in
// site profiles from ../classifier/rules/sites.json. The content
// script's modules become one classic script, content/bundle.js
// (tools/bundle.mjs), so nothing needs to be web-accessible.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { zip } from './zip.mjs';
import { bundle } from './bundle.mjs';

const ext = new URL('..', import.meta.url).pathname;
const root = join(ext, '..');
const src = join(ext, 'src');
const dist = join(ext, 'dist');
// SCRUBS_WASM_DIR points at another build of the module (a developer's).
const wasmDir = process.env.SCRUBS_WASM_DIR || join(root, 'wasm');
const wasmFiles = [
  [join(wasmDir, 'classifier.wasm'), 'wasm/classifier.wasm'],
  [join(wasmDir, 'loader.js'), 'wasm/loader.js'],
];
for (const [from] of wasmFiles) {
  if (!existsSync(from)) {
    console.error(`build-extension: ${relative(root, from)} is missing; run scripts/build-wasm first`);
    process.exit(1);
  }
}
// the built-in site profiles, the same file the module embeds: the
// background reads them only when the module cannot answer (background/main.js)
wasmFiles.push([join(root, 'classifier', 'rules', 'sites.json'), 'rules/sites.json']);
// anything else the loader imports from wasm/ (a WASI shim) comes along
for (const f of readdirSync(wasmDir)) {
  if (/\.m?js$/.test(f) && f !== 'loader.js' && !/test|bench/i.test(f)) wasmFiles.push([join(wasmDir, f), `wasm/${f}`]);
}

const base = JSON.parse(readFileSync(join(src, 'manifest.json'), 'utf8'));

function chromium(m) {
  delete m.browser_specific_settings;
  return m;
}

function firefox(m) {
  delete m.key;
  delete m.minimum_chrome_version;
  delete m.storage; // Firefox reads policy from policies.json ("3rdparty")
  m.permissions = m.permissions.filter((p) => p !== 'offscreen');
  m.background = { scripts: ['background/page.js'], type: 'module' };
  return m;
}

function build(name, shape, skip) {
  const out = join(dist, name);
  rmSync(out, { recursive: true, force: true });
  // the content modules are all in the bundle; none is copied on its own
  const contentModule = (p) => p.startsWith(join(src, 'content') + '/');
  cpSync(src, out, { recursive: true, filter: (p) => !skip.some((s) => p.endsWith(s)) && !contentModule(p) });
  writeFileSync(join(out, 'content', 'bundle.js'), contentBundle);
  for (const [from, to] of wasmFiles) {
    mkdirSync(dirname(join(out, to)), { recursive: true });
    cpSync(from, join(out, to));
  }
  const m = shape(structuredClone(base));
  writeFileSync(join(out, 'manifest.json'), JSON.stringify(m, null, 2) + '\n');
  const files = [];
  const walk = (d) => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else files.push([relative(out, p), readFileSync(p)]);
    }
  };
  walk(out);
  writeFileSync(join(dist, `scrubs-${name}.zip`), zip(files));
  const bytes = files.reduce((n, [, b]) => n + b.length, 0);
  console.log(`extension/dist/${name}/ (${files.length} files, ${(bytes / 1048576).toFixed(2)} MB) and extension/dist/scrubs-${name}.zip`);
}

const contentBundle = bundle(join(src, 'content', 'main.js'), { root: src, call: 'main' });
mkdirSync(dist, { recursive: true });
build('chromium', chromium, ['background/page.js', 'background/engine-local.js']);
build('firefox', firefox, ['background/sw.js', 'background/worker-host.js', 'background/classifier-worker.js', 'background/offscreen.html', 'background/offscreen.js', 'background/engine-offscreen.js', 'managed_schema.json']);
