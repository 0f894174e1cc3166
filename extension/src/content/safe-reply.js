// The safe-reply button by a reply box: swaps the draft for the pack's
// private-channel template ("We can't discuss anyone's care here; please
// call our office at ..."), keeping an Instagram "@name " at the start.

export class SafeReply {
  constructor(ui, onUse) {
    this.btn = ui.el('button', 'safe-reply', { type: 'button', hidden: true, 'aria-label': 'Scrubs: replace with a safe reply that moves the conversation to a private channel' });
    this.btn.textContent = 'Safe reply';
    this.btn.addEventListener('click', (e) => {
      e.preventDefault();
      onUse();
    });
    ui.overlay.append(this.btn);
  }

  show(anchor, badgeVisible) {
    this.btn.hidden = false;
    const r = anchor.getBoundingClientRect();
    const w = this.btn.offsetWidth || 90;
    this.btn.style.left = `${Math.max(0, r.right - w - (badgeVisible ? 52 : 4))}px`;
    this.btn.style.top = `${Math.max(0, r.bottom - 22)}px`;
  }

  hide() {
    this.btn.hidden = true;
  }
}
