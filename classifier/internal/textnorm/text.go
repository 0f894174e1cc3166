package textnorm

import (
	"unicode"
	"unicode/utf8"
)

// Token flags.
const (
	Cap           uint16 = 1 << iota // first letter upper case
	AllCaps                          // two or more letters, all upper case
	HasDigit                         // holds a digit
	HasLetter                        // holds a letter
	Possessive                       // followed by 's
	SentenceStart                    // first word of a sentence or line
	Joined                           // rebuilt from letters spaced or split by emoji
	Mention                          // an @handle
	Hashtag                          // a #tag
	Dotted                           // followed directly by a '.' (initials, abbreviations)
	Starred                          // a letter or two starred out ("c*ncer"); '*' stands in its folded form
)

// maxStars is how many starred-out letters a word may hold: each is
// tried as every letter when the word is looked up.
const maxStars = 2

// Token is one word of the normalised text.
type Token struct {
	Start, End   int32 // bytes of Text.Norm
	FStart, FEnd int32 // folded form, bytes of Text.Fold
	LStart, LEnd int32 // leetspeak reading in Text.Fold; empty when the same as the folded form
	Flags        uint16
}

// Is reports whether the token has all the given flags.
func (t *Token) Is(f uint16) bool { return t.Flags&f == f }

// Text is a normalised draft. Reuse one Text for many drafts with Reset to
// keep scanning free of allocations.
type Text struct {
	Orig   string
	Norm   []byte  // invisibles dropped, look-alikes folded, case kept
	Fold   []byte  // folded forms of the tokens, back to back
	Tokens []Token //
	utf16  []int32 // utf16[i]: UTF-16 offset in Orig of Norm byte i; one extra entry for the end
}

// Normalize returns the normalised form of s.
func Normalize(s string) *Text {
	t := new(Text)
	t.Reset(s)
	return t
}

// Reset normalises s into t, reusing t's buffers.
func (t *Text) Reset(s string) {
	t.Orig = s
	t.Norm = t.Norm[:0]
	t.Fold = t.Fold[:0]
	t.Tokens = t.Tokens[:0]
	t.utf16 = t.utf16[:0]
	u := int32(0)
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf && c != '`' {
			// plain ASCII, by far the commonest: one byte, one UTF-16 unit
			t.Norm = append(t.Norm, c)
			t.utf16 = append(t.utf16, u)
			u++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		at := u
		if r >= 0x10000 {
			u += 2
		} else {
			u++
		}
		if r == utf8.RuneError && size == 1 {
			r = 0xFFFD
		}
		if invisible(r) {
			continue
		}
		f := foldRune(r)
		n := len(t.Norm)
		t.Norm = utf8.AppendRune(t.Norm, f)
		for j := n; j < len(t.Norm); j++ {
			t.utf16 = append(t.utf16, at)
		}
	}
	t.utf16 = append(t.utf16, u)
	t.tokenize()
	t.joinSpacedLetters()
}

// UTF16 returns the UTF-16 offset in the original text of a byte offset in
// Norm.
func (t *Text) UTF16(normOffset int) int {
	if normOffset < 0 {
		return 0
	}
	if normOffset >= len(t.utf16) {
		return int(t.utf16[len(t.utf16)-1])
	}
	return int(t.utf16[normOffset])
}

// Folded returns the folded form of token i.
func (t *Text) Folded(i int) []byte {
	tok := &t.Tokens[i]
	return t.Fold[tok.FStart:tok.FEnd]
}

// Leet returns the leetspeak reading of token i, or nil when it has none.
func (t *Text) Leet(i int) []byte {
	tok := &t.Tokens[i]
	if tok.LEnd == tok.LStart {
		return nil
	}
	return t.Fold[tok.LStart:tok.LEnd]
}

// Read returns token i as a person reads it: its shortened reading
// ("sooo" is "so") or its leetspeak reading when a digit or symbol stands
// between two letters ("ch3mo" is "chemo"; "3pm" and "x14d" stay as they
// are), else its folded form.
func (t *Text) Read(i int) []byte {
	l := t.Leet(i)
	if l == nil {
		return t.Folded(i)
	}
	w := t.Folded(i)
	if len(w) != len(l) {
		return l // shortened
	}
	for j := 1; j+1 < len(w); j++ {
		if !isLetterByte(w[j]) && isLetterByte(w[j-1]) && isLetterByte(w[j+1]) {
			return l
		}
	}
	return w
}

