package diskstore

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scrubs/scrubs/classifier/envelope"
	"github.com/scrubs/scrubs/server/packserver"
)

var ctx = context.Background()

func record(v uint64, pack string) *packserver.Record {
	sum := sha256.Sum256([]byte(pack))
	return &packserver.Record{Version: v, Created: time.Unix(1795334400+int64(v), 0).UTC(), Digest: hex.EncodeToString(sum[:]),
		Size: len(pack), Comment: fmt.Sprintf("v%d", v), Pack: []byte(pack)}
}

func open(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(dir, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	if _, err := s.Latest(ctx); !errors.Is(err, packserver.ErrNotFound) {
		t.Fatalf("empty store: %v", err)
	}
	for v := uint64(1); v <= 3; v++ {
		if err := s.Add(ctx, record(v, fmt.Sprintf(`{"v":%d}`, v))); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Add(ctx, record(2, "other")); !errors.Is(err, packserver.ErrVersionExists) {
		t.Fatalf("second version 2: %v", err)
	}
	s.AddCounts(ctx, []packserver.Count{{Week: "2026-W47", Site: "facebook", Verdict: "warn", N: 3}})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = open(t, dir)
	defer s.Close()
	latest, err := s.Latest(ctx)
	if err != nil || latest.Version != 3 || string(latest.Pack) != `{"v":3}` {
		t.Fatalf("latest %+v %v", latest, err)
	}
	r, err := s.Get(ctx, 2)
	if err != nil || !r.Created.Equal(record(2, "").Created) || r.Comment != "v2" || string(r.Pack) != `{"v":2}` {
		t.Fatalf("get 2: %+v %v", r, err)
	}
	if _, err := s.Get(ctx, 7); !errors.Is(err, packserver.ErrNotFound) {
		t.Fatalf("get 7: %v", err)
	}
	list, _ := s.List(ctx)
	if len(list) != 3 || list[0].Version != 3 || list[0].Pack != nil {
		t.Fatalf("list %+v", list)
	}
	counts, _ := s.Counts(ctx)
	if len(counts) != 1 || counts[0].N != 3 {
		t.Fatalf("counts %+v", counts)
	}
}

func TestLocked(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	if _, err := Open(dir, nil); err == nil {
		t.Fatal("two stores on one directory")
	}
	s.Close()
	open(t, dir).Close()
}

// Leftovers of a push that died: a temporary file is removed, a damaged
// version is set aside, and the previous version is the latest; the
// damaged version's number stays taken (review L3), across restarts.
func TestRecovery(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	s.Add(ctx, record(1, "one"))
	s.Add(ctx, record(2, "two"))
	s.Close()
	packs := filepath.Join(dir, "packs")
	os.WriteFile(filepath.Join(packs, ".tmp-123"), []byte(`{"version":3`), 0o600)
	os.WriteFile(filepath.Join(packs, fileName(3)), []byte(`{"version":3,"size":5}`+"\nthr"), 0o600)
	os.WriteFile(filepath.Join(dir, "counts.json"), []byte(`[{"Week":`), 0o600)

	s = open(t, dir)
	latest, err := s.Latest(ctx)
	if err != nil || latest.Version != 2 {
		t.Fatalf("latest %+v %v", latest, err)
	}
	if _, err := os.Stat(filepath.Join(packs, ".tmp-123")); err == nil {
		t.Fatal("temporary file kept")
	}
	if _, err := os.Stat(filepath.Join(packs, fileName(3)+".bad")); err != nil {
		t.Fatal("damaged version not set aside")
	}
	if d := s.Damaged(); len(d) != 1 || d[0] != 3 {
		t.Fatalf("damaged %v", d)
	}
	// Version 3 is not free: clients that had it must never get other
	// content under its number.
	if err := s.Add(ctx, record(3, "three")); !errors.Is(err, packserver.ErrVersionExists) {
		t.Fatalf("version 3 reused: %v", err)
	}
	if err := s.Add(ctx, record(4, "four")); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = open(t, dir)
	if d := s.Damaged(); len(d) != 1 || d[0] != 3 {
		t.Fatalf("damaged after a restart %v", d)
	}
	defer s.Close()
	if err := s.Add(ctx, record(3, "three")); !errors.Is(err, packserver.ErrVersionExists) {
		t.Fatalf("version 3 reused after a restart: %v", err)
	}
}

// The server over a store whose latest version was damaged: /healthz says
// so, and the next push is numbered above the damaged one (review L3: it
// reused the number with other content, and clients that had it kept
// theirs as "unchanged").
func TestDamagedLatestThroughServer(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	key, _ := envelope.GenerateKey(rand.Reader)
	const token = "admin-token-0123456789abcdef0123"
	serve := func(s *Store) *packserver.Server {
		srv, err := packserver.New(packserver.Config{Store: s, Key: key, AdminToken: token, EventRate: -1})
		if err != nil {
			t.Fatal(err)
		}
		if err := srv.Init(ctx); err != nil {
			t.Fatal(err)
		}
		return srv
	}
	push := func(srv *packserver.Server, name string) packserver.PushResponse {
		w := httptest.NewRecorder()
		r := httptest.NewRequest("PUT", "/v1/pack", strings.NewReader(`{"schema":"scrubs.pack/1","name":"`+name+`","base":"default","org":{"name":"Riverside Clinic"}}`))
		r.Header.Set("Authorization", "Bearer "+token)
		srv.ServeHTTP(w, r)
		var out packserver.PushResponse
		if w.Code != 201 || out.UnmarshalJSON(w.Body.Bytes()) != nil {
			t.Fatalf("push %s: %d %s", name, w.Code, w.Body)
		}
		return out
	}
	health := func(srv *packserver.Server) packserver.HealthResponse {
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, httptest.NewRequest("GET", "/healthz", nil))
		var h packserver.HealthResponse
		if w.Code != 200 || h.UnmarshalJSON(w.Body.Bytes()) != nil {
			t.Fatalf("healthz: %d %s", w.Code, w.Body)
		}
		return h
	}
	srv := serve(s) // publishes the default pack as version 1
	if v := push(srv, "two").Version; v != 2 {
		t.Fatalf("pushed as %d", v)
	}
	if h := health(srv); len(h.Damaged) != 0 || h.Degraded != "" || h.Version != 2 {
		t.Fatalf("healthy store reported %+v", h)
	}
	s.Close()
	name := filepath.Join(dir, "packs", fileName(2))
	data, _ := os.ReadFile(name)
	data[len(data)-2] ^= 1 // one flipped bit: the digest no longer matches
	os.WriteFile(name, data, 0o600)

	s = open(t, dir)
	defer s.Close()
	srv = serve(s)
	h := health(srv)
	if !h.OK || h.Version != 1 || len(h.Damaged) != 1 || h.Damaged[0] != 2 || !strings.Contains(h.Degraded, "could not be read") {
		t.Fatalf("healthz over a damaged latest: %+v", h)
	}
	if v := push(srv, "three").Version; v != 3 {
		t.Fatalf("the push after a damaged version 2 got version %d", v)
	}
}

// Two stores (as two processes would) adding the same versions at once:
// each version is taken once.
func TestAddExclusive(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	defer s.Close()
	s2 := &Store{dir: dir, index: map[uint64]packserver.Record{}, logf: t.Logf} // a second process, without the lock
	var wins [2]int
	var wg sync.WaitGroup
	for i, st := range []*Store{s, s2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for v := uint64(1); v <= 50; v++ {
				if err := st.Add(ctx, record(v, fmt.Sprintf("%d-%d", i, v))); err == nil {
					wins[i]++
				} else if !errors.Is(err, packserver.ErrVersionExists) {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if wins[0]+wins[1] != 50 {
		t.Fatalf("wins %v", wins)
	}
	for v := uint64(1); v <= 50; v++ {
		r, err := s.read(v)
		if err != nil || !bytes.HasSuffix(r.Pack, []byte(fmt.Sprintf("-%d", v))) {
			t.Fatalf("version %d: %v", v, err)
		}
	}
}

func TestCountsFlushed(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	defer s.Close()
	s.AddCounts(ctx, []packserver.Count{{Week: "2026-W47", Site: "facebook", Verdict: "warn", Kind: "identifier.ssn", N: 2}})
	deadline := time.Now().Add(5 * time.Second)
	for {
		data, _ := os.ReadFile(filepath.Join(dir, "counts.json"))
		if bytes.Contains(data, []byte("identifier.ssn")) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("counts not written within 5 s")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestWriteFileExclusive(t *testing.T) {
	name := filepath.Join(t.TempDir(), "key")
	if err := WriteFileExclusive(name, []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(name)
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", fi.Mode())
	}
	if err := WriteFileExclusive(name, []byte("other"), 0o600); err == nil {
		t.Fatal("overwrote")
	}
}

// A counts.json written before per-post events (no Outcome, Reason or
// Rule) still loads, as legacy rows; new rows keep their outcome, reason
// and rule across a restart.
func TestCountsOldFormat(t *testing.T) {
	dir := t.TempDir()
	old := `[{"Week":"2026-11-30","Site":"facebook","Verdict":"block","Override":true,"Kind":"identifier.phone","N":3}]`
	if err := os.WriteFile(filepath.Join(dir, "counts.json"), []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	s := open(t, dir)
	post := packserver.Count{Week: "2026-11-30", Site: "facebook", Verdict: "block", Outcome: "posted_anyway", Reason: "consent_on_file", Rule: "our-terms", N: 2}
	s.AddCounts(ctx, []packserver.Count{post})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = open(t, dir)
	defer s.Close()
	counts, _ := s.Counts(ctx)
	want := []packserver.Count{
		post,
		{Week: "2026-11-30", Site: "facebook", Verdict: "block", Override: true, Kind: "identifier.phone", N: 3},
	}
	if len(counts) != 2 || counts[0] != want[0] || counts[1] != want[1] || counts[0].Legacy() || !counts[1].Legacy() {
		t.Fatalf("counts %+v, want %+v", counts, want)
	}
}
