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
	examples, err := trainingExamples(orgs, classifier.TrainConfig{}.BucketCount())
	if err != nil {
		return err
	}
	model := classifier.Train(examples, classifier.TrainConfig{})
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

func readOrganisations(dir string) ([]corpus.Organisation, error) {
	return corpus.ReadOrganisations(dir, func(file string, le *corpus.LineError) {
		fmt.Fprintf(os.Stderr, "scrubs: %s:%v (skipped)\n", file, le)
	})
}

// trainingExamples reads each organisation's drafts with the built-in
// rules under its own profile.
func trainingExamples(orgs []corpus.Organisation, buckets int) ([]classifier.Example, error) {
	var out []classifier.Example
	for _, o := range orgs {
		eng, err := classifier.Default().WithOrg(o.Profile)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", o.Name, err)
		}
		for _, it := range o.Items {
			out = append(out, classifier.Example{Features: eng.Features(it.Draft, buckets), Label: it.Label, Kinds: it.Kinds, Group: o.Name})
		}
	}
	return out, nil
}
