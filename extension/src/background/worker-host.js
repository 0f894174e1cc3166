// WorkerHost has ClassifierHost's interface and runs it in a module worker
// (classifier-worker.js). Used by the offscreen document.
//
// A worker can die without a word (a crash, an out-of-memory, terminate()):
// every call has a deadline, and a worker that errors or misses one is
// replaced. What was waiting on it fails at once (so content scripts show
// that they are not checking, and the guard asks), and the new worker gets
// the pack the old one had (unless loading that pack is what kills it).

const CALL_MS = 3000; // a draft takes milliseconds; seconds mean the worker is gone
const FIRST_MS = 10000; // the first draft after a start or a new pack may be slower
const SLOW_MS = 30000; // starting the module, compiling a pack
const PING_MS = 5000;

const BUILT_IN = Object.freeze({ source: 'built-in', version: 0, name: '', issued: 0, expires: 0, keyId: '' });

const coded = (message, code) => Object.assign(new Error(message), { code });

export class WorkerHost {
  #worker = null;
  #next = 1;
  #pending = new Map(); // id -> {op, resolve, reject, timer}
  #ready = null;
  #held = Promise.resolve();
  #pack = null; // {envelope, options} of the pack in use, to load into a new worker
  #restarting = null;
  #warm = false; // a draft has been answered since the last start or pack
  #packDeaths = 0; // workers lost while the pack was being loaded again
  restarts = 0;
  info = { ...BUILT_IN };

  constructor() {
    this.#spawn();
  }

  #spawn() {
    let w;
    try {
      w = new Worker(new URL('./classifier-worker.js', import.meta.url), { type: 'module' });
    } catch (e) {
      console.warn('scrubs: no classifier worker', e && e.message);
      this.#worker = null; // calls fail at once; the next draft tries again
      return;
    }
    w.onmessage = ({ data }) => {
      if (w !== this.#worker) return;
      const p = this.#pending.get(data.id);
      if (!p) return;
      this.#pending.delete(data.id);
      clearTimeout(p.timer);
      if (data.error) p.reject(coded(data.error.message, data.error.code));
      else p.resolve(data.value);
    };
    w.onerror = (e) => {
      if (w === this.#worker) this.#replace('worker_error', (e && e.message) || 'error');
    };
    w.onmessageerror = () => {
      if (w === this.#worker) this.#replace('worker_error', 'an answer could not be read');
    };
    this.#worker = w;
    this.#warm = false;
  }

  #call(op, args, ms) {
    if (!this.#worker) return Promise.reject(coded('the classifier could not start', 'unavailable'));
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        if (!this.#pending.has(id)) return;
        this.#replace('timeout', `${op} took over ${ms} ms`);
      }, ms);
      this.#pending.set(id, { op, resolve, reject, timer });
      this.#worker.postMessage({ id, op, args });
    });
  }

  // #replace drops the worker, fails what waits on it, and starts another
  // with the same pack. A pack that took two workers down while it was
  // being loaded again is dropped (the updater offers it again later).
  #replace(code, why) {
    console.warn('scrubs: classifier worker replaced:', code, why);
    const loading = [...this.#pending.values()].some((p) => p.op === 'loadEnvelope');
    if (loading && ++this.#packDeaths >= 2) {
      this.#pack = null;
      this.info = { ...BUILT_IN };
    }
    this.#worker?.terminate();
    for (const p of this.#pending.values()) {
      clearTimeout(p.timer);
      p.reject(coded(`the classifier stopped: ${why}`, code));
    }
    this.#pending.clear();
    this.restarts++;
    this.#spawn();
    this.#ready = null;
    const pack = this.#pack;
    const restarting = (async () => {
      await this.ready();
      if (pack) {
        const out = await this.loadEnvelope(pack.envelope, pack.options);
        if (!out || !out.ok) console.warn('scrubs: the pack could not be loaded again', out && out.code);
      }
    })()
      .catch((e) => console.warn('scrubs: classifier restart failed', e && e.message))
      .finally(() => {
        if (this.#restarting === restarting) this.#restarting = null;
      });
    this.#restarting = restarting;
    // drafts wait for the pack, as they do at the first start
    this.#held = Promise.all([this.#held, restarting]).then(
      () => {},
      () => {},
    );
  }

  ready() {
    this.#ready ??= this.#call('ready', [], SLOW_MS).then((r) => {
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
    if (!this.#worker && !this.#restarting) this.#replace('unavailable', 'no worker');
    await this.#held;
    const out = await this.#call('classify', [draft], this.#warm ? CALL_MS : FIRST_MS);
    this.#warm = true;
    return out;
  }

  async loadEnvelope(envelope, options) {
    const out = await this.#call('loadEnvelope', [envelope, options], SLOW_MS);
    if (out && out.ok) {
      this.info = out.info;
      this.#pack = { envelope, options };
      this.#packDeaths = 0;
      this.#warm = false;
    }
    return out;
  }

  checkTimestamp(timestamp, options) {
    return this.#call('checkTimestamp', [timestamp, options], CALL_MS);
  }

  template(name, context) {
    return this.#call('template', [name, context], CALL_MS);
  }

  async sites() {
    await this.#held;
    return this.#call('sites', [], CALL_MS);
  }

  // queue: the approval queue's calls (ClassifierHost.queue); a seal
  // classifies and encrypts, so it gets a start's time.
  async queue(op, req) {
    if (!this.#worker && !this.#restarting) this.#replace('unavailable', 'no worker');
    await this.#held;
    return this.#call('queue', [op, req], FIRST_MS);
  }

  // ping asks the worker itself (status pages must not report a dead
  // worker as healthy), within PING_MS all told, a start in progress
  // included. Answers the info of the pack it runs.
  async ping() {
    let timer;
    const late = new Promise((_, reject) => (timer = setTimeout(() => reject(coded('the classifier is not answering', 'timeout')), PING_MS)));
    const ask = (async () => {
      await this.ready();
      await this.#held;
      return this.#call('info', [], PING_MS);
    })();
    try {
      return await Promise.race([ask, late]);
    } finally {
      clearTimeout(timer);
      ask.catch(() => {});
    }
  }
}
