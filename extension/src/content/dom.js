// Reading the page: the small helpers the site engine (site.js) uses. They
// only read.

export function text(el) {
  return (el && (el.innerText ?? el.textContent) ? (el.innerText ?? el.textContent) : '').trim();
}

export function buttonLabel(btn) {
  return (btn.getAttribute('aria-label') || text(btn) || btn.value || '').trim();
}

// fieldLabel is a composer's accessible label: aria-label, the text of
// what aria-labelledby names, or its placeholder.
export function fieldLabel(el) {
  const aria = el.getAttribute('aria-label');
  if (aria) return aria.trim();
  const by = el.getAttribute('aria-labelledby');
  if (by) {
    const t = by
      .split(/\s+/)
      .map((id) => text(el.ownerDocument.getElementById(id)))
      .filter(Boolean)
      .join(' ');
    if (t) return t;
  }
  return (el.getAttribute('placeholder') || el.getAttribute('aria-placeholder') || '').trim();
}

// labelMatch reads a profile's label patterns (classifier/sites.go):
// "^x$" is exactly x, "^x" starts with x, "x$" ends with it, "x" holds
// it; case folded.
export function labelMatch(label, patterns) {
  if (!patterns || !patterns.length) return true;
  const l = label.trim().toLowerCase();
  return patterns.some((p) => {
    p = p.toLowerCase();
    const start = p.startsWith('^');
    const end = p.length > 1 && p.endsWith('$');
    const core = p.slice(start ? 1 : 0, end ? -1 : undefined);
    if (start && end) return l === core;
    if (start) return l.startsWith(core);
    if (end) return l.endsWith(core);
    return l.includes(core);
  });
}

// stars reads a rating element ("Rated 2.0 out of 5", "2 star rating",
// "★★") as the corpora write it: "★★☆☆☆". '' when it says no number.
export function stars(el) {
  if (!el) return '';
  const said = `${el.getAttribute('aria-label') || ''} ${el.getAttribute('title') || ''}`;
  const m = /(\d+(?:[.,]\d+)?)/.exec(said) || /(\d+(?:[.,]\d+)?)/.exec(text(el));
  let n = m ? Math.round(parseFloat(m[1].replace(',', '.'))) : [...text(el)].filter((c) => c === '★').length;
  if (!n) return '';
  n = Math.max(1, Math.min(5, n));
  return '★'.repeat(n) + '☆'.repeat(5 - n);
}

// mediaIn lists the attachments shown in scope: previews of images and
// videos the user added (not avatars or icons), and chosen files.
export function mediaIn(scope) {
  if (!scope) return [];
  const out = new Set();
  for (const v of scope.querySelectorAll('video')) if (!v.closest('[data-scrubs]')) out.add('video');
  for (const img of scope.querySelectorAll('img')) {
    if (img.closest('[data-scrubs]')) continue;
    const media = img.matches('[data-visualcompletion="media-vc-image"], [data-attachment], [alt*="photo" i], [alt*="image" i]');
    const big = (img.naturalWidth || img.width) >= 80 && (img.naturalHeight || img.height) >= 80;
    if (media || big) out.add('image');
  }
  for (const input of scope.querySelectorAll('input[type="file"]')) {
    for (const f of input.files || []) {
      if (f.type.startsWith('image/')) out.add('image');
      else if (f.type.startsWith('video/')) out.add('video');
    }
  }
  return [...out];
}
