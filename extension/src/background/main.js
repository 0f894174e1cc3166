// The background: one initialisation promise, listeners registered at the
// top level (so a woken service worker hears the event that woke it), and
// messages dispatched by how much the sender is trusted. The engine (where
// the classifier module lives) is passed in by sw.js (Chromium) or page.js
// (Firefox).

import * as settingsStore from '../shared/settings.js';
import { FROM_CONTENT, FROM_EXTENSION, TO_CONTENT } from '../shared/protocol.js';
import * as packs from './packs.js';
import * as updater from './updater.js';
import * as telemetry from './telemetry.js';
import * as sites from './sites.js';
import * as queue from './queue.js';

// restrictStorage keeps content scripts out of storage.local (review M2):
// it holds the server address, the pinned keys and the pack, which a
// compromised page renderer must not write. Chromium only; content scripts
// get their few settings by message (settings.js).
export async function restrictStorage() {
  const local = chrome.storage.local;
  if (typeof local.setAccessLevel !== 'function') return false;
  try {
    await local.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
    return true;
  } catch (e) {
    console.warn('scrubs: could not restrict storage to the extension', e);
    return false;
  }
}

// hostOf is the host a content script really runs on (never what it says):
// its frame's address, or for a frame without one of its own (about:blank,
// which the manifest's match_origin_as_fallback lets the script into) the
// origin it inherited.
function hostOf(sender) {
  for (const u of [sender.url, sender.origin, sender.tab && sender.tab.url]) {
    try {
      const host = new URL(u).hostname;
      if (host) return host;
    } catch {
      // not an address
    }
  }
  return '';
}

// tellTabs asks every content script to read its settings again.
async function tellTabs(keys) {
  const tabs = await chrome.tabs.query({}).catch(() => []);
  for (const t of tabs) {
    if (t.id === undefined || t.id < 0) continue;
    chrome.tabs.sendMessage(t.id, { type: TO_CONTENT.SETTINGS_CHANGED, keys }).catch(() => {});
  }
}

