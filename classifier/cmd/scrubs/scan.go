package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/scrubs/scrubs/classifier/corpus"
)

func cmdScan(args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	var pf packFlags
	pf.register(fs)
	engineName := fs.String("engine", "native", "`native` Go code, or wasm: the WebAssembly module under wazero")
	wasmPath := fs.String("wasm", "wasm/classifier.wasm", "WebAssembly module `FILE` for --engine wasm")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var eng draftEngine
	switch *engineName {
	case "native":
		e, err := pf.engine()
		if err != nil {
			return err
		}
		eng = nativeEngine{e}
	case "wasm":
		pack, err := pf.packJSON()
		if err != nil {
			return err
		}
		if eng, err = newWasmEngine(*wasmPath, pack); err != nil {
			return err
		}
	default:
		return fmt.Errorf("--engine %q: use native or wasm", *engineName)
	}
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	bad := 0
	err := eachInput(fs.Args(), stdin, func(name string, r io.Reader) error {
		n, err := scanLines(name, r, eng, out)
		bad += n
		return err
	})
	if err != nil {
		return err
	}
	if bad > 0 {
		out.Flush()
		return fmt.Errorf("%d malformed draft line(s); the rest were scanned", bad)
	}
	return nil
}

// scanLines classifies each JSON line of r. A malformed line, or one over
// corpus.MaxLine bytes, becomes an error line naming it, and the rest still
// run.
func scanLines(name string, r io.Reader, eng draftEngine, out *bufio.Writer) (bad int, err error) {
	err = corpus.EachLine(r, func(n int, line []byte, err error) error {
		var res []byte
		if err == nil {
			res, err = eng.ClassifyJSON(line)
		}
		if err != nil {
			bad++
			fmt.Fprintf(out, `{"error":%s}`+"\n", strconv.Quote(fmt.Sprintf("%s:%d: %v", name, n, err)))
			return nil
		}
		out.Write(res)
		out.WriteByte('\n')
		return nil
	})
	if err != nil {
		return bad, fmt.Errorf("%s: %w", name, err)
	}
	return bad, nil
}

// eachInput calls fn for each named file, or for stdin when there are none
// or a name is "-".
func eachInput(names []string, stdin io.Reader, fn func(name string, r io.Reader) error) error {
	if len(names) == 0 {
		names = []string{"-"}
	}
	for _, name := range names {
		if name == "-" {
			if err := fn("stdin", stdin); err != nil {
				return err
			}
			continue
		}
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		err = fn(name, f)
		f.Close()
		if err != nil {
			return err
		}
	}
	return nil
}
