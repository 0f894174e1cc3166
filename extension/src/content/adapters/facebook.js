// Facebook: every composer is a Lexical editor. Posts are written in a
// dialog with a Post button; comments and replies send on Enter (or their
// Comment button); a reply sits under the comment it answers; Messenger
// sends on Enter.

import { buttonLabel, buttonOf, mediaIn, nearestComposer, text } from './common.js';

const COMPOSER = 'div[contenteditable="true"][role="textbox"][data-lexical-editor="true"]';
const SEND_LABELS = /^(post|comment|reply|send|press enter to send|share now|publicar|comentar|responder|enviar)$/i;

function kindOf(el) {
  const label = (el.getAttribute('aria-label') || '').toLowerCase();
  const dialog = el.closest('[role="dialog"]');
  if (/^(message|aa|write a message|escribe un mensaje)/.test(label) || el.closest('[aria-label^="Messenger" i], [role="main"][aria-label*="Messenger" i]')) return 'message';
  if (/^(reply|responder)/.test(label)) return 'reply';
  if (/comment|comentario/.test(label)) return 'comment';
  if (dialog) return 'post';
  return 'comment';
}

// The comment being answered: the nearest comment article above the reply
// box (Facebook puts the reply box inside the comment's subtree, or right
// after it).
function commentFor(el) {
  let article = el.closest('[role="article"]');
  if (!article || !/^comment/i.test(article.getAttribute('aria-label') || '')) {
    const all = [...document.querySelectorAll('[role="article"][aria-label^="Comment" i]')];
    article = null;
    for (const a of all) if (a.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) article = a;
  }
  if (!article) return '';
  const parts = [];
  for (const d of article.querySelectorAll('div[dir="auto"], span[dir="auto"]')) {
    if (d.closest(COMPOSER) || d.querySelector(COMPOSER) || d.closest('[data-scrubs]')) continue;
    if (d.closest('[role="article"]') !== article) continue; // a nested reply
    if (d.querySelector('div[dir="auto"], span[dir="auto"]')) continue; // only the innermost
    const t = text(d);
    if (t) parts.push(t);
  }
  return parts.join('\n');
}

function lastIncoming(el) {
  const log = el.closest('[role="main"], [role="dialog"], body').querySelectorAll('[role="row"] div[dir="auto"], [role="gridcell"] div[dir="auto"]');
  for (let i = log.length - 1; i >= 0; i--) {
    const t = text(log[i]);
    if (t && !log[i].closest(COMPOSER)) return t;
  }
  return '';
}

export const facebook = {
  platform: 'facebook',
  selector: COMPOSER,
  isComposer: (el) => el.matches(COMPOSER),
  describe(el) {
    const kind = kindOf(el);
    const scope = el.closest('[role="dialog"], form') || el.parentElement?.parentElement?.parentElement || el.parentElement;
    return {
      mode: kind === 'post' ? 'post' : kind === 'comment' ? 'comment' : 'reply',
      enterSends: kind !== 'post',
      replyingTo: () => (kind === 'reply' ? commentFor(el) : kind === 'message' ? lastIncoming(el) : ''),
      attachments: () => mediaIn(scope),
      anchor: el.closest('[role="dialog"]') ? el : el.parentElement || el,
      channel: kind === 'message' ? 'dm' : '',
    };
  },
  composerForClick(target) {
    const btn = buttonOf(target);
    if (!btn || !(SEND_LABELS.test(buttonLabel(btn)) || btn.id === 'focused-state-composer-submit')) return null;
    const dialog = btn.closest('[role="dialog"]');
    return (dialog && dialog.querySelector(COMPOSER)) || nearestComposer(btn, COMPOSER);
  },
};
