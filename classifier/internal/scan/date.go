package scan

// Dates: numeric (3/2, 3/14/2023, 2023-03-14, 14.03.2023), with month names
// in English and Spanish ("March 3", "Mar 3rd, 2023", "3 de marzo", "the 14th
// of May"), "on the 14th", a month after "in"/"en" ("in March"), and
// weekdays only with something that pins them down ("next Thursday",
// "Thursday at 10:15", "el jueves pasado"). A year alone is not a date.
// Strong is set when a life-event cue precedes the date (born, DOB,
// admitted, discharged, died, surgery, appointment, nació, cita...).

func (s *scratch) scanDates(dst []Match) []Match {
	for k := 0; k < len(s.toks); k++ {
		t := &s.toks[k]
		if t.k == tWord && t.lx == 0 {
			continue // an ordinary word starts nothing here
		}
		start, end, ok := k, 0, false
		switch t.k {
		case tNum:
			if end, ok = s.numericDate(k); !ok {
				end, ok = s.dayMonth(k)
			}
		case tMix:
			end, ok = s.dayMonth(k)
		case tWord:
			e := s.lex(k)
			switch {
			case e.month > 0:
				end, ok = s.monthDay(k)
			case e.wday > 0:
				start, end, ok = s.weekdayDate(k)
			case e.fl&fxOrdPrep != 0:
				end, ok = s.onThe(k)
			case s.is(k, wPrimero) || e.ord > 0:
				end, ok = s.dayMonth(k)
			}
		}
		if !ok {
			continue
		}
		// "Tuesday, March 3": take the weekday in.
		if w := start - 1; s.isPunct(w, ',') && s.lex(w-1).wday > 0 {
			start = w - 1
		} else if s.lex(w).wday > 0 && s.at(w).k == tWord {
			start = w
		}
		m := Match{Kind: Date, Start: int(s.at(start).s), End: int(s.at(end - 1).e)}
		m.Strong = s.hasWordFlag(start, 5, fxDateCue) || s.dueDate(start)
		dst = append(dst, m)
		k = end - 1
	}
	return dst
}

// numericDate reads 3/14/2023, 3-14-23, 2023-03-14, 14.03.2023 or 3/2.
func (s *scratch) numericDate(k int) (int, bool) {
	if p := s.at(k - 1); p.k == tPunct && s.glued(k) && (p.c == '$' || p.c == '/' || p.c == '.' || p.c == ':') {
		return 0, false
	}
	sep := s.at(k + 1)
	if sep.k != tPunct || (sep.c != '/' && sep.c != '-' && sep.c != '.') || !s.glued(k+1) || !s.glued(k+2) || s.at(k+2).k != tNum {
		return 0, false
	}
	la, lb := s.tlen(k), s.tlen(k+2)
	a, b := s.num(k), s.num(k+2)
	if s.isPunct(k+3, sep.c) && s.glued(k+3) && s.glued(k+4) && s.at(k+4).k == tNum {
		lc := s.tlen(k + 4)
		c := s.num(k + 4)
		if n := s.at(k + 5); n.k == tPunct && s.glued(k+5) && (n.c == '/' || n.c == '.' || n.c == '-' || n.c == ':') && s.at(k+6).k == tNum && s.glued(k+6) {
			return 0, false // 1.2.3.4, 1-2-3-4: not a date
		}
		switch {
		case la == 4 && lb <= 2 && lc <= 2:
			if a >= 1900 && a <= 2099 && b >= 1 && b <= 12 && c >= 1 && c <= 31 {
				return k + 5, true
			}
		case la <= 2 && lb <= 2 && (lc == 4 || lc == 2 && sep.c != '.'):
			if lc == 4 && (c < 1900 || c > 2099) {
				return 0, false
			}
			if (a >= 1 && a <= 12 && b >= 1 && b <= 31) || (a >= 1 && a <= 31 && b >= 1 && b <= 12) {
				return k + 5, true
			}
		}
		return 0, false
	}
	// Two parts: only M/D with a slash; "9-12" is a range, "1.5" a decimal.
	// D/M ("el 25/12") only after a preposition or a cue: "24/7" is not one.
	if sep.c != '/' || la > 2 || lb > 2 || a < 1 || b < 1 || b > 31 {
		return 0, false
	}
	if a > 12 {
		p := s.lex(k - 1)
		if a > 31 || b > 12 || s.at(k-1).k != tWord || p.fl&(fxDatePrep|fxDateCue) == 0 && !s.is(k-1, wEl) && !s.is(k-1, wDel) {
			return 0, false
		}
	}
	if n := s.at(k + 3); n.k == tPunct && s.glued(k+3) && (n.c == '/' || n.c == '%') {
		return 0, false
	}
	if s.lex(k+3).fl&fxUnit != 0 && s.at(k+3).k == tWord {
		return 0, false // "1/2 cup", "3/4 of"
	}
	return k + 3, true
}

