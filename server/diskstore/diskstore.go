// Package diskstore is the native server's embedded store: a directory of
// files, one per pack version, plus a snapshot of the event counts.
//
// A version is written to a temporary file, synced, then hard-linked to
// its final name, which fails if the name exists: so a version is stored
// whole or not at all (a kill -9 mid-push leaves the previous version the
// latest), and two writers, even in two processes, never store the same
// version. Nothing is ever overwritten.
//
//	DIR/packs/00000000000000000007.pack   {"version":7,...}\n + the pack's bytes
//	DIR/counts.json                       event counts, replaced atomically
//	DIR/queue/<id>.json                   the approval queue's items (queue.go): clear metadata and age files
//	DIR/audit.jsonl                       the audit log, appended to only (audit.go)
//	DIR/accounts.json                     admin accounts, token and session hashes (accounts.go)
//
// Counts are kept in memory and written at most once a second (and on
// Close); a crash loses at most that second of counts, never a pack.
package diskstore

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/scrubs/scrubs/classifier/queue"
	"github.com/scrubs/scrubs/server/packserver"
)

// Store is a packserver.Store in a directory.
type Store struct {
	dir     string
	unlock  func()
	logf    func(string, ...any)
	mu      sync.RWMutex
	index   map[uint64]packserver.Record // without Pack
	latest  *packserver.Record           // with Pack
	counts  map[packserver.CountKey]int64
	damaged map[uint64]bool // versions in files set aside as .bad: their numbers stay taken
	dirty   bool
	stop    chan struct{}
	stopped chan struct{}
	flushMu sync.Mutex
	// accounts, tokens and sessions (accounts.go)
	packserver.MemAccounts
	// the audit log (audit.go)
	auditMu   sync.Mutex
	audit     []packserver.AuditEntry
	auditFile *os.File
	// the approval queue (queue.go)
	qmu   sync.Mutex
	queue map[string]queue.Item // without files
}

var _ packserver.Store = (*Store)(nil)

type meta struct {
	Version      uint64    `json:"version"`
	Created      time.Time `json:"created"`
	Digest       string    `json:"digest"`
	Size         int       `json:"size"`
	Comment      string    `json:"comment,omitempty"`
	RestoredFrom uint64    `json:"restored_from,omitempty"`
}

// Open opens (creating it if needed) the store in dir and locks it
// against a second server. logf reports files it had to set aside.
func Open(dir string, logf func(string, ...any)) (*Store, error) {
	if logf == nil {
		logf = func(string, ...any) {}
	}
	if err := os.MkdirAll(filepath.Join(dir, "packs"), 0o700); err != nil {
		return nil, err
	}
	unlock, err := lockDir(filepath.Join(dir, "lock"))
	if err != nil {
		return nil, err
	}
	s := &Store{
		dir:     dir,
		unlock:  unlock,
		logf:    logf,
		index:   map[uint64]packserver.Record{},
		counts:  map[packserver.CountKey]int64{},
		damaged: map[uint64]bool{},
		stop:    make(chan struct{}),
		stopped: make(chan struct{}),
	}
	if err := s.load(); err != nil {
		unlock()
		return nil, err
	}
	if err := s.loadAccounts(); err != nil {
		unlock()
		return nil, err
	}
	if err := s.loadAudit(); err != nil {
		unlock()
		return nil, err
	}
	if err := s.loadQueue(); err != nil {
		unlock()
		return nil, err
	}
	go s.flusher()
	return s, nil
}

func (s *Store) packsDir() string { return filepath.Join(s.dir, "packs") }

func fileName(v uint64) string { return fmt.Sprintf("%020d.pack", v) }

func (s *Store) load() error {
	entries, err := os.ReadDir(s.packsDir())
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".tmp-") {
			os.Remove(filepath.Join(s.packsDir(), name)) // an interrupted push
			continue
		}
		if v, ok := versionOf(strings.TrimSuffix(name, ".bad")); ok && strings.HasSuffix(name, ".pack.bad") {
			s.damaged[v] = true // set aside by an earlier start
			continue
		}
		v, ok := versionOf(name)
		if !ok {
			continue
		}
		rec, err := s.read(v)
		if err != nil {
			// Only a damaged disk gets here: files are complete before
			// they get their name. Keep it out of the way, and say so.
			s.logf("store: %s is unreadable (%v); moved to %s.bad", name, err, name)
			os.Rename(filepath.Join(s.packsDir(), name), filepath.Join(s.packsDir(), name+".bad"))
			s.damaged[v] = true
			continue
		}
		pack := rec.Pack
		rec.Pack = nil
		s.index[v] = *rec
		if s.latest == nil || v > s.latest.Version {
			rec.Pack = pack
			s.latest = rec
		}
	}
	data, err := os.ReadFile(filepath.Join(s.dir, "counts.json"))
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return err
	default:
		var list []packserver.Count
		if err := json.Unmarshal(data, &list); err != nil {
			s.logf("store: counts.json is unreadable (%v); starting the counts again", err)
			os.Rename(filepath.Join(s.dir, "counts.json"), filepath.Join(s.dir, "counts.json.bad"))
		}
		for _, c := range list {
			s.counts[c.Key()] += c.N
		}
	}
	return nil
}

