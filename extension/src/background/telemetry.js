// Telemetry: counts only. A guarded post adds one to a row keyed by week,
// site, verdict, kind and whether it was posted anyway; nothing of the text
// is ever kept or sent. Rows go to the server's /v1/events when telemetry
// is on (a policy can switch it off).

const COUNTS = 'counts';
export const ALARM = 'scrubs.telemetry';
const VERDICTS = new Set(['ok', 'warn', 'block']);
const KIND = /^[a-z_]+(\.[a-z_]+)?$/;

export function week(now = Date.now()) {
  const d = new Date(now);
  const day = (d.getUTCDay() + 6) % 7; // Monday is 0
  const monday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day));
  return monday.toISOString().slice(0, 10);
}

// count records one guarded post. Only known shapes are kept, so a content
// script cannot smuggle text into the counts.
export async function count({ verdict, kinds, site, override }, now = Date.now()) {
  if (!VERDICTS.has(verdict)) return;
  const host = typeof site === 'string' && /^[a-z0-9.-]{1,253}$/.test(site) ? site : 'other';
  const ks = Array.isArray(kinds) ? [...new Set(kinds.filter((k) => typeof k === 'string' && KIND.test(k)))] : [];
  if (!ks.length) ks.push('none');
  const all = (await chrome.storage.local.get(COUNTS))[COUNTS] || {};
  const w = week(now);
  for (const kind of ks) {
    const key = [w, host, verdict, kind, override ? 1 : 0].join('|');
    all[key] = (all[key] || 0) + 1;
  }
  await chrome.storage.local.set({ [COUNTS]: all });
}

export async function thisWeek(now = Date.now()) {
  const all = (await chrome.storage.local.get(COUNTS))[COUNTS] || {};
  const w = week(now);
  const seen = { warn: 0, block: 0, override: 0 };
  for (const [key, n] of Object.entries(all)) {
    const [kw, , verdict, , ov] = key.split('|');
    if (kw !== w || verdict === 'ok') continue;
    if (ov === '1') seen.override += n;
    else seen[verdict] += n;
  }
  return seen;
}

// flush sends the rows not sent yet and forgets those older than 8 weeks.
export async function flush(settings, now = Date.now()) {
  if (!settings.telemetry || !settings.serverUrl) return { sent: 0 };
  const store = await chrome.storage.local.get([COUNTS, 'countsSent']);
  const all = store[COUNTS] || {};
  const sent = store.countsSent || {};
  const events = [];
  for (const [key, n] of Object.entries(all)) {
    const delta = n - (sent[key] || 0);
    if (delta <= 0) continue;
    const [w, site, verdict, kind, ov] = key.split('|');
    events.push({ week: w, site, verdict, kind, override: ov === '1', count: delta });
  }
  if (!events.length) return { sent: 0 };
  const res = await fetch(settings.serverUrl.replace(/\/+$/, '') + '/v1/events', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ events }),
    credentials: 'omit',
  });
  if (!res.ok) return { sent: 0, status: res.status };
  const oldest = week(now - 56 * 86400e3);
  const keepAll = {};
  const keepSent = {};
  for (const [key, n] of Object.entries(all)) {
    if (key.split('|')[0] < oldest) continue;
    keepAll[key] = n;
    keepSent[key] = n;
  }
  await chrome.storage.local.set({ [COUNTS]: keepAll, countsSent: keepSent });
  return { sent: events.length };
}
