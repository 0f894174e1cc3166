package wasm_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/scrubs/scrubs/wasm/host"
	"github.com/scrubs/scrubs/wasm/memlimit"
	"github.com/tetratelabs/wazero"
)

// The module under test, built once in TestMain (as wazero builds its own
// wasip1 test binaries), or the one $SCRUBS_WASM names.
var (
	moduleBytes []byte
	modulePath  string
	cache       wazero.CompilationCache
	runtime     *host.Runtime
)

// buildFlags are scripts/build-wasm's; keep them in step.
var buildFlags = []string{"build", "-buildmode=c-shared", "-trimpath", "-ldflags=-s -w"}

const modulePkg = "github.com/scrubs/scrubs/wasm/cmd/classifier"

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	dir, err := os.MkdirTemp("", "scrubs-wasm-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	modulePath = os.Getenv("SCRUBS_WASM")
	if modulePath == "" {
		modulePath = filepath.Join(dir, "classifier.wasm")
		cmd := exec.Command("go", append(buildFlags, "-o", modulePath, modulePkg)...)
		cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm")
		if out, err := cmd.CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "build module: %v\n%s", err, out)
			return 1
		}
	}
	if moduleBytes, err = os.ReadFile(modulePath); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if os.Getenv("SCRUBS_WASM") == "" {
		// as scripts/build-wasm does
		if moduleBytes, err = memlimit.SetMaximum(moduleBytes, memlimit.DefaultPages); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	// A cache in the user's cache folder keeps later runs from compiling
	// the module again; it is keyed by the module's hash.
	if d := host.DefaultCacheDir(); d != "" {
		cache, err = wazero.NewCompilationCacheWithDir(d)
	}
	if cache == nil || err != nil {
		cache = wazero.NewCompilationCache()
	}
	ctx := context.Background()
	if runtime, err = host.Compile(ctx, moduleBytes, host.WithCache(cache), host.WithStderr(os.Stderr)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer runtime.Close(ctx)
	return m.Run()
}

// shared is one instance with the built-in rules, for the tests that never
// load a pack: they share the cost of compiling the rules in the module.
var shared struct {
	once sync.Once
	m    *host.Module
	err  error
}

// builtIn returns the shared instance with the built-in rules.
func builtIn(t testing.TB) *host.Module {
	t.Helper()
	shared.once.Do(func() { shared.m, shared.err = runtime.Instantiate(context.Background()) })
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.m
}

// instance starts a fresh instance of the module, closed when t ends.
func instance(t testing.TB) *host.Module {
	t.Helper()
	ctx := context.Background()
	m, err := runtime.Instantiate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close(ctx) })
	return m
}
