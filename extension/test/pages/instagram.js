// The test page's own script. The comment box behaves like a React
// controlled textarea: React keeps the last value it set on the node and
// ignores an input event whose value it already knows (its value tracker),
// re-renders from state after onChange, and posts on Enter.
(function () {
  const posted = document.getElementById('posted');
  const record = (where, text) => {
    const li = document.createElement('li');
    li.dataset.where = where;
    li.textContent = text;
    posted.append(li);
  };
  const ta = document.getElementById('ig-comment');
  const proto = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value');
  let tracked = '';
  let state = '';
  Object.defineProperty(ta, 'value', {
    configurable: true,
    get() { return proto.get.call(this); },
    set(v) { tracked = String(v); proto.set.call(this, v); },
  });
  const render = () => {
    if (ta.value !== state) ta.value = state;
    document.getElementById('ig-post-btn').setAttribute('aria-disabled', state ? 'false' : 'true');
  };
  ta.addEventListener('input', () => {
    const v = proto.get.call(ta);
    if (v === tracked) return; // React: nothing changed
    tracked = v;
    state = v; // onChange -> setState
    window.__igState = state;
    render();
  });
  const submit = () => {
    if (!state) return;
    record('comment', state);
    state = '';
    window.__igState = state;
    render();
  };
  ta.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      submit();
    }
  });
  document.getElementById('ig-post-btn').addEventListener('click', submit);
  for (const b of document.querySelectorAll('button.reply')) {
    b.addEventListener('click', () => {
      state = `@${b.dataset.user} `;
      window.__igState = state;
      render();
      ta.focus();
      ta.setSelectionRange(state.length, state.length);
    });
  }
  window.__igState = state;
  window.__igReset = () => {
    state = '';
    window.__igState = state;
    render();
  };

  // pictures, drawn here so no image file is needed
  const paint = (img, hue) => {
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const g = c.getContext('2d');
    g.fillStyle = `hsl(${hue} 60% 70%)`; g.fillRect(0, 0, c.width, c.height);
    g.fillStyle = `hsl(${hue} 40% 40%)`; g.beginPath(); g.arc(c.width / 2, c.height / 2.4, c.height / 5, 0, 7); g.fill();
    g.fillRect(c.width / 2 - c.height / 4, c.height / 1.6, c.height / 2, c.height / 2);
    img.src = c.toDataURL();
  };
  paint(document.getElementById('ig-feed-img'), 200);
  paint(document.getElementById('ig-new-img'), 30);

  const caption = window.mountLexical(document.getElementById('ig-caption'));
  const dm = window.mountLexical(document.getElementById('ig-dm'), {
    onEnter: () => {
      record('message', dm.text());
      dm.clear();
    },
  });
  document.getElementById('ig-share-btn').addEventListener('click', () => {
    record('caption', caption.text());
    caption.clear();
  });
})();
