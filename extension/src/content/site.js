// The site engine: one reader for every site, driven by the site's profile
// (pack data: classifier/sites.go says what each field means, and
// classifier/rules/sites.json holds the built-in profiles). The background
// hands this page the profile for its host and frame; a new pack can hand
// it another at any time, so a site whose markup changed is mended by
// pushing a pack, not by a release.
//
// What it answers is what the rest of the content script asks about a
// page: which elements are composers, what each one is (mode, the keys
// that send it, the text it answers, its attachments, where the badge
// goes, which safe reply fits), and which composer a Post button sends.
// It only reads the page.

import { buttonLabel, fieldLabel, labelMatch, mediaIn, stars, text } from './dom.js';

const MENTION = /^@([\w.]+)\s/;

// replyingTo writes what a reply answers the way the corpora the classifier
// is scored on write it (classifier/testdata/orgs/*.jsonl): the stars, the
// text, and the author after a dash, "★★☆☆☆ Front desk was rude. — Dale K.".
// The author's name is how the classifier learns whom "Thanks, Dale!"
// addresses: the draft has no other place for it.
export function replyingTo({ rating = '', body = '', author = '' }) {
  const head = [rating, body].filter(Boolean).join(' ');
  if (!author) return head;
  return head ? `${head} — ${author}` : author;
}

// chord names the sending key an Enter keydown is, as profiles list them.
function chord(e) {
  if (e.key !== 'Enter' || e.shiftKey || e.altKey || e.isComposing) return '';
  if (e.ctrlKey && e.metaKey) return '';
  return e.ctrlKey ? 'Ctrl+Enter' : e.metaKey ? 'Meta+Enter' : 'Enter';
}

const warned = new Set();
// matches is el.matches that treats a selector the browser refuses as no
// match (the module checks every selector of a pack against a subset all
// supported browsers parse, so this should never happen; if it does, the
// rest of the profile still works and the console says which one).
function matches(el, sel) {
  try {
    return el.matches(sel);
  } catch (e) {
    if (!warned.has(sel)) console.warn('scrubs: a site profile selector this browser refuses:', sel, e);
    warned.add(sel);
    return false;
  }
}

function closest(el, sel) {
  try {
    return el ? el.closest(sel) : null;
  } catch {
    matches(el, sel); // warns once
    return null;
  }
}

function all(root, sel) {
  try {
    return root.querySelectorAll(sel);
  } catch {
    return [];
  }
}

const valueOf = (el) => (el.tagName === 'TEXTAREA' || el.tagName === 'INPUT' ? el.value : el.textContent || '');

export class Site {
  constructor(profile, where = globalThis.location) {
    this.profile = profile;
    this.where = where;
    this.platform = profile.platform || where.hostname;
    this.rules = profile.composers || [];
    this.controls = profile.submit || [];
    // any element that can be a composer here (main.js looks up from an
    // event's target with it)
    this.selector = [...new Set(this.rules.map((r) => r.selector))].join(', ');
  }

  // ruleFor is the first composer description of the profile that fits
  // el as it is now (a mention typed or removed changes it).
  ruleFor(el) {
    const up = el.parentElement;
    const path = (this.where.pathname || '/').toLowerCase();
    for (const r of this.rules) {
      if (!matches(el, r.selector)) continue;
      if (r.inside && !closest(up, r.inside)) continue;
      if (r.not_inside && closest(up, r.not_inside)) continue;
      if (r.labels && !labelMatch(fieldLabel(el), r.labels)) continue;
      if (r.paths && !labelMatch(path, r.paths)) continue;
      if (r.mention && !MENTION.test(valueOf(el))) continue;
      return r;
    }
    return null;
  }

  isComposer(el) {
    return !!this.ruleFor(el);
  }

