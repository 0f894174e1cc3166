package packserver

// The account and API token routes (editors only): every change is in the
// audit log, and a password or token the server makes is in its answer
// only, once.

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// maxName bounds account and token names (bytes).
const maxName = 64

// CheckName says what is wrong with an account or token name, or "".
func CheckName(name string) string {
	if name == "" {
		return "is empty"
	}
	if len(name) > maxName {
		return fmt.Sprintf("is longer than %d characters", maxName)
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune("._@-", r)) {
			return fmt.Sprintf("may have only a-z, 0-9 and . _ @ - (not %q)", r)
		}
	}
	return ""
}

func accountInfo(a Account) AccountInfo {
	return AccountInfo{Name: a.Name, Role: a.Role, Created: a.Created.UTC().Format(time.RFC3339), PasswordSet: a.Password != ""}
}

func (s *Server) handleAccounts(w http.ResponseWriter, r *http.Request) {
	list, err := s.accounts.Accounts(r.Context())
	if err != nil {
		s.internal(w, err)
		return
	}
	resp := AccountsResponse{Accounts: make([]AccountInfo, 0, len(list))}
	for _, a := range list {
		resp.Accounts = append(resp.Accounts, accountInfo(a))
	}
	s.json(w, http.StatusOK, &resp)
}

// password is the password a request sets: the one given, or one the
// server makes (made says so). ok is false when the answer is written.
func (s *Server) password(w http.ResponseWriter, req *AccountRequest) (hash, made string, ok bool) {
	pw := req.Password
	if pw == "" && !req.NewPassword {
		return "", "", true
	}
	if pw == "" {
		pw = NewPassword()
		made = pw
	} else if msg := checkNewPassword(pw); msg != "" {
		s.error(w, http.StatusUnprocessableEntity, "password", msg)
		return "", "", false
	}
	hash, err := HashPassword(pw)
	if err != nil {
		s.internal(w, err)
		return "", "", false
	}
	return hash, made, true
}

// handleAddAccount: POST /v1/accounts {"name", "role", "password" or
// "new_password": true}.
func (s *Server) handleAddAccount(w http.ResponseWriter, r *http.Request) {
	var req AccountRequest
	if !s.readJSON(w, r, &req) {
		return
	}
	req.Name = strings.ToLower(strings.TrimSpace(req.Name))
	if msg := CheckName(req.Name); msg != "" {
		s.error(w, http.StatusUnprocessableEntity, "name", msg)
		return
	}
	if !req.Role.Valid() {
		s.error(w, http.StatusUnprocessableEntity, "role", `must be "editor" or "viewer"`)
		return
	}
	if req.Password == "" {
		req.NewPassword = true // an account always starts with a password
	}
	hash, made, ok := s.password(w, &req)
	if !ok {
		return
	}
	a := &Account{Name: req.Name, Role: req.Role, Password: hash, Created: s.cfg.Now().UTC().Truncate(time.Second)}
	if err := s.accounts.AddAccount(r.Context(), a); errors.Is(err, ErrExists) {
		s.error(w, http.StatusConflict, "name", "an account "+req.Name+" exists already")
		return
	} else if err != nil {
		s.internal(w, err)
		return
	}
	s.Audit(r, AuditAccountAdd, "account "+a.Name, "a new "+string(a.Role))
	info := accountInfo(*a)
	info.Password = made
	w.Header().Set("Location", "/v1/accounts/"+a.Name)
	s.json(w, http.StatusCreated, &info)
}

// pathAccount is the account the path names; false when the answer (404,
// 500) is written.
func (s *Server) pathAccount(w http.ResponseWriter, r *http.Request) (*Account, bool) {
	a, err := s.accounts.Account(r.Context(), r.PathValue("name"))
	if errors.Is(err, ErrNotFound) {
		s.error(w, http.StatusNotFound, "", "no such account")
		return nil, false
	}
	if err != nil {
		s.internal(w, err)
		return nil, false
	}
	return a, true
}

// notLastEditor answers false, having written 409, when a is the only
// editor left: someone must always be able to manage the server.
func (s *Server) notLastEditor(w http.ResponseWriter, r *http.Request, a *Account, path string) bool {
	if a.Role != RoleEditor {
		return true
	}
	list, err := s.accounts.Accounts(r.Context())
	if err != nil {
		s.internal(w, err)
		return false
	}
	n := 0
	for _, x := range list {
		if x.Role == RoleEditor {
			n++
		}
	}
	if n <= 1 {
		s.error(w, http.StatusConflict, path, a.Name+" is the last editor; make another editor first")
		return false
	}
	return true
}

