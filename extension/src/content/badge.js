// The small count by the composer: how many problems, and whether any
// stops posting. Icon and words as well as colour. Clicking it opens the
// card.

import { trusted } from './ui.js';

// problems counts marks that overlap as one: "So glad your knee surgery went
// well" with its health words inside is one thing to change, not three.
export function problems(findings) {
  const byStart = [...findings].sort((a, b) => a.start - b.start);
  let n = 0;
  let end = -1;
  for (const f of byStart) {
    if (f.start >= end) n++;
    end = Math.max(end, f.end);
  }
  return n;
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
    const n = problems(result.findings);
    if (!n) return this.hide();
    const blocking = problems(result.findings.filter((f) => f.severity === 'block'));
    const state = `${result.verdict} ${n} ${blocking}`;
    if (state === this.state && !this.btn.hidden) return this.place(anchor); // nothing new to say
    this.state = state;
    const block = result.verdict === 'block';
    this.btn.className = block ? 'block' : 'warn';
    this.btn.textContent = `${block ? '⊘' : '⚠'} ${n}`;
    this.btn.setAttribute('data-verdict', result.verdict);
    this.btn.setAttribute('aria-label', `Scrubs: ${n} ${n === 1 ? 'problem' : 'problems'}${blocking ? `, ${blocking} ${blocking === 1 ? 'stops' : 'stop'} posting` : ''}. Show details (Alt+Enter from the text).`);
    this.btn.title = this.btn.getAttribute('aria-label');
    this.btn.hidden = false;
    this.place(anchor);
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

  // place puts the badge at the anchor's bottom-right corner (its own
  // width is taken off by a transform, so no layout is forced).
  place(anchor, r = anchor.getBoundingClientRect()) {
    if (this.btn.hidden) return;
    const left = `${Math.max(0, r.right - 4)}px`;
    const top = `${Math.max(0, r.bottom - 22)}px`;
    if (this.btn.style.left !== left) this.btn.style.left = left;
    if (this.btn.style.top !== top) this.btn.style.top = top;
    this.btn.style.transform = 'translateX(-100%)';
  }

  hide() {
    if (!this.btn.hidden) this.btn.hidden = true;
    this.state = '';
  }
}
