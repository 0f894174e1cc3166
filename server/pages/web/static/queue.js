// The approval queue (/queue): staff's requests, encrypted to the privacy
// officers' age keys, read and answered in this page. The officer's key
// stays in this browser: in IndexedDB, wrapped (AES-GCM) by a key derived
// from a passphrase (PBKDF2-SHA-256, 600,000 rounds, WebCrypto), or pasted
// for the session. It is never sent anywhere: the page sends the server
// only the decision, encrypted in the classifier module (age, the same
// code as the extension and `scrubs queue decrypt`) to the key the
// requesting browser made for that request.

import { instantiate } from '/wasm/loader.js';
import { title } from '/ext/shared/kinds.js';

const $ = (s) => document.querySelector(s);
const el = (tag, attrs = {}, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v);
  }
  e.append(...kids);
  return e;
};

let token = sessionStorage.getItem('scrubs-admin-token') || '';
let scrubs = null; // the module, with the server's signed pack loaded
let officers = []; // [{name, key}] of the signed pack
let identity = ''; // the unlocked key, in memory only
let recipient = '';
let current = null; // the item open

// ---- the server

async function api(method, path, body) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  if (res.status === 401) {
    signIn('The token was not accepted.');
    throw new Error('not signed in');
  }
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {}
  return { status: res.status, ok: res.ok, json, error: json && json.errors ? json.errors.map((e) => (e.path ? `${e.path}: ` : '') + e.message).join('; ') : `HTTP ${res.status}` };
}

function signIn(message = '') {
  token = '';
  sessionStorage.removeItem('scrubs-admin-token');
  $('#app').hidden = true;
  $('#login').hidden = false;
  $('#login-error').textContent = message;
}

$('#login').addEventListener('submit', async (e) => {
  e.preventDefault();
  token = $('#token').value.trim();
  $('#token').value = '';
  sessionStorage.setItem('scrubs-admin-token', token);
  start().catch((err) => signIn(err.message));
});

// ---- the key, kept in IndexedDB wrapped by a passphrase

const DB = 'scrubs-officer';
const STORE = 'keys';
const ROUNDS = 600000;

function db() {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(DB, 1);
    r.onupgradeneeded = () => r.result.createObjectStore(STORE);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

async function stored() {
  const d = await db();
  return new Promise((resolve, reject) => {
    const r = d.transaction(STORE).objectStore(STORE).get('key');
    r.onsuccess = () => resolve(r.result || null);
    r.onerror = () => reject(r.error);
  });
}

async function storeKey(value) {
  const d = await db();
  return new Promise((resolve, reject) => {
    const t = d.transaction(STORE, 'readwrite');
    if (value) t.objectStore(STORE).put(value, 'key');
    else t.objectStore(STORE).delete('key');
    t.oncomplete = () => resolve();
    t.onerror = () => reject(t.error);
  });
}

async function wrappingKey(passphrase, salt) {
  const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: ROUNDS }, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

async function wrap(secret, passphrase, meta) {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const k = await wrappingKey(passphrase, salt);
  const data = new TextEncoder().encode(secret);
  const aad = new TextEncoder().encode(`scrubs officer key v1\n${meta.recipient}`);
  const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad }, k, data));
  data.fill(0);
  return { v: 1, kdf: 'PBKDF2-SHA-256', rounds: ROUNDS, salt, iv, ct, ...meta };
}

async function unwrap(rec, passphrase) {
  const k = await wrappingKey(passphrase, rec.salt);
  const aad = new TextEncoder().encode(`scrubs officer key v1\n${rec.recipient}`);
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: rec.iv, additionalData: aad }, k, rec.ct);
  return new TextDecoder().decode(plain);
}

function keyMsg(text, error = false) {
  $('#key-msg').textContent = text;
  $('#key-msg').classList.toggle('error', error);
}

