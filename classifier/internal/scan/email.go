package scan

import "strings"

// Emails: a literal address, or one spelled out to dodge filters
// ("name at gmail dot com", "name arroba mail punto com", "name [at] x [dot] org").

func isLocalChar(c byte) bool {
	return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}

func (s *scratch) scanEmail(dst []Match) []Match {
	t := s.text
	for i := strings.IndexByte(t, '@'); i >= 0; {
		next := i + 1
		a := i
		for a > 0 && isLocalChar(t[a-1]) {
			a--
		}
		for a < i && (t[a] == '.' || t[a] == '-') {
			a++
		}
		if a < i && t[i-1] != '.' {
			if end, ok := hostEnd(t, i+1, false); ok {
				v := t[a:end]
				dst = append(dst, Match{Kind: Email, Start: a, End: end, Value: strings.ToLower(v), Strong: true})
				next = end
			}
		}
		n := strings.IndexByte(t[next:], '@')
		if n < 0 {
			break
		}
		i = next + n
	}
	if s.any&fxAtWord == 0 && !strings.Contains(t, " @") && !strings.Contains(t, "@ ") {
		return dst
	}
	return s.scanSpelledEmail(dst)
}

// hostEnd reads a dotted host name starting at i and returns its end. The
// last label must be letters; known is true if it must be a known TLD.
func hostEnd(t string, i int, known bool) (int, bool) {
	labels := 0
	lastStart, j := i, i
	for {
		k := j
		for k < len(t) && (isAlnum(t[k]) || t[k] == '-') {
			k++
		}
		if k == j || k-j > 63 {
			break
		}
		labels++
		lastStart = j
		j = k
		if j+1 < len(t) && t[j] == '.' && isAlnum(t[j+1]) {
			j++
			continue
		}
		break
	}
	if labels < 2 || j > len(t) {
		return 0, false
	}
	tld := t[lastStart:j]
	if len(tld) < 2 || len(tld) > 24 {
		return 0, false
	}
	for k := 0; k < len(tld); k++ {
		if !isLetter(tld[k]) {
			return 0, false
		}
	}
	if j < len(t) && (isAlnum(t[j]) || t[j] == '_' || t[j] == '@') {
		return 0, false
	}
	if known && tldKind(tld) == 0 {
		return 0, false
	}
	return j, true
}

// scanSpelledEmail finds "local at|arroba domain dot|punto tld".
func (s *scratch) scanSpelledEmail(dst []Match) []Match {
	for k := 1; k+3 < len(s.toks); k++ {
		if t := &s.toks[k]; t.k == tWord && t.lx != wAt && t.lx != wArroba || t.k != tWord && t.c != '@' || !s.isAtWord(k) {
			continue
		}
		// Local part: the word or code before, with its dots and underscores.
		a := k - 1
		bracket := (s.isPunct(a, '[') || s.isPunct(a, '(')) && (s.isPunct(k+1, ']') || s.isPunct(k+1, ')'))
		if bracket {
			a--
		}
		lt := s.at(a)
		if lt.k != tWord && lt.k != tMix && lt.k != tNum {
			continue
		}
		for a > 0 && s.glued(a) && (s.isPunct(a-1, '.') || s.isPunct(a-1, '-') || s.at(a-1).k != tPunct) {
			a--
		}
		if s.at(a).k == tPunct {
			a++
		}
		j := s.skipAt(k) // token after "at"
		dEnd, labelsN, tldTok := s.spelledHost(j)
		if labelsN < 2 || tldKind(s.str(tldTok)) == 0 {
			continue
		}
		local := s.text[s.at(a).s:lt.e]
		// "at" is an ordinary word ("pay at site.com/pay"): require a
		// username-like local part, a mail provider or "[at]".
		if s.is(k, wAt) && !bracket && !usernameLike(local) && !mailProvider(s.str(j)) {
			continue
		}
		v := s.spelledValue(local, j, dEnd)
		dst = append(dst, Match{Kind: Email, Start: int(s.at(a).s), End: int(s.at(dEnd - 1).e), Value: v, Strong: true})
		k = dEnd - 1
	}
	return dst
}

func usernameLike(w string) bool {
	for i := 0; i < len(w); i++ {
		if isDigit(w[i]) || w[i] == '.' || w[i] == '_' {
			return true
		}
	}
	return false
}

func (s *scratch) isAtWord(k int) bool {
	t := s.at(k)
	if t.k == tWord {
		return s.is(k, wAt) || s.is(k, wArroba)
	}
	// "name @ gmail . com": a spaced-out '@' ("[at]", "(at)" are read from
	// the word inside)
	return t.k == tPunct && t.c == '@' && (t.f&fSp != 0 || s.at(k+1).f&fSp != 0)
}

// skipAt returns the token after an "at" word and a closing bracket.
func (s *scratch) skipAt(k int) int {
	if s.isPunct(k+1, ']') || s.isPunct(k+1, ')') {
		return k + 2
	}
	return k + 1
}

// spelledHost reads "gmail dot com" / "mail punto example" / "x.org" from
// token j; it returns the end token, the number of labels and the TLD token.
func (s *scratch) spelledHost(j int) (end, labelsN, tldTok int) {
	k := j
	for {
		t := s.at(k)
		if t.k != tWord && t.k != tMix && t.k != tNum {
			return k, labelsN, tldTok
		}
		labelsN++
		tldTok = k
		end = k + 1
		n := k + 1
		switch {
		case s.isPunct(n, '.') && s.glued(n) && s.glued(n+1),
			s.isPunct(n, '.') && s.at(n+1).k == tWord && tldKind(s.str(n+1)) == 1 && !s.isPunct(n+2, '.'):
			k = n + 1
		case s.isPunct(n, '[') || s.isPunct(n, '('):
			if s.isDotWord(n+1) && (s.isPunct(n+2, ']') || s.isPunct(n+2, ')')) {
				k = n + 3
			} else {
				return end, labelsN, tldTok
			}
		case s.isDotWord(n):
			k = n + 1
		default:
			return end, labelsN, tldTok
		}
	}
}

func (s *scratch) isDotWord(k int) bool {
	if s.at(k).k != tWord {
		return false
	}
	return s.is(k, wDot) || s.is(k, wPunto)
}

// spelledValue rebuilds the address: "jmorales77@mail.example".
func (s *scratch) spelledValue(local string, j, end int) string {
	var b strings.Builder
	b.Grow(len(local) + 16)
	b.WriteString(strings.ToLower(local))
	b.WriteByte('@')
	first := true
	for k := j; k < end; k++ {
		t := s.at(k)
		if t.k == tPunct || s.isDotWord(k) {
			continue
		}
		if !first {
			b.WriteByte('.')
		}
		first = false
		b.WriteString(strings.ToLower(s.str(k)))
	}
	return b.String()
}

func mailProvider(w string) bool {
	var arr [16]byte
	b, ok := foldTo(arr[:], w)
	if !ok {
		return false
	}
	switch string(b) {
	case "gmail", "googlemail", "yahoo", "hotmail", "outlook", "live", "msn", "icloud", "me", "mac", "aol",
		"proton", "protonmail", "comcast", "att", "verizon", "sbcglobal", "ymail", "gmx", "mail", "email":
		return true
	}
	return false
}
