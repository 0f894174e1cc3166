package scan

import "strings"

// A digit run is a stretch of digits written any way people write numbers
// in a post: "555-201-3300", "(555) 201 3300", "5 5 5 2 0 1", "5.5.5",
// "five five five, two oh one", "cuatro uno dos-67-0923". It is split into
// groups at hard separators, so shape checks (3-3-4, 3-2-4) work the same
// on every spelling.

const (
	maxGroups = 12
	maxDigits = 40
)

type run struct {
	t0, t1 int // tokens [t0, t1)
	n      int // groups
	nd     int // digits
	glen   [maxGroups]uint8
	goff   [maxGroups]uint8 // offset of the group's digits in d
	gsep   [maxGroups]byte  // separator before the group: ' ', '-', '.', ',', '(', ')'
	gs, ge [maxGroups]int32 // byte span of the group
	gt     [maxGroups]int32 // first token of the group
	gp     [maxGroups]int32 // byte offset of the separator before the group
	d      [maxDigits]byte
	words  bool  // some digits are spelled out
	leet   bool  // some digits are letters (O for 0)
	spaced bool  // single digits joined by spaces or dots
	open   int32 // byte offset of a '(' just before the run, or -1
	plus   int32 // byte offset of a '+' just before the run, or -1
}

// atom returns the digits of the atom that starts at token k and the token
// after it: a digit token, a spelled digit ("five", "oh" after another
// one), a spelled pair ("fifty-five", "cincuenta y cinco", read in pairs in
// Spanish) or a repeat ("double five").
func (s *scratch) atom(k int, prevWord bool) (digits string, next int, word bool, ok bool) {
	t := s.at(k)
	switch t.k {
	case tNum:
		return s.text[t.s:t.e], k + 1, false, true
	case tMix:
		// leetspeak digits: "2O1", "33OO", "l0l" (O for 0, l or I for 1)
		if w := s.text[t.s:t.e]; leetDigits(w) {
			return w, k + 1, false, true
		}
	case tWord:
		e := s.lex(k)
		if e.digit >= 0 {
			if e.fl&fxDigitWeak != 0 && !prevWord { // "oh" is zero only after another spelled digit
				return "", 0, false, false
			}
			return digitStr[e.digit : e.digit+1], k + 1, true, true
		}
		if n := repeatCount(s, k); n > 0 {
			if d := s.lex(k + 1); s.at(k+1).k == tWord && d.digit >= 0 || s.at(k+1).k == tNum && s.tlen(k+1) == 1 {
				v := d.digit
				if s.at(k+1).k == tNum {
					v = int8(s.text[s.at(k+1).s] - '0')
				}
				return repeats[v][n], k + 2, true, true
			}
		}
		if e.num >= 10 && e.num < 100 {
			if v, n, ok := s.numberDepth(k, 1); ok && v >= 10 && v < 100 {
				return smallNums[v], n, true, true
			}
		}
	}
	return "", 0, false, false
}

// repeatCount reads "double" (2) and "triple" (3), English or Spanish.
func repeatCount(s *scratch, k int) int {
	switch {
	case s.is(k, wDouble) || s.is(k, wDoble):
		return 2
	case s.is(k, wTriple):
		return 3
	}
	return 0
}

var repeats [10][4]string

func init() {
	for d := 0; d < 10; d++ {
		for n := 1; n < 4; n++ {
			repeats[d][n] = strings.Repeat(digitStr[d:d+1], n)
		}
	}
}

const digitStr = "0123456789"

func isSep(c byte) bool {
	switch c {
	case '-', '.', ',', '(', ')':
		return true
	}
	return false
}

