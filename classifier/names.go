package classifier

import (
	"github.com/scrubs/scrubs/classifier/internal/textnorm"
)

// nameSpan is a person's name found in the draft: tokens [first, last),
// honorific included.
type nameSpan struct {
	first, last int32
	mention     bool // an @handle
}

// findNames marks people's names: words from the name lists or in a name's
// position (after a title, before a possessive, as an initial), weighed by
// capitalisation and context, minus the organisation's own people, public
// figures and places.
func (s *state) findNames() {
	t := &s.t
	caseless := s.caseless()
	for i := 0; i < len(t.Tokens); i++ {
		tok := &t.Tokens[i]
		if tok.Flags&textnorm.Mention != 0 {
			if !s.m.orgHandles[string(t.Folded(i))] && !s.ours(i) {
				s.names = append(s.names, nameSpan{int32(i), int32(i + 1), true})
			}
			continue
		}
		if !s.nameLike(i, caseless) {
			continue
		}
		// extend over following name words and initials ("Mateo Alvarez", "Leo B.", "Jay M.")
		j := i + 1
		for j < len(t.Tokens) && s.sentence[j] == s.sentence[i] && (s.nameLike(j, caseless) || s.initial(j)) && !t.Tokens[j-1].Is(textnorm.Possessive) {
			j++
		}
		first := int32(i)
		if i > 0 && (s.has(i-1, sigHonorific) || s.has(i-1, sigRelation) && t.Tokens[i-1].Flags&textnorm.Cap != 0) && s.sentence[i-1] == s.sentence[i] {
			first = int32(i - 1)
			if i > 1 && s.has(i-2, sigHonorific) && s.sentence[i-2] == s.sentence[i] { // "la pequeña", "great-grandma"
				first = int32(i - 2)
			}
		}
		if s.excludedName(int(first), i, j) {
			i = j - 1
			continue
		}
		s.names = append(s.names, nameSpan{first, int32(j), false})
		i = j - 1
	}
	s.findInitials()
}

// caseless reports a draft typed without meaningful capitals (all lower or
// all upper case), where capitalisation says nothing about names. Sentence
// starts, acronyms ("OD", "ER") and words with digits do not count.
func (s *state) caseless() bool {
	caps, words, upper := 0, 0, 0
	for i := range s.t.Tokens {
		tok := &s.t.Tokens[i]
		if tok.Flags&textnorm.HasLetter == 0 || tok.Flags&textnorm.HasDigit != 0 {
			continue
		}
		if tok.Flags&textnorm.AllCaps != 0 && tok.FEnd-tok.FStart <= 3 {
			continue
		}
		words++
		if tok.Flags&textnorm.Cap != 0 {
			upper++
			if tok.Flags&textnorm.SentenceStart == 0 {
				caps++
			}
		}
	}
	return caps == 0 || upper*10 >= words*8
}

