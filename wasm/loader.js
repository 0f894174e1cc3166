// loader.js: the Scrubs classifier WebAssembly module (classifier.wasm) for
// browsers (extension background or offscreen document, the server's /try
// page) and Node. Plain ES module, no dependencies: it supplies the few
// wasi_snapshot_preview1 imports the Go runtime asks for itself.
//
// API
//
//   import { instantiate, compile, ClassifierError } from './loader.js';
//
//   const scrubs = await instantiate(source, options?);
//     source:  a Response or a promise of one (fetch(url)), an ArrayBuffer
//              or typed array of the module's bytes, a URL, or a
//              WebAssembly.Module from compile(). Calls _initialize; the
//              engine starts with the built-in rules, compiled by the
//              first classify (load your pack first to skip that).
//     options: { stdout(text), stderr(text) } receive what the module
//              prints (the Go runtime's crash reports go to stderr);
//              by default console.log and console.error.
//   await compile(source) -> WebAssembly.Module, to instantiate many times.
//
//   scrubs.classify({text, mode?, platform?, replying_to?, attachments?, id?})
//     -> {id?, verdict: 'ok'|'warn'|'block', findings: [{kind, start, end,
//        severity, reason, suggestion?}]}; start and end are UTF-16 offsets
//        into text, as JavaScript indexes strings.
//   scrubs.classifyJSON(json) -> the answer as a JSON string, byte for byte
//     what the native engine writes; an error is {"error":{...}}, not thrown.
//   scrubs.loadPack(pack) -> {name, lexicons, patterns}; pack is a JSON
//     string, its UTF-8 bytes or an object. Compiled once, then used by
//     every call; a pack that fails leaves the previous one in use.
//   scrubs.loadEnvelope(envelope, keys, {revoked?, trust?, minVersion?, now?}?)
//     -> {name, lexicons, patterns, version, issued, expires, key_id, key,
//        trust}. envelope is the signed pack envelope as the server sent
//     it (string, bytes or object); keys are the pinned public keys
//     ("scrubs-ed25519:..."), revoked key ids refused even so. The
//     signature, the key's chain of roots, expiry and version are checked
//     inside the module. trust is what the last successful load answered:
//     keep it as is and hand it back (it holds the key set in force and
//     the pack in use). minVersion refuses lower versions whatever signed
//     them; now is Unix seconds (default: the clock).
//   scrubs.checkTimestamp(timestamp, keys, {revoked?, trust?, after?, now?}?)
//     -> {version, digest, issued, expires, key_id}. timestamp is the
//     server's Scrubs-Timestamp header; trust is what loadEnvelope answered
//     for the pack in use; after is the issue time of the last timestamp
//     accepted (Unix seconds). Throws (not_current, stale, expired,
//     unknown_key, bad_signature, malformed) unless the timestamp is signed
//     by a key in force, unexpired, names the pack in use and is no older.
//   scrubs.template(name, context?) -> the pack's reply template
//     ('safe_reply', 'review_reply', or their '.es' forms) with {phone}
//     and {org} filled in from the organisation profile; with context
//     (the draft and what it answers) that reads as Spanish, the '.es'
//     form where the pack has one.
//   scrubs.sites() -> [{id, platform?, hosts?, frames?, composers, submit?}]:
//     the site profiles of the pack in use (classifier/sites.go), the
//     pack's own first, then the built-in ones it does not replace.
//   The approval queue ("Ask the privacy officer"; classifier/queue), age
//   X25519 inside the module. Requests are sealed only to the officers of
//   the signed pack in use (loadEnvelope), never to keys the caller names:
//   scrubs.ageKeygen() -> {identity: 'AGE-SECRET-KEY-1...', recipient: 'age1...'}
//   scrubs.ageRecipient(identity) -> 'age1...', the public key of an identity
//   scrubs.queueSeal({draft: {text, mode?, replying_to?}, site, staff?, note?, now?})
//     -> {item: {id, created, expires, site, verdict, kinds, staff, file},
//        reply_identity, draft_hash, officers}. The module classifies the
//     draft itself (nothing_to_ask when it is fine); post item as it is,
//     keep reply_identity (for this request alone) to open the decision.
//   scrubs.queueOpen(item, identity, {now?}?) -> {request: {id, draft,
//     mode, site, replying_to, findings, note, staff, ...}, officer,
//     readers, draft_hash}: an officer reads an item (GET /v1/queue/ID).
//   scrubs.queueDecide(item, identity, {outcome, comment?, rewrite?, now?})
//     -> {request, outcome, officer, decided, file}: the decision to post,
//     encrypted to the request's reply key.
//   scrubs.queueOpenDecision(decision, replyIdentity, requestId) ->
//     {request, outcome, officer, decided, comment?, rewrite?, approved_sha256?}
//   scrubs.draftHash(text) -> hex SHA-256 an approval names.
//   Refusals throw with the codes malformed, too_large, not_for_you,
//   tampered, mismatch, expired, unknown_recipient, no_officers, unsigned,
//   nothing_to_ask, bad_request.
//   scrubs.memoryBytes -> the module's linear memory size.
//
//   Every method but classifyJSON throws a ClassifierError for an error
//   answer: {code, message, line?, column?, problems?}. Codes: bad_json,
//   invalid_pack, compile, too_large, bad_pointer, bad_request,
//   no_template, internal, and for envelopes malformed, unknown_key,
//   bad_signature, expired, version_too_low. Error answers leave the instance usable; a trap
//   (code 'trap') does not, so make a new instance after one.
//
// Calls are synchronous and run one at a time. Memory can grow on any
// call, which detaches every view of memory.buffer, so the loader takes a
// fresh view after each call and copies answers out before the next one.

