package scan

// Addresses: "123 Maple St", "1127 birchwood ln", "48 Harbor Road, Lakeside,
// MI 49116", "W 3rd St", "PO Box 12", "Apt 4B", Spanish "Calle Luna 14",
// "la calle Olmo", "Av. Juárez 45", "Apartado Postal 12", and named places
// where people live ("Harbor Pines trailer park", "colonia Del Valle").
// ZIP codes are in zip.go.

func (s *scratch) scanAddress(dst []Match) []Match {
	for k := 0; k < len(s.toks); k++ {
		t := &s.toks[k]
		var m Match
		end, ok := 0, false
		switch t.k {
		case tNum, tMix:
			if t.e-t.s <= 6 && s.flagWithin(k+1, 6, fxStreet) {
				m, end, ok = s.street(k)
			}
			if !ok && t.e-t.s == 5 {
				m, end, ok = s.zip(k)
			}
			if !ok && t.k == tNum && t.e-t.s <= 5 {
				m, end, ok = s.cuedStreet(k)
			}
		case tWord:
			if t.lx == 0 && t.f&fCap == 0 {
				continue // the common case: an ordinary lower-case word
			}
			e := s.lex(k)
			switch {
			case e.fl&(fxSpStreet|fxSpPlace) != 0:
				m, end, ok = s.calle(k)
			case e.fl&fxApt != 0:
				m, end, ok = s.apt(k)
			}
			if !ok && e.fl&fxPOBox != 0 {
				m, end, ok = s.poBox(k)
			}
			if !ok && t.f&fCap != 0 && s.flagWithin(k+1, 3, fxStreet|fxPlace) {
				m, end, ok = s.namedStreet(k)
			}
		}
		if !ok {
			continue
		}
		dst = append(dst, m)
		k = end - 1
	}
	return dst
}

// street reads "<number> [dir] <name words> <suffix>" and what follows it.
func (s *scratch) street(k int) (Match, int, bool) {
	t := s.at(k)
	if t.e-t.s > 6 || s.rangeBefore(k) && !s.isPunct(k-1, '.') {
		return Match{}, 0, false
	}
	if t.k == tMix { // "12B", but not "3rd" or "47yo"
		w := s.text[t.s:t.e]
		if !isDigit(w[0]) || !isLetter(w[len(w)-1]) || isLetter(w[len(w)-2]) {
			return Match{}, 0, false
		}
	}
	if p := s.at(k - 1); p.k == tPunct && (p.c == '#' || p.c == '$' || p.c == '/') || p.k == tWord && s.lex(k-1).fl&fxApt != 0 {
		return Match{}, 0, false
	}
	j := k + 1
	names, lowerNames := 0, 0
	for ; j < k+6; j++ {
		n := s.at(j)
		e := s.lex(j)
		if n.f&fNL != 0 {
			return Match{}, 0, false
		}
		if n.k == tWord && e.fl&fxStreet != 0 && names > 0 {
			break
		}
		switch {
		case n.k == tPunct && n.c == '.' && s.glued(j) && s.at(j-1).k == tWord && s.lex(j-1).fl&fxDirection != 0:
			// "1420 W. Michigan Ave"
		case n.k == tWord && e.fl&fxDirection != 0 && names == 0 && (n.f&fCap != 0 || n.e-n.s > 1):
			// "W 3rd St", "North Main St"
		case n.k == tMix && s.ordinal(j) > 0:
			names++
		case n.k == tWord && e.fl&fxStop == 0 && e.fl&fxStreet == 0:
			if n.f&fCap == 0 {
				lowerNames++
			}
			names++
		default:
			return Match{}, 0, false
		}
	}
	suf := s.at(j)
	se := s.lex(j)
	if suf.k != tWord || se.fl&fxStreet == 0 || names == 0 || names > 3 {
		return Match{}, 0, false
	}
	// Lower-case names only with an abbreviated suffix ("1127 birchwood
	// ln"); "3 kids down the road" must not match.
	if lowerNames > 0 && (se.fl&fxStreetAbbr == 0 || lowerNames > 2) {
		return Match{}, 0, false
	}
	end := j + 1
	if s.isPunct(end, '.') && s.glued(end) && s.isPunct(end+1, ',') {
		end++ // "Maple St., Lakeside"; a dot before a space may end the sentence
	}
	end = s.addressTail(end)
	return Match{Kind: Address, Start: int(t.s), End: int(s.at(end - 1).e), Digits: s.digitsOf(k), Strong: true}, end, true
}

