// Command memlimit declares a maximum memory in a WebAssembly module, in
// place: memlimit [-pages N] FILE. scripts/build-wasm runs it on the
// classifier module (see package memlimit for why).
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/scrubs/scrubs/wasm/memlimit"
)

func main() {
	pages := flag.Uint("pages", memlimit.DefaultPages, "maximum memory in 64 KiB `pages`")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: memlimit [-pages N] FILE.wasm")
		os.Exit(2)
	}
	file := flag.Arg(0)
	data, err := os.ReadFile(file)
	if err == nil {
		data, err = memlimit.SetMaximum(data, uint32(*pages))
	}
	if err == nil {
		err = os.WriteFile(file, data, 0o644)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "memlimit: %s: %v\n", file, err)
		os.Exit(1)
	}
}
