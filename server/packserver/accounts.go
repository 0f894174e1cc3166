package packserver

// Admin accounts, their credentials (API tokens and sign-in sessions) and
// the count of failed sign-ins, as the stores keep them. auth.go is what
// the handler does with them.

import (
	"context"
	"errors"
	"maps"
	"slices"
	"sort"
	"sync"
	"time"
)

// Account is one named admin.
type Account struct {
	Name     string    `json:"name"` // lower case: a-z, 0-9 and . _ @ -
	Role     Role      `json:"role"`
	Password string    `json:"password,omitempty"` // argon2id hash (passwords.go); "" until one is set
	Created  time.Time `json:"created"`
}

// Credential kinds.
const (
	KindToken   = "token"   // an API token: named, made by an admin, until revoked
	KindSession = "session" // a sign-in: made by POST /v1/login, until it expires or signs out
)

// Credential is an API token or a session. The secret is never kept: a
// bearer presents "scrubs-KIND-ID-SECRET", found by ID and checked against
// Hash, the SHA-256 of SECRET, in constant time.
type Credential struct {
	ID      string    `json:"id"`
	Hash    string    `json:"hash"` // hex
	Kind    string    `json:"kind"`
	Account string    `json:"account"`
	Name    string    `json:"name,omitempty"` // a token's name; "" for a session
	Role    Role      `json:"role"`           // at most the account's role
	Created time.Time `json:"created"`
	Expires time.Time `json:"expires,omitzero"` // zero: until revoked
}

// ErrExists is returned when adding an account or credential whose name
// or id is taken.
var ErrExists = errors.New("already exists")

// AccountStore keeps accounts, credentials and failed sign-ins. It must be
// safe for concurrent use, and, on a platform where each request is its
// own instance (Workers), shared between them: lock-outs must hold across
// requests.
type AccountStore interface {
	// Accounts returns every account, by name.
	Accounts(ctx context.Context) ([]Account, error)
	// Account returns one account, or ErrNotFound.
	Account(ctx context.Context, name string) (*Account, error)
	// AddAccount stores a new account; ErrExists when the name is taken.
	AddAccount(ctx context.Context, a *Account) error
	// UpdateAccount replaces an account's role and password; ErrNotFound.
	UpdateAccount(ctx context.Context, a *Account) error
	// DeleteAccount removes an account and every credential of it;
	// ErrNotFound.
	DeleteAccount(ctx context.Context, name string) error

	// Credentials returns every credential of a kind, oldest first.
	Credentials(ctx context.Context, kind string) ([]Credential, error)
	// Credential returns one, or ErrNotFound.
	Credential(ctx context.Context, id string) (*Credential, error)
	// AddCredential stores a new one; ErrExists when the id is taken.
	// The store may drop expired ones then.
	AddCredential(ctx context.Context, c *Credential) error
	// DeleteCredential removes one; ErrNotFound.
	DeleteCredential(ctx context.Context, id string) error
	// DeleteCredentials removes every credential of an account of a kind.
	DeleteCredentials(ctx context.Context, account, kind string) error

	// AddFailure counts a failed sign-in under key in key's window, which
	// opens at a failure after the last window closed and lasts window;
	// it returns the window's start and its count, this one included.
	AddFailure(ctx context.Context, key string, now time.Time, window time.Duration) (time.Time, int, error)
	// Failures returns key's open window (a zero time and 0 when none).
	Failures(ctx context.Context, key string, now time.Time, window time.Duration) (time.Time, int, error)
	// ClearFailures closes key's window.
	ClearFailures(ctx context.Context, key string) error
}

// Accounts is what MemAccounts saves: everything but the failures.
type Accounts struct {
	Accounts    []Account    `json:"accounts"`
	Credentials []Credential `json:"credentials"`
}

// MemAccounts is an AccountStore in memory; MemStore's, and diskstore's
// with Save set.
type MemAccounts struct {
	// Save, when set, is given the whole state after every change, under
	// the lock; a change it fails is not made.
	Save func(Accounts) error

	mu       sync.Mutex
	accounts map[string]Account
	creds    map[string]Credential
	failures map[string]failures
}

type failures struct {
	start time.Time
	n     int
}

// Load replaces the state (diskstore's, from its file).
func (m *MemAccounts) Load(a Accounts) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.accounts, m.creds = map[string]Account{}, map[string]Credential{}
	for _, x := range a.Accounts {
		m.accounts[x.Name] = x
	}
	for _, c := range a.Credentials {
		m.creds[c.ID] = c
	}
}

