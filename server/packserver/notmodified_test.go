package packserver

import "testing"

// A 304 is answered without signing: a fresh instance (as every Workers
// request is) that already knows the client's copy is current must not sign
// and compress the envelope just to compare ETags.
func TestNotModifiedWithoutSigning(t *testing.T) {
	first := newFixture(t)
	etag := first.do("GET", "/v1/pack", nil).Header().Get("ETag")
	old := first.do("GET", "/v1/pack/1", nil).Header().Get("ETag")

	fresh, err := New(first.srv.cfg) // same store, key and clock; nothing signed yet
	if err != nil {
		t.Fatal(err)
	}
	first.srv = fresh
	if w := first.do("GET", "/v1/pack", nil, "If-None-Match", etag); w.Code != 304 || w.Header().Get("ETag") != etag {
		t.Fatalf("current pack: %d, ETag %q; want 304 with %q", w.Code, w.Header().Get("ETag"), etag)
	}
	if w := first.do("GET", "/v1/pack/1", nil, "If-None-Match", old); w.Code != 304 {
		t.Fatalf("version 1: %d; want 304", w.Code)
	}
	if fresh.current.Load() != nil || len(fresh.old) != 0 {
		t.Fatal("the 304s signed an envelope")
	}
	if w := first.do("GET", "/v1/pack", nil, "If-None-Match", `W/"v1-1"`); w.Code != 200 {
		t.Fatalf("stale ETag: %d; want 200", w.Code)
	}
}
