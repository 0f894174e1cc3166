package packserver

// Who may use the admin routes. Every admin request carries a bearer
// credential in its Authorization header and nothing else authenticates
// it: the server sets no cookie and reads none, so a page elsewhere cannot
// make the admin's browser act (no CSRF to defend), and the /admin page
// keeps its session token in the tab's sessionStorage.
//
// A bearer is one of:
//   - SCRUBS_ADMIN_TOKEN (Config.AdminToken): the first admin's API token;
//   - an API token, "scrubs-token-ID-SECRET", made by an editor, named,
//     shown once, kept as a SHA-256 hash, until revoked;
//   - a session, "scrubs-session-ID-SECRET", from POST /v1/login with an
//     account's name and password, for SessionTTL or until POST /v1/logout.
//
// Sign-ins are locked out per account (accountAttempts wrong passwords in
// lockWindow) and per client (clientAttempts); the lock-out counts are in
// the store, so they hold on Workers, where each request is a fresh
// instance. Wrong bearer tokens are throttled per client as before
// (logins.go).

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

const (
	// SessionTTL is how long a sign-in lasts.
	SessionTTL = 12 * time.Hour
	// lockWindow is the lock-out window: accountAttempts wrong passwords
	// for one account, or clientAttempts from one client, in it lock that
	// account or client out until it closes.
	lockWindow      = 15 * time.Minute
	accountAttempts = 5
	clientAttempts  = 20
	// maxAuthBody bounds the JSON bodies of the account routes.
	maxAuthBody = 4 << 10
)

// bearerPrefix starts every credential the server makes.
const bearerPrefix = "scrubs-"

// authenticate finds r's caller, or says why there is none (a message for
// a 401); err is a store failure.
func (s *Server) authenticate(r *http.Request) (c Caller, ok bool, err error) {
	tok, found := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	tok = strings.TrimSpace(tok)
	if !found || tok == "" {
		return Caller{}, false, nil
	}
	got := sha256.Sum256([]byte(tok))
	if subtle.ConstantTimeCompare(got[:], s.tokenHash[:]) == 1 {
		return Caller{Account: FirstAdminName, Role: RoleEditor, Token: "SCRUBS_ADMIN_TOKEN"}, true, nil
	}
	kind, id, secret, okForm := parseBearer(tok)
	if !okForm {
		return Caller{}, false, nil
	}
	cred, err := s.accounts.Credential(r.Context(), id)
	if errors.Is(err, ErrNotFound) {
		return Caller{}, false, nil
	}
	if err != nil {
		return Caller{}, false, err
	}
	sum := sha256.Sum256([]byte(secret))
	want, _ := hex.DecodeString(cred.Hash)
	if subtle.ConstantTimeCompare(sum[:], want) != 1 || cred.Kind != kind {
		return Caller{}, false, nil
	}
	if !cred.Expires.IsZero() && !s.cfg.Now().Before(cred.Expires) {
		s.accounts.DeleteCredential(r.Context(), cred.ID)
		return Caller{}, false, nil
	}
	acct, err := s.accounts.Account(r.Context(), cred.Account)
	if errors.Is(err, ErrNotFound) {
		return Caller{}, false, nil // removed since
	}
	if err != nil {
		return Caller{}, false, err
	}
	c = Caller{Account: acct.Name, Role: cred.Role, cred: cred}
	if acct.Role != RoleEditor {
		c.Role = acct.Role // a token never has more than its account now has
	}
	if kind == KindToken {
		c.Token = cred.Name
	}
	return c, true, nil
}

// parseBearer splits "scrubs-KIND-ID-SECRET".
func parseBearer(tok string) (kind, id, secret string, ok bool) {
	parts := strings.SplitN(tok, "-", 4)
	if len(parts) != 4 || parts[0]+"-" != bearerPrefix || (parts[1] != KindToken && parts[1] != KindSession) ||
		len(parts[2]) != 16 || parts[3] == "" {
		return "", "", "", false
	}
	if _, err := hex.DecodeString(parts[2]); err != nil {
		return "", "", "", false
	}
	return parts[1], parts[2], parts[3], true
}

// newCredential makes a credential of kind for account and its bearer
// string, the only copy of the secret.
func (s *Server) newCredential(kind, account, name string, role Role, ttl time.Duration) (*Credential, string) {
	id, secret := make([]byte, 8), make([]byte, 24)
	rand.Read(id)
	rand.Read(secret)
	sec := hex.EncodeToString(secret)
	sum := sha256.Sum256([]byte(sec))
	now := s.cfg.Now().UTC().Truncate(time.Second)
	c := &Credential{ID: hex.EncodeToString(id), Hash: hex.EncodeToString(sum[:]), Kind: kind, Account: account,
		Name: name, Role: role, Created: now}
	if ttl > 0 {
		c.Expires = now.Add(ttl)
	}
	return c, bearerPrefix + kind + "-" + c.ID + "-" + sec
}

