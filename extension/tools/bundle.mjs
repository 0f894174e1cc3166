// Joins the content script's ES modules into one classic script, so the
// extension needs no web-accessible resources: a page can then fetch no
// chrome-extension:// URL of ours, and so cannot probe for Scrubs (review
// M1). (Chromium's use_dynamic_url would hide the fixed id, but importing a
// module listed with it from a content script breaks the page's CSP
// there, crbug.com/363027634, so no content module would load.)
//
// It knows only the forms the extension's own modules use, and refuses
// anything else by file and line rather than guess:
//   import { a, b as c } from './x.js';   import * as ns from '../y.js';
//   export function|async function|class|const|let NAME ...;   export { a, b as c };
// Each module runs once, dependencies first, in its own function scope;
// its exports are getters, so they stay live as in ES modules.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

export function bundle(entry, { root = dirname(entry), call } = {}) {
  const mods = new Map(); // file -> {id, body}
  const emitted = [];
  const visiting = new Set();

  const fail = (file, src, index, msg) => {
    const line = src.slice(0, index).split('\n').length;
    throw new Error(`bundle: ${relative(root, file)}:${line}: ${msg}`);
  };

  const visit = (file) => {
    if (mods.has(file)) return mods.get(file);
    if (visiting.has(file)) throw new Error(`bundle: ${relative(root, file)}: circular import`);
    visiting.add(file);
    const src = readFileSync(file, 'utf8');
    const exported = []; // [name as seen outside, local name]
    let body = src.replace(/^import\s+([\s\S]*?)\s+from\s+(['"])([^'"]+)\2;?/gm, (all, what, _q, spec, at) => {
      if (!spec.startsWith('./') && !spec.startsWith('../')) fail(file, src, at, `only relative imports: ${spec}`);
      const dep = visit(resolve(dirname(file), spec));
      what = what.trim();
      const ns = /^\*\s+as\s+([\w$]+)$/.exec(what);
      if (ns) return `const ${ns[1]} = __m[${dep.id}];`;
      if (/^\{[\w$\s,]*\}$/.test(what)) return `const ${what.replace(/([\w$]+)\s+as\s+([\w$]+)/g, '$1: $2')} = __m[${dep.id}];`;
      return fail(file, src, at, `unsupported import: ${all}`);
    });
    body = body.replace(/^export\s+((?:async\s+)?function\*?|class|const|let)\s+([\w$]+)/gm, (_, kind, name) => {
      exported.push([name, name]);
      return `${kind} ${name}`;
    });
    body = body.replace(/^export\s*\{([\w$\s,]*)\};?/gm, (_, list) => {
      for (const item of list.split(',').map((s) => s.trim()).filter(Boolean)) {
        const [local, as = local] = item.split(/\s+as\s+/);
        exported.push([as, local]);
      }
      return '';
    });
    for (const m of body.matchAll(/^\s*(?:export\b|import\b)|\bimport\s*\(|\bimport\.meta\b/gm)) fail(file, body, m.index, `unsupported module syntax: ${m[0].trim()}`);
    const id = mods.size;
    const mod = { id };
    mods.set(file, mod);
    visiting.delete(file);
    const getters = exported.map(([as, local]) => `get ${as}() { return ${local}; }`).join(', ');
    emitted.push(`// ${relative(root, file)}\n__m[${id}] = (() => {\n${body.trimEnd()}\nreturn Object.freeze({ ${getters} });\n})();`);
    return mod;
  };

  const main = visit(entry);
  const tail = call ? `\n__m[${main.id}].${call}();` : '';
  return `// Built by extension/tools/bundle.mjs from ${relative(root, entry)} and what it imports; edit those, not this.\n(() => {\n'use strict';\nconst __m = [];\n${emitted.join('\n\n')}${tail}\n})();\n`;
}
