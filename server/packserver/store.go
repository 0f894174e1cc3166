package packserver

import (
	"context"
	"errors"
	"sort"
	"sync"
	"time"
)

// Store keeps every pack version and the event counts. The handler needs
// nothing else from its environment, so one Store on disk serves the
// native binary and another over Workers KV serves the Cloudflare build.
//
// Implementations must be safe for concurrent use.
type Store interface {
	// Latest returns the highest version, or ErrNotFound when there is none.
	Latest(ctx context.Context) (*Record, error)
	// Get returns one version, or ErrNotFound.
	Get(ctx context.Context, version uint64) (*Record, error)
	// List returns every version, newest first, without the pack bytes.
	List(ctx context.Context) ([]Record, error)
	// Add stores a new version. It must be atomic: after a crash the
	// version is either fully stored or absent. If the version is already
	// taken it returns ErrVersionExists and changes nothing; that is how
	// two concurrent pushes never share a version.
	Add(ctx context.Context, r *Record) error
	// AddCounts adds event counts. A store may buffer them briefly.
	AddCounts(ctx context.Context, counts []Count) error
	// Counts returns every count.
	Counts(ctx context.Context) ([]Count, error)
}

// A Damaged store says which versions it holds in files it could not read
// (a damaged disk). Those numbers stay taken: the next push goes above
// them, so no client that had such a version is given other content under
// the same number, and /healthz reports them (review L3).
type Damaged interface {
	Damaged() []uint64
}

// An Emptiness store says whether it holds any version without reading a
// pack. On Workers every request is a fresh instance that runs Init, and
// Latest there reads the whole pack, model and all (1.4 MB), from D1: for
// a GET /v1/me too, and for each of a page's requests at once.
type Emptiness interface {
	Empty(ctx context.Context) (bool, error)
}

var (
	ErrNotFound      = errors.New("not found")
	ErrVersionExists = errors.New("version already exists")
)

// Record is one stored pack version.
type Record struct {
	Version      uint64
	Created      time.Time
	Digest       string // SHA-256 of Pack, hex
	Size         int
	Comment      string
	RestoredFrom uint64
	Pack         []byte // nil in List
}

// Count is how many posts share one key (see Event). A post is counted
// once in its post row (Kind and Rule empty), and once more in a row per
// kind and per rule it had.
//
// Counts stored before per-post events have no Outcome: those rows
// counted findings (a post once per kind) and say only whether it was
// posted anyway (Override). They are kept and reported apart ("legacy").
type Count struct {
	Week     string // the Monday the week starts on, "2026-11-16"
	Site     string
	Verdict  string
	Override bool `json:"Override"` // legacy rows only
	Kind     string
	Outcome  string `json:"Outcome,omitempty"`
	Reason   string `json:"Reason,omitempty"`
	Rule     string `json:"Rule,omitempty"`
	N        int64
}

// Legacy says the row was stored before per-post events.
func (c Count) Legacy() bool { return c.Outcome == "" }

// CountKey is a Count without its number.
type CountKey struct {
	Week, Site, Verdict string
	Override            bool
	Kind                string
	Outcome, Reason     string
	Rule                string
}

// Key returns the count's key.
func (c Count) Key() CountKey {
	return CountKey{Week: c.Week, Site: c.Site, Verdict: c.Verdict, Override: c.Override, Kind: c.Kind, Outcome: c.Outcome, Reason: c.Reason, Rule: c.Rule}
}

// MemStore is a Store in memory, for tests and as a model for others.
type MemStore struct {
	memAudit
	memQueue
	MemAccounts
	mu     sync.RWMutex
	packs  map[uint64]*Record
	latest uint64
	counts map[CountKey]int64
}

func NewMemStore() *MemStore {
	return &MemStore{packs: map[uint64]*Record{}, counts: map[CountKey]int64{}}
}

func (m *MemStore) Latest(ctx context.Context) (*Record, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.latest == 0 {
		return nil, ErrNotFound
	}
	return m.packs[m.latest], nil
}

func (m *MemStore) Get(ctx context.Context, version uint64) (*Record, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	r, ok := m.packs[version]
	if !ok {
		return nil, ErrNotFound
	}
	return r, nil
}

func (m *MemStore) List(ctx context.Context) ([]Record, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make([]Record, 0, len(m.packs))
	for _, r := range m.packs {
		c := *r
		c.Pack = nil
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version > out[j].Version })
	return out, nil
}

func (m *MemStore) Add(ctx context.Context, r *Record) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.packs[r.Version]; ok {
		return ErrVersionExists
	}
	c := *r
	m.packs[r.Version] = &c
	m.latest = max(m.latest, r.Version)
	return nil
}

func (m *MemStore) AddCounts(ctx context.Context, counts []Count) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, c := range counts {
		m.counts[c.Key()] += c.N
	}
	return nil
}

func (m *MemStore) Counts(ctx context.Context) ([]Count, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return CountsFromMap(m.counts), nil
}

// CountsFromMap lists a map of counts in a stable order.
func CountsFromMap(m map[CountKey]int64) []Count {
	out := make([]Count, 0, len(m))
	for k, n := range m {
		out = append(out, Count{Week: k.Week, Site: k.Site, Verdict: k.Verdict, Override: k.Override, Kind: k.Kind,
			Outcome: k.Outcome, Reason: k.Reason, Rule: k.Rule, N: n})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Week != b.Week {
			return a.Week < b.Week
		}
		if a.Site != b.Site {
			return a.Site < b.Site
		}
		if a.Verdict != b.Verdict {
			return a.Verdict < b.Verdict
		}
		if a.Override != b.Override {
			return !a.Override
		}
		if a.Outcome != b.Outcome {
			return a.Outcome < b.Outcome
		}
		if a.Reason != b.Reason {
			return a.Reason < b.Reason
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Rule < b.Rule
	})
	return out
}
