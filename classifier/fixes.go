package classifier

import "unicode/utf16"

// A fix that leaves the draft as risky is no help, and one that turns a
// disclosing draft "ok" while its health or care details stay launders it:
// "So glad your knee surgery went well, K.!" still tells the world. So each
// suggestion is tried: the draft is classified again as it would be after
// the fix, and the suggestion is kept only when the verdict drops and, if
// it drops to ok, nothing about health or care is left outside the fix.

// Trying a fix costs a classification of the draft, so one draft gets at
// most maxCheckedFixes, and drafts longer than maxFixedText (UTF-16 units,
// longer than nearly every comment and reply) none: their suggestions are
// withheld rather than offered unchecked.
const (
	maxCheckedFixes = 4
	maxFixedText    = 3000
)

func (e *Engine) checkFixes(d *Draft, res *Result) {
	if res.Verdict == VerdictOK {
		return
	}
	if len(d.Text) > 3*maxFixedText || utf16Len(d.Text) > maxFixedText {
		for i := range res.Findings {
			res.Findings[i].Suggestion = nil
		}
		return
	}
	var text []uint16
	checked := 0
	for i := range res.Findings {
		f := &res.Findings[i]
		if f.Suggestion == nil {
			continue
		}
		if checked == maxCheckedFixes {
			f.Suggestion = nil
			continue
		}
		checked++
		if text == nil {
			text = utf16.Encode([]rune(d.Text))
		}
		start, end := f.Start, f.End
		if f.Kind == KindAcknowledge && isDraftWide(*f.Suggestion, d.Text) {
			start, end = 0, len(text)
		} else if *f.Suggestion == "" {
			start, end = removalSpan(text, start, end)
		}
		fixed := *d
		fixed.Text = spliceUTF16(text, start, end, *f.Suggestion)
		after := e.classify(fixed).Verdict
		if severity(after) >= severity(res.Verdict) || after == VerdictOK && careOutside(res.Findings, start, end) {
			f.Suggestion = nil
			continue
		}
		f.Fix = &Fix{Start: start, End: end, After: after}
	}
}

// isDraftWide: the safe reply is a whole message; it replaces the draft.
func isDraftWide(suggestion, text string) bool {
	return len(suggestion) > 40 || len(suggestion) > len(text)/2
}

// removalSpan widens a removal by one space, so that "today, 47yo M from"
// becomes "today, from" and not "today,  from".
func removalSpan(text []uint16, start, end int) (int, int) {
	switch {
	case start > 0 && text[start-1] == ' ' && (end == len(text) || text[end] == ' ' || isPunct(text[end])):
		return start - 1, end
	case end < len(text) && text[end] == ' ' && (start == 0 || text[start-1] == '('):
		return start, end + 1
	}
	return start, end
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

func isPunct(c uint16) bool {
	switch c {
	case '.', ',', '!', '?', ';', ':', ')':
		return true
	}
	return false
}

func spliceUTF16(text []uint16, start, end int, by string) string {
	out := make([]uint16, 0, len(text)-(end-start)+len(by))
	out = append(out, text[:start]...)
	out = append(out, utf16.Encode([]rune(by))...)
	out = append(out, text[end:]...)
	return string(utf16.Decode(out))
}

// careOutside reports a health or care finding outside [start, end).
func careOutside(fs []Finding, start, end int) bool {
	for _, f := range fs {
		switch f.Kind {
		case KindCondition, KindAcknowledge, KindCase, KindAdvice, KindTestimonial:
			if f.End <= start || f.Start >= end {
				return true
			}
		}
	}
	return false
}

func severity(verdict string) int {
	switch verdict {
	case VerdictBlock:
		return 2
	case VerdictWarn:
		return 1
	}
	return 0
}