// nameLike scores token i as a name by the lists and its context.
func (s *state) nameLike(i int, caseless bool) bool {
	t := &s.t
	tok := &t.Tokens[i]
	if tok.Flags&(textnorm.HasDigit|textnorm.Hashtag) != 0 && tok.LEnd == tok.LStart {
		return false
	}
	if tok.FEnd-tok.FStart < 2 {
		// a lone initial is a name only after a title ("Mr. D")
		return i > 0 && s.has(i-1, sigHonorific) && s.titleW[i-1] >= 1 && tok.Flags&textnorm.Cap != 0 && !s.has(i-1, sigStaffRole)
	}
	if s.ours(i) || s.has(i, sigStaffRole) && !s.has(i, sigGivenName) {
		return false
	}
	prev := i - 1
	titled := prev >= 0 && s.has(prev, sigHonorific) && s.sentence[prev] == s.sentence[i] && !s.has(prev, sigStaffRole)
	afterTitle := titled && s.titleW[prev] >= 1
	capd := tok.Flags&textnorm.Cap != 0
	score := s.givenW[i]
	// a family name alone is a name only where capitals or a title say so ("grande" is a word)
	if s.surW[i] > 0 && (afterTitle || capd && !caseless) {
		score = max(score, s.surW[i]*0.9)
	}
	if caseless && score > 0 {
		score -= 0.35 // without capitals, a listed word needs context to be a name
		if s.subjectPosition(i) {
			score += 0.3
		}
	}
	if s.givenW[i] == 0 && s.surW[i] == 0 {
		// a word in no name list is a name only in a name's position
		// "Mrs. Okafor"; or "Jaxon's chart", but not "Michigan's top doctors"
		possessive := tok.Is(textnorm.Possessive) && tok.Flags&textnorm.SentenceStart == 0 && s.healthNext(i)
		if !capd || caseless || tok.Flags&textnorm.AllCaps != 0 || s.has(i, sigNotName) || !afterTitle && !possessive {
			return false
		}
		if s.m.in(wsCommonCapitalised, t.Folded(i)) {
			return false
		}
		return true
	}
	if s.has(i, sigNotName) && !afterTitle {
		return false
	}
	switch {
	case afterTitle:
		score += 1
	case titled:
		score += 0.4
	case prev >= 0 && s.has(prev, sigRelation) && s.sentence[prev] == s.sentence[i]:
		score += 0.3 // "our girl Chloe", "my son Jake"
	case prev >= 0 && s.m.in(wsNameLeaders, t.Folded(prev)) && s.sentence[prev] == s.sentence[i]:
		score += 0.4
	}
	if tok.LEnd != tok.LStart && tok.Flags&textnorm.HasDigit != 0 {
		score += 0.3 // a name in leetspeak ("L1ly") is hidden on purpose
	}
	if tok.Is(textnorm.Possessive) {
		score += 0.2
	}
	if s.vocative(i) {
		score += 0.3
	}
	if tok.Flags&textnorm.Joined != 0 {
		score += 0.5 // spelled out letter by letter on purpose
	}
	if !caseless {
		if !capd {
			score -= 0.6
		} else if tok.Flags&(textnorm.SentenceStart|textnorm.Joined) == textnorm.SentenceStart && !afterTitle {
			score -= 0.2
		}
		if tok.Flags&textnorm.AllCaps != 0 {
			if tok.FEnd-tok.FStart <= 3 {
				score -= 0.5 // acronyms: ER, PT, ADHD
			} else if tok.Flags&textnorm.Joined == 0 {
				score -= 0.3 // a heading in capitals ("WHAT TO PACK")
			}
		}
	}
	return score >= 0.75
}

// healthNext: a health, care or family word follows token i.
func (s *state) healthNext(i int) bool {
	k := i + 1
	return k < len(s.t.Tokens) && s.sentence[k] == s.sentence[i] &&
		(s.has(k, sigCondition) || s.has(k, sigCare) || s.has(k, sigRelation))
}

// subject position: the word starts a sentence and a verb follows it
// ("brody was back again"), as a name does.
func (s *state) subjectPosition(i int) bool {
	t := &s.t
	if i+1 >= len(t.Tokens) || s.sentence[i+1] != s.sentence[i] {
		return false
	}
	if t.Tokens[i].Flags&textnorm.SentenceStart == 0 && !(i > 0 && s.m.in(wsNameLeaders, t.Folded(i-1))) {
		return false
	}
	return s.m.in(wsSubjectVerbs, t.Folded(i+1))
}

// ourBefore: "our" stands within n tokens before token k, in its sentence.
func (s *state) ourBefore(k, n int) bool {
	for m := k - 1; m >= 0 && m >= k-n && s.sentence[m] == s.sentence[k]; m-- {
		if s.m.in(wsOurs, s.t.Folded(m)) {
			return true
		}
	}
	return false
}

// titleGap: only a space or a dot stands between tokens a and b, as after
// a title ("Dr. Fisher"), not a comma ("last day of PT, Shauna").
func (s *state) titleGap(a, b int) bool {
	for _, c := range s.t.Norm[s.t.Tokens[a].End:s.t.Tokens[b].Start] {
		if c != ' ' && c != '.' {
			return false
		}
	}
	return true
}

// ours: the organisation's own name or one of its staff.
func (s *state) ours(i int) bool { return s.has(i, sigOrgName) || s.has(i, sigStaff) }

