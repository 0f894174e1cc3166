package scan

// Ages: "47-year-old", "47 year old", "2 wk old", "47 y/o", "47yo", "47 yo M",
// "age 92", "aged 90", "turned 95", "happy 94th", "10th birthday", "de 47
// años", "tiene 3 años", "a los 6 años", "Walter Price, 97,", "Jenny is now
// 12". Numbers may be words ("ninety-two-year-old", "de cinco años").
// Digits holds the number, Value the unit (years, months, weeks, days).
// Group ages ("ages 3-5", "age 65 and up", "4-year-olds") are not one
// person's age and are skipped.

func (s *scratch) scanAges(dst []Match) []Match {
	for k := 0; k < len(s.toks); k++ {
		t := &s.toks[k]
		if t.k == tWord && t.lx == 0 {
			continue // an ordinary word starts nothing here
		}
		var m Match
		var end int
		ok := false
		switch t.k {
		case tMix:
			m, end, ok = s.ageMix(k)
			if !ok {
				m, end, ok = s.ageOrdinal(k)
			}
		case tNum:
			m, end, ok = s.ageNumber(k)
			if !ok {
				m, end, ok = s.ageAside(k)
			}
		case tWord:
			e := s.lex(k)
			switch {
			case e.fl&fxAgeCue != 0:
				m, end, ok = s.ageCue(k)
			case e.fl&fxTurn != 0:
				m, end, ok = s.ageTurn(k)
			case e.fl&fxHappy != 0:
				m, end, ok = s.ageHappy(k)
			case e.fl&fxIs != 0:
				m, end, ok = s.ageIs(k)
			case e.num >= 0 || t.e-t.s == 1 && s.is(k, wA) && s.is(k+1, wHundred):
				m, end, ok = s.ageNumber(k)
			}
		case tPunct:
			if t.c == '(' {
				m, end, ok = s.ageAside(k)
			}
		}
		if !ok {
			continue
		}
		m.Kind = Age
		// "47 yo M", "14 y/o F"
		if x := s.at(end); x.k == tWord && s.lex(end).fl&fxSex != 0 && !s.glued(end) {
			end++
			m.End = int(x.e)
		}
		dst = append(dst, m)
		k = end - 1
	}
	return dst
}

func ageMatch(start, end int32, v int, u int8, strong bool) Match {
	if v < 0 || v >= len(smallNums) {
		v = 0
	}
	return Match{Start: int(start), End: int(end), Digits: smallNums[v], Value: unitNames[u], Strong: strong}
}

// unitOld reads "-year-old", " year old", " y/o", " yo", " yrs old", "years
// of age" at token j and returns the unit and the token after.
func (s *scratch) unitOld(j int) (int8, int, bool) {
	dash := false
	if s.isPunct(j, '-') && s.glued(j+1) {
		j++
		dash = true
	}
	t := s.at(j)
	if t.k != tWord {
		return 0, 0, false
	}
	w := s.str(j)
	if s.is(j, wYo) || s.is(j, wYom) || s.is(j, wYof) {
		return uYear, j + 1, true
	}
	e := s.lex(j)
	if e.unit == 0 || e.fl&fxYearWord != 0 {
		return 0, 0, false
	}
	if e.unit == uYear && len(w) == 1 { // y/o, y.o.
		if (s.isPunct(j+1, '/') || s.isPunct(j+1, '.')) && s.is(j+2, wO) && s.at(j+2).e-s.at(j+1).s <= 3 {
			end := j + 3
			if s.isPunct(end, '.') && s.glued(end) {
				end++
			}
			return uYear, end, true
		}
		return 0, 0, false
	}
	o := j + 1
	if s.isPunct(o, '-') && s.glued(o+1) {
		o++
	}
	if s.at(o).k == tWord && s.lex(o).fl&fxOld != 0 {
		return e.unit, o + 1, true
	}
	// "92 years of age"
	if !dash && s.at(o).k == tWord && s.is(o, wOf) && s.lex(o+1).fl&fxAgeCue != 0 && s.is(o+1, wAge) {
		return e.unit, o + 2, true
	}
	return 0, 0, false
}

// rangeBefore reports a range or comparison before the number at k: "3-5
// year olds", "3 to 5", "over 65", "más de 20 años".
func (s *scratch) rangeBefore(k int) bool {
	p := s.at(k - 1)
	if p.k == tPunct && (p.c == '$' || p.c == '.' && s.glued(k)) {
		return true
	}
	if (p.k == tPunct && p.c == '-' || p.k == tWord && s.lex(k-1).fl&fxAnd != 0) && s.at(k-2).k == tNum {
		return true
	}
	if p.k == tWord && s.lex(k-1).fl&fxAgeNeg != 0 {
		return true
	}
	// "6 months to 5 years old", "from birth to 18 years old"
	if p.k == tWord && s.lex(k-1).fl&fxAnd != 0 && (s.lex(k-2).unit > 0 && s.at(k-3).k == tNum || s.is(k-2, wBirth)) {
		return true
	}
	return p.k == tWord && s.lex(k-1).fl&fxOf != 0 && s.at(k-2).k == tWord && s.lex(k-2).fl&fxAgeNeg != 0
}

