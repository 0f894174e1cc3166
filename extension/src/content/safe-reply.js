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

  // show puts the button beside the badge (badgeWidth px wide, 0 when
  // none), below the box like it, never over the words being typed.
  show(anchor, badgeWidth, r = anchor.getBoundingClientRect()) {
    this.btn.hidden = false;
    const below = r.bottom + 22 <= innerHeight;
    this.btn.style.left = `${Math.max(0, r.right - (badgeWidth ? badgeWidth + 6 : 0))}px`;
    this.btn.style.top = `${Math.max(0, below ? r.bottom + 2 : r.top - 22)}px`;
    this.btn.style.transform = 'translateX(-100%)';
  }

  hide() {
    if (!this.btn.hidden) this.btn.hidden = true;
  }
}
