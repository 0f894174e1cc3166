package main

import "errors"

// newWasmEngine runs the classifier WebAssembly module under wazero.
func newWasmEngine(wasmPath string, packJSON []byte) (draftEngine, error) {
	return nil, errors.New("--engine wasm: the WebAssembly module is not built yet; use --engine native")
}
