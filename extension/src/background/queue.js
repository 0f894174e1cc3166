// "Ask the privacy officer": a draft that warned or was blocked goes,
// with a note, to the organisation's privacy officers, encrypted in the
// module (age, to the officers of the signed pack in use and no other);
// the server keeps only the ciphertext and its metadata. The decision
// comes back encrypted to a key made for that one request, which only
// this browser holds.
//
// Kept in storage.local (never reachable from content scripts on
// Chromium) under REQUESTS: per request its id, site, times, verdict,
// kinds, the officers' names, the draft's hash (never its text), the
// reply identity, and once it is decided the decision. The reply identity
// is dropped once the decision is opened; an entry is dropped when the
// request expires.
//
// An approved draft posts without the guard while its text is the one
// approved (the module's hash of it); a rewrite is approved as written.

const REQUESTS = 'queueRequests';
export const ALARM = 'scrubs.queue';
const POLL_MINUTES = 5;

const base = (settings) => settings.serverUrl.replace(/\/+$/, '');

async function all() {
  return (await chrome.storage.local.get(REQUESTS))[REQUESTS] || {};
}

async function put(requests) {
  await chrome.storage.local.set({ [REQUESTS]: requests });
}

// prune drops what has expired.
function prune(requests, now = Date.now()) {
  for (const [id, r] of Object.entries(requests)) if (r.expires * 1000 <= now) delete requests[id];
  return requests;
}

// askable says why a request cannot be sent, or '' when it can.
export function notAskable(settings, info) {
  if (!settings.serverUrl) return 'no rules server is set';
  if (!settings.enrolmentKey) return 'this browser is not enrolled (no enrolment key)';
  if (!info || info.source !== 'server') return 'the rules in use are not the organisation’s signed rules';
  if (!info.officers || !info.officers.length) return 'your organisation has named no privacy officer in Scrubs';
  return '';
}

// check answers the content script before the guard opens: may this
// draft post without the guard (approved as it is), and can the person
// ask an officer.
export async function check(engine, settings, info, text, site) {
  const why = notAskable(settings, info);
  const out = { askable: !why, why, officers: (info && info.officers) || [], approved: null };
  const requests = prune(await all());
  const decided = Object.values(requests).filter((r) => r.site === site && r.decision && r.decision.approved);
  if (!decided.length || typeof text !== 'string' || !text.trim()) return out;
  const h = await engine.queue('hash', { text });
  if (!h.ok) return out;
  const hit = decided.find((r) => r.decision.approved === h.value);
  if (hit) out.approved = { id: hit.id, officer: hit.decision.officer, outcome: hit.decision.outcome };
  return out;
}

// ask seals the draft in the module and posts it. draft is {text, mode,
// replying_to, platform, attachments} (what the module classified);
// site is where the content script really runs.
export async function ask(engine, settings, info, { draft, note }, site, now = Date.now()) {
  const why = notAskable(settings, info);
  if (why) return { ok: false, code: 'not_askable', message: why };
  if (!draft || typeof draft.text !== 'string') return { ok: false, code: 'bad_request', message: 'no draft' };
  const str = (v) => (typeof v === 'string' ? v : '');
  const req = {
    draft: {
      text: draft.text,
      mode: ['post', 'comment', 'reply'].includes(draft.mode) ? draft.mode : '',
      replying_to: str(draft.replying_to),
      platform: /^[a-z]{1,32}$/.test(str(draft.platform)) ? draft.platform : site,
      attachments: Array.isArray(draft.attachments) ? draft.attachments.filter((a) => a === 'image' || a === 'video').slice(0, 10) : [],
    },
    site,
    staff: settings.staffId || '',
    note: str(note).slice(0, 2000),
    now: Math.floor(now / 1000),
  };
  const sealed = await engine.queue('seal', req);
  if (!sealed.ok) return sealed;
  const { item, reply_identity: reply, draft_hash: hash, officers } = sealed.value;
  let res;
  try {
    res = await fetch(base(settings) + '/v1/queue', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Scrubs-Enrolment-Key': settings.enrolmentKey },
      body: JSON.stringify(item),
      credentials: 'omit',
    });
  } catch (e) {
    return { ok: false, code: 'network', message: `the server could not be reached (${e.message || e})` };
  }
  if (res.status !== 201) {
    let message = `the server answered ${res.status}`;
    try {
      const body = await res.json();
      if (body.errors && body.errors[0]) message = body.errors[0].message;
    } catch {}
    return { ok: false, code: 'server', status: res.status, message };
  }
  const requests = prune(await all(), now);
  requests[item.id] = {
    id: item.id,
    site,
    mode: req.draft.mode || 'post',
    created: item.created,
    expires: item.expires,
    verdict: item.verdict,
    kinds: item.kinds,
    officers,
    hash,
    reply,
    status: 'pending',
  };
  await put(requests);
  await schedule();
  return { ok: true, id: item.id, officers, expires: item.expires };
}

