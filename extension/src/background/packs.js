// The pack in use, kept in storage.local so it survives restarts: the
// envelope's exact text as it came from the server (the module checks it
// again when it is loaded), what the module said about it (with `trust`,
// the module's own record of the key set in force, kept as the module
// returned it and never read here), and the state of the last update
// check. Until a server pack arrives, the module's built-in
// pack (shipped inside classifier.wasm) is in use, so Scrubs works offline
// from the first second.

import * as settingsStore from '../shared/settings.js';

const PACK = 'pack';
const CHECK = 'packCheck';
// learnedKeys: an older version kept every key it saw endorsed, for good,
// and trusted it beside the pinned ones; the module's trust replaces it.
const LEARNED = 'learnedKeys';

export async function lastGood() {
  return (await chrome.storage.local.get(PACK))[PACK] || null;
}

export async function keep(record) {
  await chrome.storage.local.set({ [PACK]: record });
  await chrome.storage.local.remove(LEARNED);
}

// forgetEtag drops the stored pack's ETag, so the next check downloads
// the whole envelope (a stored envelope the module refused is repaired by
// the next good one, review M4).
export async function forgetEtag() {
  const rec = await lastGood();
  if (rec && rec.etag) await chrome.storage.local.set({ [PACK]: { ...rec, etag: '' } });
}

export async function checkState() {
  return (await chrome.storage.local.get(CHECK))[CHECK] || { checkedAt: 0, okAt: 0, lastError: null };
}

export async function noteCheck(patch) {
  const cur = await checkState();
  await chrome.storage.local.set({ [CHECK]: { ...cur, ...patch } });
}

// pins: what the module checks an envelope against besides its kept
// trust: the pinned keys (policy or options) and the revoked key ids. No
// key is trusted for having been seen: the module follows the signed roots.
export function pins(settings) {
  return { keys: settings.publicKeys || [], revoked: settings.revokedKeyIds || [] };
}

// loadLastGood puts the stored pack back into a fresh module. It was
// checked when it arrived; it is checked again as of that moment, so a pack
// that has since expired stays in use (flagged stale) rather than falling
// back to rules that know nothing of the organisation.
export async function loadLastGood(engine, settings) {
  const rec = await lastGood();
  if (!rec) return { ok: true, info: null };
  // the pinned keys decide whether the stored pack is still trusted, so a
  // policy read late at browser start is waited for (the built-in rules
  // run meanwhile)
  if (settings.late) settings = await settingsStore.settled();
  return engine.loadEnvelope(rec.envelope, { ...pins(settings), trust: rec.trust || null, now: rec.fetchedAt });
}

// NOT_FRESH is the lastError code of a check whose answer had no good
// timestamp (updater.js): the rules are flagged stale at once.
export const NOT_FRESH = 'not_fresh';
const UNREACHABLE = new Set(['network', 'http']);

// status is what the popup and options show.
export async function status(settings, now = Date.now()) {
  const [rec, check] = await Promise.all([lastGood(), checkState()]);
  const expired = !!(rec && rec.expires && rec.expires * 1000 <= now);
  const since = check.okAt || (rec && rec.fetchedAt) || 0;
  const overdue = !!settings.serverUrl && since > 0 && now - since > settings.staleAfterDays * 86400e3;
  const neverChecked = !!settings.serverUrl && !since && !!check.checkedAt;
  const notFresh = !!settings.serverUrl && !!check.lastError && check.lastError.code === NOT_FRESH;
  const unreachable = !check.lastError || UNREACHABLE.has(check.lastError.code);
  return {
    source: rec ? 'server' : 'built-in',
    version: rec ? rec.version : 0,
    name: rec ? rec.name : '',
    issued: rec ? rec.issued : 0,
    expires: rec ? rec.expires : 0,
    fetchedAt: rec ? rec.fetchedAt : 0,
    checkedAt: check.checkedAt,
    okAt: check.okAt,
    lastError: check.lastError,
    stale: expired || notFresh || overdue || neverChecked,
    staleReason: expired
      ? 'expired'
      : notFresh
        ? "the server's answer is out of date"
        : overdue
          ? 'no update for too long'
          : neverChecked
            ? unreachable
              ? 'the server could not be reached'
              : check.lastError && check.lastError.code === 'storage'
                ? 'the rules could not be saved'
                : 'the server\'s rules were refused'
            : '',
  };
}
