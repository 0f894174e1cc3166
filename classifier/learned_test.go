package classifier_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/scrubs/scrubs/classifier"
	"github.com/scrubs/scrubs/classifier/corpus"
)

func organisations(t testing.TB) []corpus.Organisation {
	t.Helper()
	orgs, err := corpus.ReadOrganisations("testdata", func(file string, e *corpus.LineError) { t.Errorf("%s: %v", file, e) })
	if err != nil {
		t.Fatal(err)
	}
	if len(orgs) < 21 {
		t.Fatalf("%d organisations in testdata; want the 21 corpora", len(orgs))
	}
	return orgs
}

// TestShippedModelIsRetrainable retrains on the corpora in testdata and
// checks the result is byte for byte rules/model.json: the weights come
// from the data and the command, nothing else.
func TestShippedModelIsRetrainable(t *testing.T) {
	orgs := organisations(t)
	examples, err := corpus.Examples(orgs, classifier.TrainConfig{}.BucketCount())
	if err != nil {
		t.Fatal(err)
	}
	got, err := classifier.ModelPackJSON(classifier.Train(examples, classifier.TrainConfig{}))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("rules/model.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("retraining gave %d bytes that differ from rules/model.json (%d bytes); run: go run ./classifier/cmd/scrubs train -o classifier/rules/model.json classifier/testdata", len(got), len(want))
	}
	// eight heads (the risky head's sentence weights among them) of 1<<17
	// int8 weights, base64: 1.4 MB, 0.88 MB gzipped
	if len(want) > 3<<19 {
		t.Errorf("the model is %d bytes; at most 1.5 MB ships", len(want))
	}
}

// TestLeaveOneOrganisationOut holds the figures of organisations the model
// never saw (each scored by a model trained on the other twenty and the policy vectors) to floors
// a little under what they are, so that they never slide back.
func TestLeaveOneOrganisationOut(t *testing.T) {
	folds, err := corpus.Folds(organisations(t), classifier.TrainConfig{}, false)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := corpus.LeaveOneOut(folds)
	sum := corpus.Summarise(rows)
	checks := []struct {
		name      string
		got, want float64
		atMost    bool
	}{
		{"mean block flagged", sum.Mean.Block, 0.95, false},
		{"mean warn+block flagged", sum.Mean.Risky, 0.88, false},
		{"mean ok flagged", sum.Mean.OKFlagged, 0.062, true},
		{"mean exact", sum.Mean.Exact, 0.835, false},
		{"mean evidence covered", sum.Mean.Evidence, 0.87, false},
		{"worst block flagged", sum.Worst.Block, 0.84, false},
		{"worst ok flagged", sum.Worst.OKFlagged, 0.16, true},
	}
	for _, c := range checks {
		if c.atMost && c.got > c.want || !c.atMost && c.got < c.want {
			t.Errorf("%s = %.3f; want %s %.3f", c.name, c.got, map[bool]string{true: "<=", false: ">="}[c.atMost], c.want)
		}
	}
	t.Run("disguised", func(t *testing.T) { checkDisguises(t, folds) })
}

// checkDisguises holds the organisations' block drafts, their key words
// disguised, to floors: each disguise still flagged at least 0.90 (typos
// today 0.924, starred letters 0.933), and on average over the disguises
// 0.935. They share the folds of TestLeaveOneOrganisationOut, so each is
// scored by a model that never saw its organisation.
func checkDisguises(t *testing.T, folds []corpus.Fold) {
	rows := corpus.ScoreDisguises(folds)
	if len(rows) != len(corpus.Disguises)+1 {
		t.Fatalf("%d rows; want one per disguise and the drafts as written", len(rows))
	}
	sum := 0.0
	for _, r := range rows[1:] {
		if r.Changed < 1000 {
			t.Errorf("%s changed %d block drafts; want >= 1000 (does it still find the evidence?)", r.Name, r.Changed)
		}
		if r.FlaggedRate() < 0.90 {
			t.Errorf("%s: %.3f of the disguised block drafts flagged; want >= 0.90", r.Name, r.FlaggedRate())
		}
		sum += r.FlaggedRate()
	}
	if mean := sum / float64(len(rows)-1); mean < 0.935 {
		t.Errorf("disguised block drafts flagged %.3f on average over the disguises; want >= 0.935", mean)
	}
}

