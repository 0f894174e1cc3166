// A composer on the page: reads its text (and where each character is),
// builds the draft for the classifier, and changes its text only through
// the editor itself (selection + insertText), then checks the editor took
// the change. It never touches the editor's DOM.

import { readEditable } from './text-map.js';

const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
const tick = () => new Promise((r) => setTimeout(r, 0));

export class Composer {
  constructor(el, site) {
    this.el = el;
    this.site = site;
    this.info = site.describe(el);
    this.isTextarea = el.tagName === 'TEXTAREA' || el.tagName === 'INPUT';
    this.last = null; // {text, map}
  }

  read() {
    if (this.isTextarea) {
      this.last = { text: this.el.value, map: null };
    } else {
      this.last = readEditable(this.el);
    }
    return this.last;
  }

  draft(text = this.read().text) {
    // the draft the classifier is scored on (classifier/testdata/orgs/*.jsonl)
    const d = { text, mode: this.info.mode, platform: this.site.platform };
    if (this.info.channel) d.channel = this.info.channel; // "dm", "review": the reasons are worded for where it goes
    if (d.mode === 'reply') {
      const r = this.info.replyingTo();
      if (r) d.replying_to = r;
    }
    const att = this.info.attachments();
    if (att.length) d.attachments = att;
    return d;
  }

  // forModule is draft as the module reads it, and where its text starts
  // in the composer's. A reply the site addressed with "@handle " goes
  // without it: the site wrote it, so it is no name the author typed and
  // no mark belongs in it; whom the reply answers is in replying_to.
  forModule(draft) {
    const shift = this.info.addressing(draft.text);
    return shift ? { draft: { ...draft, text: draft.text.slice(shift) }, shift } : { draft, shift: 0 };
  }

  // caret returns the selection as text offsets, or null when it is not in
  // this composer.
  caret() {
    if (this.isTextarea) {
      if (document.activeElement !== this.el) return null;
      return { start: this.el.selectionStart, end: this.el.selectionEnd };
    }
    const sel = document.getSelection();
    if (!sel || !sel.rangeCount || !this.el.contains(sel.anchorNode)) return null;
    const { map } = this.last || this.read();
    const a = map.offsetOf(sel.anchorNode, sel.anchorOffset);
    const f = map.offsetOf(sel.focusNode, sel.focusOffset);
    return { start: Math.min(a, f), end: Math.max(a, f) };
  }

  #select(start, end) {
    if (this.isTextarea) {
      this.el.setSelectionRange(start, end);
      return;
    }
    const { map } = this.read();
    const r = map.range(start, end);
    const sel = document.getSelection();
    sel.removeAllRanges();
    sel.addRange(r);
  }

  // replace puts `by` where [start, end) is, if that text is still `was`,
  // and keeps the caret where the person left it. Answers {ok, text}.
  async replace(start, end, by, was) {
    const before = this.read().text;
    if (was !== undefined && before.slice(start, end) !== was) return { ok: false, text: before, why: 'changed' };
    const want = before.slice(0, start) + by + before.slice(end);
    const caret = this.caret();
    this.el.focus({ preventScroll: true });
    const attempts = [() => this.#execInsert(start, end, by), () => this.#beforeInput(start, end, by)];
    if (this.isTextarea) attempts.push(() => this.#reactSet(want));
    let now = before;
    for (const attempt of attempts) {
      await attempt();
      await frame();
      now = this.read().text;
      if (now === want) break;
      if (now !== before) break; // something changed, but not as asked: stop
    }
    const ok = now === want;
    if (ok) this.#restoreCaret(caret, start, end, by.length);
    return { ok, text: now };
  }

  replaceAll(by) {
    const t = this.read().text;
    return this.replace(0, t.length, by, t);
  }

  async #execInsert(start, end, by) {
    this.#select(start, end);
    await tick(); // let the editor see the selection (selectionchange)
    if (by === '') document.execCommand('delete', false);
    else document.execCommand('insertText', false, by);
  }

  async #beforeInput(start, end, by) {
    this.#select(start, end);
    await tick();
    const dt = new DataTransfer();
    dt.setData('text/plain', by);
    const ev = new InputEvent('beforeinput', { inputType: 'insertReplacementText', data: by, dataTransfer: dt, bubbles: true, cancelable: true, composed: true });
    this.el.dispatchEvent(ev);
  }

  async #reactSet(value) {
    const proto = this.el.tagName === 'TEXTAREA' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value').set.call(this.el, value);
    this.el.dispatchEvent(new Event('input', { bubbles: true }));
  }

  #restoreCaret(caret, start, end, len) {
    let at = start + len;
    if (caret) {
      const c = caret.end;
      if (c >= end) at = c + len - (end - start);
      else if (c <= start) at = c;
    }
    try {
      this.#select(at, at);
    } catch {
      // the editor moved on
    }
  }
}

// shifted moves a result's spans (and its fixes) by `by` UTF-16 units:
// from the text the module read to the composer's (forModule).
export function shifted(result, by) {
  if (!by) return result;
  const move = (x) => ({ ...x, start: x.start + by, end: x.end + by });
  return { ...result, findings: result.findings.map((f) => (f.fix ? { ...move(f), fix: move(f.fix) } : move(f))) };
}
