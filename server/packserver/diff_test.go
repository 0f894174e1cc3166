package packserver

import (
	"strings"
	"testing"

	"github.com/scrubs/scrubs/classifier"
)

func TestBuiltInName(t *testing.T) {
	if n := classifier.DefaultPack().Name; n != builtInName {
		t.Fatalf("the built-in pack is called %q; diff.go knows it as %q", n, builtInName)
	}
}

// The changes, in plain words, section by section.
func TestDiffPacks(t *testing.T) {
	old := `{"schema":"scrubs.pack/1","name":"Riverside","base":"default","org":{"name":"Riverside Clinic","phones":["(555) 201-3344"],"staff":["Dr. Ana Ruiz"]},
		"lexicons":[{"id":"units","signal":"setting","terms":["Willow Unit","Birch Unit"]},{"id":"gone","signal":"condition","terms":["x"]}],
		"templates":{"safe_reply":"Please call us."},"thresholds":{"block":0.5},"sites":["facebook.com"]}`
	new := `{"schema":"scrubs.pack/1","name":"Riverside rules","base":"default","org":{"name":"Riverside Clinic","phones":["(555) 201-3344","(555) 201-4400"],"staff":[]},
		"lexicons":[{"id":"units","signal":"care","terms":["Willow Unit","Oak Unit"]},{"id":"procs","signal":"condition","terms":["lap band"]}],
		"patterns":[{"id":"mrn","kind":"identifier.mrn","regex":"RC-\\d{6}"}],
		"templates":{"safe_reply":"Please call us at {phone}.","safe_reply.es":"Llámenos."},"thresholds":{"block":0.6},"sites":["facebook.com","yelp.com"],"queue":{"expiry_days":7}}`
	got := ChangesText(DiffPacks([]byte(old), []byte(new)))
	for _, want := range []string{
		"Pack name: “Riverside” → “Riverside rules”",
		"Organisation profile, Phone numbers: added “(555) 201-4400”",
		"Organisation profile, Staff names: removed “Dr. Ana Ruiz”",
		"Extra terms, the list “units”, signal: “setting” → “care”",
		"Extra terms, the list “units”, terms: added “Oak Unit”; removed “Birch Unit”",
		"Extra terms, the list “gone”: removed “x”",
		"Extra terms, the list “procs” (condition): added “lap band”",
		"Patterns, the pattern “mrn” (identifier.mrn): added",
		"Safe-reply templates, English: “Please call us.” → “Please call us at {phone}.”",
		"Safe-reply templates, Spanish: (none) → “Llámenos.”",
		"Thresholds, block: “0.5” → “0.6”",
		"Section “queue”: added",
		"Section “sites”: added “yelp.com”",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, strings.ReplaceAll(got, "; ", "\n"))
		}
	}
	if c := DiffPacks([]byte(new), []byte(new)); len(c) != 0 || ChangesText(c) != "no change to the rules" {
		t.Errorf("the same pack: %+v", c)
	}
	// A first organisation pack over the built-in rules says what it adds.
	first := ChangesText(DiffPacks(classifier.DefaultPackJSON(), []byte(old)))
	if strings.Contains(first, "removed") || strings.Contains(first, "model") || !strings.Contains(first, "Organisation profile, Organisation name: (none) → “Riverside Clinic”") {
		t.Errorf("over the built-in rules: %s", first)
	}
}
