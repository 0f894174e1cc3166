package classifier

import "strings"

// Reasons are pack data (rules/base.json, and any pack's "reasons"), one
// per finding kind, and may be worded for where the draft goes and for
// Spanish drafts. A key is
//
//	KIND              the kind's reason: "health.condition"
//	KIND@PLACE        for one place: "patient.acknowledgement@dm"
//	KIND.es, KIND@PLACE.es   the same, for a draft that reads as Spanish
//
// where PLACE is a mode (post, comment, reply) or a channel (dm, review:
// a private message, an answer to an online review). The most specific
// reason the pack has is used: for a Spanish draft KIND@PLACE.es, then
// KIND.es, then KIND@PLACE, then KIND. The wording never changes a
// verdict.

var reasonPlaces = []string{ModePost, ModeComment, ModeReply, ChannelReview, ChannelDM}

// reasonKey splits a reason key; ok is false for one that names no kind,
// an unknown place or an unknown language.
func reasonKey(k string) (kind, place, lang string, ok bool) {
	if base, found := strings.CutSuffix(k, ".es"); found {
		k, lang = base, "es"
	}
	kind, place, _ = strings.Cut(k, "@")
	if !isKind(kind) {
		return "", "", "", false
	}
	if place != "" && !isReasonPlace(place) {
		return "", "", "", false
	}
	return kind, place, lang, true
}

func isReasonPlace(p string) bool {
	for _, x := range reasonPlaces {
		if x == p {
			return true
		}
	}
	return false
}

// reasonFor answers the reason for kind at place, in Spanish when es.
func (m *matcher) reasonFor(kind, place string, es bool) string {
	keys := [4]string{kind + "@" + place, kind}
	n := 2
	if es {
		keys = [4]string{kind + "@" + place + ".es", kind + ".es", kind + "@" + place, kind}
		n = 4
	}
	for _, k := range keys[:n] {
		if r := m.reasons[k]; r != "" {
			return r
		}
	}
	return ""
}
