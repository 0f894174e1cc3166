// WorkerHost has ClassifierHost's interface and runs it in a module worker
// (classifier-worker.js). Used by the offscreen document.

export class WorkerHost {
  #worker = new Worker(new URL('./classifier-worker.js', import.meta.url), { type: 'module' });
  #next = 1;
  #pending = new Map();
  #ready = null;
  #held = Promise.resolve();
  info = { source: 'built-in', version: 0, name: '', issued: 0, expires: 0, keyId: '' };

  constructor() {
    this.#worker.onmessage = ({ data }) => {
      const p = this.#pending.get(data.id);
      if (!p) return;
      this.#pending.delete(data.id);
      if (data.error) p.reject(Object.assign(new Error(data.error.message), { code: data.error.code }));
      else p.resolve(data.value);
    };
    this.#worker.onerror = (e) => console.error('scrubs: classifier worker', e.message);
  }

  #call(op, ...args) {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, op, args });
    });
  }

  ready() {
    this.#ready ??= this.#call('ready').then((r) => {
      this.startMs = r.startMs;
      return this;
    });
    return this.#ready;
  }

  hold(p) {
    this.#held = Promise.resolve(p).catch(() => {});
  }

  settled() {
    return this.#held;
  }

  async classify(draft) {
    await this.#held;
    return this.#call('classify', draft);
  }

  async loadEnvelope(envelope, options) {
    const out = await this.#call('loadEnvelope', envelope, options);
    if (out && out.ok) this.info = out.info;
    return out;
  }

  template(name) {
    return this.#call('template', name);
  }
}
