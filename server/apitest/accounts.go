package apitest

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/scrubs/scrubs/server/packserver"
)

// name is an account or token name of this run's own.
func name(prefix string) string { return fmt.Sprintf("%s-%08x", prefix, runID) }

// as sends a request with bearer as the credential.
func (c *checker) as(t *testing.T, bearer, method, path string, body []byte, headers ...string) *response {
	t.Helper()
	return c.do(t, method, path, bytes.NewReader(body), append([]string{"Authorization", "Bearer " + bearer}, headers...)...)
}

// loginAs signs in as a new client (lock-outs count per client).
func (c *checker) loginAs(t *testing.T, name, password string, headers ...string) *response {
	t.Helper()
	body, _ := (&packserver.LoginRequest{Name: name, Password: password}).MarshalJSON()
	h := append([]string{"Content-Type", "application/json"}, c.clientHeader()...)
	return c.do(t, "POST", "/v1/login", bytes.NewReader(body), append(h, headers...)...)
}

// session signs in and returns the session token.
func (c *checker) session(t *testing.T, name, password string) string {
	t.Helper()
	w := c.loginAs(t, name, password)
	var lr packserver.LoginResponse
	if w.Code != 200 || lr.UnmarshalJSON(w.Body) != nil || !strings.HasPrefix(lr.Token, "scrubs-session-") || lr.Name != name {
		t.Fatalf("sign in as %s: %s", name, w)
	}
	if exp, err := time.Parse(time.RFC3339, lr.Expires); err != nil || exp.Before(time.Now()) || exp.After(time.Now().Add(25*time.Hour)) {
		t.Errorf("session expires %q", lr.Expires)
	}
	if w.Header.Get("Set-Cookie") != "" || w.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("sign-in headers: %v", w.Header)
	}
	return lr.Token
}

func (c *checker) me(t *testing.T, bearer string) (packserver.MeResponse, *response) {
	t.Helper()
	var me packserver.MeResponse
	w := c.as(t, bearer, "GET", "/v1/me", nil)
	if w.Code == 200 && me.UnmarshalJSON(w.Body) != nil {
		t.Fatalf("GET /v1/me: %s", w)
	}
	return me, w
}

func (c *checker) addAccount(t *testing.T, bearer string, req packserver.AccountRequest) packserver.AccountInfo {
	t.Helper()
	body, _ := req.MarshalJSON()
	w := c.as(t, bearer, "POST", "/v1/accounts", body)
	var info packserver.AccountInfo
	if w.Code != 201 || info.UnmarshalJSON(w.Body) != nil || info.Name != strings.ToLower(req.Name) || info.Role != req.Role || !info.PasswordSet {
		t.Fatalf("add account %s: %s", req.Name, w)
	}
	return info
}

// lastAudit is the newest audit entry.
func (c *checker) lastAudit(t *testing.T) packserver.AuditEntryOut {
	t.Helper()
	a := c.audit(t, "")
	if len(a.Entries) == 0 {
		t.Fatal("no audit entries")
	}
	return a.Entries[0]
}

