// The finding card: what is risky, why, what to do, and a one-click fix
// where the classifier offered safer wording. Shown on hover, on click or
// when the caret enters a mark; read out through a live region; reachable
// from the text with Alt+Enter, closed with Escape.

import { severityWord, title, whatToDo } from '../shared/kinds.js';
import { trusted } from './ui.js';

let seq = 0;

export class Card {
  // onAsk(current) opens "Ask the privacy officer" for the card's draft,
  // offered while askable() says a request can be sent.
  constructor(ui, { onFix, onClose, onAsk = null, askable = () => false }) {
    this.ui = ui;
    this.onFix = onFix;
    this.onClose = onClose;
    this.onAsk = onAsk;
    this.askable = askable;
    this.id = `scrubs-card-${++seq}`;
    this.el = ui.el('div', 'card', { role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': `${this.id}-t`, 'aria-describedby': `${this.id}-r`, hidden: true, tabindex: '-1' });
    this.el.addEventListener('keydown', trusted((e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        this.close(true);
      }
    }));
    this.el.addEventListener('mouseenter', () => (this.hovered = true));
    this.el.addEventListener('mouseleave', () => {
      this.hovered = false;
      this.hideSoon();
    });
    ui.overlay.append(this.el);
    this.current = null; // {owner, index, finding}
  }

  get open() {
    return !this.el.hidden;
  }

  show(owner, index, finding, rect, { how = 'hover', fixable = true } = {}) {
    clearTimeout(this.timer);
    const same = this.current && this.current.owner === owner && this.current.index === index && this.current.finding.reason === finding.reason;
    this.current = { owner, index, finding };
    this.textLength = typeof owner.text === 'string' ? owner.text.length : 0;
    if (!same) this.#render(finding, fixable);
    this.el.hidden = false;
    this.place(rect);
    if (!same) this.ui.announce(`Scrubs: ${title(finding.kind)}. ${severityWord(finding.severity)}. ${finding.reason} ${whatToDo(finding)}`);
    if (how === 'keyboard') this.focusFirst();
  }

  #render(f, fixable) {
    const { ui } = this;
    this.el.className = f.severity === 'block' ? 'block' : 'warn';
    this.el.setAttribute('data-kind', f.kind);
    this.el.textContent = '';
    const sev = ui.el('div', 'card-severity', { class: 'sev' });
    sev.textContent = `${f.severity === 'block' ? '⊘' : '⚠'} ${severityWord(f.severity)}`;
    const h = ui.el('h2', 'card-title', { id: `${this.id}-t` });
    h.textContent = title(f.kind);
    const reason = ui.el('p', 'card-reason', { id: `${this.id}-r` });
    reason.textContent = f.reason;
    const todo = ui.el('p', 'card-todo');
    todo.textContent = whatToDo(f);
    const actions = ui.el('div', 'card-actions', { class: 'actions' });
    if (f.suggestion !== undefined && f.suggestion !== null && f.fix && fixable) {
      const fix = ui.el('button', 'fix', { type: 'button', class: 'primary' });
      const whole = f.fix.start === 0 && f.fix.end >= this.textLength;
      fix.textContent = whole ? 'Replace the draft with a safe reply' : f.suggestion ? `Change to “${f.suggestion}”` : 'Remove it';
      fix.addEventListener('click', trusted(() => this.onFix(this.current)));
      const after = ui.el('p', 'card-after', { class: 'note' });
      after.textContent = `After this change: ${f.fix.after === 'ok' ? 'nothing left to warn about' : severityWord(f.fix.after).toLowerCase()}.`;
      actions.append(fix, after);
    }
    if (this.onAsk && this.askable()) {
      const ask = ui.el('button', 'card-ask', { type: 'button' });
      ask.textContent = 'Ask the privacy officer…';
      ask.addEventListener('click', trusted(() => {
        const cur = this.current;
        this.close(false);
        if (cur) this.onAsk(cur);
      }));
      actions.append(ask);
    }
    const close = ui.el('button', 'card-close', { type: 'button' });
    close.textContent = 'Close';
    close.addEventListener('click', trusted(() => this.close(true)));
    actions.append(close);
    const hint = ui.el('p', 'card-hint', { class: 'hint' });
    hint.textContent = 'Alt+Enter from the text reaches these buttons; Esc closes.';
    this.note = ui.el('p', 'card-note', { class: 'note', role: 'status' });
    this.el.append(sev, h, reason, todo, actions, this.note, hint);
  }

  // say shows a line in the card (when a fix could not be applied).
  say(text) {
    if (!this.note) return;
    this.note.textContent = text;
    this.ui.announce(text, true);
  }

  place(rect) {
    if (!rect) return;
    const w = this.el.offsetWidth || 320;
    const h = this.el.offsetHeight || 140;
    let top = rect.bottom + 6;
    if (top + h > innerHeight - 4) top = Math.max(4, rect.top - h - 6);
    const left = Math.min(Math.max(4, rect.left), innerWidth - w - 8);
    this.el.style.left = `${left}px`;
    this.el.style.top = `${top}px`;
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

  close(refocus) {
    clearTimeout(this.timer);
    if (this.el.hidden) return;
    const was = this.current;
    this.el.hidden = true;
    this.current = null;
    this.onClose(was, refocus);
  }
}
