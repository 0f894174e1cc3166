// The /admin page: edit the organisation's pack with validation as you
// type (the classifier WebAssembly module runs in the page, so the checks
// are the server's own), publish it, see and restore the history, and
// reports of what staff did when warned (per post, by week, kind, site and
// rule, with a period and a CSV export), the audit log, and the accounts
// and API tokens. Signing in (a name and password, or an API token) gives
// a bearer token that stays in this tab's sessionStorage and goes only to
// this server, in the Authorization header: the server sets and reads no
// cookie. A viewer sees the reports, history and audit log only.

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
let me = null; // GET /v1/me: who is signed in
let scrubs = null; // the module, for validation and the preview
let extra = {}; // what the form does not edit, kept as it was
let lexicons = []; // [{id, signal, lang, terms: [..], rest: {...}}]
let validJSON = null; // the pack as it would be published, when valid

// ---- the server

async function api(method, path, body, headers = {}) {
  const res = await fetch(path, { method, body, headers: { Authorization: `Bearer ${token}`, ...headers } });
  if (res.status === 401) {
    await res.text().catch(() => {});
    signOut('You were signed out (the session ended, or the token was not accepted).');
    throw new Error('not signed in');
  }
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {}
  return { status: res.status, ok: res.ok, json };
}

const errorText = (r) => ((r && r.json && r.json.errors) || [{ message: 'the server did not answer' }]).map((e) => (e.path ? `${e.path}: ` : '') + e.message).join('; ');
const jsonHeaders = { 'Content-Type': 'application/json' };

function signOut(message = '') {
  token = '';
  me = null;
  delete document.body.dataset.ready;
  delete document.body.dataset.role;
  sessionStorage.removeItem('scrubs-admin-token');
  $('#app').hidden = true;
  $('#login').hidden = false;
  $('#login-error').textContent = message;
  $('#login-name').focus();
}

// signIn keeps a bearer token once the server knows it.
async function signIn(bearer) {
  token = bearer;
  const r = await api('GET', '/v1/me').catch(() => null);
  if (!r || !r.ok) {
    if (r) signOut(`Could not sign in: ${errorText(r)}`);
    return;
  }
  sessionStorage.setItem('scrubs-admin-token', token);
  await start();
}

$('#login').addEventListener('submit', async (e) => {
  e.preventDefault();
  const name = $('#login-name').value.trim(), password = $('#login-password').value;
  if (!name || !password) return void ($('#login-error').textContent = 'Give your name and password.');
  const res = await fetch('/v1/login', { method: 'POST', headers: jsonHeaders, body: JSON.stringify({ name, password }) }).catch(() => null);
  const json = res && (await res.json().catch(() => null));
  if (!res || !res.ok) {
    $('#login-error').textContent = res && res.status === 401 ? 'Wrong name or password.' : `Could not sign in: ${errorText({ json })}`;
    return;
  }
  $('#login-password').value = '';
  await signIn(json.token);
});
$('#token-submit').addEventListener('click', async () => {
  const t = $('#token').value.trim();
  if (!t) return;
  $('#token').value = '';
  await signIn(t);
});
$('#logout').addEventListener('click', async () => {
  await api('POST', '/v1/logout').catch(() => {});
  signOut();
});

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

// confirmChanges shows what a publish or restore changes (the server's
// diff against the version in use) and says whether to go on.
function confirmChanges({ title, intro, ok, diff }) {
  const dlg = $('#confirm');
  $('#confirm-h').textContent = title;
  $('#confirm-intro').textContent = intro;
  const sections = new Map();
  for (const c of diff.changes) {
    if (!sections.has(c.section)) sections.set(c.section, []);
    sections.get(c.section).push(el('li', { text: c.text.slice(c.section.length + 2) }));
  }
  $('#confirm-changes').replaceChildren(...(diff.changes.length
    ? [...sections].flatMap(([name, items]) => [el('h3', { text: name }), el('ul', {}, ...items)])
    : [el('p', { class: 'note', text: 'Nothing changes: the rules are the same as the version in use.' })]));
  $('#confirm-ok').textContent = ok;
  dlg.showModal();
  return new Promise((resolve) => {
    const done = (answer) => () => {
      dlg.close();
      resolve(answer);
    };
    $('#confirm-ok').onclick = done(true);
    $('#confirm-cancel').onclick = done(false);
    dlg.oncancel = done(false);
  });
}

