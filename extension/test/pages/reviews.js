// The test pages' own script for the review sites (Google Business Profile,
// Yelp for Business, Facebook Page reviews, X): what is sent from a reply
// box goes into #posted. A box sends on its send key (data-send: "enter",
// "ctrl-enter") and on the buttons that name it (data-sends="<box id>").
// window.__stage(card, {rating, body, author, lang}) shows another review
// in a card, as a test needs it.
(function () {
  const posted = document.getElementById('posted');
  const editors = {};
  const textOf = (box) => (box.tagName === 'TEXTAREA' ? box.value : editors[box.id] ? editors[box.id].text() : box.textContent);
  const clear = (box) => {
    if (box.tagName === 'TEXTAREA') box.value = '';
    else if (editors[box.id]) editors[box.id].clear();
    else box.textContent = '';
  };
  const send = (box) => {
    const text = textOf(box);
    if (!text) return;
    const li = document.createElement('li');
    li.dataset.where = box.id;
    li.textContent = text;
    posted.append(li);
    clear(box);
  };
  for (const box of document.querySelectorAll('[data-send]')) {
    const ctrl = box.dataset.send === 'ctrl-enter';
    if (box.dataset.lexical !== undefined) {
      editors[box.id] = window.mountLexical(box, { onEnter: () => send(box), modifier: ctrl });
      continue;
    }
    box.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' || e.shiftKey) return;
      if (ctrl && !(e.ctrlKey || e.metaKey)) return;
      e.preventDefault();
      send(box);
    });
  }
  for (const b of document.querySelectorAll('[data-sends]')) {
    b.addEventListener('click', (e) => {
      e.preventDefault();
      send(document.getElementById(b.dataset.sends));
    });
  }
  for (const f of document.querySelectorAll('form')) f.addEventListener('submit', (e) => e.preventDefault());

  window.__text = (id) => textOf(document.getElementById(id));
  window.__clear = (id) => clear(document.getElementById(id));
  window.__stage = (card, { rating = 0, body = '', author = '', lang = 'en' } = {}) => {
    const c = document.getElementById(card);
    const r = c.querySelector('[data-t="rating"]');
    if (r) {
      r.setAttribute('aria-label', r.dataset.label.replace('N', String(rating)));
      r.textContent = '★'.repeat(rating);
    }
    const a = c.querySelector('[data-t="author"]');
    if (a) a.textContent = author;
    const t = c.querySelector('[data-t="body"]');
    t.textContent = body;
    if (t.hasAttribute('lang')) t.setAttribute('lang', lang);
  };

  // a redesign (?redesign=1): the public response box is now a
  // contenteditable textbox, which the built-in profile does not know
  if (new URLSearchParams(location.search).has('redesign')) {
    for (const ta of document.querySelectorAll('textarea[data-redesign]')) {
      const div = document.createElement('div');
      for (const a of ['id', 'aria-label', 'data-send']) if (ta.hasAttribute(a)) div.setAttribute(a, ta.getAttribute(a));
      div.setAttribute('contenteditable', 'true');
      div.setAttribute('role', 'textbox');
      div.setAttribute('aria-multiline', 'true');
      div.className = 'redesigned';
      ta.replaceWith(div);
      div.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' && !e.shiftKey) {
          e.preventDefault();
          send(div);
        }
      });
    }
  }
})();