export function start(engine) {
  const restricted = restrictStorage();
  let settings = null;
  const loadSettings = async () => {
    settings = await settingsStore.load();
    if (settings.late) {
      // the policy arrives later: apply it then
      settingsStore.managedLater().then(async () => {
        settings = await settingsStore.load();
        await updater.schedule(settings);
        await sites.register(settings).catch(() => {});
      });
    }
    return settings;
  };

  // loadPack puts the last good pack into the module (on its start).
  const loadPack = async () => {
    const s = settings || (await loadSettings());
    const out = await packs.loadLastGood(engine, s);
    profilesChanged(); // the module's pack, and its profiles, may be others now
    if (out && !out.ok) {
      console.warn('scrubs: stored pack refused:', out.code, out.message);
      // a damaged stored envelope (review M4): ask the server for the
      // whole pack again at once, not for a 304; a pack whose key the pins
      // no longer trust waits for the next check as any other
      if (['malformed', 'bad_signature', 'bad_json'].includes(out.code)) {
        await packs.forgetEtag().catch(() => {});
        setTimeout(() => runUpdate().catch(() => {}), 0);
      }
    }
    return out;
  };

  // restartEngine starts a new module instance, which the stored pack is
  // loaded into (and checked against the keys) again.
  const restartEngine = async () => {
    await engine.restart();
    if (engine.hold) engine.hold(loadPack()); // Chromium: the new document asks for it
  };

  // The site profiles of the pack in use, asked of the module once per
  // pack. If the module cannot answer, the built-in profiles shipped beside
  // it stand in (not kept: the module is asked again next time), so the
  // composers are still found and say that they are not checked.
  let profiles = null;
  const siteProfiles = () => {
    profiles ??= engine.sites().catch(async (e) => {
      profiles = null;
      console.warn('scrubs: site profiles from the built-in file:', e && e.message);
      return (await (await fetch(chrome.runtime.getURL('rules/sites.json'))).json()).sites;
    });
    return profiles;
  };
  // profilesChanged: another pack is in use; content scripts ask again.
  const profilesChanged = () => {
    profiles = null;
    tellTabs(['site']);
  };

  const refreshStale = async () => {
    const st = await packs.status(settings);
    const week = await telemetry.thisWeek();
    await chrome.action.setBadgeText({ text: st.stale ? '!' : '' });
    await chrome.action.setBadgeBackgroundColor({ color: '#b3261e' });
    await chrome.action.setTitle({ title: st.stale ? 'Scrubs: rules out of date' : `Scrubs: ${week.warn + week.block} warnings this week` });
    return st;
  };

  const timeline = [];
  const step = (name) => timeline.push([name, Math.round(performance.now())]);
  const ready = (async () => {
    step('start');
    await restricted;
    const starting = engine.ensure(); // Chromium: the offscreen document asks for the pack when it boots
    await loadSettings();
    step('settings');
    if (engine.hold) engine.hold(loadPack()); // Firefox: the module is here
    await starting;
    step('engine');
    await updater.schedule(settings);
    await chrome.alarms.create(telemetry.ALARM, { periodInMinutes: 24 * 60, delayInMinutes: 60 });
    await sites.register(settings).catch((e) => console.warn('scrubs: sites', e));
    await refreshStale();
    await queue.schedule().catch(() => {});
    step('ready');
  })();
  ready.catch((e) => {
    console.error('scrubs: background failed to start', e);
    globalThis.scrubsStartError = String((e && e.stack) || e);
  });

  const runUpdate = async () => {
    await ready;
    const out = await updater.check(engine, settings);
    if (out.status === 'updated') profilesChanged();
    await refreshStale();
    return out;
  };

  chrome.runtime.onInstalled.addListener(() => {
    runUpdate().catch(() => {});
  });
  chrome.runtime.onStartup.addListener(() => {});

  chrome.alarms.onAlarm.addListener(async (alarm) => {
    await ready;
    if (alarm.name === updater.ALARM) await runUpdate();
    else if (alarm.name === telemetry.ALARM) await telemetry.flush(settings).catch(() => {});
    else if (alarm.name === queue.ALARM) await queue.poll(engine, settings).catch(() => {});
  });

  chrome.storage.onChanged.addListener(async (changes, area) => {
    if (area !== 'local' && area !== 'managed') return;
    const forContent = settingsStore.CONTENT_KEYS.filter((k) => k in changes);
    if (forContent.length) tellTabs(forContent);
    const watched = ['serverUrl', 'updateIntervalMinutes', 'publicKeys', 'revokedKeyIds', 'sites', 'telemetry', 'disabledSites', 'staleAfterDays', 'maxPackBytes', 'enrolmentKey', 'staffId'];
    if (!watched.some((k) => k in changes)) return;
    await ready;
    await loadSettings();
    await updater.schedule(settings);
    if ('sites' in changes) await sites.register(settings).catch(() => {});
    // a pack the new pins or revocations no longer trust goes at once
    if ('publicKeys' in changes || 'revokedKeyIds' in changes) await restartEngine();
  });

  chrome.runtime.onMessage.addListener((msg, sender, reply) => {
    if (!msg || typeof msg.type !== 'string' || sender.id !== chrome.runtime.id || msg.target === 'offscreen') return;
    // An extension page (popup, options, offscreen) is trusted; a content
    // script is not (the page can shape what it sends), so it only gets
    // the few content handlers.
    const ours = typeof sender.url === 'string' && sender.url.startsWith(chrome.runtime.getURL(''));
    const handler = ours ? extensionHandlers[msg.type] || contentHandlers[msg.type] : contentHandlers[msg.type];
    if (!handler) return;
    // a content script's settings do not wait for the pack and the alarms
    const first = msg.type === FROM_CONTENT.SETTINGS ? restricted : ready;
    first
      .then(() => handler(msg, sender))
      .then(reply, (e) => reply({ ok: false, message: String(e && e.message ? e.message : e) }));
    return true;
  });

  // packInfo is the module's word on the pack in use (its officers), or
  // null when it does not answer in time.
  const packInfo = (ms = 1000) => Promise.race([engine.info().catch(() => null), new Promise((r) => setTimeout(() => r(null), ms))]);

  const contentHandlers = {
    [FROM_CONTENT.ENSURE_ENGINE]: async () => ({ ok: true, created: await engine.ensure() }),
    [FROM_CONTENT.COUNT]: async (msg, sender) => {
      const site = hostOf(sender); // where it really came from
      if (msg.outcome !== undefined) {
        await telemetry.decision({ verdict: msg.verdict, kinds: msg.kinds, outcome: msg.outcome, reason: msg.reason, rules: msg.rules, site });
      } else {
        await telemetry.count({ verdict: msg.verdict, kinds: msg.kinds, override: !!msg.override, reason: msg.reason, site, tab: sender.tab && sender.tab.id });
      }
      await refreshStale();
      return { ok: true };
    },
    [FROM_CONTENT.SETTINGS]: async (msg, sender) => ({ ok: true, settings: settingsStore.forContent(await settingsStore.load(), hostOf(sender)) }),
    [FROM_CONTENT.TEMPLATE]: async (msg) => ({ ok: true, text: await engine.template(String(msg.name || 'safe_reply'), String(msg.context || '').slice(0, 20000)) }),
    [FROM_CONTENT.SITE]: async (msg, sender) => ({ ok: true, site: sites.siteFor(await siteProfiles(), { host: hostOf(sender), frameId: sender.frameId || 0 }, settings || (await loadSettings())) }),
    // the approval queue (queue.js): the site is the sender's
    [FROM_CONTENT.QUEUE_CHECK]: async (msg, sender) => ({ ok: true, ...(await queue.check(engine, settings, await packInfo(), msg.text, hostOf(sender))) }),
    [FROM_CONTENT.QUEUE_ASK]: async (msg, sender) => queue.ask(engine, settings, await packInfo(5000), { draft: msg.draft, note: msg.note }, hostOf(sender)),
    [FROM_CONTENT.QUEUE_DECISIONS]: async (msg, sender) => ({ ok: true, decisions: await queue.forSite(hostOf(sender)) }),
    [FROM_CONTENT.QUEUE_SEEN]: async (msg) => queue.seen(String(msg.id || '')),
    // hashes only (a content script cannot put words here), at most 1,000 kept
    [FROM_CONTENT.ALLOW]: async (msg) => {
      const add = (Array.isArray(msg.hashes) ? msg.hashes : []).filter((h) => typeof h === 'string' && /^[0-9a-z]{1,12}$/.test(h)).slice(0, 16);
      if (!add.length) return { ok: false };
      const now = await settingsStore.load();
      // the policy can keep every word marked: the count is made, no allowance
      if (now.allowFalseAlarmWords === false) return { ok: false, message: 'your organisation keeps these words marked' };
      const cur = now.allowed || [];
      const all = [...new Set([...cur, ...add])].slice(-1000);
      await settingsStore.save({ allowed: all });
      return { ok: true };
    },
  };

  const extensionHandlers = {
    [FROM_EXTENSION.ENGINE_BOOTED]: async () => {
      await loadPack();
      return { ok: true };
    },
    [FROM_EXTENSION.STATUS]: async () => {
      await loadSettings();
      return { ok: true, pack: await refreshStale(), week: await telemetry.thisWeek(), engine: await engine.info().catch(() => null), settings };
    },
    [FROM_EXTENSION.UPDATE_NOW]: async () => ({ ok: true, ...(await runUpdate()), pack: await packs.status(settings) }),
    [FROM_EXTENSION.TRY]: async (msg) => ({ ok: true, result: await engine.classify(msg.draft) }),
    [FROM_EXTENSION.SEND_COUNTS]: async () => ({ ok: true, ...(await telemetry.flush(settings)) }),
    [FROM_EXTENSION.RESTART_ENGINE]: async () => {
      await restartEngine();
      return { ok: true, info: await engine.info() };
    },
    [FROM_EXTENSION.QUEUE_LIST]: async () => {
      await queue.poll(engine, settings).catch(() => {});
      return { ok: true, requests: await queue.list(), why: queue.notAskable(settings, await packInfo()) };
    },
    [FROM_EXTENSION.SITES_CHANGED]: async () => {
      await loadSettings();
      return { ok: true, registered: await sites.register(settings) };
    },
  };

  globalThis.scrubs = { ready, restricted, runUpdate, engine, timeline }; // for tests and the console
  return { ready, runUpdate };
}
