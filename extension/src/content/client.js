// The content script's way to the classifier: a port to wherever the
// module lives. If nothing answers (the offscreen document is not up yet),
// it asks the background to start it and connects again. Every call has a
// deadline, so a classifier that is gone shows as an error (code 'timeout',
// 'unavailable' or 'invalidated'), never as silence.

import { CLASSIFY_PORT, FROM_CONTENT } from '../shared/protocol.js';

const CALL_MS = 5000; // the classifier answers in milliseconds, or restarts within seconds
const FIRST_MS = 15000; // the first answer may wait for the module to start
const WARM_MS = 30000;

const coded = (message, code) => Object.assign(new Error(message), { code });

export class ClassifierClient {
  #port = null;
  #next = 1;
  #pending = new Map(); // id -> {resolve, reject, msg, tries, timer}
  #connecting = null;
  #answered = false; // the classifier has answered this page once

  // warm starts the module before the first word is typed.
  warm() {
    return this.#send({ warm: true }, WARM_MS).catch(() => {});
  }

  classify(draft) {
    return this.#send({ draft }, this.#answered ? CALL_MS : FIRST_MS).then((m) => {
      this.#answered = true;
      return m.result;
    });
  }

  async #send(body, ms) {
    const id = this.#next++;
    const msg = { id, ...body };
    const p = new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.#fail(id, coded('the classifier did not answer in time', 'timeout')), ms);
      this.#pending.set(id, { resolve, reject, msg, tries: 0, timer });
    });
    try {
      await this.#connect();
      this.#post(msg);
    } catch (e) {
      this.#fail(id, e);
    }
    return p;
  }

  #fail(id, err) {
    const p = this.#pending.get(id);
    if (!p) return;
    this.#pending.delete(id);
    clearTimeout(p.timer);
    p.reject(err);
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
    // after the extension is reloaded or removed, this page's copy of it
    // can reach nothing any more
    if (!chrome.runtime?.id) return Promise.reject(coded('the extension was reloaded or removed', 'invalidated'));
    this.#connecting ??= (async () => {
      let port;
      try {
        port = chrome.runtime.connect({ name: CLASSIFY_PORT });
      } catch (e) {
        throw coded(String((e && e.message) || e), 'invalidated');
      }
      port.onMessage.addListener((m) => {
        const p = this.#pending.get(m.id);
        if (!p) return;
        this.#pending.delete(m.id);
        clearTimeout(p.timer);
        if (m.error) p.reject(coded(m.error, m.code || 'error'));
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
      // the extension was reloaded; connecting fails below
    }
    this.#retrying = false;
    try {
      await this.#connect();
    } catch (e) {
      for (const id of [...this.#pending.keys()]) this.#fail(id, e);
      return;
    }
    for (const [id, p] of this.#pending) {
      if (++p.tries > 3) this.#fail(id, coded('classifier unavailable', 'unavailable'));
      else this.#post(p.msg);
    }
  }
  #retrying = false;
}
