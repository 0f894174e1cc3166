package classifier_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrubs/scrubs/classifier"
)

func problems(t *testing.T, js string) []string {
	t.Helper()
	_, err := classifier.ParsePack([]byte(js))
	var ve *classifier.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("ParsePack(%s) = %v; want a ValidationError", js, err)
	}
	var out []string
	for _, p := range ve.Problems {
		out = append(out, p.Path+": "+p.Message)
	}
	return out
}

func TestBuiltInSites(t *testing.T) {
	sites := classifier.Default().Sites()
	var ids []string
	hosts := map[string]string{}
	for _, s := range sites {
		ids = append(ids, s.ID)
		for _, h := range s.Hosts {
			hosts[h] = s.ID
		}
	}
	if got := strings.Join(ids, " "); got != "facebook instagram google-business yelp-business x generic" {
		t.Errorf("built-in profiles %q", got)
	}
	for h, want := range map[string]string{"www.facebook.com": "facebook", "business.google.com": "google-business", "biz.yelp.com": "yelp-business", "x.com": "x"} {
		if hosts[h] != want {
			t.Errorf("%s is read by %q; want %q", h, hosts[h], want)
		}
	}
	// the review surfaces answer a review, and their safe reply is the
	// review template
	for _, s := range sites {
		if s.Platform != "google" && s.Platform != "yelp" {
			continue
		}
		for _, c := range s.Composers {
			if c.Mode != classifier.ModeReply || c.Answers == nil || c.Answers.Author == "" || c.Answers.Rating == "" || c.Template != "review_reply" || c.Channel == "" {
				t.Errorf("%s.%s: %+v", s.ID, c.ID, c)
			}
		}
	}
}

func TestSiteProblemsNamePaths(t *testing.T) {
	const head = `{"schema":"scrubs.pack/1","name":"x","org":{"name":""},"sites":`
	cases := []struct {
		name, sites string
		want        []string
	}{
		{"selector", `[{"id":"yelp","hosts":["biz.yelp.com"],"composers":[{"id":"a","selector":"textarea[aria-label=","mode":"reply"}]}]`,
			[]string{`sites[0].composers[0].selector: "textarea[aria-label=" is not a selector every browser reads`}},
		{"nested selectors", `[{"id":"s","hosts":["a.example"],"composers":[{"id":"a","selector":"textarea","mode":"reply","answers":{"item":"li::marker","text":""}}],"submit":[{"selector":"button:hovr"}]}]`,
			[]string{"sites[0].composers[0].answers.item: ", "sites[0].composers[0].answers.text: is required", "sites[0].submit[0].selector: "}},
		{"hosts", `[{"id":"s","hosts":["*","https://biz.yelp.com","biz.yelp.com/x","com","*.com","BIZ.yelp.com"],"composers":[{"id":"a","selector":"textarea","mode":"post"}]}]`,
			[]string{"sites[0].hosts[0]: ", "sites[0].hosts[1]: ", "sites[0].hosts[2]: ", "sites[0].hosts[3]: ", "sites[0].hosts[4]: ", "sites[0].hosts[5]: "}},
		{"ids, modes, keys, labels", `[{"id":"Yelp!","hosts":["a.example"],"composers":[{"id":"a","selector":"textarea","mode":"tweet","channel":"sms","keys":["Tab"],"labels":["re^ply",""],"template":"nope","anchor":"left","mention":"a[href]"}]},{"id":"Yelp!","hosts":["a.example"],"composers":[]}]`,
			[]string{"sites[0].id: ", "sites[0].composers[0].mode: \"tweet\"", "sites[0].composers[0].channel: \"sms\"", "sites[0].composers[0].keys[0]: ", "sites[0].composers[0].labels[0]: ", "sites[0].composers[0].labels[1]: is empty",
				"sites[0].composers[0].template: ", "sites[0].composers[0].anchor: ", "sites[0].composers[0].mention: must hold {handle}", "sites[1].id: \"Yelp!\" is also sites[0].id", "sites[1].hosts[0]: \"a.example\" is also sites[0].hosts[0]", "sites[1].composers: is empty"}},
		{"two fallbacks", `[{"id":"a","composers":[{"id":"a","selector":"textarea","mode":"post"}]},{"id":"b","composers":[{"id":"a","selector":"textarea","mode":"post"}]}]`,
			[]string{"sites[1].hosts: is empty, as sites[0].hosts is"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := strings.Join(problems(t, head+c.sites+"}"), "\n")
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("problems\n%s\nlack %q", got, w)
				}
			}
		})
	}
}

