package classifier

import "slices"

// what the scorer has established about a draft.
type facts struct {
	strongID    bool // SSN, record or member number
	personID    bool // any identifier of a person other than a name
	name        bool
	condition   bool // a specific health detail about someone
	weakHealth  bool
	ack         bool
	ackWeak     bool // a weak patient cue: known here, no care confirmed
	ackStrong   bool // ack with a health detail in a reply: the page shows who
	caseTalk    bool
	advice      bool
	testimony   bool
	photo       bool
	general     bool
	packPattern bool // one of the pack's own patterns matched
}

// decide applies POLICY.md's rules to the signals read and fills s.found.
func (s *state) decide() string {
	var f facts
	s.identifierFindings(&f)
	s.patternFindings(&f)
	for _, n := range s.names {
		f.name = true
		s.addName(n)
	}
	s.communityFindings(&f)
	f.general = s.counts[sigGeneral] > 0 || s.counts[sigPrivateChannel] > 0
	personRef := f.name || s.personWords()
	f.condition = s.counts[sigCondition] > 0
	f.weakHealth = s.counts[sigConditionWeak] > 0 || s.counts[sigCare] > 0 || s.counts[sigSetting] > 0

	s.cases(&f)
	s.acknowledgements(&f, personRef)
	s.advice(&f)
	s.testimonials(&f, personRef)
	s.photos(&f)

	patient := f.ack || f.caseTalk || f.testimony
	verdict := VerdictOK
	switch {
	case f.strongID:
		verdict = VerdictBlock
	case (f.personID || f.name) && (f.condition && (patient || f.name || f.personID) || patient):
		verdict = VerdictBlock
	case f.ackStrong:
		verdict = VerdictBlock
	case patient || f.ackWeak || f.advice || f.photo || f.personID:
		verdict = VerdictWarn
	}
	if verdict != VerdictOK && f.condition && (patient || f.name || f.personID || f.advice) {
		s.addSignalFindings(sigCondition, KindCondition)
	}
	s.f = f
	return verdict
}

// finish joins what confirms care into the safe reply, gives every finding
// the draft's verdict as its severity, and orders them.
func (s *state) finish(verdict string) {
	s.offerSafeReply()
	for i := range s.found {
		s.found[i].Severity = verdict
	}
	widened := s.wholeHandles()
	sortFindings(s.found)
	if widened {
		// the handle's words each named it: one finding for it
		s.found = slices.CompactFunc(s.found, func(a, b Finding) bool { return a.Kind == b.Kind && a.Start == b.Start && a.End == b.End })
	}
}

// personWords reports words that point to one person: you, he, her, my son.
func (s *state) personWords() bool {
	return s.textMask&(1<<bitPerson) != 0
}