$('#push').addEventListener('click', async () => {
  if (!validJSON) return;
  const btn = $('#push');
  const result = $('#push-result');
  btn.disabled = true;
  try {
    const d = await api('POST', '/v1/pack/diff', validJSON, jsonHeaders);
    if (!d.ok) throw new Error(errorText(d));
    const go = await confirmChanges({
      title: 'Publish these changes?',
      intro: `Compared with version ${d.json.against}, the version in use. Every installed extension picks up the new version at its next check.`,
      ok: 'Publish to every extension',
      diff: d.json,
    });
    if (!go) {
      result.className = '';
      result.textContent = 'Not published.';
      return;
    }
    const comment = $('#comment').value.replace(/\s+/g, ' ').trim();
    const r = await api('PUT', `/v1/pack?comment=${encodeURIComponent(comment)}`, validJSON, { ...jsonHeaders, 'Scrubs-Base-Version': String(d.json.against) });
    if (r.status === 201) {
      result.className = '';
      result.textContent = `Published as version ${r.json.version}. Extensions pick it up at their next check.`;
      $('#comment').value = '';
      await Promise.all([loadHistory(), loadAudit(), status()]);
    } else {
      result.className = 'error';
      result.textContent = `Not published: ${errorText(r)}`;
      if (r.status === 409) await loadHistory();
    }
  } catch (e) {
    result.className = 'error';
    result.textContent = `Not published: ${e.message}`;
  } finally {
    btn.disabled = !validJSON;
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
      const d = await api('GET', `/v1/packs/${p.version}/diff`);
      if (!d.ok) return void ($('#push-result').textContent = `Not restored: ${errorText(d)}`);
      const go = await confirmChanges({
        title: `Restore version ${p.version}?`,
        intro: `This publishes version ${p.version} again, as a new version, in place of version ${d.json.against}. It brings back:`,
        ok: `Restore version ${p.version}`,
        diff: d.json,
      });
      if (!go) return;
      const rr = await api('POST', `/v1/packs/${p.version}/restore`, undefined, { 'Scrubs-Base-Version': String(d.json.against) });
      $('#push-result').textContent = rr.status === 201 ? `Version ${p.version} restored as version ${rr.json.version}.` : `Not restored: ${errorText(rr)}`;
      await Promise.all([loadHistory(), loadCurrent(), loadAudit(), status()]);
    });
    const what = p.comment || (p.restored_from ? `restored version ${p.restored_from}` : '');
    rows.append(el('tr', { class: p.version === r.json.current ? 'current' : '', 'data-version': String(p.version) },
      el('td', { text: p.version === r.json.current ? `${p.version} (in use)` : String(p.version) }),
      el('td', { text: new Date(p.created).toLocaleString() }),
      el('td', { text: `${(p.size / 1024).toFixed(1)} KB` }),
      el('td', { text: what }),
      el('td', {}, el('code', { text: p.digest.slice(0, 12), title: p.digest })),
      el('td', { class: 'editor-only' }, p.version === r.json.current ? '' : restore)));
  }
}

// ---- reports

// Plain names, as the extension shows them (its own wording module).
let kindTitle = (k) => k;
const kindsLoaded = import('/ext/shared/kinds.js').then((m) => (kindTitle = m.title), () => {});

