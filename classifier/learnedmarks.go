package classifier

// Where a flagged draft's marks go: the learned layer has settled the
// verdict (learned.go); these put the marks on the words it rests on, so a
// learned cue marks the phrase that raised it and not the whole draft.

import "github.com/scrubs/scrubs/classifier/internal/scan"

// maxLearnedSpan bounds a learned finding, in tokens either side of the
// word that weighed most: the mark points at a phrase, not the draft.
const maxLearnedSpan = 4

// addLearned marks the phrase that weighed most for head h: the token
// whose features scored highest, widened to its neighbours in the same
// sentence that also pushed toward yes.
func (s *state) addLearned(h *compiledHead, kind string) {
	if len(s.t.Tokens) == 0 {
		s.addSpan(kind, 0, 0, nil)
		return
	}
	s.contributions(h)
	top := 0
	for i := range s.contrib {
		if s.contrib[i] > s.contrib[top] {
			top = i
		}
	}
	s.addWindow(kind, top)
}

// contributions fills s.contrib with what each token's features weigh for h.
func (s *state) contributions(h *compiledHead) {
	s.contrib = resize(s.contrib, len(s.t.Tokens))
	s.addContributions(h)
}

// addContributions adds to s.contrib what each token's features weigh for h.
func (s *state) addContributions(h *compiledHead) {
	for j, b := range s.feats {
		if tok := s.featTok[j]; tok >= 0 {
			s.contrib[tok] += h.weight(b)
		}
	}
}

// addWindow marks token top and its neighbours in the same sentence that
// also weigh toward yes (s.contrib).
func (s *state) addWindow(kind string, top int) {
	n := len(s.t.Tokens)
	first, last := top, top+1
	for first > 0 && top-first < maxLearnedSpan && s.sentence[first-1] == s.sentence[top] && s.contrib[first-1] > 0 {
		first--
	}
	for last < n && last-top <= maxLearnedSpan && s.sentence[last] == s.sentence[top] && s.contrib[last] > 0 {
		last++
	}
	s.add(kind, int32(first), int32(last))
}

// riskySentenceWeight is what a sentence's words must weigh toward "risky"
// (in logit units) for a sentence nothing marks yet to get a mark of its
// own: a flagged draft's second risky sentence is shown too.
const riskySentenceWeight = 0.5

// heavyWordWeight is what one word's features must weigh toward risky (in
// logit units, so e: the odds almost tripled) for the word to get a mark
// of its own in a flagged draft, beside its sentence's mark.
const heavyWordWeight = 1.0

// markRiskySentences gives each sentence that weighs toward risky and that
// no finding touches, and each heavy word no finding touches, a learned
// mark of the likeliest kind.
func (s *state) markRiskySentences(cm *compiledModel, kind string) {
	if len(s.t.Tokens) == 0 {
		return
	}
	s.contributions(cm.risky)
	if cm.riskySentence != nil {
		// and what they weigh as a sentence: the sentence weights speak
		// of the words that make one sentence risky (evidence covered,
		// leaving one organisation out, 0.836 -> 0.877 with them)
		s.addContributions(cm.riskySentence)
	}
	for first := 0; first < len(s.t.Tokens); {
		last, sum, top := first, float32(0), first
		for last < len(s.t.Tokens) && s.sentence[last] == s.sentence[first] {
			if s.contrib[last] > 0 {
				sum += s.contrib[last]
			}
			if s.contrib[last] > s.contrib[top] {
				top = last
			}
			last++
		}
		if sum >= riskySentenceWeight && !s.marked(int32(first), int32(last)) {
			s.addWindow(kind, top)
		}
		first = last
	}
	// and each word that by itself weighs heavily toward risky, wherever
	// it stands: the marks show what the verdict rests on
	for i := range s.t.Tokens {
		if s.contrib[i] >= heavyWordWeight && !s.marked(int32(i), int32(i+1)) {
			s.addWindow(kind, i)
		}
	}
}

// marked reports a finding on tokens [first, last).
func (s *state) marked(first, last int32) bool {
	a, b := s.utf16(first, last)
	for i := range s.found {
		if s.found[i].Start < b && a < s.found[i].End {
			return true
		}
	}
	return false
}

// flaggedIdentifierFindings marks, in a draft the model flags, the dates,
// ages and places that the rules held back for want of a sentence that ties
// them to someone's care, and the weekdays nothing pinned down ("loved
// seeing you Monday"): once the draft is judged to disclose care, a date
// or age beside a person, or beside a care word, is what points to the
// patient (POLICY.md: a visit's weekday or time is a date).
func (s *state) flaggedIdentifierFindings() {
	for _, id := range s.ids {
		switch id.Kind {
		case scan.Date, scan.Age, scan.Address, scan.ZIP:
		default:
			continue
		}
		if s.personal(id) || (id.Kind == scan.Address || id.Kind == scan.ZIP) && s.orgAddress(id) {
			continue // already marked, or the organisation's own
		}
		s.markIfAboutSomeone(id, id.Kind == scan.Age)
	}
	s.weekdays = scan.Weekdays(s.norm(), s.weekdays[:0])
	for _, id := range s.weekdays {
		s.markIfAboutSomeone(id, false)
	}
}

// markIfAboutSomeone marks identifier id where its sentence points to a
// person or speaks of care (always, if anywhere is set), and not of people
// in general.
func (s *state) markIfAboutSomeone(id scan.Match, anywhere bool) {
	tok := s.tokenAt(id.Start)
	if tok < 0 || s.sentenceHas(tok, sigGeneral) {
		return
	}
	if anywhere || s.sentencePerson(tok) || s.sentenceHas(tok, sigCondition) || s.sentenceHas(tok, sigCare) || s.sentenceHas(tok, sigAcknowledgement) {
		s.addSpan(id.Kind.String(), s.t.UTF16(id.Start), s.t.UTF16(id.End), &removeIt)
	}
}

// healthDetailSignals are the lexicons whose words are a health or care
// detail: a condition, a treatment or test, a care word.
var healthDetailSignals = [...]signal{sigCondition, sigConditionWeak, sigCare}

// markHealthDetails marks, in a draft the model flags, each health or care
// detail the lexicons saw in a sentence that is marked already or that
// points to someone: in a draft that discloses care, those words are what
// it discloses.
func (s *state) markHealthDetails() {
	for _, sig := range healthDetailSignals {
		for _, sp := range s.bySig[sig] {
			if s.sentenceHas(sp.first, sigGeneral) {
				continue
			}
			if s.sentencePerson(sp.first) || s.marked(s.sentenceBounds(sp.first)) {
				s.add(KindCondition, sp.first, sp.last)
			}
		}
	}
}

// sentenceBounds returns the tokens [first, last) of tok's sentence.
func (s *state) sentenceBounds(tok int32) (int32, int32) {
	first, last := tok, tok+1
	for first > 0 && s.sentence[first-1] == s.sentence[tok] {
		first--
	}
	for int(last) < len(s.t.Tokens) && s.sentence[last] == s.sentence[tok] {
		last++
	}
	return first, last
}