func (s *scratch) digitsOf(k int) string {
	t := s.at(k)
	w := s.text[t.s:t.e]
	i := 0
	for i < len(w) && isDigit(w[i]) {
		i++
	}
	return w[:i]
}

// addressTail extends an address over ", Apt 4B", ", Lakeside, MI 49116",
// " MI 49106". It returns the token after the address.
func (s *scratch) addressTail(j int) int {
	end := j
	k := j
	if s.isPunct(k, ',') {
		k++
	}
	// unit
	if s.at(k).k == tWord && s.lex(k).fl&fxApt != 0 || s.isPunct(k, '#') {
		u := k + 1
		if s.isPunct(u, '.') || s.isPunct(u, '#') {
			u++
		}
		if t := s.at(u); t.k == tNum || t.k == tMix || t.k == tWord && t.e-t.s == 1 && t.f&fUp != 0 {
			end = u + 1
			k = u + 1
			if s.isPunct(k, ',') {
				k++
			}
		}
	}
	// city, state ZIP
	c := k
	for c < k+3 && s.at(c).k == tWord && s.at(c).f&fCap != 0 && !s.stateAt(c) {
		c++
	}
	if s.isPunct(c, ',') {
		c++
	}
	if s.stateAt(c) {
		e := c + 1
		if s.isPunct(e, ',') {
			e++
		}
		if z := s.zipDigits(e); z > e {
			return z
		}
		if c > k {
			return c + 1
		}
	}
	return end
}

// calle reads Spanish streets: "Calle Luna 14", "la calle Olmo", "Av. Juárez #45".
func (s *scratch) calle(k int) (Match, int, bool) {
	j := k + 1
	if s.isPunct(j, '.') && s.glued(j) {
		j++
	}
	// "Calle 5 #12-34"
	names := 0
	for ; j < k+6; j++ {
		n := s.at(j)
		if n.k == tWord && n.f&fCap != 0 && s.lex(j).fl&fxSpStreet == 0 {
			names++
			continue
		}
		// "Avenida de los Insurgentes", "calle de la Paz"
		if n.k == tWord && s.spArticle(j) && (s.at(j+1).f&fCap != 0 || s.spArticle(j+1) && s.at(j+2).f&fCap != 0) {
			continue
		}
		break
	}
	end := j
	numbered := false
	n := j
	if s.isPunct(n, '#') || s.at(n).k == tWord && s.lex(n).fl&fxConnSym != 0 {
		n++
		if s.isPunct(n, '.') {
			n++
		}
	}
	if t := s.at(n); (t.k == tNum && t.e-t.s <= 5) || t.k == tMix && isDigit(s.text[t.s]) && t.e-t.s <= 6 {
		numbered = true
		end = n + 1
		// "#12-34"
		if s.isPunct(end, '-') && s.glued(end) && s.at(end+1).k == tNum && s.glued(end+1) {
			end += 2
		}
	}
	if names == 0 && !numbered {
		return Match{}, 0, false
	}
	if names == 0 && s.at(k).f&fCap == 0 {
		return Match{}, 0, false // "calle 3" in running text is too vague
	}
	if numbered {
		end = s.addressTail(end)
	}
	return Match{Kind: Address, Start: int(s.at(k).s), End: int(s.at(end - 1).e), Strong: numbered}, end, true
}

// apt reads "Apt 4B", "apartment 12", "Suite 200", "depto. 3".
func (s *scratch) apt(k int) (Match, int, bool) {
	j := k + 1
	if s.isPunct(j, '.') && s.glued(j) {
		j++
	}
	if s.isPunct(j, '#') || s.at(j).k == tWord && s.lex(j).fl&fxConnSym != 0 && !s.is(j, wNo) {
		j++
	}
	t := s.at(j)
	ok := t.k == tNum && t.e-t.s <= 5 || t.k == tMix && t.e-t.s <= 5 && isDigit(s.text[t.s]) && s.ordinal(j) < 0 ||
		t.k == tWord && t.e-t.s == 1 && t.f&fUp != 0 && s.at(j+1).k != tWord
	if !ok {
		return Match{}, 0, false
	}
	return Match{Kind: Address, Start: int(s.at(k).s), End: int(t.e), Digits: s.digitsOf(j)}, j + 1, true
}

