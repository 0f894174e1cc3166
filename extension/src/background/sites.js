// Sites an admin or user added for the generic adapter. Host access for
// them is optional: the options page asks for it, and only granted origins
// get the content script.

const ID = 'scrubs-generic';

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
