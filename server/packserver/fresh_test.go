package packserver

import (
	"bytes"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/scrubs/scrubs/classifier/envelope"
)

// Review M3: an old version is served as it was signed when it was
// published, never re-signed with a fresh expiry, so it cannot be handed
// to a client as current once it has expired.
func TestOldVersionIsNotResigned(t *testing.T) {
	f := newFixture(t)
	asPublished := f.do("GET", "/v1/pack", nil).Body.Bytes()
	f.clock.Add(24 * time.Hour)
	if w := f.admin("PUT", "/v1/pack", orgPack("two")); w.Code != 201 {
		t.Fatalf("push: %d %s", w.Code, w.Body)
	}
	f.clock.Add(40 * 24 * time.Hour)
	w := f.do("GET", "/v1/pack/1", nil)
	if w.Code != 200 {
		t.Fatalf("GET /v1/pack/1: %d", w.Code)
	}
	if !bytes.Equal(w.Body.Bytes(), asPublished) {
		t.Error("version 1 is not the envelope it was published with")
	}
	if w.Header().Get(TimestampHeader) != "" {
		t.Error("an old version came with a timestamp")
	}
	keys := []envelope.PublicKey{f.key.Public()}
	if _, err := envelope.Open(w.Body.Bytes(), keys, 0, f.clock.Now()); !errors.Is(err, envelope.ErrExpired) {
		t.Fatalf("version 1, 41 days on: %v; want it expired", err)
	}
	o, err := envelope.Open(w.Body.Bytes(), keys, 0, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC); !o.Issued.Equal(want) || !o.Expires.Equal(want.Add(30*24*time.Hour)) {
		t.Errorf("version 1 issued %s, expires %s; want its publication, %s", o.Issued, o.Expires, want)
	}
	// the same answer from an instance that never served it
	fresh, err := New(f.srv.cfg)
	if err != nil {
		t.Fatal(err)
	}
	f.srv = fresh
	if again := f.do("GET", "/v1/pack/1", nil); !bytes.Equal(again.Body.Bytes(), asPublished) || again.Header().Get("ETag") != w.Header().Get("ETag") {
		t.Error("another instance signs version 1 differently")
	}
	// the current version is still re-signed as it nears expiry
	cur, err := envelope.Open(f.do("GET", "/v1/pack", nil).Body.Bytes(), keys, 0, f.clock.Now())
	if err != nil || cur.Version != 2 {
		t.Fatalf("current: %v", err)
	}
}

// Review M3: every answer for the current pack, a 304 too, carries a
// short-lived signed timestamp naming it, and a later one as time passes.
func TestTimestampHeader(t *testing.T) {
	f := newFixture(t)
	keys := []envelope.PublicKey{f.key.Public()}
	check := func(w *httptest.ResponseRecorder, st envelope.State, notBefore time.Time) *envelope.Timestamp {
		t.Helper()
		h := w.Header()[TimestampHeader]
		if len(h) != 1 {
			t.Fatalf("%s: %q", TimestampHeader, h)
		}
		v := envelope.Verifier{Pinned: keys, State: st, Now: f.clock.Now()}
		ts, err := v.OpenTimestamp([]byte(h[0]), notBefore)
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	w := f.do("GET", "/v1/pack", nil)
	o, err := envelope.Open(w.Body.Bytes(), keys, 0, f.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	first := check(w, o.State, time.Time{})
	if first.Version != 1 || first.Digest != o.Digest || first.Expires.Sub(first.Issued) != 24*time.Hour {
		t.Fatalf("timestamp %+v", first)
	}
	etag := w.Header().Get("ETag")
	f.clock.Add(3 * time.Hour)
	nm := f.do("GET", "/v1/pack", nil, "If-None-Match", etag)
	if nm.Code != 304 {
		t.Fatalf("%d", nm.Code)
	}
	later := check(nm, o.State, first.Issued)
	if !later.Issued.After(first.Issued) {
		t.Fatalf("the timestamp did not advance: %s, then %s", first.Issued, later.Issued)
	}
	// a fresh instance's 304 carries one too
	fresh, _ := New(f.srv.cfg)
	f.srv = fresh
	check(f.do("GET", "/v1/pack", nil, "If-None-Match", etag), o.State, later.Issued)

	// after a push, the timestamp names the new pack: a client that only
	// ever gets 304s for version 1 is told it is not current
	f.admin("PUT", "/v1/pack", orgPack("two"))
	h := f.do("GET", "/v1/pack", nil).Header().Get(TimestampHeader)
	v := envelope.Verifier{Pinned: keys, State: o.State, Now: f.clock.Now()}
	if _, err := v.OpenTimestamp([]byte(h), later.Issued); !errors.Is(err, envelope.ErrNotCurrent) {
		t.Fatalf("timestamp after a push, for version 1: %v", err)
	}
}
