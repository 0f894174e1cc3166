// Instagram: comments and replies are React textareas (Enter posts; a
// reply starts with "@user "); captions and direct messages are Lexical
// editors with spellcheck="false". A new post's caption sits in a dialog
// with the picture and a Share button.

import { buttonLabel, buttonOf, mediaIn, nearestComposer, text } from './common.js';

const COMMENT = 'textarea[aria-label^="Add a comment" i], textarea[placeholder^="Add a comment" i]';
const EDITOR = 'div[contenteditable="true"][role="textbox"]';
const COMPOSER = `${COMMENT}, ${EDITOR}`;
const SEND_LABELS = /^(post|share|send|publicar|compartir|enviar)$/i;

function kindOf(el) {
  if (el.tagName === 'TEXTAREA') return /^@[\w.]+\s/.test(el.value) ? 'reply' : 'comment';
  const label = (el.getAttribute('aria-label') || '').toLowerCase();
  if (/caption|pie de foto/.test(label)) return 'caption';
  if (/message|mensaje/.test(label)) return 'message';
  return el.closest('[role="dialog"]') ? 'caption' : 'comment';
}

// The comment a reply answers: the comment by the @user the reply starts
// with, in the same post.
function commentFor(el) {
  const m = /^@([\w.]+)\s/.exec(el.value || '');
  if (!m) return '';
  const root = el.closest('article, [role="dialog"], main') || document.body;
  for (const a of root.querySelectorAll(`a[href="/${CSS.escape(m[1])}/"]`)) {
    const item = a.closest('li, [role="listitem"]');
    if (!item || item.contains(el)) continue;
    let best = '';
    for (const s of item.querySelectorAll('span[dir="auto"], div[dir="auto"]')) {
      if (s.closest('a') || s.querySelector('span[dir="auto"]')) continue;
      const t = text(s);
      if (t.length > best.length && t !== m[1]) best = t;
    }
    if (best) return best;
  }
  return '';
}

function lastIncoming(el) {
  const root = el.closest('[role="main"], main, section') || document.body;
  const rows = root.querySelectorAll('[role="row"] div[dir="auto"], [role="gridcell"] div[dir="auto"]');
  for (let i = rows.length - 1; i >= 0; i--) {
    const t = text(rows[i]);
    if (t && !rows[i].closest(EDITOR)) return t;
  }
  return '';
}

export const instagram = {
  platform: 'instagram',
  selector: COMPOSER,
  isComposer: (el) => el.matches(COMPOSER),
  describe(el) {
    const kind = kindOf(el);
    const scope = el.closest('[role="dialog"], form') || el.parentElement;
    return {
      get mode() {
        const k = kindOf(el);
        return k === 'caption' ? 'post' : k === 'reply' || k === 'message' ? 'reply' : 'comment';
      },
      enterSends: kind !== 'caption',
      replyingTo: () => {
        const k = kindOf(el);
        return k === 'reply' ? commentFor(el) : k === 'message' ? lastIncoming(el) : '';
      },
      attachments: () => (kind === 'caption' ? mediaIn(el.closest('[role="dialog"]') || scope) : mediaIn(el.closest('form'))),
      anchor: el,
      channel: kind === 'message' ? 'dm' : '',
    };
  },
  composerForClick(target) {
    const btn = buttonOf(target);
    if (!btn || !SEND_LABELS.test(buttonLabel(btn))) return null;
    const dialog = btn.closest('[role="dialog"]');
    const form = btn.closest('form');
    return (form && form.querySelector(COMPOSER)) || (dialog && dialog.querySelector(EDITOR)) || nearestComposer(btn, COMPOSER);
  },
};
