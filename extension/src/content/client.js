// The content script's way to the classifier: a port to wherever the
// module lives. If nothing answers (the offscreen document is not up yet),
// it asks the background to start it and connects again.

import { CLASSIFY_PORT, FROM_CONTENT } from '../shared/protocol.js';

export class ClassifierClient {
  #port = null;
  #next = 1;
  #pending = new Map(); // id -> {resolve, reject, msg}
  #connecting = null;

  // warm starts the module before the first word is typed.
  warm() {
    return this.#send({ warm: true }).catch(() => {});
  }

  classify(draft) {
    return this.#send({ draft }).then((m) => m.result);
  }

  async #send(body) {
    const id = this.#next++;
    const msg = { id, ...body };
    const p = new Promise((resolve, reject) => this.#pending.set(id, { resolve, reject, msg, tries: 0 }));
    await this.#connect();
    this.#post(msg);
    return p;
  }

  #post(msg) {
    try {
      this.#port.postMessage(msg);
    } catch {
      this.#port = null;
      this.#retry();
    }
  }

  #connect() {
    if (this.#port) return Promise.resolve();
    this.#connecting ??= (async () => {
      const port = chrome.runtime.connect({ name: CLASSIFY_PORT });
      port.onMessage.addListener((m) => {
        const p = this.#pending.get(m.id);
        if (!p) return;
        this.#pending.delete(m.id);
        if (m.error) p.reject(Object.assign(new Error(m.error), { code: m.code || 'error' }));
        else p.resolve(m);
      });
      port.onDisconnect.addListener(() => {
        void chrome.runtime.lastError;
        if (this.#port === port) this.#port = null;
        if (this.#pending.size) this.#retry();
      });
      this.#port = port;
    })().finally(() => {
      this.#connecting = null;
    });
    return this.#connecting;
  }

  // retry: the port closed with requests open (no classifier listening, or
  // it restarted). Start it and send them again, a few times at most.
  async #retry() {
    if (this.#retrying) return;
    this.#retrying = true;
    try {
      await chrome.runtime.sendMessage({ type: FROM_CONTENT.ENSURE_ENGINE });
    } catch {
      // the extension was reloaded; requests fail below
    }
    this.#retrying = false;
    await this.#connect();
    for (const [id, p] of this.#pending) {
      if (++p.tries > 3) {
        this.#pending.delete(id);
        p.reject(new Error('classifier unavailable'));
      } else this.#post(p.msg);
    }
  }
  #retrying = false;
}
