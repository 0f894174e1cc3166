// The classifier in the background script itself (Firefox, where the
// background is a page that lives as long as the browser).

import { ClassifierHost } from './classifier-host.js';
import { serveClassify } from './endpoint.js';

let host = null;

function get() {
  if (!host) {
    host = new ClassifierHost();
    host.ready().catch((e) => console.error('scrubs: classifier failed to start', e));
  }
  return host;
}
serveClassify(get);

export const engine = {
  ensure: async () => {
    get();
    return false;
  },
  hold: (p) => get().hold(p),
  restart: async () => {
    host = null; // the endpoint listener stays; a new host serves the next port
    get();
  },
  classify: (draft) => get().classify(draft),
  loadEnvelope: (envelope, options) => get().loadEnvelope(envelope, options),
  checkTimestamp: (timestamp, options) => get().checkTimestamp(timestamp, options),
  template: (name, context) => get().template(name, context),
  sites: () => get().sites(),
  queue: (op, req) => get().queue(op, req),
  info: async () => {
    await get().ready();
    await get().settled();
    return get().info;
  },
};
