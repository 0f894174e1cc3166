package packserver

// The audit log: who did what to the server, when, and what changed. Every
// admin action that changes something writes one entry (publish, restore,
// accounts, tokens, keys; the approval queue's decisions too), through
// Server.Audit. Entries are never changed or removed, and never hold a
// secret or a draft's text.

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// AuditEntry is one admin action.
type AuditEntry struct {
	Seq    uint64    // given by the log: 1, 2, 3, … in the order kept
	Time   time.Time // UTC, to the second
	Actor  string    // who: Caller.String(), or "server command" for the native binary's own commands
	Action string    // what, one of the Audit* names below (others may add their own: "queue.approve")
	Target string    // what it was done to: "version 7", "account dana", "token ci-publish"
	Detail string    // what changed, in plain words
}

// Actions the server records. Names are "object.verb"; the approval queue
// (and anything else that writes entries) adds its own the same way.
const (
	AuditPublish      = "pack.publish"
	AuditRestore      = "pack.restore"
	AuditKeyRotate    = "key.rotate"
	AuditAccountAdd   = "account.create"
	AuditAccountEdit  = "account.change"
	AuditAccountDel   = "account.delete"
	AuditPassword     = "account.password"
	AuditTokenAdd     = "token.create"
	AuditTokenDel     = "token.delete"
	AuditSignIn       = "session.sign_in"
	AuditSignOut      = "session.sign_out"
	AuditLockout      = "session.lockout"
	ServerCommandName = "server command"
)

// FirstAdminName is the first admin account's name, whose API token
// SCRUBS_ADMIN_TOKEN is.
const FirstAdminName = "admin"

// AuditLog keeps the entries. It is append-only: nothing changes or
// removes an entry once kept. Implementations must be safe for concurrent
// use; the Store of each build implements it (MemStore, diskstore,
// d1store).
type AuditLog interface {
	// AppendAudit keeps e, giving it the next Seq; e.Seq is ignored.
	AppendAudit(ctx context.Context, e AuditEntry) error
	// AuditEntries returns the entries kept at or after since (all when
	// zero), newest first.
	AuditEntries(ctx context.Context, since time.Time) ([]AuditEntry, error)
}

// Limits on what one entry keeps (bytes); longer text is cut, with "…".
const (
	maxAuditField  = 200
	maxAuditDetail = 4000
)

// Audit records an action by r's caller (see CallerOf; "unknown" when the
// request was not authenticated). A failure is logged and returned; the
// action it describes has already happened.
func (s *Server) Audit(r *http.Request, action, target, detail string) error {
	actor := "unknown"
	if c, ok := CallerOf(r.Context()); ok {
		actor = c.String()
	}
	return s.AuditAs(r.Context(), actor, action, target, detail)
}

// AuditAs records an action by actor.
func (s *Server) AuditAs(ctx context.Context, actor, action, target, detail string) error {
	err := s.audit.AppendAudit(ctx, AuditEntry{
		Time:   s.cfg.Now().UTC().Truncate(time.Second),
		Actor:  clip(actor, maxAuditField),
		Action: clip(action, maxAuditField),
		Target: clip(target, maxAuditField),
		Detail: clip(detail, maxAuditDetail),
	})
	if err != nil {
		s.cfg.Logf("error: audit log: %s %s by %s not recorded: %v", action, target, actor, err)
	}
	return err
}

// clip cuts s to at most n bytes on a rune boundary, one line.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(strings.ToValidUTF8(s, "\uFFFD")), " ")
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// Caller is who an admin request comes from, as the admin middleware
// found it; handlers read it with CallerOf.
type Caller struct {
	Account string // the account's name
	Role    Role
	Token   string // the API token's name when the request used one; "" for a signed-in session

	cred *Credential // the token or session the request used; nil for SCRUBS_ADMIN_TOKEN
}

// String names the caller for the audit log: "dana", or "dana (API token
// ci-publish)".
func (c Caller) String() string {
	if c.Token != "" {
		return c.Account + " (API token " + c.Token + ")"
	}
	return c.Account
}

type callerKey struct{}

// CallerOf returns the caller the admin middleware put in ctx.
func CallerOf(ctx context.Context) (Caller, bool) {
	c, ok := ctx.Value(callerKey{}).(Caller)
	return c, ok
}

// WithCaller returns ctx carrying c (the middleware's; tests use it too).
func WithCaller(ctx context.Context, c Caller) context.Context {
	return context.WithValue(ctx, callerKey{}, c)
}

// Role is what an account may do.
type Role string

const (
	// RoleEditor edits and publishes rules, restores versions, and manages
	// accounts, tokens and keys; it sees everything a viewer sees.
	RoleEditor Role = "editor"
	// RoleViewer reads the reports, the history and the audit log.
	RoleViewer Role = "viewer"
)

// Valid says r is a known role.
func (r Role) Valid() bool { return r == RoleEditor || r == RoleViewer }

// may says a caller with role r may do what needs role need.
func (r Role) may(need Role) bool { return r == RoleEditor || r == need }

// memAudit is an AuditLog in memory (MemStore's).
type memAudit struct {
	mu      sync.RWMutex
	entries []AuditEntry
}

func (m *memAudit) AppendAudit(ctx context.Context, e AuditEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	e.Seq = uint64(len(m.entries)) + 1
	m.entries = append(m.entries, e)
	return nil
}

func (m *memAudit) AuditEntries(ctx context.Context, since time.Time) ([]AuditEntry, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return NewestFirst(m.entries, since), nil
}

// NewestFirst returns the entries of log (oldest first, as kept) at or
// after since, newest first.
func NewestFirst(log []AuditEntry, since time.Time) []AuditEntry {
	out := []AuditEntry{}
	for i := len(log) - 1; i >= 0; i-- {
		if log[i].Time.Before(since) {
			continue // a clock set back may have put older times after newer ones
		}
		out = append(out, log[i])
	}
	return out
}
