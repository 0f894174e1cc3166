// The classify endpoint: content scripts connect a port named
// CLASSIFY_PORT and send {id, draft}; each gets {id, result} or {id, error,
// code} (the module's code, such as too_large, so the guard can say why).
// Served where the module lives: the offscreen document (Chromium) or the
// background script (Firefox). getHost answers the host in use.

import { CLASSIFY_PORT } from '../shared/protocol.js';

export function serveClassify(getHost) {
  chrome.runtime.onConnect.addListener((port) => {
    if (port.name !== CLASSIFY_PORT) return;
    // Only our own content scripts can connect to an extension's runtime
    // without externally_connectable, so the sender is trusted to ask for
    // classification; it learns nothing but the answer for its own text.
    port.onMessage.addListener(async (msg) => {
      if (!msg || typeof msg.id !== 'number') return;
      const host = getHost();
      if (msg.warm) {
        host.ready().then(() => safePost(port, { id: msg.id, warm: true }), () => {});
        return;
      }
      try {
        const t0 = performance.now();
        const result = await host.classify(msg.draft);
        safePost(port, { id: msg.id, result, ms: performance.now() - t0 });
      } catch (e) {
        safePost(port, { id: msg.id, error: String(e && e.message ? e.message : e), code: (e && e.code) || 'error' });
      }
    });
  });
}

function safePost(port, msg) {
  try {
    port.postMessage(msg);
  } catch {
    // the tab went away
  }
}
