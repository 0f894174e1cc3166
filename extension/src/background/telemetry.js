// Telemetry: counts only. Each post decision (the guard warned about a
// draft, and the user chose what to do) adds one to a row keyed by week,
// site, verdict, the kinds in the draft, the outcome, the reason category
// for "Post anyway" and the ids of the rules involved; nothing of the text
// is ever kept or sent. Rows go to the server's /v1/events with the
// organisation's enrolment key when telemetry is on (a policy can switch
// it off).
//
// The content script reports a decision with
//
//   chrome.runtime.sendMessage({ type: 'telemetry.count', verdict, kinds, outcome, reason, rules })
//
// which the background passes to decision() below (see its comment), with
// the site taken from the sender, never from the message.

import { OVERRIDE_REASONS } from '../shared/kinds.js';

const DECISIONS = 'decisions';
const SENT = 'decisionsSent';
export const ALARM = 'scrubs.telemetry';
const VERDICTS = new Set(['warn', 'block']);
const KIND = /^[a-z_]+(\.[a-z_]+)?$/;
export const OUTCOMES = ['warned', 'stopped', 'edited', 'posted_anyway', 'false_alarm'];
export const REASONS = [...OVERRIDE_REASONS, 'not_checked'];
// The reason values the guard sent before it used the server's names
// (a page still running the older content script after an update).
const REASON_ALIASES = { consent: 'consent_on_file', 'not-patient': 'not_about_a_patient', 'own-info': 'public_information' };
const RULE = /^[\x21-\x7e]{1,64}$/; // an id of the pack's rules: printable ASCII, no spaces
const MAX_RULES = 16;
const MAX_ROWS = 500; // rows one report may carry (the server's limit)
const MAX_COUNT = 500; // posts one row may count (the server's limit)

export function week(now = Date.now()) {
  const d = new Date(now);
  const day = (d.getUTCDay() + 6) % 7; // Monday is 0
  const monday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day));
  return monday.toISOString().slice(0, 10);
}

function cleanSite(site) {
  return typeof site === 'string' && /^[a-z0-9.-]{1,253}$/.test(site) ? site : 'other';
}

function cleanKinds(kinds) {
  return Array.isArray(kinds) ? [...new Set(kinds.filter((k) => typeof k === 'string' && KIND.test(k)))].sort() : [];
}

// decision records one post decision. Only known shapes are kept, so a
// content script cannot smuggle text into the counts:
//   verdict  'warn' | 'block' (the draft's)
//   kinds    the finding kinds in the draft (at least one)
//   outcome  'warned'        posted after a second look (a warn draft)
//            'stopped'       not posted (the guard was closed, the page left)
//            'edited'        went back to edit after the warning
//            'posted_anyway' posted past the warning; give reason
//            'false_alarm'   reported as a false alarm; give the rules if known
//   reason   for posted_anyway only: 'not_about_a_patient', 'consent_on_file',
//            'public_information', 'other', or 'not_checked' (posted when
//            Scrubs could not check the draft; kinds may then be empty) (the older
//            guard's 'consent', 'not-patient' and 'own-info' are read as the first three)
//   rules    optional: ids of the pack's lexicons or patterns that fired
//   site     the host it happened on (the background fills it in)
// It returns whether it was recorded.
export async function decision({ verdict, kinds, site, outcome, reason, rules }, now = Date.now()) {
  if (!VERDICTS.has(verdict) || !OUTCOMES.includes(outcome)) return false;
  const ks = cleanKinds(kinds);
  let r = '';
  if (outcome === 'posted_anyway') {
    r = REASON_ALIASES[reason] || reason;
    if (!REASONS.includes(r)) r = 'other';
  }
  // only a draft Scrubs could not check has no kinds
  if (!ks.length && r !== 'not_checked') return false;
  const rs = Array.isArray(rules) ? [...new Set(rules.filter((x) => typeof x === 'string' && RULE.test(x)))].sort().slice(0, MAX_RULES) : [];
  const key = JSON.stringify([week(now), cleanSite(site), verdict, ks, outcome, r, rs]);
  const all = (await chrome.storage.local.get(DECISIONS))[DECISIONS] || {};
  all[key] = (all[key] || 0) + 1;
  await chrome.storage.local.set({ [DECISIONS]: all });
  return true;
}

// count is the older call, made twice for one "Post anyway" (override
// false when the guard opens, true when the user posts past it). Until the
// content script calls decision(), it is read so: the first call records
// the draft as stopped (block) or warned (warn); an override from the same
// tab soon after turns that decision into posted_anyway ('other' unless a
// reason is given).
const pending = new Map(); // tab -> {key fields, at}
const PENDING_MS = 10 * 60e3;

