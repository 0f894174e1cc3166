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
// A misspelling is one more key leading to the node of the word it
// misspells, so matching costs nothing more; the trie grows by one map
// entry per misspelling.
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
			if edge := [2]int32{cur, next}; !done[edge] && asciiLetters(w) {
				done[edge] = true
				for k := 1; k+1 < len(w); k++ {
					if len(w) >= minSwapLen && w[k] != w[k+1] {
						buf = append(append(append(append(buf[:0], w[:k]...), w[k+1]), w[k]), w[k+2:]...)
						b.alias(cur, buf, next, inPrefixes)
					}
					if len(w) >= minDropLen {
						buf = append(append(buf[:0], w[:k]...), w[k+1:]...)
						b.alias(cur, buf, next, inPrefixes)
					}
				}
			}
			cur = next
		}
	}
	b.typos, b.plain = nil, nil
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

// alias makes misspelling v of a word lead from node n to the word's
// node, unless v already means something.
func (b *Builder) alias(n int32, v []byte, to int32, inPrefixes bool) {
	if b.plain[string(v)] {
		return
	}
	if _, known := b.m.nodes[0].children[string(v)]; known {
		return
	}
	nd := &b.m.nodes[n]
	key := string(v)
	if inPrefixes {
		if _, ok := nd.prefixes[key]; ok {
			return
		}
		nd.prefixes[key] = to
		nd.prefixLens |= 1 << uint(len(key))
		if nd.lensByStart != nil {
			nd.lensByStart.add(key)
		}
		return
	}
	if _, ok := nd.children[key]; ok {
		return
	}
	nd.children[key] = to
}

func asciiLetters(w []byte) bool {
	for _, c := range w {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}
