//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

// Natively there is nothing to run: the native server is ./server.
func main() {
	fmt.Fprintln(os.Stderr, "server/workers is the Cloudflare Workers build: GOOS=js GOARCH=wasm go build -o server/workers/build/app.wasm ./server/workers (or run scripts/test-workers); the native server is go run ./server")
	os.Exit(2)
}
