// One composer's life: classify on every change (one request in flight at a
// time, the newest text wins), draw what came back, open the card for a
// mark, apply a fix, and guard Post.

import { Composer, shifted } from './composer.js';
import { Mirror } from './mirror.js';
import { FROM_CONTENT } from '../shared/protocol.js';
import { say, words } from '../shared/kinds.js';
import { problemAt, problemsOf } from './problems.js';
import { hash, without } from './allow.js';

// What the guard gets when the draft as it is now could not be checked (the
// module refused it, failed, or did not answer in time). Never an older
// draft's answer instead.
const unchecked = (code) => ({ verdict: 'unchecked', findings: [], code });
const FRESH_MS = 4000; // how long a Post click waits for an answer
const LATE_MS = 100; // the longest a draft waits for the page's frame (changed)
const HOLD_MS = 700; // how long after a letter the word at the caret stays unmarked (#settled)
// Above this many marks, the marks a finished word brings (#wordEnded) are
// drawn just after the page's frame, not before it: placing some eighty
// marks of a 2,000-character post in the typed space's own frame delayed
// the page's repaint by 5 to 8 ms (bench-extension), and a long draft's
// marks may take two frames.
const SAME_FRAME_MARKS = 24;
const WORD_CHAR = /^[\p{L}\p{N}\p{M}'’-]+$/u;

let seq = 0;

const FALLBACK_SAFE_REPLY = {
  en: "Thanks for reaching out! We can't discuss anyone's care here; please call our office or send us a private message.",
  es: '¡Gracias por escribirnos! No podemos hablar de la atención de nadie aquí; llame a nuestro consultorio o envíenos un mensaje privado.',
};

export class Tracker {
  constructor(el, ctx) {
    this.ctx = ctx;
    this.id = ++seq; // names its badge and mark boxes in the shadow root (tests tell composers apart by it)
    this.composer = new Composer(el, ctx.site);
    this.key = null; // the draft (as JSON) the result belongs to
    this.text = '';
    this.asked = null; // the text last sent to the classifier
    this.result = null;
    this.failure = null; // {key, code}: the draft the classifier last failed on
    this.retry = { timer: 0, ms: 0 };
    this.shown = [];
    this.problems = []; // the shown findings, overlapping ones as one (problems.js)
    this.lang = ''; // "es" when the classifier read the draft as Spanish
    this.inflight = null;
    this.dirty = false;
    this.inputTs = 0;
    this.mirror = this.composer.isTextarea ? new Mirror(ctx.ui, el) : null;
    this.replaying = false; // our replay of an approved Post is being dispatched
    this.badge = ctx.badgeFor(this);
    this.safeReplyBtn = ctx.safeReplyFor(this);
    this.#watch();
  }

  // The page can change the text without an input event (Lexical clears
  // the box after posting; React re-renders a textarea from state): watch
  // for that, reading only.
  #watch() {
    const el = this.composer.el;
    if (!this.composer.isTextarea) {
      // (Lexical applies typing, pasting and IME commits itself and cancels
      // the browser's beforeinput, so there may be no input event at all.)
      this.observer = new MutationObserver(() => {
        if (this.dirty) return; // already going to read it
        if (this.composer.read().text !== this.asked) this.changed(performance.now());
      });
      this.observer.observe(el, { subtree: true, childList: true, characterData: true });
    } else {
      this.poll = setInterval(() => {
        if (!el.isConnected) return clearInterval(this.poll);
        if (el.value !== this.text && !this.dirty && !this.inflight) this.changed(performance.now());
      }, 250);
    }
  }

  focused() {
    this.changed(performance.now());
  }

  changed(ts) {
    this.inputTs = ts;
    // when the frame after this change was done: if the answer for it
    // leaves the marks as they were, they were right from that frame on
    // (framed: that frame's paint has begun; at: it is done; then: a stamp
    // waiting for it)
    const seen = {
      ts,
      framed: false,
      at: 0,
      then: null,
      after: null, // an answer to draw just after the page's frame (#wordEnded)
      done(at) {
        this.at = at;
        if (this.then) this.then(at);
      },
    };
    this.seen = seen;
    this.dirty = true;
    this.#wordEnded();
    // The draft is read and sent after the page has drawn the typed
    // character, at any length. Sent from the input event, the answer
    // still came after that frame had begun (measured: every key), so it
    // brought no mark sooner, while reading the draft and the other
    // processes' work slowed the page's own repaint by 5 to 10 ms. Marks
    // the answer leaves as they were count from that frame either way
    // (#stamp). A hidden tab or an off-screen frame may draw no frame for
    // long: then the draft goes after LATE_MS.
    const late = setTimeout(() => this.dirty && this.#pump(), LATE_MS);
    requestAnimationFrame(() => {
      seen.framed = true;
      setTimeout(() => {
        clearTimeout(late);
        if (seen.after) {
          // marks held for the word are drawn now, so they are right from
          // the next frame on, not this one
          this.#draw(seen.after);
          requestAnimationFrame(() => setTimeout(() => seen.done(performance.now()), 0));
        } else seen.done(performance.now());
        if (this.dirty) this.#pump();
      }, 0);
    });
  }

  // #wordEnded: a space or punctuation just ended the word the marks were held
  // for (#settled), after the text the last answer is for. That answer's
  // marks are drawn now, before the page's frame: the word is finished and
  // nothing before it changed, so the next answer almost always says the
  // same, and the marks are right from the typed character's own frame.
  #wordEnded() {
    const k = this.lastKey;
    const shown = this.lastShown;
    if (!k || k.letter || performance.now() - k.at > LATE_MS || !shown || !shown.findings.length) return;
    const drawn = (this.drawn && this.drawn.findings) || [];
    const same = drawn.length === shown.findings.length && drawn.every((f, i) => f.start === shown.findings[i].start && f.end === shown.findings[i].end);
    if (same) return; // nothing was held
    const old = this.text;
    const now = this.composer.read().text;
    const end = Math.max(...shown.findings.map((f) => f.end));
    if (now.length <= old.length || now.slice(0, end) !== old.slice(0, end)) return;
    if (shown.findings.length > SAME_FRAME_MARKS) this.seen.after = shown;
    else this.#draw(shown);
  }

  // fresh answers the result for the draft as it is now, classifying it
  // first if needed, or an unchecked result when that fails or takes too
  // long; never the result of another draft.
  async fresh(ms = FRESH_MS) {
    let timer;
    const late = new Promise((r) => (timer = setTimeout(() => r(unchecked('timeout')), ms)));
    try {
      return await Promise.race([this.#fresh(), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async #fresh() {
    for (let i = 0; i < 3; i++) {
      const key = JSON.stringify(this.composer.draft());
      if (!this.dirty && !this.inflight) {
        if (key === this.key && this.result) return this.result;
        // failed on this very draft, and once more after the click: say so
        if (i > 0 && this.failure && this.failure.key === key) return unchecked(this.failure.code);
      }
      this.dirty = true;
      await this.#pump();
    }
    return unchecked('busy'); // the text kept changing under the click
  }

  // current answers the result if it belongs to the draft as it is now.
  current() {
    if (!this.result || this.dirty) return null;
    return JSON.stringify(this.composer.draft()) === this.key ? this.result : null;
  }

  #pump() {
    if (this.inflight) return this.inflight;
    this.inflight = (async () => {
      while (this.dirty) {
        this.dirty = false;
        let ts = this.inputTs;
        const draft = this.composer.draft();
        const key = JSON.stringify(draft);
        this.asked = draft.text;
        let result;
        const t0 = performance.now();
        try {
          const sent = this.composer.forModule(draft);
          result = shifted(await this.ctx.client.classify(sent.draft), sent.shift);
          this.roundTrip = performance.now() - t0;
        } catch (e) {
          this.failure = { key, code: (e && e.code) || 'error' };
          this.#drawUnchecked(draft.text, this.failure.code);
          this.#retryLater(this.failure.code);
          if (this.dirty && JSON.stringify(this.composer.draft()) !== key) continue; // typed meanwhile: try that
          return;
        }
        this.failure = null;
        this.retry.ms = 0;
        if (this.dirty) {
          // something happened meanwhile; ask again only if the draft changed
          if (JSON.stringify(this.composer.draft()) !== key) {
            // but paint what still holds now, so fast typing never starves
            // the marks while the next answer is on its way
            this.#applyStale(draft.text, result, ts);
            continue;
          }
          this.dirty = false;
          ts = this.inputTs;
        }
        this.#apply(draft.text, key, result, ts);
      }
    })().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  #apply(text, key, result, ts) {
    this.text = text;
    this.key = key;
    this.result = without(result, text, this.ctx.allowed);
    this.#draw();
    this.#stamp(ts, result.findings.length);
  }

  // #stamp records "input time, time after the first frame that showed the
  // right marks for that input, findings, classifier round trip in ms"
  // (the benchmark and tests read it). That is the frame after the input
  // itself when the answer left the marks as they were (#draw kept them:
  // typing after the last mark), or when they were drawn before that
  // frame began; otherwise the frame after this draw.
  #stamp(ts, n) {
    const ui = this.ctx.ui;
    const rt = (this.roundTrip || 0).toFixed(2);
    const seen = this.seen;
    const say = (at) => ui.stamp('painted', `${ts.toFixed(3)} ${at.toFixed(3)} ${n} ${rt}`);
    if (seen && seen.ts === ts && (this.kept || !seen.framed)) {
      if (seen.at) say(seen.at);
      else seen.then = say;
    } else requestAnimationFrame(() => setTimeout(() => say(performance.now()), 0));
  }

  // #applyStale draws the findings of an answer for an older text whose
  // spans are unchanged in the text as it is now. The answer is not kept as
  // the result (the guard never trusts it).
  #applyStale(old, result, ts) {
    const now = this.composer.read().text;
    const findings = without(result, old, this.ctx.allowed).findings.filter((f) => now.slice(f.start, f.end) === old.slice(f.start, f.end));
    this.text = now;
    this.kept = false; // an older text's answer: never "right from the input on"
    this.#draw({ verdict: result.verdict, findings, lang: result.lang });
    this.kept = false;
    this.#stamp(ts, findings.length);
  }

  // #retryLater asks again after a failure, less and less often, so the
  // marks come back by themselves once the classifier is up again. A draft
  // the module refused, or an extension that is gone, will not change by
  // waiting.
  #retryLater(code) {
    if (code === 'too_large' || code === 'invalidated' || this.retry.timer) return;
    this.retry.ms = Math.min(Math.max(this.retry.ms * 2, 1000), 30000);
    this.retry.timer = setTimeout(() => {
      this.retry.timer = 0;
      if (this.failure && this.composer.el.isConnected) this.changed(performance.now());
    }, this.retry.ms);
  }

  // #drawUnchecked: no answer for this text, so no marks (they would be an
  // older text's) and a badge that says Scrubs is not checking.
  #drawUnchecked(text, code) {
    this.text = text;
    this.#draw({ verdict: 'unchecked', findings: [] });
    this.badge.unchecked(this.#anchor(), code);
    this.place();
  }

  #draw(shown = this.result) {
    const { marks, card } = this.ctx;
    const badge = this.badge;
    const all = (shown && shown.findings) || [];
    this.lastShown = shown;
    const findings = this.#settled(all);
    this.shown = findings; // what the marks, the card and the fixes refer to
    this.problems = problemsOf(findings);
    this.lang = (shown && shown.lang) || '';
    const el = this.composer.el;
    this.kept = false;
    if (!findings.length) {
      this.kept = !this.drawn && !marks.sets.has(this); // nothing shown before either
      marks.clear(this);
      this.drawn = null;
      badge.hide();
    } else if (this.#sameMarks(findings)) {
      this.kept = true;
    } else if (this.composer.isTextarea) {
      let cache = null;
      let frame = -1;
      const all = () => {
        if (!cache || frame !== this.#frame) {
          cache = this.mirror.rects(this.text, findings);
          frame = this.#frame;
        }
        return cache;
      };
      marks.set(
        this,
        findings.map((f, i) => ({ severity: f.severity, rects: () => all()[i] || [] })),
        el,
      );
      this.drawn = { findings, text: this.text };
    } else {
      const { map, text } = this.composer.last;
      const set = findings.map((f) => ({ severity: f.severity, range: map.range(f.start, f.end) }));
      marks.set(this, set, el);
      this.drawn = { findings, set, text };
    }
    if (all.length) badge.show(this.#anchor(), shown); // the badge counts a word still being typed
    else if (shown && shown.verdict === 'ok') badge.checked(this.#anchor(), this.lang);
    else badge.hide();
    if (card.open && card.current && card.current.owner === this) {
      const i = problemAt(this.problems, card.current.problem.start);
      // its problem is gone; a person who was in the card goes back to
      // the text, not to nowhere
      if (i < 0) card.close(card.hasFocus);
    }
    this.place();
    this.caretMoved('select'); // not the person moving it: the card the guard opened stays
  }

  // keyed records a key the person pressed in this box (main.js).
  keyed(key) {
    this.lastKey = { at: performance.now(), letter: key.length <= 2 && WORD_CHAR.test(key) };
  }

  // #settled leaves out the marks on the word being typed, as a spell
  // checker does: while a letter typed in the last HOLD_MS ends a word at
  // the caret, the marks stay as they were drawn before that word, minus
  // any on the word itself. Otherwise the marks change under every key
  // ("Kar", "Kare", "Karen" read differently, and a half-typed word tips a
  // phrase elsewhere in and out of a learned mark). They come when the
  // word is finished (#wordEnded), the caret moves, or the person pauses.
  // The badge and the guard always use the whole answer.
  #settled(findings) {
    clearTimeout(this.holdTimer);
    const k = this.lastKey;
    const wait = k && k.letter ? HOLD_MS - (performance.now() - k.at) : 0;
    if (wait <= 0) return findings;
    const text = this.#marked();
    const word = this.#wordAtCaret(text);
    if (!word) return findings;
    this.holdTimer = setTimeout(() => {
      this.lastKey = null;
      if (this.lastShown && this.composer.el.isConnected) this.#draw(this.lastShown);
    }, wait);
    return held(this.drawn || { findings: [], text }, text, word);
  }

  // #wordAtCaret: the word the caret ends, [start, end) of text, when
  // nothing is selected and no letter follows the caret; else null.
  #wordAtCaret(text) {
    const c = this.composer.caret();
    if (!c || c.start !== c.end) return null;
    const at = c.end;
    if (at === 0 || !WORD_CHAR.test(text[at - 1]) || (at < text.length && WORD_CHAR.test(text[at]))) return null;
    let start = at - 1;
    while (start > 0 && WORD_CHAR.test(text[start - 1])) start--;
    return { start, end: at };
  }

  // #marked: the text the findings' offsets count in (a contenteditable's
  // as last read, which its ranges are built from)
  #marked() {
    return this.composer.isTextarea ? this.text : this.composer.last.text;
  }

  // #sameMarks: the marks on screen already show these findings where they
  // are (typing after the last mark keeps the same spans, and the text up
  // to the last mark, so the boxes have not moved), so nothing needs
  // drawing again. A contenteditable's ranges are checked against the
  // text they hold (the editor may have replaced the nodes under them).
  #sameMarks(findings) {
    const d = this.drawn;
    if (!d || d.findings.length !== findings.length || !this.ctx.marks.sets.has(this)) return false;
    const text = this.#marked();
    let end = 0;
    for (let i = 0; i < findings.length; i++) {
      const a = d.findings[i];
      const b = findings[i];
      if (a.start !== b.start || a.end !== b.end || a.severity !== b.severity) return false;
      if (d.set && d.set[i].range.toString() !== text.slice(b.start, b.end)) return false;
      end = Math.max(end, b.end);
    }
    if (d.text.slice(0, end) !== text.slice(0, end)) return false;
    d.findings = findings;
    d.text = text;
    return true;
  }

  // moved tells whether the composer is no longer where its controls were
  // placed (a layout shift nothing reported).
  moved() {
    if (!this.placedAt || !this.composer.el.isConnected) return false;
    const r = this.composer.el.getBoundingClientRect();
    return r.left !== this.placedAt.left || r.top !== this.placedAt.top || r.width !== this.placedAt.width || r.height !== this.placedAt.height;
  }

  #frame = 0;
  place() {
    this.#frame++;
    const { badge, safeReplyBtn } = this;
    const anchor = this.#anchor();
    if (!anchor.isConnected) return;
    const reply = this.composer.info.mode === 'reply';
    // Controls show only while the person is in this composer (or in our
    // controls) or while it has something to warn about: never left on an
    // empty box nobody is typing in.
    const focused = document.activeElement === this.composer.el || this.ctx.ui.owns(this.ctx.ui.shadow.activeElement);
    if (badge.isChecked && !focused) badge.hide();
    // where the composer was when its controls were placed (null: nothing shown)
    this.placedAt = badge.btn.hidden && !(reply && focused) && !this.shown.length ? null : this.composer.el.getBoundingClientRect();
    if (badge.btn.hidden && !reply) return safeReplyBtn.hide(); // nothing to place
    const r = anchor.getBoundingClientRect();
    badge.place(anchor, r);
    if (reply && focused) safeReplyBtn.show(anchor, badge.width, r);
    else safeReplyBtn.hide();
  }

  #anchor() {
    return this.composer.info.anchor || this.composer.el;
  }

  // #problemOf answers the problem finding i belongs to.
  #problemOf(i) {
    return this.problems.findIndex((p) => p.indices.includes(i));
  }

  // caretMoved opens the card when the person moves the caret into a mark
  // (arrows, Home/End, a click), not while they type, and closes it when
  // the caret leaves the mark. how is 'typing', 'nav', 'click', or
  // 'select' (a selection change, which does not close the card the
  // guard's Edit opened: focusing the text makes one).
  caretMoved(how = 'typing') {
    const { card } = this.ctx;
    if (!this.shown || !this.shown.length) return;
    const mine = card.open && card.current && card.current.owner === this;
    if (how === 'select') {
      // a card the guard or Alt+Enter opened stays until the person types
      // or moves away: a redraw or the page settling its selection is not
      // the person leaving it
      if (mine && (card.how === 'guard' || card.how === 'keyboard')) return;
      how = 'typing';
    }
    if (how === 'typing' && !mine) return; // nothing to open or close
    const c = this.composer.caret();
    if (!c) return;
    const i = problemAt(this.problems, c.end);
    if (i >= 0 && this.problems[i].start < c.end) {
      if (how !== 'typing') this.openCard(i, 'caret');
    }
    else if (card.open && card.current && card.current.owner === this && !card.hovered) card.hideSoon(0);
  }

  hover(x, y) {
    const fs = this.shown || [];
    let best = -1;
    for (let i = 0; i < fs.length; i++) {
      for (const r of this.ctx.marks.rectsOf(this, i)) {
        if (x >= r.left && x <= r.right && y >= r.top - 2 && y <= r.bottom + 2) {
          if (best < 0 || fs[i].end - fs[i].start < fs[best].end - fs[best].start) best = i;
          break;
        }
      }
    }
    if (best >= 0) {
      this.openCard(this.#problemOf(best), 'hover');
      return true;
    }
    const { card } = this.ctx;
    if (card.open && card.current && card.current.owner === this) card.hideSoon();
    return false;
  }

  // openCard opens the card for problem i. After the guard's Edit it
  // stands beside the whole composer, not under the line to edit.
  openCard(i, how) {
    const p = this.problems[i];
    if (!p) return;
    const { marks, card } = this.ctx;
    let rect;
    if (how === 'guard') rect = this.composer.el.getBoundingClientRect();
    else {
      const rects = marks.rectsOf(this, p.primary);
      rect = rects[rects.length - 1] || this.#anchor().getBoundingClientRect();
    }
    marks.activate(this, p.indices);
    const avoid = this.#submits().map((b) => b.getBoundingClientRect());
    card.show(this, { index: i, total: this.problems.length, problem: p, findings: this.shown, lang: this.lang, textLength: this.text.length }, rect, { how, avoid });
  }

  // #submits: the buttons that send this composer, which the card leaves
  // free. Looked up at most once a second (a hover opens the card on every
  // mouse move over a mark, and a feed holds many buttons).
  #submits() {
    const now = performance.now();
    const c = this.submitCache;
    if (c && now - c.at < 1000 && c.els.every((b) => b.isConnected)) return c.els;
    const els = this.ctx.site.submitsOf(this.composer.el);
    this.submitCache = { at: now, els };
    return els;
  }

  // step opens the previous (-1) or next (+1) problem's card, keeping the
  // focus on the step button.
  step(from, delta) {
    const n = this.problems.length;
    if (!n) return;
    const i = (((from ? problemAt(this.problems, from.problem.start) : 0) + delta) % n + n) % n;
    this.openCard(i, 'step');
    this.ctx.card.focusStep(delta);
  }

  deactivate() {
    this.ctx.marks.activate(this, []);
  }

  // fix applies problem i's fix (its primary finding's) through the editor
  // and checks it.
  async fix(i) {
    const p = this.problems[i];
    const f = p && this.shown[p.primary];
    if (!f || f.suggestion === undefined || !f.fix) return;
    // the module tried the fix: where it goes (the whole draft for a safe
    // reply) and what the draft is after it
    const { start, end } = f.fix;
    const was = this.text.slice(start, end);
    const out = await this.composer.replace(start, end, f.suggestion, was);
    const { card } = this.ctx;
    const w = words(this.lang);
    if (out.ok) {
      card.close(false);
      this.ctx.ui.announce(say(w.changed, { x: f.suggestion || w.nothing }));
      this.changed(performance.now());
    } else {
      card.say(say(w.cantFix, { x: was, y: f.suggestion }));
      this.changed(performance.now());
    }
    return out;
  }

  // falseAlarm reports problem i as a false alarm: a count (verdict, kinds,
  // site; never words); with allow, these words (their hashes, allow.js)
  // are not marked again on this device.
  falseAlarm(i, allow) {
    const p = this.problems[i];
    if (!p) return;
    const verdict = (this.result && this.result.verdict !== 'ok' && this.result.verdict) || p.severity;
    this.ctx.count({ verdict, kinds: p.kinds, outcome: 'false_alarm' });
    if (!allow) return;
    const hashes = p.indices.map((j) => hash(this.shown[j].kind, this.text.slice(this.shown[j].start, this.shown[j].end)));
    for (const h of hashes) this.ctx.allowed.add(h);
    try {
      chrome.runtime.sendMessage({ type: FROM_CONTENT.ALLOW, hashes }).catch(() => {});
    } catch {
      // kept for this page only
    }
    this.ctx.card.close(false);
    this.#apply(this.text, this.key, this.result, performance.now());
  }

  // safeReply puts the pack's template for this composer (the review
  // template under a review) in place of the draft: its Spanish form when
  // the draft reads as Spanish or the page marks what it answers as
  // Spanish, or when the module reads the two together as Spanish.
  async safeReply() {
    const { info } = this.composer;
    const name = info.template;
    const es = this.lang === 'es' || /^es\b/i.test(info.lang());
    const names = [...new Set([name, 'safe_reply'].flatMap((n) => (es ? [`${n}.es`, n] : [n])))];
    const context = [this.composer.read().text, info.replyingTo()].filter(Boolean).join('\n');
    let text = '';
    for (const n of names) {
      try {
        const r = await chrome.runtime.sendMessage({ type: FROM_CONTENT.TEMPLATE, name: n, context });
        text = (r && r.text) || '';
      } catch {
        // fall back below
      }
      if (text) break;
    }
    text = text || FALLBACK_SAFE_REPLY[es ? 'es' : 'en'];
    const cur = this.composer.read().text;
    // a reply that starts with "@handle " (Instagram, X) keeps it: the
    // site addresses the reply by it, which no profile field describes
    const mention = /^@[\w.]+\s/.exec(cur);
    const start = mention ? mention[0].length : 0;
    const out = await this.composer.replace(start, cur.length, text, cur.slice(start));
    this.changed(performance.now());
    return out;
  }

  // mustStop: a Post click is about to happen (mousedown) for a draft known
  // to need the guard.
  mustStop() {
    if (this.#bypassed()) return false;
    const r = this.current();
    if (r) return r.verdict !== 'ok';
    return !!this.failure && this.failure.key === JSON.stringify(this.composer.draft());
  }

  // #bypassed: the event is our own replay of an approved Post. Replays are
  // dispatched synchronously, so nothing else (a later draft, the same text
  // typed again) can slip through while the flag is up.
  #bypassed() {
    return this.replaying;
  }

  guardClick(e) {
    if (this.#bypassed()) return; // our own replay
    const target = e.composedPath()[0].closest('button, [role="button"], input[type="submit"]') || e.composedPath()[0];
    this.#guard(e, () => target.click());
  }

  guardEnter(e) {
    if (this.#bypassed()) return;
    const el = this.composer.el;
    const { ctrlKey, metaKey } = e; // Ctrl+Enter sends on some sites: replayed as pressed
    this.#guard(e, () => {
      el.focus({ preventScroll: true });
      const init = { key: 'Enter', code: 'Enter', keyCode: 13, which: 13, ctrlKey, metaKey, bubbles: true, cancelable: true, composed: true };
      el.dispatchEvent(new KeyboardEvent('keydown', init));
      el.dispatchEvent(new KeyboardEvent('keypress', init));
      el.dispatchEvent(new KeyboardEvent('keyup', init));
    });
  }

  // #guard decides synchronously when it can: an ok draft whose result is
  // fresh goes through untouched (the event is not even delayed).
  #guard(e, replay) {
    if (this.ctx.guard.open) {
      e.preventDefault();
      e.stopImmediatePropagation();
      return;
    }
    const r = this.current();
    if (r && r.verdict === 'ok') return;
    e.preventDefault();
    e.stopImmediatePropagation();
    this.#decide(r, replay);
  }

  async #decide(known, replay) {
    const result = known || (await this.fresh());
    const go = () => {
      this.replaying = true;
      try {
        replay();
      } finally {
        this.replaying = false;
      }
    };
    if (result.verdict === 'ok') return go();
    if (result.verdict === 'unchecked') return this.#askUnchecked(result, go);
    // a privacy officer approved this very text: it posts without the guard
    const q = this.ctx.ask ? await this.ctx.ask.check(this.text) : null;
    if (q && q.approved) {
      this.ctx.ui.announce(`Approved by ${q.approved.officer}.`);
      return go();
    }
    const kinds = result.findings.map((f) => f.kind);
    const photo = kinds.includes('identifier.photo');
    this.ctx.count({ verdict: result.verdict, kinds, override: false });
    const where = this.composer.info.channel === 'dm' ? 'dm' : this.composer.info.mode;
    const answer = await this.ctx.guard.ask(result, { photo, text: this.text, where, askable: !!(q && q.askable), policy: this.ctx.policy });
    if (answer.action === 'ask') {
      this.composer.el.focus({ preventScroll: true });
      await this.ctx.ask.compose(this);
    } else if (answer.action === 'post') {
      if (answer.override || result.verdict === 'block') this.ctx.count({ verdict: result.verdict, kinds, override: true, reason: answer.reason });
      go();
    } else {
      this.composer.el.focus({ preventScroll: true });
      if (this.problems.length) this.openCard(0, 'guard');
    }
  }

  // #askUnchecked: nothing is known about this draft. Edit is the default;
  // posting it is an override, counted as one with the reason "not
  // checked" (and no kinds: none are known).
  async #askUnchecked(result, go) {
    const answer = await this.ctx.guard.ask(result);
    if (answer.action === 'post') {
      this.ctx.count({ verdict: 'block', kinds: [], outcome: 'posted_anyway', reason: 'not_checked' });
      go();
    } else this.composer.el.focus({ preventScroll: true });
  }

  reset() {
    this.ctx.marks.clear(this);
    this.badge.hide();
    this.safeReplyBtn.hide();
    if (this.observer) this.observer.disconnect();
    clearInterval(this.poll);
    clearTimeout(this.retry.timer);
    if (this.mirror) this.mirror.remove();
    this.badge.btn.remove();
    this.safeReplyBtn.btn.remove();
    this.result = null;
    this.failure = null;
    this.shown = [];
    this.key = null;
  }
}

// held: the marks drawn before (drawn: {findings, text}) as they stand in
// text now, while the word [start, end) is being typed: those before the
// word where the text up to them is unchanged, those after it moved by what
// was typed, none on the word itself.
function held(drawn, text, word) {
  const delta = text.length - drawn.text.length;
  const out = [];
  for (const f of drawn.findings) {
    if (f.end <= word.start) {
      if (drawn.text.slice(0, f.end) === text.slice(0, f.end)) out.push(f);
    } else if (f.start >= word.end - delta) {
      const g = { ...f, start: f.start + delta, end: f.end + delta };
      if (drawn.text.slice(f.start) === text.slice(g.start)) out.push(g);
    }
  }
  return out;
}