const REASON_NAMES = {
  not_about_a_patient: 'Not about a patient',
  consent_on_file: 'Consent on file',
  public_information: 'Public information',
  other: 'Another reason',
  not_checked: 'Posted when Scrubs could not check it',
};
const SITE_NAMES = { facebook: 'Facebook', instagram: 'Instagram', messenger: 'Messenger', google: 'Google', yelp: 'Yelp', x: 'X', other: 'Other sites' };
const COLUMNS = [
  ['drafts', 'Drafts warned'],
  ['stopped', 'Stopped'],
  ['edited', 'Edited after a warning'],
  ['warned', 'Posted after a second look'],
  ['posted_anyway', 'Posted anyway'],
  ['false_alarms', 'False alarms'],
];
const pct = (x) => `${(x * 100).toFixed(x && x < 0.1 ? 1 : 0)}%`;
const weekName = (w) => new Date(`${w}T00:00:00Z`).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

let period = { from: '', to: '' };

function periodQuery() {
  const q = new URLSearchParams();
  if (period.from) q.set('from', period.from);
  if (period.to) q.set('to', period.to);
  const t = q.toString();
  return t ? `?${t}` : '';
}

function fillPeriod(all) {
  for (const [id, value] of [['#period-from', period.from || all[0] || ''], ['#period-to', period.to || all.at(-1) || '']]) {
    const sel = $(id);
    sel.replaceChildren(...all.map((w) => el('option', { value: w, text: weekName(w) })));
    sel.value = value;
    sel.disabled = !all.length;
  }
}

function lastWeeks(all, n) {
  period = { from: all.at(-n) || all[0] || '', to: '' };
}

let allWeeks = [];
$('#period-from').addEventListener('change', (e) => ((period.from = e.target.value), loadStats()));
$('#period-to').addEventListener('change', (e) => ((period.to = e.target.value), loadStats()));
$('#period-4').addEventListener('click', () => (lastWeeks(allWeeks, 4), loadStats()));
$('#period-12').addEventListener('click', () => (lastWeeks(allWeeks, 12), loadStats()));
$('#period-all').addEventListener('click', () => ((period = { from: '', to: '' }), loadStats()));
$('#print-report').addEventListener('click', () => window.print());
// The token is a header, so a file comes through fetch, not a link.
async function download(path, fallback) {
  const res = await fetch(path + periodQuery(), { headers: { Authorization: `Bearer ${token}` } });
  if (!res.ok) return;
  const name = (res.headers.get('Content-Disposition') || '').match(/filename="([^"]+)"/)?.[1] || fallback;
  const a = el('a', { href: URL.createObjectURL(await res.blob()), download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}
$('#export-csv').addEventListener('click', () => download('/v1/stats.csv', 'scrubs-report.csv'));
$('#export-audit').addEventListener('click', () => download('/v1/audit.csv', 'scrubs-audit.csv'));

function reasonsText(r) {
  const parts = Object.entries(r.reasons || {}).filter(([, n]) => n).sort((a, b) => b[1] - a[1]);
  return parts.map(([k, n]) => `${REASON_NAMES[k] || k} ${n}`).join(', ');
}

function reportTable(caption, rows, name, { limit = 12 } = {}) {
  const head = el('tr', {}, el('th', { scope: 'col', text: caption }), ...COLUMNS.map(([, t]) => el('th', { scope: 'col', text: t })),
    el('th', { scope: 'col', text: 'Override rate' }), el('th', { scope: 'col', text: 'False-alarm rate' }));
  const body = rows.slice(0, limit).map((r) => el('tr', { 'data-key': r.key },
    el('th', { scope: 'row', text: name(r.key) }),
    ...COLUMNS.map(([k]) => el('td', { class: 'num', text: String(r[k]), title: k === 'posted_anyway' ? reasonsText(r) : '' })),
    el('td', { class: 'num', text: pct(r.override_rate) }), el('td', { class: 'num', text: pct(r.false_alarm_rate) })));
  return el('table', { class: 'report' }, el('thead', {}, head), el('tbody', {}, ...body));
}

function drawChart(weeks) {
  const W = 720, H = 250, left = 40, bottom = 56, top = 20;
  const max = Math.max(1, ...weeks.map((w) => w.drafts));
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
  const tip = (e, text) => e.append(Object.assign(document.createElementNS(NS, 'title'), { textContent: text }));
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `Drafts warned, posted anyway and false alarms for ${weeks.length} weeks`);
  add('line', { x1: left, y1: y(0), x2: W - 5, y2: y(0), stroke: '#9aa0a6' });
  add('text', { x: left - 6, y: y(max) + 4, 'text-anchor': 'end', 'font-size': 11 }, String(max));
  add('text', { x: left - 6, y: y(0) + 4, 'text-anchor': 'end', 'font-size': 11 }, '0');
  const series = [['drafts', 'warnings', '#f29900', 'drafts warned'], ['posted_anyway', 'overrides', '#c5221f', 'posted anyway'], ['false_alarms', 'false-alarms', '#1a73e8', 'false alarms']];
  weeks.forEach((w, i) => {
    const bw = (step * 0.75) / series.length;
    const x0 = left + i * step + step * 0.12;
    series.forEach(([k, id, color, label], j) => {
      tip(add('rect', { x: x0 + j * bw, y: y(w[k]), width: bw - 1, height: y(0) - y(w[k]), fill: color, 'data-series': id }),
        `Week of ${weekName(w.key)}: ${w[k]} ${label}${k === 'posted_anyway' && w[k] ? ` (${reasonsText(w)})` : ''}`);
    });
    add('text', { x: x0 + (bw * series.length) / 2, y: H - bottom + 15, 'text-anchor': 'middle', 'font-size': 11 }, w.key.slice(5));
  });
  add('text', { x: left, y: H - bottom + 30, 'font-size': 11, fill: '#5f6368' }, 'week starting (month-day)');
  let lx = left;
  for (const [, , color, label] of series) {
    add('rect', { x: lx, y: H - 14, width: 10, height: 10, fill: color });
    add('text', { x: lx + 14, y: H - 5, 'font-size': 12 }, label);
    lx += 30 + label.length * 7;
  }
  return svg;
}

