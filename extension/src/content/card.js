// The finding card: one problem (overlapping findings are one, problems.js)
// at a time: what it is, one reason (why, and what to do: the pack's
// words, for where the draft goes and in its language), a one-click fix
// where the classifier checked one, "Not a problem" (a counted false-alarm
// report, and if the person wants, these words left alone on this device),
// and steps to the previous and next problem. Shown on hover, on click or
// when the caret enters a mark; read out through a live region; reachable
// from the text with Alt+Enter, closed with Escape.

import { say, severityWord, title, words } from '../shared/kinds.js';
import { trusted } from './ui.js';

let seq = 0;

export class Card {
  // onAsk(current) opens "Ask the privacy officer" for the card's draft,
  // offered while askable() says a request can be sent.
  constructor(ui, { onFix, onClose, onStep, onFalseAlarm, onAsk = null, askable = () => false, allowWords = () => true }) {
    this.ui = ui;
    this.onFix = onFix;
    this.onClose = onClose;
    this.onAsk = onAsk;
    this.askable = askable;
    this.onStep = onStep;
    this.onFalseAlarm = onFalseAlarm;
    this.allowWords = allowWords; // false where the policy keeps every word marked
    this.id = `scrubs-card-${++seq}`;
    this.el = ui.el('div', 'card', { role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': `${this.id}-t`, 'aria-describedby': `${this.id}-r`, hidden: true, tabindex: '-1' });
    this.el.addEventListener(
      'keydown',
      trusted((e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          this.close(true);
        }
      }),
    );
    this.el.addEventListener('mouseenter', () => (this.hovered = true));
    this.el.addEventListener('mouseleave', () => {
      this.hovered = false;
      this.hideSoon();
    });
    ui.cards.append(this.el);
    this.current = null; // {owner, index, problem, finding}
  }

  get open() {
    return !this.el.hidden;
  }

  // show opens the card for view = {index, total, problem, findings, lang,
  // textLength} of owner, beside rect.
  show(owner, view, rect, { how = 'hover', avoid = [] } = {}) {
    clearTimeout(this.timer);
    const finding = view.findings[view.problem.primary];
    const same = this.current && this.current.owner === owner && this.current.index === view.index && this.current.finding.reason === finding.reason && this.current.total === view.total;
    this.current = { owner, index: view.index, total: view.total, problem: view.problem, finding };
    this.how = how;
    if (!same) this.#render(view, finding);
    this.el.hidden = false;
    this.place(rect, avoid);
    if (!same) this.ui.announce(say(this.w.card, { x: `${title(finding.kind, view.lang)}. ${severityWord(view.problem.severity, view.lang)}. ${finding.reason}` }));
    if (how === 'keyboard') this.focusFirst();
  }

  #render(view, f) {
    const { ui } = this;
    const w = words(view.lang);
    this.w = w;
    const p = view.problem;
    this.el.className = p.severity === 'block' ? 'block' : 'warn';
    this.el.setAttribute('data-kind', f.kind);
    this.el.setAttribute('lang', view.lang === 'es' ? 'es' : 'en');
    this.el.textContent = '';
    const sev = ui.el('div', 'card-severity', { class: 'sev' });
    sev.textContent = `${p.severity === 'block' ? '⊘' : '⚠'} ${severityWord(p.severity, view.lang)}`;
    const h = ui.el('h2', 'card-title', { id: `${this.id}-t` });
    h.textContent = title(f.kind, view.lang);
    const reason = ui.el('p', 'card-reason', { id: `${this.id}-r` });
    reason.textContent = f.reason;
    const parts = [sev, h, reason];
    const others = p.kinds.filter((k) => k !== f.kind).map((k) => title(k, view.lang).toLowerCase());
    if (others.length) {
      const also = ui.el('p', 'card-also', { class: 'note' });
      also.textContent = say(w.also, { x: others.join(', ') });
      parts.push(also);
    }
    const actions = ui.el('div', 'card-actions', { class: 'actions' });
    const fixable = f.suggestion !== undefined && f.suggestion !== null && f.fix;
    const after = ui.el('p', 'card-after', { class: 'note' });
    if (fixable) {
      const fix = ui.el('button', 'fix', { type: 'button', class: 'primary' });
      const whole = f.fix.start === 0 && f.fix.end >= view.textLength;
      fix.textContent = whole ? w.safeReply : f.suggestion ? say(w.change, { x: f.suggestion }) : w.remove;
      fix.addEventListener('click', trusted(() => this.onFix(this.current)));
      // the safe reply's words, once (the button does not repeat them)
      after.textContent = `${whole ? `${say(w.becomes, { x: f.suggestion })} ` : ''}${f.fix.after === 'ok' ? w.afterOk : say(w.after, { x: severityWord(f.fix.after, view.lang).toLowerCase() })}`;
      actions.append(fix);
    }
    if (this.onAsk && this.askable()) {
      const ask = ui.el('button', 'card-ask', { type: 'button' });
      ask.textContent = w.ask;
      ask.addEventListener(
        'click',
        trusted(() => {
          const cur = this.current;
          this.close(false);
          if (cur) this.onAsk(cur);
        }),
      );
      actions.append(ask);
    }
    const wrong = ui.el('button', 'not-a-problem', { type: 'button' });
    wrong.textContent = w.notProblem;
    wrong.addEventListener('click', trusted(() => this.#askFalseAlarm(wrong)));
    const close = ui.el('button', 'card-close', { type: 'button' });
    close.textContent = w.close;
    close.addEventListener('click', trusted(() => this.close(true)));
    actions.append(wrong, close);
    parts.push(actions);
    if (fixable) parts.push(after);
    if (view.total > 1) {
      const step = ui.el('div', 'card-steps', { class: 'steps' });
      const prev = ui.el('button', 'card-prev', { type: 'button', 'aria-label': w.previous, title: w.previous });
      prev.textContent = '‹';
      prev.addEventListener('click', trusted(() => this.onStep(this.current, -1)));
      const where = ui.el('span', 'card-where');
      where.textContent = say(w.nOf, { n: view.index + 1, of: view.total });
      const next = ui.el('button', 'card-next', { type: 'button', 'aria-label': w.next, title: w.next });
      next.textContent = '›';
      next.addEventListener('click', trusted(() => this.onStep(this.current, +1)));
      step.append(prev, where, next);
      parts.push(step);
    }
    this.note = ui.el('p', 'card-note', { class: 'note', role: 'status' });
    const hint = ui.el('p', 'card-hint', { class: 'hint' });
    hint.textContent = w.hint;
    parts.push(this.note, hint);
    this.el.append(...parts);
  }

  // #askFalseAlarm: what "Not a problem" sends (a count, never words), and
  // whether to leave these words alone on this device (not offered where
  // the policy says no); then report.
  #askFalseAlarm(button) {
    const { ui, w } = this;
    if (this.el.querySelector('[data-scrubs="false-alarm"]')) return;
    const box = ui.el('div', 'false-alarm', { class: 'confirm-box' });
    const p = ui.el('p', 'false-alarm-what');
    p.textContent = w.falseAlarmAsk;
    const offer = this.allowWords();
    const label = ui.el('label', 'false-alarm-allow-label');
    const allow = ui.el('input', 'false-alarm-allow', { type: 'checkbox' });
    label.append(allow, ` ${w.allowHere}`);
    const actions = ui.el('div', 'false-alarm-actions', { class: 'actions' });
    const send = ui.el('button', 'false-alarm-report', { type: 'button', class: 'primary' });
    send.textContent = w.report;
    const cancel = ui.el('button', 'false-alarm-cancel', { type: 'button' });
    cancel.textContent = w.cancel;
    send.addEventListener(
      'click',
      trusted(() => {
        const cur = this.current;
        const keep = offer && allow.checked;
        box.remove();
        button.disabled = true;
        this.say(keep ? w.reportedAllowed : w.reported);
        this.onFalseAlarm(cur, keep);
      }),
    );
    cancel.addEventListener(
      'click',
      trusted(() => {
        box.remove();
        button.focus();
      }),
    );
    actions.append(send, cancel);
    box.append(p, ...(offer ? [label] : []), actions);
    button.closest('[data-scrubs="card-actions"]').after(box);
    send.focus();
  }

  // say shows a line in the card (a fix that could not be applied, a report).
  say(text) {
    if (!this.note) return;
    this.note.textContent = text;
    this.ui.announce(text, true);
  }

  // place puts the card below rect (above it when there is no room),
  // never over the rects in avoid (the composer's Post button: a card
  // there would catch the click meant for it). Failing that it goes
  // beside them, or as far from them as it can.
  place(rect, avoid = []) {
    if (!rect) return;
    const w = this.el.offsetWidth || 320;
    const h = this.el.offsetHeight || 140;
    const x = (left) => Math.min(Math.max(4, left), innerWidth - w - 8);
    const below = rect.bottom + 6;
    const above = rect.top - h - 6;
    const tops = [below + h <= innerHeight - 4 ? below : Math.max(4, above), below + h <= innerHeight - 4 ? Math.max(4, above) : below];
    const lefts = [x(rect.left), ...avoid.flatMap((a) => [x(a.left - w - 8), x(a.right + 8)])];
    const clear = (left, top) => avoid.every((a) => left + w + 2 <= a.left || left - 2 >= a.right || top + h + 2 <= a.top || top - 2 >= a.bottom);
    let at = null;
    for (const top of tops) {
      for (const left of lefts) {
        if (!at && clear(left, top)) at = { left, top };
      }
    }
    at ??= { left: lefts[0], top: tops[0] };
    this.el.style.left = `${at.left}px`;
    this.el.style.top = `${at.top}px`;
  }

  // focusStep puts the focus back on the step button just used.
  focusStep(delta) {
    const b = this.el.querySelector(`[data-scrubs="${delta < 0 ? 'card-prev' : 'card-next'}"]`);
    if (b) b.focus();
  }

  focusFirst() {
    const b = this.el.querySelector('button');
    (b || this.el).focus();
  }

  hideSoon(ms = 400) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (!this.hovered && !this.el.contains(this.ui.shadow.activeElement)) this.close(false);
    }, ms);
  }

  // hasFocus: the person is in the card (moved there with Alt+Enter or Tab)
  get hasFocus() {
    return !this.el.hidden && this.el.contains(this.ui.shadow.activeElement);
  }

  close(refocus) {
    clearTimeout(this.timer);
    if (this.el.hidden) return;
    const was = this.current;
    this.el.hidden = true;
    this.current = null;
    this.onClose(was, refocus);
  }
}
