// The popup's list of requests to the privacy officer: waiting, or the
// officer's decision (asking the server for news first).

import { FROM_EXTENSION } from '../shared/protocol.js';

const day = (s) => new Date(s * 1000).toLocaleDateString(undefined, { day: 'numeric', month: 'short' });

export async function renderQueue(section, list) {
  const r = await chrome.runtime.sendMessage({ type: FROM_EXTENSION.QUEUE_LIST }).catch(() => null);
  const requests = (r && r.ok && r.requests) || [];
  section.hidden = !requests.length;
  list.textContent = '';
  for (const q of requests) {
    const li = document.createElement('li');
    li.dataset.id = q.id;
    li.dataset.status = q.status;
    const head = document.createElement('strong');
    const where = `${q.mode || 'post'} on ${q.site}, ${day(q.created)}`;
    const d = q.decision;
    head.textContent =
      q.status === 'pending'
        ? `Waiting for ${(q.officers || []).join(', ') || 'the privacy officer'}: ${where}`
        : q.status === 'approved'
          ? `✓ Approved by ${d.officer}: ${where}. Post it as it is, without a warning.`
          : q.status === 'rewrite'
            ? `✎ ${d.officer} suggests other wording: ${where}`
            : q.status === 'rejected'
              ? `✗ Not approved by ${d.officer}: ${where}`
              : `No longer on the server: ${where}`;
    li.append(head);
    if (d && d.rewrite) {
      const bq = document.createElement('blockquote');
      bq.textContent = d.rewrite;
      const copy = document.createElement('button');
      copy.type = 'button';
      copy.textContent = 'Copy the wording';
      copy.addEventListener('click', () => navigator.clipboard.writeText(d.rewrite).then(() => (copy.textContent = 'Copied')));
      const hint = document.createElement('p');
      hint.className = 'note';
      hint.textContent = 'Or open the post box again: Scrubs offers to put it in for you.';
      li.append(bq, copy, hint);
    }
    if (d && d.comment) {
      const c = document.createElement('p');
      c.className = 'note';
      c.textContent = `“${d.comment}”`;
      li.append(c);
    }
    if (q.problem) {
      const p = document.createElement('p');
      p.className = 'stale';
      p.textContent = 'An answer came that does not open with this request’s key; it was not taken. Tell your privacy officer.';
      li.append(p);
    }
    list.append(li);
  }
}
