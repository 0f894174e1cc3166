package classifier_test

import (
	"os"
	"testing"

	"github.com/scrubs/scrubs/classifier"
	"github.com/scrubs/scrubs/classifier/corpus"
)

// devEngine is the built-in rules with the dev corpus's organisation.
func devEngine(t testing.TB) *classifier.Engine {
	t.Helper()
	data, err := os.ReadFile("testdata/dev-org.json")
	if err != nil {
		t.Fatal(err)
	}
	var org classifier.Org
	if err := org.UnmarshalJSON(data); err != nil {
		t.Fatal(err)
	}
	e, err := classifier.Compile(&classifier.Pack{Schema: classifier.PackSchema, Name: "dev", Base: "default", Org: org})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func devItems(t testing.TB) []corpus.Item {
	t.Helper()
	f, err := os.Open("testdata/dev.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	items, bad, err := corpus.Read(f)
	if err != nil || len(bad) > 0 {
		t.Fatalf("reading corpus: %v %v", err, bad)
	}
	return items
}

// TestDevCorpusFloors holds the classifier to the figures of issue 2 on the
// dev corpus, so that they never slide back.
func TestDevCorpusFloors(t *testing.T) {
	e := devEngine(t)
	sc := corpus.NewScore()
	for _, it := range devItems(t) {
		sc.Add(it, e.Classify(it.Draft))
	}
	floors := []struct {
		name      string
		got, want float64
		atMost    bool
	}{
		{"block drafts flagged", sc.BlockRecall(), 0.98, false},
		{"warn+block drafts flagged", sc.RiskyRecall(), 0.95, false},
		{"ok drafts flagged", sc.OKFlaggedRate(), 0.05, true},
		{"exact verdict", sc.ExactRate(), 0.85, false},
		{"evidence covered", sc.EvidenceRate(), 0.90, false},
	}
	failed := false
	for _, f := range floors {
		if f.atMost && f.got > f.want || !f.atMost && f.got < f.want {
			t.Errorf("%s = %.3f; want %s %.2f", f.name, f.got, map[bool]string{true: "<=", false: ">="}[f.atMost], f.want)
			failed = true
		}
	}
	if failed {
		for i, w := range sc.Wrong {
			if i == 30 {
				break
			}
			t.Log(w)
		}
	}
}

// TestFindingSpans checks the contract every consumer relies on: spans in
// UTF-16 code units of the original text, inside it, ordered, and a reason
// on every finding.
func TestFindingSpans(t *testing.T) {
	e := devEngine(t)
	for _, it := range devItems(t) {
		r := e.Classify(it.Draft)
		n := utf16Len(it.Text)
		if r.Verdict == classifier.VerdictOK && len(r.Findings) > 0 {
			t.Errorf("%s: ok verdict with findings", it.ID)
		}
		if r.Verdict != classifier.VerdictOK && len(r.Findings) == 0 {
			t.Errorf("%s: %s verdict without findings", it.ID, r.Verdict)
		}
		for i, f := range r.Findings {
			if f.Start < 0 || f.End > n || f.Start > f.End {
				t.Errorf("%s: finding %d [%d,%d) outside text of %d", it.ID, i, f.Start, f.End, n)
			}
			if i > 0 && f.Start < r.Findings[i-1].Start {
				t.Errorf("%s: findings out of order", it.ID)
			}
			if f.Reason == "" || f.Severity == "" {
				t.Errorf("%s: finding %d has no reason or severity", it.ID, i)
			}
		}
	}
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}
