package corpus

import (
	"fmt"
	"runtime"
	"sync"

	"github.com/scrubs/scrubs/classifier"
)

// VectorWeight is how much a policy vector counts in training beside a
// draft from an organisation: the vectors are written from POLICY.md by a
// few hands in a few styles, the corpora by the organisations themselves.
// Leaving one organisation out, half weight gave fewer false alarms (0.084
// to 0.076) at the same recall as full weight.
const VectorWeight = 0.5

// Examples reads each organisation's drafts with the built-in rules under
// its own profile, as the trainer sees them.
func Examples(orgs []Organisation, buckets int) ([]classifier.Example, error) {
	var out []classifier.Example
	for _, o := range orgs {
		eng, err := classifier.Default().WithOrg(o.Profile)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", o.Name, err)
		}
		weight := 1.0
		if o.Vectors {
			weight = VectorWeight
		}
		for _, it := range o.Items {
			out = append(out, classifier.Example{Features: eng.Features(it.Draft, buckets), Label: it.Label, Kinds: it.Kinds, Group: o.Name, Weight: weight})
		}
	}
	return out, nil
}

// OrgScore is one organisation's figures.
type OrgScore struct {
	Name  string
	Score *Score
}

// LeaveOneOut scores each organisation with a model trained on all the
// others and the policy vectors, never on it (or, with rulesOnly, with the rules alone), and
// returns a score per organisation and one over all drafts.
func LeaveOneOut(orgs []Organisation, cfg classifier.TrainConfig, rulesOnly bool) ([]OrgScore, *Score, error) {
	examples, err := Examples(orgs, cfg.BucketCount())
	if err != nil {
		return nil, nil, err
	}
	// folds are independent: score them side by side, gather in order
	var scored []Organisation
	for _, o := range orgs {
		if !o.Vectors {
			scored = append(scored, o)
		}
	}
	rows := make([]OrgScore, len(scored))
	results := make([][]classifier.Result, len(scored))
	errs := make([]error, len(scored))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, o := range scored {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			results[i], errs[i] = scoreHeldOut(o, examples, cfg, rulesOnly)
		}()
	}
	wg.Wait()
	total := NewScore()
	for i, o := range scored {
		if errs[i] != nil {
			return nil, nil, fmt.Errorf("%s: %w", o.Name, errs[i])
		}
		sc := NewScore()
		for j, it := range o.Items {
			sc.Add(it, results[i][j])
			total.Add(it, results[i][j])
		}
		rows[i] = OrgScore{o.Name, sc}
	}
	return rows, total, nil
}

// scoreHeldOut classifies o's drafts with a model trained on every other
// group's examples (or with the rules alone).
func scoreHeldOut(o Organisation, examples []classifier.Example, cfg classifier.TrainConfig, rulesOnly bool) ([]classifier.Result, error) {
	p := *classifier.DefaultPack()
	p.Org = o.Profile
	p.Model = nil
	if !rulesOnly {
		var train []classifier.Example
		for _, ex := range examples {
			if ex.Group != o.Name {
				train = append(train, ex)
			}
		}
		p.Model = classifier.Train(train, cfg)
	}
	eng, err := classifier.Compile(&p)
	if err != nil {
		return nil, err
	}
	out := make([]classifier.Result, len(o.Items))
	for j, it := range o.Items {
		out[j] = eng.Classify(it.Draft)
	}
	return out, nil
}

// Summary is the mean of each figure over organisations, and its worst.
type Summary struct {
	Mean, Worst Figures
}

// Figures are the corpus README's five figures.
type Figures struct {
	Block, Risky, OKFlagged, Exact, Evidence float64
}

// FiguresOf reads the five figures off a score.
func FiguresOf(s *Score) Figures {
	return Figures{s.BlockRecall(), s.RiskyRecall(), s.OKFlaggedRate(), s.ExactRate(), s.EvidenceRate()}
}

// Summarise returns the mean and the worst row (the highest ok-flagged
// rate, the lowest of the others).
func Summarise(rows []OrgScore) Summary {
	sum := Summary{Worst: Figures{1, 1, 0, 1, 1}}
	n := float64(len(rows))
	for _, r := range rows {
		f := FiguresOf(r.Score)
		sum.Mean.Block += f.Block / n
		sum.Mean.Risky += f.Risky / n
		sum.Mean.OKFlagged += f.OKFlagged / n
		sum.Mean.Exact += f.Exact / n
		sum.Mean.Evidence += f.Evidence / n
		sum.Worst.Block = min(sum.Worst.Block, f.Block)
		sum.Worst.Risky = min(sum.Worst.Risky, f.Risky)
		sum.Worst.OKFlagged = max(sum.Worst.OKFlagged, f.OKFlagged)
		sum.Worst.Exact = min(sum.Worst.Exact, f.Exact)
		sum.Worst.Evidence = min(sum.Worst.Evidence, f.Evidence)
	}
	return sum
}
