// The small count by the composer: how many marks, and whether any stops
// posting. Icon and words as well as colour. Clicking it opens the card.

export class Badge {
  constructor(ui, onOpen) {
    this.ui = ui;
    this.btn = ui.el('button', 'badge', { type: 'button', hidden: true });
    this.btn.addEventListener('click', (e) => {
      e.preventDefault();
      onOpen();
    });
    ui.overlay.append(this.btn);
  }

  show(anchor, result) {
    const n = result.findings.length;
    if (!n) return this.hide();
    const block = result.verdict === 'block';
    const blocking = result.findings.filter((f) => f.severity === 'block').length;
    this.btn.className = block ? 'block' : 'warn';
    this.btn.textContent = `${block ? '⊘' : '⚠'} ${n}`;
    this.btn.setAttribute('data-verdict', result.verdict);
    this.btn.setAttribute('aria-label', `Scrubs: ${n} ${n === 1 ? 'problem' : 'problems'}${blocking ? `, ${blocking} ${blocking === 1 ? 'stops' : 'stop'} posting` : ''}. Show details (Alt+Enter from the text).`);
    this.btn.title = this.btn.getAttribute('aria-label');
    this.btn.hidden = false;
    this.place(anchor);
  }

  place(anchor) {
    if (this.btn.hidden) return;
    const r = anchor.getBoundingClientRect();
    const w = this.btn.offsetWidth || 40;
    this.btn.style.left = `${Math.max(0, r.right - w - 4)}px`;
    this.btn.style.top = `${Math.max(0, r.bottom - 22)}px`;
  }

  hide() {
    this.btn.hidden = true;
  }
}