// ageNumber reads a number followed by an age unit.
func (s *scratch) ageNumber(k int) (Match, int, bool) {
	v, j, ok := s.numberAt(k)
	if !ok || v > 130 || s.rangeBefore(k) {
		return Match{}, 0, false
	}
	if s.at(k).k == tWord && s.at(j).k != tPunct && s.at(j).k != tWord {
		return Match{}, 0, false
	}
	if u, end, ok := s.unitOld(j); ok {
		if s.openEnded(end) {
			return Match{}, 0, false // "5 years old and up"
		}
		return ageMatch(s.at(k).s, s.at(end-1).e, v, u, true), end, true
	}
	// Spanish: "de 5 años", "tiene 3 años", "a los 6 años", "5 años de edad".
	e := s.lex(j)
	if s.at(j).k != tWord || e.fl&fxYearWord == 0 {
		return Match{}, 0, false
	}
	end := j + 1
	after := s.at(end)
	if after.k == tWord && s.lex(end).fl&fxOf != 0 {
		if s.at(end+1).k == tWord && s.is(end+1, wEdad) {
			return ageMatch(s.at(k).s, s.at(end+1).e, v, e.unit, true), end + 2, true
		}
		if s.duration(end + 1) {
			return Match{}, 0, false // "12 años de experiencia"
		}
	}
	if after.k == tWord && (s.is(end, wEn) || s.is(end, wTrabajando) || s.is(end, wAqui)) {
		return Match{}, 0, false
	}
	// "de 6 meses a 5 años": a range for a group
	if after.k == tWord && s.lex(end).fl&fxAnd != 0 && (s.at(end+1).k == tNum || s.lex(end+1).num >= 0) {
		return Match{}, 0, false
	}
	p := s.lex(k - 1)
	start := k
	switch {
	case (s.isPunct(k-1, ',') || s.isPunct(k-1, '(')) && s.nameBefore(k-1):
		// "Doña Rosa, 90 años", "Rosa (90 años)"
	case s.at(k-1).k != tWord:
		return Match{}, 0, false
	case p.fl&(fxTiene|fxTurn) != 0:
		start = k - 1
	case s.is(k-1, wDe) || s.is(k-1, wCon) || s.is(k-1, wLos):
		if s.lex(k-2).fl&fxAgeNeg != 0 {
			return Match{}, 0, false
		}
		start = k - 1
	default:
		return Match{}, 0, false
	}
	return ageMatch(s.at(start).s, s.at(end-1).e, v, e.unit, true), end, true
}

// ageMix reads "47yo", "3yo", "47y/o", "6mo old", "47yr-old", "45yom".
func (s *scratch) ageMix(k int) (Match, int, bool) {
	t := s.at(k)
	w := s.text[t.s:t.e]
	i := 0
	for i < len(w) && isDigit(w[i]) {
		i++
	}
	if i == 0 || i > 3 || s.rangeBefore(k) {
		return Match{}, 0, false
	}
	if len(w)-i > 3 || !isLetter(w[len(w)-1]) {
		return Match{}, 0, false // "XGP448120977", "3rd" are read elsewhere
	}
	v := atoi(w[:i])
	if v > 130 {
		return Match{}, 0, false
	}
	var arr [8]byte
	suf, ok := foldTo(arr[:], w[i:])
	if !ok {
		return Match{}, 0, false
	}
	switch string(suf) {
	case "yo", "yom", "yof":
		return ageMatch(t.s, t.e, v, uYear, true), k + 1, true
	case "y":
		if (s.isPunct(k+1, '/') || s.isPunct(k+1, '.')) && s.glued(k+1) && s.is(k+2, wO) && s.glued(k+2) {
			end := k + 3
			if s.isPunct(end, '.') && s.glued(end) {
				end++
			}
			return ageMatch(t.s, s.at(end-1).e, v, uYear, true), end, true
		}
	}
	// "a 47M with chest pain", "62F w/ SOB": clinical shorthand, upper case
	// only, before a clinical word or in a comma list ("bed 4, 82F, s/p").
	if len(suf) == 1 && (w[i] == 'M' || w[i] == 'F') && v > 0 && v <= 110 &&
		(s.clinicalAfter(k+1) || s.isPunct(k-1, ',') && s.isPunct(k+1, ',')) {
		return ageMatch(t.s, t.e, v, uYear, true), k + 1, true
	}
	u := lexUnit(string(suf))
	if u == 0 {
		return Match{}, 0, false
	}
	o := k + 1
	if s.isPunct(o, '-') && s.glued(o+1) {
		o++
	}
	if s.at(o).k == tWord && s.lex(o).fl&fxOld != 0 {
		return ageMatch(t.s, s.at(o).e, v, u, true), o + 1, true
	}
	// "a 3mo with RSV", "our 2wk": shorthand after an article is an age,
	// "in 3mo" is a delay.
	if len(suf) > 1 && s.at(k-1).k == tWord && s.lex(k-1).fl&fxDet != 0 && s.at(k+1).k != tNum {
		return ageMatch(t.s, t.e, v, u, false), k + 1, true
	}
	return Match{}, 0, false
}

