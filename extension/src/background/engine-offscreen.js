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

// send asks the offscreen document; with ms, a document that does not
// answer in time is an error (status must not hang on a stuck document).
async function send(type, body, ms = 0) {
  await ensure();
  const answer = chrome.runtime.sendMessage({ target: 'offscreen', type, ...body });
  if (!ms) return answer;
  let timer;
  const late = new Promise((_, reject) => (timer = setTimeout(() => reject(Object.assign(new Error('the offscreen document did not answer'), { code: 'timeout' })), ms)));
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
}

export const engine = {
  ensure,
  restart: async () => {
    await chrome.offscreen.closeDocument().catch(() => {});
    await ensure();
  },
  classify: (draft) => send(TO_OFFSCREEN.CLASSIFY, { draft }).then((r) => (r && r.ok ? r.result : Promise.reject(new Error(r ? r.message : 'no answer')))),
  loadEnvelope: (envelope, options) => send(TO_OFFSCREEN.LOAD_ENVELOPE, { envelope, options }),
  checkTimestamp: (timestamp, options) => send(TO_OFFSCREEN.CHECK_TIMESTAMP, { timestamp, options }, 15000),
  template: (name, context) => send(TO_OFFSCREEN.TEMPLATE, { name, context }).then((r) => (r && r.ok ? r.text : '')),
  sites: () => send(TO_OFFSCREEN.SITES, {}, 15000).then((r) => (r && r.ok ? r.sites : Promise.reject(new Error(r ? r.message : 'no answer')))),
  queue: (op, req) => send(TO_OFFSCREEN.QUEUE, { op, req }, 20000).then((r) => r || { ok: false, code: 'error', message: 'no answer' }),
  info: () => send(TO_OFFSCREEN.INFO, {}, 15000).then((r) => (r && r.ok ? r.info : null)),
};
