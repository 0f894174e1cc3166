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
			feats, sentence, sentences := eng.Features(it.Draft, buckets)
			out = append(out, classifier.Example{Features: feats, Sentence: sentence, Sentences: sentences, Label: it.Label, Kinds: it.Kinds, Group: o.Name, Weight: weight})
		}
	}
	return out, nil
}

// OrgScore is one organisation's figures.
type OrgScore struct {
	Name  string
	Score *Score
}

// Fold is an organisation and an engine that never saw its drafts.
type Fold struct {
	Org    Organisation
	Engine *classifier.Engine
}

// Folds builds, for each organisation, an engine trained on all the others
// and the policy vectors, never on it (or, with rulesOnly, the rules alone).
func Folds(orgs []Organisation, cfg classifier.TrainConfig, rulesOnly bool) ([]Fold, error) {
	examples, err := Examples(orgs, cfg.BucketCount())
	if err != nil {
		return nil, err
	}
	var folds []Fold
	for _, o := range orgs {
		if !o.Vectors {
			folds = append(folds, Fold{Org: o})
		}
	}
	// folds are independent: train them side by side
	errs := make([]error, len(folds))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i := range folds {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			folds[i].Engine, errs[i] = heldOutEngine(folds[i].Org, examples, cfg, rulesOnly)
		}()
	}
	wg.Wait()
	for i, f := range folds {
		if errs[i] != nil {
			return nil, fmt.Errorf("%s: %w", f.Org.Name, errs[i])
		}
	}
	return folds, nil
}

// LeaveOneOut scores each organisation with the engine that never saw it
// and returns a score per organisation and one over all drafts.
func LeaveOneOut(folds []Fold) ([]OrgScore, *Score) {
	rows := make([]OrgScore, len(folds))
	total := NewScore()
	for i, f := range folds {
		sc := NewScore()
		for _, it := range f.Org.Items {
			r := f.Engine.Classify(it.Draft)
			sc.Add(it, r)
			total.Add(it, r)
		}
		rows[i] = OrgScore{f.Org.Name, sc}
	}
	return rows, total
}

// heldOutEngine compiles the built-in rules under o's profile with a model
// trained on every other group's examples (or none).
func heldOutEngine(o Organisation, examples []classifier.Example, cfg classifier.TrainConfig, rulesOnly bool) (*classifier.Engine, error) {
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
	return classifier.Compile(&p)
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