// read loads one version from disk and checks it against its digest.
func (s *Store) read(v uint64) (*packserver.Record, error) {
	data, err := os.ReadFile(filepath.Join(s.packsDir(), fileName(v)))
	if err != nil {
		return nil, err
	}
	head, pack, ok := bytes.Cut(data, []byte("\n"))
	if !ok {
		return nil, errors.New("no header")
	}
	var m meta
	if err := json.Unmarshal(head, &m); err != nil {
		return nil, fmt.Errorf("header: %v", err)
	}
	sum := sha256.Sum256(pack)
	if m.Version != v || m.Size != len(pack) || m.Digest != hex.EncodeToString(sum[:]) {
		return nil, errors.New("header does not match the pack")
	}
	return &packserver.Record{
		Version: m.Version, Created: m.Created, Digest: m.Digest, Size: m.Size,
		Comment: m.Comment, RestoredFrom: m.RestoredFrom, Pack: pack,
	}, nil
}

// versionOf reads the version out of a pack file's name.
func versionOf(name string) (uint64, bool) {
	v, err := strconv.ParseUint(strings.TrimSuffix(name, ".pack"), 10, 64)
	return v, err == nil && strings.HasSuffix(name, ".pack") && v != 0
}

// Damaged answers the versions whose files could not be read, lowest
// first (packserver.Damaged).
func (s *Store) Damaged() []uint64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]uint64, 0, len(s.damaged))
	for v := range s.damaged {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	if len(out) == 0 {
		return nil
	}
	return out
}

func (s *Store) Latest(ctx context.Context) (*packserver.Record, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.latest == nil {
		return nil, packserver.ErrNotFound
	}
	return s.latest, nil
}

func (s *Store) Get(ctx context.Context, v uint64) (*packserver.Record, error) {
	s.mu.RLock()
	_, ok := s.index[v]
	latest := s.latest
	s.mu.RUnlock()
	if !ok {
		return nil, packserver.ErrNotFound
	}
	if latest != nil && latest.Version == v {
		return latest, nil
	}
	return s.read(v)
}

func (s *Store) List(ctx context.Context) ([]packserver.Record, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]packserver.Record, 0, len(s.index))
	for _, r := range s.index {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version > out[j].Version })
	return out, nil
}

// Add writes the version to a temporary file, syncs it, and links it into
// place; the link fails if the version exists.
func (s *Store) Add(ctx context.Context, r *packserver.Record) error {
	head, err := json.Marshal(meta{r.Version, r.Created.UTC(), r.Digest, r.Size, r.Comment, r.RestoredFrom})
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(s.packsDir(), ".tmp-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(append(append(head, '\n'), r.Pack...))
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.damaged[r.Version] {
		return packserver.ErrVersionExists // its damaged file still holds the number
	}
	if err := os.Link(tmp.Name(), filepath.Join(s.packsDir(), fileName(r.Version))); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return packserver.ErrVersionExists
		}
		return err
	}
	if err := syncDir(s.packsDir()); err != nil {
		return err
	}
	rec := *r
	rec.Pack = bytes.Clone(r.Pack)
	meta := rec
	meta.Pack = nil
	s.index[r.Version] = meta
	if s.latest == nil || r.Version > s.latest.Version {
		s.latest = &rec
	}
	return nil
}

func (s *Store) AddCounts(ctx context.Context, counts []packserver.Count) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range counts {
		s.counts[c.Key()] += c.N
	}
	s.dirty = s.dirty || len(counts) > 0
	return nil
}

func (s *Store) Counts(ctx context.Context) ([]packserver.Count, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return packserver.CountsFromMap(s.counts), nil
}

func (s *Store) flusher() {
	defer close(s.stopped)
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if err := s.Flush(); err != nil {
				s.logf("store: writing counts: %v", err)
			}
		case <-s.stop:
			return
		}
	}
}

// Flush writes the counts if they changed.
func (s *Store) Flush() error {
	s.flushMu.Lock()
	defer s.flushMu.Unlock()
	s.mu.Lock()
	if !s.dirty {
		s.mu.Unlock()
		return nil
	}
	list := packserver.CountsFromMap(s.counts)
	s.dirty = false
	s.mu.Unlock()
	data, err := json.Marshal(list)
	if err == nil {
		err = writeAtomic(filepath.Join(s.dir, "counts.json"), data)
	}
	if err != nil {
		s.mu.Lock()
		s.dirty = true
		s.mu.Unlock()
	}
	return err
}

// Close writes the counts and releases the directory.
func (s *Store) Close() error {
	close(s.stop)
	<-s.stopped
	err := s.Flush()
	if cerr := s.auditFile.Close(); err == nil {
		err = cerr
	}
	s.unlock()
	return err
}

// writeAtomic replaces name with data: a reader sees the old file or the
// new one, whole.
func writeAtomic(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), ".tmp-"+filepath.Base(name))
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err == nil {
		err = syncDir(filepath.Dir(name))
	}
	return err
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// WriteFileExclusive creates name with data and mode, failing if it
// exists; the file is complete before it appears. The server uses it for
// its key and token on first start.
func WriteFileExclusive(name string, data []byte, mode os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), ".tmp-"+filepath.Base(name))
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	err = tmp.Chmod(mode)
	if err == nil {
		_, err = tmp.Write(data)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Link(tmp.Name(), name)
	}
	if err == nil {
		err = syncDir(filepath.Dir(name))
	}
	return err
}