// Surface returns token i as it stands in Norm (case kept).
func (t *Text) Surface(i int) []byte {
	tok := &t.Tokens[i]
	return t.Norm[tok.Start:tok.End]
}

func isWordRune(r rune) bool {
	return r < 0x80 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') ||
		r >= 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

func (t *Text) tokenize() {
	b := t.Norm
	sentence := true
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if !isWordRune(r) {
			switch {
			case r == '.':
				// "Mrs." and "M." do not end a sentence
				sentence = !t.lastIsAbbreviation()
			case r == '!' || r == '?' || r == '\n' || r == ':' || r == ';' || r == '¡' || r == '¿' || r == '"':
				sentence = true
			case isEmojiLike(r):
				sentence = true
			case r == '@' || r == '#':
				// an @mention or #tag starts here when a word follows
				if i+size < len(b) {
					if nr, _ := utf8.DecodeRune(b[i+size:]); isWordRune(nr) {
						flag := Mention
						if r == '#' {
							flag = Hashtag
						}
						i = t.word(i+size, flag, sentence)
						sentence = false
						continue
					}
				}
			}
			i += size
			continue
		}
		var flags uint16
		if sentence {
			flags |= SentenceStart
		}
		i = t.word(i, flags, sentence)
		sentence = false
	}
}

func (t *Text) lastIsAbbreviation() bool {
	if len(t.Tokens) == 0 {
		return false
	}
	last := &t.Tokens[len(t.Tokens)-1]
	return last.Flags&Cap != 0 && last.Flags&Dotted != 0 && last.FEnd-last.FStart <= 3
}

// word reads one token starting at byte i and returns the offset after it.
func (t *Text) word(i int, flags uint16, _ bool) int {
	b := t.Norm
	start := i
	fstart := len(t.Fold)
	letters, upper := 0, 0
	leety := false
	end := i
	for i < len(b) {
		// ASCII letters and digits first: most words are nothing else
		if c := b[i]; c >= 'a' && c <= 'z' {
			flags |= HasLetter
			letters++
			t.Fold = append(t.Fold, c)
			i++
			end = i
			continue
		} else if c >= 'A' && c <= 'Z' {
			flags |= HasLetter
			letters++
			upper++
			if letters == 1 {
				flags |= Cap
			}
			t.Fold = append(t.Fold, c+'a'-'A')
			i++
			end = i
			continue
		} else if c >= '0' && c <= '9' {
			flags |= HasDigit
			t.Fold = append(t.Fold, c)
			i++
			end = i
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case isWordRune(r):
			if unicode.IsDigit(r) {
				flags |= HasDigit
			} else {
				flags |= HasLetter
				letters++
				if unicode.IsUpper(r) {
					upper++
					if letters == 1 {
						flags |= Cap
					}
				}
			}
			if lb := lowerByte(r); lb != 0 {
				t.Fold = append(t.Fold, lb)
			} else {
				t.Fold = utf8.AppendRune(t.Fold, unicode.ToLower(r))
			}
			i += size
			end = i
			continue
		case unicode.Is(unicode.Mn, r): // combining accents: part of the word, not of its folded form
			i += size
			end = i
			continue
		case r == '\'':
			// "'s" ends a possessive; other apostrophes stay inside contractions
			if i+1 < len(b) && (b[i+1] == 's' || b[i+1] == 'S') && (i+2 >= len(b) || !isWordByteAt(b, i+2)) {
				flags |= Possessive
				i += 2
				goto done
			}
			if i+1 < len(b) && isWordByteAt(b, i+1) && letters > 0 {
				t.Fold = append(t.Fold, '\'')
				i++
				continue
			}
		case (r == '/' || r == '&') && letters == 1 && i == start+1 && i+2 <= len(b) && isLetterByte(b[i+1]) && (i+2 == len(b) || !isWordByteAt(b, i+2)):
			// clinical shorthand keeps its slash: "c/o", "s/p", "y/o", "L&D"
			t.Fold = append(t.Fold, byte(r), lowerByte(rune(b[i+1])))
			if b[i+1] >= 'A' && b[i+1] <= 'Z' {
				upper++
			}
			letters++
			i += 2
			end = i
			continue
		case r == '@' || r == '$' || r == '!':
			// leetspeak inside a word: "ch@rt", "$ick" is rare but "h!v" is not
			if letters > 0 && i+size < len(b) && isWordByteAt(b, i+size) {
				t.Fold = append(t.Fold, byte(r))
				leety = true
				i += size
				continue
			}
		case r == '*' && letters > 0 && t.starredLetter(i, t.Fold[fstart:]):
			// a letter starred out to dodge a filter: "c*ncer", "n*rs*ng"
			t.Fold = append(t.Fold, '*')
			flags |= Starred
			i++
			continue
		case isEmojiLike(r) && letters > 0:
			// an emoji between two letters splits a word to evade matching
			j := i
			for j < len(b) {
				r2, s2 := utf8.DecodeRune(b[j:])
				if !isEmojiLike(r2) {
					break
				}
				j += s2
			}
			if j < len(b) {
				if r2, _ := utf8.DecodeRune(b[j:]); isWordRune(r2) && !unicode.IsDigit(r2) {
					flags |= Joined
					i = j
					continue
				}
			}
		}
		break
	}
done:
	if i < len(b) && b[i] == '.' {
		flags |= Dotted
	}
	if letters >= 2 && upper == letters {
		flags |= AllCaps
	}
	tok := Token{Start: int32(start), End: int32(end), FStart: int32(fstart), FEnd: int32(len(t.Fold)), Flags: flags}
	if (flags&HasDigit != 0 && flags&HasLetter != 0) || leety {
		t.addLeet(&tok)
	} else if elongated(t.Fold[tok.FStart:tok.FEnd]) {
		t.addShortened(&tok)
	}
	t.Tokens = append(t.Tokens, tok)
	if i == start { // never stall
		i++
	}
	return i
}