// What each audit action is called on the page.
const ACTION_NAMES = {
  'pack.publish': 'Published the rules',
  'pack.restore': 'Restored an earlier version',
  'key.rotate': 'Rotated the signing key',
  'account.create': 'Added an account',
  'account.change': 'Changed an account',
  'account.delete': 'Removed an account',
  'account.password': 'Changed a password',
  'token.create': 'Created an API token',
  'token.delete': 'Revoked an API token',
  'session.sign_in': 'Signed in',
  'session.sign_out': 'Signed out',
  'session.lockout': 'Sign-in locked after failed attempts',
};

async function loadAudit() {
  const r = await api('GET', '/v1/audit' + periodQuery());
  const rows = (r.ok && r.json.entries) || [];
  $('#audit-rows').replaceChildren(...(rows.length ? rows.map((e) => el('tr', { 'data-seq': String(e.seq), 'data-action': e.action },
    el('td', { text: new Date(e.time).toLocaleString() }),
    el('td', { text: e.actor }),
    el('td', { text: `${ACTION_NAMES[e.action] || e.action}${e.target ? ` (${e.target})` : ''}` }),
    el('td', { text: e.detail }))) : [el('tr', {}, el('td', { colspan: '4', class: 'note', text: 'No changes in this period.' }))]));
}

