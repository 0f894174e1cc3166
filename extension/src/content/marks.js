// Drawing the marks. With the CSS Custom Highlight API the browser paints
// the ranges itself (three registry entries: block, warn, active). Where
// that API is missing, or for a textarea, thin boxes in the shadow root are
// drawn over the text instead. Either way the editor's DOM is untouched.

export const HAVE_HIGHLIGHTS = typeof CSS !== 'undefined' && !!CSS.highlights && typeof Highlight === 'function';

export class Marks {
  constructor(ui, { overlayOnly = false } = {}) {
    this.ui = ui;
    this.useHighlights = HAVE_HIGHLIGHTS && !overlayOnly;
    this.sets = new Map(); // owner -> [{severity, range?, rects?(), active}]
    this.boxes = new Map(); // owner -> [elements]
    if (this.useHighlights) {
      this.h = { block: new Highlight(), warn: new Highlight(), active: new Highlight() };
      this.h.active.priority = 2;
      this.h.block.priority = 1;
      CSS.highlights.set('scrubs-block', this.h.block);
      CSS.highlights.set('scrubs-warn', this.h.warn);
      CSS.highlights.set('scrubs-active', this.h.active);
    }
  }

  // set replaces owner's marks. Each mark has a severity and either a live
  // Range (contenteditable) or a rects() function (textarea mirror).
  set(owner, marks) {
    this.sets.set(owner, marks);
    this.#paint(owner);
  }

  clear(owner) {
    this.sets.delete(owner);
    this.#paint(owner);
  }

  activate(owner, index) {
    const marks = this.sets.get(owner) || [];
    marks.forEach((m, i) => (m.active = i === index));
    this.#paint(owner);
  }

  // reposition moves drawn boxes after a scroll or resize (highlights move
  // with the text by themselves).
  reposition() {
    for (const owner of this.sets.keys()) if (this.#needsBoxes(this.sets.get(owner))) this.#boxes(owner);
  }

  #needsBoxes(marks) {
    return !this.useHighlights || (marks || []).some((m) => !m.range);
  }

  #paint(owner) {
    if (this.useHighlights) {
      for (const h of Object.values(this.h)) h.clear();
      for (const marks of this.sets.values()) {
        for (const m of marks) {
          if (!m.range) continue;
          (m.severity === 'block' ? this.h.block : this.h.warn).add(m.range);
          if (m.active) this.h.active.add(m.range);
        }
      }
    }
    this.#boxes(owner);
  }

  #boxes(owner) {
    for (const b of this.boxes.get(owner) || []) b.remove();
    const marks = this.sets.get(owner) || [];
    const els = [];
    for (const m of marks) {
      if (this.useHighlights && m.range) continue;
      const rects = m.range ? [...m.range.getClientRects()] : m.rects();
      for (const r of rects) {
        if (r.width < 1 && r.height < 1) continue;
        const b = this.ui.el('div', 'mark', { class: `${m.severity === 'block' ? 'block' : 'warn'}${m.active ? ' active' : ''}` });
        b.style.left = `${r.left}px`;
        b.style.top = `${r.top}px`;
        b.style.width = `${r.width}px`;
        b.style.height = `${r.height}px`;
        this.ui.marks.append(b);
        els.push(b);
      }
    }
    this.boxes.set(owner, els);
  }

  // rectsOf returns where mark i of owner is on screen.
  rectsOf(owner, i) {
    const m = (this.sets.get(owner) || [])[i];
    if (!m) return [];
    return m.range ? [...m.range.getClientRects()] : m.rects();
  }

  count() {
    let n = 0;
    for (const m of this.sets.values()) n += m.length;
    return n;
  }
}
