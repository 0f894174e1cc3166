// The small count by the composer: how many problems, and whether any
// stops posting. Icon and words as well as colour. Clicking it opens the
// card.

import { trusted } from './ui.js';
import { problemsOf } from './problems.js';
import { say, words } from '../shared/kinds.js';

// problems counts marks that overlap as one: "So glad your knee surgery went
// well" with its health words inside is one thing to change, not three.
export function problems(findings) {
  return problemsOf(findings).length;
}

export class Badge {
  constructor(ui, onOpen, owner) {
    this.ui = ui;
    this.btn = ui.el('button', 'badge', { type: 'button', hidden: true, 'data-owner': owner });
    this.btn.addEventListener('click', trusted((e) => {
      e.preventDefault();
      onOpen();
    }));
    ui.overlay.append(this.btn);
  }

  show(anchor, result) {
    const all = problemsOf(result.findings);
    const n = all.length;
    if (!n) return this.hide();
    const blocking = all.filter((p) => p.severity === 'block').length;
    const state = `${result.verdict} ${n} ${blocking} ${result.lang || ''}`;
    if (state === this.state && !this.btn.hidden) return this.place(anchor); // nothing new to say
    this.state = state;
    const block = result.verdict === 'block';
    this.btn.className = block ? 'block' : 'warn';
    this.btn.textContent = `${block ? '⊘' : '⚠'} ${n}`;
    this.btn.setAttribute('data-verdict', result.verdict);
    const w = words(result.lang);
    const stops = blocking ? say(w.badgeStops, { n: blocking, x: blocking === 1 ? w.stops : w.stop }) : '';
    this.btn.setAttribute('aria-label', say(w.badgeLabel, { n, x: `${n === 1 ? w.problem : w.problems}${stops}` }));
    this.btn.title = this.btn.getAttribute('aria-label');
    this.btn.hidden = false;
    this.place(anchor);
  }

  // checked is the quiet state: Scrubs read this text and has nothing to
  // say, so "fine" can be told from "not running". Shown only while the
  // person is in the composer (place() hides it otherwise).
  checked(anchor, lang) {
    const state = `ok ${lang || ''}`;
    if (state === this.state && !this.btn.hidden) return this.place(anchor);
    this.state = state;
    this.btn.className = 'checked';
    this.btn.textContent = '✓';
    this.btn.setAttribute('data-verdict', 'ok');
    this.btn.setAttribute('aria-label', lang === 'es' ? 'Scrubs revisó este texto: nada que advertir.' : 'Scrubs checked this text: nothing to warn about.');
    this.btn.title = this.btn.getAttribute('aria-label');
    this.btn.hidden = false;
    this.place(anchor);
  }

  get isChecked() {
    return !this.btn.hidden && this.btn.classList.contains('checked');
  }

  // unchecked says the text beside it is not being checked (the module
  // refused it or is not answering), so no marks does not mean "fine".
  unchecked(anchor, code) {
    const state = `unchecked ${code}`;
    if (state === this.state && !this.btn.hidden) return this.place(anchor);
    this.state = state;
    this.btn.className = 'unchecked';
    this.btn.textContent = code === 'too_large' ? '? Too long for Scrubs to check' : '? Scrubs is not checking';
    this.btn.setAttribute('data-verdict', 'unchecked');
    const why = code === 'too_large' ? 'this text is too long to check' : 'the checker is not answering';
    this.btn.setAttribute('aria-label', `Scrubs is not checking this text: ${why}. Check it for patient information yourself.`);
    this.btn.title = this.btn.getAttribute('aria-label');
    this.btn.hidden = false;
    this.place(anchor);
  }

  // place puts the badge just below the anchor's bottom-right corner,
  // outside the box, so it never covers the words being typed (above the
  // box when there is no room below). Its own width is taken off by a
  // transform, so no layout is forced.
  place(anchor, r = anchor.getBoundingClientRect()) {
    if (this.btn.hidden) return;
    const below = r.bottom + 22 <= innerHeight;
    const left = `${Math.max(0, r.right)}px`;
    const top = `${Math.max(0, below ? r.bottom + 2 : r.top - 22)}px`;
    if (this.btn.style.left !== left) this.btn.style.left = left;
    if (this.btn.style.top !== top) this.btn.style.top = top;
    this.btn.style.transform = 'translateX(-100%)';
  }

  // width is the badge's width in px, measured once per text it shows.
  get width() {
    if (this.btn.hidden) return 0;
    if (this.measured !== this.state) {
      this.measured = this.state;
      this.w = this.btn.offsetWidth;
    }
    return this.w;
  }

  hide() {
    if (!this.btn.hidden) this.btn.hidden = true;
    this.state = '';
  }
}
