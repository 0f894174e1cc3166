package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/scrubs/scrubs/classifier"
	"github.com/scrubs/scrubs/classifier/corpus"
)

// cmdEval scores the classifier on labelled corpora with the figures of the
// corpus README, recall per kind, and the drafts it got wrong.
func cmdEval(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	var pf packFlags
	pf.register(fs)
	showWrong := fs.Int("wrong", 40, "list at most `N` drafts whose verdict or evidence was missed")
	byOrg := fs.Bool("by-org", false, "leave one organisation out: score each NAME.jsonl under the DIR argument with a model trained on the others")
	rulesOnly := fs.Bool("rules", false, "with --by-org: score the rules alone, without a model")
	disguised := fs.Bool("disguise", false, "with --by-org: also score each organisation's block drafts with their key words disguised (leetspeak, spaced, look-alike letters, ...)")
	var cfg classifier.TrainConfig
	registerTrainFlags(fs, &cfg)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *byOrg {
		if fs.NArg() != 1 {
			return fmt.Errorf("eval --by-org needs one DIR")
		}
		return evalByOrg(fs.Arg(0), *rulesOnly, *disguised, cfg, *showWrong, stdout)
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("eval needs a CORPUS.jsonl")
	}
	eng, err := pf.engine()
	if err != nil {
		return err
	}
	sc := corpus.NewScore()
	bad := 0
	for _, name := range fs.Args() {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		items, lineErrs, err := corpus.Read(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		for _, le := range lineErrs {
			fmt.Fprintf(os.Stderr, "scrubs: %s:%v\n", name, le)
		}
		bad += len(lineErrs)
		for _, it := range items {
			sc.Add(it, eng.Classify(it.Draft))
		}
	}
	sc.Print(stdout, *showWrong)
	if bad > 0 {
		return fmt.Errorf("%d malformed line(s) skipped; the rest were scored", bad)
	}
	return nil
}
