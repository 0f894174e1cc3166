// The popup: on/off for the current site, the rules in use and their age,
// and this week's warnings.

import * as settingsStore from '../shared/settings.js';
import { FROM_EXTENSION } from '../shared/protocol.js';
import { renderQueue } from './queue.js';

const $ = (id) => document.getElementById(id);

// In Spanish where the browser speaks Spanish (the card and the guard follow
// each draft's language; the popup has no draft, so it follows the browser).
const ES = /^es\b/i.test(navigator.language || '');
const T = ES
  ? {
      on: 'Activo en', thisSite: 'este sitio', week: 'Avisos esta semana', rules: 'Reglas', checked: 'Última revisión', update: 'Buscar reglas nuevas', options: 'Opciones',
      locked: 'Lo fija la política de su organización.', weekLine: (w) => `${w.block + w.warn} (${w.block} detenidos, ${w.override} publicados de todos modos)`,
      builtIn: 'reglas incluidas', version: (v, when) => `versión ${v}, de ${when}`, noServer: 'sin servidor', stale: (r) => `Reglas desactualizadas (${r}). Consulte a su responsable de privacidad.`,
      unsaved: 'No se pudieron guardar las reglas más nuevas (el almacenamiento del navegador para Scrubs está lleno). Se usan ahora, pero al reiniciar Scrubs vuelve a las reglas que guardó antes. Consulte a su responsable de privacidad.',
      never: 'nunca', justNow: 'hace un momento', minutes: (n) => `hace ${n} minutos`, hours: (n) => `hace ${n} horas`, days: (n) => `hace ${n} días`,
      checking: 'Buscando…', updated: (v) => `Actualizado a la versión ${v}.`, same: 'Ya está al día.', noServerSet: 'No hay servidor de reglas.', notUpdated: (m) => `No se actualizó: ${m}.`,
    }
  : {
      on: 'On for', thisSite: 'this site', week: 'Warnings this week', rules: 'Rules', checked: 'Last checked', update: 'Check for new rules', options: 'Options',
      locked: 'Set by your organisation’s policy.', weekLine: (w) => `${w.block + w.warn} (${w.block} stopped, ${w.override} posted anyway)`,
      builtIn: 'built-in rules', version: (v, when) => `version ${v}, from ${when}`, noServer: 'no server set', stale: (r) => `Rules out of date (${r}). Ask your privacy officer.`,
      unsaved: 'The newest rules could not be saved (the browser\'s storage for Scrubs is full). They are in use now, but after a restart Scrubs goes back to the rules it saved before. Ask your privacy officer.',
      never: 'never', justNow: 'just now', minutes: (n) => `${n} minutes ago`, hours: (n) => `${n} hours ago`, days: (n) => `${n} days ago`,
      checking: 'Checking…', updated: (v) => `Updated to version ${v}.`, same: 'Already up to date.', noServerSet: 'No rules server is set.', notUpdated: (m) => `Not updated: ${m}.`,
    };
if (ES) {
  document.documentElement.lang = 'es';
  for (const [id, k] of [['t-on', 'on'], ['t-week', 'week'], ['t-rules', 'rules'], ['t-checked', 'checked'], ['update', 'update'], ['options', 'options'], ['site-locked', 'locked']]) $(id).textContent = T[k];
}

function age(ms) {
  if (!ms) return T.never;
  const s = Math.max(0, (Date.now() - ms) / 1000);
  if (s < 90) return T.justNow;
  if (s < 5400) return T.minutes(Math.round(s / 60));
  if (s < 129600) return T.hours(Math.round(s / 3600));
  return T.days(Math.round(s / 86400));
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
  $('site').textContent = host || T.thisSite;
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
  $('week').textContent = T.weekLine(w);
  const p = st.pack;
  $('pack').textContent = p.source === 'server' ? T.version(p.version, age(p.fetchedAt)) : T.builtIn;
  $('checked').textContent = s.serverUrl ? age(p.checkedAt) : T.noServer;
  $('stale').hidden = !p.stale;
  $('stale').textContent = p.stale ? T.stale(p.staleReason) : '';
  // new rules that are in use but could not be kept (storage full, review
  // L2): after a browser restart the older ones come back
  const unsaved = !!p.lastError && p.lastError.code === 'storage';
  $('unsaved').hidden = !unsaved;
  $('unsaved').textContent = unsaved ? T.unsaved : '';
  $('pack').dataset.version = String(p.version);
}

$('update').addEventListener('click', async () => {
  $('msg').textContent = T.checking;
  const r = await chrome.runtime.sendMessage({ type: FROM_EXTENSION.UPDATE_NOW });
  $('msg').textContent = r.status === 'updated' ? T.updated(r.version) : r.status === 'unchanged' ? T.same : r.status === 'no-server' ? T.noServerSet : T.notUpdated(r.message || r.code);
  await render();
});

render();
renderQueue($('queue'), $('requests')).catch((e) => console.warn('scrubs: requests', e));
