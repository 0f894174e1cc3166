package classifier

import (
	"strings"
	"unsafe"
)

// patternFindings runs the pack's own RE2 patterns (an organisation's
// record or member number shapes). Keywords keep an expression off text
// that cannot match, as gitleaks does; RE2 keeps each run linear.
func (s *state) patternFindings(f *facts) {
	if len(s.m.patterns) == 0 || len(s.t.Norm) == 0 {
		return
	}
	text := s.norm()
	s.lower = append(s.lower[:0], s.t.Norm...)
	lowerASCII(s.lower)
	lower := unsafe.String(&s.lower[0], len(s.lower))
	for i := range s.m.patterns {
		p := &s.m.patterns[i]
		if !anyKeyword(lower, p.keywords) {
			continue
		}
		for _, loc := range p.re.FindAllStringIndex(text, maxFindings) {
			if loc[0] == loc[1] {
				continue
			}
			s.patternFact(f, p.kind)
			f.packPattern = true
			reason := p.reason // or, when empty, the kind's (explain)
			var suggestion *string
			if strings.HasPrefix(p.kind, "identifier.") {
				suggestion = &removeIt
			}
			s.addFinding(Finding{Kind: p.kind, Start: s.t.UTF16(loc[0]), End: s.t.UTF16(loc[1]), Reason: reason, Suggestion: suggestion})
		}
	}
}

// patternFact records what a pattern's kind means for the verdict.
func (s *state) patternFact(f *facts, kind string) {
	switch kind {
	case KindSSN, KindMRN, KindHealthPlan:
		f.strongID = true
	case KindName:
		f.name = true
	case KindCondition:
		f.condition = true
	case KindAcknowledge:
		f.ack = true
	case KindCase:
		f.caseTalk = true
	case KindAdvice:
		f.advice = true
	case KindTestimonial:
		f.testimony = true
	default:
		f.personID = true
	}
}

func anyKeyword(lower string, keywords []string) bool {
	if len(keywords) == 0 {
		return true
	}
	for _, k := range keywords {
		if strings.Contains(lower, k) {
			return true
		}
	}
	return false
}

func lowerASCII(b []byte) {
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
}
