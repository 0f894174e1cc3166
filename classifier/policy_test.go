package classifier_test

import (
	"os"
	"strings"
	"testing"

	"github.com/scrubs/scrubs/classifier"
)

// otherOrg is an organisation unlike the dev corpus's: a family practice
// with dental and behavioural health, the profile of the policy vectors.
var otherOrg = func() classifier.Org {
	data, err := os.ReadFile("testdata/vectors/policy-org.json")
	if err != nil {
		panic(err)
	}
	var org classifier.Org
	if err := org.UnmarshalJSON(data); err != nil {
		panic(err)
	}
	return org
}()

func otherEngine(t testing.TB) *classifier.Engine {
	t.Helper()
	e, err := classifier.Compile(&classifier.Pack{Schema: classifier.PackSchema, Name: "riverbend", Base: "default", Org: otherOrg})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

type policyCase struct {
	name    string
	draft   classifier.Draft
	verdict string
	kinds   []string // kinds that must be among the findings
}

func post(text string) classifier.Draft {
	return classifier.Draft{Text: text, Mode: "post", Platform: "facebook"}
}
func reply(text string) classifier.Draft {
	return classifier.Draft{Text: text, Mode: "reply", Platform: "facebook"}
}
func comment(text string) classifier.Draft {
	return classifier.Draft{Text: text, Mode: "comment", Platform: "instagram"}
}
func replyTo(to, text string) classifier.Draft {
	return classifier.Draft{Text: text, Mode: "reply", Platform: "facebook", ReplyingTo: to}
}

// rulesEngine is otherEngine without the learned model: the policy's
// combinations as the rules apply them.
func rulesEngine(t testing.TB) *classifier.Engine {
	t.Helper()
	p := *classifier.DefaultPack()
	p.Model, p.Org = nil, otherOrg
	e, err := classifier.Compile(&p)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// runPolicy holds the rules to each case's verdict and kinds, and the
// whole engine (rules weighed by the model) to flagging exactly the cases
// the policy flags.
func runPolicy(t *testing.T, cases []policyCase) {
	t.Helper()
	e, rules := otherEngine(t), rulesEngine(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := rules.Classify(c.draft)
			if r.Verdict != c.verdict {
				t.Errorf("%q: rules' verdict %s, want %s; findings %s", c.draft.Text, r.Verdict, c.verdict, describe(c.draft.Text, r))
			}
			if got := e.Classify(c.draft); (got.Verdict == classifier.VerdictOK) != (c.verdict == classifier.VerdictOK) {
				t.Errorf("%q: verdict %s, want %s; findings %s", c.draft.Text, got.Verdict, c.verdict, describe(c.draft.Text, got))
			}
			for _, k := range c.kinds {
				if !hasKind(r, k) {
					t.Errorf("%q: no %s finding; findings %s", c.draft.Text, k, describe(c.draft.Text, r))
				}
			}
		})
	}
}

func hasKind(r classifier.Result, kind string) bool {
	for _, f := range r.Findings {
		if f.Kind == kind {
			return true
		}
	}
	return false
}

func describe(text string, r classifier.Result) string {
	u := []rune(text) // good enough for test output: BMP texts
	var parts []string
	for _, f := range r.Findings {
		s, e := f.Start, f.End
		if e > len(u) {
			e = len(u)
		}
		if s > e {
			s = e
		}
		parts = append(parts, f.Kind+"="+string(u[s:e]))
	}
	return "[" + strings.Join(parts, "; ") + "]"
}

// TestPolicyVectors runs the policy's cases (testdata/vectors/policy.jsonl:
// identifiers, health and relationship, what is left alone, evasion,
// Spanish, reply context, the organisation profile, attachments). The
// vectors are also training data, so this checks the shipped engine keeps
// the policy on its own examples; the leave-one-out figures say how it
// does on drafts it never saw.
func TestPolicyVectors(t *testing.T) {
	var cases []policyCase
	for _, it := range readItems(t, "testdata/vectors/policy.jsonl") {
		cases = append(cases, policyCase{name: it.ID, draft: it.Draft, verdict: it.Label, kinds: it.Kinds})
	}
	if len(cases) < 90 {
		t.Fatalf("%d policy vectors; want the 93", len(cases))
	}
	runPolicy(t, cases)
}