// handleEditAccount: PUT /v1/accounts/{name} {"role"} and/or
// {"password"} or {"new_password": true}. A new password ends the
// account's sessions; the last editor stays an editor.
func (s *Server) handleEditAccount(w http.ResponseWriter, r *http.Request) {
	var req AccountRequest
	if !s.readJSON(w, r, &req) {
		return
	}
	ctx := r.Context()
	a, ok := s.pathAccount(w, r)
	if !ok {
		return
	}
	var changes []string
	if req.Role != "" && req.Role != a.Role {
		if !req.Role.Valid() {
			s.error(w, http.StatusUnprocessableEntity, "role", `must be "editor" or "viewer"`)
			return
		}
		if !s.notLastEditor(w, r, a, "role") {
			return
		}
		changes = append(changes, fmt.Sprintf("role %s → %s", a.Role, req.Role))
		a.Role = req.Role
	}
	hash, made, ok := s.password(w, &req)
	if !ok {
		return
	}
	if hash != "" {
		a.Password = hash
		changes = append(changes, "a new password (their sessions ended)")
	}
	if len(changes) == 0 {
		s.error(w, http.StatusUnprocessableEntity, "", "nothing to change: give a role, a password or new_password")
		return
	}
	if err := s.accounts.UpdateAccount(ctx, a); err != nil {
		s.internal(w, err)
		return
	}
	if hash != "" {
		c, _ := CallerOf(ctx)
		if c.Account != a.Name {
			c = Caller{}
		}
		if err := s.endSessions(ctx, a.Name, c); err != nil {
			s.internal(w, err)
			return
		}
	}
	s.Audit(r, AuditAccountEdit, "account "+a.Name, strings.Join(changes, "; "))
	info := accountInfo(*a)
	info.Password = made
	s.json(w, http.StatusOK, &info)
}

// handleDeleteAccount: DELETE /v1/accounts/{name}, with its sessions and
// tokens; never the last editor.
func (s *Server) handleDeleteAccount(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a, ok := s.pathAccount(w, r)
	if !ok {
		return
	}
	if !s.notLastEditor(w, r, a, "") {
		return
	}
	if err := s.accounts.DeleteAccount(ctx, a.Name); err != nil && !errors.Is(err, ErrNotFound) {
		s.internal(w, err)
		return
	}
	s.Audit(r, AuditAccountDel, "account "+a.Name, "a "+string(a.Role)+"; their sessions and API tokens ended")
	w.WriteHeader(http.StatusNoContent)
}

func tokenInfo(c Credential) TokenInfo {
	return TokenInfo{ID: c.ID, Name: c.Name, Account: c.Account, Role: c.Role, Created: c.Created.UTC().Format(time.RFC3339)}
}

func (s *Server) handleTokens(w http.ResponseWriter, r *http.Request) {
	list, err := s.accounts.Credentials(r.Context(), KindToken)
	if err != nil {
		s.internal(w, err)
		return
	}
	resp := TokensResponse{Tokens: make([]TokenInfo, 0, len(list))}
	for _, c := range list {
		resp.Tokens = append(resp.Tokens, tokenInfo(c))
	}
	s.json(w, http.StatusOK, &resp)
}

// handleAddToken: POST /v1/tokens {"name", "role"} makes an API token for
// the caller's account; the answer holds it, the only time it is shown.
func (s *Server) handleAddToken(w http.ResponseWriter, r *http.Request) {
	var req TokenRequest
	if !s.readJSON(w, r, &req) {
		return
	}
	ctx := r.Context()
	c, _ := CallerOf(ctx)
	req.Name = strings.ToLower(strings.TrimSpace(req.Name))
	if msg := CheckName(req.Name); msg != "" {
		s.error(w, http.StatusUnprocessableEntity, "name", msg)
		return
	}
	if req.Role == "" {
		req.Role = c.Role
	}
	if !req.Role.Valid() || !c.Role.may(req.Role) {
		s.error(w, http.StatusUnprocessableEntity, "role", `must be "editor" or "viewer", and no more than your own`)
		return
	}
	acct, err := s.callerAccount(ctx, c)
	if errors.Is(err, ErrNotFound) {
		s.error(w, http.StatusConflict, "", "the account "+c.Account+" was removed; sign in as another editor")
		return
	}
	if err != nil {
		s.internal(w, err)
		return
	}
	list, err := s.accounts.Credentials(ctx, KindToken)
	if err != nil {
		s.internal(w, err)
		return
	}
	for _, t := range list {
		if t.Account == acct.Name && t.Name == req.Name {
			s.error(w, http.StatusConflict, "name", acct.Name+" has a token "+req.Name+" already")
			return
		}
	}
	cred, bearer := s.newCredential(KindToken, acct.Name, req.Name, req.Role, 0)
	if err := s.accounts.AddCredential(ctx, cred); err != nil {
		s.internal(w, err)
		return
	}
	s.Audit(r, AuditTokenAdd, "token "+cred.Name, fmt.Sprintf("for %s, role %s, id %s", acct.Name, cred.Role, cred.ID))
	info := tokenInfo(*cred)
	info.Token = bearer
	s.json(w, http.StatusCreated, &info)
}

func (s *Server) handleDeleteToken(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	cred, err := s.accounts.Credential(ctx, r.PathValue("id"))
	if err == nil && cred.Kind != KindToken {
		err = ErrNotFound
	}
	if errors.Is(err, ErrNotFound) {
		s.error(w, http.StatusNotFound, "", "no such token")
		return
	}
	if err == nil {
		err = s.accounts.DeleteCredential(ctx, cred.ID)
	}
	if err != nil && !errors.Is(err, ErrNotFound) {
		s.internal(w, err)
		return
	}
	s.Audit(r, AuditTokenDel, "token "+cred.Name, fmt.Sprintf("of %s, id %s", cred.Account, cred.ID))
	w.WriteHeader(http.StatusNoContent)
}
