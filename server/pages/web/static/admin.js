// The /admin page: edit the organisation's pack with validation as you
// type (the classifier WebAssembly module runs in the page, so the checks
// are the server's own), publish it, see and restore the history, and a
// chart of warnings and overrides by week. The admin token stays in this
// tab's sessionStorage and goes only to this server.

import { instantiate } from '/wasm/loader.js';

const $ = (sel) => document.querySelector(sel);
const el = (tag, attrs = {}, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v);
  }
  e.append(...kids);
  return e;
};

// Signals a list of terms can raise (the module checks them; this only
// suggests).
const SIGNALS = ['condition', 'condition_weak', 'care', 'setting', 'acknowledgement', 'case', 'advice', 'testimonial',
  'general', 'private_channel', 'relation', 'honorific', 'given_name', 'surname', 'not_name', 'staff_role',
  'public_figure', 'community', 'photo', 'wish', 'gratitude'];
const ORG_LISTS = ['aliases', 'phones', 'faxes', 'emails', 'addresses', 'websites', 'staff'];
const TEMPLATES = ['safe_reply', 'safe_reply.es'];

let token = sessionStorage.getItem('scrubs-admin-token') || '';
let scrubs = null; // the module, for validation and the preview
let extra = {}; // what the form does not edit, kept as it was
let lexicons = []; // [{id, signal, lang, terms: [..], rest: {...}}]
let validJSON = null; // the pack as it would be published, when valid

// ---- the server

async function api(method, path, body, headers = {}) {
  const res = await fetch(path, { method, body, headers: { Authorization: `Bearer ${token}`, ...headers } });
  if (res.status === 401) {
    signOut('The token was not accepted.');
    throw new Error('not signed in');
  }
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {}
  return { status: res.status, ok: res.ok, json };
}

function signOut(message = '') {
  token = '';
  sessionStorage.removeItem('scrubs-admin-token');
  $('#app').hidden = true;
  $('#login').hidden = false;
  $('#login-error').textContent = message;
  $('#token').focus();
}

$('#login').addEventListener('submit', async (e) => {
  e.preventDefault();
  token = $('#token').value.trim();
  try {
    const r = await api('GET', '/v1/packs');
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
  } catch (err) {
    if (token) signOut(`Could not sign in: ${err.message}`);
    return;
  }
  sessionStorage.setItem('scrubs-admin-token', token);
  $('#token').value = '';
  await start();
});
$('#logout').addEventListener('click', () => signOut());

// ---- the pack <-> the form

