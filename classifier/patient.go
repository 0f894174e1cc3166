package classifier

// The patient signals: acknowledgements, cases, advice and testimonials.

import (
	"github.com/scrubs/scrubs/classifier/internal/textnorm"
)

// acknowledgements: the draft confirms that someone was seen or cared for.
func (s *state) acknowledgements(f *facts, personRef bool) {
	// in a post nobody is addressed: only a name makes an acknowledgement.
	// A weak cue ("our buddy", "so brave") says the person is known here,
	// not that they were cared for: with a name it warns, no more.
	// A visit cue ("see you Friday") is an acknowledgement only where the
	// draft speaks of care.
	careTalk := s.counts[sigCare] > 0 || s.counts[sigCondition] > 0 || s.counts[sigConditionWeak] > 0 || s.counts[sigSetting] > 0
	if s.reply || f.name {
		for _, sp := range s.bySig[sigAcknowledgement] {
			// "please call our Patient Experience line" moves to a private channel
			if s.sentenceHas(sp.first, sigPrivateChannel) && !s.sentencePerson(sp.first) {
				continue
			}
			switch {
			case sp.weight >= 0.75:
				f.ack = true
			case sp.weight >= 0.4:
				f.ackWeak = true
			case careTalk:
				f.ack = true
			default:
				continue
			}
			s.addClauseFinding(sp, KindAcknowledge)
		}
	}
	if !f.ack && s.reply && (personRef || s.d.ReplyingTo != "") {
		// a reply that speaks of a visit, shots or a stay to the person it answers
		for _, sig := range []signal{sigCare, sigSetting, sigCondition} {
			for _, sp := range s.bySig[sig] {
				// a case told to the world ("had a teen in for a physical") is not
				// said to them; "if he's wheezing, call us" supposes, it does not confirm
				// advice ("you should get an X-ray") is not a confirmation, unless it
				// names their condition ("don't give her the dose until we recheck her titers")
				if s.sentenceHas(sp.first, sigGeneral) || s.sentenceHas(sp.first, sigPrivateChannel) || s.sentenceHas(sp.first, sigPublicFigure) ||
					s.sentenceHas(sp.first, sigAdvice) && sig != sigCondition ||
					s.sentenceBit(sp.first, bitCaseTalk) || s.sentenceBit(sp.first, bitSupposing) {
					continue
				}
				// a condition is theirs only when said so: "your A1C", "his rash"
				if s.sentencePerson(sp.first) && (sig != sigCondition || s.possessiveBefore(sp.first, 3)) {
					f.ack = true
					s.addSentenceFinding(sp.first, KindAcknowledge)
					break
				}
			}
		}
	}
	if !f.ack && f.name {
		// a named person's visit, shots or stay, in the same sentence
		// a named person's visit, shots or stay: in the sentence that names
		// them, or one that speaks of them ("Walter ... brought his
		// great-grandkids to every appointment")
		for _, sig := range []signal{sigCare, sigConditionWeak, sigSetting} {
			for _, sp := range s.bySig[sig] {
				if (s.sentenceNamed(sp.first) || s.sentenceThirdPerson(sp.first)) && !s.sentenceHas(sp.first, sigGeneral) {
					f.ack = true
					s.addClauseFinding(sp, KindAcknowledge)
				}
			}
		}
	}
	// the commenter disclosed a condition or thanked us for care; a warm
	// answer confirms it, unless it only moves to a private channel after
	// a disclosure ("so sorry to hear that; please call us")
	if !f.ack && s.d.Mode == ModeReply && s.ctxSig&(1<<sigCondition|1<<sigAcknowledgement) != 0 &&
		(s.counts[sigGratitude] > 0 || s.counts[sigWish] > 0 || f.ackWeak) && (s.counts[sigPrivateChannel] == 0 || s.ctxThanks) {
		// thanked for care, the reply accepts the thanks
		f.ack = true
		s.addSentenceFinding(0, KindAcknowledge)
	}
	// moving to a private channel is fine; naming their health detail on the way is not
	if (f.ack || f.ackWeak) && s.reply && f.condition && !f.caseTalk {
		f.ackStrong = true
	}
	if s.d.Mode == ModeReply && s.repeatsContext() {
		// the reply repeats a health detail the person disclosed: it confirms it
		f.ack, f.ackStrong = true, true
		s.addSentenceFinding(s.repeated, KindAcknowledge)
	}
}

// repeatsContext reports a condition named both in the reply and in the
// comment it answers, and remembers where in the reply.
func (s *state) repeatsContext() bool {
	if s.ctxSig&(1<<sigCondition|1<<sigConditionWeak) == 0 {
		return false
	}
	if !s.personWords() {
		return false
	}
	for _, sig := range []signal{sigCondition, sigConditionWeak} {
		for _, sp := range s.bySig[sig] {
			if s.sentenceHas(sp.first, sigGeneral) && !s.sentencePerson(sp.first) {
				continue // "COVID vaccines are approved for kids 6 months and up"
			}
			w := s.phrase(&s.t, sp.first, sp.last)
			for _, h := range s.ctxHits {
				if s.m.lexes[h.Lex].signal == sigCondition && s.phrase(&s.ctx, h.First, h.Last) == w {
					s.repeated = sp.first
					return true
				}
			}
		}
	}
	return false
}

// phrase returns the folded words of tokens [first, last) of t.
func (s *state) phrase(t *textnorm.Text, first, last int32) string {
	var b []byte
	for i := first; i < last; i++ {
		if i > first {
			b = append(b, ' ')
		}
		b = append(b, t.Folded(int(i))...)
	}
	return string(b)
}

