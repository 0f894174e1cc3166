package wasm_test

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/scrubs/scrubs/classifier"
	"github.com/scrubs/scrubs/wasm/host"
)

// benchDraft is one of testdata/bench.json's drafts, as JSON: "280" and
// "5000" characters of corpus text, or "0", an empty one.
func benchDraft(b *testing.B, size string) []byte {
	b.Helper()
	data, err := os.ReadFile("testdata/bench.json")
	if err != nil {
		b.Fatal(err)
	}
	var drafts map[string]json.RawMessage
	if err := json.Unmarshal(data, &drafts); err != nil {
		b.Fatal(err)
	}
	d, ok := drafts[size]
	if !ok {
		b.Fatalf("no %s draft in testdata/bench.json", size)
	}
	return d
}

func benchModule(b *testing.B, size string) {
	draft := benchDraft(b, size)
	m := instance(b)
	if _, err := m.ClassifyJSON(draft); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(draft)))
	b.ResetTimer()
	for range b.N {
		if _, err := m.ClassifyJSON(draft); err != nil {
			b.Fatal(err)
		}
	}
}

func benchNative(b *testing.B, size string) {
	draft := benchDraft(b, size)
	e := classifier.Default()
	b.SetBytes(int64(len(draft)))
	b.ResetTimer()
	for range b.N {
		if _, err := native(e, draft); err != nil {
			b.Fatal(err)
		}
	}
}

// The module under wazero, per draft: copy in, parse, classify, marshal,
// copy out.
func BenchmarkClassify0(b *testing.B)    { benchModule(b, "0") }
func BenchmarkClassify280(b *testing.B)  { benchModule(b, "280") }
func BenchmarkClassify5000(b *testing.B) { benchModule(b, "5000") }

// The same work natively, as `scrubs scan --engine native` does it.
func BenchmarkNative0(b *testing.B)    { benchNative(b, "0") }
func BenchmarkNative280(b *testing.B)  { benchNative(b, "280") }
func BenchmarkNative5000(b *testing.B) { benchNative(b, "5000") }

// Compiling the module without a cache (wazero's compiler).
func BenchmarkCompile(b *testing.B) {
	ctx := context.Background()
	for range b.N {
		r, err := host.Compile(ctx, moduleBytes)
		if err != nil {
			b.Fatal(err)
		}
		r.Close(ctx)
	}
}

// Instantiating a compiled module: memory, data, _initialize (the Go
// runtime and the built-in rules' compilation).
func BenchmarkInstantiate(b *testing.B) {
	ctx := context.Background()
	for range b.N {
		m, err := runtime.Instantiate(ctx)
		if err != nil {
			b.Fatal(err)
		}
		m.Close(ctx)
	}
}

// Instantiating and classifying one draft: what a fresh instance costs
// before its first answer, the built-in rules' compilation included.
func BenchmarkFirstClassify(b *testing.B) {
	ctx := context.Background()
	draft := benchDraft(b, "280")
	for range b.N {
		m, err := runtime.Instantiate(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := m.ClassifyJSON(draft); err != nil {
			b.Fatal(err)
		}
		m.Close(ctx)
	}
}
