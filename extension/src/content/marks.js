// Drawing the marks: thin boxes in the closed shadow root, over the text
// (a live Range for a contenteditable, a rects() function for a textarea's
// mirror), clipped to the composer. The editor's DOM is untouched. (The CSS
// Custom Highlight API would paint them with less work, but its registry
// belongs to the document, so the page's scripts could read every marked
// span out of it: what Scrubs found, and that Scrubs is there. Review M1.)
// Boxes are kept and moved, not made again, when only positions change.

export class Marks {
  constructor(ui) {
    this.ui = ui;
    this.sets = new Map(); // owner -> {marks: [{severity, range?, rects?(), active}], clip}
    this.boxes = new Map(); // owner -> [elements]
  }

  // set replaces owner's marks. Each mark has a severity and either a live
  // Range (contenteditable) or a rects() function (textarea mirror); clip
  // is the element the boxes stay inside (the composer).
  set(owner, marks, clip = null) {
    this.sets.set(owner, { marks, clip });
    this.#draw(owner);
  }

  clear(owner) {
    this.sets.delete(owner);
    this.#draw(owner);
  }

  // activate highlights owner's marks at indices (one problem's), and no
  // others.
  activate(owner, indices) {
    const s = this.sets.get(owner);
    if (!s) return;
    const on = new Set([].concat(indices));
    s.marks.forEach((m, i) => (m.active = on.has(i)));
    this.#draw(owner);
  }

  // reposition moves the boxes after a scroll, a resize or a layout change.
  reposition() {
    for (const owner of this.sets.keys()) this.#draw(owner);
  }

  #draw(owner) {
    const s = this.sets.get(owner);
    const old = this.boxes.get(owner) || [];
    const els = [];
    if (s) {
      const c = s.clip && s.clip.isConnected ? s.clip.getBoundingClientRect() : null;
      for (const [i, m] of s.marks.entries()) {
        const cls = `${m.severity === 'block' ? 'block' : 'warn'}${m.active ? ' active' : ''}`;
        for (const q of rects(m)) {
          let { left, top, right, bottom } = q;
          if (c) {
            // 3px of slack below for the underline
            left = Math.max(left, c.left);
            right = Math.min(right, c.right);
            top = Math.max(top, c.top);
            bottom = Math.min(bottom, c.bottom + 3);
          }
          if (right - left < 1 || bottom - top < 1) continue;
          let b = old[els.length];
          if (!b) {
            b = this.ui.el('div', 'mark');
            this.ui.marks.append(b);
          }
          if (b.className !== cls) b.className = cls;
          if (b.dataset.finding !== String(i)) b.dataset.finding = i; // which finding of which composer (tests count them)
          if (b.dataset.owner !== String(owner.id)) b.dataset.owner = owner.id;
          setPx(b, 'left', left);
          setPx(b, 'top', top);
          setPx(b, 'width', right - left);
          setPx(b, 'height', bottom - top);
          els.push(b);
        }
      }
    }
    for (const b of old.slice(els.length)) b.remove();
    if (els.length) this.boxes.set(owner, els);
    else this.boxes.delete(owner);
  }

  // rectsOf returns where mark i of owner is on screen.
  rectsOf(owner, i) {
    const m = this.sets.get(owner)?.marks[i];
    return m ? rects(m) : [];
  }

  count() {
    let n = 0;
    for (const s of this.sets.values()) n += s.marks.length;
    return n;
  }
}

function rects(m) {
  return m.range ? [...m.range.getClientRects()] : m.rects();
}

function setPx(el, prop, v) {
  const px = `${Math.round(v * 10) / 10}px`;
  if (el.style[prop] !== px) el.style[prop] = px;
}