// cases: the draft discusses a specific patient's case.
func (s *state) cases(f *facts) {
	news := s.counts[sigPublicFigure] > 0
	for _, sp := range s.bySig[sigCase] {
		strong := sp.weight >= 0.75
		// "today" or "room 4" is a case only beside a patient and their care
		// in a reply, "this afternoon" beside "you" is said to them, not told about them
		if !strong && s.reply && s.sentenceSecondPerson(sp.first) {
			continue
		}
		if !strong && (news || !s.sentenceOther(sp.first) ||
			!(s.sentenceHas(sp.first, sigCondition) || s.sentenceHas(sp.first, sigCare) || s.sentenceHas(sp.first, sigSetting))) {
			continue
		}
		if s.sentenceHas(sp.first, sigGeneral) && !strong {
			continue
		}
		f.caseTalk = true
		s.sentSig[s.sentence[sp.first]] |= 1 << bitCaseTalk
		s.addClauseFinding(sp, KindCase)
	}
}

// advice: telling one person what to do about their health, in public. A
// phrase ("you should double") is advice where health is spoken of; a bare
// verb ("skip", "stop") only with a medicine or dose right after it, in a
// reply or comment.
func (s *state) advice(f *facts) {
	for _, sp := range s.bySig[sigAdvice] {
		if !(s.reply || s.sentencePerson(sp.first)) || s.sentenceHas(sp.first, sigGeneral) {
			continue
		}
		if sp.weight >= 0.75 {
			// in a post, a phrase is advice only where health is spoken of
			if !s.reply && s.counts[sigCondition] == 0 && s.counts[sigConditionWeak] == 0 {
				continue
			}
		} else if !s.reply || !s.healthNear(sp.first, sp.last, 6) {
			continue
		}
		f.advice = true
		s.addClauseFinding(sp, KindAdvice)
	}
}

// possessiveBefore: your, his, her, their (su, tu) within n tokens before
// tok, in its sentence.
func (s *state) possessiveBefore(tok int32, n int) bool {
	for k := int(tok) - 1; k >= 0 && k >= int(tok)-n && s.sentence[k] == s.sentence[tok]; k-- {
		if s.m.in(wsPossessives, s.t.Folded(k)) {
			return true
		}
	}
	return false
}

// healthNear: a condition or medicine word within n tokens of [first, last),
// in its sentence ("skip the antibiotic", "that mole should be looked at").
func (s *state) healthNear(first, last int32, n int) bool {
	sent := s.sentence[first]
	for i := max(0, int(first)-n); i < len(s.t.Tokens) && i < int(last)+n; i++ {
		if s.sentence[i] == sent && (s.has(i, sigCondition) || s.has(i, sigConditionWeak)) {
			return true
		}
	}
	return false
}

// A strong cue ("her story", "caught my") needs someone it is about; a weak
// one ("meet", "shoutout to") needs a name.
func (s *state) testimonials(f *facts, personRef bool) {
	if !(f.condition || s.counts[sigCare] > 0 || s.counts[sigSetting] > 0) {
		return
	}
	for _, sp := range s.bySig[sigTestimonial] {
		if sp.weight >= 1 && personRef || f.name {
			f.testimony = true
			s.addClauseFinding(sp, KindTestimonial)
		}
	}
	// a quoted health story: "our daughter finally sleeps...", "after my
	// shoulder surgery I...", or any quote signed by a patient or a parent
	if first, last, ok := s.quoted(); ok {
		health := s.rangeHas(first, last, sigCondition) || s.rangeHas(first, last, sigConditionWeak) || s.rangeHas(first, last, sigCare)
		if health && (s.rangeHas(first, last, sigRelation) || s.firstPerson(first, last)) || s.signedByPatient(last) {
			f.testimony = true
			s.add(KindTestimonial, first, last)
		}
	}
}

// firstPerson: I, my, me (yo, mi) among tokens [first, last).
func (s *state) firstPerson(first, last int32) bool {
	for i := first; i < last; i++ {
		if s.m.in(wsFirstPerson, s.t.Folded(int(i))) {
			return true
		}
	}
	return false
}

// signedByPatient: the words after a quote attribute it to a patient,
// client or parent ("— a Cedar Valley patient", "— una mamá de ...").
func (s *state) signedByPatient(last int32) bool {
	for i := int(last); i < len(s.t.Tokens) && i < int(last)+7; i++ {
		w := s.t.Folded(i)
		if patientWord(w) || s.has(i, sigRelation) || s.m.in(wsQuoteSigners, w) {
			return true
		}
	}
	return false
}

// quoted returns the tokens between the first pair of quotation marks.
func (s *state) quoted() (first, last int32, ok bool) {
	b := s.t.Norm
	open := -1
	var want byte
	for i := 0; i < len(b); i++ {
		c := b[i]
		if open < 0 {
			if c == '"' || c == '\'' && (i == 0 || b[i-1] == ' ' || b[i-1] == ':') {
				open, want = i, c
			}
			continue
		}
		if c == want && (i+1 == len(b) || b[i+1] == ' ' || b[i+1] == '.' || b[i+1] == ',' || b[i+1] == '!' || b[i+1] == '\n' || b[i+1] >= 0x80) && i > open+1 {
			f, l := s.tokenAt(open+1), s.tokenAt(i)
			if i <= int(s.t.Tokens[l].Start) {
				l--
			}
			return f, l + 1, f <= l
		}
	}
	return 0, 0, false
}

func (s *state) rangeHas(first, last int32, sig signal) bool {
	for i := first; i < last; i++ {
		if s.has(int(i), sig) {
			return true
		}
	}
	return false
}
