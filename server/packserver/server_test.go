package packserver

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scrubs/scrubs/classifier"
	"github.com/scrubs/scrubs/classifier/envelope"
)

const token = "test-admin-token-0123456789"

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type fixture struct {
	t     *testing.T
	srv   *Server
	store Store
	key   envelope.PrivateKey
	clock *clock
}

func newFixture(t *testing.T, edit ...func(*Config)) *fixture {
	t.Helper()
	key, _ := envelope.GenerateKey(rand.Reader)
	f := &fixture{t: t, store: NewMemStore(), key: key, clock: &clock{t: time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)}}
	cfg := Config{Store: f.store, Key: key, AdminToken: token, Now: f.clock.Now, EventRate: -1}
	for _, e := range edit {
		e(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Init(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.srv = srv
	return f
}

// do sends a request; headers are name, value pairs.
func (f *fixture) do(method, path string, body []byte, headers ...string) *httptest.ResponseRecorder {
	f.t.Helper()
	r := httptest.NewRequest(method, path, bytes.NewReader(body))
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	f.srv.ServeHTTP(w, r)
	return w
}

func (f *fixture) admin(method, path string, body []byte, headers ...string) *httptest.ResponseRecorder {
	return f.do(method, path, body, append([]string{"Authorization", "Bearer " + token}, headers...)...)
}

func (f *fixture) latest() uint64 {
	r, err := f.store.Latest(context.Background())
	if err != nil {
		f.t.Fatal(err)
	}
	return r.Version
}

func errorsOf(t *testing.T, w *httptest.ResponseRecorder) []classifier.Problem {
	t.Helper()
	var resp ErrorResponse
	if err := resp.UnmarshalJSON(w.Body.Bytes()); err != nil || len(resp.Errors) == 0 {
		t.Fatalf("error body %q: %v", w.Body, err)
	}
	return resp.Errors
}

func orgPack(name string) []byte {
	return []byte(fmt.Sprintf(`{"schema":"scrubs.pack/1","name":%q,"base":"default","org":{"name":"Riverside Clinic","phones":["(555) 201-3344"]}}`, name))
}

func TestGetPack(t *testing.T) {
	f := newFixture(t)
	w := f.do("GET", "/v1/pack", nil)
	if w.Code != 200 {
		t.Fatalf("GET /v1/pack: %d %s", w.Code, w.Body)
	}
	etag := w.Header().Get("ETag")
	if etag == "" || w.Header().Get("Cache-Control") == "" {
		t.Fatalf("headers %v", w.Header())
	}
	o, err := envelope.Open(w.Body.Bytes(), []envelope.PublicKey{f.key.Public()}, 1, f.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if p, err := classifier.ParsePack(o.Pack); o.Version != 1 || err != nil || p.Name != classifier.DefaultPack().Name {
		t.Fatalf("version %d, pack %q", o.Version, o.Pack)
	}
	// 304 on a matching If-None-Match, weak or strong, in a list or not.
	for _, inm := range []string{etag, strings.TrimPrefix(etag, "W/"), `"x", ` + etag, "*"} {
		w := f.do("GET", "/v1/pack", nil, "If-None-Match", inm)
		if w.Code != 304 || w.Body.Len() != 0 || w.Header().Get("ETag") != etag {
			t.Fatalf("If-None-Match %s: %d %q", inm, w.Code, w.Body)
		}
	}
	if w := f.do("GET", "/v1/pack", nil, "If-None-Match", `W/"v0-1"`); w.Code != 200 {
		t.Fatalf("stale ETag: %d", w.Code)
	}
	// The same bytes again (deterministic signatures).
	if w2 := f.do("GET", "/v1/pack", nil); !bytes.Equal(w2.Body.Bytes(), w.Body.Bytes()) {
		t.Fatal("two fetches differ")
	}
	// A push changes the ETag; the old one no longer matches.
	if w := f.admin("PUT", "/v1/pack", orgPack("org")); w.Code != 201 {
		t.Fatalf("push: %d %s", w.Code, w.Body)
	}
	w = f.do("GET", "/v1/pack", nil, "If-None-Match", etag)
	if w.Code != 200 || w.Header().Get("ETag") == etag {
		t.Fatalf("after push: %d %s", w.Code, w.Header().Get("ETag"))
	}
	if o, err := envelope.Open(w.Body.Bytes(), []envelope.PublicKey{f.key.Public()}, 2, f.clock.Now()); err != nil || o.Version != 2 {
		t.Fatalf("after push: %v", err)
	}
}

func TestAcceptsGzip(t *testing.T) {
	for ae, want := range map[string]bool{"gzip": true, "br, gzip": true, "GZIP;q=0.5": true, "gzip;q=0": false,
		"gzip; q=0.0": false, "deflate": false, "": false, "gzip;q=x": false, "x-gzip": false} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept-Encoding", ae)
		if got := acceptsGzip(r); got != want {
			t.Errorf("%q: %v", ae, got)
		}
	}
}

func TestGetPackGzip(t *testing.T) {
	f := newFixture(t)
	big := fmt.Sprintf(`{"schema":"scrubs.pack/1","name":"big","base":"default","org":{"name":"Clinic","staff":[%s"Dr Last"]}}`,
		strings.Repeat(`"Dr Staff Member",`, 200))
	if w := f.admin("PUT", "/v1/pack", []byte(big)); w.Code != 201 {
		t.Fatalf("push: %d %s", w.Code, w.Body)
	}
	plain := f.do("GET", "/v1/pack", nil)
	w := f.do("GET", "/v1/pack", nil, "Accept-Encoding", "gzip, br")
	if w.Header().Get("Content-Encoding") != "gzip" || w.Body.Len() >= plain.Body.Len() {
		t.Fatalf("gzip: %v, %d vs %d bytes", w.Header(), w.Body.Len(), plain.Body.Len())
	}
	nogz := newFixture(t, func(c *Config) { c.NoGzip = true })
	nogz.admin("PUT", "/v1/pack", []byte(big))
	if w := nogz.do("GET", "/v1/pack", nil, "Accept-Encoding", "gzip"); w.Header().Get("Content-Encoding") != "" {
		t.Fatal("gzipped with NoGzip")
	}
	zr, err := gzip.NewReader(w.Body)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(zr)
	if !bytes.Equal(got, plain.Body.Bytes()) {
		t.Fatal("gzipped envelope differs")
	}
}

// An envelope is re-signed with the same version as time passes, so a
// pack that nobody changes never expires while the server runs.
func TestEnvelopeNeverExpires(t *testing.T) {
	f := newFixture(t)
	first := f.do("GET", "/v1/pack", nil)
	for day := 0; day < 120; day++ {
		f.clock.Add(24 * time.Hour)
		w := f.do("GET", "/v1/pack", nil)
		o, err := envelope.Open(w.Body.Bytes(), []envelope.PublicKey{f.key.Public()}, 1, f.clock.Now())
		if err != nil {
			t.Fatalf("day %d: %v", day, err)
		}
		if o.Expires.Sub(f.clock.Now()) < 20*24*time.Hour {
			t.Fatalf("day %d: expires in %s", day, o.Expires.Sub(f.clock.Now()))
		}
	}
	if w := f.do("GET", "/v1/pack", nil); w.Header().Get("ETag") == first.Header().Get("ETag") {
		t.Fatal("ETag did not change with the new signature")
	}
}

func TestGetPackVersion(t *testing.T) {
	f := newFixture(t)
	f.admin("PUT", "/v1/pack", orgPack("two"))
	w := f.do("GET", "/v1/pack/1", nil)
	o, err := envelope.Open(w.Body.Bytes(), []envelope.PublicKey{f.key.Public()}, 0, f.clock.Now())
	if err != nil || o.Version != 1 {
		t.Fatalf("GET /v1/pack/1: %d %v", w.Code, err)
	}
	if w := f.do("GET", "/v1/pack/1", nil, "If-None-Match", w.Header().Get("ETag")); w.Code != 304 {
		t.Fatalf("304 on a version: %d", w.Code)
	}
	if w := f.do("GET", "/v1/pack/9", nil); w.Code != 404 {
		t.Fatalf("unknown version: %d", w.Code)
	}
	for _, bad := range []string{"0", "x", "-1", "99999999999999999999999"} {
		if w := f.do("GET", "/v1/pack/"+bad, nil); w.Code != 400 {
			t.Fatalf("version %s: %d", bad, w.Code)
		}
	}
}

func TestKeys(t *testing.T) {
	old, _ := envelope.GenerateKey(rand.Reader)
	var f *fixture
	f = newFixture(t, func(c *Config) {
		root, err := envelope.KeySet{Version: 1, Expires: time.Now().Add(time.Hour * 24 * 365 * 10), Threshold: 1, Keys: []envelope.PublicKey{c.Key.Public()}}.Sign(old, c.Key)
		if err != nil {
			t.Fatal(err)
		}
		c.Roots = []envelope.Root{root}
	})
	w := f.do("GET", "/v1/keys", nil)
	var resp KeysResponse
	if err := resp.UnmarshalJSON(w.Body.Bytes()); err != nil {
		t.Fatal(err)
	}
	if resp.Signing != f.key.Public().ID() || len(resp.Keys) != 1 || resp.Keys[0].Key != f.key.Public().String() ||
		len(resp.Roots) != 1 {
		t.Fatalf("keys %+v", resp)
	}
	// An extension pinned to the old key accepts the pack.
	env := f.do("GET", "/v1/pack", nil).Body.Bytes()
	if _, err := envelope.Open(env, []envelope.PublicKey{old.Public()}, 0, f.clock.Now()); err != nil {
		t.Fatalf("pinned to the old key: %v", err)
	}
	// A signing key outside the latest root is refused at start.
	other, _ := envelope.GenerateKey(rand.Reader)
	if _, err := New(Config{Store: NewMemStore(), Key: other, AdminToken: "0123456789abcdef0", Roots: f.srv.cfg.Roots}); err == nil || !strings.Contains(err.Error(), "not in the latest root") {
		t.Fatalf("a key outside the root: %v", err)
	}
}

func TestAdminNeedsToken(t *testing.T) {
	f := newFixture(t)
	routes := [][2]string{{"PUT", "/v1/pack"}, {"GET", "/v1/packs"}, {"POST", "/v1/packs/1/restore"}, {"GET", "/v1/stats"}}
	for _, rt := range routes {
		for _, auth := range []string{"", "Bearer", "Bearer ", "Bearer wrong", "Bearer " + token + "x", "Bearer " + token[:len(token)-1],
			"Basic " + token, "bearer" + token, token} {
			w := f.do(rt[0], rt[1], orgPack("x"), "Authorization", auth)
			if w.Code != 401 || w.Header().Get("WWW-Authenticate") == "" {
				t.Errorf("%s %s with %q: %d", rt[0], rt[1], auth, w.Code)
			}
			errorsOf(t, w)
		}
	}
	if f.latest() != 1 {
		t.Fatal("an unauthorised request changed the store")
	}
	if w := f.admin("GET", "/v1/packs", nil); w.Code != 200 {
		t.Fatalf("with token: %d", w.Code)
	}
	if _, err := New(Config{Store: NewMemStore(), Key: f.key}); err == nil {
		t.Fatal("a server without an admin token")
	}
}

func TestPutPack(t *testing.T) {
	f := newFixture(t)
	w := f.admin("PUT", "/v1/pack", orgPack("v2"), "Scrubs-Comment", "added our phone")
	if w.Code != 201 {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	var resp PushResponse
	resp.UnmarshalJSON(w.Body.Bytes())
	if resp.Version != 2 || len(resp.Digest) != 64 || w.Header().Get("Location") != "/v1/pack/2" {
		t.Fatalf("%+v %v", resp, w.Header())
	}
	rec, _ := f.store.Get(context.Background(), 2)
	if !bytes.Equal(rec.Pack, orgPack("v2")) || rec.Comment != "added our phone" {
		t.Fatalf("stored %+v", rec)
	}
}

func TestPutPackInvalid(t *testing.T) {
	f := newFixture(t)
	cases := map[string]struct {
		body  string
		paths []string
	}{
		"every problem": {`{"schema":"scrubs.pack/2","name":"","org":{"phones":["12"]},"lexicons":[{"id":"a","signal":"nope","terms":[]}],"patterns":[{"id":"p","kind":"identifier.mrn","regex":"("}]}`,
			[]string{"schema", "name", "org.phones[0]", "lexicons[0].signal", "lexicons[0].terms", "patterns[0].regex"}},
		"syntax":        {"{\n  \"schema\": \"scrubs.pack/1\",\n  \"name\": }", []string{""}},
		"not an object": {`[]`, []string{""}},
		"empty":         {``, []string{""}},
	}
	for name, c := range cases {
		w := f.admin("PUT", "/v1/pack", []byte(c.body))
		if w.Code != 422 {
			t.Errorf("%s: %d %s", name, w.Code, w.Body)
			continue
		}
		problems := errorsOf(t, w)
		for _, p := range c.paths {
			found := false
			for _, pr := range problems {
				found = found || pr.Path == p
			}
			if !found {
				t.Errorf("%s: no problem at %q in %+v", name, p, problems)
			}
		}
		if name == "syntax" && !strings.Contains(problems[0].Message, "line 3") {
			t.Errorf("syntax error without its line: %+v", problems)
		}
	}
	if w := f.admin("PUT", "/v1/pack", orgPack("x"), "Scrubs-Comment", strings.Repeat("x", 501)); w.Code != 422 {
		t.Errorf("long comment: %d", w.Code)
	}
	if w := f.admin("PUT", "/v1/pack?comment=a%0Ab", orgPack("x")); w.Code != 422 {
		t.Errorf("two-line comment: %d", w.Code)
	}
	if f.latest() != 1 {
		t.Fatal("an invalid pack changed the store")
	}
}

func TestPutPackTooLarge(t *testing.T) {
	f := newFixture(t)
	big := append(orgPack("x"), bytes.Repeat([]byte(" "), classifier.MaxPackBytes)...)
	if w := f.admin("PUT", "/v1/pack", big); w.Code != 413 {
		t.Fatalf("with Content-Length: %d", w.Code)
	}
	// Without a Content-Length (chunked), the cap still holds.
	r := httptest.NewRequest("PUT", "/v1/pack", io.MultiReader(bytes.NewReader(big)))
	r.ContentLength = -1
	r.Header.Set("Authorization", "Bearer "+token)
	w := httptest.NewRecorder()
	f.srv.ServeHTTP(w, r)
	if w.Code != 413 {
		t.Fatalf("chunked: %d", w.Code)
	}
	errorsOf(t, w)
	if f.latest() != 1 {
		t.Fatal("changed the store")
	}
}

func TestListAndRestore(t *testing.T) {
	f := newFixture(t)
	f.admin("PUT", "/v1/pack", orgPack("v2"), "Scrubs-Comment", "two")
	f.clock.Add(time.Hour)
	f.admin("PUT", "/v1/pack", orgPack("v3"), "Scrubs-Comment", "three")
	w := f.admin("POST", "/v1/packs/2/restore", nil)
	if w.Code != 201 {
		t.Fatalf("restore: %d %s", w.Code, w.Body)
	}
	var pr PushResponse
	pr.UnmarshalJSON(w.Body.Bytes())
	if pr.Version != 4 {
		t.Fatalf("restored as %d", pr.Version)
	}
	env := f.do("GET", "/v1/pack", nil).Body.Bytes()
	o, err := envelope.Open(env, []envelope.PublicKey{f.key.Public()}, 4, f.clock.Now())
	if err != nil || !bytes.Equal(o.Pack, orgPack("v2")) {
		t.Fatalf("after restore: %v", err)
	}
	var list PacksResponse
	if err := list.UnmarshalJSON(f.admin("GET", "/v1/packs", nil).Body.Bytes()); err != nil {
		t.Fatal(err)
	}
	if list.Current != 4 || len(list.Packs) != 4 || list.Packs[0].Version != 4 || list.Packs[0].RestoredFrom != 2 ||
		list.Packs[0].Comment != "restored version 2" || list.Packs[1].Comment != "three" || list.Packs[3].Version != 1 ||
		list.Packs[2].Size != len(orgPack("v2")) || list.Packs[0].Digest != list.Packs[2].Digest || list.Packs[1].Created == list.Packs[2].Created {
		t.Fatalf("list %+v", list)
	}
	if w := f.admin("POST", "/v1/packs/99/restore", nil); w.Code != 404 {
		t.Fatalf("restore unknown: %d", w.Code)
	}
}

// Concurrent pushes never produce two packs with one version, also when
// two servers (two processes, or two Workers instances) share a store.
func TestConcurrentPushes(t *testing.T) {
	f := newFixture(t)
	other, err := New(Config{Store: f.store, Key: f.key, AdminToken: token, Now: f.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	const n = 40
	versions := make(chan uint64, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			srv := f.srv
			if i%2 == 1 {
				srv = other
			}
			r := httptest.NewRequest("PUT", "/v1/pack", bytes.NewReader(orgPack(fmt.Sprint(i))))
			r.Header.Set("Authorization", "Bearer "+token)
			w := httptest.NewRecorder()
			srv.ServeHTTP(w, r)
			var pr PushResponse
			if w.Code != 201 || pr.UnmarshalJSON(w.Body.Bytes()) != nil {
				t.Errorf("push %d: %d %s", i, w.Code, w.Body)
			}
			versions <- pr.Version
		}()
	}
	wg.Wait()
	close(versions)
	seen := map[uint64]bool{}
	for v := range versions {
		if seen[v] {
			t.Fatalf("version %d given twice", v)
		}
		seen[v] = true
	}
	list, _ := f.store.List(context.Background())
	if len(list) != n+1 || f.latest() != n+1 {
		t.Fatalf("%d versions stored, latest %d", len(list), f.latest())
	}
}

// racyStore makes every Add lose a race to another writer first.
type racyStore struct {
	*MemStore
	once sync.Once
}

func (s *racyStore) Add(ctx context.Context, r *Record) error {
	s.once.Do(func() {
		c := *r
		c.Comment = "the other writer"
		s.MemStore.Add(ctx, &c)
	})
	return s.MemStore.Add(ctx, r)
}

func TestPushLosesRace(t *testing.T) {
	key, _ := envelope.GenerateKey(rand.Reader)
	// Two instances starting at once publish the default pack once.
	store := &racyStore{MemStore: NewMemStore()}
	srv, _ := New(Config{Store: store, Key: key, AdminToken: token})
	if err := srv.Init(context.Background()); err != nil {
		t.Fatal(err)
	}
	if list, _ := store.List(context.Background()); len(list) != 1 {
		t.Fatalf("%d versions after a racy start", len(list))
	}
	// A push that loses its version to another writer takes the next one.
	store.once = sync.Once{}
	w := httptest.NewRecorder()
	r := httptest.NewRequest("PUT", "/v1/pack", bytes.NewReader(orgPack("mine")))
	r.Header.Set("Authorization", "Bearer "+token)
	srv.ServeHTTP(w, r)
	r2, _ := store.Get(context.Background(), 2)
	r3, _ := store.Get(context.Background(), 3)
	if w.Code != 201 || r2 == nil || r3 == nil || r2.Comment != "the other writer" || !bytes.Equal(r3.Pack, orgPack("mine")) {
		t.Fatalf("%d %+v %+v", w.Code, r2, r3)
	}
}

func TestPreflight(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/v1/pack", "/v1/pack/1", "/v1/keys"} {
		w := f.do("OPTIONS", path, nil, "Origin", "chrome-extension://abc", "Access-Control-Request-Method", "GET")
		if w.Code != 204 || w.Header().Get("Access-Control-Allow-Origin") != "*" ||
			!strings.Contains(w.Header().Get("Access-Control-Allow-Headers"), "If-None-Match") {
			t.Errorf("OPTIONS %s: %d %v", path, w.Code, w.Header())
		}
	}
	// Admin routes are not for other origins.
	for _, path := range []string{"/v1/packs", "/v1/stats"} {
		if w := f.do("OPTIONS", path, nil); w.Header().Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("OPTIONS %s allows other origins", path)
		}
	}
}

func TestHealth(t *testing.T) {
	f := newFixture(t)
	w := f.do("GET", "/healthz", nil)
	var h HealthResponse
	if w.Code != 200 || h.UnmarshalJSON(w.Body.Bytes()) != nil || !h.OK || h.Version != 1 {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	if w := f.do("GET", "/v1/nothing", nil); w.Code != 404 {
		t.Fatalf("unknown endpoint: %d", w.Code)
	}
	if w := f.do("DELETE", "/v1/pack", nil); w.Code != 405 {
		t.Fatalf("DELETE: %d", w.Code)
	}
}

func TestWeek(t *testing.T) {
	for in, want := range map[string]string{"2026-11-22": "2026-11-16", "2026-11-16": "2026-11-16", "2027-01-01": "2026-12-28"} {
		d, _ := time.Parse("2006-01-02", in)
		if got := Week(d.Add(23 * time.Hour)); got != want {
			t.Errorf("%s: %s, want %s", in, got, want)
		}
	}
}

// TestLoginThrottle: after loginBurst wrong bearer tokens a client gets 429
// (the right token too) until a token has refilled; others are not held up.
func TestLoginThrottle(t *testing.T) {
	f := newFixture(t)
	for i := 0; i < loginBurst; i++ {
		if w := f.do("GET", "/v1/packs", nil, "Authorization", "Bearer guess"); w.Code != 401 {
			t.Fatalf("wrong token %d: %d", i, w.Code)
		}
	}
	w := f.do("GET", "/v1/packs", nil, "Authorization", "Bearer guess")
	if w.Code != 429 || w.Header().Get("Retry-After") == "" {
		t.Fatalf("wrong token %d: %d %v; want 429 with Retry-After", loginBurst+1, w.Code, w.Header())
	}
	if w := f.admin("GET", "/v1/packs", nil); w.Code != 429 {
		t.Fatalf("the right token from a throttled client: %d; want 429", w.Code)
	}
	r := httptest.NewRequest("GET", "/v1/packs", nil)
	r.RemoteAddr = "198.51.100.7:4000"
	r.Header.Set("Authorization", "Bearer "+token)
	other := httptest.NewRecorder()
	f.srv.ServeHTTP(other, r)
	if other.Code != 200 {
		t.Fatalf("another client: %d", other.Code)
	}
	f.clock.Add(loginRefill)
	if w := f.admin("GET", "/v1/packs", nil); w.Code != 200 {
		t.Fatalf("after %s: %d", loginRefill, w.Code)
	}
}
