// The guard on Post. Block: a modal that says what is wrong, with Edit
// (the default) and Post anyway, which asks for a reason first (none
// where the policy makes a block final: Edit or ask the privacy officer).
// Warn: a quieter confirm (that asks for a reason too where the policy
// names the reasons). An attached photo: a consent question. Unchecked
// (the classifier refused the draft or did not answer): says so, Edit is
// the default and Post anyway is an override. Answers a promise: 'edit'
// or 'post' (and, for an override, the reason's category — only the
// category is ever counted, never text).

import { OVERRIDE_REASONS, title, words } from '../shared/kinds.js';
import { trusted } from './ui.js';
import { problemsOf } from './problems.js';

export class Guard {
  constructor(ui) {
    this.ui = ui;
    this.open = false;
  }

  // ask shows the guard for result; where is post, comment, reply or dm
  // (the lead line says which). askable offers "Ask the privacy officer"
  // (a warn or a block), which answers {action: 'ask'}. policy holds the
  // organisation's switches (settings.js): blockIsFinal, overrideReasons
  // (the categories offered) and overrideReasonsSet (the policy named
  // them, so a warn asks for one too).
  ask(result, { photo = false, text = '', where = 'post', askable = false, policy = {} } = {}) {
    const { ui } = this;
    const w = words(result.lang);
    const block = result.verdict === 'block';
    const unchecked = result.verdict === 'unchecked';
    const role = unchecked ? 'unchecked' : block ? 'guard' : photo ? 'consent' : 'confirm';
    return new Promise((resolve) => {
      const back = ui.el('div', 'backdrop');
      const box = ui.el('div', 'guard', { role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': 'scrubs-guard-t', 'aria-describedby': 'scrubs-guard-d', class: `ui ${unchecked ? 'unchecked' : block ? 'block' : 'warn'}`, 'data-kind': role, 'data-verdict': result.verdict, lang: result.lang === 'es' ? 'es' : 'en' });
      const h = ui.el('h2', 'guard-title', { id: 'scrubs-guard-t' });
      const d = ui.el('div', 'guard-body', { id: 'scrubs-guard-d' });
      const actions = ui.el('div', 'guard-actions', { class: 'actions' });
      const list = ui.el('ul', 'guard-findings');
      // one line per problem (overlapping findings are one): its words,
      // what it is (and the other kinds in the same words), and one reason
      const problems = problemsOf(result.findings);
      for (const p of problems) {
        const f = result.findings[p.primary];
        const li = ui.el('li', 'guard-finding', { 'data-kind': f.kind });
        const quote = p.end > p.start && f.kind !== 'identifier.photo' ? text.slice(p.start, p.end) : '';
        const shown = quote.length > 60 ? `${quote.slice(0, 57).trimEnd()}…` : quote;
        const kinds = [title(f.kind, result.lang), ...p.kinds.filter((k) => k !== f.kind).map((k) => title(k, result.lang).toLowerCase())].join(', ');
        li.textContent = `${p.severity === 'block' ? '⊘' : '⚠'} ${shown ? `“${shown}” — ` : ''}${kinds}: ${f.reason}`;
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
      // withReason is "Post anyway…", which first asks why it is safe,
      // offering the policy's categories
      const withReason = (label) => {
        const anyway = btn('guard-anyway', label, 'danger', () => {
          anyway.remove();
          const fs = ui.el('fieldset', 'override-reason');
          const lg = ui.el('legend', 'override-legend');
          lg.textContent = w.whySafe;
          fs.append(lg);
          for (const value of policy.overrideReasons || OVERRIDE_REASONS) {
            const l = ui.el('label', 'override-option');
            const r = ui.el('input', 'override-choice', { type: 'radio', name: 'scrubs-reason', value });
            r.addEventListener('change', trusted(() => (confirm.disabled = false)));
            l.append(r, ` ${w.reasons[value]}`);
            fs.append(l);
          }
          const confirm = btn('guard-confirm', w.postAnywayNow, 'danger', () => {
            const picked = box.querySelector('input[name="scrubs-reason"]:checked');
            if (picked) done({ action: 'post', override: true, reason: picked.value });
          });
          confirm.disabled = true;
          d.append(fs);
          actions.append(confirm);
          fs.querySelector('input').focus();
        });
        return anyway;
      };
      let said = problems.map((p) => result.findings[p.primary].reason).join(' ');
      const edit = btn('guard-edit', w.edit, 'primary', () => done({ action: 'edit' }));
      const askBtn = askable && !unchecked ? [btn('guard-ask', w.ask, '', () => done({ action: 'ask' }))] : [];
      if (unchecked) {
        h.textContent = w.uncheckedTitle;
        const p = ui.el('p', 'guard-lead');
        p.textContent = result.code === 'too_large' ? w.tooLong : w.notAnswering;
        d.append(p);
        said = p.textContent;
        actions.append(edit, btn('guard-anyway', w.postAnywayNow, 'danger', () => done({ action: 'post', override: true })));
      } else if (block) {
        h.textContent = w.blockTitle;
        const p = ui.el('p', 'guard-lead');
        p.textContent = w.blockLead[where] || w.blockLead.post;
        d.append(p, list);
        if (policy.blockIsFinal) {
          const final = ui.el('p', 'guard-final', { class: 'note' });
          final.textContent = askBtn.length ? w.blockFinalAsk : w.blockFinal;
          d.append(final);
          actions.append(edit, ...askBtn);
        } else actions.append(edit, ...askBtn, withReason(w.postAnyway));
      } else if (photo) {
        h.textContent = w.photoTitle;
        const p = ui.el('p', 'guard-lead');
        p.textContent = w.photoLead;
        d.append(p, list);
        actions.append(edit, ...askBtn, btn('guard-consent', w.photoPost, '', () => done({ action: 'post', override: true, reason: 'consent_on_file' })));
      } else {
        h.textContent = w.warnTitle;
        d.append(list);
        actions.append(edit, ...askBtn, policy.overrideReasonsSet ? withReason(w.postAnyway) : btn('guard-post', w.post, '', () => done({ action: 'post', override: false })));
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