// schedule polls every few minutes while a request waits.
export async function schedule() {
  const pending = Object.values(await all()).some((r) => r.status === 'pending');
  if (pending) await chrome.alarms.create(ALARM, { periodInMinutes: POLL_MINUTES, delayInMinutes: 1 });
  else await chrome.alarms.clear(ALARM);
}

// poll asks the server about each pending request and opens a decision in
// the module with that request's reply identity.
export async function poll(engine, settings, now = Date.now()) {
  const requests = prune(await all(), now);
  let changed = false;
  if (settings.serverUrl && settings.enrolmentKey) {
    for (const r of Object.values(requests)) {
      if (r.status !== 'pending') continue;
      let res;
      try {
        res = await fetch(`${base(settings)}/v1/queue/${r.id}/decision`, { headers: { 'Scrubs-Enrolment-Key': settings.enrolmentKey }, credentials: 'omit', cache: 'no-store' });
      } catch {
        break; // offline: next time
      }
      if (res.status === 404) {
        r.status = 'gone'; // deleted or expired on the server
        delete r.reply;
        changed = true;
        continue;
      }
      if (!res.ok) continue;
      const st = await res.json().catch(() => null);
      if (!st || !st.decision) continue;
      const d = await engine.queue('openDecision', { decision: st.decision, replyIdentity: r.reply, request: r.id });
      if (!d.ok) {
        // not openable with this request's key, or not about it: not the
        // officer's answer; kept pending, and said so
        r.problem = d.code;
        changed = true;
        continue;
      }
      const v = d.value;
      r.status = v.outcome;
      r.decision = { outcome: v.outcome, officer: v.officer, decided: v.decided, comment: v.comment || '', rewrite: v.rewrite || '', approved: v.approved_sha256 || '' };
      delete r.reply; // nothing more comes for this request
      delete r.problem;
      r.shown = false;
      changed = true;
    }
  }
  if (changed || Object.keys(requests).length !== Object.keys(await all()).length) await put(requests);
  await schedule();
  return Object.values(requests);
}

// forSite lists the decisions for site the person has not dismissed on a
// composer yet: what the composer shows when it opens.
export async function forSite(site) {
  const requests = prune(await all());
  return Object.values(requests)
    .filter((r) => r.site === site && r.decision && !r.shown)
    .sort((a, b) => b.decision.decided - a.decision.decided)
    .map((r) => ({ id: r.id, mode: r.mode, created: r.created, outcome: r.decision.outcome, officer: r.decision.officer, comment: r.decision.comment, rewrite: r.decision.rewrite }));
}

export async function seen(id) {
  const requests = await all();
  if (requests[id]) {
    requests[id].shown = true;
    await put(requests);
  }
  return { ok: true };
}

// list is what the popup shows: every request kept, newest first, without
// its key.
export async function list() {
  return Object.values(prune(await all()))
    .sort((a, b) => b.created - a.created)
    .map(({ reply, hash, ...r }) => r);
}
