package lexmatch

// Typos: a word typed fast ("diabtees", "pneumona") is the word the
// writer meant. A term marked with AddTypos also matches with any of its
// words misspelt in one of the two commonest ways: two neighbouring letters
// swapped (words of minSwapLen letters or more) or one letter dropped
// (minDropLen or more, not the last). The first letter always stays: it is
// rarely the one missed, and keeping it keeps short words apart. A
// misspelling that is itself a word the matcher knows (the first word of
// any term, every name) or a word marked NotTypo stays that word.
//
// Misspellings of whole words live in one open-addressing table from a
// hash of (node, misspelt word) to the word's node, looked up only when a
// word of six letters or more has no child at a node: twelve bytes a
// misspelling and no string each, where map keys cost four times that and
// doubled the pack's compile time. Misspelt prefix stems ("frcatur*", a
// few hundred) are more keys in the node's prefix map.
const (
	minSwapLen = 6
	minDropLen = 9
)

// AddTypos marks a term added with Add whose words may match misspelt.
// The misspellings are added by Build, once every term is known.
func (b *Builder) AddTypos(term string) { b.typos = append(b.typos, term) }

// NotTypo marks an ordinary word that is one slip from a term's word
// ("sliver", "addition"): it is never read as that word.
func (b *Builder) NotTypo(word string) {
	if b.plain == nil {
		b.plain = map[string]bool{}
	}
	b.plain[word] = true
}

func (b *Builder) addTypos() {
	// terms share words ("heart attack", "heart failure"): each word at
	// each node is misspelt once
	done := map[[2]int32]bool{}
	var pending []typoEntry
	var buf []byte
	for _, term := range b.typos {
		prefix := len(term) > 0 && term[len(term)-1] == '*'
		if prefix {
			term = term[:len(term)-1]
		}
		t := &b.t
		t.Reset(term)
		cur := int32(0)
		for i := range t.Tokens {
			w := t.Folded(i)
			inPrefixes := prefix && i == len(t.Tokens)-1
			next, ok := b.step(cur, string(w), inPrefixes)
			if !ok {
				break // the term did not go in as written
			}
			if edge := [2]int32{cur, next}; !done[edge] && plainWord(string(w)) {
				done[edge] = true
				for k := 1; k+1 < len(w); k++ {
					if len(w) >= minSwapLen && w[k] != w[k+1] {
						buf = append(append(append(append(buf[:0], w[:k]...), w[k+1]), w[k]), w[k+2:]...)
						pending = b.misspelt(pending, cur, buf, next, inPrefixes)
					}
					if len(w) >= minDropLen {
						buf = append(append(buf[:0], w[:k]...), w[k+1:]...)
						pending = b.misspelt(pending, cur, buf, next, inPrefixes)
					}
				}
			}
			cur = next
		}
	}
	b.m.typos = newTypoTable(pending)
	b.typos, b.plain = nil, nil
}

// misspelt records misspelling v of a word that leads from node n to node
// to, unless v already means something.
func (b *Builder) misspelt(pending []typoEntry, n int32, v []byte, to int32, inPrefixes bool) []typoEntry {
	if b.plain[string(v)] {
		return pending
	}
	if _, known := b.m.nodes[0].children[string(v)]; known {
		return pending
	}
	nd := &b.m.nodes[n]
	if inPrefixes {
		if _, ok := nd.prefixes[string(v)]; !ok {
			key := string(v)
			nd.prefixes[key] = to
			nd.prefixLens |= 1 << uint(len(key))
			if nd.lensByStart != nil {
				nd.lensByStart.add(key)
			}
		}
		return pending
	}
	if _, ok := nd.children[string(v)]; ok {
		return pending
	}
	return append(pending, typoEntry{typoHash(n, v), to})
}

// typoTable maps typoHash(node, misspelt word) to the word's node.
type typoTable struct {
	keys []uint64 // 0: empty
	to   []int32
	mask uint64
}

type typoEntry struct {
	key uint64
	to  int32
}

func newTypoTable(entries []typoEntry) *typoTable {
	if len(entries) == 0 {
		return nil
	}
	size := 1
	for size < 2*len(entries) {
		size <<= 1
	}
	t := &typoTable{keys: make([]uint64, size), to: make([]int32, size), mask: uint64(size - 1)}
	for _, e := range entries {
		for i := e.key & t.mask; ; i = (i + 1) & t.mask {
			if t.keys[i] == e.key {
				break // the same misspelling from two words: the first stands
			}
			if t.keys[i] == 0 {
				t.keys[i], t.to[i] = e.key, e.to
				break
			}
		}
	}
	return t
}

// lookup returns the node misspelt word w leads to from node n.
func (t *typoTable) lookup(n int32, w []byte) (int32, bool) {
	if t == nil || len(w) < minSwapLen {
		return 0, false
	}
	key := typoHash(n, w)
	for i := key & t.mask; t.keys[i] != 0; i = (i + 1) & t.mask {
		if t.keys[i] == key {
			return t.to[i], true
		}
	}
	return 0, false
}

// typoHash is FNV-1a over the node and the word, never 0 (the empty slot).
// At 64 bits, a text word meeting a misspelling's hash by chance is about
// one lookup in 10^14.
func typoHash(n int32, w []byte) uint64 {
	h := uint64(14695981039346656037)
	for s := 0; s < 32; s += 8 {
		h = (h ^ uint64(byte(n>>s))) * 1099511628211
	}
	for _, c := range w {
		h = (h ^ uint64(c)) * 1099511628211
	}
	if h == 0 {
		h = 1
	}
	return h
}

// step returns the node word w leads to from node n.
func (b *Builder) step(n int32, w string, inPrefixes bool) (int32, bool) {
	nd := &b.m.nodes[n]
	if inPrefixes {
		next, ok := nd.prefixes[w]
		return next, ok
	}
	next, ok := nd.children[w]
	return next, ok
}
