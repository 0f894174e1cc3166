// The content script: finds composers through the site's profile (site.js),
// asks the classifier about each draft as it is typed, and draws marks, the
// badge and the card. It also guards Post (click and the site's send keys).
// It only reads the page and draws in its own shadow root.

import { Site } from './site.js';
import { ClassifierClient } from './client.js';
import { UI } from './ui.js';
import { Marks } from './marks.js';
import { Badge } from './badge.js';
import { Card } from './card.js';
import { Guard } from './guard.js';
import { SafeReply } from './safe-reply.js';
import { Tracker } from './tracker.js';
import { Ask } from './ask.js';
import * as settingsStore from '../shared/settings.js';
import { FROM_CONTENT } from '../shared/protocol.js';

// profile asks the background for this page's site profile (it picks it by
// the host and frame this script really runs in). null: none reads it.
async function profile() {
  try {
    const r = await chrome.runtime.sendMessage({ type: FROM_CONTENT.SITE });
    return (r && r.ok && r.site) || null;
  } catch {
    return null;
  }
}

export async function main() {
  if (window.__scrubs) return; // injected twice (a site added at run time)
  window.__scrubs = true;
  const [settings, first] = await Promise.all([settingsStore.load(), profile()]);
  if (!first) return; // no profile reads this page or frame
  let site = new Site(first);
  let shape = JSON.stringify(first);
  let enabled = settingsStore.siteEnabled(settings, location.hostname);
  // words the person said are not a problem, as hashes (allow.js)
  const allowed = new Set(settings.allowed || []);
  // the organisation's switches for the guard and the card (settings.js)
  const policy = {};
  const setPolicy = (s) => Object.assign(policy, { blockIsFinal: s.blockIsFinal === true, overrideReasons: s.overrideReasons, overrideReasonsSet: !!s.overrideReasonsSet, allowFalseAlarmWords: s.allowFalseAlarmWords !== false });
  setPolicy(settings);
  // content scripts hear no storage events (storage.local is for trusted
  // contexts): the background tells them what changed
  settingsStore.onChanged(async (changes) => {
    if ('site' in changes) await mended();
    if (!settingsStore.CONTENT_KEYS.some((k) => k in changes)) return;
    const now = await settingsStore.load();
    setPolicy(now);
    enabled = settingsStore.siteEnabled(now, location.hostname);
    if (!enabled) for (const t of trackers.values()) t.reset();
    if ('allowed' in changes || 'allowFalseAlarmWords' in changes) {
      allowed.clear();
      for (const h of now.allowed || []) allowed.add(h);
      for (const t of trackers.values()) t.changed(performance.now());
    }
  });
  // mended: a new pack may read this site differently (a selector fixed):
  // the composers are found again with the new profile.
  const mended = async () => {
    const next = await profile();
    if (!next || JSON.stringify(next) === shape) return;
    site = new Site(next);
    shape = JSON.stringify(next);
    if (ctx) ctx.site = site;
    for (const t of trackers.values()) t.reset();
    trackers.clear();
    active = null;
    const el = composerOf(document.activeElement);
    if (el && enabled) {
      active = track(el);
      active.changed(performance.now());
    }
  };

  const client = new ClassifierClient();
  let ui = null;
  let ctx = null;
  const trackers = new Map(); // composer element -> Tracker
  let active = null; // the tracker last typed in or focused

  const setup = () => {
    if (ui) return ctx;
    ui = new UI();
    const marks = new Marks(ui);
    const ask = new Ask(ui);
    const card = new Card(ui, {
      onFix: (cur) => cur && cur.owner.fix(cur.index),
      onAsk: (cur) => ask.compose(cur.owner),
      askable: () => ask.state.askable,
      onClose: (was, refocus) => {
        if (was) was.owner.deactivate();
        if (refocus && was) was.owner.composer.el.focus({ preventScroll: true });
      },
      onStep: (cur, delta) => cur && cur.owner.step(cur, delta),
      onFalseAlarm: (cur, allow) => cur && cur.owner.falseAlarm(cur.index, allow && policy.allowFalseAlarmWords),
      allowWords: () => policy.allowFalseAlarmWords,
    });
    const guard = new Guard(ui);
    // each composer gets its own badge and safe-reply button
    const badgeFor = (t) => new Badge(ui, () => t.openCard(0, 'keyboard'), t.id);
    const safeReplyFor = (t) => new SafeReply(ui, () => t.safeReply());
    ctx = { ui, marks, card, badgeFor, safeReplyFor, guard, client, site, count, ask, allowed, policy };
    return ctx;
  };

  // (sendMessage throws, rather than rejects, once the extension is gone;
  // a count must never stand between the guard and the person)
  const count = (event) => {
    try {
      chrome.runtime.sendMessage({ type: FROM_CONTENT.COUNT, ...event }).catch(() => {});
    } catch {
      // not counted
    }
  };

  const composerOf = (node) => {
    let el = node instanceof Element ? node : node && node.parentElement;
    if (!el) return null;
    if (!site.selector) return null;
    if (el.matches(site.selector) && site.isComposer(el)) return el;
    const c = el.closest(site.selector);
    return c && site.isComposer(c) ? c : null;
  };

  const track = (el) => {
    let t = trackers.get(el);
    if (!t) {
      t = new Tracker(el, setup());
      trackers.set(el, t);
      resized.observe(el); // a composer that grows moves what is below it
    }
    return t;
  };

  const forget = () => {
    for (const [el, t] of trackers) {
      if (!el.isConnected) {
        t.reset();
        trackers.delete(el);
      }
    }
  };

  // Focus: start the classifier before the first word.
  document.addEventListener(
    'focusin',
    (e) => {
      if (!enabled) return;
      const el = composerOf(e.composedPath()[0]);
      if (!el) return;
      client.warm();
      active = track(el);
      active.focused();
      ctx.ask.focused(active).catch(() => {});
      forget();
    },
    true,
  );

  document.addEventListener(
    'input',
    (e) => {
      if (!enabled) return;
      const el = composerOf(e.composedPath()[0]);
      if (!el) return;
      active = track(el);
      active.changed(e.timeStamp);
    },
    true,
  );

  // leaving a composer: its quiet controls (the checked mark, Safe reply)
  // go, unless the focus went to them
  document.addEventListener(
    'focusout',
    (e) => {
      const el = composerOf(e.composedPath()[0]);
      const t = el && trackers.get(el);
      if (t) setTimeout(() => t.place(), 0);
    },
    true,
  );

  document.addEventListener('selectionchange', () => {
    if (active && enabled) active.caretMoved('select');
  });

  document.addEventListener(
    'keydown',
    (e) => {
      if (!enabled || !ctx) return;
      const el = composerOf(e.composedPath()[0]);
      if (!el) return;
      const t = track(el);
      // (Alt+Enter and Escape move Scrubs' own controls: the person's keys
      // only; an Enter that posts is guarded whoever sent it)
      if (e.isTrusted && e.key === 'Enter' && e.altKey && !e.ctrlKey && !e.metaKey) {
        // Alt+Enter: from the text to the card (the one open, or the first
        // mark's). It is Scrubs' key in a composer even before the marks
        // come: a page that sends on any Enter would post it unguarded.
        e.preventDefault();
        e.stopImmediatePropagation();
        if (ctx.card.open) ctx.card.focusFirst();
        else if (t.shown.length) t.openCard(0, 'keyboard');
        else t.fresh().then(() => t.shown.length && !ctx.card.open && t.openCard(0, 'keyboard'));
      } else if (e.isTrusted && e.key === 'Escape' && ctx.card.open) {
        ctx.card.close(false);
      } else if (t.composer.info.sends(e)) {
        t.guardEnter(e);
      } else {
        if (e.isTrusted) t.keyed(e.key);
        const nav = /^(Arrow|Home|End|Page)/.test(e.key);
        setTimeout(() => t.caretMoved(nav ? 'nav' : 'typing'), 0);
      }
    },
    true,
  );

  // Post buttons, in the capture phase so the guard speaks before the page.
  const onClick = (e) => {
    if (!enabled || e.button !== 0) return;
    const path = e.composedPath();
    if (ui && ui.owns(path[0])) return;
    const el = site.composerForClick(path[0]);
    if (el) {
      track(el).guardClick(e);
      return;
    }
    const c = composerOf(path[0]);
    if (c) setTimeout(() => track(c).caretMoved('click'), 0);
  };
  window.addEventListener('click', onClick, true);
  // a Post button that acts on pointerdown/mousedown is guarded there too
  window.addEventListener(
    'mousedown',
    (e) => {
      if (!enabled || !ctx) return;
      const el = site.composerForClick(e.composedPath()[0]);
      if (el && trackers.get(el)?.mustStop()) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    },
    true,
  );

  let hoverQueued = false;
  document.addEventListener(
    'mousemove',
    (e) => {
      if (!ctx || hoverQueued || !enabled) return;
      hoverQueued = true;
      requestAnimationFrame(() => {
        hoverQueued = false;
        for (const t of trackers.values()) if (t.hover(e.clientX, e.clientY)) return;
      });
    },
    { passive: true, capture: true },
  );

  // Marks, badges and buttons are drawn over the page, so they follow it:
  // on scroll and resize, when a composer or the page changes size (a
  // ResizeObserver answers after layout, before paint, so they move in
  // the same frame), and, for shifts nothing reports (a photo attached
  // above, a banner), a look every half second at where each composer is.
  const placeNow = () => {
    if (!ctx) return;
    for (const t of trackers.values()) t.place();
    ctx.marks.reposition();
  };
  let placeQueued = false;
  const place = () => {
    if (placeQueued || !ctx) return;
    placeQueued = true;
    requestAnimationFrame(() => {
      placeQueued = false;
      placeNow();
    });
  };
  window.addEventListener('scroll', place, { passive: true, capture: true });
  window.addEventListener('resize', place, { passive: true });
  const resized = new ResizeObserver(placeNow);
  if (document.body) resized.observe(document.body);
  setInterval(() => {
    if (!ctx || document.hidden) return;
    for (const t of trackers.values()) {
      if (t.moved()) return place();
    }
  }, 500);

  // a composer that already has focus when we arrive
  const el = composerOf(document.activeElement);
  if (el && enabled) {
    client.warm();
    active = track(el);
    active.changed(performance.now());
  }
}
