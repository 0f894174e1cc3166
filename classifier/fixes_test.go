package classifier_test

import (
	"testing"
	"unicode/utf16"

	"github.com/scrubs/scrubs/classifier"
)

// TestOfferedFixesNeverLaunder applies every fix the engine offers on every
// draft of every corpus and classifies the result: it must have the verdict
// the fix promised, lower than the draft's, and never be ok while a health
// or care detail is left in the text.
func TestOfferedFixesNeverLaunder(t *testing.T) {
	rank := map[string]int{classifier.VerdictOK: 0, classifier.VerdictWarn: 1, classifier.VerdictBlock: 2}
	offered := 0
	for _, o := range organisations(t) {
		e, err := classifier.Default().WithOrg(o.Profile)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range o.Items {
			r := e.Classify(it.Draft)
			text := utf16.Encode([]rune(it.Text))
			for _, f := range r.Findings {
				if f.Suggestion == nil {
					continue
				}
				if f.Fix == nil {
					t.Fatalf("%s: suggestion %q without its fix", it.ID, *f.Suggestion)
				}
				offered++
				fixed := it.Draft
				fixed.Text = string(utf16.Decode(append(append(append([]uint16{}, text[:f.Fix.Start]...), utf16.Encode([]rune(*f.Suggestion))...), text[f.Fix.End:]...)))
				after := e.Classify(fixed)
				if after.Verdict != f.Fix.After || rank[after.Verdict] >= rank[r.Verdict] {
					t.Errorf("%s: fixing %s gives %s (promised %s, draft %s): %q", it.ID, f.Kind, after.Verdict, f.Fix.After, r.Verdict, fixed.Text)
				}
				if after.Verdict == classifier.VerdictOK {
					for _, g := range r.Findings {
						care := g.Kind == classifier.KindCondition || g.Kind == classifier.KindAcknowledge || g.Kind == classifier.KindCase || g.Kind == classifier.KindAdvice || g.Kind == classifier.KindTestimonial
						if care && (g.End <= f.Fix.Start || g.Start >= f.Fix.End) {
							t.Errorf("%s: fixing %s leaves %s %q and passes as ok: %q", it.ID, f.Kind, g.Kind, string(utf16.Decode(text[g.Start:g.End])), fixed.Text)
						}
					}
				}
			}
		}
	}
	if offered < 100 {
		t.Errorf("only %d fixes offered over the corpora; the check is not exercised", offered)
	}
	t.Logf("%d fixes offered and checked", offered)
}
