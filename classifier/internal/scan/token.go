package scan

import (
	"unicode"
	"unicode/utf8"
)

// Token kinds.
const (
	tWord  uint8 = iota + 1 // letters (with inner apostrophes and underscores)
	tNum                    // ASCII digits only
	tMix                    // letters and digits run together: 47yo, 3rd, XGP448120977
	tPunct                  // one punctuation rune or symbol
)

// Token flags.
const (
	fSp  uint8 = 1 << iota // whitespace before the token
	fNL                    // a line break before the token
	fCap                   // first letter upper case
	fUp                    // every ASCII letter upper case
)

// tok is one token; a 280-character draft makes about 70 of them.
type tok struct {
	s, e int32
	k, f uint8
	c    byte   // punctuation: the ASCII byte, '-' for Unicode dashes, '\'' for curly quotes, 0 for other symbols
	lx   uint16 // lexicon entry + 1, 0 when the word is not in the lexicon
}

func isDigit(b byte) bool  { return b >= '0' && b <= '9' }
func isLetter(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }
func isAlnum(b byte) bool  { return isDigit(b) || isLetter(b) }
func lower(b byte) byte {
	if b >= 'A' && b <= 'Z' {
		return b + 32
	}
	return b
}

func (s *scratch) tokenize(text string) {
	s.text = text
	s.any, s.nums = 0, 0
	toks := s.toks[:0]
	var fl uint8
	for i := 0; i < len(text); {
		b := text[i]
		switch {
		case b == ' ' || b == '\t' || b == '\r' || b == '\f' || b == '\v':
			fl |= fSp
			i++
			continue
		case b == '\n':
			fl |= fSp | fNL
			i++
			continue
		case isAlnum(b) || b == '_':
			tk, j, ok := s.asciiWord(i, fl)
			if !ok {
				j = s.word(i)
				tk = s.mkWord(i, j, fl)
			}
			toks = append(toks, tk)
			fl = 0
			i = j
			continue
		case b < 0x80:
			toks = append(toks, tok{s: int32(i), e: int32(i + 1), k: tPunct, f: fl, c: b})
			fl = 0
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case isKeycap(r):
			i += n // "5️⃣": the digit stays, the emoji dressing goes
		case unicode.IsSpace(r):
			fl |= fSp
			if r == 0x2028 || r == 0x2029 || r == 0x85 {
				fl |= fNL
			}
			i += n
		case unicode.IsLetter(r):
			j := s.word(i)
			toks = append(toks, s.mkWord(i, j, fl))
			fl = 0
			i = j
		default:
			var c byte
			switch {
			case r >= 0x2010 && r <= 0x2015 || r == 0x2212 || r == 0xFE63:
				c = '-'
			case r == 0x2018 || r == 0x2019 || r == 0x02BC:
				c = '\''
			case r == 0x201C || r == 0x201D:
				c = '"'
			case r == 0x2022 || r == 0x00B7:
				c = '.' // bullet or middle dot between digits works like a dot
			}
			toks = append(toks, tok{s: int32(i), e: int32(i + n), k: tPunct, f: fl, c: c})
			fl = 0
			i += n
		}
	}
	s.toks = toks
}

// asciiWord reads a plain ASCII word or number in one pass: classes,
// case and the lexicon hash together. It gives up (ok false) on anything
// the general path must see: apostrophes, underscores, non-ASCII letters.
func (s *scratch) asciiWord(i int, fl uint8) (tok, int, bool) {
	t := s.text
	j := i
	digits, lowers, upper := 0, 0, 0
	h := uint32(fnvOffset)
	for ; j < len(t); j++ {
		c := t[j]
		switch {
		case c >= 'a' && c <= 'z':
			lowers++
		case c >= 'A' && c <= 'Z':
			upper++
			c += 32
		case c >= '0' && c <= '9':
			digits++
		case c == '\'' || c == '_' || c >= 0x80:
			return tok{}, 0, false
		default:
			goto done
		}
		h = (h ^ uint32(c)) * fnvPrime
	}
done:
	tk := tok{s: int32(i), e: int32(j), f: fl}
	switch {
	case lowers+upper == 0:
		tk.k = tNum
		s.nums++
		return tk, j, true
	case digits > 0:
		tk.k = tMix
		s.nums++
	default:
		tk.k = tWord
	}
	if b := t[i]; b >= 'A' && b <= 'Z' {
		tk.f |= fCap
	}
	if lowers == 0 {
		tk.f |= fUp
	}
	if tk.k == tWord && j-i <= maxLexLen {
		if tk.lx = lookupASCII(t[i:j], h); tk.lx != 0 {
			s.any |= lexTab[tk.lx-1].fl
		}
	}
	return tk, j, true
}

