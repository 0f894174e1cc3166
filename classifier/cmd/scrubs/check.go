package main

import (
	"errors"
	"io"
)

func cmdCheck(args []string, stdin io.Reader, stdout io.Writer) error {
	return errors.New("check: not built yet")
}