// viewer and editor wrap handlers that need that role.
func (s *Server) viewer(next http.HandlerFunc) http.HandlerFunc { return s.needs(RoleViewer, next) }
func (s *Server) editor(next http.HandlerFunc) http.HandlerFunc { return s.needs(RoleEditor, next) }

func (s *Server) needs(role Role, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		c, ok := s.checkAdmin(w, r)
		if !ok {
			return
		}
		if c.cred == nil && !s.firstAdmin.Load() {
			// SCRUBS_ADMIN_TOKEN is the first admin's: make the account
			// before the first change (see callerAccount)
			if _, err := s.callerAccount(r.Context(), c); err != nil && !errors.Is(err, ErrNotFound) {
				s.internal(w, err)
				return
			}
			s.firstAdmin.Store(true)
		}
		if !c.Role.may(role) {
			s.error(w, http.StatusForbidden, "", fmt.Sprintf("this needs the %s role; %s is a %s", role, c, c.Role))
			return
		}
		next(w, r.WithContext(WithCaller(r.Context(), c)))
	}
}

// clientLock and accountLock are the lock-out keys.
func clientLock(client string) string { return "client " + client }
func accountLock(name string) string  { return "account " + name }

// locked says how long key is locked out for, if it is.
func (s *Server) locked(ctx context.Context, key string, limit int, now time.Time) (time.Duration, bool, error) {
	start, n, err := s.accounts.Failures(ctx, key, now, lockWindow)
	if err != nil || n < limit {
		return 0, false, err
	}
	return start.Add(lockWindow).Sub(now), true, nil
}

func (s *Server) tooManySignIns(w http.ResponseWriter, wait time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(int(wait/time.Second)+1))
	s.error(w, http.StatusTooManyRequests, "", fmt.Sprintf("too many failed sign-ins; try again in %d minutes", int(wait/time.Minute)+1))
}

// handleLogin: POST /v1/login {"name", "password"} answers a session
// token. A wrong name and a wrong password are one answer, after the same
// work.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	var req LoginRequest
	if !s.readJSON(w, r, &req) {
		return
	}
	ctx, now := r.Context(), s.cfg.Now()
	client := ClientKey(s.cfg.ClientIP(r))
	name := strings.ToLower(strings.TrimSpace(req.Name))
	if len(name) > maxName || len(req.Password) > MaxPassword {
		s.error(w, http.StatusUnauthorized, "", "wrong name or password")
		return
	}
	for _, l := range []struct {
		key   string
		limit int
	}{{clientLock(client), clientAttempts}, {accountLock(name), accountAttempts}} {
		wait, locked, err := s.locked(ctx, l.key, l.limit, now)
		if err != nil {
			s.internal(w, err)
			return
		}
		if locked {
			s.tooManySignIns(w, wait)
			return
		}
	}
	acct, err := s.accounts.Account(ctx, name)
	if err != nil && !errors.Is(err, ErrNotFound) {
		s.internal(w, err)
		return
	}
	hash := ""
	if acct != nil {
		hash = acct.Password
	}
	if !CheckPassword(hash, req.Password) {
		s.failedSignIn(w, r, client, name, now)
		return
	}
	if err := s.accounts.ClearFailures(ctx, accountLock(name)); err != nil {
		s.internal(w, err)
		return
	}
	cred, bearer := s.newCredential(KindSession, acct.Name, "", acct.Role, SessionTTL)
	if err := s.accounts.AddCredential(ctx, cred); err != nil {
		s.internal(w, err)
		return
	}
	s.AuditAs(ctx, acct.Name, AuditSignIn, "account "+acct.Name, "from "+client)
	s.json(w, http.StatusOK, &LoginResponse{Token: bearer, Expires: cred.Expires.Format(time.RFC3339), Name: acct.Name, Role: acct.Role})
}

// failedSignIn counts a wrong name or password for the client and the
// account; the failure that locks an account out is in the audit log.
func (s *Server) failedSignIn(w http.ResponseWriter, r *http.Request, client, name string, now time.Time) {
	ctx := r.Context()
	_, nc, err := s.accounts.AddFailure(ctx, clientLock(client), now, lockWindow)
	if err != nil {
		s.internal(w, err)
		return
	}
	_, na, err := s.accounts.AddFailure(ctx, accountLock(name), now, lockWindow)
	if err != nil {
		s.internal(w, err)
		return
	}
	s.cfg.Logf("admin: a failed sign-in as %q from %s", name, client)
	if na == accountAttempts {
		if _, err := s.accounts.Account(ctx, name); err == nil {
			s.AuditAs(ctx, ServerCommandName, AuditLockout, "account "+name,
				fmt.Sprintf("%d wrong passwords in %d minutes, the last from %s: sign-in locked for %d minutes", na, int(lockWindow/time.Minute), client, int(lockWindow/time.Minute)))
		}
	}
	if nc == clientAttempts {
		s.cfg.Logf("admin: %s is locked out after %d failed sign-ins", client, nc)
	}
	s.error(w, http.StatusUnauthorized, "", "wrong name or password")
}