export async function count({ verdict, kinds, site, override, reason, tab }, now = Date.now()) {
  if (!VERDICTS.has(verdict)) return false;
  const ev = { verdict, kinds, site };
  const slot = tab === undefined ? undefined : String(tab);
  if (!override) {
    const outcome = verdict === 'block' ? 'stopped' : 'warned';
    if (slot !== undefined) pending.set(slot, { ...ev, outcome, at: now });
    return decision({ ...ev, outcome }, now);
  }
  const p = slot !== undefined ? pending.get(slot) : undefined;
  pending.delete(slot);
  if (p && now - p.at < PENDING_MS && p.verdict === verdict && week(p.at) === week(now)) {
    await undo({ ...p }, p.at);
  }
  return decision({ ...ev, outcome: 'posted_anyway', reason: reason || 'other' }, now);
}

async function undo({ verdict, kinds, site, outcome }, at) {
  const key = JSON.stringify([week(at), cleanSite(site), verdict, cleanKinds(kinds), outcome, '', []]);
  const store = await chrome.storage.local.get([DECISIONS, SENT]);
  const all = store[DECISIONS] || {};
  const sent = store[SENT] || {};
  if ((all[key] || 0) > (sent[key] || 0)) {
    all[key] -= 1;
    if (!all[key]) delete all[key];
    await chrome.storage.local.set({ [DECISIONS]: all });
  }
}

// thisWeek sums this week's decisions for the popup.
export async function thisWeek(now = Date.now()) {
  const all = (await chrome.storage.local.get(DECISIONS))[DECISIONS] || {};
  const w = week(now);
  const seen = { warn: 0, block: 0, override: 0, falseAlarm: 0 };
  for (const [key, n] of Object.entries(all)) {
    const [kw, , verdict, , outcome] = JSON.parse(key);
    if (kw !== w) continue;
    seen[verdict] += n;
    if (outcome === 'posted_anyway') seen.override += n;
    if (outcome === 'false_alarm') seen.falseAlarm += n;
  }
  return seen;
}

// pendingEvents lists the rows not sent yet, as the server's events schema says.
export async function pendingEvents() {
  const store = await chrome.storage.local.get([DECISIONS, SENT]);
  const all = store[DECISIONS] || {};
  const sent = store[SENT] || {};
  const events = [];
  for (const [key, n] of Object.entries(all)) {
    let delta = n - (sent[key] || 0);
    const [w, site, verdict, kinds, outcome, reason, rules] = JSON.parse(key);
    while (delta > 0 && events.length < MAX_ROWS) {
      const e = { week: w, site, verdict, kinds, outcome, count: Math.min(delta, MAX_COUNT) };
      if (reason) e.reason = reason;
      if (rules.length) e.rules = rules;
      events.push(e);
      delta -= e.count;
    }
  }
  return events;
}

// flush sends the rows not sent yet and forgets those older than 8 weeks.
// A report the server refuses (an unknown rule id after a new pack, say)
// is dropped rather than retried for ever.
export async function flush(settings, now = Date.now()) {
  if (!settings.telemetry || !settings.serverUrl) return { sent: 0 };
  if (!settings.enrolmentKey) return { sent: 0, status: 'no enrolment key' };
  const events = await pendingEvents();
  if (!events.length) return { sent: 0 };
  const res = await fetch(settings.serverUrl.replace(/\/+$/, '') + '/v1/events', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Scrubs-Enrolment-Key': settings.enrolmentKey },
    body: JSON.stringify({ events }),
    credentials: 'omit',
  });
  if (!res.ok && res.status !== 400) return { sent: 0, status: res.status };
  const store = await chrome.storage.local.get([DECISIONS, SENT]);
  const all = store[DECISIONS] || {};
  const sent = store[SENT] || {};
  for (const e of events) {
    const key = JSON.stringify([e.week, e.site, e.verdict, e.kinds, e.outcome, e.reason || '', e.rules || []]);
    sent[key] = (sent[key] || 0) + e.count;
  }
  const oldest = week(now - 56 * 86400e3);
  const keepAll = {};
  const keepSent = {};
  for (const [key, n] of Object.entries(all)) {
    if (JSON.parse(key)[0] < oldest) continue;
    keepAll[key] = n;
    keepSent[key] = Math.min(n, sent[key] || 0);
  }
  await chrome.storage.local.set({ [DECISIONS]: keepAll, [SENT]: keepSent });
  await chrome.storage.local.remove?.(['counts', 'countsSent']); // the rows of older versions (findings), which the server no longer takes
  return res.ok ? { sent: events.length } : { sent: 0, status: res.status, dropped: events.length };
}