// vocative: the word is addressed to ("..., Karen!", "Jess, ...").
func (s *state) vocative(i int) bool {
	t := &s.t
	tok := &t.Tokens[i]
	after := byte(0)
	if int(tok.End) < len(t.Norm) {
		after = t.Norm[tok.End]
	}
	before := byte(0)
	for k := int(tok.Start) - 1; k >= 0; k-- {
		if t.Norm[k] != ' ' {
			before = t.Norm[k]
			break
		}
	}
	return (after == ',' || after == '!' || after == '?') && (before == 0 || before == ',' || before == '.' || before == '!') ||
		before == ',' && (after == '!' || after == '.' || after == ' ' && i == len(t.Tokens)-1)
}

// initial: a single capital letter followed by a dot ("B.").
func (s *state) initial(i int) bool {
	tok := &s.t.Tokens[i]
	return tok.FEnd-tok.FStart == 1 && tok.Flags&textnorm.Cap != 0 && tok.Flags&textnorm.Dotted != 0
}

// findInitials marks runs of two or three initials ("J.R.", "H.T.") as a
// name: initials plus context point to one person.
func (s *state) findInitials() {
	t := &s.t
	for i := 0; i+1 < len(t.Tokens); i++ {
		if !s.initial(i) || !s.initial(i+1) || t.Tokens[i+1].Start-t.Tokens[i].End > 1 {
			continue
		}
		j := i + 2
		if j < len(t.Tokens) && s.initial(j) && t.Tokens[j].Start-t.Tokens[j-1].End <= 1 {
			j++
		}
		if s.overlapsName(int32(i), int32(j)) {
			i = j
			continue
		}
		s.names = append(s.names, nameSpan{int32(i), int32(j), false})
		i = j
	}
}

func (s *state) overlapsName(first, last int32) bool {
	for _, n := range s.names {
		if n.first < last && first < n.last {
			return true
		}
	}
	return false
}

// excludedName drops names that are not a patient's: the organisation's
// staff (after "Dr." or "Nurse"), public figures in the news, places and
// businesses.
func (s *state) excludedName(first, i, j int) bool {
	t := &s.t
	for k := max(0, i-3); k < i; k++ {
		if s.sentence[k] != s.sentence[i] {
			continue
		}
		if s.has(k, sigPublicFigure) {
			return true
		}
	}
	// ("pt Jaylen" is a patient: a word that is also case shorthand is no title)
	if i > 0 && s.has(i-1, sigStaffRole) && s.sentence[i-1] == s.sentence[i] && !s.has(i-1, sigHonorific) && !s.has(i-1, sigCase) && s.titleGap(i-1, i) {
		return true // "Dr. Fisher", "Nurse Barb": staff, not patients
	}
	if i > 0 && s.m.in(wsSaints, t.Folded(i-1)) {
		return true // "St. Brigid", "San Martín": a place or a hospital
	}
	// staff news ("happy retirement to our unit secretary, Wanda")
	for k := i - 1; k >= 0 && k >= i-8 && s.sentence[k] == s.sentence[i]; k-- {
		if s.has(k, sigStaffNews) || s.has(k, sigStaffRole) && k > 0 && string(t.Folded(k-1)) != "the" && s.ourBefore(k, 4) {
			return true
		}
	}
	for k := j; k < len(t.Tokens) && k < j+6 && s.sentence[k] == s.sentence[i]; k++ {
		if s.has(k, sigStaffNews) {
			return true
		}
	}
	for k := i; k < j; k++ {
		if s.ours(k) {
			return true
		}
	}
	// "Teddy Bear Clinic", "Maple Ave", "Sweet Harbor Bakery": a place or business
	for k := i; k < len(t.Tokens) && k < j+3 && s.sentence[k] == s.sentence[i]; k++ {
		if k >= j && t.Tokens[k].Flags&textnorm.Cap == 0 {
			break
		}
		if s.m.in(wsPlaceFollowers, t.Folded(k)) {
			return true
		}
	}
	// "Tori, our newest medical assistant": an appositive staff role
	for k := j; k < len(t.Tokens) && k < j+5 && s.sentence[k] == s.sentence[i]; k++ {
		if string(t.Folded(k)) == "our" {
			for m := k + 1; m < len(t.Tokens) && m < k+4; m++ {
				if s.has(m, sigStaffRole) {
					return true
				}
			}
		}
	}
	return false
}