// buildRun reads the digit run that starts at token k. It returns false if
// token k cannot start one.
func (s *scratch) buildRun(k int, r *run) bool {
	dg, next, word, ok := s.atom(k, false)
	if !ok {
		return false
	}
	// A lone spelled digit followed by something else is an ordinary word
	// ("one more thing"); it starts a run only next to another digit atom.
	*r = run{t0: k, open: -1, plus: -1}
	if p := s.at(k - 1); p.k == tPunct && s.glued(k) {
		switch p.c {
		case '(':
			r.open = p.s
		case '+':
			r.plus = p.s
		}
	}
	r.addGroup(s, k, next-1, dg, 0)
	r.words = word
	prevSingle := len(dg) == 1
	prevWord := word
	last := next - 1
	for {
		if r.n >= maxGroups || r.nd >= maxDigits {
			break
		}
		j := last + 1
		t := s.at(j)
		if t.f&fNL != 0 {
			break
		}
		// Separator: at most two punctuation tokens (") -", " - ", ", ").
		var sep byte
		sepPos := s.at(j).s
		symbol := false // an emoji or symbol between single digits: "5🔸5🔸5"
		for c := 0; c < 2 && s.at(j).k == tPunct && s.at(j).f&fNL == 0; c++ {
			pc := s.at(j).c
			if pc == 0 && prevSingle && !symbol {
				symbol = true
			} else if !isSep(pc) {
				break
			} else if sep == 0 || sep == ' ' {
				sep = pc
			}
			j++
		}
		if s.at(j).f&fNL != 0 {
			break
		}
		dg, next, word, ok = s.atom(j, prevWord)
		if !ok || symbol && (len(dg) != 1 || sep != 0) {
			break
		}
		if sep == 0 && s.at(j).f&fSp == 0 && !word && !prevWord {
			// Two digit tokens with nothing between are split by skipped
			// emoji dressing ("5️⃣5️⃣5️⃣"): the same group.
			r.extend(s, next-1, dg)
			prevSingle, last = len(dg) == 1, next-1
			continue
		}
		if sep == 0 {
			// Only spaces between: spelled and numeric numbers do not mix
			// ("one 555"), single digits do ("5 five 5 two"), and a spaced
			// single digit joins the group.
			if word != prevWord && !(prevSingle && len(dg) == 1) {
				break
			}
			sep = ' '
		}
		if sep == ',' && !word && !prevWord && s.glued(j) && len(dg) == 3 {
			sep = ',' // thousands separator: "1,200" stays two groups, harmless
		}
		if len(dg) == 1 && prevSingle && sep == ' ' {
			r.extend(s, next-1, dg)
		} else {
			r.addGroup(s, j, next-1, dg, sep)
			r.gp[r.n-1] = sepPos
		}
		r.words = r.words || word
		prevSingle = len(dg) == 1
		prevWord = word
		last = next - 1
	}
	r.t1 = last + 1
	// "5.5.5.2.0.1.3.3.0.0": digits dotted out one by one are one group.
	if r.n >= 7 {
		all := true
		for g := 0; g < r.n; g++ {
			if r.glen[g] != 1 {
				all = false
				break
			}
		}
		if all {
			r.glen[0] = uint8(r.nd)
			r.ge[0] = r.ge[r.n-1]
			r.n = 1
			r.spaced = true
		}
	}
	return true
}

func (r *run) addGroup(s *scratch, k, kEnd int, dg string, sep byte) {
	t := s.at(k)
	g := r.n
	r.n++
	r.glen[g] = 0
	r.goff[g] = uint8(r.nd)
	r.gsep[g] = sep
	r.gs[g], r.ge[g] = t.s, s.at(kEnd).e
	r.gt[g] = int32(k)
	r.gp[g] = t.s
	r.push(dg)
}

func (r *run) extend(s *scratch, k int, dg string) {
	r.ge[r.n-1] = s.at(k).e
	r.spaced = true
	r.push(dg)
}

func (r *run) push(dg string) {
	g := r.n - 1
	for i := 0; i < len(dg) && r.nd < maxDigits; i++ {
		c := dg[i]
		switch c {
		case 'o', 'O':
			c = '0'
			r.leet, r.spaced = true, true
		case 'l', 'I':
			c = '1'
			r.leet, r.spaced = true, true
		}
		r.d[r.nd] = c
		r.nd++
		r.glen[g]++
	}
}

func leetDigits(w string) bool {
	if len(w) > 6 {
		return false
	}
	d := 0
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case isDigit(c):
			d++
		case c == 'o' || c == 'O' || c == 'l' || c == 'I':
		default:
			return false
		}
	}
	return d > 0
}

// digits returns the digits of groups [g0, g1) as a string, reusing the
// text when they appear there unbroken.
func (s *scratch) runDigits(r *run, g0, g1 int) string {
	a, b := int(r.goff[g0]), int(r.goff[g1-1])+int(r.glen[g1-1])
	span := s.text[r.gs[g0]:r.ge[g1-1]]
	if len(span) == b-a && !r.words && !r.leet {
		return span
	}
	return string(r.d[a:b])
}

// shape reports whether groups g.. have exactly the given lengths.
func (r *run) shape(g int, lens ...uint8) bool {
	if g+len(lens) > r.n {
		return false
	}
	for i, l := range lens {
		if r.glen[g+i] != l {
			return false
		}
	}
	return true
}

// joinedBefore reports whether the run is glued to a code before it
// ("WCX-448-1920", "MHP-5530"): such digits belong to an ID, not a phone.
func (s *scratch) joinedBefore(k int) bool {
	p := s.at(k - 1)
	if p.k != tPunct || !s.glued(k) || (p.c != '-' && p.c != '.' && p.c != '/' && p.c != '#') {
		return p.k == tWord && s.glued(k)
	}
	if p.c == '#' {
		return false
	}
	q := s.at(k - 2)
	return (q.k == tWord || q.k == tMix || q.k == tNum) && s.glued(k-1)
}

// joinedAfter reports whether a code continues right after token k ("-X").
func (s *scratch) joinedAfter(k int) bool {
	n := s.at(k + 1)
	if n.k == tWord || n.k == tMix {
		return s.glued(k + 1)
	}
	if n.k != tPunct || !s.glued(k+1) || (n.c != '-' && n.c != '/' && n.c != '.') {
		return false
	}
	m := s.at(k + 2)
	return (m.k == tWord || m.k == tMix || m.k == tNum) && s.glued(k+2)
}