func (s *scratch) tlen(k int) int { t := s.at(k); return int(t.e - t.s) }

// ordinal returns the value of "3rd", "14th", "1ro", "1º", or -1.
func (s *scratch) ordinal(k int) int {
	t := s.at(k)
	if t.k != tMix {
		return -1
	}
	w := s.text[t.s:t.e]
	i := 0
	for i < len(w) && isDigit(w[i]) {
		i++
	}
	if i == 0 || i > 3 {
		return -1
	}
	var arr [8]byte
	suf, ok := foldTo(arr[:], w[i:])
	if !ok {
		return -1
	}
	switch string(suf) {
	case "st", "nd", "rd", "th", "ro", "er", "ero", "do", "to", "vo", "no", "mo", "º", "ª", "a", "o":
		return atoi(w[:i])
	}
	return -1
}

// day returns the day-of-month value of token k (number or ordinal), or -1.
func (s *scratch) day(k int) int {
	t := s.at(k)
	v := -1
	switch t.k {
	case tWord:
		if s.is(k, wPrimero) {
			v = 1 // "el primero de mayo"
		} else if o := s.lex(k).ord; o > 0 {
			v = int(o) // "March third", "the fourteenth of May"
		}
	case tNum:
		if t.e-t.s <= 2 {
			v = s.num(k)
		}
	case tMix:
		v = s.ordinal(k)
	}
	if v < 1 || v > 31 {
		return -1
	}
	return v
}

func (s *scratch) year(k int) bool {
	n := s.num(k)
	return s.tlen(k) == 4 && n >= 1900 && n <= 2099
}

// yearAfter extends a date over ", 2023", " 2023", "de 2023", "del 2023".
func (s *scratch) yearAfter(j int) int {
	switch {
	case s.year(j):
		return j + 1
	case (s.isPunct(j, ',') || s.lex(j).fl&fxOf != 0 && s.at(j).k == tWord) && s.year(j+1):
		return j + 2
	}
	return j
}

// monthOK reports whether the month word at k can be read as a month here:
// "may" and "march" are ordinary words unless capitalised.
func (s *scratch) monthOK(k int) bool {
	e := s.lex(k)
	return e.fl&fxMonthAmb == 0 || s.at(k).f&fCap != 0
}

