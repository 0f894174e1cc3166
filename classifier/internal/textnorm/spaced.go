package textnorm

import "unicode/utf8"

// joinSpacedLetters rebuilds words typed one letter at a time
// ("C O N G R A T S", "G 💜 R 💜 A 💜 C 💜 E", "c.h.e.m.o"). A run of three
// or more single letters becomes one token; within the run, a gap wider
// than the narrowest one separates words ("T O  E V I E").
func (t *Text) joinSpacedLetters() {
	toks := t.Tokens
	out := toks[:0:0]
	changed := false
	for i := 0; i < len(toks); {
		j := i
		for j < len(toks) && t.singleLetter(j) && (j == i || t.spacedGap(j-1, j)) {
			j++
		}
		if j-i < 3 {
			if changed {
				out = append(out, toks[i])
			}
			i++
			if !changed {
				out = toks[:i]
			}
			continue
		}
		if !changed {
			out = append(make([]Token, 0, len(toks)), toks[:i]...)
			changed = true
		}
		minGap := int32(1 << 30)
		for k := i + 1; k < j; k++ {
			if g := toks[k].Start - toks[k-1].End; g < minGap {
				minGap = g
			}
		}
		ws := i
		for k := i + 1; k <= j; k++ {
			if k == j || toks[k].Start-toks[k-1].End > minGap {
				out = append(out, t.joined(toks[ws:k]))
				ws = k
			}
		}
		i = j
	}
	if changed {
		t.Tokens = out
	}
}

func (t *Text) singleLetter(i int) bool {
	tok := &t.Tokens[i]
	if tok.Flags&(HasDigit|Mention|Hashtag) != 0 || tok.FEnd-tok.FStart != 1 {
		return false
	}
	c := t.Fold[tok.FStart]
	return c >= 'a' && c <= 'z'
}

// spacedGap reports whether what separates tokens a and b is a short run of
// spaces, dots, hyphens or emoji, as spaced-out letters have.
func (t *Text) spacedGap(a, b int) bool {
	gap := t.Norm[t.Tokens[a].End:t.Tokens[b].Start]
	if len(gap) == 0 || len(gap) > 12 {
		return false
	}
	for i := 0; i < len(gap); {
		r, size := utf8.DecodeRune(gap[i:])
		if !(r == ' ' || r == '.' || r == '-' || r == '_' || r == '*' || isEmojiLike(r)) {
			return false
		}
		i += size
	}
	return true
}

func (t *Text) joined(run []Token) Token {
	if len(run) == 1 {
		return run[0]
	}
	fs := len(t.Fold)
	upper := 0
	for _, tok := range run {
		t.Fold = append(t.Fold, t.Fold[tok.FStart])
		if tok.Flags&Cap != 0 {
			upper++
		}
	}
	flags := Joined | HasLetter | run[0].Flags&(SentenceStart|Cap)
	if upper == len(run) {
		flags |= AllCaps | Cap
	}
	return Token{Start: run[0].Start, End: run[len(run)-1].End, FStart: int32(fs), FEnd: int32(len(t.Fold)), Flags: flags}
}
