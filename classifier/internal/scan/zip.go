package scan

// ZIP codes are reported only in context: after a state ("MI 49106",
// "Michigan 49106-1234"), after "zip"/"zip code"/"código postal"/"CP", or,
// weakly, after "from"/"in"/"near" when no count word follows ("a 4 yo from
// 49118", not "in 10000 steps"). A five-digit number alone is not one.

// stateAt reports a state abbreviation (upper case) or name at token k.
func (s *scratch) stateAt(k int) bool {
	t := s.at(k)
	if t.k != tWord {
		return false
	}
	e := s.lex(k)
	if e.fl&fxState != 0 && t.f&fUp != 0 && t.e-t.s == 2 {
		return true
	}
	return e.fl&fxStateName != 0 && t.f&fCap != 0
}

// zipDigits reads "49116" or "49116-1234" at k and returns the token after,
// or k.
func (s *scratch) zipDigits(k int) int {
	if s.at(k).k != tNum || s.tlen(k) != 5 {
		return k
	}
	if p := s.at(k - 1); p.k == tPunct && s.glued(k) && (p.c == '$' || p.c == '.' || p.c == '-') {
		return k
	}
	e := k + 1
	if s.isPunct(e, '-') && s.glued(e) && s.glued(e+1) && s.at(e+1).k == tNum && s.tlen(e+1) == 4 {
		e += 2
	}
	if n := s.at(e); n.k == tPunct && s.glued(e) && (n.c == ',' || n.c == '.' || n.c == '-') && s.at(e+1).k == tNum && s.glued(e+1) {
		return k // part of a longer number
	}
	return e
}

// zip reads a ZIP code in context.
func (s *scratch) zip(k int) (Match, int, bool) {
	e := s.zipDigits(k)
	if e == k {
		return Match{}, 0, false
	}
	p := k - 1
	if s.isPunct(p, ',') || s.isPunct(p, ':') || s.isPunct(p, '#') {
		p--
	}
	strong := true
	switch pe := s.lex(p); {
	case s.stateAt(p):
	case s.at(p).k == tWord && pe.fl&fxZipCue != 0:
	case s.at(p).k == tWord && (s.is(p, wCode) || s.is(p, wIs) || s.is(p, wEs)) && s.lex(p-1).fl&fxZipCue != 0:
	case s.at(p).k == tWord && (s.is(p, wCp)) && s.at(p).f&fUp != 0:
	case s.at(p).k == tWord && (s.is(p, wFrom) || s.is(p, wIn) || s.is(p, wNear) || s.is(p, wDe) || s.is(p, wEn)):
		// weak: the next word must not make it a count ("in 10000 steps")
		n := s.at(e)
		if n.k == tNum || n.k == tMix || n.k == tWord && s.lex(e).fl&(fxStop|fxConnWord|fxAnd) == 0 && !s.is(e, wW) && !s.is(e, wToday) && !s.is(e, wArea) || n.k == tPunct && (n.c == '%' || n.c == '$') {
			return Match{}, 0, false
		}
		strong = false
	default:
		return Match{}, 0, false
	}
	t := s.at(k)
	return Match{Kind: ZIP, Start: int(t.s), End: int(s.at(e - 1).e), Digits: s.zipString(k, e), Strong: strong}, e, true
}

func (s *scratch) zipString(k, e int) string {
	if e == k+1 {
		return s.str(k)
	}
	return s.str(k) + s.str(k+2) // ZIP+4: one small allocation
}