async function showKey() {
  await drawRows(); // the officers of the signed rules, and the requests
  const rec = await stored().catch(() => null);
  $('#key-none').hidden = !!identity || !!rec;
  $('#key-locked').hidden = !!identity || !rec;
  $('#key-open').hidden = !identity;
  if (rec && !identity) $('#locked-recipient').textContent = rec.recipient;
  if (identity) {
    $('#open-recipient').textContent = recipient;
    const o = officers.find((x) => x.key === recipient);
    $('#open-officer').textContent = o ? `: ${o.name}, an officer in the signed rules` : '';
    $('#not-officer').hidden = !!o;
  }
}

$('#create').addEventListener('click', async () => {
  const name = $('#officer-name').value.trim();
  const pass = $('#new-pass').value;
  if (!name) return keyMsg('Give your name first: staff see it on your decisions.', true);
  if (pass.length < 10) return keyMsg('The passphrase needs at least 10 characters.', true);
  if (pass !== $('#new-pass2').value) return keyMsg('The two passphrases differ.', true);
  const k = scrubs.ageKeygen();
  await storeKey(await wrap(k.identity, pass, { recipient: k.recipient, name, created: Date.now() }));
  identity = k.identity;
  recipient = k.recipient;
  $('#new-pass').value = $('#new-pass2').value = '';
  keyMsg('Your key is made and locked in this browser. Download a copy now, then add yourself to the rules.');
  await showKey();
});

// A pasted key: the module says which public key it is.
async function usePasted(keep) {
  const secret = $('#paste').value.trim().split('\n').map((l) => l.trim()).find((l) => l.startsWith('AGE-SECRET-KEY-1'));
  if (!secret) return keyMsg('That is not an age secret key (AGE-SECRET-KEY-1…).', true);
  let r;
  try {
    r = scrubs.ageRecipient(secret);
  } catch (e) {
    return keyMsg(`That key cannot be used: ${e.message}`, true);
  }
  identity = secret;
  recipient = r;
  $('#paste').value = '';
  if (keep) {
    const pass = $('#new-pass').value;
    if (pass.length < 10 || pass !== $('#new-pass2').value) {
      identity = '';
      return keyMsg('To keep the key, type the same passphrase (10 characters or more) in both fields above.', true);
    }
    await storeKey(await wrap(secret, pass, { recipient: r, name: $('#officer-name').value.trim(), created: Date.now() }));
  }
  keyMsg(keep ? 'The key is kept in this browser, locked with your passphrase.' : 'The key is in use until you leave or reload this page.');
  await showKey();
}
$('#use-pasted').addEventListener('click', () => usePasted(false));
$('#keep-pasted').addEventListener('click', () => usePasted(true));

$('#unlock').addEventListener('click', async () => {
  const rec = await stored();
  try {
    identity = await unwrap(rec, $('#pass').value);
    recipient = rec.recipient;
    $('#pass').value = '';
    keyMsg('');
  } catch {
    keyMsg('That passphrase does not unlock the key.', true);
    return;
  }
  await showKey();
});

$('#lock').addEventListener('click', async () => {
  identity = '';
  current = null;
  $('#item').hidden = true;
  keyMsg('Locked.');
  await showKey();
});

$('#forget').addEventListener('click', async () => {
  if (!confirm('Forget the key on this browser? Requests encrypted to it can then be read only with a copy of it.')) return;
  await storeKey(null);
  keyMsg('The key is gone from this browser.');
  await showKey();
});

$('#download').addEventListener('click', () => {
  const o = officers.find((x) => x.key === recipient);
  const text = `# Scrubs privacy officer key${o ? ` (${o.name})` : ''}\n# created in the /queue page; keep it offline and safe\n# public key: ${recipient}\n${identity}\n`;
  const a = el('a', { href: URL.createObjectURL(new Blob([text], { type: 'text/plain' })), download: 'scrubs-officer.key' });
  a.click();
  URL.revokeObjectURL(a.href);
});

