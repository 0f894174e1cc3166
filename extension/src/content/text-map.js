// Reading a composer's text the way it reads on screen, with a map from
// each UTF-16 offset of that text back to a DOM position, so a finding's
// [start, end) becomes a Range without touching the editor.
//
// Text nodes give their data; a <br> gives "\n" unless it is the last
// child of its block (Lexical's placeholder in an empty paragraph); block
// elements are separated by one "\n".

const BLOCK = new Set(['P', 'DIV', 'LI', 'UL', 'OL', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BLOCKQUOTE', 'PRE', 'TABLE', 'TR']);

export function readEditable(root) {
  const segs = []; // {node, start, len, br}
  let text = '';
  let pendingBreak = false;
  const emitBreak = () => {
    if (pendingBreak && text.length) {
      segs.push({ node: null, start: text.length, len: 1, br: true });
      text += '\n';
    }
    pendingBreak = false;
  };
  const walk = (el) => {
    for (let c = el.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === Node.TEXT_NODE) {
        if (!c.data.length) continue;
        emitBreak();
        segs.push({ node: c, start: text.length, len: c.data.length });
        text += c.data;
      } else if (c.nodeType === Node.ELEMENT_NODE) {
        if (c.getAttribute('contenteditable') === 'false' && c.hasAttribute('data-lexical-decorator')) continue;
        if (c.tagName === 'BR') {
          if (!c.nextSibling && BLOCK.has(el.tagName) && el !== root) continue;
          emitBreak();
          segs.push({ node: c, start: text.length, len: 1, br: true });
          text += '\n';
          continue;
        }
        const block = BLOCK.has(c.tagName);
        if (block) pendingBreak = true;
        walk(c);
        if (block) pendingBreak = true;
      }
    }
  };
  walk(root);
  return { text, map: new TextMap(root, segs, text.length) };
}

export class TextMap {
  constructor(root, segs, length) {
    this.root = root;
    this.segs = segs;
    this.length = length;
  }

  // position gives the DOM point for offset; `after` prefers the end of the
  // previous node at a boundary (for range ends).
  position(offset, after = false) {
    const segs = this.segs;
    if (!segs.length) return { node: this.root, offset: 0 };
    let lo = 0;
    let hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segs[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    let i = lo;
    if (after && i > 0 && segs[i].start === offset) i--;
    const s = segs[i];
    const within = Math.max(0, Math.min(offset - s.start, s.len));
    if (s.node && !s.br) return { node: s.node, offset: within };
    const br = s.node;
    if (!br) {
      // a block separator: the end of the previous text or the start of the next
      const prev = segs[i - 1];
      const next = segs[i + 1];
      if (within === 0 && prev && prev.node && !prev.br) return { node: prev.node, offset: prev.len };
      if (next && next.node && !next.br) return { node: next.node, offset: 0 };
      return { node: this.root, offset: 0 };
    }
    const idx = Array.prototype.indexOf.call(br.parentNode.childNodes, br);
    return { node: br.parentNode, offset: idx + (within ? 1 : 0) };
  }

  range(start, end) {
    const r = document.createRange();
    const a = this.position(start, false);
    const b = this.position(end, true);
    r.setStart(a.node, a.offset);
    r.setEnd(b.node, b.offset);
    return r;
  }

  // offsetOf turns a DOM point (a selection end) back into a text offset.
  offsetOf(node, offset) {
    for (const s of this.segs) {
      if (s.node === node && !s.br) return s.start + Math.min(offset, s.len);
    }
    // an element container: count the text before its offset-th child
    if (node.nodeType === Node.ELEMENT_NODE) {
      const child = node.childNodes[offset] || null;
      const probe = document.createRange();
      probe.selectNodeContents(this.root);
      if (child) probe.setEndBefore(child);
      else probe.setEnd(node, node.childNodes.length);
      let best = 0;
      for (const s of this.segs) {
        if (!s.node) continue;
        if (probe.comparePoint(s.node, 0) === 0 || probe.comparePoint(s.node, 0) < 0) best = s.start + s.len;
      }
      return Math.min(best, this.length);
    }
    return this.length;
  }
}
