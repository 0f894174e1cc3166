// The safe-reply button by a reply box: swaps the draft for the pack's
// template the site profile names for it (the review template under a
// review: thanks, confirms nothing, gives the office's number; elsewhere
// the private-channel one, "We can't discuss anyone's care here; please
// call our office at ..."), keeping an Instagram "@name " at the start.

import { trusted } from './ui.js';

export class SafeReply {
  constructor(ui, onUse) {
    this.btn = ui.el('button', 'safe-reply', { type: 'button', hidden: true, 'aria-label': 'Scrubs: replace with a safe reply that moves the conversation to a private channel' });
    this.btn.textContent = 'Safe reply';
    this.btn.addEventListener('click', trusted((e) => {
      e.preventDefault();
      onUse();
    }));
    ui.overlay.append(this.btn);
  }

  show(anchor, badgeVisible, r = anchor.getBoundingClientRect()) {
    this.btn.hidden = false;
    this.btn.style.left = `${Math.max(0, r.right - (badgeVisible ? 52 : 4))}px`;
    this.btn.style.top = `${Math.max(0, r.bottom - 22)}px`;
    this.btn.style.transform = 'translateX(-100%)';
  }

  hide() {
    if (!this.btn.hidden) this.btn.hidden = true;
  }
}
