// The classifier in the background script itself (Firefox, where the
// background is a page that lives as long as the browser).

import { ClassifierHost } from './classifier-host.js';
import { serveClassify } from './endpoint.js';

let host = null;

function get() {
  if (!host) {
    host = new ClassifierHost();
    serveClassify(host);
    host.ready().catch((e) => console.error('scrubs: classifier failed to start', e));
  }
  return host;
}

export const engine = {
  ensure: async () => {
    get();
    return false;
  },
  hold: (p) => get().hold(p),
  classify: (draft) => get().classify(draft),
  loadEnvelope: (envelope, options) => get().loadEnvelope(envelope, options),
  template: (name) => get().template(name),
  info: async () => {
    await get().ready();
    return get().info;
  },
};
