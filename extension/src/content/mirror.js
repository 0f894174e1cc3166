// A textarea cannot hold marks, so a hidden copy of it (same box, same font,
// same wrapping, same scroll) in the shadow root tells where each finding's
// characters are on screen.

const COPY = [
  'boxSizing', 'width', 'height', 'paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft',
  'borderTopWidth', 'borderRightWidth', 'borderBottomWidth', 'borderLeftWidth', 'borderTopStyle', 'borderRightStyle', 'borderBottomStyle', 'borderLeftStyle',
  'fontFamily', 'fontSize', 'fontWeight', 'fontStyle', 'fontVariant', 'fontStretch', 'lineHeight', 'letterSpacing', 'wordSpacing',
  'textTransform', 'textIndent', 'textAlign', 'direction', 'tabSize', 'whiteSpace', 'wordBreak', 'overflowWrap',
];

export class Mirror {
  constructor(ui, textarea) {
    this.ta = textarea;
    this.div = ui.el('div', 'mirror', { 'aria-hidden': 'true' });
    ui.marks.append(this.div);
  }

  // rects returns, for each [start, end), the client rects of those
  // characters as the textarea shows them.
  rects(text, spans) {
    const cs = getComputedStyle(this.ta);
    const d = this.div;
    for (const p of COPY) d.style[p] = cs[p];
    if (cs.whiteSpace === 'normal' || cs.whiteSpace === 'pre') d.style.whiteSpace = 'pre-wrap';
    const r = this.ta.getBoundingClientRect();
    d.style.left = `${r.left}px`;
    d.style.top = `${r.top}px`;
    d.style.width = `${r.width}px`;
    d.style.height = `${r.height}px`;
    d.style.borderColor = 'transparent';
    d.textContent = '';
    const marks = [];
    let at = 0;
    const sorted = spans.map((s, i) => ({ ...s, i })).sort((a, b) => a.start - b.start);
    for (const s of sorted) {
      const start = Math.max(s.start, at);
      if (start > at) d.append(text.slice(at, start));
      const m = document.createElement('span');
      m.setAttribute('data-scrubs', 'mirror-mark');
      m.textContent = text.slice(start, Math.max(start, s.end));
      d.append(m);
      marks[s.i] = m;
      at = Math.max(at, s.end);
    }
    d.append(text.slice(at) + '\u200b'); // a trailing newline still takes a line
    d.scrollTop = this.ta.scrollTop;
    d.scrollLeft = this.ta.scrollLeft;
    const clip = r;
    return spans.map((_, i) => (marks[i] ? [...marks[i].getClientRects()].filter((q) => q.bottom > clip.top && q.top < clip.bottom) : []));
  }

  remove() {
    this.div.remove();
  }
}
