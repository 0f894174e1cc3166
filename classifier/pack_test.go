package classifier_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/scrubs/scrubs/classifier"
)

func TestDefaultPackValid(t *testing.T) {
	p := classifier.DefaultPack()
	if err := classifier.Validate(p); err != nil {
		t.Fatal(err)
	}
	// the published form parses back to the same pack
	back, err := classifier.ParsePack(classifier.DefaultPackJSON())
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Lexicons) != len(p.Lexicons) {
		t.Fatalf("round trip: %d lexicons, want %d", len(back.Lexicons), len(p.Lexicons))
	}
	if _, err := classifier.Compile(back); err != nil {
		t.Fatal(err)
	}
}

func TestParsePackErrorsNamePaths(t *testing.T) {
	cases := []struct {
		name, json string
		want       []string // "path: message fragment"
	}{
		{"syntax", `{"schema": "scrubs.pack/1",` + "\n" + `"name": }`, []string{"line 2, column"}},
		{"schema", `{"schema":"other/2","name":"x","org":{"name":""}}`, []string{"schema: "}},
		{"bad regex and kind", `{"schema":"scrubs.pack/1","name":"x","org":{"name":""},"patterns":[{"id":"p","kind":"identifier.nope","regex":"(a"}]}`,
			[]string{"patterns[0].kind: ", "patterns[0].regex: does not compile"}},
		{"empty-matching regex", `{"schema":"scrubs.pack/1","name":"x","org":{"name":""},"patterns":[{"id":"p","kind":"identifier.mrn","regex":"a*"}]}`,
			[]string{"patterns[0].regex: matches the empty string"}},
		{"lexicon", `{"schema":"scrubs.pack/1","name":"x","org":{"name":""},"lexicons":[{"id":"a","signal":"nope","terms":["ok",""]},{"id":"a","signal":"condition","weight":3,"terms":["x*y"]}]}`,
			[]string{"lexicons[0].signal: ", "lexicons[0].terms[1]: is empty", "lexicons[1].id: ", "lexicons[1].weight: ", "lexicons[1].terms[0]: "}},
		{"org", `{"schema":"scrubs.pack/1","name":"x","org":{"name":"A","phones":["12"],"emails":["nope"]}}`,
			[]string{"org.phones[0]: ", "org.emails[0]: "}},
		{"template", `{"schema":"scrubs.pack/1","name":"x","org":{"name":""},"templates":{"nope":"x"},"thresholds":{"condition_min_weight":7}}`,
			[]string{"templates.nope: ", "thresholds.condition_min_weight: "}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := classifier.ParsePack([]byte(c.json))
			if err == nil {
				t.Fatal("accepted")
			}
			msg := err.Error()
			var ve *classifier.ValidationError
			if errors.As(err, &ve) {
				var lines []string
				for _, p := range ve.Problems {
					lines = append(lines, p.Path+": "+p.Message)
				}
				msg = strings.Join(lines, "\n")
			}
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q lacks %q", msg, w)
				}
			}
		})
	}
}

func TestPackExamplesAreChecked(t *testing.T) {
	p := &classifier.Pack{Schema: classifier.PackSchema, Name: "x", Base: "default", Lexicons: []classifier.Lexicon{{
		ID: "ours", Signal: "condition", Weight: 1, Terms: []string{"frobnitis"},
		Examples: classifier.Examples{Hit: []string{"her frobnitis is back"}, Miss: []string{"frobnitis season"}},
	}}}
	_, err := classifier.Compile(p)
	var ve *classifier.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 1 || ve.Problems[0].Path != "lexicons[0].examples.miss[0]" {
		t.Fatalf("err = %v; want one problem at lexicons[0].examples.miss[0]", err)
	}
}