  // describe answers what the rest of the content script asks about one
  // composer; every answer reads the page as it is at the time.
  describe(el) {
    const site = this;
    const rule = () => site.ruleFor(el) || {};
    return {
      get mode() {
        return rule().mode || 'post';
      },
      get template() {
        return rule().template || 'safe_reply';
      },
      get channel() {
        return rule().channel || '';
      },
      get anchor() {
        return rule().anchor === 'parent' ? el.parentElement || el : el;
      },
      sends: (e) => (rule().keys || []).includes(chord(e)),
      // how much of text is the "@handle " the site put first to address
      // the reply (a rule with mention, as Instagram's): 0 when none
      addressing: (text) => (rule().mention && MENTION.exec(text)?.[0].length) || 0,
      replyingTo: () => site.answer(el, rule()).text,
      lang: () => site.answer(el, rule()).lang,
      attachments: () => mediaIn((rule().attachments && closest(el.parentElement, rule().attachments)) || el.parentElement),
    };
  }

  // answer reads what composer el answers: {text, lang} (lang: the
  // language the page marks the answered text with, '' when it does not).
  answer(el, r) {
    const a = r.answers;
    const item = a && this.#item(el, r);
    if (!item) return { text: '', lang: '' };
    const own = (d) => closest(d, a.item) === item && !d.closest('[data-scrubs]') && !this.#nearComposer(d);
    const parts = [];
    for (const d of all(item, a.text)) {
      if (!own(d) || all(d, a.text).length) continue; // the innermost only
      const t = text(d);
      if (t) parts.push([t, d]);
    }
    const picked = a.last ? parts.slice(-1) : parts;
    const first = (sel) => sel && [...all(item, sel)].find((d) => own(d) && (text(d) || d.getAttribute('aria-label')));
    const body = picked.map(([t]) => t).join('\n');
    const author = a.author ? text(first(a.author)) : '';
    const langOf = picked.length ? closest(picked[0][1], '[lang]') : null;
    return { text: replyingTo({ rating: a.rating ? stars(first(a.rating)) : '', body, author }), lang: langOf && item.contains(langOf) ? langOf.getAttribute('lang') : '' };
  }

  // #item is the review, comment or conversation composer el answers.
  #item(el, r) {
    const a = r.answers;
    const root = (a.within && closest(el, a.within)) || el.ownerDocument;
    if (r.mention) {
      const m = MENTION.exec(valueOf(el));
      if (!m) return null;
      for (const link of all(root, r.mention.replaceAll('{handle}', m[1]))) {
        const item = closest(link, a.item);
        if (item && !item.contains(el)) return item;
      }
      return null;
    }
    const up = closest(el.parentElement, a.item);
    if (up || !a.before) return up;
    let last = null;
    for (const c of all(root, a.item)) if (c.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) last = c;
    return last;
  }

  #nearComposer(d) {
    return !!(closest(d, this.selector) || all(d, this.selector).length);
  }

  #composersIn(scope) {
    return [...all(scope, this.selector)].filter((c) => this.isComposer(c));
  }

  // composerForClick answers the composer a click on target would send,
  // or null when target is none of the profile's submit controls.
  composerForClick(target) {
    if (!(target instanceof Element)) return null;
    for (const c of this.controls) {
      const btn = closest(target, c.selector);
      if (!btn || !labelMatch(buttonLabel(btn), c.labels)) continue;
      const box = c.composer && closest(btn, c.composer);
      const inBox = box ? this.#composersIn(box) : [];
      return inBox[0] || this.#nearest(btn);
    }
    return null;
  }

  // submitsOf answers the profile's submit controls that send composer el
  // (the card must never cover them): those in the smallest ancestor of
  // el that holds any.
  submitsOf(el, levels = 8) {
    for (let up = el.parentElement, i = 0; up && i < levels; up = up.parentElement, i++) {
      const found = [];
      for (const c of this.controls) {
        for (const btn of all(up, c.selector)) {
          if (!found.includes(btn) && labelMatch(buttonLabel(btn), c.labels) && this.composerForClick(btn) === el) found.push(btn);
        }
      }
      if (found.length) return found;
    }
    return [];
  }

  // #nearest: the composer in the smallest ancestor of the button that
  // holds one (the focused one, or the last, when it holds several).
  #nearest(btn, levels = 8) {
    let el = btn.parentElement;
    for (let i = 0; el && i < levels; i++, el = el.parentElement) {
      const found = this.#composersIn(el);
      if (found.length === 1) return found[0];
      if (found.length > 1) {
        const active = found.find((c) => c === document.activeElement || c.contains(document.activeElement));
        return active || found[found.length - 1];
      }
    }
    return null;
  }
}
