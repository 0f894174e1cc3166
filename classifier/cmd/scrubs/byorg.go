package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/scrubs/scrubs/classifier"
	"github.com/scrubs/scrubs/classifier/corpus"
)

// evalByOrg prints the leave-one-organisation-out table for the corpora in
// dir, then recall per kind and at most showWrong wrong verdicts, and with
// disguised the disguised block drafts' table.
func evalByOrg(dir string, rulesOnly, disguised bool, cfg classifier.TrainConfig, showWrong int, w io.Writer) error {
	orgs, err := readOrganisations(dir)
	if err != nil {
		return err
	}
	folds, err := corpus.Folds(orgs, cfg, rulesOnly)
	if err != nil {
		return err
	}
	rows, total := corpus.LeaveOneOut(folds)
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
	if disguised {
		printDisguises(corpus.ScoreDisguises(folds), w)
	}
	return nil
}

// printDisguises writes one row per disguise: of the block drafts it
// changed, the share still flagged (over all and for the worst
// organisation) and the share still block.
func printDisguises(rows []corpus.DisguiseScore, w io.Writer) {
	fmt.Fprintf(w, "\nblock drafts disguised: the longest word of each evidence phrase rewritten, scored leaving the organisation out\n\n")
	fmt.Fprintf(w, "| %-12s | %-28s | %6s | %7s | %-36s | %8s |\n", "disguise", "looks like", "drafts", "flagged", "worst organisation", "block")
	fmt.Fprintf(w, "|%s|%s|%s:|%s:|%s|%s:|\n", strings.Repeat("-", 14), strings.Repeat("-", 30), strings.Repeat("-", 7), strings.Repeat("-", 8), strings.Repeat("-", 38), strings.Repeat("-", 9))
	for _, r := range rows {
		worst := fmt.Sprintf("%.3f (%s)", r.Worst, r.WorstOrg)
		fmt.Fprintf(w, "| %-12s | %-28s | %6d | %7.3f | %-36s | %8.3f |\n", r.Name, r.Note, r.Changed, r.FlaggedRate(), worst, r.BlockedRate())
	}
}