// change applies f to a copy of the state, saves it, and keeps it.
func (m *MemAccounts) change(f func(accounts map[string]Account, creds map[string]Credential) error) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	accounts, creds := maps.Clone(m.accounts), maps.Clone(m.creds)
	if accounts == nil {
		accounts, creds = map[string]Account{}, map[string]Credential{}
	}
	if err := f(accounts, creds); err != nil {
		return err
	}
	if m.Save != nil {
		if err := m.Save(Accounts{Accounts: sortedAccounts(accounts), Credentials: sortedCredentials(creds, "")}); err != nil {
			return err
		}
	}
	m.accounts, m.creds = accounts, creds
	return nil
}

func sortedAccounts(m map[string]Account) []Account {
	out := slices.Collect(maps.Values(m))
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func sortedCredentials(m map[string]Credential, kind string) []Credential {
	out := []Credential{}
	for _, c := range m {
		if kind == "" || c.Kind == kind {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Created.Equal(out[j].Created) {
			return out[i].Created.Before(out[j].Created)
		}
		return out[i].ID < out[j].ID
	})
	return out
}

func (m *MemAccounts) Accounts(ctx context.Context) ([]Account, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return sortedAccounts(m.accounts), nil
}

func (m *MemAccounts) Account(ctx context.Context, name string) (*Account, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.accounts[name]
	if !ok {
		return nil, ErrNotFound
	}
	return &a, nil
}

func (m *MemAccounts) AddAccount(ctx context.Context, a *Account) error {
	return m.change(func(accounts map[string]Account, _ map[string]Credential) error {
		if _, ok := accounts[a.Name]; ok {
			return ErrExists
		}
		accounts[a.Name] = *a
		return nil
	})
}

func (m *MemAccounts) UpdateAccount(ctx context.Context, a *Account) error {
	return m.change(func(accounts map[string]Account, _ map[string]Credential) error {
		old, ok := accounts[a.Name]
		if !ok {
			return ErrNotFound
		}
		old.Role, old.Password = a.Role, a.Password
		accounts[a.Name] = old
		return nil
	})
}

func (m *MemAccounts) DeleteAccount(ctx context.Context, name string) error {
	return m.change(func(accounts map[string]Account, creds map[string]Credential) error {
		if _, ok := accounts[name]; !ok {
			return ErrNotFound
		}
		delete(accounts, name)
		maps.DeleteFunc(creds, func(_ string, c Credential) bool { return c.Account == name })
		return nil
	})
}

func (m *MemAccounts) Credentials(ctx context.Context, kind string) ([]Credential, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return sortedCredentials(m.creds, kind), nil
}

func (m *MemAccounts) Credential(ctx context.Context, id string) (*Credential, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.creds[id]
	if !ok {
		return nil, ErrNotFound
	}
	return &c, nil
}

func (m *MemAccounts) AddCredential(ctx context.Context, c *Credential) error {
	return m.change(func(_ map[string]Account, creds map[string]Credential) error {
		if _, ok := creds[c.ID]; ok {
			return ErrExists
		}
		maps.DeleteFunc(creds, func(_ string, x Credential) bool { return !x.Expires.IsZero() && x.Expires.Before(c.Created) })
		creds[c.ID] = *c
		return nil
	})
}

func (m *MemAccounts) DeleteCredential(ctx context.Context, id string) error {
	return m.change(func(_ map[string]Account, creds map[string]Credential) error {
		if _, ok := creds[id]; !ok {
			return ErrNotFound
		}
		delete(creds, id)
		return nil
	})
}

func (m *MemAccounts) DeleteCredentials(ctx context.Context, account, kind string) error {
	return m.change(func(_ map[string]Account, creds map[string]Credential) error {
		maps.DeleteFunc(creds, func(_ string, c Credential) bool { return c.Account == account && c.Kind == kind })
		return nil
	})
}

func (m *MemAccounts) AddFailure(ctx context.Context, key string, now time.Time, window time.Duration) (time.Time, int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failures == nil {
		m.failures = map[string]failures{}
	}
	f := m.failures[key]
	if now.Sub(f.start) >= window {
		// a new window; closed ones go (the map stays as small as the attack)
		maps.DeleteFunc(m.failures, func(_ string, f failures) bool { return now.Sub(f.start) >= window })
		f = failures{start: now}
	}
	f.n++
	m.failures[key] = f
	return f.start, f.n, nil
}

func (m *MemAccounts) Failures(ctx context.Context, key string, now time.Time, window time.Duration) (time.Time, int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f := m.failures[key]
	if now.Sub(f.start) >= window {
		return time.Time{}, 0, nil
	}
	return f.start, f.n, nil
}

func (m *MemAccounts) ClearFailures(ctx context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.failures, key)
	return nil
}
