// Words the person said are not a problem ("Not a problem" on the card,
// with "don't mark these words again on this device"): kept by the
// background as hashes of the kind and the words (never the words), and
// given to content scripts with their settings. A finding whose kind and
// words are allowed is not shown; a draft with nothing else left is ok.
// The classifier still judges every draft; this only hides its answer
// where the person chose to.

// hash is a 53-bit string hash (cyrb53) of a finding's kind and its words,
// case and spacing folded: the same words are allowed wherever they stand.
export function hash(kind, words) {
  const s = `${kind}\u0000${words.toLowerCase().replace(/\s+/g, ' ').trim()}`;
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

export const HASH = /^[0-9a-z]{1,12}$/;

// without answers result less the allowed findings (and ok when none is
// left), or result itself when nothing is allowed.
export function without(result, text, allowed) {
  if (!allowed || !allowed.size || !result.findings.length) return result;
  const findings = result.findings.filter((f) => !allowed.has(hash(f.kind, text.slice(f.start, f.end))));
  if (findings.length === result.findings.length) return result;
  return { ...result, findings, verdict: findings.length ? result.verdict : 'ok' };
}
