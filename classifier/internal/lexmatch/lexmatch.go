// Package lexmatch finds lexicon terms in normalised text. Terms are
// sequences of words; the last word may be a prefix ("fractur*"). The
// matcher is a trie over whole words, walked from every token: a lookup per
// word in a Go map, so matching a draft costs about one map access per word
// whatever the size of the lexicons.
package lexmatch

import (
	"math/bits"
	"strings"

	"github.com/scrubs/scrubs/classifier/internal/textnorm"
)

// Hit is a term found in the text: tokens [First, Last) matched a term of
// lexicon Lex.
type Hit struct {
	Lex         int32
	First, Last int32
	Plural      bool // the last word matched as the singular of a plural
}

type node struct {
	lexes      []int32          // lexicons with a term ending here
	children   map[string]int32 // next whole word
	prefixes   map[string]int32 // next word by prefix (terms ending in *)
	prefixLens uint64           // bit L set: some prefix in prefixes has L bytes
	// lensByStart narrows prefixLens by a hash of a word's first two bytes,
	// so a word is looked up only at the lengths of prefixes that start like
	// it (a collision only adds lengths to try)
	lensByStart *startLens
}

const startBuckets = 4096

// denseAfter is how many prefixes a node holds before it gets a startLens:
// the root's hundreds of "fractur*" terms do, the node after "abcdef" in
// one odd term does not, so a pack of many such terms cannot cost 32 KiB
// each.
const denseAfter = 16

// startLens: bit L of entry startKey(w) is set when a prefix of L bytes
// starts like w.
type startLens [startBuckets]uint64

func (s *startLens) add(w string) {
	if len(w) == 1 {
		// a one-byte prefix starts every word with that byte
		for c := 0; c < 256; c++ {
			s[startKey([]byte{w[0], byte(c)})] |= 1 << 1
		}
		s[startKey([]byte{w[0]})] |= 1 << 1
		return
	}
	s[startKey([]byte(w))] |= 1 << uint(len(w))
}

func startKey(w []byte) int {
	if len(w) < 2 {
		return int(w[0]) * 31 & (startBuckets - 1)
	}
	return (int(w[0])*31 + int(w[1])) & (startBuckets - 1)
}

// Matcher is immutable once built and safe for concurrent use.
type Matcher struct {
	nodes []node
	typos *typoTable // misspelt words (typos.go); nil when none
}

// Builder collects terms.
type Builder struct {
	m    Matcher
	t    textnorm.Text // scratch, reused for every term
	pool []int32       // backing store for nodes' first lexicon, one allocation for all

	typos []string        // terms whose words may match misspelt (typos.go)
	plain map[string]bool // words never read as a misspelling
}

// NewBuilder returns an empty builder; sizeHint is about how many terms
// will be added.
func NewBuilder(sizeHint int) *Builder {
	b := &Builder{m: Matcher{nodes: make([]node, 1, sizeHint+1)}, pool: make([]int32, 0, sizeHint)}
	b.m.nodes[0].children = make(map[string]int32, sizeHint)
	return b
}

// addLex records that a term of lexicon lex ends at node n.
func (b *Builder) addLex(n *node, lex int32) {
	for _, l := range n.lexes {
		if l == lex {
			return
		}
	}
	if n.lexes == nil && len(b.pool) < cap(b.pool) {
		b.pool = append(b.pool, lex)
		n.lexes = b.pool[len(b.pool)-1 : len(b.pool) : len(b.pool)]
		return
	}
	n.lexes = append(n.lexes, lex)
}

// Add adds a term for lexicon lex. It reports false when the term has no
// words once normalised.
func (b *Builder) Add(term string, lex int32) bool {
	if plainWord(term) {
		// most terms (every name) are one lower-case ASCII word: that is
		// already its folded form, so skip normalising it
		return b.addWord(term, lex)
	}
	prefix := strings.HasSuffix(term, "*")
	term = strings.TrimSuffix(term, "*")
	t := &b.t
	t.Reset(term)
	if len(t.Tokens) == 0 {
		return false
	}
	cur := int32(0)
	for i := range t.Tokens {
		w := string(t.Folded(i))
		n := &b.m.nodes[cur]
		last := i == len(t.Tokens)-1
		if last && prefix && len(w) < 64 {
			if n.prefixes == nil {
				n.prefixes = map[string]int32{}
			}
			next, ok := n.prefixes[w]
			if !ok {
				next = b.newNode()
				pn := &b.m.nodes[cur]
				pn.prefixes[w] = next
				pn.prefixLens |= 1 << uint(len(w))
				switch {
				case pn.lensByStart != nil:
					pn.lensByStart.add(w)
				case len(pn.prefixes) >= denseAfter:
					// enough prefixes here that narrowing by first bytes pays
					// for its 32 KiB; a node with a handful tries each length
					pn.lensByStart = new(startLens)
					for p := range pn.prefixes {
						pn.lensByStart.add(p)
					}
				}
			}
			cur = next
			continue
		}
		if n.children == nil {
			n.children = map[string]int32{}
		}
		next, ok := n.children[w]
		if !ok {
			next = b.newNode()
			b.m.nodes[cur].children[w] = next
		}
		cur = next
	}
	b.addLex(&b.m.nodes[cur], lex)
	return true
}