function packFromEnvelope(env) {
  const bytes = Uint8Array.from(atob(env.pack), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

const lines = (s) => s.split('\n').map((x) => x.trim()).filter(Boolean);

function fillForm(pack) {
  const { schema, name, base, org = {}, lexicons: lex = [], templates = {}, ...rest } = pack;
  extra = { schema: schema || 'scrubs.pack/1', base, ...rest };
  $('#pack-name').value = name || '';
  $('#org-name').value = org.name || '';
  for (const k of ORG_LISTS) $(`#org-${k}`).value = (org[k] || []).join('\n');
  for (const t of TEMPLATES) document.getElementById(`tpl-${t}`).value = templates[t] || '';
  extra.otherTemplates = Object.fromEntries(Object.entries(templates).filter(([k]) => !TEMPLATES.includes(k)));
  lexicons = lex.map(({ id, signal, lang, terms, ...r }) => ({ id, signal, lang: lang || '', terms: terms || [], rest: r }));
  drawLexicons();
}

function packFromForm() {
  const { schema, base, otherTemplates, ...rest } = extra;
  const pack = { schema, name: $('#pack-name').value.trim() };
  if (base) pack.base = base;
  const org = { name: $('#org-name').value.trim() };
  for (const k of ORG_LISTS) {
    const v = lines($(`#org-${k}`).value);
    if (v.length) org[k] = v;
  }
  pack.org = org;
  if (lexicons.length) {
    pack.lexicons = lexicons.map((l) => {
      const out = { id: l.id, signal: l.signal };
      if (l.lang) out.lang = l.lang;
      return { ...out, ...l.rest, terms: l.terms };
    });
  }
  const templates = { ...(otherTemplates || {}) };
  for (const t of TEMPLATES) {
    const v = document.getElementById(`tpl-${t}`).value.trim();
    if (v) templates[t] = v;
  }
  if (Object.keys(templates).length) pack.templates = templates;
  return { ...pack, ...rest };
}

function drawLexicons() {
  const box = $('#lexicons');
  box.replaceChildren();
  lexicons.forEach((l, i) => {
    const id = `lex-${i}`;
    const input = (field, value, attrs = {}) => {
      const e = el('input', { id: `${id}-${field}`, 'data-path': `lexicons[${i}].${field}`, ...attrs });
      e.value = value || '';
      e.addEventListener('input', () => {
        l[field] = e.value.trim();
        changed();
      });
      return e;
    };
    const lang = el('select', { id: `${id}-lang`, 'data-path': `lexicons[${i}].lang` },
      el('option', { value: '', text: 'English and Spanish' }), el('option', { value: 'en', text: 'English' }), el('option', { value: 'es', text: 'Spanish' }));
    lang.value = l.lang || '';
    lang.addEventListener('change', () => {
      l.lang = lang.value;
      changed();
    });
    const terms = el('textarea', { id: `${id}-terms`, 'data-path': `lexicons[${i}].terms`, rows: '3' });
    terms.value = l.terms.join('\n');
    terms.addEventListener('input', () => {
      l.terms = lines(terms.value);
      changed();
    });
    const remove = el('button', { type: 'button', text: 'Remove this list' });
    remove.addEventListener('click', () => {
      lexicons.splice(i, 1);
      drawLexicons();
      changed();
    });
    box.append(el('div', { class: 'lexicon' },
      el('div', { class: 'row' },
        el('div', {}, el('label', { for: `${id}-id`, text: 'Name of the list' }), input('id', l.id)),
        el('div', {}, el('label', { for: `${id}-signal`, text: 'What the terms are' }), input('signal', l.signal, { list: 'signals' })),
        el('div', {}, el('label', { for: `${id}-lang`, text: 'Language' }), lang)),
      el('label', { for: `${id}-terms`, text: 'Terms ' }, el('span', { class: 'hint', text: 'one per line; end with * to match any ending' })),
      terms, remove));
  });
}

$('#add-lexicon').addEventListener('click', () => {
  lexicons.push({ id: `our-terms-${lexicons.length + 1}`, signal: 'condition', lang: '', terms: [], rest: {} });
  drawLexicons();
  changed();
  document.getElementById(`lex-${lexicons.length - 1}-terms`).focus();
});
$('#signals').append(...SIGNALS.map((s) => el('option', { value: s })));

// ---- validation as they type

let timer = 0;
function changed({ fromRaw = false } = {}) {
  clearTimeout(timer);
  timer = setTimeout(() => validate(fromRaw), 150);
}

for (const e of document.querySelectorAll('#rules [data-path]:not(#raw)')) e.addEventListener('input', () => changed());
$('#raw').addEventListener('input', () => changed({ fromRaw: true }));

function fieldFor(path) {
  // the most specific element whose data-path is a prefix of path
  let best = null;
  for (const e of document.querySelectorAll('#rules [data-path]')) {
    const p = e.dataset.path;
    if (p === '' || !(path === p || path.startsWith(p + '[') || path.startsWith(p + '.'))) continue;
    if (!best || p.length > best.dataset.path.length) best = e;
  }
  return best || $('#raw');
}

function validate(fromRaw) {
  let json;
  if (fromRaw) {
    json = $('#raw').value;
    try {
      fillForm(JSON.parse(json));
    } catch {
      // not JSON yet: the module says where below
    }
  } else {
    json = JSON.stringify(packFromForm(), null, 2);
    $('#raw').value = json;
  }
  for (const e of document.querySelectorAll('[aria-invalid]')) e.removeAttribute('aria-invalid');
  const list = $('#problems');
  list.replaceChildren();
  const validity = $('#validity');
  try {
    const info = scrubs.loadPack(json);
    validJSON = json;
    validity.className = 'ok';
    validity.textContent = `Ready to publish: ${info.lexicons} lists of terms, ${info.patterns} patterns.`;
    preview();
  } catch (e) {
    validJSON = null;
    validity.className = 'bad';
    const problems = e.problems || [{ path: '', message: e.line ? `line ${e.line}, column ${e.column}: ${e.message}` : e.message }];
    validity.textContent = problems.length === 1 ? 'One thing to fix before publishing:' : `${problems.length} things to fix before publishing:`;
    for (const p of problems) {
      const field = fieldFor(p.path);
      field.setAttribute('aria-invalid', 'true');
      const li = el('li', {}, p.path ? el('code', { text: p.path }) : '', p.path ? ' ' : '', p.message);
      li.addEventListener('click', () => field.focus());
      list.append(li);
    }
  }
  $('#push').disabled = !validJSON;
}

function preview() {
  const out = $('#preview-result');
  const text = $('#preview-text').value;
  if (!text.trim() || !scrubs) return out.replaceChildren();
  const r = scrubs.classify({ text, mode: 'post', platform: 'facebook' });
  out.replaceChildren(el('p', {}, 'Verdict: ', el('span', { class: `verdict ${r.verdict}`, text: r.verdict })),
    el('ul', {}, ...r.findings.map((f) => el('li', {}, el('b', { text: `“${text.slice(f.start, f.end)}”` }), ` ${f.kind}: ${f.reason}`))));
}
$('#preview-text').addEventListener('input', () => {
  clearTimeout(timer);
  timer = setTimeout(preview, 150);
});

// ---- publish

$('#push').addEventListener('click', async () => {
  if (!validJSON) return;
  const btn = $('#push');
  btn.disabled = true;
  const comment = $('#comment').value.replace(/\s+/g, ' ').trim();
  const r = await api('PUT', `/v1/pack?comment=${encodeURIComponent(comment)}`, validJSON, { 'Content-Type': 'application/json' }).catch(() => null);
  btn.disabled = false;
  const result = $('#push-result');
  if (r && r.status === 201) {
    result.className = '';
    result.textContent = `Published as version ${r.json.version}. Extensions pick it up at their next check.`;
    $('#comment').value = '';
    await Promise.all([loadHistory(), status()]);
  } else {
    result.className = 'error';
    const errs = (r && r.json && r.json.errors) || [{ message: 'the server did not answer' }];
    result.textContent = `Not published: ${errs.map((e) => (e.path ? `${e.path}: ` : '') + e.message).join('; ')}`;
  }
});

// ---- history

async function loadHistory() {
  const r = await api('GET', '/v1/packs');
  const rows = $('#history-rows');
  rows.replaceChildren();
  for (const p of r.json.packs) {
    const restore = el('button', { type: 'button', text: `Restore version ${p.version}` });
    restore.addEventListener('click', async () => {
      if (!confirm(`Publish version ${p.version} again as a new version?`)) return;
      const rr = await api('POST', `/v1/packs/${p.version}/restore`);
      $('#push-result').textContent = rr.status === 201 ? `Version ${p.version} restored as version ${rr.json.version}.` : `Not restored (HTTP ${rr.status}).`;
      await Promise.all([loadHistory(), loadCurrent(), status()]);
    });
    const what = p.comment || (p.restored_from ? `restored version ${p.restored_from}` : '');
    rows.append(el('tr', { class: p.version === r.json.current ? 'current' : '', 'data-version': String(p.version) },
      el('td', { text: p.version === r.json.current ? `${p.version} (in use)` : String(p.version) }),
      el('td', { text: new Date(p.created).toLocaleString() }),
      el('td', { text: `${(p.size / 1024).toFixed(1)} KB` }),
      el('td', { text: what }),
      el('td', {}, el('code', { text: p.digest.slice(0, 12), title: p.digest })),
      el('td', {}, p.version === r.json.current ? '' : restore)));
  }
}

// ---- activity chart

async function loadStats() {
  const r = await api('GET', '/v1/stats');
  const s = r.json;
  const weeks = s.weeks.slice(-12);
  const chart = $('#chart');
  if (!weeks.length) {
    chart.replaceChildren(el('p', { class: 'note', text: 'No counts yet. Extensions send them about once a day.' }));
    $('#totals').replaceChildren();
    return;
  }
  const W = 720, H = 240, left = 40, bottom = 40, top = 20;
  const max = Math.max(1, ...weeks.map((w) => Math.max(w.warnings + w.blocks, w.overrides)));
  const step = (W - left - 10) / weeks.length;
  const y = (v) => H - bottom - (v / max) * (H - bottom - top);
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  const add = (tag, attrs, text) => {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    svg.append(e);
    return e;
  };
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `Warnings and overrides for the last ${weeks.length} weeks`);
  add('line', { x1: left, y1: y(0), x2: W - 5, y2: y(0), stroke: '#9aa0a6' });
  add('text', { x: left - 6, y: y(max) + 4, 'text-anchor': 'end', 'font-size': 11 }, String(max));
  add('text', { x: left - 6, y: y(0) + 4, 'text-anchor': 'end', 'font-size': 11 }, '0');
  weeks.forEach((w, i) => {
    const x = left + i * step + step * 0.15;
    const bw = step * 0.33;
    const warn = w.warnings + w.blocks;
    add('rect', { x, y: y(warn), width: bw, height: y(0) - y(warn), fill: '#f29900', 'data-series': 'warnings' }).append(
      Object.assign(document.createElementNS(NS, 'title'), { textContent: `${w.week}: ${warn} warnings (${w.blocks} blocked)` }));
    add('rect', { x: x + bw + 2, y: y(w.overrides), width: bw, height: y(0) - y(w.overrides), fill: '#c5221f', 'data-series': 'overrides' }).append(
      Object.assign(document.createElementNS(NS, 'title'), { textContent: `${w.week}: ${w.overrides} posted anyway` }));
    add('text', { x: x + bw, y: H - bottom + 16, 'text-anchor': 'middle', 'font-size': 11 }, w.week.slice(5));
  });
  add('rect', { x: left, y: H - 14, width: 10, height: 10, fill: '#f29900' });
  add('text', { x: left + 14, y: H - 5, 'font-size': 12 }, 'warnings (week starting)');
  add('rect', { x: left + 190, y: H - 14, width: 10, height: 10, fill: '#c5221f' });
  add('text', { x: left + 204, y: H - 5, 'font-size': 12 }, 'posted anyway');
  chart.replaceChildren(svg);

  const table = (title, m) => {
    const rows = Object.entries(m).sort((a, b) => b[1] - a[1]).slice(0, 8);
    return el('table', {}, el('caption', { text: title }), ...rows.map(([k, v]) => el('tr', {}, el('td', { text: k }), el('td', { text: String(v) }))));
  };
  $('#totals').replaceChildren(table('By kind', s.kinds), table('By site', s.sites), table('By verdict', s.verdicts));
}

// ---- start

async function loadCurrent() {
  const res = await fetch('/v1/pack');
  const pack = packFromEnvelope(await res.json());
  if (pack.base === 'default') {
    $('#base-note').textContent = 'This is the pack in use. It adds your organisation to the built-in rules.';
    fillForm(pack);
  } else {
    $('#base-note').textContent = 'The server is serving the built-in rules. Fill in your organisation to publish your own pack on top of them.';
    fillForm({ schema: 'scrubs.pack/1', name: 'Our organisation', base: 'default', org: { name: '' } });
  }
  validate(false);
}

async function status() {
  const r = await fetch('/healthz').then((x) => x.json()).catch(() => null);
  $('#server-state').textContent = r ? `pack version ${r.version} in use` : 'server not answering';
}

async function start() {
  $('#login').hidden = true;
  $('#app').hidden = false;
  scrubs ??= await instantiate(fetch('/wasm/classifier.wasm'));
  await Promise.all([loadCurrent(), loadHistory(), loadStats(), status()]);
  document.body.dataset.ready = 'true';
}

if (token) start().catch((e) => signOut(e.message));
else signOut();