// poBox reads "PO Box 12", "P.O. Box 1182", "post office box 7", "apartado postal 12".
func (s *scratch) poBox(k int) (Match, int, bool) {
	j := k
	if s.lex(k).fl&fxPOBox == 0 {
		return Match{}, 0, false
	}
	switch {
	case s.is(k, wPo) || s.is(k, wPob):
		j++
	case s.is(k, wP) && s.isPunct(j+1, '.') && s.is(j+2, wO):
		j += 3
	case s.is(k, wPost) && s.is(j+1, wOffice):
		j += 2
	case (s.is(k, wApartado) || s.is(k, wApdo)) && !s.isPunct(j+1, ','):
		j++
		if s.is(j, wPostal) {
			j++
		}
		if s.isPunct(j, '.') {
			j++
		}
		goto number
	default:
		return Match{}, 0, false
	}
	if s.isPunct(j, '.') {
		j++
	}
	if !s.is(j, wBox) {
		if !s.is(k, wPob) {
			return Match{}, 0, false
		}
	} else {
		j++
	}
number:
	if s.isPunct(j, '#') {
		j++
	}
	t := s.at(j)
	if t.k != tNum && t.k != tMix || t.e-t.s > 8 {
		return Match{}, 0, false
	}
	end := s.addressTail(j + 1)
	return Match{Kind: Address, Start: int(s.at(k).s), End: int(s.at(end - 1).e), Digits: s.digitsOf(j), Strong: true}, end, true
}

// namedStreet reads a street named without a number: "on Birchwood Lane",
// "Maple Street" (weak; the engine decides whether it points to a person).
func (s *scratch) namedStreet(k int) (Match, int, bool) {
	if s.lex(k).fl&(fxStop|fxStreet|fxConnWord) != 0 || s.at(k).f&fUp != 0 && s.tlen(k) > 1 {
		return Match{}, 0, false
	}
	if s.lex(k+1).fl&(fxStreet|fxPlace) == 0 && s.lex(k+2).fl&(fxStreet|fxPlace) == 0 && s.lex(k+3).fl&(fxStreet|fxPlace) == 0 {
		return Match{}, 0, false // fast path: no suffix within reach
	}
	j := k + 1
	for j < k+3 && s.at(j).k == tWord && s.at(j).f&fCap != 0 && s.lex(j).fl&(fxStreet|fxPlace) == 0 {
		j++
	}
	t := s.at(j)
	e := s.lex(j)
	if t.k == tWord && e.fl&fxPlace != 0 {
		// "Harbor Pines trailer park", "Oak Ridge Apartments"
		end := j + 1
		if s.is(j, wTrailer) {
			if !s.is(end, wPark) && !s.is(end, wCourt) {
				return Match{}, 0, false
			}
			end++
		}
		return Match{Kind: Address, Start: int(s.at(k).s), End: int(s.at(end - 1).e)}, end, true
	}
	if t.k != tWord || t.f&fCap == 0 || e.fl&fxStreet == 0 || e.fl&fxStreetAbbr != 0 {
		return Match{}, 0, false
	}
	return Match{Kind: Address, Start: int(s.at(k).s), End: int(t.e)}, j + 1, true
}

func (s *scratch) spArticle(k int) bool {
	return s.is(k, wDe) || s.is(k, wDel) || s.is(k, wLa) || s.is(k, wLos) || s.is(k, wLas)
}

// flagWithin reports whether one of the n word tokens from k has a lexicon
// flag in f: a cheap test before the full street readers.
func (s *scratch) flagWithin(k, n int, f uint64) bool {
	for j := k; j < k+n && j < len(s.toks); j++ {
		if t := &s.toks[j]; t.lx != 0 && lexTab[t.lx-1].fl&f != 0 {
			return true
		}
	}
	return false
}

// cuedStreet reads "<number> <Name>" with no street suffix when an address
// cue comes right before: "lives at 14 Elm", "address: 220 Birch",
// "vive en 45 Juárez". It is weak: the engine decides.
func (s *scratch) cuedStreet(k int) (Match, int, bool) {
	c := k - 1
	if s.isPunct(c, ':') {
		c--
	}
	switch {
	case s.at(c).k == tWord && s.lex(c).fl&fxAddrCue != 0:
	case (s.is(c, wAt) || s.is(c, wOn) || s.is(c, wEn)) && (s.is(c-1, wLives) || s.is(c-1, wLive) || s.is(c-1, wLived) || s.is(c-1, wVive) || s.is(c-1, wVivo)):
	default:
		return Match{}, 0, false
	}
	j := k + 1
	for j < k+4 && s.at(j).k == tWord && s.at(j).f&fCap != 0 && s.lex(j).fl&(fxStop|fxConnWord) == 0 {
		j++
	}
	if j == k+1 {
		return Match{}, 0, false
	}
	end := s.addressTail(j)
	return Match{Kind: Address, Start: int(s.at(k).s), End: int(s.at(end - 1).e), Digits: s.digitsOf(k)}, end, true
}
