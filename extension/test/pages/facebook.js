// The test page's own script: Lexical composers wired the way Facebook's
// are. What gets "posted" is appended to #posted, with the editor's text.
(function () {
  const posted = document.getElementById('posted');
  const record = (where, text, extra = '') => {
    const li = document.createElement('li');
    li.dataset.where = where;
    li.textContent = text + extra;
    posted.append(li);
  };
  const post = window.mountLexical(document.getElementById('fb-post'));
  const comment = window.mountLexical(document.getElementById('fb-comment'), { onEnter: () => send('comment', comment) });
  const reply = window.mountLexical(document.getElementById('fb-reply'), { onEnter: () => send('reply', reply) });
  const message = window.mountLexical(document.getElementById('fb-message'), { onEnter: () => send('message', message) });
  function send(where, ed) {
    record(where, ed.text());
    ed.clear();
  }
  document.getElementById('fb-post-btn').addEventListener('click', () => {
    const n = document.querySelectorAll('#fb-attachments img').length;
    record('post', post.text(), n ? ` [${n} photo]` : '');
    post.clear();
  });
  document.getElementById('focused-state-composer-submit').addEventListener('click', () => send('comment', comment));
  document.getElementById('fb-photo').addEventListener('change', (e) => {
    for (const f of e.target.files) {
      const img = document.createElement('img');
      img.setAttribute('data-visualcompletion', 'media-vc-image');
      img.alt = 'May be an image of 1 person';
      img.width = 160;
      img.height = 120;
      img.src = URL.createObjectURL(f);
      document.getElementById('fb-attachments').append(img);
    }
  });
})();
