package classifier

// learn weighs the rules' verdict with the pack's model: the "risky" and
// "block" heads read the rules' conclusions and the words (features.go) and
// settle the verdict; the kind heads add a finding, on the phrase that
// raised it, for a cue the rules did not mark. What the validated scanners
// found sets a floor (floor).
func (s *state) learn(ruleVerdict string) string {
	cm := s.m.model
	s.features(ruleVerdict)
	verdict := VerdictOK
	if s.floor() == VerdictBlock {
		return VerdictBlock
	}
	if cm.risky.score(s.feats) >= cm.risky.logit {
		verdict = VerdictWarn
	}
	if cm.block.score(s.feats) >= cm.block.logit {
		verdict = VerdictBlock
	}
	if verdict == VerdictOK {
		verdict = s.floor()
	}
	if verdict == VerdictOK {
		return verdict
	}
	if ruleVerdict == VerdictOK && !s.foundKind(KindCondition) {
		// the rules saw no one to tie the health words to; the heads did
		s.addSignalFindings(sigCondition, KindCondition)
	}
	var best *compiledHead
	bestMargin := float32(0)
	for _, h := range cm.kinds {
		margin := h.score(s.feats) - h.logit
		if best == nil || margin > bestMargin {
			best, bestMargin = h, margin
		}
		if margin >= 0 && !s.foundKind(learnedKinds[h.kindIndex]) {
			s.addLearned(h, learnedKinds[h.kindIndex])
		}
	}
	if len(s.found) == 0 {
		// flagged, and nothing marked yet: mark what the likeliest kind read
		if best != nil {
			s.addLearned(best, learnedKinds[best.kindIndex])
		} else {
			s.addLearned(cm.risky, KindCase)
		}
	}
	return verdict
}

// floor is the verdict no model may lower, from the validated scanners and
// the organisation's own patterns: a record, member or Social Security
// number is block; a contact point or number of someone who is not the
// organisation (floorWarnKinds), or a match of one of the pack's patterns,
// is at least warn. Leaving one organisation out showed every softer rule (an address, a
// name with a health word) wrong on unseen organisations often enough that
// the heads do better weighing it than obeying it.
func (s *state) floor() string {
	switch {
	case s.f.strongID:
		return VerdictBlock
	case s.f.packPattern:
		return VerdictWarn
	}
	for i := range s.found {
		if floorWarnKinds[s.found[i].Kind] {
			return VerdictWarn
		}
	}
	return VerdictOK
}

// floorWarnKinds are identifiers whose scanners validate what they find
// (NANP rules, check digits, labels such as "DL#" or "plate"); alone they
// are warn (POLICY.md: a lone identifier of any kind).
var floorWarnKinds = map[string]bool{
	KindPhone: true, KindEmail: true, KindIP: true, KindAccount: true, KindLicense: true, KindVehicle: true, KindDevice: true,
}

func (s *state) foundKind(kind string) bool {
	for i := range s.found {
		if s.found[i].Kind == kind {
			return true
		}
	}
	return false
}

// maxLearnedSpan bounds a learned finding, in tokens either side of the
// word that weighed most: the mark points at a phrase, not the draft.
const maxLearnedSpan = 4

// addLearned marks the phrase that weighed most for head h: the token
// whose features scored highest, widened to its neighbours in the same
// sentence that also pushed toward yes.
func (s *state) addLearned(h *compiledHead, kind string) {
	n := len(s.t.Tokens)
	if n == 0 {
		s.addSpan(kind, 0, 0, nil)
		return
	}
	s.contrib = resize(s.contrib, n)
	for j, b := range s.feats {
		if tok := s.featTok[j]; tok >= 0 {
			s.contrib[tok] += h.w[b]
		}
	}
	top := 0
	for i := 1; i < n; i++ {
		if s.contrib[i] > s.contrib[top] {
			top = i
		}
	}
	first, last := top, top+1
	for first > 0 && top-first < maxLearnedSpan && s.sentence[first-1] == s.sentence[top] && s.contrib[first-1] > 0 {
		first--
	}
	for last < n && last-top <= maxLearnedSpan && s.sentence[last] == s.sentence[top] && s.contrib[last] > 0 {
		last++
	}
	s.add(kind, int32(first), int32(last))
}