// handleLogout ends the request's session (an API token stays: revoke it
// with DELETE /v1/tokens/{id}).
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	c, _ := CallerOf(r.Context())
	if c.cred != nil && c.cred.Kind == KindSession {
		if err := s.accounts.DeleteCredential(r.Context(), c.cred.ID); err != nil && !errors.Is(err, ErrNotFound) {
			s.internal(w, err)
			return
		}
		s.Audit(r, AuditSignOut, "account "+c.Account, "")
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) handleMe(w http.ResponseWriter, r *http.Request) {
	c, _ := CallerOf(r.Context())
	resp := MeResponse{Name: c.Account, Role: c.Role, Via: KindToken, Token: c.Token}
	if c.cred != nil && c.cred.Kind == KindSession {
		resp.Via, resp.Expires = KindSession, c.cred.Expires.Format(time.RFC3339)
	}
	acct, err := s.callerAccount(r.Context(), c)
	if err != nil && !errors.Is(err, ErrNotFound) {
		s.internal(w, err)
		return
	}
	resp.PasswordSet = acct != nil && acct.Password != ""
	s.json(w, http.StatusOK, &resp)
}

// callerAccount is c's account. The first admin's is made when the store
// has no account at all: a server whose admins so far used only
// SCRUBS_ADMIN_TOKEN (and every new Workers database) gets it then.
func (s *Server) callerAccount(ctx context.Context, c Caller) (*Account, error) {
	acct, err := s.accounts.Account(ctx, c.Account)
	if !errors.Is(err, ErrNotFound) || c.cred != nil || c.Account != FirstAdminName {
		return acct, err
	}
	if _, err := s.FirstAdmin(ctx, ""); err != nil {
		return nil, err
	}
	return s.accounts.Account(ctx, c.Account)
}

// FirstAdmin makes the first admin account (FirstAdminName, an editor)
// when there is no account at all; password may be "" (then the admin
// signs in with SCRUBS_ADMIN_TOKEN and sets one). It says whether it made
// the account.
func (s *Server) FirstAdmin(ctx context.Context, password string) (bool, error) {
	list, err := s.accounts.Accounts(ctx)
	if err != nil || len(list) > 0 {
		return false, err
	}
	a := &Account{Name: FirstAdminName, Role: RoleEditor, Created: s.cfg.Now().UTC().Truncate(time.Second)}
	if password != "" {
		if a.Password, err = HashPassword(password); err != nil {
			return false, err
		}
	}
	if err := s.accounts.AddAccount(ctx, a); errors.Is(err, ErrExists) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	s.AuditAs(ctx, ServerCommandName, AuditAccountAdd, "account "+a.Name, "the first admin, an editor")
	return true, nil
}

// handlePassword: POST /v1/me/password {"current", "new"} changes the
// caller's own password; the current one is needed when there is one.
// The account's other sessions end.
func (s *Server) handlePassword(w http.ResponseWriter, r *http.Request) {
	var req PasswordRequest
	if !s.readJSON(w, r, &req) {
		return
	}
	c, _ := CallerOf(r.Context())
	acct, err := s.callerAccount(r.Context(), c)
	if errors.Is(err, ErrNotFound) {
		s.error(w, http.StatusNotFound, "", "the account "+c.Account+" was removed")
		return
	}
	if err != nil {
		s.internal(w, err)
		return
	}
	if acct.Password != "" && !CheckPassword(acct.Password, req.Current) {
		s.error(w, http.StatusForbidden, "current", "is not the current password")
		return
	}
	if msg := checkNewPassword(req.New); msg != "" {
		s.error(w, http.StatusUnprocessableEntity, "new", msg)
		return
	}
	if acct.Password, err = HashPassword(req.New); err == nil {
		err = s.accounts.UpdateAccount(r.Context(), acct)
	}
	if err == nil {
		err = s.endSessions(r.Context(), acct.Name, c)
	}
	if err != nil {
		s.internal(w, err)
		return
	}
	s.Audit(r, AuditPassword, "account "+acct.Name, "changed their own password; their other sessions ended")
	w.WriteHeader(http.StatusNoContent)
}

// endSessions ends account's sessions but the caller's own.
func (s *Server) endSessions(ctx context.Context, account string, c Caller) error {
	list, err := s.accounts.Credentials(ctx, KindSession)
	if err != nil {
		return err
	}
	for _, cr := range list {
		if cr.Account == account && (c.cred == nil || cr.ID != c.cred.ID) {
			if err := s.accounts.DeleteCredential(ctx, cr.ID); err != nil && !errors.Is(err, ErrNotFound) {
				return err
			}
		}
	}
	return nil
}

// unmarshaler is what the request bodies implement (easyjson).
type unmarshaler interface{ UnmarshalJSON([]byte) error }

// readJSON reads a small JSON body into v, answering 400 when it cannot.
func (s *Server) readJSON(w http.ResponseWriter, r *http.Request, v unmarshaler) bool {
	body, ok := s.body(w, r, maxAuthBody)
	if !ok {
		return false
	}
	if err := v.UnmarshalJSON(body); err != nil {
		s.error(w, http.StatusBadRequest, "", "the body is not the JSON object this takes")
		return false
	}
	return true
}
