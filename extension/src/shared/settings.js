// Settings: defaults, then what the user set (storage.local), then what an
// admin forces by policy (storage.managed), which always wins.
//
// storage.local holds the server address, the pinned keys and the pack, so
// only extension contexts may use it (the background makes it
// TRUSTED_CONTEXTS on Chromium, review M2). A content script gets the few
// settings it needs from the background instead (load() and onChanged()
// do that for it), for the site it runs on and nothing else.

import { FROM_CONTENT, TO_CONTENT } from './protocol.js';
import { OVERRIDE_REASONS } from './kinds.js';

export const DEFAULTS = Object.freeze({
  serverUrl: '', // the rule-pack server, e.g. https://packs.example.org
  updateIntervalMinutes: 360,
  publicKeys: [], // "scrubs-ed25519:..." keys that may sign packs, or sign the roots that name the keys that do
  revokedKeyIds: [], // key ids (16 hex digits) refused even where pinned or named by a root
  telemetry: true, // send weekly counts (never text) to the server
  enrolmentKey: '', // the organisation's key the server wants with the counts (set by policy)
  staffId: '', // who this browser's user is, for requests to the privacy officer (set by policy per user, e.g. an email)
  sites: [], // extra origins for the generic adapter, e.g. "https://social.example"
  disabledSites: [], // hostnames where the user switched Scrubs off
  allowed: [], // hashes of words the user said are not a problem (content/allow.js); never the words
  maxPackBytes: 4 << 20,
  staleAfterDays: 14, // no successful check for this long: "rules out of date"
  // switches an organisation sets by policy
  blockIsFinal: false, // a block cannot be posted anyway: Edit, or ask the privacy officer
  lockSites: false, // staff cannot switch Scrubs off on a site (disabledSites is the policy's alone)
  overrideReasons: OVERRIDE_REASONS, // the reasons offered for posting past a warning (set by policy: a warn asks too)
  allowFalseAlarmWords: true, // "Not a problem" may leave those words unmarked on this device
});

const KEYS = Object.keys(DEFAULTS);

// Reading the policy can take seconds while the browser starts (Chromium
// loads policy late in a new profile), so load() waits for it at most
// MANAGED_WAIT_MS and then goes on with what it has; `late` says the policy
// was not read yet, and managedLater() resolves once it is.
const MANAGED_WAIT_MS = 600;
let managedRead = null;

function managedLater() {
  managedRead ??= chrome.storage.managed.get(KEYS).then(
    (v) => v || {},
    () => ({}), // no policy, or the browser has no managed storage
  );
  return managedRead;
}

async function managed(waitMs = MANAGED_WAIT_MS) {
  const late = Symbol('late');
  const v = await Promise.race([managedLater(), new Promise((r) => setTimeout(() => r(late), waitMs))]);
  return v === late ? { [LATE]: true } : v;
}
const LATE = Symbol('policy not read yet');

// A policy change is read afresh (it may pin or revoke keys).
globalThis.chrome?.storage?.onChanged?.addListener((_, area) => {
  if (area === 'managed') managedRead = null;
});

export { managedLater };

// settled is load() once the policy has been read, however long it takes.
export async function settled() {
  await managedLater();
  return load();
}

// checkServerUrl says why a server address cannot be used, or '' when it
// can: it must be https:// (review L6: over http:// anyone on the network
// can hand out old packs or answer "not modified", and see who sends
// counts), except on this machine (localhost, 127.0.0.1, [::1]).
export function checkServerUrl(url) {
  if (!url) return '';
  let u;
  try {
    u = new URL(url);
  } catch {
    return 'The server address is not a valid address (for example https://scrubs.example.org).';
  }
  if (u.username || u.password) return 'The server address must not contain a user name or password.';
  if (u.protocol === 'https:') return '';
  if (u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname)) return '';
  if (u.protocol === 'http:') return 'The server address must start with https:// (http:// is allowed only for localhost, 127.0.0.1 and [::1]).';
  return 'The server address must start with https://.';
}

// CONTENT_KEYS are the settings a content script is given.
export const CONTENT_KEYS = Object.freeze(['disabledSites', 'allowed', 'blockIsFinal', 'overrideReasons', 'allowFalseAlarmWords', 'lockSites']);

