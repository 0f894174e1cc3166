// Package host runs the classifier WebAssembly module (wasm/classifier.wasm)
// in Go, under wazero. The tests use it to prove the module answers exactly
// as the native engine does, and `scrubs scan --engine wasm` uses it to run
// a corpus through the module.
//
// A Runtime compiles the module once; each Module is one instance with its
// own engine and memory. Load does both for the common case:
//
//	m, err := host.Load(ctx, wasmBytes, host.WithCacheDir(host.DefaultCacheDir()))
//	defer m.Close(ctx)
//	info, err := m.LoadPack(packJSON)
//	result, err := m.ClassifyJSON(draftJSON)
package host

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
)

// Option configures a Runtime.
type Option func(*config)

type config struct {
	cache    wazero.CompilationCache
	cacheDir string
	stderr   io.Writer
	maxPages uint32
}

// WithCache shares a compilation cache, so a module compiles once per
// process (or once per machine, for a cache with a directory).
func WithCache(c wazero.CompilationCache) Option { return func(cf *config) { cf.cache = c } }

// WithCacheDir keeps compiled code in dir, so later processes skip
// compiling. An empty dir, or one that cannot be made, keeps no cache.
func WithCacheDir(dir string) Option { return func(cf *config) { cf.cacheDir = dir } }

// WithStderr receives what the module writes to stderr (a Go runtime crash
// report, for one). By default it is dropped.
func WithStderr(w io.Writer) Option { return func(cf *config) { cf.stderr = w } }

// WithMemoryLimit caps each instance's linear memory, in bytes (rounded down
// to 64 KiB pages). The default is 256 MiB.
func WithMemoryLimit(bytes uint64) Option {
	return func(cf *config) { cf.maxPages = uint32(bytes >> 16) }
}

// DefaultCacheDir is where the scrubs command keeps compiled modules:
// the user's cache folder, or none when there is no such folder.
func DefaultCacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "scrubs", "wazero")
}

// Runtime is a compiled module, ready to instantiate.
type Runtime struct {
	rt     wazero.Runtime
	code   wazero.CompiledModule
	stderr io.Writer
}

// Compile compiles the module's bytes and checks that it has the exports
// the ABI needs.
func Compile(ctx context.Context, wasm []byte, opts ...Option) (*Runtime, error) {
	cf := config{maxPages: 256 << 20 >> 16, stderr: io.Discard}
	for _, o := range opts {
		o(&cf)
	}
	rc := wazero.NewRuntimeConfig().WithMemoryLimitPages(cf.maxPages)
	if cf.cache == nil && cf.cacheDir != "" {
		// A cache that cannot be made only costs time: compile without.
		if c, err := wazero.NewCompilationCacheWithDir(cf.cacheDir); err == nil {
			cf.cache = c
		}
	}
	if cf.cache != nil {
		rc = rc.WithCompilationCache(cf.cache)
	}
	rt := wazero.NewRuntimeWithConfig(ctx, rc)
	if _, err := wasi_snapshot_preview1.Instantiate(ctx, rt); err != nil {
		rt.Close(ctx)
		return nil, err
	}
	code, err := rt.CompileModule(ctx, wasm)
	if err != nil {
		rt.Close(ctx)
		return nil, fmt.Errorf("compile module: %w", err)
	}
	exports := code.ExportedFunctions()
	for _, name := range []string{"_initialize", "alloc", "free", "classify", "load_pack"} {
		if _, ok := exports[name]; !ok {
			rt.Close(ctx)
			return nil, fmt.Errorf("module does not export %q; is it the classifier module?", name)
		}
	}
	return &Runtime{rt: rt, code: code, stderr: cf.stderr}, nil
}

// Close frees the runtime and every instance in it.
func (r *Runtime) Close(ctx context.Context) error { return r.rt.Close(ctx) }

// Instantiate starts a new instance: it runs _initialize, and its engine
// has the built-in rules.
func (r *Runtime) Instantiate(ctx context.Context) (*Module, error) {
	mc := wazero.NewModuleConfig().
		WithName(""). // anonymous, so one runtime holds many instances
		WithStartFunctions("_initialize").
		WithStderr(r.stderr).
		WithRandSource(rand.Reader).
		WithSysWalltime().
		WithSysNanotime().
		WithSysNanosleep()
	mod, err := r.rt.InstantiateModule(ctx, r.code, mc)
	if err != nil {
		return nil, fmt.Errorf("instantiate module: %w", err)
	}
	return newModule(ctx, mod), nil
}

// Load compiles and instantiates the module; closing the Module closes its
// runtime too.
func Load(ctx context.Context, wasm []byte, opts ...Option) (*Module, error) {
	r, err := Compile(ctx, wasm, opts...)
	if err != nil {
		return nil, err
	}
	m, err := r.Instantiate(ctx)
	if err != nil {
		r.Close(ctx)
		return nil, err
	}
	m.owner = r
	return m, nil
}
