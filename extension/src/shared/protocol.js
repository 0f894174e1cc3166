// The messages between the parts of the extension, in one place.
//
// Content scripts talk to the classifier over a port named CLASSIFY_PORT
// (answered by the offscreen document on Chromium and the background script
// on Firefox). Everything else is a one-shot runtime message with a `type`.

export const CLASSIFY_PORT = 'scrubs/classify';

// Messages a content script may send (low trust: the page may influence what
// they carry, so none of them returns settings or pack bytes).
export const FROM_CONTENT = Object.freeze({
  ENSURE_ENGINE: 'engine.ensure', // start the classifier if it is not running
  COUNT: 'telemetry.count', // {verdict, kinds[], outcome, reason?, rules?} (or the older {verdict, kinds[], override}); see background/telemetry.js
  TEMPLATE: 'pack.template', // {name, context?} -> {text}; context (the draft and what it answers) picks the Spanish form
  // the site profile for the host and frame the script really runs in
  // (the background picks it from the sender, never from what it says)
  SITE: 'site.profile', // -> {ok, site: profile | null}
  // the settings a content script needs, for the site it runs on: content
  // scripts cannot read storage.local (it is TRUSTED_CONTEXTS on Chromium)
  SETTINGS: 'settings.content', // -> {ok, settings: {disabledSites, allowed}}
  // the approval queue (background/queue.js); the site is always the
  // sender's, never the message's
  QUEUE_CHECK: 'queue.check', // {text} -> {askable, officers[], approved: {officer, outcome} | null}
  QUEUE_ASK: 'queue.ask', // {draft: {text, mode, replying_to}, note} -> {ok, id, officers[]} or {ok: false, code, message}
  QUEUE_DECISIONS: 'queue.decisions', // -> {decisions: [{id, outcome, officer, comment, rewrite, mode, created}]} not yet dismissed, for this site
  QUEUE_SEEN: 'queue.seen', // {id}: the decision was read on the composer
  // "Not a problem", these words left alone on this device: hashes of the
  // kind and the words (content/allow.js), never the words
  ALLOW: 'allow.add', // {hashes[]}
});

// Messages from the background to content scripts (chrome.tabs.sendMessage).
export const TO_CONTENT = Object.freeze({
  SETTINGS_CHANGED: 'settings.changed', // {keys}: ask FROM_CONTENT.SETTINGS again ('site' in keys: FROM_CONTENT.SITE)
});

// Messages only extension pages (popup, options, offscreen) may send.
export const FROM_EXTENSION = Object.freeze({
  STATUS: 'status.get', // -> {pack, stale, week}
  UPDATE_NOW: 'pack.update-now',
  TRY: 'engine.try', // {draft} -> result
  SITES_CHANGED: 'sites.changed',
  ENGINE_BOOTED: 'engine.booted', // offscreen -> background: send me the pack
  SEND_COUNTS: 'telemetry.send', // send the weekly counts now
  RESTART_ENGINE: 'engine.restart', // drop the module and start it again (tests, recovery)
  QUEUE_LIST: 'queue.list', // -> {requests: [...]} (the popup), after asking the server for decisions
});

// Messages from the background to the offscreen document.
export const TO_OFFSCREEN = Object.freeze({
  CLASSIFY: 'offscreen.classify',
  LOAD_ENVELOPE: 'offscreen.load-envelope',
  CHECK_TIMESTAMP: 'offscreen.check-timestamp',
  TEMPLATE: 'offscreen.template',
  SITES: 'offscreen.sites',
  QUEUE: 'offscreen.queue', // {op, req}
  INFO: 'offscreen.info',
});
