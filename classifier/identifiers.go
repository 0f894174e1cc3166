package classifier

// Which identifiers the scanners found belong to a person: never the
// organisation's own contact points, and dates, ages and streets only
// where a sentence ties them to someone's care.

import (
	"strings"

	"github.com/scrubs/scrubs/classifier/internal/scan"
)

// communityFindings: a description that points to one person in a small
// community ("the girl from the trailer park", "Coach Dunn's son") is an
// identifier where the sentence is about someone's care.
func (s *state) communityFindings(f *facts) {
	for _, sp := range s.bySig[sigCommunity] {
		if s.sentenceHas(sp.first, sigGeneral) {
			continue
		}
		if s.sentenceHas(sp.first, sigCondition) || s.sentenceHas(sp.first, sigCase) || s.sentenceHas(sp.first, sigAcknowledgement) || s.sentenceHas(sp.first, sigCare) {
			f.personID = true
			s.addClauseFinding(sp, KindName)
		}
	}
}

// identifierFindings reports the scanners' identifiers that belong to a
// person: not the organisation's own, and dates and ages only when tied to
// someone.
func (s *state) identifierFindings(f *facts) {
	for _, id := range s.ids {
		if !s.personal(id) {
			continue
		}
		kind := id.Kind.String()
		switch id.Kind {
		case scan.SSN, scan.MRN, scan.HealthPlan:
			f.strongID = true
		default:
			f.personID = true
		}
		s.addSpan(kind, s.t.UTF16(id.Start), s.t.UTF16(id.End), &removeIt)
	}
}

// personal reports whether an identifier the scanners found belongs to a
// person: not the organisation's own contact points, and a date, age or
// street only where the sentence ties it to someone and their care.
func (s *state) personal(id scan.Match) bool {
	switch id.Kind {
	case scan.Phone, scan.Fax:
		return !s.m.orgDigits[lastDigits(id.Digits, 10)] && !tollFree(id.Digits)
	case scan.Email:
		return !s.m.orgEmails[id.Value]
	case scan.URL:
		return !s.orgURL(id.Value)
	case scan.Date:
		return s.aboutSomeone(id, true) || id.Strong && s.sentencePersonAt(id)
	case scan.Age:
		if atoiSafe(id.Digits) > s.m.maxAgeOK {
			return id.Strong || !s.sentenceHasAt(id, sigGeneral)
		}
		return s.aboutSomeone(id, false) && (s.sentencePersonAt(id) || s.sentenceHasAt(id, sigCase))
	case scan.ZIP, scan.Address:
		if s.orgAddress(id) {
			return false
		}
		return id.Strong && id.Digits != "" || s.aboutSomeone(id, true)
	}
	return true
}

// aboutSomeone: the identifier's sentence speaks of a specific person's
// care, not of people in general. needPerson asks for a name, a relation or
// a pronoun as well (an age is itself about a person).
func (s *state) aboutSomeone(id scan.Match, needPerson bool) bool {
	tok := s.tokenAt(id.Start)
	if tok < 0 || s.sentenceHas(tok, sigGeneral) {
		return false
	}
	care := s.sentenceHas(tok, sigCondition) || s.sentenceHas(tok, sigCare) || s.sentenceHas(tok, sigCase) ||
		s.sentenceHas(tok, sigSetting) || s.sentenceHas(tok, sigAcknowledgement) || s.sentenceHas(tok, sigConditionWeak)
	if !care {
		return false
	}
	return !needPerson || s.sentencePerson(tok)
}

func (s *state) sentencePersonAt(id scan.Match) bool {
	tok := s.tokenAt(id.Start)
	return tok >= 0 && s.sentencePerson(tok)
}

func (s *state) sentenceHasAt(id scan.Match, sig signal) bool {
	tok := s.tokenAt(id.Start)
	return tok >= 0 && s.sentenceHas(tok, sig)
}

// tokenAt returns the token that holds or follows byte offset off of Norm.
func (s *state) tokenAt(off int) int32 {
	toks := s.t.Tokens
	lo, hi := 0, len(toks)
	for lo < hi {
		mid := (lo + hi) / 2
		if int(toks[mid].End) <= off {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo == len(toks) {
		lo--
	}
	return int32(lo)
}

// orgAddress: the organisation's own house number, ZIP or street.
func (s *state) orgAddress(id scan.Match) bool {
	if id.Digits != "" && s.m.orgAddrNums[id.Digits] {
		return true
	}
	street := strings.ToLower(string(s.t.Norm[id.Start:id.End]))
	for _, a := range s.m.orgAddrText {
		if strings.Contains(a, street) || strings.Contains(street, a) {
			return true
		}
	}
	return false
}

func tollFree(digits string) bool {
	d := lastDigits(digits, 10)
	if len(d) != 10 {
		return false
	}
	switch d[:3] {
	case "800", "833", "844", "855", "866", "877", "888":
		return true
	}
	return false
}

func (s *state) orgURL(v string) bool {
	for _, h := range s.m.orgHosts {
		if v == h || len(v) > len(h) && v[:len(h)] == h || len(h) > len(v) && h[:len(v)] == v {
			return true
		}
	}
	return false
}

func atoiSafe(s string) int {
	n := 0
	for i := 0; i < len(s) && i < 4; i++ {
		if s[i] < '0' || s[i] > '9' {
			break
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// ageNoun: an age written as a person ("47-year-old", "3yo", "14 y/o"),
// not as a limit ("until age 1", "under 3 months").
func ageNoun(b []byte) bool {
	w := strings.ToLower(string(b))
	for _, unit := range []string{"old", "yo", "y/o", "y.o", "year", "yr", "año"} {
		if strings.Contains(w, unit) {
			return true
		}
	}
	// "44F", "62 M": an age with a sex, as case notes write it
	n := len(w)
	return n >= 2 && (w[n-1] == 'f' || w[n-1] == 'm') && (w[n-2] >= '0' && w[n-2] <= '9' || w[n-2] == ' ' && n >= 3 && w[n-3] >= '0' && w[n-3] <= '9')
}
