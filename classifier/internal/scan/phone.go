package scan

// Phones and faxes follow the NANP plan: a 3-digit area code and a 3-digit
// exchange that start with 2-9 and are not N11 service codes, then 4 digits,
// optionally after a +1 or 1 country code.

func nanpOK(d []byte) bool {
	return len(d) == 10 && d[0] >= '2' && d[3] >= '2' &&
		!(d[1] == '1' && d[2] == '1') && !(d[4] == '1' && d[5] == '1')
}

// scanRuns reads every digit run once and classifies it as phones, faxes,
// SSNs and card numbers.
func (s *scratch) scanRuns(dst []Match) []Match {
	var r run
	for k := 0; k < len(s.toks); k++ {
		t := &s.toks[k]
		if t.k != tNum && !(t.k == tWord && t.lx != 0 && lexTab[t.lx-1].fl&(fxDigitWord|fxNumWord) != 0) && !(t.k == tMix && leetDigits(s.text[t.s:t.e])) {
			continue
		}
		if !s.buildRun(k, &r) {
			continue
		}
		if r.nd >= 7 && !s.isPunct(r.t0-1, '$') {
			dst = s.classifyRun(&r, dst)
		}
		k = r.t1 - 1
	}
	return dst
}

func (s *scratch) classifyRun(r *run, dst []Match) []Match {
	coded := s.joinedBefore(r.t0) || s.joinedAfter(r.t1-1)
	for g := 0; g < r.n; {
		if n, m, ok := s.phoneAt(r, g, coded); ok {
			dst = append(dst, m)
			g += n
			continue
		}
		if n, m, ok := s.ssnAt(r, g, coded); ok {
			dst = append(dst, m)
			g += n
			continue
		}
		if n, m, ok := s.cardAt(r, g); ok {
			dst = append(dst, m)
			g += n
			continue
		}
		g++
	}
	return dst
}

// phoneAt tries a phone number starting at group g and returns how many
// groups it used.
func (s *scratch) phoneAt(r *run, g int, coded bool) (int, Match, bool) {
	if coded {
		return 0, Match{}, false
	}
	var n int
	lead := false // starts with the country code 1
	strong := true
	switch {
	case r.shape(g, 1, 3, 3, 4) && r.d[r.goff[g]] == '1':
		n, lead = 4, true
	case r.shape(g, 3, 3, 4):
		n = 3
	case r.shape(g, 3, 7) && r.gsep[g+1] == ')':
		n = 2 // "(555)2013300"
	case r.shape(g, 10):
		n = 1
		strong = r.spaced || r.words
	case r.shape(g, 11) && r.d[r.goff[g]] == '1':
		n, lead = 1, true
		strong = r.spaced || r.words
	case g == 0 && r.words && (r.nd == 10 || r.nd == 11 && r.d[0] == '1') && r.n > 1:
		// Spelled in pairs or any grouping: "cincuenta y cinco, doce, treinta
		// y cuatro, ..."; the grouping of spoken numbers means nothing.
		n, lead = r.n, r.nd == 11
		strong = true
	case r.shape(g, 3, 4) && r.n == g+2 && (r.gsep[g+1] == '-' || r.gsep[g+1] == '.'):
		// A 7-digit local number only with a cue: "call 201-3300".
		if r.d[r.goff[g]] < '2' || !s.hasWordFlag(int(r.gt[g]), 4, fxPhoneCue|fxFax) {
			return 0, Match{}, false
		}
		m := Match{Kind: Phone, Start: int(r.gs[g]), End: int(r.ge[g+1]), Digits: s.runDigits(r, g, g+2), Strong: true}
		if s.hasWordFlag(int(r.gt[g]), 5, fxFax) {
			m.Kind = Fax
		}
		return 2, m, true
	default:
		return s.foreignPhone(r, g)
	}
	a := int(r.goff[g])
	b := int(r.goff[g+n-1]) + int(r.glen[g+n-1])
	d := r.d[a:b]
	if lead {
		d = d[1:]
	}
	if !nanpOK(d) {
		return 0, Match{}, false
	}
	start := int(r.gs[g])
	if r.gsep[g] == '(' {
		start = int(r.gp[g])
	} else if g == 0 && r.open >= 0 && n > 1 && r.gsep[1] == ')' {
		start = int(r.open)
	}
	if g == 0 && r.plus >= 0 && lead {
		start = int(r.plus)
	}
	if !strong && s.hasWordFlag(int(r.gt[g]), 4, fxPhoneCue|fxFax) {
		strong = true
	}
	m := Match{Kind: Phone, Start: start, End: int(r.ge[g+n-1]), Strong: strong}
	if lead {
		m.Digits = string(d)
	} else {
		m.Digits = s.runDigits(r, g, g+n)
	}
	if s.hasWordFlag(int(r.gt[g]), 5, fxFax) {
		m.Kind = Fax
	}
	return n, m, true
}

// cardAt finds payment card numbers (13-19 digits, Luhn-valid), reported as
// account numbers.
func (s *scratch) cardAt(r *run, g int) (int, Match, bool) {
	var n int
	switch {
	case r.shape(g, 4, 4, 4, 4):
		n = 4
	case r.shape(g, 4, 6, 5):
		n = 3
	case r.n > g && r.glen[g] >= 13 && r.glen[g] <= 19:
		n = 1
	default:
		return 0, Match{}, false
	}
	a := int(r.goff[g])
	b := int(r.goff[g+n-1]) + int(r.glen[g+n-1])
	if !luhn(r.d[a:b]) {
		return 0, Match{}, false
	}
	return n, Match{Kind: Account, Start: int(r.gs[g]), End: int(r.ge[g+n-1]), Digits: s.runDigits(r, g, g+n), Strong: true}, true
}

func luhn(d []byte) bool {
	sum := 0
	alt := false
	for i := len(d) - 1; i >= 0; i-- {
		v := int(d[i] - '0')
		if alt {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
		alt = !alt
	}
	return sum%10 == 0 && sum > 0
}

// foreignPhone accepts a number outside the NANP shapes ("55 1234 5678",
// "+52 55 1234 5678", "020 7946 0958") when a phone word comes before it:
// 10 to 13 digits in groups of 2 to 4.
func (s *scratch) foreignPhone(r *run, g int) (int, Match, bool) {
	if g != 0 || r.n < 2 || r.nd < 10 || r.nd > 13 {
		return 0, Match{}, false
	}
	for i := 0; i < r.n; i++ {
		if r.glen[i] > 4 || r.glen[i] < 2 && !(i == 0 && r.plus >= 0) {
			return 0, Match{}, false
		}
	}
	if !s.hasWordFlag(int(r.gt[0]), 4, fxPhoneCue|fxFax) {
		return 0, Match{}, false
	}
	start := int(r.gs[0])
	if r.plus >= 0 {
		start = int(r.plus)
	} else if r.open >= 0 && r.gsep[1] == ')' {
		start = int(r.open)
	}
	m := Match{Kind: Phone, Start: start, End: int(r.ge[r.n-1]), Digits: s.runDigits(r, 0, r.n), Strong: true}
	if s.hasWordFlag(int(r.gt[0]), 5, fxFax) {
		m.Kind = Fax
	}
	return r.n, m, true
}
