package scan

// Label-driven identifiers: record, plan, account, licence, plate, device and
// social security numbers written after a label ("MRN 00482913", "member ID
// XGP448120977", "número de expediente es 00519377", "serial HA-20-77314").
// The number alone is too ambiguous to report; the label makes it one.

// value is an identifier value found after a label.
type value struct {
	t0, t1  int // tokens
	start   int
	end     int
	digits  int // count
	alnum   int // letters and digits
	letters int
	spelled bool
	r       run // when the value is a digit run
}

func (s *scratch) scanLabels(dst []Match) []Match {
	lastKind, lastTok := Kind(partial), 0
	for k := 0; k < len(s.toks); k++ {
		t := &s.toks[k]
		if t.k != tWord || t.lx == 0 || len(lexTab[t.lx-1].labels) == 0 {
			continue
		}
		li, j, ok := s.matchLabel(k)
		if !ok {
			continue
		}
		l := &labels[li]
		if l.words[0] == "sn" && t.f&fUp == 0 && !s.isPunct(j, ':') && !s.isPunct(j, '#') {
			continue // "sn" in lower case is a word in chat speak; SN: or SN# is a label
		}
		kind := l.kind
		if kind == partial {
			kind = Account
			if lastKind != partial && k-lastTok < 30 {
				kind = lastKind
			}
		} else {
			lastKind, lastTok = l.kind, k
		}
		m, end, ok := s.labelValue(k, j, l)
		if !ok {
			k = j - 1
			continue
		}
		if l.kind == partial {
			m.Kind, m.Strong = kind, false
		}
		dst = append(dst, m)
		k = end - 1
	}
	return dst
}

// labelValue looks for the value after label tokens [k, j).
func (s *scratch) labelValue(k, j int, l *label) (Match, int, bool) {
	sym := false // a '#', ':', "no." or "number" after the label
	adj := true  // nothing but symbols between label and value
	skipped := 0
	for ; skipped < 6; skipped++ {
		t := s.at(j)
		if t.k == 0 || t.f&fNL != 0 && skipped > 0 || s.sentenceEnd(j) {
			return Match{}, 0, false
		}
		var v value
		if s.readValue(j, &v) && s.valueFits(l, &v, sym, adj) {
			// After an ambiguous label ("group", "tag") the value must speak
			// for itself: letters, a leading zero or 7+ digits are not a count.
			m := Match{Kind: l.kind, Start: v.start, End: v.end,
				Strong: !l.amb || sym || v.letters > 0 && v.digits >= 4 || v.digits >= 7 || s.text[v.start] == '0'}
			if adj {
				m.Start = int(s.at(k).s)
			}
			s.fillValue(&m, l, &v)
			if l.kind == SSN && m.Kind == SSN {
				return m, v.t1, m.Digits != ""
			}
			return m, v.t1, true
		}
		if t.k == tWord && s.lex(j).fl&(fxLabel|fxDateCue) != 0 && s.lex(j).fl&(fxConnSym|fxConnWord) == 0 && skipped > 0 {
			return Match{}, 0, false // another label or a date cue ("DOB") starts here
		}
		switch {
		case t.k == tPunct && (t.c == '#' || t.c == ':' || t.c == '=' || t.c == '-' || t.c == '.'):
			sym = sym || t.c != '.'
		case t.k == tPunct && t.c == ',':
			adj = false
		case t.k == tWord && s.lex(j).fl&fxConnSym != 0:
			sym = true
		case t.k == tWord && s.lex(j).fl&fxConnWord != 0:
			// "expediente es 00519377", "record number is ...": still next to the label
			if s.lex(j).fl&fxStop != 0 && !s.is(j, wEs) && !s.is(j, wIs) && !s.is(j, wDe) && !s.is(j, wDel) && !s.is(j, wIn) && !s.is(j, wEn) {
				adj = false
			}
		case t.k == tWord && t.f&fUp != 0 && t.e-t.s <= 3:
			adj = false // a state or insurer code: "MI DL", "BCBS"
		case t.k == tWord && t.f&fCap != 0 && skipped < 3 && len(s.lex(j).labels) == 0:
			adj = false // an insurer or person name: "BluePeak member ID"
		default:
			return Match{}, 0, false
		}
		j++
	}
	return Match{}, 0, false
}

