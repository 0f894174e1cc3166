// Command scrubs classifies drafts for protected health information, scores
// the classifier on labelled corpora and checks rule packs.
//
//	scrubs scan [--org FILE] [--pack FILE] [--engine native|wasm] [--wasm FILE] [FILE...]
//	scrubs check [--org FILE] [--pack FILE] [TEXT]
//	scrubs eval --org FILE [--pack FILE] CORPUS.jsonl...
//	scrubs eval --by-org [--rules] DIR
//	scrubs train [-o FILE] DIR
//	scrubs pack validate FILE
//	scrubs pack keygen FILE
//	scrubs pack root --version N --keys FILE --sign KEY... [--threshold T] [--min-pack-version M]
//	scrubs pack sign --key FILE --version N [--expires DURATION] [--root FILE]... FILE
//	scrubs pack verify --key FILE [--min-version N] [--revoked ID]... ENVELOPE
//	scrubs age keygen [-o FILE]
//	scrubs queue decrypt --identity FILE (--envelope ENV --key PUB | --pack PACK) [--json] ITEM
//	scrubs queue decide --identity FILE (--envelope ENV --key PUB | --pack PACK) (--approve | --reject | --rewrite FILE) [--comment TEXT] ITEM
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

const usage = `usage: scrubs <command> [flags] [args]

commands:
  scan           classify JSON-lines drafts (files or stdin), one JSON result per line
  check          a readable report for one text (argument or stdin)
  eval           score the classifier on labelled JSON-lines corpora (--by-org DIR: leave one organisation out)
  train          fit the learned model on a DIR of labelled corpora (writes classifier/rules/model.json with -o)
  pack validate  check a rule pack
  pack keygen    make an Ed25519 signing key (public key on stdout)
  pack root      sign a key set that replaces the one in force (key rotation)
  pack sign      wrap a rule pack in a signed envelope
  pack verify    check a signed envelope against a public key
  age keygen     make a privacy officer's age key (the public key goes in the pack's queue.officers)
  queue decrypt  read a request for approval offline (the JSON of GET /v1/queue/ID)
  queue decide   write an officer's decision offline (the body of POST /v1/queue/ID/decision)

run "scrubs <command> -h" for a command's flags.
`

// errUsage is returned when the words of a command are off; main prints the
// usage after it.
var errUsage = errors.New("usage")

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout); err != nil {
		if errors.Is(err, errUsage) {
			fmt.Fprint(os.Stderr, usage)
			os.Exit(2)
		}
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(2)
		}
		fmt.Fprintf(os.Stderr, "scrubs: %v\n", err)
		var hint interface{ Hint() string }
		if errors.As(err, &hint) {
			fmt.Fprintf(os.Stderr, "scrubs: hint: %s\n", hint.Hint())
		}
		os.Exit(1)
	}
}

func run(args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 {
		return errUsage
	}
	switch args[0] {
	case "scan":
		return cmdScan(args[1:], stdin, stdout)
	case "check":
		return cmdCheck(args[1:], stdin, stdout)
	case "eval":
		return cmdEval(args[1:], stdout)
	case "train":
		return cmdTrain(args[1:], stdout)
	case "pack":
		if len(args) < 2 {
			return errUsage
		}
		switch args[1] {
		case "validate":
			return cmdPackValidate(args[2:], stdout)
		case "sign":
			return cmdPackSign(args[2:], stdout)
		case "verify":
			return cmdPackVerify(args[2:], stdout)
		case "keygen":
			return cmdPackKeygen(args[2:], stdout)
		case "root":
			return cmdPackRoot(args[2:], stdout)
		}
	case "age":
		if len(args) >= 2 && args[1] == "keygen" {
			return cmdAgeKeygen(args[2:], stdout)
		}
	case "queue":
		if len(args) < 2 {
			return errUsage
		}
		switch args[1] {
		case "decrypt":
			return cmdQueueDecrypt(args[2:], stdout)
		case "decide":
			return cmdQueueDecide(args[2:], stdout)
		}
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return errUsage
}
