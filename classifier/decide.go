package classifier

import (
	"strings"

	"github.com/scrubs/scrubs/classifier/internal/scan"
	"github.com/scrubs/scrubs/classifier/internal/textnorm"
)

// what the scorer has established about a draft.
type facts struct {
	strongID   bool // SSN, record or member number
	personID   bool // any identifier of a person other than a name
	name       bool
	condition  bool // a specific health detail about someone
	weakHealth bool
	ack        bool
	ackWeak    bool // a weak patient cue: known here, no care confirmed
	ackStrong  bool // ack with a health detail in a reply: the page shows who
	caseTalk   bool
	advice     bool
	testimony  bool
	photo      bool
	general    bool
}

// decide applies POLICY.md's rules to the signals read and fills s.found.
func (s *state) decide() string {
	var f facts
	s.identifierFindings(&f)
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
	s.offerSafeReply()
	for i := range s.found {
		s.found[i].Severity = verdict
	}
	sortFindings(s.found)
	return verdict
}

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

// personWords reports words that point to one person: you, he, her, my son.
func (s *state) personWords() bool {
	return s.textMask&(1<<bitPerson) != 0
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
		for _, sig := range []signal{sigCare, sigConditionWeak} {
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
		switch string(s.t.Folded(k)) {
		case "your", "his", "her", "their", "ur", "su", "tu", "sus", "tus":
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
		switch string(s.t.Folded(int(i))) {
		case "i", "my", "me", "i'm", "i've", "mi", "yo", "mis":
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
		if patientWord(w) || s.has(i, sigRelation) {
			return true
		}
		switch string(w) {
		case "alum", "alumni", "graduate", "family", "familia", "mom", "dad", "parent", "mama", "papa":
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

// photos: an attached picture, or words that introduce one of a person.
func (s *state) photos(f *facts) {
	attached := false
	for _, a := range s.d.Attachments {
		if a == "image" || a == "video" {
			attached = true
		}
	}
	if attached && s.staffOnly(f) {
		return
	}
	if len(s.bySig[sigPhoto]) > 0 && (attached || len(s.names) > 0) {
		f.photo = true
		f.personID = true
		s.addCueFindings(sigPhoto, KindPhoto)
		return
	}
	if attached {
		f.photo = true
		// the picture shows who the words are about: a name, or "her heart surgery"
		f.personID = f.personID || len(s.names) > 0 || f.condition && s.thirdPerson()
		s.addSentenceFinding(0, KindPhoto)
	}
}

// staffOnly: the words are about the organisation's own people and nothing
// about patients or the public (a team photo, a staff member's marathon):
// a team word or one of its staff named, and no family, child, case or
// public event.
func (s *state) staffOnly(f *facts) bool {
	staff, event := false, false
	for i := range s.t.Tokens {
		w := string(s.t.Folded(i))
		if s.has(i, sigStaff) || teamWords[w] {
			staff = true
		}
		if eventWords[w] {
			event = true
		}
	}
	return staff && !event && len(s.names) == 0 && s.counts[sigRelation] == 0 && !f.caseTalk && !f.ack
}

// eventWords: a picture of one of these shows the public, not just staff.
var eventWords = wordSet("story", "storytime", "party", "parade", "festival", "fair", "event", "costume", "costumes",
	"celebration", "families", "family", "kids", "children", "everyone", "community", "crowd", "visitors", "guests",
	"fiesta", "familias", "ninos", "todos", "comunidad")

var teamWords = wordSet("team", "staff", "crew", "nurses", "providers", "colleagues", "coworkers", "equipo", "personal")

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

// thirdPerson: the draft speaks of someone (he, she, her son).
func (s *state) thirdPerson() bool {
	return s.textMask&(1<<bitThird|1<<sigRelation) != 0
}

// maxFindings bounds what one draft reports: past a few hundred marks a
// person learns nothing more, and the bound keeps a huge paste linear.
const maxFindings = 200

func (s *state) add(kind string, first, last int32) {
	start, end := s.utf16(first, last)
	s.addSpan(kind, start, end, nil)
}

// addSpan appends a finding unless a recent one of its kind already covers
// it (findings arrive roughly in text order, so the recent ones suffice).
// suggestion is nil when there is no safer wording.
func (s *state) addSpan(kind string, start, end int, suggestion *string) {
	if len(s.found) >= maxFindings {
		return
	}
	for i := len(s.found) - 1; i >= 0 && i >= len(s.found)-16; i-- {
		if f := s.found[i]; f.Kind == kind && f.Start <= start && end <= f.End {
			return
		}
	}
	s.found = append(s.found, Finding{Kind: kind, Start: start, End: end, Reason: s.m.reasons[kind], Suggestion: suggestion})
}

func (s *state) addName(n nameSpan) {
	start, end := s.utf16(n.first, n.last)
	s.addSpan(KindName, start, end, s.initials(n))
}

func (s *state) addSignalFindings(sig signal, kind string) {
	for _, sp := range s.bySig[sig] {
		s.add(kind, sp.first, sp.last)
	}
}

// addCueFindings reports each cue phrase, stretched to the health or care
// words that follow it in the same clause.
func (s *state) addCueFindings(sig signal, kind string) {
	for _, sp := range s.bySig[sig] {
		s.addClauseFinding(sp, kind)
	}
}

func (s *state) addClauseFinding(sp span, kind string) {
	last := sp.last
	for i := int(sp.last); i < len(s.t.Tokens) && i < int(sp.last)+8 && s.sentence[i] == s.sentence[sp.first]; i++ {
		if s.has(i, sigCondition) || s.has(i, sigCare) || s.has(i, sigSetting) || s.has(i, sigConditionWeak) {
			last = int32(i + 1)
		}
	}
	s.add(kind, sp.first, last)
}

// addSentenceFinding reports the whole sentence holding token tok.
func (s *state) addSentenceFinding(tok int32, kind string) {
	if len(s.t.Tokens) == 0 {
		s.addSpan(kind, 0, 0, nil)
		return
	}
	sent := s.sentence[tok]
	first, last := tok, tok
	for first > 0 && s.sentence[first-1] == sent {
		first--
	}
	for int(last) < len(s.t.Tokens) && s.sentence[last] == sent {
		last++
	}
	s.add(kind, first, last)
}

// offerSafeReply joins what confirms someone's care in a reply or comment
// into one finding, and suggests the pack's private-channel reply in its
// place: the safe thing to say there is that care is not discussed in
// public.
func (s *state) offerSafeReply() {
	if !s.reply {
		return
	}
	template := s.m.safeReply
	if s.spanish > 0 && s.m.safeReplyES != "" {
		template = s.m.safeReplyES
	}
	first := -1
	kept := s.found[:0]
	for _, f := range s.found {
		if f.Kind != KindAcknowledge {
			kept = append(kept, f)
			continue
		}
		if first < 0 {
			first = len(kept)
			kept = append(kept, f)
			continue
		}
		j := &kept[first]
		j.Start, j.End = min(j.Start, f.Start), max(j.End, f.End)
	}
	s.found = kept
	if first >= 0 && template != "" {
		s.found[first].Suggestion = &template
	}
}

// removeIt is the safer wording of a number or address: nothing.
var removeIt = ""

// initials suggests a name's initials in its place ("Mateo Alvarez" → "M.A.").
func (s *state) initials(n nameSpan) *string {
	if n.mention {
		return nil
	}
	var b []byte
	for i := n.first; i < n.last; i++ {
		if s.has(int(i), sigHonorific) {
			continue
		}
		w := s.t.Surface(int(i))
		if len(w) == 0 || w[0] >= 0x80 {
			continue
		}
		c := w[0]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		b = append(b, c, '.')
	}
	if len(b) == 0 {
		return nil
	}
	in := string(b)
	return &in
}