// monthDay reads "March 3", "Mar. 3rd, 2023", "March 2023", "in March".
func (s *scratch) monthDay(k int) (int, bool) {
	e := s.lex(k)
	j := k + 1
	if e.fl&fxMonthAbbr != 0 && s.isPunct(j, '.') && s.glued(j) {
		j++
	}
	if d := s.day(j); d > 0 && !(s.isPunct(j+1, ':') && s.glued(j+1)) && !(s.isPunct(j+1, '/') && s.glued(j+1)) {
		if !s.monthOK(k) && !s.year(s.yearAfter(j+1)-1) {
			return 0, false
		}
		end := j + 1
		// "March 3-5"
		if p := s.at(end); p.k == tPunct && p.c == '-' && s.day(end+1) > 0 && s.tlen(end+1) <= 2 {
			end += 2
		}
		return s.yearAfter(end), true
	}
	if y := s.yearAfter(j); y > j {
		if !s.monthOK(k) {
			return 0, false
		}
		return y, true
	}
	// A month alone is a date element only after a preposition.
	if e.fl&fxMonthAbbr != 0 || !s.monthOK(k) {
		return 0, false
	}
	if p := s.lex(k - 1); s.at(k-1).k == tWord && p.fl&(fxDatePrep|fxRelMod|fxDateCue|fxOf) != 0 {
		return k + 1, true
	}
	return 0, false
}

// dayMonth reads "3 March", "14th of May", "3 de marzo de 2023", "1ro de junio".
func (s *scratch) dayMonth(k int) (int, bool) {
	if s.day(k) < 0 {
		return 0, false
	}
	if p := s.at(k - 1); p.k == tPunct && s.glued(k) && (p.c == '$' || p.c == '#' || p.c == '/' || p.c == '-' || p.c == '.') {
		return 0, false
	}
	j := k + 1
	var dash byte // "14-Mar-2023", "14/Mar/23"
	if p := s.at(j); p.k == tPunct && (p.c == '-' || p.c == '/') && s.glued(j) && s.glued(j+1) {
		dash = p.c
		j++
	} else if s.at(j).k == tWord && s.lex(j).fl&fxOf != 0 {
		j++
	}
	m := s.lex(j)
	if m.month == 0 || s.at(j).k != tWord {
		return 0, false
	}
	end := j + 1
	if m.fl&fxMonthAbbr != 0 && s.isPunct(end, '.') && s.glued(end) {
		end++
	}
	if dash != 0 {
		if s.isPunct(end, dash) && s.glued(end) && s.glued(end+1) && s.at(end+1).k == tNum && (s.tlen(end+1) == 2 || s.year(end+1)) {
			return end + 2, true
		}
		return end, true
	}
	y := s.yearAfter(end)
	if !s.monthOK(j) && y == end {
		return 0, false
	}
	return y, true
}

// onThe reads "on the 14th", "by the 3rd of June".
func (s *scratch) onThe(k int) (int, bool) {
	if s.at(k+1).k != tWord || s.lex(k+1).fl&fxThe == 0 {
		return 0, false
	}
	o := k + 2
	if s.at(o).k == tWord {
		if s.lex(o).ord <= 0 {
			return 0, false
		}
	} else if s.ordinal(o) < 1 || s.ordinal(o) > 31 {
		return 0, false
	}
	if end, ok := s.dayMonth(o); ok {
		return end, true
	}
	n := s.at(o + 1)
	if n.k == tWord && s.lex(o+1).fl&(fxStop|fxAt|fxOf) == 0 && s.lex(o+1).wday == 0 {
		return 0, false // "on the 3rd floor", "for the 2nd time"
	}
	if n.k == tNum || n.k == tMix {
		return 0, false
	}
	return o + 1, true
}

// weekdayDate reads a weekday pinned down by a modifier or a time.
func (s *scratch) weekdayDate(k int) (start, end int, ok bool) {
	if s.weekdayIsWord(k) {
		return 0, 0, false
	}
	// Followed by a date: "Tuesday, March 3" is read from the date.
	j := k + 1
	if s.isPunct(j, ',') {
		j++
	}
	if s.at(j).k == tNum || s.at(j).k == tMix || s.lex(j).month > 0 {
		if e, ok := s.dayOrMonthDate(j); ok {
			return k, e, true
		}
	}
	if s.schedule(k) {
		return 0, 0, false
	}
	start, end = k, k+1
	if p := s.lex(k - 1); s.at(k-1).k == tWord && p.fl&fxRelMod != 0 {
		start, ok = k-1, true
	}
	if n := s.at(k + 1); n.k == tWord && (s.is(k+1, wPasado) || s.is(k+1, wPasada)) {
		end, ok = k+2, true
	}
	if e := s.timeAfter(end); e > end {
		end, ok = e, true
	}
	// "admitted Monday", "surgery on Tuesday": a life event pins it down.
	c := k - 1
	if s.at(c).k == tWord && s.lex(c).fl&fxOrdPrep != 0 {
		c--
	}
	if s.at(c).k == tWord && s.lex(c).fl&fxDateCue != 0 {
		ok = true
	}
	return start, end, ok
}

