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

// TIMESTAMP is the header the server signs its latest pack's version and
// digest in, on every answer for the current pack (304s too), for a day.
export const TIMESTAMP = 'Scrubs-Timestamp';

// check runs one update. Answers {status: 'updated'|'unchanged'|'refused'|
// 'failed'|'no-server', code?, message?, version?, fresh?}.
//
// A check is fresh (okAt, what "rules out of date" is measured from) only
// when the answer came with the server's signed timestamp naming the pack
// in use, unexpired and no older than the last one (the module checks it):
// a 304 or the same pack replayed by someone between us and the server
// leaves the rules flagged stale ("the server's answer is out of date")
// within a day, however often it is replayed.
export async function check(engine, settings, now = Date.now()) {
  if (!settings.serverUrl) return { status: 'no-server' };
  let rec = await packs.lastGood();
  // a 304 whose timestamp names another pack (or a key the kept trust
  // does not know yet) is asked again without If-None-Match, once
  for (let attempt = 0; ; attempt++) {
    const headers = {};
    if (rec && rec.etag && attempt === 0) headers['If-None-Match'] = rec.etag;
    let res;
    try {
      res = await fetch(packUrl(settings.serverUrl), { headers, cache: 'no-store', credentials: 'omit', redirect: 'error' });
    } catch (e) {
      return fail('failed', 'network', String(e.message || e), now);
    }
    if (res.status === 304 && rec) {
      const ts = await timestamp(engine, settings, res, rec.trust, now);
      if (!ts.ok && attempt === 0 && (ts.code === 'not_current' || ts.code === 'unknown_key')) continue;
      return fresh(ts, { status: 'unchanged', version: rec.version }, now);
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
      try {
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
      } catch (e) {
        // storage full (review L2): the module runs a pack that is not saved
        return fail('failed', 'storage', `the pack could not be saved: ${(e && e.message) || e}`, now);
      }
    }
    const ts = await timestamp(engine, settings, res, info.trust, now);
    return fresh(ts, { status: same ? 'unchanged' : 'updated', version: info.version }, now);
  }
}

// timestamp asks the module to check the answer's timestamp against the
// pins and the trust of the pack in use. Answers {ok, info} or {ok: false,
// code, message}.
async function timestamp(engine, settings, res, trust, now) {
  const header = res.headers.get(TIMESTAMP);
  if (!header) return { ok: false, code: 'missing', message: 'the server sent no timestamp' };
  if (!engine.checkTimestamp) return { ok: false, code: 'error', message: 'the classifier cannot check timestamps' };
  const check = await packs.checkState();
  const out = await engine.checkTimestamp(header, { ...packs.pins(settings), trust: trust || null, after: check.timestampIssued || 0, now });
  return out || { ok: false, code: 'error', message: 'no answer' };
}

// fresh records the check: ok (okAt) with a good timestamp, else stale.
async function fresh(ts, answer, now) {
  if (ts.ok) {
    await packs.noteCheck({ checkedAt: now, okAt: now, lastError: null, timestampIssued: ts.info.issued, timestampExpires: ts.info.expires });
    return { ...answer, fresh: true };
  }
  const message = `the server's answer is out of date (${ts.message})`;
  await packs.noteCheck({ checkedAt: now, lastError: { code: packs.NOT_FRESH, reason: ts.code, message, at: now } });
  return { ...answer, fresh: false, code: packs.NOT_FRESH, reason: ts.code, message };
}

async function fail(status, code, message, now) {
  try {
    await packs.noteCheck({ checkedAt: now, lastError: { code, message, at: now } });
  } catch (e) {
    console.warn('scrubs: could not record the check', e);
  }
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
