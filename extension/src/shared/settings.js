// Settings: defaults, then what the user set (storage.local), then what an
// admin forces by policy (storage.managed), which always wins.

export const DEFAULTS = Object.freeze({
  serverUrl: '', // the rule-pack server, e.g. https://packs.example.org
  updateIntervalMinutes: 360,
  publicKeys: [], // "scrubs-ed25519:..." keys that may sign packs, or sign the roots that name the keys that do
  revokedKeyIds: [], // key ids (16 hex digits) refused even where pinned or named by a root
  telemetry: true, // send weekly counts (never text) to the server
  enrolmentKey: '', // the organisation's key the server wants with the counts (set by policy)
  sites: [], // extra origins for the generic adapter, e.g. "https://social.example"
  disabledSites: [], // hostnames where the user switched Scrubs off
  maxPackBytes: 4 << 20,
  staleAfterDays: 14, // no successful check for this long: "rules out of date"
  forceOverlay: false, // draw marks as boxes even where the Highlight API exists
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

// load returns the effective settings and which keys the policy locks.
export async function load() {
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
  out.locked = locked;
  out.late = !!forced[LATE];
  return out;
}

// save writes user settings; keys the policy locks are skipped.
export async function save(changes) {
  const forced = await managedLater();
  const put = {};
  for (const [k, v] of Object.entries(changes)) {
    if (KEYS.includes(k) && forced[k] === undefined) put[k] = v;
  }
  await chrome.storage.local.set(put);
  return put;
}

export function siteEnabled(settings, hostname) {
  return !settings.disabledSites.includes(hostname);
}
