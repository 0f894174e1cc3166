package diskstore

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

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
// version is set aside, and the previous version is the latest.
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
	defer s.Close()
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
	// Version 3 is free again.
	if err := s.Add(ctx, record(3, "three")); err != nil {
		t.Fatal(err)
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
