package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/scrubs/scrubs/classifier"
	"github.com/scrubs/scrubs/classifier/corpus"
)

// cmdTrain fits the learned model on every organisation's labelled drafts
// and writes it as a pack part (classifier/rules/model.json by default).
func cmdTrain(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	out := fs.String("o", "", "write the model pack to `FILE` (default: stdout)")
	var cfg classifier.TrainConfig
	registerTrainFlags(fs, &cfg)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("train needs one DIR of NAME.jsonl corpora with NAME-org.json profiles")
	}
	orgs, err := readOrganisations(fs.Arg(0))
	if err != nil {
		return err
	}
	start := time.Now()
	examples, err := corpus.Examples(orgs, cfg.BucketCount())
	if err != nil {
		return err
	}
	model := classifier.Train(examples, cfg)
	data, err := classifier.ModelPackJSON(model)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "scrubs: trained on %d drafts from %d organisations in %v; %d heads, %d buckets, %d bytes\n",
		len(examples), len(orgs), time.Since(start).Round(time.Millisecond), len(model.Heads), model.Buckets, len(data))
	if *out == "" {
		_, err = stdout.Write(data)
		return err
	}
	return os.WriteFile(*out, data, 0o644)
}

// registerTrainFlags sets the trainer's knobs; their defaults are the
// shipped model's.
func registerTrainFlags(fs *flag.FlagSet, cfg *classifier.TrainConfig) {
	fs.IntVar(&cfg.Buckets, "buckets", 0, "feature buckets, a power of two (default 131072)")
	fs.IntVar(&cfg.Epochs, "epochs", 0, "passes over the drafts (default 12)")
	fs.Float64Var(&cfg.L2, "l2", 0, "weight decay per update (default 1e-4)")
	fs.Uint64Var(&cfg.Seed, "seed", 0, "order in which the drafts are read; the same seed gives the same model")
	fs.Float64Var(&cfg.OKFlagged, "ok-flagged", 0, "share of harmless drafts the thresholds may flag, on held-out organisations (default 0.078)")
}

func readOrganisations(dir string) ([]corpus.Organisation, error) {
	return corpus.ReadOrganisations(dir, func(file string, le *corpus.LineError) {
		fmt.Fprintf(os.Stderr, "scrubs: %s:%v (skipped)\n", file, le)
	})
}
