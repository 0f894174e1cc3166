package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/scrubs/scrubs/wasm/host"
)

// newWasmEngine runs the classifier WebAssembly module under wazero, with
// packJSON loaded into it.
func newWasmEngine(wasmPath string, packJSON []byte) (draftEngine, error) {
	code, err := os.ReadFile(wasmPath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, wasmHintError{fmt.Errorf("--engine wasm: %w", err), "build the module with ./scripts/build-wasm, or name it with --wasm FILE"}
	}
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	m, err := host.Load(ctx, code, host.WithCacheDir(host.DefaultCacheDir()), host.WithStderr(os.Stderr))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", wasmPath, err)
	}
	if _, err := m.LoadPack(packJSON); err != nil {
		m.Close(ctx)
		return nil, fmt.Errorf("%s: load pack: %w", wasmPath, err)
	}
	return m, nil
}

// wasmHintError is an error with a hint that main prints on its own line.
type wasmHintError struct {
	error
	hint string
}

func (h wasmHintError) Unwrap() error { return h.error }
func (h wasmHintError) Hint() string  { return h.hint }