// readValue reads an identifier value starting at token j: a digit run
// (also spelled out) or a code of letters and digits joined by dashes or
// single spaces ("MHP-5530-2281-01", "O 263 554 781 902", "8KLM 221").
func (s *scratch) readValue(j int, v *value) bool {
	t := s.at(j)
	*v = value{t0: j, start: int(t.s)}
	if t.k == tWord && s.lex(j).digit >= 0 && s.lex(j).fl&fxDigitWeak == 0 {
		if !s.buildRun(j, &v.r) || v.r.nd < 4 {
			return false
		}
		v.t1, v.end, v.digits, v.alnum, v.spelled = v.r.t1, int(s.at(v.r.t1-1).e), v.r.nd, v.r.nd, true
		return true
	}
	if !s.piece(j, true) {
		return false
	}
	k := j
	for {
		p := s.at(k)
		for i := p.s; i < p.e; i++ {
			c := s.text[i]
			if isDigit(c) {
				v.digits++
				v.alnum++
			} else if isLetter(c) {
				v.letters++
				v.alnum++
			}
		}
		if v.alnum > 30 {
			return false
		}
		n := s.at(k + 1)
		switch {
		case n.k == tPunct && (n.c == '-' || n.c == '.') && s.glued(k+1) && s.glued(k+2) && s.piece(k+2, false):
			k += 2
		case n.k == tPunct && n.c == '-' && s.at(k).k == tNum && s.at(k+2).k == tNum && n.f&fNL == 0 && s.at(k+2).f&fNL == 0:
			k += 2 // "5 3 8 - 2 0 - 4 4 1 7"
		case n.k == tWord && n.e-n.s == 1 && n.f&fUp != 0 && n.f&fNL == 0 && v.alnum < 10 && s.piece(k+2, false) && !s.glued(k+2):
			k++ // "7 A B C 1 2 3": letters spaced out like digits
		case (n.k == tNum || n.k == tMix) && n.f&fNL == 0 && !s.glued(k+1):
			k++ // "2219 4406 18", "8KLM 221"
		default:
			v.t1 = k + 1
			v.end = int(p.e)
			return v.digits > 0
		}
	}
}

// piece reports whether token k can be part of a code. A first piece that is
// only letters must be a short upper-case prefix followed by digits ("MHP-",
// "O 263"); later pieces may be letters after a dash ("-X").
func (s *scratch) piece(k int, first bool) bool {
	t := s.at(k)
	switch t.k {
	case tNum, tMix:
		return true
	case tWord:
		if t.e-t.s > 6 || s.lex(k).fl&fxConnSym != 0 {
			return false
		}
		if t.f&fUp == 0 {
			// a lower-case prefix typed in a hurry: "zgp 448 120 977"
			if !first || t.lx != 0 || t.e-t.s > 4 || t.f&fCap != 0 {
				return false
			}
			n := s.at(k + 1)
			return n.k == tNum && n.f&fNL == 0
		}
		if !first {
			return true
		}
		n := s.at(k + 1)
		if n.k == tNum || n.k == tMix {
			return n.f&fNL == 0
		}
		return n.k == tPunct && n.c == '-' && s.glued(k+1) && s.glued(k+2) && (s.at(k+2).k == tNum || s.at(k+2).k == tMix)
	}
	return false
}

// valueFits applies the per-kind rules to a value.
func (s *scratch) valueFits(l *label, v *value, sym, adj bool) bool {
	minDigits := 4
	switch l.kind {
	case Device:
		minDigits = 3
	case partial:
		return v.letters == 0 && v.digits >= 4 && v.digits <= 6
	case Vehicle:
		if v.alnum == 17 && v.letters > 0 {
			return true // a VIN
		}
		if v.alnum < 4 || v.alnum > 8 || v.digits == 0 {
			return false
		}
		return !l.amb || v.letters > 0
	case SSN:
		return v.digits == 9
	}
	if v.digits < minDigits {
		return false
	}
	// A pure number right after an ordinary word ("account for 2024") needs
	// a symbol or a longer number to be an identifier.
	if v.letters == 0 && !sym {
		if isYear(s, v) {
			return false
		}
		if l.amb && v.digits < 6 {
			return false // "a record 12000 flu shots", "account 2020"
		}
		if !adj && v.digits < 5 {
			return false
		}
	}
	return true
}

func isYear(s *scratch, v *value) bool {
	if v.t1 != v.t0+1 {
		return false
	}
	n := s.num(v.t0)
	return s.at(v.t0).e-s.at(v.t0).s == 4 && n >= 1900 && n <= 2099
}

func (s *scratch) fillValue(m *Match, l *label, v *value) {
	if v.spelled {
		m.Digits = s.runDigits(&v.r, 0, v.r.n)
	} else {
		raw := s.text[v.start:v.end]
		if v.digits == len(raw) {
			m.Digits = raw
		} else {
			b := make([]byte, 0, v.digits)
			for i := 0; i < len(raw); i++ {
				if isDigit(raw[i]) {
					b = append(b, raw[i])
				}
			}
			m.Digits = string(b)
		}
		if v.letters > 0 {
			m.Value = raw
		}
	}
	if l.kind == SSN {
		if len(m.Digits) != 9 {
			m.Digits = ""
			return
		}
		var d [9]byte
		copy(d[:], m.Digits)
		m.Strong = ssnValid(d[:])
	}
	if l.kind == Vehicle && v.alnum == 17 {
		m.Strong = m.Strong || vinValid(s.text[v.start:v.end])
	}
}
