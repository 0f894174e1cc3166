package classifier

// Signals read from the shape of words rather than from lexicons: clinical
// shorthand ("pt", "G2P1", "44F"), patient words that point to particular
// people, and a newborn's weight.

import (
	"github.com/scrubs/scrubs/classifier/internal/scan"
	"github.com/scrubs/scrubs/classifier/internal/textnorm"
)

// lowerShorthand marks "pt" and "pts" typed in lower case (or as "Pt") as
// case shorthand for patient; in capitals, PT is physical therapy.
func (s *state) lowerShorthand() {
	for i := range s.t.Tokens {
		tok := &s.t.Tokens[i]
		if tok.Flags&textnorm.AllCaps != 0 {
			continue
		}
		w := s.t.Folded(i)
		switch {
		case string(w) == "pt" || string(w) == "pts":
			s.markCase(i, i+1)
		case caseNoteAge(w) && s.caseNoteContext(i):
			// "the 44F from bed 6", "a 7yo w/": an age and sex, as case notes write them
			tok := &s.t.Tokens[i]
			s.ids = append(s.ids, scan.Match{Kind: scan.Age, Start: int(tok.Start), End: int(tok.End), Digits: digitsOf(w), Strong: true})
			s.markCase(i, i+1)
		case isNumber(w) && i > 0 && roomWord(s.t.Folded(i-1)):
			// "room 212", "bed 4", "bay 3": where a patient lies
			for k := i - 1; k <= i; k++ {
				s.tokSig[k] |= 1 << sigSetting
			}
			s.bySig[sigSetting] = append(s.bySig[sigSetting], span{int32(i - 1), int32(i + 1), 1})
			s.counts[sigSetting]++
		case isNumber(w) && s.birthWeight(i):
			// "8 lbs 1 oz" of a newborn is a health detail
		case obstetricHistory(w):
			// "G5P4": a pregnancy history, in a case note
			s.markCase(i, i+1)
			s.tokSig[i] |= 1 << sigCondition
			s.bySig[sigCondition] = append(s.bySig[sigCondition], span{int32(i), int32(i + 1), 1})
			s.counts[sigCondition]++
		case patientWord(w) && i > 0 && !s.patientModifier(i):
			// "a patient", "one of our PT patients", "a Cedar Valley patient"
			if first := s.specificBefore(i, patientPlural(w)); first >= 0 {
				s.markCase(first, i+1)
			}
		}
	}
}

func (s *state) markCase(first, last int) {
	for k := first; k < last; k++ {
		s.tokSig[k] |= 1 << sigCase
	}
	s.bySig[sigCase] = append(s.bySig[sigCase], span{int32(first), int32(last), 1})
	s.counts[sigCase]++
}

func patientWord(w []byte) bool {
	switch string(w) {
	case "patient", "patients", "client", "clients", "paciente", "pacientes":
		return true
	}
	return false
}

func patientPlural(w []byte) bool { return w[len(w)-1] == 's' }

// specificBefore finds, within three words before token i, what makes a
// patient word point to particular people: "a", "one of our", "your 3pm",
// or for plurals a count ("three of our"). It returns the first token of
// the phrase, or -1.
func (s *state) specificBefore(i int, plural bool) int {
	for k := i - 1; k >= 0 && k >= i-4 && s.sentence[k] == s.sentence[i]; k-- {
		w := string(s.t.Folded(k))
		if plural {
			if w == "of" && k > 0 && (isCount(s.t.Folded(k-1)) || s.t.Tokens[k-1].Flags&textnorm.HasDigit != 0) {
				return k - 1
			}
			continue
		}
		switch w {
		case "a", "an", "one", "this", "that", "your", "una", "un", "esta", "este":
			return k
		}
	}
	return -1
}

func isCount(w []byte) bool {
	switch string(w) {
	case "one", "two", "three", "four", "five", "six", "some", "several", "few", "uno", "una", "dos", "tres", "cuatro", "varios", "varias":
		return true
	}
	return false
}

