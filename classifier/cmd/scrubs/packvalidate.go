package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/scrubs/scrubs/classifier"
)

func cmdPackValidate(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("pack validate", flag.ContinueOnError)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("pack validate takes one FILE")
	}
	name := fs.Arg(0)
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	p, err := classifier.ParsePack(data)
	if err == nil {
		_, err = classifier.Compile(p)
	}
	var ve *classifier.ValidationError
	if errors.As(err, &ve) {
		for _, pr := range ve.Problems {
			fmt.Fprintf(stdout, "%s: %s: %s\n", name, pr.Path, pr.Message)
		}
		return fmt.Errorf("%s: %d problem(s)", name, len(ve.Problems))
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	fmt.Fprintf(stdout, "%s: ok (%d lexicons, %d patterns)\n", name, len(p.Lexicons), len(p.Patterns))
	return nil
}
