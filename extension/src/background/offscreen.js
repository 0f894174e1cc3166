// The offscreen document (Chromium): owns the classifier module (in a
// worker) so it stays warm while the service worker comes and goes. It
// answers content scripts directly over their port, and the service
// worker's pack and template requests by runtime message.

import { WorkerHost } from './worker-host.js';
import { serveClassify } from './endpoint.js';
import { FROM_EXTENSION, TO_OFFSCREEN } from '../shared/protocol.js';

const host = new WorkerHost();
serveClassify(() => host);

// Only the service worker may load packs or ask anything here (review
// M2): a content script is an extension sender too, and a compromised page
// renderer could otherwise load a pack signed by keys of its choosing. The
// keys and versions in LOAD_ENVELOPE are the service worker's, read from
// storage that content scripts cannot write (main.js); this document has
// no storage access of its own.
const WORKER_URL = chrome.runtime.getURL('background/sw.js');
const ORIGIN = new URL(chrome.runtime.getURL('')).origin;

export function fromServiceWorker(sender) {
  if (!sender || sender.id !== chrome.runtime.id || sender.tab || sender.frameId > 0) return false;
  if (sender.url === WORKER_URL) return true;
  // no tab and the extension's own origin (an extension context, never a
  // content script, whose origin is the page's)
  return !sender.url && sender.origin === ORIGIN;
}

chrome.runtime.onMessage.addListener((msg, sender, reply) => {
  if (!msg || msg.target !== 'offscreen') return;
  if (!fromServiceWorker(sender)) {
    reply({ ok: false, code: 'forbidden', message: 'only the service worker may ask the offscreen document' });
    return;
  }
  handle(msg).then(reply, (e) => reply({ ok: false, code: 'error', message: String(e) }));
  return true;
});

async function handle(msg) {
  switch (msg.type) {
    case TO_OFFSCREEN.CLASSIFY:
      return { ok: true, result: await host.classify(msg.draft) };
    case TO_OFFSCREEN.LOAD_ENVELOPE:
      return host.loadEnvelope(msg.envelope, msg.options);
    case TO_OFFSCREEN.CHECK_TIMESTAMP:
      return host.checkTimestamp(msg.timestamp, msg.options);
    case TO_OFFSCREEN.TEMPLATE:
      return { ok: true, text: await host.template(msg.name, msg.context) };
    case TO_OFFSCREEN.SITES:
      return { ok: true, sites: await host.sites() };
    case TO_OFFSCREEN.QUEUE:
      return host.queue(msg.op, msg.req);
    case TO_OFFSCREEN.INFO:
      // asks the worker, so a dead one shows (and is replaced) here
      try {
        await host.ping();
      } catch (e) {
        return { ok: false, code: (e && e.code) || 'error', message: String((e && e.message) || e), restarts: host.restarts };
      }
      return { ok: true, info: host.info, startMs: host.startMs, restarts: host.restarts };
  }
  return { ok: false, code: 'unknown', message: `unknown message ${msg.type}` };
}

// Start the module now, then ask the background for the last good pack;
// drafts wait for it (at most two seconds) so none is judged by old rules.
host.hold(
  host
    .ready()
    .then(() => Promise.race([chrome.runtime.sendMessage({ type: FROM_EXTENSION.ENGINE_BOOTED }), new Promise((r) => setTimeout(r, 2000))]))
    .catch((e) => console.error('scrubs: classifier failed to start', e)),
);
