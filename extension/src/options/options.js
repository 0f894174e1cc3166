// The options page: server, update interval, keys, telemetry, extra sites
// (asking for host access to each), and a box to try text against the
// classifier in the background.

import * as settingsStore from '../shared/settings.js';
import { FROM_EXTENSION } from '../shared/protocol.js';
import { title } from '../shared/kinds.js';
import { toPattern } from '../background/sites.js';

const $ = (id) => document.getElementById(id);
const LIST = new Set(['publicKeys', 'sites']);
const FIELDS = ['serverUrl', 'updateIntervalMinutes', 'publicKeys', 'telemetry', 'sites'];

async function fill() {
  const s = await settingsStore.load();
  // an address refused by load() (not https) is shown, with why
  if (s.serverUrlError) {
    const raw = s.locked.includes('serverUrl') ? (await chrome.storage.managed.get('serverUrl').catch(() => ({}))).serverUrl : (await chrome.storage.local.get('serverUrl')).serverUrl;
    s.serverUrl = raw || '';
  }
  $('serverUrl-error').textContent = s.serverUrlError ? `${s.serverUrlError}${s.locked.includes('serverUrl') ? ' (set by your organisation\'s policy; no rules are fetched until it is fixed)' : ' No rules are fetched until it is fixed.'}` : '';
  $('serverUrl-error').hidden = !s.serverUrlError;
  $('serverUrl').setAttribute('aria-invalid', String(!!s.serverUrlError));
  for (const k of FIELDS) {
    const el = $(k);
    if (el.type === 'checkbox') el.checked = !!s[k];
    else el.value = LIST.has(k) ? (s[k] || []).join('\n') : s[k];
    el.disabled = s.locked.includes(k);
  }
  $('managed').hidden = !s.locked.length;
  const st = await chrome.runtime.sendMessage({ type: FROM_EXTENSION.STATUS });
  const p = st.pack;
  $('pack').textContent =
    (p.source === 'server' ? `Version ${p.version} from the server` : 'Built-in rules') +
    (p.expires ? `, valid until ${new Date(p.expires * 1000).toLocaleDateString()}` : '') +
    (p.stale ? ` — rules out of date (${p.staleReason})` : '') +
    (p.lastError ? `. Last check: ${p.lastError.message}` : '');
  $('pack').dataset.version = String(p.version);
}

$('form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const lines = (v) => v.split('\n').map((x) => x.trim()).filter(Boolean);
  const changes = {
    serverUrl: $('serverUrl').value.trim(),
    updateIntervalMinutes: Math.max(15, Number($('updateIntervalMinutes').value) || 360),
    publicKeys: lines($('publicKeys').value),
    telemetry: $('telemetry').checked,
    sites: lines($('sites').value),
  };
  const bad = settingsStore.checkServerUrl(changes.serverUrl);
  if (bad && !$('serverUrl').disabled) {
    $('serverUrl-error').textContent = bad;
    $('serverUrl-error').hidden = false;
    $('serverUrl').setAttribute('aria-invalid', 'true');
    $('saved').textContent = 'Not saved.';
    $('serverUrl').focus();
    return;
  }
  // host access for the server and added sites, asked while we have the click
  const origins = [changes.serverUrl, ...changes.sites].map(toPattern).filter(Boolean);
  if (origins.length && chrome.permissions.request) {
    try {
      await chrome.permissions.request({ origins });
    } catch {
      // refused or not needed; sites without access are skipped
    }
  }
  await settingsStore.save(changes);
  await chrome.runtime.sendMessage({ type: FROM_EXTENSION.SITES_CHANGED });
  $('saved').textContent = 'Saved.';
  await fill();
});

$('update').addEventListener('click', async () => {
  $('updated').textContent = 'Checking…';
  const r = await chrome.runtime.sendMessage({ type: FROM_EXTENSION.UPDATE_NOW });
  $('updated').textContent =
    r.fresh === false
      ? `Checked, but ${r.message}.`
      : r.status === 'updated'
        ? `Updated to version ${r.version}.`
        : r.status === 'unchanged'
          ? 'Already up to date.'
          : r.status === 'no-server'
            ? 'No server set.'
            : r.status === 'failed'
              ? `Could not check: ${r.message || r.code}`
              : `Refused: ${r.message || r.code}`;
  $('updated').dataset.status = r.status;
  $('updated').dataset.code = r.code || '';
  await fill();
});

let timer = 0;
const tryIt = () => {
  clearTimeout(timer);
  timer = setTimeout(async () => {
    const draft = { text: $('try-text').value, mode: $('try-mode').value, platform: 'facebook' };
    if (draft.mode === 'reply' && $('try-reply').value) draft.replying_to = $('try-reply').value;
    const r = await chrome.runtime.sendMessage({ type: FROM_EXTENSION.TRY, draft });
    const out = $('try-out');
    out.textContent = '';
    if (!r || !r.ok) {
      out.textContent = `Could not check: ${r ? r.message : 'no answer'}`;
      return;
    }
    const v = document.createElement('p');
    v.className = 'verdict';
    v.dataset.verdict = r.result.verdict;
    v.textContent = { ok: 'OK to post.', warn: 'Worth a second look.', block: 'Would be stopped.' }[r.result.verdict];
    out.append(v);
    for (const f of r.result.findings) {
      const d = document.createElement('div');
      d.className = `finding ${f.severity}`;
      d.textContent = `${title(f.kind)} — “${draft.text.slice(f.start, f.end)}”: ${f.reason}${f.suggestion ? ` Try “${f.suggestion}”.` : ''}`;
      out.append(d);
    }
  }, 150);
};
for (const id of ['try-text', 'try-mode', 'try-reply']) $(id).addEventListener('input', tryIt);

fill();
