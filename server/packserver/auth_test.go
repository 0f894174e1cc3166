package packserver

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("correct horse battery staple")
	if err != nil || !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("%q %v", h, err)
	}
	h2, _ := HashPassword("correct horse battery staple")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	if !CheckPassword(h, "correct horse battery staple") || CheckPassword(h, "correct horse battery stapl") || CheckPassword("", "") ||
		CheckPassword("$argon2id$v=19$m=999999999,t=2,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5", "x") {
		t.Fatal("CheckPassword")
	}
}

func (f *fixture) login(name, password string) (int, string) {
	f.t.Helper()
	body, _ := json.Marshal(map[string]string{"name": name, "password": password})
	w := f.do("POST", "/v1/login", body)
	var lr LoginResponse
	lr.UnmarshalJSON(w.Body.Bytes())
	return w.Code, lr.Token
}

// A session ends after SessionTTL; the last editor can be neither made a
// viewer nor removed; a viewer account's token is a viewer's whatever it
// was made with.
func TestSessionsAndEditors(t *testing.T) {
	f := newFixture(t)
	if w := f.admin("POST", "/v1/accounts", []byte(`{"name":"dana","role":"viewer","password":"a long enough password"}`)); w.Code != 201 {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	code, tok := f.login("dana", "a long enough password")
	if code != 200 {
		t.Fatal(code)
	}
	me := func(tok string) int { return f.do("GET", "/v1/me", nil, "Authorization", "Bearer "+tok).Code }
	f.clock.Add(SessionTTL - time.Second)
	if c := me(tok); c != 200 {
		t.Fatalf("before expiry: %d", c)
	}
	f.clock.Add(time.Second)
	if c := me(tok); c != 401 {
		t.Fatalf("after expiry: %d", c)
	}
	// admin is the only editor account.
	if w := f.admin("PUT", "/v1/accounts/admin", []byte(`{"role":"viewer"}`)); w.Code != 409 {
		t.Fatalf("demote the last editor: %d %s", w.Code, w.Body)
	}
	if w := f.admin("DELETE", "/v1/accounts/admin", nil); w.Code != 409 {
		t.Fatalf("remove the last editor: %d %s", w.Code, w.Body)
	}
	// dana, an editor for a while, makes an editor token; as a viewer
	// again, the token is a viewer's.
	f.admin("PUT", "/v1/accounts/dana", []byte(`{"role":"editor"}`))
	_, tok = f.login("dana", "a long enough password")
	w := f.do("POST", "/v1/tokens", []byte(`{"name":"ci","role":"editor"}`), "Authorization", "Bearer "+tok)
	var ti TokenInfo
	if w.Code != 201 || ti.UnmarshalJSON(w.Body.Bytes()) != nil {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	if w := f.admin("PUT", "/v1/accounts/dana", []byte(`{"role":"viewer"}`)); w.Code != 200 {
		t.Fatalf("demote an editor when another is left: %d %s", w.Code, w.Body)
	}
	if w := f.do("PUT", "/v1/pack", []byte(`{}`), "Authorization", "Bearer "+ti.Token); w.Code != 403 {
		t.Fatalf("a demoted account's token: %d %s", w.Code, w.Body)
	}
}
