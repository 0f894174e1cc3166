// The classifier as the Chromium service worker sees it: a proxy to the
// offscreen document that owns the module. The document outlives the
// worker, so a stopped worker costs nothing but this file's state.

import { TO_OFFSCREEN } from '../shared/protocol.js';

const URL_ = 'background/offscreen.html';
let creating = null;

async function exists() {
  if (chrome.runtime.getContexts) {
    const ctx = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'], documentUrls: [chrome.runtime.getURL(URL_)] });
    return ctx.length > 0;
  }
  return chrome.offscreen.hasDocument();
}

export async function ensure() {
  if (await exists()) return false;
  creating ??= chrome.offscreen
    .createDocument({ url: URL_, reasons: ['WORKERS'], justification: 'Runs the Scrubs classifier (WebAssembly) locally so typed text never leaves the browser.' })
    .catch((e) => {
      if (!String(e).includes('single offscreen')) throw e;
    })
    .finally(() => {
      creating = null;
    });
  await creating;
  return true;
}

async function send(type, body) {
  await ensure();
  return chrome.runtime.sendMessage({ target: 'offscreen', type, ...body });
}

export const engine = {
  ensure,
  restart: async () => {
    await chrome.offscreen.closeDocument().catch(() => {});
    await ensure();
  },
  classify: (draft) => send(TO_OFFSCREEN.CLASSIFY, { draft }).then((r) => (r && r.ok ? r.result : Promise.reject(new Error(r ? r.message : 'no answer')))),
  loadEnvelope: (envelope, options) => send(TO_OFFSCREEN.LOAD_ENVELOPE, { envelope, options }),
  template: (name) => send(TO_OFFSCREEN.TEMPLATE, { name }).then((r) => (r && r.ok ? r.text : '')),
  info: () => send(TO_OFFSCREEN.INFO, {}).then((r) => (r && r.ok ? r.info : null)),
};
