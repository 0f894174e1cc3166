package classifier_test

import (
	"strings"
	"testing"

	"github.com/scrubs/scrubs/classifier"
)

func suggestionFor(r classifier.Result, kind string) (string, bool) {
	for _, f := range r.Findings {
		if f.Kind == kind && f.Suggestion != nil {
			return *f.Suggestion, true
		}
	}
	return "", false
}

func TestSuggestions(t *testing.T) {
	e := otherEngine(t)
	// initials with the chemo still tell everyone who knows him: no fix
	r := e.Classify(post("So proud of Marcus Delaney for finishing his last round of chemo!"))
	if s, ok := suggestionFor(r, classifier.KindName); ok {
		t.Errorf("name suggestion %q offered; initials leave the chemo disclosed", s)
	}
	// a name with nothing about health: initials are safe
	r = e.Classify(post("Mrs. Pruitt, we have your reading glasses at the front desk!"))
	if s, ok := suggestionFor(r, classifier.KindName); ok && s != "P." {
		t.Errorf("name suggestion = %q; want P.", s)
	}
	r = e.Classify(reply("Can you confirm his SSN is 412-67-0923 for the form?"))
	if s, ok := suggestionFor(r, classifier.KindSSN); !ok || s != "" {
		t.Errorf("SSN suggestion = %q, %v; want removal (\"\")", s, ok)
	}
	for _, f := range r.Findings {
		if f.Kind == classifier.KindSSN && (f.Fix == nil || f.Fix.Start != f.Start-1 || f.Fix.After == classifier.VerdictBlock) {
			t.Errorf("SSN fix %+v; want the space before it removed too, and a lower verdict after", f.Fix)
		}
	}
	r = e.Classify(reply("So glad your visit went well! See you at the next checkup"))
	s, ok := suggestionFor(r, classifier.KindAcknowledge)
	if !ok || !strings.Contains(s, "(555) 440-1200") || !strings.Contains(s, "can't discuss") {
		t.Errorf("acknowledgement suggestion = %q; want the safe reply with the organisation's phone", s)
	}
	n := 0
	for _, f := range r.Findings {
		if f.Kind == classifier.KindAcknowledge {
			n++
			if f.Fix == nil || f.Fix.Start != 0 || f.Fix.End != len("So glad your visit went well! See you at the next checkup") || f.Fix.After != classifier.VerdictOK {
				t.Errorf("safe reply fix %+v; want it to replace the whole draft, leaving it ok", f.Fix)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d acknowledgement findings; want them joined into one the safe reply replaces", n)
	}
	r = e.Classify(reply("¡Qué gusto verlos hoy! Su hija se portó muy bien"))
	if s, _ := suggestionFor(r, classifier.KindAcknowledge); !strings.Contains(s, "No podemos") {
		t.Errorf("Spanish reply got suggestion %q; want the Spanish safe reply", s)
	}
	r = e.Classify(post("Had a patient tonight who came in with a nail through his hand"))
	for _, f := range r.Findings {
		if f.Kind == classifier.KindCase && f.Suggestion != nil {
			t.Errorf("a case finding has suggestion %q; there is no safe wording for it", *f.Suggestion)
		}
	}
}
