package wasm_test

import (
	"testing"
	"time"
)

// 100,000 calls, errors among them, and the module's memory stops growing
// once warm.
func TestMemoryBounded(t *testing.T) {
	const calls = 100_000
	var drafts [][]byte
	for _, c := range corpora(t) {
		for _, l := range c.lines {
			if len(l) < 600 {
				drafts = append(drafts, l)
			}
		}
	}
	drafts = append(drafts, []byte(`{"text":`), []byte(`[]`))
	m := instance(t)
	start := time.Now()
	var warm uint32
	for i := range calls {
		if i == calls/10 {
			warm = m.MemorySize()
		}
		res, err := m.ClassifyJSON(drafts[i%len(drafts)])
		if err != nil && res != nil {
			t.Fatal(err)
		}
		if err != nil && !isAnswer(err) {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	end := m.MemorySize()
	t.Logf("%d calls in %v; memory %d KiB after %d calls, %d KiB after %d", calls, time.Since(start).Round(time.Millisecond), warm>>10, calls/10, end>>10, calls)
	if end > warm+4<<20 {
		t.Errorf("memory grew from %d to %d bytes over %d calls", warm, end, calls-calls/10)
	}
}