func (s *scratch) dayOrMonthDate(j int) (int, bool) {
	if s.at(j).k == tWord {
		return s.monthDay(j)
	}
	if e, ok := s.numericDate(j); ok {
		return e, true
	}
	return s.dayMonth(j)
}

// timeAfter reads "at 10:15", "at 3pm", "a las 10" after token j.
func (s *scratch) timeAfter(j int) int {
	if s.at(j).k != tWord || s.lex(j).fl&fxAt == 0 {
		return j
	}
	k := j + 1
	if s.at(k).k == tWord && s.lex(k).fl&fxAt != 0 { // "a las"
		k++
	}
	t := s.at(k)
	switch t.k {
	case tNum:
		if t.e-t.s > 2 || s.num(k) > 24 {
			return j
		}
		e := k + 1
		if s.isPunct(e, ':') && s.glued(e) && (s.at(e+1).k == tNum || s.at(e+1).k == tMix) && s.glued(e+1) {
			e += 2
		}
		if s.at(e).k == tWord && s.lex(e).fl&fxAmPm != 0 {
			e++
		}
		return e
	case tMix:
		w := s.text[t.s:t.e]
		if len(w) >= 3 && isDigit(w[0]) && (lower(w[len(w)-2]) == 'a' || lower(w[len(w)-2]) == 'p') && lower(w[len(w)-1]) == 'm' {
			return k + 1
		}
	}
	return j
}

// dueDate reports "due date" just before token k ("her due date is 6/3");
// "due" alone is any deadline ("records are due by Sept 1").
func (s *scratch) dueDate(k int) bool {
	for j := k - 1; j >= 0 && j >= k-5; j-- {
		if s.is(j, wDue) && s.is(j+1, wDate) {
			return true
		}
		if s.sentenceEnd(j) {
			return false
		}
	}
	return false
}

// Weekdays returns each weekday that Scan leaves out because nothing pins
// it down ("loved seeing you Monday", "nos vemos el viernes"): not a date
// on its own, but the day of a visit once a draft is found to disclose
// one. A schedule ("every Tuesday", "los martes") and a lower-case "sun"
// or "sat" are still left out.
func Weekdays(text string, dst []Match) []Match {
	if len(text) == 0 {
		return dst
	}
	s := pool.Get().(*scratch)
	defer s.release()
	s.tokenize(text)
	if s.any&fxDateWord == 0 {
		return dst
	}
	for k := range s.toks {
		if t := s.at(k); t.k == tWord && s.lex(k).wday > 0 && !s.weekdayIsWord(k) && !s.schedule(k) {
			dst = append(dst, Match{Kind: Date, Start: int(t.s), End: int(t.e)})
		}
	}
	return dst
}

// weekdayIsWord: a lower-case "sun", "wed" or "sat" at token k is a word,
// not a day.
func (s *scratch) weekdayIsWord(k int) bool {
	t := s.at(k)
	return t.e-t.s <= 4 && t.f&fCap == 0
}

// schedule: the weekday at token k is a schedule, not a day ("every
// Tuesday at 6pm", "los martes").
func (s *scratch) schedule(k int) bool {
	return s.is(k-1, wEvery) || s.is(k-1, wEach) || s.is(k-1, wCada) || s.is(k-1, wLos)
}
