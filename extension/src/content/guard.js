// The guard on Post. Block: a modal that says what is wrong, with Edit
// (the default) and Post anyway, which asks for a reason first. Warn: a
// quieter confirm. An attached photo: a consent question. Unchecked (the
// classifier refused the draft or did not answer): says so, Edit is the
// default and Post anyway is an override. Answers a
// promise: 'edit' or 'post' (and, for an override, the reason's category —
// only the category is ever counted, never text).

import { title } from '../shared/kinds.js';
import { trusted } from './ui.js';

const REASONS = [
  ['consent', 'I have written consent from the person'],
  ['not-patient', 'This is not about a patient'],
  ['own-info', 'It is the organisation’s own information'],
  ['other', 'Another reason (tell your privacy officer)'],
];

export class Guard {
  constructor(ui) {
    this.ui = ui;
    this.open = false;
  }

  // askable offers "Ask the privacy officer" (a warn or a block), which
  // answers {action: 'ask'}.
  ask(result, { photo = false, text = '', askable = false } = {}) {
    const { ui } = this;
    const block = result.verdict === 'block';
    const unchecked = result.verdict === 'unchecked';
    const role = unchecked ? 'unchecked' : block ? 'guard' : photo ? 'consent' : 'confirm';
    return new Promise((resolve) => {
      const back = ui.el('div', 'backdrop');
      const box = ui.el('div', 'guard', { role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': 'scrubs-guard-t', 'aria-describedby': 'scrubs-guard-d', class: `ui ${unchecked ? 'unchecked' : block ? 'block' : 'warn'}`, 'data-kind': role, 'data-verdict': result.verdict });
      const h = ui.el('h2', 'guard-title', { id: 'scrubs-guard-t' });
      const d = ui.el('div', 'guard-body', { id: 'scrubs-guard-d' });
      const actions = ui.el('div', 'guard-actions', { class: 'actions' });
      const list = ui.el('ul', 'guard-findings');
      // one line per kind and reason, quoting each span it covers
      const lines = new Map();
      for (const f of result.findings) {
        const key = `${f.kind}\n${f.reason}`;
        const line = lines.get(key) || { f, quotes: [], block: false };
        if (f.end > f.start && f.end - f.start <= 60 && f.kind !== 'identifier.photo') line.quotes.push(`“${text.slice(f.start, f.end)}”`);
        line.block ||= f.severity === 'block';
        lines.set(key, line);
      }
      for (const { f, quotes, block } of lines.values()) {
        const li = ui.el('li', 'guard-finding', { 'data-kind': f.kind });
        li.textContent = `${block ? '⊘' : '⚠'} ${title(f.kind)}${quotes.length ? ` ${[...new Set(quotes)].join(', ')}` : ''}: ${f.reason}`;
        list.append(li);
      }
      const done = (answer) => {
        this.open = false;
        back.remove();
        document.removeEventListener('keydown', trap, true);
        resolve(answer);
      };
      const btn = (role, label, cls, fn) => {
        const b = ui.el('button', role, { type: 'button', class: cls });
        b.textContent = label;
        b.addEventListener('click', trusted(fn));
        return b;
      };
      const edit = btn('guard-edit', 'Edit', 'primary', () => done({ action: 'edit' }));
      const askBtn = askable && !unchecked ? btn('guard-ask', 'Ask the privacy officer…', '', () => done({ action: 'ask' })) : null;

      let said = result.findings.map((f) => f.reason).join(' ');
      if (unchecked) {
        h.textContent = 'Scrubs could not check this post';
        const p = ui.el('p', 'guard-lead');
        p.textContent =
          result.code === 'too_large'
            ? 'It is too long for Scrubs to check. Shorten it, or make sure yourself that it shares nothing about a patient.'
            : 'Scrubs is not answering right now, so nobody checked it for patient information. Edit and try again in a moment, or make sure yourself.';
        d.append(p);
        said = p.textContent;
        actions.append(edit, btn('guard-anyway', 'Post anyway', 'danger', () => done({ action: 'post', override: true })));
      } else if (block) {
        h.textContent = '⊘ This would share patient information';
        const p = ui.el('p', 'guard-lead');
        p.textContent = 'Scrubs stopped this post. Here is what could identify a patient or their care:';
        d.append(p, list);
        const anyway = btn('guard-anyway', 'Post anyway…', 'danger', () => {
          anyway.remove();
          const fs = ui.el('fieldset', 'override-reason');
          const lg = ui.el('legend', 'override-legend');
          lg.textContent = 'Why is it safe to post? (recorded as a count, never the text)';
          fs.append(lg);
          for (const [value, label] of REASONS) {
            const l = ui.el('label', 'override-option');
            const r = ui.el('input', 'override-choice', { type: 'radio', name: 'scrubs-reason', value });
            r.addEventListener('change', trusted(() => (confirm.disabled = false)));
            l.append(r, ` ${label}`);
            fs.append(l);
          }
          const confirm = btn('guard-confirm', 'Post anyway', 'danger', () => {
            const picked = box.querySelector('input[name="scrubs-reason"]:checked');
            if (picked) done({ action: 'post', override: true, reason: picked.value });
          });
          confirm.disabled = true;
          d.append(fs);
          actions.append(confirm);
          fs.querySelector('input').focus();
        });
        actions.append(edit, ...(askBtn ? [askBtn] : []), anyway);
      } else if (photo) {
        h.textContent = 'Do you have consent for this photo?';
        const p = ui.el('p', 'guard-lead');
        p.textContent = 'A picture of a patient, a family or a visitor needs their written consent before it goes online.';
        d.append(p, list);
        actions.append(edit, ...(askBtn ? [askBtn] : []), btn('guard-consent', 'I have consent — post', '', () => done({ action: 'post', override: true, reason: 'consent' })));
      } else {
        h.textContent = '⚠ Worth a second look before posting';
        d.append(list);
        actions.append(edit, ...(askBtn ? [askBtn] : []), btn('guard-post', 'Post', '', () => done({ action: 'post', override: false })));
      }
      box.append(h, d, actions);
      back.append(box);
      back.addEventListener('mousedown', (e) => {
        if (e.target === back) e.preventDefault();
      });
      ui.modal.append(back);
      this.open = true;
      ui.announce(`${h.textContent}. ${said}`, true);

      // keep focus inside the dialog; Escape means Edit
      const trap = (e) => {
        if (!this.open) return;
        if (!e.isTrusted) {
          e.stopImmediatePropagation(); // the page's own keys go nowhere either
          return;
        }
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopImmediatePropagation();
          done({ action: 'edit' });
        } else if (e.key === 'Tab') {
          const items = [...box.querySelectorAll('button:not([disabled]), input')];
          const cur = ui.shadow.activeElement;
          const i = items.indexOf(cur);
          e.preventDefault();
          e.stopImmediatePropagation();
          const next = items[(i + (e.shiftKey ? -1 : 1) + items.length) % items.length];
          next.focus();
        } else if (!ui.owns(e.composedPath()[0])) {
          e.stopImmediatePropagation(); // typing goes nowhere while the guard is up
        }
      };
      document.addEventListener('keydown', trap, true);
      edit.focus();
    });
  }
}