// inContentScript: running in a page (a content script), not in one of
// the extension's own contexts.
export function inContentScript() {
  const base = globalThis.chrome?.runtime?.getURL?.('');
  return !!base && typeof location !== 'undefined' && !String(location.href).startsWith(base);
}

// forContent is what the background answers a content script running on
// hostname: whether it is switched off there, the words the user allowed
// (as hashes; none where the policy does not let words be allowed), and
// the policy's switches for the guard and the card.
export function forContent(settings, hostname) {
  const words = settings.allowFalseAlarmWords !== false;
  return {
    disabledSites: hostname && (settings.disabledSites || []).includes(hostname) ? [hostname] : [],
    allowed: words && Array.isArray(settings.allowed) ? settings.allowed : [],
    blockIsFinal: settings.blockIsFinal === true,
    overrideReasons: settings.overrideReasons,
    overrideReasonsSet: !!settings.overrideReasonsSet,
    allowFalseAlarmWords: words,
  };
}

// reasonsOf is a policy's overrideReasons as the guard offers them: the
// known categories it names, in its order; the defaults when it names none.
export function reasonsOf(v) {
  const known = Array.isArray(v) ? [...new Set(v.filter((r) => OVERRIDE_REASONS.includes(r)))] : [];
  return known.length ? known : OVERRIDE_REASONS;
}

// fromBackground is load() in a content script: the defaults and what the
// background gives it. Without an answer Scrubs stays on (checking is the
// safe side).
async function fromBackground() {
  const out = { ...DEFAULTS, locked: [], late: false };
  let got = null;
  try {
    got = await chrome.runtime.sendMessage({ type: FROM_CONTENT.SETTINGS });
  } catch {
    // the extension was reloaded or is starting
  }
  if (got && got.ok && got.settings) for (const k of [...CONTENT_KEYS, 'overrideReasonsSet']) if (got.settings[k] !== undefined) out[k] = got.settings[k];
  out.overrideReasons = reasonsOf(out.overrideReasons);
  return out;
}

// onChanged calls f(changes) when settings change: storage events in the
// extension's contexts, the background's word in a content script (which
// hears no storage.local events); there changes names the keys only.
export function onChanged(f) {
  if (inContentScript()) {
    chrome.runtime.onMessage.addListener((msg, sender) => {
      if (!msg || msg.type !== TO_CONTENT.SETTINGS_CHANGED || sender.id !== chrome.runtime.id) return;
      f(Object.fromEntries((msg.keys || []).map((k) => [k, {}])));
    });
    return;
  }
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' || area === 'managed') f(changes);
  });
}

// load returns the effective settings and which keys the policy locks.
export async function load() {
  if (inContentScript()) return fromBackground();
  const [local, forced] = await Promise.all([chrome.storage.local.get(KEYS), managed()]);
  const out = { ...DEFAULTS };
  for (const k of KEYS) if (local[k] !== undefined) out[k] = local[k];
  const locked = [];
  for (const k of KEYS) {
    if (forced[k] !== undefined) {
      out[k] = forced[k];
      locked.push(k);
    }
  }
  // the policy's own switches
  out.overrideReasonsSet = forced.overrideReasons !== undefined;
  out.overrideReasons = reasonsOf(out.overrideReasons);
  if (out.lockSites === true && !locked.includes('disabledSites')) {
    out.disabledSites = []; // what staff switched off before the lock counts no more
    locked.push('disabledSites');
  }
  out.locked = locked;
  out.late = !!forced[LATE];
  // an address that is not https is not used, whoever set it
  out.serverUrlError = checkServerUrl(out.serverUrl);
  if (out.serverUrlError) out.serverUrl = '';
  return out;
}

// save writes user settings; keys the policy locks are skipped (with
// lockSites, the sites switched off; with allowFalseAlarmWords false,
// the words allowed).
export async function save(changes) {
  const forced = await managedLater();
  const put = {};
  for (const [k, v] of Object.entries(changes)) {
    if (k === 'disabledSites' && forced.lockSites === true) continue;
    if (k === 'allowed' && forced.allowFalseAlarmWords === false) continue;
    if (KEYS.includes(k) && forced[k] === undefined) put[k] = v;
  }
  await chrome.storage.local.set(put);
  return put;
}

export function siteEnabled(settings, hostname) {
  return !settings.disabledSites.includes(hostname);
}
