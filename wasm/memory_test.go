package wasm_test

import (
	"testing"
	"time"

	"github.com/scrubs/scrubs/classifier"
	"github.com/scrubs/scrubs/wasm"
	"github.com/scrubs/scrubs/wasm/host"
	"github.com/scrubs/scrubs/wasm/memlimit"
)

// 100,000 calls, errors among them, and the module's memory stops growing
// once warm. One call in ten is a whole corpus draft; the rest are the first
// few words of one (or bad JSON), which keeps the test to seconds while
// every call still crosses the boundary, allocates and answers.
func TestMemoryBounded(t *testing.T) {
	t.Parallel()
	const calls = 100_000
	var full, short [][]byte
	for _, c := range corpora(t) {
		for _, l := range c.lines {
			d, err := classifier.ParseDraft(l)
			if err != nil {
				continue
			}
			if len(l) < 600 {
				full = append(full, l)
			}
			if r := []rune(d.Text); len(r) > 16 {
				d.Text = string(r[:16])
			}
			b, _ := d.MarshalJSON()
			short = append(short, b)
		}
	}
	short = append(short, []byte(`{"text":`), []byte(`[]`))
	m := instance(t) // its own: other tests' calls would change its memory
	start := time.Now()
	var warm uint32
	var warmStats wasm.Stats
	for i := range calls {
		if i == calls/10 {
			warm = m.MemorySize()
			warmStats = stats(t, m)
		}
		draft := short[i%len(short)]
		if i%10 == 0 {
			draft = full[(i/10)%len(full)]
		}
		if _, err := m.ClassifyJSON(draft); err != nil && !isAnswer(err) {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	end, endStats := m.MemorySize(), stats(t, m)
	t.Logf("%d calls in %v; memory %d KiB after %d calls, %d KiB after %d", calls, time.Since(start).Round(time.Millisecond), warm>>10, calls/10, end>>10, calls)
	t.Logf("heap %d KiB of %d KiB, %d collections, %d buffers after %d calls; heap %d KiB of %d KiB, %d collections, %d buffers after %d",
		warmStats.HeapAlloc>>10, warmStats.HeapSys>>10, warmStats.NumGC, warmStats.Buffers, calls/10,
		endStats.HeapAlloc>>10, endStats.HeapSys>>10, endStats.NumGC, endStats.Buffers, calls)
	// Once warm, the heap has found its size; what is left is the
	// collector's slack, not growth with the number of calls.
	if limit := warm + max(4<<20, warm/4); end > limit {
		t.Errorf("memory grew from %d to %d bytes over %d calls; limit %d", warm, end, calls-calls/10, limit)
	}
	if endStats.Buffers != 1 {
		t.Errorf("%d buffers alloc'd; the host keeps one", endStats.Buffers)
	}
	// Collections finish between calls; when they cannot (the module did
	// not yield to the collector's worker), the heap grows and every call
	// pays for marking.
	if gcs := endStats.NumGC - warmStats.NumGC; gcs < 1 {
		t.Errorf("%d collections completed over %d calls", gcs, calls-calls/10)
	}
}

func stats(t *testing.T, m *host.Module) wasm.Stats {
	t.Helper()
	st, err := m.Stats()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestModuleDeclaresMaximumMemory: the module declares a maximum memory, so
// a runaway pack or draft traps at that size instead of taking 4 GiB of the
// browser first (review M5). $SCRUBS_WASM checks a module built by
// scripts/build-wasm.
func TestModuleDeclaresMaximumMemory(t *testing.T) {
	max, ok, err := memlimit.Maximum(moduleBytes)
	if err != nil {
		t.Fatal(err)
	}
	if !ok || max > memlimit.DefaultPages {
		t.Errorf("the module declares maximum %d pages (declared: %v); want at most %d", max, ok, memlimit.DefaultPages)
	}
}