// Add me: publish the current pack again with this key among its officers.
$('#add-me').addEventListener('click', async () => {
  const rec = await stored().catch(() => null);
  const name = (rec && rec.name) || $('#officer-name').value.trim() || prompt('Your name, as staff will see it:') || '';
  if (!name.trim()) return;
  const env = await (await fetch('/v1/pack')).json();
  const pack = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(env.pack), (c) => c.charCodeAt(0))));
  pack.queue = pack.queue || { officers: [] };
  pack.queue.officers = (pack.queue.officers || []).filter((o) => o.key !== recipient);
  pack.queue.officers.push({ name: name.trim(), key: recipient });
  const res = await fetch('/v1/pack', {
    method: 'PUT',
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), 'Content-Type': 'application/json', 'Scrubs-Comment': `privacy officer key added: ${name.trim()}` },
    body: JSON.stringify(pack),
    credentials: 'same-origin',
  });
  if (res.status !== 201) return keyMsg(`Not published (HTTP ${res.status}).`, true);
  keyMsg(`Published: ${name.trim()} is a privacy officer. Extensions encrypt to your key once they have the new rules.`);
  await loadPack();
  await showKey();
});

// ---- the requests

const when = (s) => new Date(s * 1000).toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
const STATUS = { pending: 'Waiting', approved: 'Approved', rejected: 'Not to post', rewrite: 'Rewrite suggested' };
const REFUSED = {
  not_for_you: 'This request is not encrypted to your key (it was sent before your key was in the rules, or to other officers).',
  tampered: 'Refused: the ciphertext was altered on its way (it does not authenticate).',
  mismatch: 'Refused: the ciphertext does not belong to this item (it was moved, replayed or relabelled).',
  unknown_recipient: 'Refused: it was encrypted to a key that is not an officer’s in the signed rules.',
  expired: 'This request has expired.',
  malformed: 'Refused: this is not a request Scrubs made.',
  no_officers: 'The signed rules name no privacy officer.',
  unsigned: 'The rules in this page are not the server’s signed rules.',
};

async function drawRows() {
  const r = await api('GET', '/v1/queue');
  if (!r.ok) {
    $('#requests-note').textContent = `The queue could not be read: ${r.error}`;
    return;
  }
  officers = r.json.officers;
  $('#requests-note').textContent = officers.length
    ? `Requests are encrypted to ${officers.map((o) => o.name).join(', ')}, and deleted ${r.json.expiry_days} days after they were sent. Decided requests keep only your answer, for the person who asked.`
    : 'The rules name no privacy officer yet, so staff cannot ask. Make your key above, then add yourself to the rules.';
  const rows = r.json.items.map((it) =>
    el('tr', { 'data-id': it.id, 'data-status': it.status },
      el('td', { text: when(it.created) }),
      el('td', { text: it.staff || '(not named by policy)' }),
      el('td', { text: it.site }),
      el('td', { text: `${it.verdict === 'block' ? 'Stopped' : 'Warned'}: ${it.kinds.map(title).join(', ')}` }),
      el('td', { class: `status-${it.status}`, text: STATUS[it.status] + (it.officer ? ` (${it.officer})` : '') }),
      el('td', {}, it.status === 'pending' ? openButton(it.id) : ''),
    ));
  $('#rows').replaceChildren(...rows);
  if (!rows.length) $('#rows').append(el('tr', {}, el('td', { colspan: '6', text: 'No requests.' })));
}

function openButton(id) {
  const b = el('button', { type: 'button', 'data-open': id, text: 'Read' });
  b.disabled = !identity;
  b.title = identity ? '' : 'Unlock your key first';
  b.addEventListener('click', () => openItem(id));
  return b;
}

function marked(text, findings) {
  // the draft with its findings marked (UTF-16 offsets, as JS indexes)
  const out = [];
  let at = 0;
  for (const f of [...findings].sort((a, b) => a.start - b.start)) {
    if (f.start < at || f.end <= f.start) continue;
    out.push(text.slice(at, f.start), el('mark', { class: f.severity === 'block' ? 'block' : 'warn', title: title(f.kind), text: text.slice(f.start, f.end) }));
    at = f.end;
  }
  out.push(text.slice(at));
  return out;
}