func TestOrgPackExtendsDefault(t *testing.T) {
	p := &classifier.Pack{Schema: classifier.PackSchema, Name: "ours", Base: "default",
		Lexicons: []classifier.Lexicon{{ID: "ours", Signal: "condition", Weight: 1, Terms: []string{"frobnitis"}}},
		Patterns: []classifier.Pattern{{ID: "chart", Kind: classifier.KindMRN, Regex: `\bRB-\d{6}\b`, Keywords: []string{"rb-"}}},
	}
	e, err := classifier.Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	if r := e.Classify(comment("So glad Daniel's frobnitis cleared up!")); r.Verdict != classifier.VerdictBlock {
		t.Errorf("pack term: verdict %s", r.Verdict)
	}
	if r := e.Classify(reply("Your chart is RB-123456")); !hasKind(r, classifier.KindMRN) {
		t.Errorf("pack pattern: %+v", r)
	}
	// a shape no scanner knows, found only by the pack's pattern, with its keyword in any case
	q := &classifier.Pack{Schema: classifier.PackSchema, Name: "ours", Base: "default",
		Patterns: []classifier.Pattern{{ID: "qzx", Kind: classifier.KindAccount, Regex: `(?i)\bqzx[0-9]{5}\b`, Keywords: []string{"qzx"}, Reason: "Our loyalty card number."}}}
	eq, err := classifier.Compile(q)
	if err != nil {
		t.Fatal(err)
	}
	r := eq.Classify(post("Lost card QZX12345 found at the desk"))
	if !hasKind(r, classifier.KindAccount) || r.Verdict != classifier.VerdictWarn {
		t.Errorf("pack pattern without a scanner: %+v", r)
	} else if r.Findings[0].Reason != "Our loyalty card number." {
		t.Errorf("pattern reason = %q", r.Findings[0].Reason)
	}
	if r := eq.Classify(post("Lost card 12345 found at the desk")); r.Verdict != classifier.VerdictOK {
		t.Errorf("keyword missing, yet %+v", r)
	}
	if r := e.Classify(comment("So glad Daniel's chemo is done!")); r.Verdict != classifier.VerdictBlock {
		t.Errorf("default term lost: verdict %s", r.Verdict)
	}
}

func TestPackTooLarge(t *testing.T) {
	big := make([]byte, classifier.MaxPackBytes+1)
	if _, err := classifier.ParsePack(big); err == nil {
		t.Fatal("accepted an oversized pack")
	}
}

// TestPackJSONIsStable: the same pack always marshals to the same bytes,
// so its digest and signature do not depend on map order.
func TestPackJSONIsStable(t *testing.T) {
	p := &classifier.Pack{Schema: classifier.PackSchema, Name: "x",
		Reasons:    classifier.Texts{"identifier.name": "a", "identifier.ssn": "b", "identifier.mrn": "c", "testimonial": "d"},
		Templates:  classifier.Texts{"safe_reply": "x", "safe_reply.es": "y"},
		Thresholds: classifier.Numbers{"condition_min_weight": 0.7, "max_age_unflagged": 89}}
	first, err := p.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		again, _ := p.MarshalJSON()
		if string(again) != string(first) {
			t.Fatalf("marshal %d differs:\n%s\n%s", i, first, again)
		}
	}
	back, err := classifier.ParsePack(first)
	if err != nil || back.Reasons["identifier.ssn"] != "b" || back.Thresholds["max_age_unflagged"] != 89 {
		t.Fatalf("round trip: %v %+v", err, back)
	}
}

// TestWordSetsAreData: a pack's word set replaces the built-in one, so an
// organisation can teach the engine a greeting, and a bad set is refused
// with its JSON path.
func TestWordSetsAreData(t *testing.T) {
	draft := classifier.Draft{Text: "Howdy Summer, hope the stitches come out easy tomorrow", Mode: classifier.ModeComment, Platform: "facebook"}
	named := func(e *classifier.Engine) bool {
		for _, f := range e.Classify(draft).Findings {
			if f.Kind == classifier.KindName {
				return true
			}
		}
		return false
	}
	leaders := append([]string{"howdy"}, classifier.DefaultPack().Words["name_leaders"]...)
	withHowdy, err := classifier.Compile(&classifier.Pack{Schema: classifier.PackSchema, Name: "t", Base: "default", Words: classifier.WordSets{"name_leaders": leaders}})
	if err != nil {
		t.Fatal(err)
	}
	if named(classifier.Default()) == named(withHowdy) {
		t.Errorf("adding \"howdy\" to name_leaders changed nothing for %q", draft.Text)
	}
	for words, want := range map[string]string{
		`{"greetings": ["hi"]}`:          "words.greetings: is not a word set",
		`{"name_leaders": ["Hi"]}`:       `words.name_leaders[0]: "Hi" must be one word in lower case`,
		`{"name_leaders": ["good day"]}`: `words.name_leaders[0]: "good day" must be one word in lower case`,
	} {
		_, err := classifier.ParsePack([]byte(`{"schema": "scrubs.pack/1", "name": "t", "base": "default", "words": ` + words + `}`))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("words %s: error %v; want one containing %q", words, err, want)
		}
	}
}