// word returns the end of the word starting at i: letters, digits,
// underscores, marks, and apostrophes between letters (driver's, O'Neil).
func (s *scratch) word(i int) int {
	t := s.text
	j := i
	for j < len(t) {
		b := t[j]
		if isAlnum(b) || b == '_' {
			j++
			continue
		}
		if b == '\'' && j > i && isLetter(t[j-1]) && j+1 < len(t) && isLetter(t[j+1]) {
			j++
			continue
		}
		if b < 0x80 {
			break
		}
		r, n := utf8.DecodeRuneInString(t[j:])
		if (r == 0x2019 || r == 0x02BC) && j > i && isLetter(t[j-1]) && j+n < len(t) && isLetter(t[j+n]) {
			j += n
			continue
		}
		if isKeycap(r) {
			break
		}
		if r == 0xBA || r == 0xAA || unicode.IsLetter(r) || unicode.IsMark(r) {
			j += n
			continue
		}
		break
	}
	return j
}

func (s *scratch) mkWord(i, j int, fl uint8) tok {
	t := s.text[i:j]
	digits, lowers, upper, other := 0, 0, 0, 0
	h := uint32(fnvOffset)
	for k := 0; k < len(t); k++ {
		b := t[k]
		switch {
		case b >= 'a' && b <= 'z':
			lowers++
		case b >= 'A' && b <= 'Z':
			upper++
			b += 32
		case b >= '0' && b <= '9':
			digits++
		default:
			other++ // non-ASCII letters, apostrophes, underscores
		}
		h = (h ^ uint32(b)) * fnvPrime
	}
	tk := tok{s: int32(i), e: int32(j), f: fl}
	letters := lowers + upper + other
	switch {
	case letters == 0:
		tk.k = tNum
	case digits > 0:
		tk.k = tMix
	default:
		tk.k = tWord
	}
	if b := t[0]; b >= 'A' && b <= 'Z' {
		tk.f |= fCap
	} else if b >= 0x80 {
		if first, _ := utf8.DecodeRuneInString(t); unicode.IsUpper(first) {
			tk.f |= fCap
		}
	}
	if upper > 0 && lowers == 0 {
		tk.f |= fUp
	}
	if tk.k == tWord && len(t) <= maxLexLen {
		if other == 0 {
			tk.lx = lookupASCII(t, h) // the common case: one hash, one compare
		} else {
			tk.lx = lookup(t)
		}
		if tk.lx != 0 {
			s.any |= lexTab[tk.lx-1].fl
		}
	} else if tk.k != tWord {
		s.nums++
	}
	return tk
}

// Token helpers. Out-of-range indices are safe and return zero values so
// that scanners can look ahead and behind without bounds checks.

func (s *scratch) at(k int) *tok {
	if k < 0 || k >= len(s.toks) {
		return &noTok
	}
	return &s.toks[k]
}

var noTok tok

func (s *scratch) str(k int) string {
	t := s.at(k)
	return s.text[t.s:t.e]
}

// lex returns the lexicon entry of token k, or the empty entry.
func (s *scratch) lex(k int) *lexEntry {
	t := s.at(k)
	if t.lx == 0 {
		return &noLex
	}
	return &lexTab[t.lx-1]
}

func (s *scratch) isPunct(k int, c byte) bool {
	t := s.at(k)
	return t.k == tPunct && t.c == c
}

// glued reports whether token k follows token k-1 with no space between.
func (s *scratch) glued(k int) bool {
	return k > 0 && k < len(s.toks) && s.toks[k].f&fSp == 0
}

// num returns the value of a short digit token, or -1.
func (s *scratch) num(k int) int {
	t := s.at(k)
	if t.k != tNum || t.e-t.s > 6 {
		return -1
	}
	return atoi(s.text[t.s:t.e])
}

func atoi(d string) int {
	n := 0
	for i := 0; i < len(d); i++ {
		n = n*10 + int(d[i]-'0')
	}
	return n
}

// sentenceEnd reports whether token k ends a sentence or clause strongly
// enough that a label before it no longer applies to what follows.
func (s *scratch) sentenceEnd(k int) bool {
	t := s.at(k)
	if t.k != tPunct {
		return false
	}
	switch t.c {
	case '!', '?', ';':
		return true
	case '.':
		// "no.", "Dr.", "acct." are abbreviations; a dot after a longer word
		// or a number followed by a space ends the sentence.
		p := s.at(k - 1)
		if s.at(k+1).f&fSp == 0 {
			return false
		}
		return p.k == tNum || p.e-p.s > 4
	}
	return false
}

// hasWordFlag looks back from token k (exclusive) over at most max tokens in
// the same sentence for a word whose lexicon entry has flag; it stops at a
// number so that a cue applies only to the nearest number after it.
func (s *scratch) hasWordFlag(k, max int, flag uint64) bool {
	for j := k - 1; j >= 0 && j >= k-max; j-- {
		t := &s.toks[j]
		switch t.k {
		case tNum, tMix:
			return false
		case tPunct:
			if s.sentenceEnd(j) {
				return false
			}
		case tWord:
			if s.lex(j).fl&flag != 0 {
				return true
			}
		}
		if t.f&fNL != 0 {
			return false
		}
	}
	return false
}

// isKeycap reports the variation selectors and the combining keycap that
// turn a digit into an emoji ("5️⃣"); they are skipped like zero-width text.
func isKeycap(r rune) bool { return r == 0xFE0F || r == 0xFE0E || r == 0x20E3 }
