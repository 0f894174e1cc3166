// "Ask the privacy officer" on the page: the note dialog the guard and
// the card open, and the officer's decision on the composer the next time
// it is used (with the suggested rewrite one click away). The draft goes
// to the background, which has the module seal it for the officers of the
// signed pack; nothing here talks to the server.

import { trusted } from './ui.js';
import { FROM_CONTENT } from '../shared/protocol.js';

const MODE = { post: 'post', comment: 'comment', reply: 'reply' };

async function send(msg) {
  try {
    return await chrome.runtime.sendMessage(msg);
  } catch {
    return null; // the extension was reloaded
  }
}

const names = (list) => (list.length <= 1 ? list.join('') : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`);

export class Ask {
  constructor(ui) {
    this.ui = ui;
    this.state = { askable: false, officers: [], why: '' };
    this.open = false;
    this.noticed = new Set(); // decisions shown on this page already
  }

  // check asks whether text was approved as it is, and whether a request
  // can be sent at all (kept in state for the card).
  // It never holds the guard up for long: without an answer in time the
  // draft is not approved (the guard shows) and asking is not offered.
  async check(text = '', ms = 1500) {
    const r = await Promise.race([send({ type: FROM_CONTENT.QUEUE_CHECK, text }), new Promise((resolve) => setTimeout(() => resolve(null), ms))]);
    if (r && r.ok) this.state = { askable: r.askable, officers: r.officers || [], why: r.why || '' };
    return r && r.ok ? r : null;
  }

  // focused: a composer is in use; learn whether asking is possible, and
  // show a decision that came in since.
  async focused(tracker) {
    await this.check('');
    const r = await send({ type: FROM_CONTENT.QUEUE_DECISIONS });
    const d = r && r.ok && r.decisions.find((x) => !this.noticed.has(x.id));
    if (d) this.#notice(tracker, d);
  }

  // compose opens the note dialog for tracker's draft. Resolves true when
  // the request was sent.
  compose(tracker) {
    if (this.open) return Promise.resolve(false);
    const { ui } = this;
    const draft = tracker.composer.draft();
    return new Promise((resolve) => {
      this.open = true;
      const back = ui.el('div', 'backdrop');
      const box = ui.el('div', 'ask', { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'scrubs-ask-t', class: 'ui' });
      const h = ui.el('h2', 'ask-title', { id: 'scrubs-ask-t' });
      h.textContent = 'Ask the privacy officer';
      const who = this.state.officers.length ? names(this.state.officers) : 'your privacy officer';
      const lead = ui.el('p', 'ask-lead');
      lead.textContent = `Your ${MODE[draft.mode] || 'post'} goes to ${who}, encrypted on this computer so that only they can read it; the Scrubs server keeps only the scrambled copy. Nothing is posted until you post it.`;
      const label = ui.el('label', 'ask-label', { for: 'scrubs-ask-note' });
      label.textContent = 'A note for them (optional)';
      const note = ui.el('textarea', 'ask-note', { id: 'scrubs-ask-note', rows: '3', maxlength: '1000' });
      const status = ui.el('p', 'ask-status', { role: 'status', class: 'note' });
      const actions = ui.el('div', 'ask-actions', { class: 'actions' });
      const done = (sent) => {
        this.open = false;
        back.remove();
        tracker.composer.el.focus({ preventScroll: true });
        resolve(sent);
      };
      const btn = (role, text, cls, fn) => {
        const b = ui.el('button', role, { type: 'button', class: cls });
        b.textContent = text;
        b.addEventListener('click', trusted(fn));
        return b;
      };
      const cancel = btn('ask-cancel', 'Cancel', '', () => done(false));
      const sendBtn = btn('ask-send', 'Send to the privacy officer', 'primary', async () => {
        sendBtn.disabled = true;
        status.textContent = 'Encrypting and sending…';
        const r = await send({ type: FROM_CONTENT.QUEUE_ASK, draft: { text: draft.text, mode: draft.mode, platform: draft.platform, replying_to: draft.replying_to, attachments: draft.attachments }, note: note.value });
        if (r && r.ok) {
          box.setAttribute('data-sent', r.id);
          status.textContent = `Sent to ${names(r.officers || [])}. Their answer appears here, on this box, and in the Scrubs menu (the toolbar button).`;
          ui.announce(status.textContent, true);
          actions.textContent = '';
          const close = btn('ask-close', 'Close', 'primary', () => done(true));
          actions.append(close);
          close.focus();
        } else {
          sendBtn.disabled = false;
          status.textContent = `Not sent: ${(r && r.message) || 'Scrubs is not answering'}.`;
          ui.announce(status.textContent, true);
        }
      });
      actions.append(sendBtn, cancel);
      box.append(h, lead, label, note, status, actions);
      // keys typed in the note are ours, not the page's
      box.addEventListener('keydown', (e) => {
        e.stopPropagation();
        if (e.key === 'Escape') done(false);
      });
      back.append(box);
      ui.modal.append(back);
      note.focus();
    });
  }

  // #notice shows one decision by the composer.
  #notice(tracker, d) {
    const { ui } = this;
    this.noticed.add(d.id);
    this.panel?.remove();
    const p = ui.el('div', 'decision', { role: 'status', class: `ui ${d.outcome}`, 'data-outcome': d.outcome, 'data-id': d.id });
    const h = ui.el('p', 'decision-title', { class: 'title' });
    const what = MODE[d.mode] || 'post';
    h.textContent =
      d.outcome === 'approved'
        ? `✓ ${d.officer} approved your ${what}. It posts without a warning as long as the text stays as approved.`
        : d.outcome === 'rewrite'
          ? `✎ ${d.officer} suggests other wording for your ${what}:`
          : `✗ ${d.officer} asks you not to post your ${what}.`;
    p.append(h);
    if (d.rewrite) {
      const q = ui.el('blockquote', 'decision-rewrite');
      q.textContent = d.rewrite;
      p.append(q);
    }
    if (d.comment) {
      const c = ui.el('p', 'decision-comment', { class: 'note' });
      c.textContent = `“${d.comment}”`;
      p.append(c);
    }
    const actions = ui.el('div', 'decision-actions', { class: 'actions' });
    const dismiss = () => {
      p.remove();
      if (this.panel === p) this.panel = null;
      send({ type: FROM_CONTENT.QUEUE_SEEN, id: d.id });
    };
    if (d.rewrite) {
      const ins = ui.el('button', 'decision-insert', { type: 'button', class: 'primary' });
      ins.textContent = 'Use this wording';
      ins.addEventListener('click', trusted(async () => {
        const cur = tracker.composer.read().text;
        const out = await tracker.composer.replace(0, cur.length, d.rewrite, cur);
        tracker.changed(performance.now());
        if (out && out.ok) {
          ui.announce(`Replaced with ${d.officer}'s wording.`);
          dismiss();
        } else h.textContent = 'Scrubs could not change the text here: copy the wording above into the box.';
      }));
      actions.append(ins);
    }
    const close = ui.el('button', 'decision-dismiss', { type: 'button' });
    close.textContent = 'Dismiss';
    close.addEventListener('click', trusted(dismiss));
    actions.append(close);
    p.append(actions);
    // above the box, clear of its Post button below; without room there,
    // in the window's lower right corner (never over the box's controls)
    const r = tracker.composer.el.getBoundingClientRect();
    p.style.visibility = 'hidden';
    ui.overlay.append(p);
    const ph = p.offsetHeight || 120;
    if (r.top - ph - 8 >= 4) {
      p.style.left = `${Math.max(4, Math.min(r.left, innerWidth - 348))}px`;
      p.style.top = `${r.top - ph - 8}px`;
    } else {
      p.style.right = '16px';
      p.style.bottom = '16px';
    }
    p.style.visibility = '';
    this.panel = p;
    ui.announce(h.textContent);
  }
}
