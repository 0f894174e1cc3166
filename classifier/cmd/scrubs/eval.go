package main

import (
	"errors"
	"io"
)

func cmdEval(args []string, stdout io.Writer) error {
	return errors.New("eval: not built yet")
}
