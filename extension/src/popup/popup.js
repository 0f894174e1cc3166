// The popup: on/off for the current site, the rules in use and their age,
// and this week's warnings.

import * as settingsStore from '../shared/settings.js';
import { FROM_EXTENSION } from '../shared/protocol.js';
import { renderQueue } from './queue.js';

const $ = (id) => document.getElementById(id);

function age(ms) {
  if (!ms) return 'never';
  const s = Math.max(0, (Date.now() - ms) / 1000);
  if (s < 90) return 'just now';
  if (s < 5400) return `${Math.round(s / 60)} minutes ago`;
  if (s < 129600) return `${Math.round(s / 3600)} hours ago`;
  return `${Math.round(s / 86400)} days ago`;
}

async function render() {
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true }).catch(() => []);
  let host = '';
  try {
    const u = new URL(tab.url);
    if (u.protocol === 'https:' || u.protocol === 'http:') host = u.hostname;
  } catch {}
  const st = await chrome.runtime.sendMessage({ type: FROM_EXTENSION.STATUS });
  const s = st.settings;
  $('site').textContent = host || 'this site';
  $('site-on').checked = !!host && !s.disabledSites.includes(host);
  // a switch the organisation's policy sets does not move (review L8)
  const locked = (s.locked || []).includes('disabledSites');
  $('site-on').disabled = !host || locked;
  $('site-locked').hidden = !locked;
  $('site-on').onchange = async () => {
    const cur = await settingsStore.load();
    const off = new Set(cur.disabledSites);
    if ($('site-on').checked) off.delete(host);
    else off.add(host);
    await settingsStore.save({ disabledSites: [...off] });
  };
  const w = st.week;
  $('week').textContent = `${w.block + w.warn} (${w.block} stopped, ${w.override} posted anyway)`;
  const p = st.pack;
  $('pack').textContent = p.source === 'server' ? `version ${p.version}, from ${age(p.fetchedAt)}` : 'built-in rules';
  $('checked').textContent = s.serverUrl ? age(p.checkedAt) : 'no server set';
  $('stale').hidden = !p.stale;
  $('stale').textContent = p.stale ? `Rules out of date (${p.staleReason}). Ask your privacy officer.` : '';
  // new rules that are in use but could not be kept (storage full, review
  // L2): after a browser restart the older ones come back
  const unsaved = !!p.lastError && p.lastError.code === 'storage';
  $('unsaved').hidden = !unsaved;
  $('unsaved').textContent = unsaved ? 'The newest rules could not be saved (the browser\'s storage for Scrubs is full). They are in use now, but after a restart Scrubs goes back to the rules it saved before. Ask your privacy officer.' : '';
  $('pack').dataset.version = String(p.version);
}

$('update').addEventListener('click', async () => {
  $('msg').textContent = 'Checking…';
  const r = await chrome.runtime.sendMessage({ type: FROM_EXTENSION.UPDATE_NOW });
  $('msg').textContent = r.status === 'updated' ? `Updated to version ${r.version}.` : r.status === 'unchanged' ? 'Already up to date.' : r.status === 'no-server' ? 'No rules server is set.' : `Not updated: ${r.message || r.code}.`;
  await render();
});

render();
renderQueue($('queue'), $('requests')).catch((e) => console.warn('scrubs: requests', e));