func lexUnit(w string) int8 {
	if i, ok := lexIdx[w]; ok {
		return lexTab[i-1].unit
	}
	return 0
}

// ageOrdinal reads "10th birthday", "94th bday".
func (s *scratch) ageOrdinal(k int) (Match, int, bool) {
	v := s.ordinal(k)
	if v < 1 || v > 130 {
		return Match{}, 0, false
	}
	if s.at(k+1).k == tWord && s.lex(k+1).fl&fxBirthday != 0 {
		return ageMatch(s.at(k).s, s.at(k+1).e, v, uYear, false), k + 2, true
	}
	return Match{}, 0, false
}

// ageHappy reads "happy 94th (birthday)".
func (s *scratch) ageHappy(k int) (Match, int, bool) {
	v := s.ordinal(k + 1)
	if v < 1 || v > 130 {
		return Match{}, 0, false
	}
	end := k + 2
	if s.at(end).k == tWord && s.lex(end).fl&fxBirthday != 0 {
		end++
	} else if s.at(end).k == tWord && s.lex(end).fl&(fxStop|fxConnWord) == 0 {
		return Match{}, 0, false // "happy 5th work anniversary", "happy 1st day of school"
	}
	return ageMatch(s.at(k).s, s.at(end-1).e, v, uYear, false), end, true
}

// ageCue reads "age 92", "aged 90", "age: 4", "edad 47", unless it is a group
// ("age 65 and up", "ages 6-12", "under age 5").
func (s *scratch) ageCue(k int) (Match, int, bool) {
	// "under age 5", "until age 1", "by age 2": a rule for everyone
	if p := k - 1; s.at(p).k == tWord && (s.lex(p).fl&fxAgeNeg != 0 || s.is(p, wUntil) || s.is(p, wBy) || s.is(p, wBefore) || s.is(p, wTill) || s.is(p, wFrom) || s.is(p, wStarting)) {
		return Match{}, 0, false
	}
	j := k + 1
	if s.isPunct(j, ':') || s.at(j).k == tWord && s.is(j, wOf) {
		j++
	}
	v, end, ok := s.numberAt(j)
	if !ok || v > 130 || s.openEnded(end) {
		return Match{}, 0, false
	}
	if s.at(end).k == tWord && s.lex(end).unit > 0 && s.lex(end).fl&fxYearWord != 0 {
		end++ // "edad 47 años"
	}
	return ageMatch(s.at(k).s, s.at(end-1).e, v, uYear, true), end, true
}

// openEnded reports "+", "and up", "or older", "-12", "to 18", "y mayores"
// after an age.
func (s *scratch) openEnded(j int) bool {
	t := s.at(j)
	if t.k == tPunct && (t.c == '+' || t.c == '-' && (s.at(j+1).k == tNum || s.at(j+1).k == tMix)) {
		return true
	}
	if t.k == tWord && s.lex(j).fl&fxAnd != 0 {
		if s.at(j+1).k == tNum || s.lex(j+1).fl&fxAgeOpen != 0 {
			return true
		}
	}
	return t.k == tWord && s.lex(j).fl&fxAgeOpen != 0
}

// ageTurn reads "turned 95", "turns 3 today", "cumplió 90 años".
func (s *scratch) ageTurn(k int) (Match, int, bool) {
	v, end, ok := s.numberAt(k + 1)
	if !ok || v > 130 || v < 1 {
		return Match{}, 0, false
	}
	strong := false
	if s.at(end).k == tWord && s.lex(end).unit == uYear && len(s.str(end)) > 1 {
		end++
		strong = true
	}
	if n := s.at(end); n.k == tWord && s.lex(end).fl&fxAfterAge == 0 || n.k == tNum || n.k == tMix || n.k == tPunct && (n.c == '%' || n.c == ':' || n.c == '/') {
		return Match{}, 0, false
	}
	return ageMatch(s.at(k).s, s.at(end-1).e, v, uYear, strong), end, true
}

