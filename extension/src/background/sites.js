// Where the content script runs, and which site profile it reads there.
//
// Where: the manifest's sites, and the sites an admin or user added
// (settings.sites) whose host access was granted (the options page asks for
// it); only those get the content script. A pack never adds to them.
//
// Which profile: the pack's site profiles (through the module, which
// checked them) are matched against the host and frame a content script
// really runs in. A profile for a host Scrubs does not run on is never
// used, and a profile that names no hosts reads the added sites no other
// profile names.

const ID = 'scrubs-generic';

// hostMatch: host is one of a profile's hosts ("*.example.org" for its
// subdomains).
export function hostMatch(hosts, host) {
  return (hosts || []).some((h) => (h.startsWith('*.') ? host.endsWith(h.slice(1)) : h === host));
}

// siteFor picks the profile for a content script on host in frame frameId
// (0: the top frame), or null: the first profile naming the host, else the
// one naming none when the host is one the settings added; a frame only
// with a profile that reads frames.
export function siteFor(sites, { host, frameId = 0 }, settings) {
  if (!host) return null;
  let site = (sites || []).find((s) => s.hosts && s.hosts.length && hostMatch(s.hosts, host));
  if (!site) {
    const added = (settings.sites || []).some((o) => {
      try {
        return new URL(o).hostname === host;
      } catch {
        return false;
      }
    });
    site = added ? (sites || []).find((s) => !s.hosts || !s.hosts.length) : null;
  }
  if (!site || (frameId > 0 && !site.frames)) return null;
  return site;
}

export async function register(settings) {
  try {
    await chrome.scripting.unregisterContentScripts({ ids: [ID] });
  } catch {
    // none registered yet
  }
  const granted = [];
  for (const origin of settings.sites || []) {
    const pattern = toPattern(origin);
    if (pattern && (await chrome.permissions.contains({ origins: [pattern] }))) granted.push(pattern);
  }
  if (!granted.length) return [];
  await chrome.scripting.registerContentScripts([
    { id: ID, matches: granted, js: ['content/bundle.js'], runAt: 'document_idle', persistAcrossSessions: true },
  ]);
  return granted;
}

export function toPattern(origin) {
  try {
    const u = new URL(origin);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
    return `${u.protocol}//${u.hostname}/*`;
  } catch {
    return null;
  }
}
