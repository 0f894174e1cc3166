// One problem per place in the text: findings whose spans overlap ("So glad
// your knee surgery went well", with the health words inside it) are one
// thing to change, shown as one card, one line of the guard and one in the
// badge's count. Each problem speaks through one finding, its primary: the
// one with a checked fix if there is one, else the weightiest kind, else
// the widest; the other kinds are named beside it.

// weightiest first; identifiers after these
const RANK = ['patient.acknowledgement', 'testimonial', 'patient.case', 'advice.individual', 'health.condition'];
const rank = (kind) => {
  const i = RANK.indexOf(kind);
  return i < 0 ? RANK.length : i;
};

// problemsOf answers the problems of findings, in text order: {start, end,
// severity, indices (into findings), primary (an index), kinds}.
export function problemsOf(findings) {
  const order = findings.map((_, i) => i).sort((a, b) => findings[a].start - findings[b].start || findings[b].end - findings[a].end);
  const out = [];
  let cur = null;
  for (const i of order) {
    const f = findings[i];
    if (cur && f.start < cur.end) {
      cur.indices.push(i);
      cur.end = Math.max(cur.end, f.end);
    } else {
      cur = { start: f.start, end: f.end, indices: [i] };
      out.push(cur);
    }
  }
  for (const p of out) {
    const fs = p.indices.map((i) => findings[i]);
    p.severity = fs.some((f) => f.severity === 'block') ? 'block' : 'warn';
    p.kinds = [...new Set(fs.map((f) => f.kind))];
    const fixable = (f) => f.suggestion !== undefined && f.suggestion !== null && !!f.fix;
    p.primary = p.indices.reduce((best, i) => {
      const a = findings[best];
      const b = findings[i];
      if (fixable(a) !== fixable(b)) return fixable(b) ? i : best;
      if (rank(a.kind) !== rank(b.kind)) return rank(b.kind) < rank(a.kind) ? i : best;
      return b.end - b.start > a.end - a.start ? i : best;
    });
  }
  return out;
}

// problemAt answers the index of the problem around offset, or -1.
export function problemAt(problems, offset) {
  return problems.findIndex((p) => p.start <= offset && offset <= p.end);
}
