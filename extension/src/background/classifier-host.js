// ClassifierHost owns one instance of the classifier WebAssembly module
// (through wasm/loader.js) and the pack loaded into it. It runs in the
// offscreen document on Chromium and in the background script on Firefox;
// content scripts never compile WebAssembly (see DESIGN.md).
//
// Everything about packs that needs checking (signature, version, expiry,
// size, schema) is checked inside the module; this file only passes bytes.

import { compile, instantiate } from '../wasm/loader.js';

const WASM_URL = new URL('../wasm/classifier.wasm', import.meta.url).href;

// The approval queue's calls the background may make (the officer's own
// calls, opening and deciding, are the admin page's, not the extension's).
const QUEUE_OPS = {
  seal: (s, req) => s.queueSeal(req),
  openDecision: (s, { decision, replyIdentity, request }) => s.queueOpenDecision(decision, replyIdentity, request),
  hash: (s, { text }) => s.draftHash(text),
};

export class ClassifierHost {
  #module = null; // the compiled WebAssembly.Module, kept to restart after a trap
  #scrubs = null; // the instance
  #ready = null;
  #held = Promise.resolve();
  #envelope = null; // the envelope in use, to reload after a trap
  info = { source: 'built-in', version: 0, name: '', issued: 0, expires: 0, keyId: '' };

  // ready starts the module once; later calls share the same promise.
  ready() {
    this.#ready ??= this.#start();
    return this.#ready;
  }

  async #start() {
    const t0 = performance.now();
    this.#module ??= await compile(fetch(WASM_URL));
    this.#scrubs = await instantiate(this.#module, { stdout: () => {}, stderr: (s) => console.warn('scrubs module:', s) });
    this.startMs = performance.now() - t0;
    return this;
  }

  // hold makes classify wait for p (the last good pack being loaded at
  // start), so no draft is judged by the wrong rules.
  hold(p) {
    this.#held = Promise.resolve(p).catch(() => {});
  }

  settled() {
    return this.#held;
  }

  async classify(draft) {
    await this.ready();
    await this.#held;
    try {
      return this.#scrubs.classify(draft);
    } catch (e) {
      if (e && e.code === 'trap') await this.#restart();
      throw e;
    }
  }

  // A trapped instance is unusable: start a new one with the same pack.
  async #restart() {
    this.#ready = null;
    await this.ready();
    if (this.#envelope) {
      const { envelope, keys, opts } = this.#envelope;
      try {
        this.#scrubs.loadEnvelope(envelope, keys, opts);
      } catch (e) {
        console.warn('scrubs: reloading the pack after a trap failed', e);
      }
    }
  }

  // loadEnvelope hands a signed pack envelope (its exact text) to the
  // module, which checks the signature against the pinned keys, the roots
  // and the kept trust, refuses revoked keys, a lower version and an
  // expired pack, then compiles and uses the pack. On any refusal the pack
  // in use stays. Answers {ok, info} or {ok: false, code, message};
  // info.trust is for the caller to keep and hand back as is.
  async loadEnvelope(envelope, { keys = [], revoked = [], trust = null, now = Date.now() } = {}) {
    await this.ready();
    const opts = { revoked, trust, now: Math.floor(now / 1000) };
    let res;
    try {
      res = this.#scrubs.loadEnvelope(envelope, keys, opts);
    } catch (e) {
      return { ok: false, code: (e && e.code) || 'error', message: String((e && e.message) || e) };
    }
    this.#envelope = { envelope, keys, opts: { ...opts, trust: res.trust } };
    this.info = {
      source: 'server',
      version: res.version ?? 0,
      name: res.name ?? '',
      issued: res.issued ?? 0,
      expires: res.expires ?? 0,
      keyId: res.key_id ?? '',
      key: res.key ?? '',
      officers: res.officers ?? [],
      trust: res.trust ?? null,
    };
    return { ok: true, info: this.info };
  }

  // checkTimestamp asks the module whether the server's signed timestamp
  // says the pack in use (trust, as loadEnvelope answered it) is still the
  // latest, unexpired and no older than `after` (Unix seconds). Answers
  // {ok, info: {version, digest, issued, expires, key_id}} or {ok: false,
  // code, message}. Nothing changes in the module.
  async checkTimestamp(timestamp, { keys = [], revoked = [], trust = null, after = 0, now = Date.now() } = {}) {
    await this.ready();
    try {
      return { ok: true, info: this.#scrubs.checkTimestamp(timestamp, keys, { revoked, trust, after, now: Math.floor(now / 1000) }) };
    } catch (e) {
      return { ok: false, code: (e && e.code) || 'error', message: String((e && e.message) || e) };
    }
  }

  // queue runs one of the approval queue's calls in the module (see
  // QUEUE_OPS): the module seals only to the signed pack's officers.
  // Answers {ok, value} or {ok: false, code, message}.
  async queue(op, req = {}) {
    await this.ready();
    await this.#held;
    const fn = QUEUE_OPS[op];
    if (!fn) return { ok: false, code: 'bad_request', message: `no queue call ${op}` };
    try {
      return { ok: true, value: fn(this.#scrubs, req) };
    } catch (e) {
      if (e && e.code === 'trap') await this.#restart();
      return { ok: false, code: (e && e.code) || 'error', message: String((e && e.message) || e) };
    }
  }

  // template returns one of the pack's templates (safe_reply,
  // review_reply, ...; its Spanish form when context reads as Spanish)
  // when the module offers them; '' otherwise (the caller has a fallback).
  async template(name, context = '') {
    await this.ready();
    await this.#held;
    const s = this.#scrubs;
    if (typeof s.template !== 'function') return '';
    try {
      const res = s.template(name, context);
      return typeof res === 'string' ? res : (res && (res.text ?? res[name])) || '';
    } catch {
      return '';
    }
  }

  // sites returns the site profiles of the pack in use.
  async sites() {
    await this.ready();
    await this.#held;
    return this.#scrubs.sites();
  }
}
