package classifier_test

import (
	"strings"
	"testing"

	"github.com/scrubs/scrubs/classifier"
)

// TestHandlesAreWhole: no finding starts or ends inside an @handle with
// dots or underscores (Instagram's "@jane.doe"); one that marks the
// handle marks all of it, '@' included.
func TestHandlesAreWhole(t *testing.T) {
	e := classifier.Default()
	for _, d := range []classifier.Draft{
		{Text: "@kelsey.marie it was so fun meeting baby June at her newborn visit!! 🍼💕", Mode: "comment", Platform: "instagram"},
		{Text: "@jenna.kowal we're obsessed with you and the twins too!! 🥰 see u at the recheck", Mode: "reply", Platform: "instagram", ReplyingTo: "obsessed w this practice. they handled my twins' RSV like absolute pros"},
		{Text: "@kaylee.rose_ 🥺❤️ I think about you all the time. I'm so glad you're home from the NICU", Mode: "reply", Platform: "instagram"},
		{Text: "So sorry about his asthma attack @jane.doe, glad he's doing better!", Mode: "comment", Platform: "instagram"},
	} {
		r := e.Classify(d)
		if r.Verdict == classifier.VerdictOK {
			t.Errorf("%q: ok, want a flagged draft", d.Text)
		}
		handle := strings.Fields(d.Text[strings.IndexByte(d.Text, '@'):])[0]
		handle = strings.TrimRight(handle, ",.!")
		at := utf16Len(d.Text[:strings.IndexByte(d.Text, '@')])
		end := at + utf16Len(handle)
		named := false
		for i, f := range r.Findings {
			if i > 0 && f.Kind == r.Findings[i-1].Kind && f.Start == r.Findings[i-1].Start && f.End == r.Findings[i-1].End {
				t.Errorf("%q: %s [%d, %d) twice", d.Text, f.Kind, f.Start, f.End)
			}
			if f.Start > at && f.Start < end || f.End > at && f.End < end {
				t.Errorf("%q: %s [%d, %d) cuts %s [%d, %d)", d.Text, f.Kind, f.Start, f.End, handle, at, end)
			}
			named = named || f.Kind == "identifier.name" && f.Start == at && f.End == end
		}
		if !named {
			t.Errorf("%q: %s is not marked as a name: %+v", d.Text, handle, r.Findings)
		}
	}
}
