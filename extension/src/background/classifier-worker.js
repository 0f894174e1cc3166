// The classifier module in a dedicated worker of the offscreen document
// (Chromium): the document only relays, so a long call never holds up the
// messages around it. Answers {id, value} or {id, error: {code, message}}.
import { ClassifierHost } from './classifier-host.js';

const host = new ClassifierHost();
host.ready().catch((e) => console.error('scrubs: classifier failed to start', e));

const OPS = {
  ready: async () => {
    await host.ready();
    return { startMs: host.startMs };
  },
  classify: (draft) => host.classify(draft),
  loadEnvelope: (envelope, options) => host.loadEnvelope(envelope, options),
  checkTimestamp: (timestamp, options) => host.checkTimestamp(timestamp, options),
  template: (name, context) => host.template(name, context),
  sites: () => host.sites(),
  queue: (op, req) => host.queue(op, req),
  info: () => host.info,
};

self.onmessage = async ({ data: { id, op, args } }) => {
  try {
    const value = await OPS[op](...args);
    self.postMessage({ id, value });
  } catch (e) {
    self.postMessage({ id, error: { code: (e && e.code) || 'error', message: String((e && e.message) || e) } });
  }
};