// plainWord: lower-case ASCII letters only, as a folded word is.
func plainWord(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

func (b *Builder) addWord(w string, lex int32) bool {
	root := &b.m.nodes[0]
	if root.children == nil {
		root.children = map[string]int32{}
	}
	next, ok := root.children[w]
	if !ok {
		next = b.newNode()
		b.m.nodes[0].children[w] = next
	}
	b.addLex(&b.m.nodes[next], lex)
	return true
}

func (b *Builder) newNode() int32 {
	b.m.nodes = append(b.m.nodes, node{})
	return int32(len(b.m.nodes) - 1)
}

// Build returns the matcher; the builder must not be used afterwards.
func (b *Builder) Build() *Matcher {
	b.addTypos()
	return &b.m
}

// Match appends every term found in t to dst, ordered by first token.
func (m *Matcher) Match(t *textnorm.Text, dst []Hit) []Hit {
	for i := range t.Tokens {
		dst = m.walk(t, i, dst)
	}
	return dst
}

func (m *Matcher) walk(t *textnorm.Text, i int, dst []Hit) []Hit {
	cur := int32(0)
	for j := i; j < len(t.Tokens); j++ {
		if j > i && breaksTerm(t, j-1, j) {
			return dst
		}
		next := int32(-1)
		mark := len(dst) // hits of this word, deduplicated across its forms
		forms := [3][]byte{t.Folded(j), t.Leet(j), singular(t.Folded(j))}
		for f, w := range forms {
			if w == nil {
				continue
			}
			plural := f == 2
			if t.Tokens[j].Flags&textnorm.Starred != 0 {
				dst = m.matchStarred(cur, w, i, j, dst, mark, plural, &next)
				continue
			}
			dst = m.matchWord(cur, w, i, j, dst, mark, plural, &next)
		}
		if next < 0 || m.nodes[next].children == nil && m.nodes[next].prefixLens == 0 {
			return dst
		}
		cur = next
	}
	return dst
}

// matchWord appends the hits of word w at node ni, as written or
// misspelt, and sets *next to the node it leads to, if none was set.
func (m *Matcher) matchWord(ni int32, w []byte, i, j int, dst []Hit, mark int, plural bool, next *int32) []Hit {
	n := &m.nodes[ni]
	if n.prefixLens != 0 {
		dst = m.matchPrefixes(n, w, i, j, dst, mark, plural)
	}
	c, ok := n.children[string(w)]
	if !ok {
		c, ok = m.typos.lookup(ni, w)
	}
	if ok {
		if lexes := m.nodes[c].lexes; len(lexes) > 0 {
			dst = appendHits(dst, lexes, i, j, mark, plural)
		}
		if *next < 0 {
			*next = c
		}
	}
	return dst
}

// matchStarred matches a word with letters starred out ("c*ncer") as
// every word it could stand for: each '*' tried as each letter (at most
// textnorm's two stars, so 676 lookups).
func (m *Matcher) matchStarred(n int32, w []byte, i, j int, dst []Hit, mark int, plural bool, next *int32) []Hit {
	var buf [64]byte
	if len(w) > len(buf) {
		return dst
	}
	word := buf[:len(w)]
	copy(word, w)
	var stars [2]int
	k := 0
	for p, c := range word {
		if c == '*' {
			if k == len(stars) {
				return dst
			}
			stars[k] = p
			k++
		}
	}
	if k == 0 {
		return m.matchWord(n, word, i, j, dst, mark, plural, next)
	}
	var fill func(s int) []Hit
	fill = func(s int) []Hit {
		if s == k {
			return m.matchWord(n, word, i, j, dst, mark, plural, next)
		}
		for c := byte('a'); c <= 'z'; c++ {
			word[stars[s]] = c
			dst = fill(s + 1)
		}
		return dst
	}
	return fill(0)
}

func (m *Matcher) matchPrefixes(n *node, w []byte, i, j int, dst []Hit, mark int, plural bool) []Hit {
	mask := n.prefixLens
	if n.lensByStart != nil {
		mask &= n.lensByStart[startKey(w)]
	}
	if len(w) < 63 {
		mask &= (uint64(1) << uint(len(w)+1)) - 1
	}
	for mask != 0 {
		l := bits.TrailingZeros64(mask)
		mask &= mask - 1
		if p, ok := n.prefixes[string(w[:l])]; ok {
			dst = appendHits(dst, m.nodes[p].lexes, i, j, mark, plural)
		}
	}
	return dst
}

func appendHits(dst []Hit, lexes []int32, i, j, mark int, plural bool) []Hit {
next:
	for _, l := range lexes {
		h := Hit{Lex: l, First: int32(i), Last: int32(j + 1), Plural: plural}
		for _, d := range dst[mark:] {
			if d.Lex == h.Lex && d.First == h.First && d.Last == h.Last {
				continue next
			}
		}
		dst = append(dst, h)
	}
	return dst
}

// singular reads a plain English plural as its singular ("physicals",
// "visits"), so a lexicon need not list both; nil when there is none.
func singular(w []byte) []byte {
	n := len(w)
	if n < 4 || w[n-1] != 's' || w[n-2] == 's' || w[n-2] == '\'' || w[n-2] == 'u' || w[n-2] == 'i' {
		return nil
	}
	return w[:n-1]
}

// breaksTerm reports whether what separates tokens a and b ends a term:
// a sentence end or a line break.
func breaksTerm(t *textnorm.Text, a, b int) bool {
	gap := t.Norm[t.Tokens[a].End:t.Tokens[b].Start]
	if len(gap) > 8 {
		return true
	}
	for _, c := range gap {
		switch c {
		case '.', '!', '?', '\n', ';', ',', '(', ')':
			return true
		}
	}
	return false
}