// starredLetter reports whether the '*' at Norm[i] stands for a letter of
// the word read so far: a letter follows it, the word holds fewer than
// maxStars stars, and it is not letters spaced by stars ("c*h*e*m*o",
// which joinSpacedLetters reads).
func (t *Text) starredLetter(i int, word []byte) bool {
	b := t.Norm
	if i+1 >= len(b) || !isLetterByte(b[i+1]) {
		return false
	}
	if len(word) == 1 && (i+2 < len(b) && b[i+2] == '*' || i >= 2 && b[i-2] == '*') {
		return false
	}
	stars := 0
	for _, c := range word {
		if c == '*' {
			stars++
		}
	}
	return stars < maxStars
}

func isLetterByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isWordByteAt(b []byte, i int) bool {
	r, _ := utf8.DecodeRune(b[i:])
	return isWordRune(r)
}

// addLeet records the leetspeak reading of a token that mixes letters with
// digits or symbols ("ch3mo", "p1nkeye").
func (t *Text) addLeet(tok *Token) {
	ls := len(t.Fold)
	for j := tok.FStart; j < tok.FEnd; j++ {
		t.Fold = append(t.Fold, leet(t.Fold[j]))
	}
	tok.LStart, tok.LEnd = int32(ls), int32(len(t.Fold))
}

// elongated reports a letter typed three or more times in a row ("sooo",
// "pleeease").
func elongated(w []byte) bool {
	for i := 2; i < len(w); i++ {
		if w[i] == w[i-1] && w[i] == w[i-2] && w[i] >= 'a' && w[i] <= 'z' {
			return true
		}
	}
	return false
}

// addShortened records an elongated word with each run of a letter typed
// three or more times read as one ("sooo" → "so", "pleeease" → "please").
func (t *Text) addShortened(tok *Token) {
	ls := len(t.Fold)
	w := t.Fold[tok.FStart:tok.FEnd]
	for i := 0; i < len(w); {
		j := i
		for j < len(w) && w[j] == w[i] {
			j++
		}
		if j-i >= 3 {
			t.Fold = append(t.Fold, w[i])
		} else {
			t.Fold = append(t.Fold, w[i:j]...)
		}
		i = j
	}
	tok.LStart, tok.LEnd = int32(ls), int32(len(t.Fold))
}
