package classifier

import (
	"slices"
	"strings"

	"github.com/scrubs/scrubs/classifier/internal/textnorm"
)

// Findings: spans on the original text, suggestions and the safe reply.

// maxFindings bounds what one draft reports: past a few hundred marks a
// person learns nothing more, and the bound keeps a huge paste linear.
const maxFindings = 200

func (s *state) add(kind string, first, last int32) {
	start, end := s.utf16(first, last)
	s.addSpan(kind, start, end, nil)
}

// addSpan appends a finding unless a recent one of its kind already
// covers it (findings arrive roughly in text order, so the recent ones
// suffice). suggestion is nil when there is no safer wording. Its reason
// is the kind's, worded for where the draft goes, once the draft is read
// (explain).
func (s *state) addSpan(kind string, start, end int, suggestion *string) bool {
	return s.addFinding(Finding{Kind: kind, Start: start, End: end, Suggestion: suggestion})
}

// explain gives each finding without a reason of its own the pack's
// reason for its kind, as worded for where the draft goes and in its
// language (reasonFor).
func (s *state) explain(fs []Finding) {
	where := s.d.Mode
	switch s.d.Channel {
	case ChannelDM, ChannelReview:
		where = s.d.Channel
	case "":
		if where == "" {
			where = ModePost
		}
	}
	for i := range fs {
		if fs[i].Reason == "" {
			fs[i].Reason = s.m.reasonFor(fs[i].Kind, where, s.spanish > 0)
		}
	}
}

func (s *state) addFinding(f Finding) bool {
	if len(s.found) >= maxFindings {
		return false
	}
	for i := len(s.found) - 1; i >= 0 && i >= len(s.found)-16; i-- {
		if g := s.found[i]; g.Kind == f.Kind && g.Start <= f.Start && f.End <= g.End {
			return false
		}
	}
	s.found = append(s.found, f)
	return true
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

// wholeHandles widens a finding that starts or ends inside an @handle
// to the whole handle, '@' included: a mark never cuts "@jane.doe" in two.
// (The tokens part a handle at its dots and underscores, as the model was
// trained; the handle is read here from the text itself.) It reports
// whether it widened any.
func (s *state) wholeHandles() bool {
	widened := false
	t := &s.t
	for i := range t.Tokens {
		tok := &t.Tokens[i]
		if tok.Flags&textnorm.Mention == 0 || tok.Start == 0 || t.Norm[tok.Start-1] != '@' {
			continue
		}
		end := handleEnd(t.Norm, int(tok.End))
		at, stop := t.UTF16(int(tok.Start)-1), t.UTF16(end)
		for j := range s.found {
			f := &s.found[j]
			if f.Start > at && f.Start < stop {
				f.Start, widened = at, true
			}
			if f.End > at && f.End < stop {
				f.End, widened = stop, true
			}
		}
	}
	return widened
}

// handleEnd reads on from the end of a handle's first word over the rest
// of the handle: letters, digits, underscores, and dots between them.
func handleEnd(b []byte, i int) int {
	for i < len(b) {
		c := b[i]
		switch {
		case handleByte(c):
			i++
		case c == '.' && i+1 < len(b) && handleByte(b[i+1]):
			i++
		default:
			return i
		}
	}
	return i
}

func handleByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
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

// sortFindings orders findings by where they start, then by kind, so output
// is stable across engines.
func sortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		if a.End != b.End {
			return a.End - b.End
		}
		return strings.Compare(a.Kind, b.Kind)
	})
}
