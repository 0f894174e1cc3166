package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/scrubs/scrubs/classifier"
	"github.com/scrubs/scrubs/classifier/corpus"
)

// orgRow is one organisation's figures in the leave-one-out table.
type orgRow struct {
	name  string
	score *corpus.Score
}

// evalByOrg scores each organisation in dir with a model trained on all the
// others (leave one organisation out), or with the rules alone.
func evalByOrg(dir string, rulesOnly bool, stdout io.Writer) error {
	orgs, err := readOrganisations(dir)
	if err != nil {
		return err
	}
	cfg := classifier.TrainConfig{}
	examples, err := trainingExamples(orgs, cfg.BucketCount())
	if err != nil {
		return err
	}
	total := corpus.NewScore()
	var rows []orgRow
	for _, o := range orgs {
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
			return fmt.Errorf("%s: %w", o.Name, err)
		}
		sc := corpus.NewScore()
		for _, it := range o.Items {
			r := eng.Classify(it.Draft)
			sc.Add(it, r)
			total.Add(it, r)
		}
		rows = append(rows, orgRow{o.Name, sc})
	}
	printByOrg(stdout, rows, total, rulesOnly)
	return nil
}

func printByOrg(w io.Writer, rows []orgRow, total *corpus.Score, rulesOnly bool) {
	how := "leave one organisation out: each row scored by a model trained on the other organisations"
	if rulesOnly {
		how = "the rules alone, no model"
	}
	fmt.Fprintf(w, "%s\n\n", how)
	fmt.Fprintf(w, "| %-26s | %6s | %5s | %10s | %10s | %5s | %8s |\n", "organisation", "drafts", "block", "warn+block", "ok flagged", "exact", "evidence")
	fmt.Fprintf(w, "|%s|%s|%s|%s|%s|%s|%s|\n", strings.Repeat("-", 28), strings.Repeat("-", 8), strings.Repeat("-", 7), strings.Repeat("-", 12), strings.Repeat("-", 12), strings.Repeat("-", 7), strings.Repeat("-", 10))
	var mean [5]float64
	worst := [5]float64{1, 1, 0, 1, 1}
	for _, r := range rows {
		s := r.score
		f := [5]float64{s.BlockRecall(), s.RiskyRecall(), s.OKFlaggedRate(), s.ExactRate(), s.EvidenceRate()}
		fmt.Fprintf(w, "| %-26s | %6d | %5.3f | %10.3f | %10.3f | %5.3f | %8.3f |\n", r.name, s.N, f[0], f[1], f[2], f[3], f[4])
		for i := range f {
			mean[i] += f[i] / float64(len(rows))
			if i == 2 {
				worst[i] = max(worst[i], f[i])
			} else {
				worst[i] = min(worst[i], f[i])
			}
		}
	}
	fmt.Fprintf(w, "| %-26s | %6d | %5.3f | %10.3f | %10.3f | %5.3f | %8.3f |\n", "**mean**", total.N, mean[0], mean[1], mean[2], mean[3], mean[4])
	fmt.Fprintf(w, "| %-26s | %6s | %5.3f | %10.3f | %10.3f | %5.3f | %8.3f |\n", "**worst**", "", worst[0], worst[1], worst[2], worst[3], worst[4])
	fmt.Fprintf(w, "\nrecall by kind, all organisations\n")
	kinds := make([]string, 0, len(total.KindTotal))
	for k := range total.KindTotal {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		fmt.Fprintf(w, "  %-26s %.3f  (%d/%d)\n", k, float64(total.KindFound[k])/float64(total.KindTotal[k]), total.KindFound[k], total.KindTotal[k])
	}
}
