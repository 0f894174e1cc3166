package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/scrubs/scrubs/classifier"
	"github.com/scrubs/scrubs/classifier/corpus"
)

// evalByOrg prints the leave-one-organisation-out table for the corpora in
// dir, then recall per kind and at most showWrong wrong verdicts.
func evalByOrg(dir string, rulesOnly bool, cfg classifier.TrainConfig, showWrong int, w io.Writer) error {
	orgs, err := readOrganisations(dir)
	if err != nil {
		return err
	}
	rows, total, err := corpus.LeaveOneOut(orgs, cfg, rulesOnly)
	if err != nil {
		return err
	}
	how := "leave one organisation out: each row scored by a model trained on the other organisations"
	if rulesOnly {
		how = "the rules alone, no model"
	}
	fmt.Fprintf(w, "%s\n\n", how)
	fmt.Fprintf(w, "| %-26s | %6s | %5s | %10s | %10s | %5s | %8s |\n", "organisation", "drafts", "block", "warn+block", "ok flagged", "exact", "evidence")
	fmt.Fprintf(w, "|%s|%s:|%s:|%s:|%s:|%s:|%s:|\n", strings.Repeat("-", 28), strings.Repeat("-", 7), strings.Repeat("-", 6), strings.Repeat("-", 11), strings.Repeat("-", 11), strings.Repeat("-", 6), strings.Repeat("-", 9))
	line := func(name, n string, f corpus.Figures) {
		fmt.Fprintf(w, "| %-26s | %6s | %5.3f | %10.3f | %10.3f | %5.3f | %8.3f |\n", name, n, f.Block, f.Risky, f.OKFlagged, f.Exact, f.Evidence)
	}
	for _, r := range rows {
		line(r.Name, fmt.Sprint(r.Score.N), corpus.FiguresOf(r.Score))
	}
	sum := corpus.Summarise(rows)
	line("**mean**", fmt.Sprint(total.N), sum.Mean)
	line("**worst**", "", sum.Worst)
	fmt.Fprintf(w, "\nrecall by kind, all organisations\n")
	total.PrintKinds(w)
	if showWrong > 0 {
		fmt.Fprintf(w, "\nwrong verdicts (at most %d)\n", showWrong)
		n := 0
		for _, s := range total.Wrong {
			if n < showWrong && !strings.Contains(s, "evidence not covered") {
				fmt.Fprintf(w, "  %s\n", s)
				n++
			}
		}
	}
	return nil
}
