package classifier

import "strings"

// Pictures: attached images, and words that introduce a picture of someone.

// photos: an attached picture, or words that introduce one of a person.
func (s *state) photos(f *facts) {
	attached := false
	for _, a := range s.d.Attachments {
		if visualAttachment(a) {
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
		w := s.t.Folded(i)
		if s.has(i, sigStaff) || s.m.in(wsTeams, w) {
			staff = true
		}
		if s.m.in(wsEvents, w) {
			event = true
		}
	}
	return staff && !event && len(s.names) == 0 && s.counts[sigRelation] == 0 && !f.caseTalk && !f.ack
}

// thirdPerson: the draft speaks of someone (he, she, her son).
func (s *state) thirdPerson() bool {
	return s.textMask&(1<<bitThird|1<<sigRelation) != 0
}

// visualAttachment: an attachment that can show a person (image, video,
// photo, picture, gif, reel, story), whatever the page calls it.
func visualAttachment(a string) bool {
	a = strings.ToLower(a)
	for _, k := range []string{"image", "video", "photo", "picture", "gif", "reel", "story", "img", "jpg", "jpeg", "png", "mp4"} {
		if strings.Contains(a, k) {
			return true
		}
	}
	return false
}
