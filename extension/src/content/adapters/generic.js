// Any other site an admin enabled: a textarea or a contenteditable box is a
// composer; its form's submit button is its Post button.

import { buttonOf, mediaIn, nearestComposer } from './common.js';

const COMPOSER = 'textarea, [contenteditable="true"], [contenteditable=""], [contenteditable="plaintext-only"]';

export const generic = {
  platform: location.hostname,
  selector: COMPOSER,
  isComposer: (el) => el.matches(COMPOSER) && !el.parentElement?.closest('[contenteditable="true"], [contenteditable=""]'),
  describe(el) {
    const scope = el.closest('form, [role="dialog"]') || el.parentElement;
    return {
      mode: 'post',
      enterSends: false,
      replyingTo: () => '',
      attachments: () => mediaIn(scope),
      anchor: el,
    };
  },
  composerForClick(target) {
    const btn = buttonOf(target);
    if (!btn) return null;
    const form = btn.closest('form');
    const isSubmit = btn.matches('button[type="submit"], input[type="submit"], form button:not([type])');
    if (!isSubmit) return null;
    return (form && form.querySelector(COMPOSER)) || nearestComposer(btn, COMPOSER);
  },
};