func jsonBody(t *testing.T, v interface{ MarshalJSON() ([]byte, error) }) []byte {
	body, err := v.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// Named accounts: an editor publishes, a viewer reads the reports only,
// passwords are never shown again, and every change is in the audit log
// under the name of who made it.
func checkAccounts(t *testing.T, c *checker) {
	ed, vi := name("editor"), name("viewer")
	const edPass = "correct horse battery staple"
	c.addAccount(t, c.Token, packserver.AccountRequest{Name: ed, Role: packserver.RoleEditor, Password: edPass})
	if e := c.lastAudit(t); e.Action != packserver.AuditAccountAdd || e.Target != "account "+ed || !strings.HasPrefix(e.Actor, packserver.FirstAdminName) {
		t.Errorf("audit entry %+v", e)
	}
	made := c.addAccount(t, c.Token, packserver.AccountRequest{Name: strings.ToUpper(vi), Role: packserver.RoleViewer, NewPassword: true})
	if len(made.Password) < packserver.MinPassword {
		t.Fatalf("made password %q", made.Password)
	}
	// Bad requests change nothing.
	for _, req := range []packserver.AccountRequest{{Name: ed, Role: packserver.RoleViewer, Password: edPass}, {Name: "a b", Role: packserver.RoleViewer},
		{Name: name("x"), Role: "owner"}, {Name: name("x"), Role: packserver.RoleViewer, Password: "short"}} {
		if w := c.admin(t, "POST", "/v1/accounts", jsonBody(t, &req)); w.Code != 409 && w.Code != 422 {
			t.Errorf("add %+v: %s", req, w)
		}
	}
	w := c.admin(t, "GET", "/v1/accounts", nil)
	var list packserver.AccountsResponse
	if w.Code != 200 || list.UnmarshalJSON(w.Body) != nil || bytes.Contains(w.Body, []byte("argon2")) || bytes.Contains(w.Body, []byte(made.Password)) {
		t.Fatalf("GET /v1/accounts: %s", w)
	}
	roles := map[string]packserver.Role{}
	for _, a := range list.Accounts {
		roles[a.Name] = a.Role
	}
	if roles[ed] != packserver.RoleEditor || roles[vi] != packserver.RoleViewer || roles[packserver.FirstAdminName] != packserver.RoleEditor {
		t.Fatalf("accounts %+v", list.Accounts)
	}

	edS, viS := c.session(t, ed, edPass), c.session(t, vi, made.Password)
	if me, w := c.me(t, edS); w.Code != 200 || me.Name != ed || me.Role != packserver.RoleEditor || me.Via != "session" || !me.PasswordSet {
		t.Fatalf("me as the editor: %s", w)
	}
	if me, w := c.me(t, viS); w.Code != 200 || me.Name != vi || me.Role != packserver.RoleViewer {
		t.Fatalf("me as the viewer: %s", w)
	}
	// A wrong password and an unknown name are one answer.
	for _, creds := range [][2]string{{ed, "not the password"}, {name("nobody"), edPass}} {
		if w := c.loginAs(t, creds[0], creds[1]); w.Code != 401 || !bytes.Contains(w.Body, []byte("wrong name or password")) {
			t.Errorf("sign in as %s with a wrong password: %s", creds[0], w)
		}
	}

	// The viewer reads, and changes nothing.
	before := c.latest(t)
	for _, path := range []string{"/v1/packs", "/v1/stats", "/v1/stats.csv", "/v1/audit"} {
		if w := c.as(t, viS, "GET", path, nil); w.Code != 200 {
			t.Errorf("viewer GET %s: %s", path, w)
		}
	}
	for _, rt := range adminRoutes {
		if rt[1] == "/v1/logout" || rt[1] == "/v1/me/password" || (rt[0] == "GET" && rt[1] != "/v1/enrolment" && rt[1] != "/v1/accounts" && rt[1] != "/v1/tokens") {
			continue
		}
		if w := c.as(t, viS, rt[0], rt[1], OrgPack("viewer")); w.Code != 403 {
			t.Errorf("viewer %s %s: %s", rt[0], rt[1], w)
		}
	}
	if after := c.latest(t); after != before {
		t.Fatalf("a viewer changed the pack: %d → %d", before, after)
	}

	// The editor publishes; the audit log names them.
	w = c.as(t, edS, "PUT", "/v1/pack", OrgPack("by-the-editor"), "Scrubs-Comment", "editor's change")
	var pr packserver.PushResponse
	if w.Code != 201 || pr.UnmarshalJSON(w.Body) != nil {
		t.Fatalf("editor's push: %s", w)
	}
	if e := c.lastAudit(t); e.Actor != ed || e.Action != packserver.AuditPublish || e.Target != fmt.Sprintf("version %d", pr.Version) {
		t.Errorf("audit entry for the editor's push: %+v", e)
	}

	// A new password for the viewer ends their session.
	w = c.as(t, edS, "PUT", "/v1/accounts/"+vi, jsonBody(t, &packserver.AccountRequest{NewPassword: true}))
	var reset packserver.AccountInfo
	if w.Code != 200 || reset.UnmarshalJSON(w.Body) != nil || reset.Password == "" || reset.Password == made.Password {
		t.Fatalf("new password: %s", w)
	}
	if _, w := c.me(t, viS); w.Code != 401 {
		t.Errorf("the viewer's session after a new password: %s", w)
	}
	if w := c.loginAs(t, vi, made.Password); w.Code != 401 {
		t.Errorf("the old password: %s", w)
	}
	viS = c.session(t, vi, reset.Password)

	// Their own password: the current one is needed; the session that
	// changed it goes on.
	const edPass2 = "a longer passphrase, changed"
	for _, req := range []packserver.PasswordRequest{{Current: "wrong", New: edPass2}, {Current: edPass, New: "short"}} {
		if w := c.as(t, edS, "POST", "/v1/me/password", jsonBody(t, &req)); w.Code != 403 && w.Code != 422 {
			t.Errorf("password %+v: %s", req, w)
		}
	}
	if w := c.as(t, edS, "POST", "/v1/me/password", jsonBody(t, &packserver.PasswordRequest{Current: edPass, New: edPass2})); w.Code != 204 {
		t.Fatalf("own password: %s", w)
	}
	if w := c.loginAs(t, ed, edPass); w.Code != 401 {
		t.Errorf("the old password: %s", w)
	}
	edS2 := c.session(t, ed, edPass2)
	if _, w := c.me(t, edS); w.Code != 200 {
		t.Errorf("the session that changed the password: %s", w)
	}

	// Signing out ends that session only.
	if w := c.as(t, edS, "POST", "/v1/logout", nil); w.Code != 204 {
		t.Fatalf("sign out: %s", w)
	}
	if _, w := c.me(t, edS); w.Code != 401 {
		t.Errorf("after signing out: %s", w)
	}
	if _, w := c.me(t, edS2); w.Code != 200 {
		t.Errorf("the other session after signing out: %s", w)
	}

	// Removing an account ends its sessions.
	if w := c.as(t, edS2, "DELETE", "/v1/accounts/"+vi, nil); w.Code != 204 {
		t.Fatalf("delete: %s", w)
	}
	if _, w := c.me(t, viS); w.Code != 401 {
		t.Errorf("a removed account's session: %s", w)
	}
	if w := c.as(t, edS2, "DELETE", "/v1/accounts/"+vi, nil); w.Code != 404 {
		t.Errorf("delete again: %s", w)
	}
	// Every change, in order, by whom.
	want := [][3]string{{packserver.AuditAccountDel, "account " + vi, ed}, {packserver.AuditSignOut, "account " + ed, ed},
		{packserver.AuditSignIn, "account " + ed, ed}, {packserver.AuditPassword, "account " + ed, ed}}
	entries := c.audit(t, "").Entries
	for i, wt := range want {
		if i >= len(entries) || entries[i].Action != wt[0] || entries[i].Target != wt[1] || entries[i].Actor != wt[2] {
			t.Errorf("audit entry %d: want %v, have %+v", i, wt, entries[min(i, len(entries)-1)])
		}
	}
	for _, e := range entries {
		if strings.Contains(e.Detail, edPass) || strings.Contains(e.Detail, reset.Password) || strings.Contains(e.Detail, made.Password) {
			t.Errorf("a password in the audit log: %+v", e)
		}
	}
}

// API tokens: named, shown once, work as bearer tokens with their role,
// and stop when revoked.
func checkAPITokens(t *testing.T, c *checker) {
	add := func(bearer, n string, role packserver.Role) packserver.TokenInfo {
		t.Helper()
		w := c.as(t, bearer, "POST", "/v1/tokens", jsonBody(t, &packserver.TokenRequest{Name: n, Role: role}))
		var info packserver.TokenInfo
		if w.Code != 201 || info.UnmarshalJSON(w.Body) != nil || !strings.HasPrefix(info.Token, "scrubs-token-"+info.ID+"-") || info.Name != n || info.Role != role {
			t.Fatalf("add token %s: %s", n, w)
		}
		return info
	}
	ci, ro := add(c.Token, name("ci"), packserver.RoleEditor), add(c.Token, name("reports"), packserver.RoleViewer)
	if w := c.admin(t, "POST", "/v1/tokens", jsonBody(t, &packserver.TokenRequest{Name: name("ci")})); w.Code != 409 {
		t.Errorf("a second token of that name: %s", w)
	}
	if e := c.lastAudit(t); e.Action != packserver.AuditTokenAdd || e.Target != "token "+ro.Name || strings.Contains(e.Detail, ro.Token) {
		t.Errorf("audit entry %+v", e)
	}
	w := c.admin(t, "GET", "/v1/tokens", nil)
	var list packserver.TokensResponse
	if w.Code != 200 || list.UnmarshalJSON(w.Body) != nil || bytes.Contains(w.Body, []byte(ci.Token)) || bytes.Contains(w.Body, []byte(ci.Token[len(ci.Token)-20:])) {
		t.Fatalf("GET /v1/tokens: %s", w)
	}
	found := 0
	for _, tk := range list.Tokens {
		if tk.ID == ci.ID || tk.ID == ro.ID {
			found++
			if tk.Token != "" || tk.Account != packserver.FirstAdminName {
				t.Errorf("listed %+v", tk)
			}
		}
	}
	if found != 2 {
		t.Fatalf("%d of the 2 tokens listed: %s", found, w)
	}

	w = c.as(t, ci.Token, "PUT", "/v1/pack", OrgPack("by-ci"))
	var pr packserver.PushResponse
	if w.Code != 201 || pr.UnmarshalJSON(w.Body) != nil {
		t.Fatalf("push with the API token: %s", w)
	}
	if e := c.lastAudit(t); e.Actor != packserver.FirstAdminName+" (API token "+ci.Name+")" || e.Action != packserver.AuditPublish {
		t.Errorf("audit entry for the token's push: %+v", e)
	}
	if me, w := c.me(t, ro.Token); w.Code != 200 || me.Via != "token" || me.Token != ro.Name || me.Role != packserver.RoleViewer {
		t.Errorf("me with the viewer token: %s", w)
	}
	if w := c.as(t, ro.Token, "GET", "/v1/stats", nil); w.Code != 200 {
		t.Errorf("stats with the viewer token: %s", w)
	}
	if w := c.as(t, ro.Token, "PUT", "/v1/pack", OrgPack("by-reports")); w.Code != 403 {
		t.Errorf("push with the viewer token: %s", w)
	}
	for _, tk := range []packserver.TokenInfo{ci, ro} {
		if w := c.admin(t, "DELETE", "/v1/tokens/"+tk.ID, nil); w.Code != 204 {
			t.Fatalf("revoke %s: %s", tk.Name, w)
		}
		if w := c.as(t, tk.Token, "GET", "/v1/packs", nil); w.Code != 401 {
			t.Errorf("a revoked token: %s", w)
		}
	}
	if e := c.lastAudit(t); e.Action != packserver.AuditTokenDel || e.Target != "token "+ro.Name {
		t.Errorf("audit entry %+v", e)
	}
	if w := c.admin(t, "DELETE", "/v1/tokens/"+ci.ID, nil); w.Code != 404 {
		t.Errorf("revoke again: %s", w)
	}
}

// Wrong passwords lock the account out (the right one is refused too,
// from anywhere, with a Retry-After), and many from one client lock that
// client out, for any account; others are not held back.
func checkSignInLockout(t *testing.T, c *checker) {
	const pass = "the right password, at last"
	locked, other := name("locked"), name("other")
	for _, n := range []string{locked, other} {
		c.addAccount(t, c.Token, packserver.AccountRequest{Name: n, Role: packserver.RoleViewer, Password: pass})
	}
	for i := range 5 {
		if w := c.loginAs(t, locked, fmt.Sprint("guess ", i)); w.Code != 401 {
			t.Fatalf("guess %d: %s", i, w)
		}
	}
	w := c.loginAs(t, locked, pass)
	if wait, _ := strconv.Atoi(w.Header.Get("Retry-After")); w.Code != 429 || wait < 60 || wait > 15*60+1 {
		t.Fatalf("the right password on a locked account: %s, Retry-After %q", w, w.Header.Get("Retry-After"))
	}
	errorsOf(t, w)
	if e := c.lastAudit(t); e.Action != packserver.AuditLockout || e.Target != "account "+locked {
		t.Errorf("no lock-out in the audit log: %+v", e)
	}
	c.session(t, other, pass) // another account is not held back

	// One client guessing many names.
	if c.ClientHeader == "" {
		t.Skip("the target does not tell clients apart")
	}
	client := c.newClient()
	for i := range 20 {
		if w := c.loginAs(t, fmt.Sprintf("%s-%d", name("guess"), i), pass, c.ClientHeader, client); w.Code != 401 {
			t.Fatalf("guess %d: %s", i, w)
		}
	}
	if w := c.loginAs(t, other, pass, c.ClientHeader, client); w.Code != 429 || w.Header.Get("Retry-After") == "" {
		t.Fatalf("the right password from a locked-out client: %s", w)
	}
	c.session(t, other, pass) // from another client
}