const WASI = 'wasi_snapshot_preview1';
const ERRNO_SUCCESS = 0;
const ERRNO_BADF = 8;
const ERRNO_INVAL = 28;
const ERRNO_NOSYS = 52;

export class ClassifierError extends Error {
  constructor(e) {
    super(e.message);
    this.name = 'ClassifierError';
    this.code = e.code;
    if (e.line !== undefined) this.line = e.line;
    if (e.column !== undefined) this.column = e.column;
    if (e.problems !== undefined) this.problems = e.problems;
  }
}

export async function compile(source) {
  source = await source;
  if (source instanceof WebAssembly.Module) return source;
  if (typeof source === 'string' || source instanceof URL) source = await fetch(source);
  if (typeof Response !== 'undefined' && source instanceof Response) {
    if (!source.ok) throw new Error(`classifier.wasm: HTTP ${source.status}`);
    if (typeof WebAssembly.compileStreaming === 'function' &&
        (source.headers.get('content-type') || '').startsWith('application/wasm')) {
      return WebAssembly.compileStreaming(source);
    }
    source = await source.arrayBuffer();
  }
  return WebAssembly.compile(source);
}

export async function instantiate(source, options = {}) {
  const module = await compile(source);
  const c = new Classifier(options);
  const instance = await WebAssembly.instantiate(module, c._imports(module));
  c._start(instance);
  return c;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const errorPrefix = '{"error":';

class Classifier {
  #x = null; // the instance's exports
  #in = 0; // input buffer in module memory, reused while big enough
  #inCap = 0;
  #broken = null;
  #out;

  constructor({ stdout = (s) => console.log(s), stderr = (s) => console.error(s) } = {}) {
    this.#out = { 1: new LineWriter(stdout), 2: new LineWriter(stderr) };
  }

  classify(draft) {
    return answer(this.classifyJSON(JSON.stringify(draft)));
  }

  classifyJSON(json) {
    return this.#call(this.#x.classify, json);
  }

  loadPack(pack) {
    return answer(this.#call(this.#x.load_pack, typeof pack === 'object' && !(pack instanceof Uint8Array) ? JSON.stringify(pack) : pack));
  }

  loadEnvelope(envelope, keys, { revoked = [], trust = null, minVersion = 0, now = 0 } = {}) {
    if (envelope instanceof Uint8Array) envelope = decoder.decode(envelope);
    if (typeof envelope !== 'string') envelope = JSON.stringify(envelope);
    // the envelope travels as a JSON string: its text can never add or
    // replace a member of the request
    const req = { envelope, keys: keys || [], revoked: revoked || [], min_version: Number(minVersion) || 0, now: Math.floor(Number(now)) || 0 };
    if (trust) req.trust = trust;
    return answer(this.#call(this.#x.load_envelope, JSON.stringify(req)));
  }

  checkTimestamp(timestamp, keys, { revoked = [], trust = null, after = 0, now = 0 } = {}) {
    if (typeof this.#x.check_timestamp !== 'function') throw new ClassifierError({ code: 'bad_request', message: 'this module cannot check timestamps' });
    const req = { timestamp: String(timestamp ?? ''), keys: keys || [], revoked: revoked || [], after: Math.floor(Number(after)) || 0, now: Math.floor(Number(now)) || 0 };
    if (trust) req.trust = trust;
    return answer(this.#call(this.#x.check_timestamp, JSON.stringify(req)));
  }

  template(name, context = '') {
    const req = { name };
    if (context) req.context = String(context);
    return answer(this.#call(this.#x.template, JSON.stringify(req))).text;
  }

  sites() {
    if (typeof this.#x.sites !== 'function') throw new ClassifierError({ code: 'bad_request', message: 'this module has no site profiles' });
    return answer(this.#call(() => this.#x.sites(), '')).sites;
  }

  ageKeygen() {
    return answer(this.#call(this.#export('age_keygen'), '{}'));
  }

  ageRecipient(identity) {
    return answer(this.#call(this.#export('age_keygen'), JSON.stringify({ identity: String(identity || '') }))).recipient;
  }

  queueSeal({ draft, site = '', staff = '', note = '', now = 0 } = {}) {
    const req = { draft: draft || {}, site: String(site), staff: String(staff || ''), note: String(note || ''), now: Math.floor(Number(now)) || 0 };
    return answer(this.#call(this.#export('queue_seal'), JSON.stringify(req)));
  }

  queueOpen(item, identity, { now = 0 } = {}) {
    return answer(this.#call(this.#export('queue_open'), JSON.stringify({ item, identity: String(identity || ''), now: Math.floor(Number(now)) || 0 })));
  }

  queueDecide(item, identity, { outcome, comment = '', rewrite = '', now = 0 } = {}) {
    const req = { item, identity: String(identity || ''), outcome: String(outcome || ''), comment: String(comment || ''), rewrite: String(rewrite || ''), now: Math.floor(Number(now)) || 0 };
    return answer(this.#call(this.#export('queue_decide'), JSON.stringify(req)));
  }

  queueOpenDecision(decision, replyIdentity, requestId) {
    const req = { decision, reply_identity: String(replyIdentity || ''), request: String(requestId || '') };
    return answer(this.#call(this.#export('queue_open_decision'), JSON.stringify(req)));
  }

  draftHash(text) {
    return answer(this.#call(this.#export('draft_hash'), JSON.stringify({ text: String(text ?? '') }))).sha256;
  }

  #export(name) {
    const fn = this.#x[name];
    if (typeof fn !== 'function') throw new ClassifierError({ code: 'bad_request', message: `this module has no ${name} (built before the approval queue?)` });
    return fn;
  }

  get memoryBytes() {
    return this.#x.memory.buffer.byteLength;
  }

  // #call copies input (a string or UTF-8 bytes) into the module, calls fn
  // and returns the answer as a string.
  #call(fn, input) {
    if (this.#broken) throw new ClassifierError({ code: 'trap', message: `the module trapped earlier: ${this.#broken.message}` });
    try {
      let n;
      if (typeof input === 'string') {
        this.#reserve(input.length * 3); // the most UTF-8 bytes a UTF-16 string can need
        n = encoder.encodeInto(input, new Uint8Array(this.#x.memory.buffer, this.#in, this.#inCap)).written;
      } else {
        this.#reserve(input.length);
        new Uint8Array(this.#x.memory.buffer, this.#in, input.length).set(input);
        n = input.length;
      }
      const packed = fn(this.#in, n);
      const ptr = Number(packed >> 32n);
      const len = Number(packed & 0xffffffffn);
      return decoder.decode(new Uint8Array(this.#x.memory.buffer, ptr, len));
    } catch (err) {
      if (err instanceof WebAssembly.RuntimeError || err instanceof WasiExit) {
        this.#broken = err;
        throw new ClassifierError({ code: 'trap', message: String(err.message || err) });
      }
      throw err;
    }
  }

  #reserve(n) {
    if (n <= this.#inCap && this.#in !== 0) return;
    if (this.#in !== 0) this.#x.free(this.#in);
    this.#in = 0;
    this.#inCap = 0;
    let cap = 64 * 1024;
    while (cap < n) cap *= 2;
    const ptr = this.#x.alloc(cap) >>> 0;
    if (ptr === 0) throw new ClassifierError({ code: 'too_large', message: `input of ${n} bytes is too large for the module` });
    this.#in = ptr;
    this.#inCap = cap;
  }

  _start(instance) {
    this.#x = instance.exports;
    for (const name of ['_initialize', 'alloc', 'free', 'classify', 'load_pack', 'memory']) {
      if (!(name in this.#x)) throw new Error(`classifier.wasm: no export ${name}; is it the classifier module?`);
    }
    this.#x._initialize();
  }

  // _imports supplies every WASI function the module imports: the ones Go
  // uses for real, and ENOSYS for the rest (files, which the module never
  // opens).
  _imports(module) {
    const mem = () => new DataView(this.#x.memory.buffer);
    const bytes = (ptr, len) => new Uint8Array(this.#x.memory.buffer, ptr, len);
    const argv = [encoder.encode('classifier.wasm\0')];
    const impl = {
      args_sizes_get: (argc, size) => {
        mem().setUint32(argc, argv.length, true);
        mem().setUint32(size, argv.reduce((n, a) => n + a.length, 0), true);
        return ERRNO_SUCCESS;
      },
      args_get: (ptrs, buf) => {
        for (const a of argv) {
          mem().setUint32(ptrs, buf, true);
          bytes(buf, a.length).set(a);
          ptrs += 4;
          buf += a.length;
        }
        return ERRNO_SUCCESS;
      },
      environ_sizes_get: (count, size) => {
        mem().setUint32(count, 0, true);
        mem().setUint32(size, 0, true);
        return ERRNO_SUCCESS;
      },
      environ_get: () => ERRNO_SUCCESS,
      clock_time_get: (id, _precision, out) => {
        let ns;
        if (id === 0) ns = BigInt(Date.now()) * 1000000n; // realtime
        else if (id === 1) ns = BigInt(Math.round(performance.now() * 1e6)); // monotonic
        else return ERRNO_INVAL;
        mem().setBigUint64(out, ns, true);
        return ERRNO_SUCCESS;
      },
      random_get: (buf, len) => {
        for (let off = 0; off < len; off += 65536) {
          crypto.getRandomValues(bytes(buf + off, Math.min(65536, len - off)));
        }
        return ERRNO_SUCCESS;
      },
      fd_write: (fd, iovs, iovsLen, nwritten) => {
        const w = this.#out[fd];
        if (!w) return ERRNO_BADF;
        let total = 0;
        for (let i = 0; i < iovsLen; i++) {
          const ptr = mem().getUint32(iovs + i * 8, true);
          const len = mem().getUint32(iovs + i * 8 + 4, true);
          w.write(bytes(ptr, len));
          total += len;
        }
        mem().setUint32(nwritten, total, true);
        return ERRNO_SUCCESS;
      },
      fd_read: (fd, _iovs, _iovsLen, nread) => {
        if (fd !== 0) return ERRNO_BADF;
        mem().setUint32(nread, 0, true); // stdin is empty
        return ERRNO_SUCCESS;
      },
      fd_fdstat_get: (fd, out) => {
        if (fd > 2) return ERRNO_BADF;
        const d = mem();
        d.setUint8(out, 2); // character device
        d.setUint16(out + 2, 0, true);
        d.setBigUint64(out + 8, 0xffffffffffffffffn, true);
        d.setBigUint64(out + 16, 0xffffffffffffffffn, true);
        return ERRNO_SUCCESS;
      },
      fd_fdstat_set_flags: (fd) => (fd > 2 ? ERRNO_BADF : ERRNO_SUCCESS),
      fd_prestat_get: () => ERRNO_BADF, // no preopened directories
      fd_prestat_dir_name: () => ERRNO_BADF,
      fd_close: () => ERRNO_BADF,
      sched_yield: () => ERRNO_SUCCESS,
      // The Go scheduler sleeps through poll_oneoff when it has nothing to
      // run; a browser cannot block, so every subscription fires at once.
      poll_oneoff: (subs, events, n, nevents) => {
        const d = mem();
        for (let i = 0; i < n; i++) {
          const s = subs + i * 48;
          const e = events + i * 32;
          d.setBigUint64(e, d.getBigUint64(s, true), true); // userdata
          d.setUint16(e + 8, ERRNO_SUCCESS, true);
          d.setUint8(e + 10, d.getUint8(s + 8)); // event type
          d.setBigUint64(e + 16, 0n, true);
          d.setUint16(e + 24, 0, true);
        }
        d.setUint32(nevents, n, true);
        return ERRNO_SUCCESS;
      },
      proc_exit: (code) => {
        throw new WasiExit(code);
      },
    };
    const wasi = {};
    for (const imp of WebAssembly.Module.imports(module)) {
      if (imp.module !== WASI) throw new Error(`classifier.wasm imports ${imp.module}.${imp.name}; the loader supplies only ${WASI}`);
      wasi[imp.name] = impl[imp.name] || (() => ERRNO_NOSYS);
    }
    return { [WASI]: wasi };
  }
}

class WasiExit extends Error {
  constructor(code) {
    super(`the module exited with code ${code}`);
    this.code = code;
  }
}

// LineWriter passes what the module prints on, a line at a time.
class LineWriter {
  #sink;
  #pending = '';
  #dec = new TextDecoder();
  constructor(sink) {
    this.#sink = sink;
  }
  write(b) {
    this.#pending += this.#dec.decode(b, { stream: true });
    let nl;
    while ((nl = this.#pending.indexOf('\n')) >= 0) {
      this.#sink(this.#pending.slice(0, nl));
      this.#pending = this.#pending.slice(nl + 1);
    }
  }
}

// answer parses an answer and throws an error answer.
function answer(text) {
  const v = JSON.parse(text);
  if (text.startsWith(errorPrefix)) throw new ClassifierError(v.error);
  return v;
}