async function loadStats() {
  const audit = loadAudit();
  await kindsLoaded;
  const r = await api('GET', '/v1/stats' + periodQuery());
  const s = r.json;
  allWeeks = s.all_weeks;
  fillPeriod(allWeeks);
  const chart = $('#chart');
  if (!s.weeks.length) {
    $('#summary').replaceChildren();
    chart.replaceChildren(el('p', { class: 'note', text: allWeeks.length ? 'No posts were warned about in this period.' : 'No counts yet. Extensions send them about once a day.' }));
    $('#totals').replaceChildren();
  } else {
    const t = s.total;
    const tile = (label, value, extra = '') => el('div', { class: 'tile' }, el('span', { class: 'tile-n', text: value }), el('span', { text: label }), extra ? el('span', { class: 'hint', text: extra }) : '');
    $('#summary').replaceChildren(
      el('p', { class: 'period', id: 'period-label', text: `Weeks of ${weekName(s.from)} to ${weekName(s.to)}` }),
      tile('drafts warned', String(t.drafts), `${t.blocked} would have been stopped`),
      tile('stopped', String(t.stopped)),
      tile('edited after a warning', String(t.edited)),
      tile('posted after a second look', String(t.warned)),
      tile('posted anyway', String(t.posted_anyway), reasonsText(t)),
      tile('false alarms', String(t.false_alarms)),
      tile('override rate', pct(t.override_rate), 'posted anyway / drafts warned'),
      tile('false-alarm rate', pct(t.false_alarm_rate), 'false alarms / drafts warned'));
    chart.replaceChildren(drawChart(s.weeks.slice(-26)));
    const reasons = el('table', { class: 'report narrow' }, el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Why they posted anyway' }), el('th', { scope: 'col', text: 'Posts' }))),
      el('tbody', {}, ...s.reasons.map((k) => el('tr', { 'data-key': k }, el('th', { scope: 'row', text: REASON_NAMES[k] || k }), el('td', { class: 'num', text: String(t.reasons[k] || 0) })))));
    const blocks = [
      el('h3', { text: 'By kind of detail' }), reportTable('Kind', s.kinds, kindTitle),
      el('h3', { text: 'By rule: which terms raise false alarms' }),
      s.rules.length ? reportTable('Rule (list of terms or pattern)', [...s.rules].sort((a, b) => b.false_alarm_rate - a.false_alarm_rate || b.drafts - a.drafts), (k) => k)
        : el('p', { class: 'note', text: 'No rule ids reported in this period.' }),
      el('h3', { text: 'By site' }), reportTable('Site', s.sites, (k) => SITE_NAMES[k] || k),
      el('h3', { text: 'Posted anyway, by reason' }), reasons,
      el('h3', { text: 'By week' }), reportTable('Week of', [...s.weeks].reverse(), weekName, { limit: 60 }),
    ];
    $('#totals').replaceChildren(...blocks);
  }
  if (s.legacy.length) {
    const f = s.legacy.reduce((a, w) => a + w.findings, 0);
    const o = s.legacy.reduce((a, w) => a + w.overrides, 0);
    $('#totals').append(el('p', { class: 'note', id: 'legacy', text: `Before per-post counting (weeks of ${weekName(s.legacy[0].week)} to ${weekName(s.legacy.at(-1).week)}), extensions counted findings, not posts: ${f} findings, ${o} of them posted anyway. They are left out of the figures above.` }));
  }
  await audit;
}

