// Helpers the site adapters share. Adapters only read the page.

export function text(el) {
  return (el && (el.innerText ?? el.textContent) ? (el.innerText ?? el.textContent) : '').trim();
}

// nearestComposer finds the composer a Post/Send button belongs to: the
// smallest ancestor of the button that holds exactly one composer.
export function nearestComposer(button, selector, levels = 8) {
  let el = button.parentElement;
  for (let i = 0; el && i < levels; i++, el = el.parentElement) {
    const found = el.querySelectorAll(selector);
    if (found.length === 1) return found[0];
    if (found.length > 1) {
      // prefer the one that has focus or was last typed in
      const active = [...found].find((c) => c === document.activeElement || c.contains(document.activeElement));
      return active || found[found.length - 1];
    }
  }
  return null;
}

export function buttonOf(target) {
  return target instanceof Element ? target.closest('button, [role="button"], input[type="submit"]') : null;
}

export function buttonLabel(btn) {
  return (btn.getAttribute('aria-label') || text(btn) || btn.value || '').trim();
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