// obstetricHistory reads "G2P1", "g5p4": gravida and para counts.
func obstetricHistory(w []byte) bool {
	if len(w) < 4 || len(w) > 8 || w[0] != 'g' {
		return false
	}
	i := 1
	for i < len(w) && w[i] >= '0' && w[i] <= '9' {
		i++
	}
	if i == 1 || i >= len(w) || w[i] != 'p' {
		return false
	}
	j := i + 1
	for j < len(w) && w[j] >= '0' && w[j] <= '9' {
		j++
	}
	return j > i+1 && j == len(w)
}

// caseNoteAge reads "44f", "62m": one to three digits and a sex.
func caseNoteAge(w []byte) bool {
	n := len(w)
	if n < 2 || n > 4 || w[n-1] != 'f' && w[n-1] != 'm' {
		return false
	}
	for _, c := range w[:n-1] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// caseNoteContext: the word after or before token i makes it a patient
// ("the 44F from", "44M w/ chest pain", "a 7M with").
func (s *state) caseNoteContext(i int) bool {
	if i > 0 {
		switch string(s.t.Folded(i - 1)) {
		case "a", "an", "the", "our", "this", "that":
			return true
		}
	}
	if i+1 < len(s.t.Tokens) {
		switch string(s.t.Folded(i + 1)) {
		case "w", "w/", "with", "from", "in", "c/o", "s/p", "hx", "pmh", "dx", "presenting", "presents", "presented", "con", "de":
			return true
		}
	}
	return false
}

func digitsOf(w []byte) string {
	n := 0
	for n < len(w) && w[n] >= '0' && w[n] <= '9' {
		n++
	}
	return string(w[:n])
}

func isNumber(w []byte) bool {
	for _, c := range w {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(w) > 0
}

// birthWeight marks "8 lbs 1 oz" (or "7 lb") after token i as a condition
// when the draft speaks of a baby or a birth.
func (s *state) birthWeight(i int) bool {
	if i+1 >= len(s.t.Tokens) {
		return false
	}
	switch string(s.t.Folded(i + 1)) {
	case "lb", "lbs", "pounds", "libras":
	default:
		return false
	}
	if !s.babyTalk() {
		return false
	}
	last := i + 2
	if last+1 < len(s.t.Tokens) && isNumber(s.t.Folded(last)) {
		switch string(s.t.Folded(last + 1)) {
		case "oz", "ounces", "onzas":
			last += 2
		}
	}
	for k := i; k < last; k++ {
		s.tokSig[k] |= 1 << sigCondition
	}
	s.bySig[sigCondition] = append(s.bySig[sigCondition], span{int32(i), int32(last), 1})
	s.counts[sigCondition]++
	return true
}

// babyTalk: the draft speaks of a baby or a birth.
func (s *state) babyTalk() bool {
	for k := range s.t.Tokens {
		switch string(s.t.Folded(k)) {
		case "baby", "newborn", "born", "birth", "bebe", "nacio", "nacimiento", "twins", "gemelos":
			return true
		}
	}
	return false
}

func roomWord(w []byte) bool {
	switch string(w) {
	case "room", "bed", "bay", "rm", "cuarto", "cama", "habitacion", "sala":
		return true
	}
	return false
}

// patientModifier: the patient word describes the noun after it ("a
// new-patient visit", "the patient portal"), not a person.
func (s *state) patientModifier(i int) bool {
	if i+1 >= len(s.t.Tokens) || s.sentence[i+1] != s.sentence[i] {
		return false
	}
	switch string(s.t.Folded(i + 1)) {
	case "visit", "visits", "portal", "forms", "form", "line", "experience", "care", "appointment", "appointments",
		"intake", "advocate", "education", "safety", "services", "information", "info", "packet", "paperwork", "survey", "room", "lounge":
		return true
	}
	return false
}