async function loadEnrolment() {
  const r = await api('GET', '/v1/enrolment');
  if (r.ok) $('#enrolment').replaceChildren('Extensions send their counts with the enrolment key ', el('code', { text: r.json.key }), ' (policy setting ', el('code', { text: 'enrolmentKey' }), ').');
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

// ---- the roll-out kit (editors)

function saveFile(name, body, type = 'application/octet-stream') {
  const a = el('a', { href: URL.createObjectURL(new Blob([body], { type })), download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

async function loadRollout() {
  const q = new URLSearchParams();
  for (const [id, key] of [['#rollout-url', 'url'], ['#rollout-update', 'update_url'], ['#rollout-install', 'install_url']]) {
    if ($(id).value.trim()) q.set(key, $(id).value.trim());
  }
  const r = await api('GET', `/v1/rollout?${q}`);
  if (!r.ok) return void $('#rollout-files').replaceChildren(el('p', { class: 'error', text: `Could not fill in the kit: ${errorText(r)}` }));
  const k = r.json;
  $('#rollout-url').value = k.server_url;
  $('#rollout-update').value = k.update_url;
  $('#rollout-install').value = k.install_url;
  $('#rollout-keys').replaceChildren('Signing key ', el('code', { text: k.public_key }), ' · enrolment key ', el('code', { text: k.enrolment_key }),
    ' · extension id in Chrome and Edge ', el('code', { text: k.chromium_id }), ', in Firefox ', el('code', { text: k.firefox_id }));
  $('#rollout-files').replaceChildren(...k.files.map((f) => {
    const dl = el('button', { type: 'button', text: `Download ${f.name}` });
    dl.addEventListener('click', () => saveFile(f.name, f.body));
    const copy = el('button', { type: 'button', text: 'Copy' });
    copy.addEventListener('click', () => navigator.clipboard?.writeText(f.body).then(() => (copy.textContent = 'Copied'), () => {}));
    return el('div', { class: 'kit-file', 'data-name': f.name }, el('h3', { text: f.title }), el('p', { class: 'note', text: f.where }),
      el('pre', { text: f.body }), dl, ' ', copy);
  }));
}
$('#rollout-form').addEventListener('submit', (e) => {
  e.preventDefault();
  loadRollout();
});

// ---- accounts and tokens (editors), your account (everyone)

const ROLE_NAMES = { editor: 'editor', viewer: 'viewer (reports only)' };

function showSecret(where, text, secret) {
  $(where).replaceChildren(text, ' ', el('code', { class: 'secret', text: secret }), ' It is not shown again.');
}

async function loadAccounts() {
  const r = await api('GET', '/v1/accounts');
  if (!r.ok) return;
  $('#account-rows').replaceChildren(...r.json.accounts.map((a) => {
    const role = el('select', { 'aria-label': `Role of ${a.name}` }, ...Object.entries(ROLE_NAMES).map(([v, t]) => el('option', { value: v, text: t })));
    role.value = a.role;
    role.addEventListener('change', async () => {
      const rr = await api('PUT', `/v1/accounts/${encodeURIComponent(a.name)}`, JSON.stringify({ role: role.value }), jsonHeaders);
      $('#account-result').textContent = rr.ok ? `${a.name} is now a ${role.value}.` : `Not changed: ${errorText(rr)}`;
      await Promise.all([loadAccounts(), loadAudit()]);
    });
    const reset = el('button', { type: 'button', text: 'New password' });
    reset.addEventListener('click', async () => {
      if (!confirm(`Make a new password for ${a.name}? Their current password stops working and they are signed out.`)) return;
      const rr = await api('PUT', `/v1/accounts/${encodeURIComponent(a.name)}`, JSON.stringify({ new_password: true }), jsonHeaders);
      if (rr.ok) showSecret('#account-result', `${a.name}'s new password:`, rr.json.password);
      else $('#account-result').textContent = `Not changed: ${errorText(rr)}`;
      await Promise.all([loadAccounts(), loadAudit()]);
    });
    const remove = el('button', { type: 'button', text: 'Remove' });
    remove.addEventListener('click', async () => {
      if (!confirm(`Remove the account ${a.name}? Their sessions and API tokens stop working.`)) return;
      const rr = await api('DELETE', `/v1/accounts/${encodeURIComponent(a.name)}`);
      $('#account-result').textContent = rr.ok ? `${a.name} was removed.` : `Not removed: ${errorText(rr)}`;
      await Promise.all([loadAccounts(), loadTokens(), loadAudit()]);
    });
    return el('tr', { 'data-name': a.name }, el('th', { scope: 'row', text: a.name + (me && a.name === me.name ? ' (you)' : '') }), el('td', {}, role),
      el('td', { text: new Date(a.created).toLocaleDateString() }), el('td', { text: a.password_set ? 'set' : 'not set yet' }), el('td', {}, reset, remove));
  }));
}

$('#add-account').addEventListener('submit', async (e) => {
  e.preventDefault();
  const name = $('#new-account-name').value.trim();
  const r = await api('POST', '/v1/accounts', JSON.stringify({ name, role: $('#new-account-role').value, new_password: true }), jsonHeaders);
  if (r.ok) {
    showSecret('#account-result', `Account ${r.json.name} (${r.json.role}) added. Its password:`, r.json.password);
    $('#new-account-name').value = '';
  } else $('#account-result').textContent = `Not added: ${errorText(r)}`;
  await Promise.all([loadAccounts(), loadAudit()]);
});

async function loadTokens() {
  const r = await api('GET', '/v1/tokens');
  if (!r.ok) return;
  $('#token-rows').replaceChildren(...(r.json.tokens.length ? r.json.tokens.map((t) => {
    const revoke = el('button', { type: 'button', text: 'Revoke' });
    revoke.addEventListener('click', async () => {
      if (!confirm(`Revoke the token ${t.name}? Scripts that use it stop working.`)) return;
      const rr = await api('DELETE', `/v1/tokens/${t.id}`);
      $('#token-result').textContent = rr.ok ? `The token ${t.name} was revoked.` : `Not revoked: ${errorText(rr)}`;
      await Promise.all([loadTokens(), loadAudit()]);
    });
    return el('tr', { 'data-id': t.id }, el('th', { scope: 'row', text: t.name }), el('td', { text: t.account }), el('td', { text: t.role }),
      el('td', { text: new Date(t.created).toLocaleDateString() }), el('td', {}, revoke));
  }) : [el('tr', {}, el('td', { colspan: '5', class: 'note', text: 'No API tokens yet.' }))]));
}

$('#add-token').addEventListener('submit', async (e) => {
  e.preventDefault();
  const r = await api('POST', '/v1/tokens', JSON.stringify({ name: $('#new-token-name').value.trim(), role: $('#new-token-role').value }), jsonHeaders);
  if (r.ok) {
    showSecret('#token-result', `Token ${r.json.name} (${r.json.role}):`, r.json.token);
    $('#new-token-name').value = '';
  } else $('#token-result').textContent = `Not made: ${errorText(r)}`;
  await Promise.all([loadTokens(), loadAudit()]);
});

function showMe() {
  const via = me.via === 'session' ? `signed in until ${new Date(me.expires).toLocaleString()}` : `with the API token ${me.token}`;
  $('#whoami').textContent = `${me.name} (${me.role})`;
  $('#me-name').value = me.name;
  $('#me-state').textContent = `You are ${me.name}, ${ROLE_NAMES[me.role] === me.role ? `an ${me.role}` : `a ${ROLE_NAMES[me.role]}`}, ${via}.` +
    (me.password_set ? '' : ' Your account has no password yet: set one below to sign in with your name.');
  $('#current-password').closest('form').querySelector('label[for="current-password"]').hidden = !me.password_set;
  $('#current-password').hidden = !me.password_set;
}

$('#password-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const r = await api('POST', '/v1/me/password', JSON.stringify({ current: $('#current-password').value, new: $('#new-password').value }), jsonHeaders);
  $('#password-result').textContent = r.ok ? 'Your password was changed. Your other sessions were signed out.' : `Not changed: ${errorText(r)}`;
  if (r.ok) {
    $('#current-password').value = $('#new-password').value = '';
    me.password_set = true;
    showMe();
    loadAudit();
  }
});

// ---- start

async function start() {
  const r = await api('GET', '/v1/me');
  me = r.json;
  document.body.dataset.role = me.role;
  showMe();
  $('#login').hidden = true;
  $('#app').hidden = false;
  const editor = me.role === 'editor';
  const loads = [loadHistory(), loadStats(), status()];
  if (editor) {
    scrubs ??= await instantiate(fetch('/wasm/classifier.wasm'));
    loads.push(loadCurrent(), loadEnrolment(), loadAccounts(), loadTokens(), loadRollout());
  }
  await Promise.all(loads);
  document.body.dataset.ready = 'true';
}

if (token) start().catch((e) => signOut(e.message));
else signOut();