async function openItem(id) {
  $('#item-msg').textContent = '';
  const r = await api('GET', `/v1/queue/${id}`);
  if (!r.ok) return ($('#item-msg').textContent = r.error);
  let o;
  try {
    o = scrubs.queueOpen(r.json, identity);
  } catch (e) {
    $('#item').hidden = false;
    $('#item-meta').replaceChildren();
    $('#draft').textContent = '';
    $('#findings').replaceChildren();
    $('#decide').hidden = true;
    $('#item-msg').textContent = REFUSED[e.code] || `Refused (${e.code}): ${e.message}`;
    $('#item-msg').dataset.code = e.code || '';
    return;
  }
  current = { item: r.json, opened: o };
  const q = o.request;
  const dl = $('#item-meta');
  dl.replaceChildren();
  const row = (k, v) => dl.append(el('dt', { text: k }), el('dd', { text: v }));
  row('From', q.staff || '(not named by policy)');
  row('Where', `${q.site}, a ${q.mode || 'post'}`);
  row('Asked', `${when(q.created)}; deleted ${when(q.expires)}`);
  row('Scrubs said', `${q.verdict === 'block' ? 'Stopped' : 'Warned'}: ${q.kinds.map(title).join(', ')}`);
  row('Readable by', o.readers.join(', '));
  $('#item-replying').hidden = !q.replying_to;
  $('#replying').textContent = q.replying_to || '';
  $('#draft').replaceChildren(...marked(q.draft, q.findings || []));
  $('#findings').replaceChildren(...(q.findings || []).map((f) => el('li', { text: `${title(f.kind)} “${q.draft.slice(f.start, f.end)}”: ${f.reason}` })));
  $('#item-note').textContent = q.note ? `Their note: “${q.note}”` : '';
  $('#rewrite').value = q.draft;
  $('#comment').value = '';
  $('#decide').hidden = false;
  $('#item').hidden = false;
  $('#item').scrollIntoView({ block: 'start' });
}

async function decide(outcome) {
  if (!current) return;
  const opts = { outcome, comment: $('#comment').value.trim() };
  if (outcome === 'rewrite') opts.rewrite = $('#rewrite').value.trim();
  let d;
  try {
    d = scrubs.queueDecide(current.item, identity, opts);
  } catch (e) {
    $('#item-msg').textContent = REFUSED[e.code] || `Not sent: ${e.message}`;
    return;
  }
  const r = await api('POST', `/v1/queue/${current.item.id}/decision`, d);
  if (!r.ok) return ($('#item-msg').textContent = `Not sent: ${r.error}`);
  $('#item-msg').textContent = `Sent, encrypted to ${current.opened.request.staff || 'the person who asked'}: ${STATUS[outcome].toLowerCase()}.`;
  $('#decide').hidden = true;
  current = null;
  await drawRows();
}
$('#approve').addEventListener('click', () => decide('approved'));
$('#suggest').addEventListener('click', () => decide('rewrite'));
$('#reject').addEventListener('click', () => decide('rejected'));

// ---- start

async function loadPack() {
  const [envRes, keysRes] = await Promise.all([fetch('/v1/pack'), fetch('/v1/keys')]);
  const env = await envRes.text();
  const keys = (await keysRes.json()).keys.map((k) => k.key);
  const info = scrubs.loadEnvelope(env, keys);
  $('#state').textContent = `Rules version ${info.version}, signature checked in this page.`;
}

async function start() {
  const probe = await api('GET', '/v1/queue');
  if (!probe.ok) throw new Error(probe.error);
  $('#login').hidden = true;
  $('#app').hidden = false;
  scrubs ??= await instantiate(fetch('/wasm/classifier.wasm'), { stdout: () => {} });
  await loadPack();
  await showKey();
}

start().catch((e) => {
  if (e.message !== 'not signed in') signIn(token ? e.message : '');
});