// ageIs reads "Jenny is now 12", "Aiden is 6." after a capitalised name.
func (s *scratch) ageIs(k int) (Match, int, bool) {
	j := k + 1
	if s.at(j).k == tWord && s.lex(j).fl&fxNow != 0 {
		j++
	}
	v, end, ok := s.numberAt(j)
	if !ok || v < 1 || v > 120 {
		return Match{}, 0, false
	}
	// "is 101 today" is a birthday whoever the subject is; otherwise the
	// subject must look like a name ("Jenny is now 12").
	today := s.is(end, wToday) || s.is(end, wHoy)
	p := s.at(k - 1)
	if !today && (p.k != tWord || p.f&fCap == 0 || p.f&fUp != 0 && p.e-p.s > 1 || s.lex(k-1).fl&(fxStop|fxConnWord) != 0) {
		return Match{}, 0, false
	}
	if q := k - 1; s.is(q, wIt) || s.is(q, wThis) || s.is(q, wThere) || s.is(q, wThat) || s.is(q, wWhat) || s.is(q, wWhich) || s.is(q, wWho) || s.is(q, wHere) {
		return Match{}, 0, false
	}
	// "the twins are ONE today": a number word only before "today"
	if s.at(j).k == tWord && !(s.at(end).k == tWord && (s.is(end, wToday) || s.is(end, wHoy))) {
		return Match{}, 0, false
	}
	if n := s.at(end); n.k == tWord && s.lex(end).fl&(fxAfterAge|fxAnd) == 0 || n.k == tNum || n.k == tMix || n.k == tPunct && n.c != '.' && n.c != '!' && n.c != ',' && n.c != ')' && n.c != 0 {
		return Match{}, 0, false
	}
	return ageMatch(s.at(j).s, s.at(end-1).e, v, uYear, false), end, true
}

// ageAside reads an age set off after a name: "Walter Price (97!)",
// "Walter Price, 97, of Lakeside".
func (s *scratch) ageAside(k int) (Match, int, bool) {
	if s.isPunct(k, '(') {
		n := k + 1
		if s.at(n).k != tNum || s.tlen(n) < 2 || s.tlen(n) > 3 {
			return Match{}, 0, false
		}
		v := s.num(n)
		e := n + 1
		if s.isPunct(e, '!') {
			e++
		}
		if !s.isPunct(e, ')') || v < 13 || v > 120 || !s.nameBefore(k) {
			return Match{}, 0, false
		}
		return ageMatch(s.at(k).s, s.at(e).e, v, uYear, false), e + 1, true
	}
	// ", 97,"
	if !s.isPunct(k-1, ',') || !s.isPunct(k+1, ',') || s.tlen(k) < 2 || s.tlen(k) > 3 || !s.nameBefore(k-1) {
		return Match{}, 0, false
	}
	v := s.num(k)
	if v < 13 || v > 120 {
		return Match{}, 0, false
	}
	return ageMatch(s.at(k).s, s.at(k).e, v, uYear, false), k + 1, true
}

// nameBefore reports a capitalised word (not all capitals) right before k.
func (s *scratch) nameBefore(k int) bool {
	p := s.at(k - 1)
	return p.k == tWord && p.f&fCap != 0 && (p.f&fUp == 0 || p.e-p.s == 1) && s.lex(k-1).fl&(fxStop|fxConnWord) == 0 && s.lex(k-1).month == 0
}

// duration reports a noun that makes "N años de ..." a span of time rather
// than an age: experiencia, servicio, casados...
func (s *scratch) duration(k int) bool {
	if s.at(k).k != tWord {
		return false
	}
	var arr [16]byte
	b, ok := foldTo(arr[:], s.str(k))
	if !ok {
		return false
	}
	switch string(b) {
	case "experiencia", "servicio", "trabajo", "carrera", "práctica", "practica", "casados", "casada", "casado",
		"matrimonio", "antigüedad", "antiguedad", "sobriedad", "estudio", "estudios", "garantía", "garantia":
		return true
	}
	return false
}

// clinicalAfter reports the words that follow a case's age and sex in
// clinical shorthand: "w/", "with", "presenting", "hx", "c/o", "s/p".
func (s *scratch) clinicalAfter(k int) bool {
	if s.at(k).k != tWord {
		return false
	}
	if (s.is(k, wW) || s.is(k, wC) || s.is(k, wS)) && s.isPunct(k+1, '/') {
		return true
	}
	return s.is(k, wWith) || s.is(k, wPresenting) || s.is(k, wPresents) || s.is(k, wPresented) || s.is(k, wHx) || s.is(k, wPmh) || s.is(k, wWho)
}