func TestPackSitesStandOnBuiltIn(t *testing.T) {
	mended := classifier.Site{ID: "yelp-business", Platform: "yelp", Hosts: []string{"biz.yelp.com"},
		Composers: []classifier.Composer{{ID: "reply", Selector: `textarea, [contenteditable="true"][role="textbox"]`, Mode: classifier.ModeReply}}}
	added := classifier.Site{ID: "tiktok", Platform: "tiktok", Hosts: []string{"www.tiktok.com"},
		Composers: []classifier.Composer{{ID: "comment", Selector: `[contenteditable="true"]`, Mode: classifier.ModeComment}}}
	for _, base := range []string{"default", ""} {
		e, err := classifier.Compile(&classifier.Pack{Schema: classifier.PackSchema, Name: "ours", Base: base, Sites: []classifier.Site{mended, added}})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, s := range e.Sites() {
			ids = append(ids, s.ID)
			if s.ID == "yelp-business" && s.Composers[0].Selector != mended.Composers[0].Selector {
				t.Errorf("base %q: the built-in Yelp profile stayed", base)
			}
		}
		if got := strings.Join(ids, " "); got != "yelp-business tiktok facebook instagram google-business x generic" {
			t.Errorf("base %q: profiles %q", base, got)
		}
	}
	// a pack without sites keeps the built-in ones
	e, err := classifier.Compile(&classifier.Pack{Schema: classifier.PackSchema, Name: "older"})
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Sites()) != len(classifier.Default().Sites()) {
		t.Errorf("a pack without sites has %d profiles", len(e.Sites()))
	}
}

// TestReviewTemplateIsSafe: the built-in review template, filled in with
// each organisation's number, is harmless under every review of the
// corpora, in English and in Spanish.
func TestReviewTemplateIsSafe(t *testing.T) {
	orgFiles, _ := filepath.Glob("testdata/orgs/*-org.json")
	n := 0
	for _, of := range orgFiles {
		e := orgEngine(t, of)
		for _, it := range readItems(t, strings.TrimSuffix(of, "-org.json")+".jsonl") {
			if it.Platform != "google" && it.Platform != "yelp" {
				continue
			}
			for _, name := range []string{"review_reply", "review_reply.es"} {
				text, ok := e.Template(name)
				if !ok || strings.Contains(text, "{") {
					t.Fatalf("%s: template %s = %q", of, name, text)
				}
				d := it.Draft
				d.Text = text
				if r := e.Classify(d); r.Verdict != classifier.VerdictOK {
					t.Errorf("%s %s under %q: %s %+v", it.ID, name, d.ReplyingTo, r.Verdict, r.Findings)
				}
			}
			n++
		}
	}
	if n < 200 {
		t.Errorf("only %d review replies in the corpora", n)
	}
}

func TestTemplateForReadsTheLanguage(t *testing.T) {
	e := classifier.Default()
	for _, c := range []struct{ context, want string }{
		{"", "review_reply"},
		{"Great dentist, the front desk was lovely.", "review_reply"},
		{"★★★★★ La doctora fue muy amable con mi hijo, gracias por todo.", "review_reply.es"},
	} {
		used, text, ok := e.TemplateFor("review_reply", c.context)
		if !ok || used != c.want || text == "" {
			t.Errorf("TemplateFor(%q) = %q, %q, %v; want %s", c.context, used, text, ok, c.want)
		}
	}
	if used, _, _ := e.TemplateFor("review_reply.es", "Great dentist"); used != "review_reply.es" {
		t.Errorf("an asked-for Spanish template became %s", used)
	}
}
