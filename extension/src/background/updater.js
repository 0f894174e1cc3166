// The pack updater: asks the server for the current envelope on a timer
// (chrome.alarms), with If-None-Match, reads at most maxPackBytes, and
// hands the bytes to the module, which checks the signature, the key's
// roots, the version and the expiry. Whatever is refused, the last good
// pack stays.

import * as packs from './packs.js';

export const ALARM = 'scrubs.pack';

export async function schedule(settings) {
  const period = Math.max(15, Number(settings.updateIntervalMinutes) || 360);
  const cur = await chrome.alarms.get(ALARM);
  if (!settings.serverUrl) {
    if (cur) await chrome.alarms.clear(ALARM);
    return;
  }
  if (cur && cur.periodInMinutes === period) return;
  await chrome.alarms.create(ALARM, { delayInMinutes: 1, periodInMinutes: period });
}

export function packUrl(serverUrl) {
  return serverUrl.replace(/\/+$/, '') + '/v1/pack';
}

// check runs one update. Answers {status: 'updated'|'unchanged'|'refused'|
// 'failed'|'no-server', code?, message?, version?}.
export async function check(engine, settings, now = Date.now()) {
  if (!settings.serverUrl) return { status: 'no-server' };
  const rec = await packs.lastGood();
  const headers = {};
  if (rec && rec.etag) headers['If-None-Match'] = rec.etag;
  let res;
  try {
    res = await fetch(packUrl(settings.serverUrl), { headers, cache: 'no-store', credentials: 'omit', redirect: 'error' });
  } catch (e) {
    return fail('failed', 'network', String(e.message || e), now);
  }
  if (res.status === 304) {
    await packs.noteCheck({ checkedAt: now, okAt: now, lastError: null });
    return { status: 'unchanged', version: rec ? rec.version : 0 };
  }
  if (!res.ok) return fail('failed', 'http', `the server answered ${res.status}`, now);

  const max = settings.maxPackBytes;
  const body = await readCapped(res, max);
  if (body === null) return fail('refused', 'too_large', `the pack is larger than ${max} bytes`, now);

  // the module holds the version floor and the key set in force in trust
  const out = await engine.loadEnvelope(body, { ...packs.pins(settings), trust: rec ? rec.trust || null : null, now });
  if (!out || !out.ok) {
    // the module left the last good pack in use
    return fail('refused', out ? out.code : 'error', out ? out.message : 'no answer', now);
  }
  const info = out.info;
  // the same version (the module checked it is the same pack) is kept
  // too when it is a later signature: a refresh carries a later expiry,
  // and maybe a newer root; an older copy replayed changes nothing
  const same = !!rec && info.version === rec.version;
  if (!same || info.expires >= rec.expires) {
    await packs.keep({
      envelope: body,
      version: info.version,
      name: info.name,
      issued: info.issued,
      expires: info.expires,
      keyId: info.keyId,
      trust: info.trust,
      etag: res.headers.get('ETag') || '',
      fetchedAt: now,
    });
  }
  await packs.noteCheck({ checkedAt: now, okAt: now, lastError: null });
  return { status: same ? 'unchanged' : 'updated', version: info.version };
}

async function fail(status, code, message, now) {
  await packs.noteCheck({ checkedAt: now, lastError: { code, message, at: now } });
  return { status, code, message };
}

// readCapped reads the body as text, or answers null as soon as it is over
// max bytes (a lying or missing Content-Length does not matter).
async function readCapped(res, max) {
  const declared = Number(res.headers.get('Content-Length'));
  if (declared > max) {
    res.body?.cancel().catch(() => {});
    return null;
  }
  const reader = res.body.getReader();
  const chunks = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.byteLength;
    if (n > max) {
      reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(all);
}
