package classifier

// learn weighs the rules' verdict with the pack's model: the "risky" and
// "block" heads read the rules' conclusions and the words (features.go) and
// settle the verdict; the kind heads add a finding, on the phrase that
// raised it, for a cue the rules did not mark. What the validated scanners
// found sets a floor (floor).
func (s *state) learn(ruleVerdict string) string {
	cm := s.m.model
	s.features(ruleVerdict)
	verdict := s.floor()
	if verdict == VerdictBlock {
		return verdict
	}
	risky := cm.risky.score(s.feats)
	if cm.riskySentence != nil {
		risky += s.sentenceScore(cm.riskySentence)
	}
	if risky >= cm.risky.logit {
		verdict = VerdictWarn
	}
	// the block head tells block from warn among flagged drafts; it does not
	// flag on its own (leaving one organisation out, letting it do so cost
	// more false alarms than it caught)
	if verdict != VerdictOK && s.mayBlock() && cm.block.score(s.feats) >= cm.block.logit {
		verdict = VerdictBlock
	}
	if verdict == VerdictOK {
		return verdict
	}
	s.flaggedIdentifierFindings()
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
		if kind := learnedKinds[h.kindIndex]; margin >= 0 && !s.foundKind(kind) {
			if sig := kindSignal[h.kindIndex]; len(s.bySig[sig]) > 0 {
				s.addCueFindings(sig, kind) // the cue words the lexicons saw
			} else {
				s.addLearned(h, kind)
			}
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
	if best != nil {
		s.markRiskySentences(cm, learnedKinds[best.kindIndex])
	}
	s.markHealthDetails()
	return verdict
}

// floor is the verdict no model may lower, from the validated scanners and
// the organisation's own patterns: a record, member or Social Security
// number is block; a contact point or number of someone who is not the
// organisation (floorWarnKinds), or a match of one of the pack's patterns,
// is at least warn. Leaving one organisation out showed the softer rules
// (a name, a date or an age with a health word) wrong on unseen
// organisations often enough that the heads do better weighing them than
// obeying them.
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
// (NANP rules, check digits, labels such as "DL#" or "plate", street
// shapes); alone they are warn (POLICY.md: a lone identifier of any kind).
// Names, dates, ages and photos are not: whether one points at a patient
// is what the heads weigh (a floor on them cost false alarms on held-out
// organisations).
var floorWarnKinds = map[string]bool{
	KindPhone: true, KindFax: true, KindEmail: true, KindURL: true, KindIP: true, KindAddress: true,
	KindAccount: true, KindLicense: true, KindVehicle: true, KindDevice: true,
}

func (s *state) foundKind(kind string) bool {
	for i := range s.found {
		if s.found[i].Kind == kind {
			return true
		}
	}
	return false
}

// careSignals are the health and care words a block needs beside a person
// (POLICY.md: an identifier with a health or care detail; a lone one is
// warn).
var careSignals = [...]signal{sigCondition, sigConditionWeak, sigCare, sigSetting, sigAcknowledgement, sigCase, sigAdvice, sigTestimonial, sigPhoto}

// mayBlock says whether the block head may raise the draft: it learned only
// from drafts that deserve a flag (train.go), so a lone identifier, which
// POLICY.md calls warn, needs a name or a health or care word in the draft
// or the text it answers before the head is asked.
func (s *state) mayBlock() bool {
	if s.f.name {
		return true
	}
	for _, sig := range careSignals {
		if s.counts[sig] > 0 || s.ctxSig&(1<<sig) != 0 {
			return true
		}
	}
	return false
}
