// The offscreen document (Chromium): owns the classifier module (in a
// worker) so it stays warm while the service worker comes and goes. It
// answers content scripts directly over their port, and the service
// worker's pack and template requests by runtime message.

import { WorkerHost } from './worker-host.js';
import { serveClassify } from './endpoint.js';
import { FROM_EXTENSION, TO_OFFSCREEN } from '../shared/protocol.js';

const host = new WorkerHost();
serveClassify(() => host);

chrome.runtime.onMessage.addListener((msg, sender, reply) => {
  if (sender.id !== chrome.runtime.id || !msg || msg.target !== 'offscreen') return;
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
      return { ok: true, text: await host.template(msg.name) };
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