// TestLearnedSpans: a draft the rules pass and the model flags gets a
// finding on words of the draft, not an empty or whole-draft mark.
func TestLearnedSpans(t *testing.T) {
	e := classifier.Default()
	for _, it := range readItems(t, "testdata/orgs/bright-smile-dental.jsonl") {
		r := e.Classify(it.Draft)
		if r.Verdict != classifier.VerdictOK && len(r.Findings) == 0 {
			t.Errorf("%s: %s with no finding", it.ID, r.Verdict)
		}
		for _, f := range r.Findings {
			if f.End <= f.Start && len(it.Text) > 0 {
				t.Errorf("%s: empty span %+v", it.ID, f)
			}
		}
	}
}

// TestFlaggedDraftMarksItsDates: once a draft is judged to disclose care,
// the date beside the care word is marked too, though no person stands in
// its sentence for the rules to tie it to.
// So is the weekday of a visit, which nothing else pins down.
func TestFlaggedDraftMarksItsDates(t *testing.T) {
	for text, date := range map[string]string{
		"Congrats again, so glad the biopsy on 3/14 was nothing!":                         "3/14",
		"So good to see you Tuesday! Don't rub those eyes while the dilation wears off 😉": "Tuesday",
	} {
		res := classifier.Default().Classify(classifier.Draft{Text: text, Mode: classifier.ModeReply, Platform: "facebook"})
		if res.Verdict == classifier.VerdictOK {
			t.Errorf("verdict ok for %q; want it flagged", text)
			continue
		}
		if !corpus.Covered(text, date, res.Findings) {
			t.Errorf("%q: findings %+v leave the visit date %q unmarked", text, res.Findings, date)
		}
	}
}

// TestPolicyProbes holds the shipped model's figures on the half of the
// policy probes it never trained on (classifier/probes/; the other half
// teaches, testdata/vectors/probes-*.jsonl) to floors a little under what
// they are: disclosures a guard most easily misses, and harmless drafts
// that look risky.
func TestPolicyProbes(t *testing.T) {
	orgs, err := corpus.ReadOrganisations("probes", func(file string, e *corpus.LineError) { t.Errorf("%s: %v", file, e) })
	if err != nil {
		t.Fatal(err)
	}
	floors := map[string]struct{ block, okFlagged float64 }{
		// warmth 0.862 -> 0.830 when the risky head began to read the
		// likeliest sentence (train.go: sentenceHead), which took false
		// alarms on unseen organisations from 0.070 to 0.060
		"warmth":  {0.82, 0.16},
		"ownlife": {0.88, 0.14},
	}
	for _, o := range orgs {
		floor, ok := floors[o.Name]
		if !ok {
			t.Errorf("probe set %q has no floors here", o.Name)
			continue
		}
		delete(floors, o.Name)
		eng, err := classifier.Default().WithOrg(o.Profile)
		if err != nil {
			t.Fatal(err)
		}
		sc := corpus.NewScore()
		for _, it := range o.Items {
			sc.Add(it, eng.Classify(it.Draft))
		}
		if got := sc.BlockRecall(); got < floor.block {
			t.Errorf("%s: block flagged %.3f; want >= %.2f", o.Name, got, floor.block)
		}
		if got := sc.OKFlaggedRate(); got > floor.okFlagged {
			t.Errorf("%s: ok flagged %.3f; want <= %.2f", o.Name, got, floor.okFlagged)
		}
	}
	for name := range floors {
		t.Errorf("probe set %q is missing from classifier/probes", name)
	}
}
