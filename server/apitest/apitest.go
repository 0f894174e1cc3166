// Package apitest is the rule-pack server's API checked over HTTP, so the
// same checks run against every build: the native handler (its own test
// here, on an httptest server over the memory and disk stores) and the
// Cloudflare Workers build under the local Workers runtime
// (server/workers, scripts/test-workers).
//
// The checks work on a server that already holds packs and counts: every
// expectation is relative to what the server reports first, so they can
// also be pointed at a running deployment's staging copy. They change its
// data: they push packs and report events.
//
// The handler's own tests (server/packserver) also cover what needs a
// fake clock (expiry, re-signing) or a fake store (lost races).
package apitest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/scrubs/scrubs/classifier"
	"github.com/scrubs/scrubs/classifier/envelope"
	"github.com/scrubs/scrubs/server/packserver"
)

// Target is a running server.
type Target struct {
	// URL is the server's base, without a trailing slash.
	URL string
	// Token is the admin token.
	Token string
	// EnrolmentKey is what events need; empty means the key a server
	// configured without one derives from Token.
	EnrolmentKey string
	// Keys are the public keys envelopes must be signed with (or that the
	// envelopes' roots lead from); the first is the signing key /v1/keys
	// must name.
	Keys []envelope.PublicKey
	// ClientHeader names the request header the server takes the client's
	// address from for the event limit (CF-Connecting-IP on Workers).
	// When set, every events request names a new client, and EventBurst
	// is checked; when empty, the event limit must be off.
	ClientHeader string
	// EventBurst is how many reports one client may send at once.
	EventBurst int
	// Client sends the requests; nil means one without transparent gzip.
	Client *http.Client
	// Concurrency is how many pushes race in the ConcurrentPushes check
	// (10 when zero).
	Concurrency int
	// MaxInFlight bounds the requests under way at once (8 when zero):
	// wrangler dev on a small machine left some of 32 concurrent requests
	// unanswered.
	MaxInFlight int
	// Repo is the repository the server serves the pages' files from
	// (wasm/, extension/src/, extension/dist/): the Pages and
	// ExtensionPackages checks compare every one.
	Repo fs.FS
	// ExtensionID is the id the server's extension key gives (the CRX it
	// signs); empty when it has none and serves no packages.
	ExtensionID string
}

// Run runs every check as a subtest, in order.
func Run(t *testing.T, tg Target) {
	if tg.Client == nil {
		tg.Client = &http.Client{
			Transport: &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 32},
			Timeout:   60 * time.Second,
			// a check sees the redirect itself (GET / → /try)
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	if tg.Concurrency == 0 {
		tg.Concurrency = 10
	}
	if tg.MaxInFlight == 0 {
		tg.MaxInFlight = 8
	}
	c := &checker{Target: tg, inFlight: make(chan struct{}, tg.MaxInFlight)}
	for _, tc := range Checks {
		t.Run(tc.Name, func(t *testing.T) {
			tc.Run(t, c)
		})
	}
}

// Check is one API check.
type Check struct {
	Name string
	Run  func(t *testing.T, c *checker)
}

// Checks is every check, in the order Run runs them.
var Checks = []Check{
	{"Health", checkHealth},
	{"GetPack", checkGetPack},
	{"GetPackGzip", checkGetPackGzip},
	{"Keys", checkKeys},
	{"AdminNeedsToken", checkAdminNeedsToken},
	{"PutPack", checkPutPack},
	{"PutPackInvalid", checkPutPackInvalid},
	{"PutPackTooLarge", checkPutPackTooLarge},
	{"LargePackRoundTrip", checkLargePack},
	{"GetPackVersion", checkGetPackVersion},
	{"ListAndRestore", checkListAndRestore},
	{"ConcurrentPushes", checkConcurrentPushes},
	{"Events", checkEvents},
	{"EventsRateLimited", checkEventsRateLimited},
	{"AuditLog", checkAuditLog},
	{"PublishDiff", checkPublishDiff},
	{"RolloutKit", checkRolloutKit},
	{"Accounts", checkAccounts},
	{"APITokens", checkAPITokens},
	{"SignInLockout", checkSignInLockout},
}

type checker struct {
	Target
	clients  atomic.Int64
	inFlight chan struct{}
}

// response is a finished request.
type response struct {
	Code   int
	Header http.Header
	Body   []byte
}

func (r *response) String() string {
	b := r.Body
	if len(b) > 300 {
		b = b[:300]
	}
	return fmt.Sprintf("%d %s", r.Code, b)
}

// do sends a request; headers are name, value pairs.
func (c *checker) do(t *testing.T, method, path string, body io.Reader, headers ...string) *response {
	t.Helper()
	w, err := c.send(method, path, body, headers...)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return w
}

// send is do that returns the transport's error instead of failing.
func (c *checker) send(method, path string, body io.Reader, headers ...string) (*response, error) {
	req, err := http.NewRequest(method, c.URL+path, body)
	if err != nil {
		return nil, err
	}
	if b, ok := body.(*bytes.Reader); ok {
		req.ContentLength = int64(b.Len())
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	c.inFlight <- struct{}{}
	defer func() { <-c.inFlight }()
	resp, err := c.Client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("reading the body: %w", err)
	}
	return &response{resp.StatusCode, resp.Header, data}, nil
}

func (c *checker) upload(t *testing.T, method, path string, body []byte, chunked bool, headers ...string) *response {
	t.Helper()
	u, err := url.Parse(c.URL)
	if err != nil {
		t.Fatal(err)
	}
	c.inFlight <- struct{}{}
	defer func() { <-c.inFlight }()
	var conn net.Conn
	if u.Scheme == "https" {
		host := u.Host
		if u.Port() == "" {
			host += ":443"
		}
		conn, err = tls.Dial("tcp", host, &tls.Config{ServerName: u.Hostname()})
	} else {
		conn, err = net.Dial("tcp", u.Host)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(60 * time.Second))
	var head strings.Builder
	fmt.Fprintf(&head, "%s %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\nContent-Type: application/json\r\n", method, path, u.Host)
	if chunked {
		head.WriteString("Transfer-Encoding: chunked\r\n")
	} else {
		fmt.Fprintf(&head, "Content-Length: %d\r\n", len(body))
	}
	for i := 0; i+1 < len(headers); i += 2 {
		fmt.Fprintf(&head, "%s: %s\r\n", headers[i], headers[i+1])
	}
	head.WriteString("\r\n")
	go func() {
		// Write errors are expected once the server has answered.
		bw := bufio.NewWriter(conn)
		bw.WriteString(head.String())
		for rest := body; len(rest) > 0; {
			part := rest[:min(len(rest), 64<<10)]
			rest = rest[len(part):]
			if chunked {
				fmt.Fprintf(bw, "%x\r\n", len(part))
			}
			if _, err := bw.Write(part); err != nil {
				return
			}
			if chunked {
				bw.WriteString("\r\n")
			}
		}
		if chunked {
			bw.WriteString("0\r\n\r\n")
		}
		bw.Flush()
	}()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%s %s (chunked %v): %v", method, path, chunked, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", method, path, err)
	}
	return &response{resp.StatusCode, resp.Header, data}
}

func (c *checker) get(t *testing.T, path string, headers ...string) *response {
	t.Helper()
	return c.do(t, "GET", path, nil, headers...)
}

func (c *checker) admin(t *testing.T, method, path string, body []byte, headers ...string) *response {
	t.Helper()
	return c.do(t, method, path, bytes.NewReader(body), append([]string{"Authorization", "Bearer " + c.Token}, headers...)...)
}

// events posts an events body as a new client.
func (c *checker) events(t *testing.T, body string, headers ...string) *response {
	t.Helper()
	h := append([]string{"Content-Type", "application/json", packserver.EnrolmentHeader, c.enrolment()}, c.clientHeader()...)
	return c.do(t, "POST", "/v1/events", strings.NewReader(body), append(h, headers...)...)
}

func (c *checker) enrolment() string {
	if c.EnrolmentKey != "" {
		return c.EnrolmentKey
	}
	return packserver.DeriveEnrolmentKey(c.Token)
}

// clientHeader names a new client, when the target tells clients apart.
func (c *checker) clientHeader() []string {
	if c.ClientHeader == "" {
		return nil
	}
	return []string{c.ClientHeader, c.newClient()}
}

// runID keeps client addresses apart between runs against one server.
var runID = rand.Uint32()

// newClient names a client address no other request used (in the IPv6
// documentation prefix), each in a /64 of its own (the server counts a
// /64 as one client).
func (c *checker) newClient() string {
	return fmt.Sprintf("2001:db8:%x:%x::1", runID&0xffff, c.clients.Add(1)&0xffff)
}

func (c *checker) health(t *testing.T) packserver.HealthResponse {
	t.Helper()
	w := c.get(t, "/healthz")
	var h packserver.HealthResponse
	if w.Code != 200 || h.UnmarshalJSON(w.Body) != nil || !h.OK || h.Version == 0 {
		t.Fatalf("GET /healthz: %s", w)
	}
	return h
}

func (c *checker) latest(t *testing.T) uint64 {
	t.Helper()
	return c.health(t).Version
}

// open checks an envelope's signature and returns it.
func (c *checker) open(t *testing.T, w *response, minVersion uint64) *envelope.Opened {
	t.Helper()
	if w.Code != 200 {
		t.Fatalf("envelope: %s", w)
	}
	o, err := envelope.Open(w.Body, c.Keys, minVersion, time.Now())
	if err != nil {
		t.Fatalf("envelope: %v", err)
	}
	return o
}

func errorsOf(t *testing.T, w *response) []classifier.Problem {
	t.Helper()
	var resp packserver.ErrorResponse
	if err := resp.UnmarshalJSON(w.Body); err != nil || len(resp.Errors) == 0 {
		t.Fatalf("error body %q: %v", w.Body, err)
	}
	if ct := w.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("error Content-Type %q", ct)
	}
	return resp.Errors
}

func (c *checker) push(t *testing.T, pack []byte, headers ...string) packserver.PushResponse {
	t.Helper()
	w := c.admin(t, "PUT", "/v1/pack", pack, headers...)
	var pr packserver.PushResponse
	if w.Code != 201 || pr.UnmarshalJSON(w.Body) != nil {
		t.Fatalf("push: %s", w)
	}
	return pr
}

// OrgPack is a small valid pack.
func OrgPack(name string) []byte {
	return []byte(fmt.Sprintf(`{"schema":"scrubs.pack/1","name":%q,"base":"default","org":{"name":"Riverside Clinic","phones":["(555) 201-3344"]}}`, name))
}

func checkHealth(t *testing.T, c *checker) {
	c.health(t)
	if w := c.get(t, "/v1/nothing"); w.Code != 404 {
		t.Errorf("unknown endpoint: %s", w)
	} else {
		errorsOf(t, w)
	}
	w := c.do(t, "DELETE", "/v1/pack", nil)
	if w.Code != 405 || !strings.Contains(w.Header.Get("Allow"), "GET") || !strings.Contains(w.Header.Get("Allow"), "PUT") {
		t.Errorf("DELETE /v1/pack: %s, Allow %q", w, w.Header.Get("Allow"))
	}
	if w.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("no nosniff: %v", w.Header)
	}
}

func checkGetPack(t *testing.T, c *checker) {
	v := c.latest(t)
	w := c.get(t, "/v1/pack")
	etag := w.Header.Get("ETag")
	if etag == "" || w.Header.Get("Cache-Control") == "" || w.Header.Get("Content-Type") != "application/json" ||
		w.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("headers %v", w.Header)
	}
	o := c.open(t, w, v)
	if o.Version != v {
		t.Fatalf("version %d, healthz says %d", o.Version, v)
	}
	if _, err := classifier.ParsePack(o.Pack); err != nil {
		t.Fatalf("the pack: %v", err)
	}
	// 304 on a matching If-None-Match, weak or strong, in a list or not.
	for _, inm := range []string{etag, strings.TrimPrefix(etag, "W/"), `"x", ` + etag, "*"} {
		w := c.get(t, "/v1/pack", "If-None-Match", inm)
		if w.Code != 304 || len(w.Body) != 0 || w.Header.Get("ETag") != etag {
			t.Fatalf("If-None-Match %s: %s (ETag %s)", inm, w, w.Header.Get("ETag"))
		}
	}
	if w := c.get(t, "/v1/pack", "If-None-Match", `W/"v0-1"`); w.Code != 200 {
		t.Fatalf("stale ETag: %s", w)
	}
	// The same bytes again (deterministic signatures; every instance
	// signs alike).
	if w2 := c.get(t, "/v1/pack"); !bytes.Equal(w2.Body, w.Body) {
		t.Fatal("two fetches differ")
	}
	// HEAD: the headers without the body.
	if w := c.do(t, "HEAD", "/v1/pack", nil); w.Code != 200 || len(w.Body) != 0 || w.Header.Get("ETag") != etag {
		t.Fatalf("HEAD: %s %v", w, w.Header)
	}
	// A push changes the ETag; the old one no longer matches.
	pr := c.push(t, OrgPack("etag"))
	w = c.get(t, "/v1/pack", "If-None-Match", etag)
	if w.Code != 200 || w.Header.Get("ETag") == etag {
		t.Fatalf("after push: %d %s", w.Code, w.Header.Get("ETag"))
	}
	if o := c.open(t, w, pr.Version); o.Version != pr.Version || !bytes.Equal(o.Pack, OrgPack("etag")) {
		t.Fatalf("after push: version %d, want %d", o.Version, pr.Version)
	}
}

// With Accept-Encoding: gzip the envelope may come gzipped (by the
// handler, or by the Workers runtime); either way it is the same bytes.
func checkGetPackGzip(t *testing.T, c *checker) {
	plain := c.get(t, "/v1/pack")
	w := c.get(t, "/v1/pack", "Accept-Encoding", "gzip, br")
	body := w.Body
	switch ce := w.Header.Get("Content-Encoding"); ce {
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(w.Body))
		if err != nil {
			t.Fatal(err)
		}
		if body, err = io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
		if len(w.Body) >= len(plain.Body) {
			t.Errorf("gzipped %d bytes, plain %d", len(w.Body), len(plain.Body))
		}
	case "":
	default:
		t.Fatalf("Content-Encoding %q", ce)
	}
	if !bytes.Equal(body, plain.Body) {
		t.Fatalf("gzipped envelope differs (%d bytes vs %d)", len(body), len(plain.Body))
	}
	if !strings.Contains(w.Header.Get("Vary"), "Accept-Encoding") {
		t.Errorf("Vary %q", w.Header.Get("Vary"))
	}
}

func checkKeys(t *testing.T, c *checker) {
	w := c.get(t, "/v1/keys")
	var resp packserver.KeysResponse
	if w.Code != 200 || resp.UnmarshalJSON(w.Body) != nil {
		t.Fatalf("GET /v1/keys: %s", w)
	}
	if resp.Signing != c.Keys[0].ID() || len(resp.Keys) == 0 || resp.Keys[0].ID != c.Keys[0].ID() || resp.Keys[0].Key != c.Keys[0].String() {
		t.Fatalf("keys %+v, want signing key %s", resp, c.Keys[0].ID())
	}
	for _, k := range resp.Keys {
		pk, err := envelope.ParsePublicKey(k.Key)
		if err != nil || pk.ID() != k.ID {
			t.Errorf("key %+v: %v", k, err)
		}
	}
}

// adminRoutes is every admin route, the state-changing ones first.
var adminRoutes = [][2]string{{"PUT", "/v1/pack"}, {"POST", "/v1/packs/1/restore"}, {"POST", "/v1/logout"}, {"POST", "/v1/me/password"},
	{"POST", "/v1/accounts"}, {"PUT", "/v1/accounts/admin"}, {"DELETE", "/v1/accounts/admin"}, {"POST", "/v1/tokens"},
	{"DELETE", "/v1/tokens/0123456789abcdef"}, {"POST", "/v1/pack/diff"},
	{"GET", "/v1/packs"}, {"GET", "/v1/stats"}, {"GET", "/v1/stats.csv"}, {"GET", "/v1/audit"}, {"GET", "/v1/audit.csv"},
	{"GET", "/v1/enrolment"}, {"GET", "/v1/me"}, {"GET", "/v1/accounts"}, {"GET", "/v1/tokens"}, {"GET", "/v1/packs/1/diff"}, {"GET", "/v1/rollout"}}

// Every admin route needs a bearer credential; nothing else (a cookie, a
// token's look-alike, Basic) gets in, and nothing is changed.
func checkAdminNeedsToken(t *testing.T, c *checker) {
	before := c.latest(t)
	auditBefore := len(c.audit(t, "").Entries)
	session := c.loginAs(t, packserver.FirstAdminName+"-nobody", "not a password") // a 401: the name has no account
	if session.Code != 401 {
		t.Fatalf("sign-in as nobody: %s", session)
	}
	auths := []string{"", "Bearer", "Bearer wrong", "Bearer " + c.Token + "x", "Bearer " + c.Token[:len(c.Token)-1],
		"Basic " + c.Token, "bearer" + c.Token, c.Token, "Bearer scrubs-session-0123456789abcdef-00", "Bearer scrubs-token-0123456789abcdef-00"}
	var wg sync.WaitGroup
	for _, rt := range adminRoutes {
		for _, auth := range auths {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// a client each: the wrong tokens of one client are throttled
				w := c.do(t, rt[0], rt[1], bytes.NewReader(OrgPack("x")), append([]string{"Authorization", auth}, c.clientHeader()...)...)
				if w.Code != 401 || w.Header.Get("WWW-Authenticate") == "" {
					t.Errorf("%s %s with %q: %s", rt[0], rt[1], auth, w)
					return
				}
				errorsOf(t, w)
			}()
		}
		// A browser's cookies are no credential: the server reads none.
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := c.do(t, rt[0], rt[1], bytes.NewReader(OrgPack("x")), "Cookie", "session="+c.Token+"; token="+c.Token)
			if w.Code != 401 {
				t.Errorf("%s %s with a cookie: %s", rt[0], rt[1], w)
			}
		}()
	}
	wg.Wait()
	if after := c.latest(t); after != before {
		t.Fatalf("an unauthorised request changed the store: %d → %d", before, after)
	}
	if after := len(c.audit(t, "").Entries); after != auditBefore {
		t.Fatalf("unauthorised requests left %d audit entries", after-auditBefore)
	}
	if w := c.admin(t, "GET", "/v1/packs", nil); w.Code != 200 || w.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("with the token: %s %v", w, w.Header)
	}
}

func checkPutPack(t *testing.T, c *checker) {
	before := c.latest(t)
	w := c.admin(t, "PUT", "/v1/pack", OrgPack("v-put"), "Scrubs-Comment", "added our phone, and fax")
	var resp packserver.PushResponse
	if w.Code != 201 || resp.UnmarshalJSON(w.Body) != nil {
		t.Fatalf("%s", w)
	}
	if resp.Version != before+1 || len(resp.Digest) != 64 || w.Header.Get("Location") != "/v1/pack/"+strconv.FormatUint(resp.Version, 10) {
		t.Fatalf("%+v %v (before %d)", resp, w.Header, before)
	}
	o := c.open(t, c.get(t, "/v1/pack"), resp.Version)
	if o.Version != resp.Version || !bytes.Equal(o.Pack, OrgPack("v-put")) {
		t.Fatalf("served version %d", o.Version)
	}
	list := c.list(t)
	if list.Current != resp.Version || list.Packs[0].Comment != "added our phone, and fax" || list.Packs[0].Digest != resp.Digest ||
		list.Packs[0].Size != len(OrgPack("v-put")) {
		t.Fatalf("list %+v", list.Packs[0])
	}
	// The comment may also come as a query parameter.
	if pr := c.push(t, OrgPack("v-put2"), "X-Ignored", "1"); pr.Version != resp.Version+1 {
		t.Fatalf("next push: %d", pr.Version)
	}
	w = c.admin(t, "PUT", "/v1/pack?comment=from+the+query", OrgPack("v-put3"))
	if w.Code != 201 || c.list(t).Packs[0].Comment != "from the query" {
		t.Fatalf("comment in the query: %s", w)
	}
}

func (c *checker) list(t *testing.T) packserver.PacksResponse {
	t.Helper()
	var list packserver.PacksResponse
	w := c.admin(t, "GET", "/v1/packs", nil)
	if w.Code != 200 || list.UnmarshalJSON(w.Body) != nil || len(list.Packs) == 0 {
		t.Fatalf("GET /v1/packs: %s", w)
	}
	return list
}

func checkPutPackInvalid(t *testing.T, c *checker) {
	before := c.latest(t)
	cases := []struct {
		name, body string
		paths      []string
	}{
		{"every problem", `{"schema":"scrubs.pack/2","name":"","org":{"phones":["12"]},"lexicons":[{"id":"a","signal":"nope","terms":[]}],"patterns":[{"id":"p","kind":"identifier.mrn","regex":"("}]}`,
			[]string{"schema", "name", "org.phones[0]", "lexicons[0].signal", "lexicons[0].terms", "patterns[0].regex"}},
		{"syntax", "{\n  \"schema\": \"scrubs.pack/1\",\n  \"name\": }", []string{""}},
		{"not an object", `[]`, []string{""}},
		{"empty", ``, []string{""}},
	}
	for _, tc := range cases {
		w := c.admin(t, "PUT", "/v1/pack", []byte(tc.body))
		if w.Code != 422 {
			t.Errorf("%s: %s", tc.name, w)
			continue
		}
		problems := errorsOf(t, w)
		for _, p := range tc.paths {
			found := false
			for _, pr := range problems {
				found = found || pr.Path == p
			}
			if !found {
				t.Errorf("%s: no problem at %q in %+v", tc.name, p, problems)
			}
		}
		if tc.name == "syntax" && !strings.Contains(problems[0].Message, "line 3") {
			t.Errorf("syntax error without its line: %+v", problems)
		}
	}
	if w := c.admin(t, "PUT", "/v1/pack", OrgPack("x"), "Scrubs-Comment", strings.Repeat("x", 501)); w.Code != 422 {
		t.Errorf("long comment: %s", w)
	}
	if w := c.admin(t, "PUT", "/v1/pack?comment=a%0Ab", OrgPack("x")); w.Code != 422 {
		t.Errorf("two-line comment: %s", w)
	}
	if after := c.latest(t); after != before {
		t.Fatalf("an invalid pack changed the store: %d → %d", before, after)
	}
}

func checkPutPackTooLarge(t *testing.T, c *checker) {
	before := c.latest(t)
	big := append(OrgPack("x"), bytes.Repeat([]byte(" "), classifier.MaxPackBytes)...)
	for _, chunked := range []bool{false, true} {
		w := c.upload(t, "PUT", "/v1/pack", big, chunked, "Authorization", "Bearer "+c.Token)
		if w.Code != 413 {
			t.Fatalf("chunked %v: %s", chunked, w)
		}
		errorsOf(t, w)
	}
	if after := c.latest(t); after != before {
		t.Fatalf("a refused pack changed the store: %d → %d", before, after)
	}
}

// A pack of megabytes is stored and served byte
// for byte; on Workers it spans several D1 rows.
func checkLargePack(t *testing.T, c *checker) {
	small := OrgPack("large")
	pack := append(small[:len(small)-1:len(small)-1], bytes.Repeat([]byte("\n  "), 2_500_000/3)...)
	pack = append(pack, '}')
	pr := c.push(t, pack)
	o := c.open(t, c.get(t, "/v1/pack/"+strconv.FormatUint(pr.Version, 10)), 0)
	if o.Version != pr.Version || !bytes.Equal(o.Pack, pack) {
		t.Fatalf("version %d: %d bytes back, %d pushed", o.Version, len(o.Pack), len(pack))
	}
	// Put a small pack on top, so later fetches stay quick.
	c.push(t, OrgPack("after-large"))
}

func checkGetPackVersion(t *testing.T, c *checker) {
	pr := c.push(t, OrgPack("older"))
	c.push(t, OrgPack("newer"))
	path := "/v1/pack/" + strconv.FormatUint(pr.Version, 10)
	w := c.get(t, path)
	o := c.open(t, w, 0)
	if o.Version != pr.Version || !bytes.Equal(o.Pack, OrgPack("older")) {
		t.Fatalf("GET %s: version %d", path, o.Version)
	}
	if w.Header.Get("Cache-Control") == "" || w.Header.Get("ETag") == "" {
		t.Fatalf("headers %v", w.Header)
	}
	if w := c.get(t, path, "If-None-Match", w.Header.Get("ETag")); w.Code != 304 {
		t.Fatalf("304 on a version: %s", w)
	}
	if o := c.open(t, c.get(t, "/v1/pack/1"), 0); o.Version != 1 {
		t.Fatalf("version 1: %d", o.Version)
	}
	if w := c.get(t, "/v1/pack/"+strconv.FormatUint(pr.Version+1000, 10)); w.Code != 404 {
		t.Fatalf("unknown version: %s", w)
	} else {
		errorsOf(t, w)
	}
	for _, bad := range []string{"0", "x", "-1", "99999999999999999999999"} {
		if w := c.get(t, "/v1/pack/"+bad); w.Code != 400 {
			t.Fatalf("version %s: %s", bad, w)
		}
	}
}

func checkListAndRestore(t *testing.T, c *checker) {
	two := c.push(t, OrgPack("restore-2"), "Scrubs-Comment", "two")
	time.Sleep(1100 * time.Millisecond) // created times are to the second
	three := c.push(t, OrgPack("restore-3"), "Scrubs-Comment", "three")
	w := c.admin(t, "POST", "/v1/packs/"+strconv.FormatUint(two.Version, 10)+"/restore", nil)
	var pr packserver.PushResponse
	if w.Code != 201 || pr.UnmarshalJSON(w.Body) != nil {
		t.Fatalf("restore: %s", w)
	}
	if pr.Version != three.Version+1 || pr.Digest != two.Digest {
		t.Fatalf("restored as %+v after %d", pr, three.Version)
	}
	o := c.open(t, c.get(t, "/v1/pack"), pr.Version)
	if !bytes.Equal(o.Pack, OrgPack("restore-2")) {
		t.Fatalf("after restore: %q", o.Pack)
	}
	list := c.list(t)
	p := list.Packs
	if list.Current != pr.Version || len(p) < 4 || p[0].Version != pr.Version || p[0].RestoredFrom != two.Version ||
		p[0].Comment != fmt.Sprintf("restored version %d", two.Version) || p[1].Comment != "three" || p[2].Comment != "two" ||
		p[2].Size != len(OrgPack("restore-2")) || p[0].Digest != p[2].Digest || p[1].Created == p[2].Created ||
		p[len(p)-1].Version != 1 {
		t.Fatalf("list %+v", list)
	}
	for i, pi := range p {
		if _, err := time.Parse(time.RFC3339, pi.Created); err != nil || (i > 0 && pi.Version >= p[i-1].Version) {
			t.Fatalf("list entry %d: %+v", i, pi)
		}
	}
	w = c.admin(t, "POST", "/v1/packs/"+strconv.FormatUint(two.Version, 10)+"/restore", nil, "Scrubs-Comment", "back again")
	if w.Code != 201 || c.list(t).Packs[0].Comment != "back again" {
		t.Fatalf("restore with a comment: %s", w)
	}
	if w := c.admin(t, "POST", "/v1/packs/"+strconv.FormatUint(pr.Version+1000, 10)+"/restore", nil); w.Code != 404 {
		t.Fatalf("restore unknown: %s", w)
	}
}

// Concurrent pushes never produce two packs with one version; on Workers
// every request is its own instance, so only the store keeps them apart.
func checkConcurrentPushes(t *testing.T, c *checker) {
	before := c.latest(t)
	n := c.Concurrency
	versions := make(chan uint64, n)
	var retried atomic.Int64
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := OrgPack(fmt.Sprint("race-", i))
			push := func() (*response, error) {
				return c.send("PUT", "/v1/pack", bytes.NewReader(body), "Authorization", "Bearer "+c.Token)
			}
			w, err := push()
			// a runtime that restarts its worker under load (wrangler dev)
			// answers 503 for the runtime, not the store, or cuts the
			// connection: push again, as a client would
			for try := 0; try < 3 && (err != nil || runtimeRestart(w)); try++ {
				retried.Add(1)
				time.Sleep(time.Duration(200*(try+1)) * time.Millisecond)
				w, err = push()
			}
			if err != nil {
				t.Errorf("push %d: %v", i, err)
				return
			}
			var pr packserver.PushResponse
			if w.Code != 201 || pr.UnmarshalJSON(w.Body) != nil {
				t.Errorf("push %d: %s", i, w)
				return
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
	// a retried push whose first try was cut off may have been stored as well
	after := c.latest(t)
	if len(seen) != n || after < before+uint64(n) || after > before+uint64(n)+uint64(retried.Load()) {
		t.Fatalf("%d pushes answered (%d retried), latest %d → %d", len(seen), retried.Load(), before, after)
	}
	// Each version holds the pack its push was told it got.
	list := c.list(t)
	if list.Current != after {
		t.Fatalf("list current %d, latest %d", list.Current, after)
	}
	byVersion := map[uint64]packserver.PackInfo{}
	for _, p := range list.Packs {
		byVersion[p.Version] = p
	}
	for v := before + 1; v <= after; v++ {
		if _, ok := byVersion[v]; !ok {
			t.Fatalf("version %d missing from the list", v)
		}
	}
}

// runtimeRestart: the answer is the runtime's own 503 for a worker it
// restarted mid-request, not the server's.
func runtimeRestart(w *response) bool {
	return w.Code == http.StatusServiceUnavailable && bytes.Contains(w.Body, []byte("restarted"))
}

// row is one events row in the current week: fields are name, JSON value
// pairs, "-" leaves one out.
func row(fields ...string) string {
	m := map[string]string{"week": strconv.Quote(packserver.Week(time.Now())), "site": `"www.facebook.com"`, "verdict": `"warn"`,
		"kinds": `["identifier.phone"]`, "outcome": `"warned"`, "count": "1"}
	for i := 0; i+1 < len(fields); i += 2 {
		m[fields[i]] = fields[i+1]
	}
	var parts []string
	for _, k := range []string{"week", "site", "verdict", "kinds", "outcome", "reason", "rules", "count", "text", "url", "Verdict", "extra", "kind", "override"} {
		if v, ok := m[k]; ok && v != "-" {
			parts = append(parts, fmt.Sprintf("%q:%s", k, v))
		}
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func (c *checker) stats(t *testing.T) packserver.StatsResponse {
	t.Helper()
	var s packserver.StatsResponse
	w := c.admin(t, "GET", "/v1/stats", nil)
	if w.Code != 200 || s.UnmarshalJSON(w.Body) != nil {
		t.Fatalf("GET /v1/stats: %s", w)
	}
	return s
}

func rowOf(rows []packserver.StatsRow, key string) packserver.StatsRow {
	for _, r := range rows {
		if r.Key == key {
			return r
		}
	}
	return packserver.StatsRow{Key: key}
}

func checkEvents(t *testing.T, c *checker) {
	now := time.Now()
	week := packserver.Week(now)
	lastWeek := packserver.Week(now.AddDate(0, 0, -7))
	monday, _ := time.Parse(time.DateOnly, week)
	before := c.stats(t)
	good := `{"events":[` + row("verdict", `"block"`, "kinds", `["identifier.phone","health.condition"]`, "outcome", `"posted_anyway"`, "reason", `"consent_on_file"`, "count", "3") + "," +
		row("kinds", `["health.condition"]`, "outcome", `"false_alarm"`) + "," +
		row("verdict", `"block"`, "kinds", `["identifier.ssn"]`, "outcome", `"stopped"`, "site", `"instagram.com"`, "week", strconv.Quote(lastWeek)) + "," +
		row("outcome", `"edited"`, "site", `"social.example.org"`) + "]}"
	if w := c.events(t, good); w.Code != 204 {
		t.Fatalf("%s", w)
	}
	if w := c.events(t, `{"events":[`+row("count", "2")+`]}`); w.Code != 204 {
		t.Fatalf("%s", w)
	}
	if w := c.events(t, `{"events":[]}`); w.Code != 204 {
		t.Fatalf("no rows: %s", w)
	}
	// Without the enrolment key, or with another, nothing is taken.
	for name, key := range map[string]string{"no key": "", "wrong key": "scrubs-enrol-00000000000000000000000000000000"} {
		if w := c.events(t, good, packserver.EnrolmentHeader, key); w.Code != 401 {
			t.Errorf("%s: %s", name, w)
		}
	}
	// A web page's origin may not report.
	if w := c.events(t, good, "Origin", "https://evil.example"); w.Code != 403 {
		t.Errorf("from a web page: %s", w)
	}
	bad := map[string]string{
		"text at the top":          `{"events":[],"text":"Mrs Smith's chemo"}`,
		"text in an event":         `{"events":[` + row("text", `"Mrs Smith"`) + `]}`,
		"url in an event":          `{"events":[` + row("url", `"https://x"`) + `]}`,
		"case differs":             `{"events":[` + row("verdict", "-", "Verdict", `"warn"`) + `]}`,
		"nested unknown":           `{"events":[` + row("extra", `{"text":"x"}`) + `]}`,
		"duplicate field":          `{"events":[{"verdict":"warn",` + row()[1:] + `]}`,
		"missing field":            `{"events":[` + row("count", "-") + `]}`,
		"old format":               `{"events":[` + row("kinds", "-", "kind", `"identifier.phone"`, "override", "false") + `]}`,
		"unknown kind":             `{"events":[` + row("kinds", `["Mrs Smith"]`) + `]}`,
		"site with spaces":         `{"events":[` + row("site", `"Mrs Smith"`) + `]}`,
		"site upper case":          `{"events":[` + row("site", `"WWW.FACEBOOK.COM"`) + `]}`,
		"null kinds":               `{"events":[` + row("kinds", "null") + `]}`,
		"events twice":             `{"events":[],"events":[]}`,
		"event not object":         `{"events":["warn"]}`,
		"unknown verdict":          `{"events":[` + row("verdict", `"maybe"`) + `]}`,
		"unknown outcome":          `{"events":[` + row("outcome", `"shrugged"`) + `]}`,
		"reason as free text":      `{"events":[` + row("outcome", `"posted_anyway"`, "reason", `"Mrs Smith agreed"`) + `]}`,
		"posted anyway, no reason": `{"events":[` + row("outcome", `"posted_anyway"`) + `]}`,
		"unknown rule":             `{"events":[` + row("rules", `["Mrs Smith has chemo"]`) + `]}`,
		"not a monday":             `{"events":[` + row("week", strconv.Quote(monday.AddDate(0, 0, 1).Format(time.DateOnly))) + `]}`,
		"future week":              `{"events":[` + row("week", strconv.Quote(packserver.Week(now.AddDate(0, 0, 21)))) + `]}`,
		"old week":                 `{"events":[` + row("week", strconv.Quote(packserver.Week(now.AddDate(-1, 0, 0)))) + `]}`,
		"week not a date":          `{"events":[` + row("week", `"2026-W47"`) + `]}`,
		"zero count":               `{"events":[` + row("count", "0") + `]}`,
		"count over the cap":       `{"events":[` + row("count", strconv.Itoa(packserver.MaxEventCount+1)) + `]}`,
		"fractional count":         `{"events":[` + row("count", "1.5") + `]}`,
		"not json":                 `hello`,
		"array":                    `[]`,
		"empty":                    ``,
		"no events":                `{}`,
		"trailing":                 `{"events":[]} {}`,
		"one good, one bad":        `{"events":[` + row() + "," + row("text", `"x"`) + `]}`,
		"kinds not strings":        `{"events":[` + row("kinds", `[["identifier.ssn"]]`) + `]}`,
	}
	var wg sync.WaitGroup
	for name, body := range bad {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := c.events(t, body)
			if w.Code != 400 {
				t.Errorf("%s: %s", name, w)
				return
			}
			errorsOf(t, w)
		}()
	}
	wg.Wait()
	many := `{"events":[` + strings.Repeat(row()+",", packserver.MaxEvents) + row() + `]}`
	if w := c.events(t, many); w.Code != 400 && w.Code != 413 {
		t.Errorf("too many events: %s", w)
	}
	tooLarge := []byte(`{"events":[]}` + strings.Repeat(" ", packserver.MaxEventsBody))
	for _, chunked := range []bool{false, true} {
		h := append([]string{packserver.EnrolmentHeader, c.enrolment()}, c.clientHeader()...)
		if w := c.upload(t, "POST", "/v1/events", tooLarge, chunked, h...); w.Code != 413 {
			t.Errorf("too large (chunked %v): %s", chunked, w)
		}
	}
	if w := c.events(t, good, "Content-Type", "text/plain"); w.Code != 415 {
		t.Errorf("text/plain: %s", w)
	}

	after := c.stats(t)
	diff := func(name string, a, b int64, want int64) {
		if a-b != want {
			t.Errorf("%s: +%d, want +%d", name, a-b, want)
		}
	}
	// Posts, not findings: the 3 posted anyway had two kinds each.
	diff("drafts", after.Total.Drafts, before.Total.Drafts, 8)
	diff("posted anyway", after.Total.PostedAnyway, before.Total.PostedAnyway, 3)
	diff("posted anyway, consent on file", after.Total.Reasons["consent_on_file"], before.Total.Reasons["consent_on_file"], 3)
	diff("false alarms", after.Total.FalseAlarms, before.Total.FalseAlarms, 1)
	wa, wb := rowOf(after.Weeks, week), rowOf(before.Weeks, week)
	diff("this week's drafts", wa.Drafts, wb.Drafts, 7)
	diff("this week's warned", wa.Warned, wb.Warned, 2)
	diff("this week's edited", wa.Edited, wb.Edited, 1)
	diff("last week's stopped", rowOf(after.Weeks, lastWeek).Stopped, rowOf(before.Weeks, lastWeek).Stopped, 1)
	diff("kind identifier.phone", rowOf(after.Kinds, "identifier.phone").Drafts, rowOf(before.Kinds, "identifier.phone").Drafts, 6)
	diff("kind health.condition", rowOf(after.Kinds, "health.condition").Drafts, rowOf(before.Kinds, "health.condition").Drafts, 4)
	diff("kind identifier.ssn", rowOf(after.Kinds, "identifier.ssn").Drafts, rowOf(before.Kinds, "identifier.ssn").Drafts, 1)
	diff("site facebook", rowOf(after.Sites, "facebook").Drafts, rowOf(before.Sites, "facebook").Drafts, 6)
	diff("site instagram", rowOf(after.Sites, "instagram").Drafts, rowOf(before.Sites, "instagram").Drafts, 1)
	diff("site other", rowOf(after.Sites, "other").Drafts, rowOf(before.Sites, "other").Drafts, 1)
	for _, r := range after.Sites {
		if r.Key == "social.example.org" {
			t.Errorf("a made-up host has a row of its own: %+v", r)
		}
	}
	for i := 1; i < len(after.Weeks); i++ {
		if after.Weeks[i].Key <= after.Weeks[i-1].Key {
			t.Errorf("weeks out of order: %+v", after.Weeks)
		}
	}
	// The same report as CSV, for the admin only.
	if w := c.get(t, "/v1/stats.csv"); w.Code != 401 {
		t.Errorf("GET /v1/stats.csv without the token: %s", w)
	}
	if w := c.admin(t, "GET", "/v1/stats.csv", nil); w.Code != 200 || !strings.HasPrefix(w.Header.Get("Content-Type"), "text/csv") ||
		!bytes.HasPrefix(w.Body, []byte("section,key,from,to,drafts_warned,")) || !bytes.Contains(w.Body, []byte("\nkind,health.condition,")) {
		t.Errorf("GET /v1/stats.csv: %s", w)
	}
}

// One client may report EventBurst times at once, then gets 429 with a
// Retry-After; another client is not held back. Concurrent reports are
// all counted.
func checkEventsRateLimited(t *testing.T, c *checker) {
	if c.ClientHeader == "" || c.EventBurst == 0 {
		t.Skip("the event limit is off for this target")
	}
	before := c.stats(t)
	client := c.newClient()
	body := `{"events":[` + row("kinds", `["identifier.email"]`) + `]}`
	post := func(client string) *response {
		return c.do(t, "POST", "/v1/events", strings.NewReader(body), "Content-Type", "application/json",
			packserver.EnrolmentHeader, c.enrolment(), c.ClientHeader, client)
	}
	codes := make(chan int, c.EventBurst)
	var wg sync.WaitGroup
	for range c.EventBurst {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes <- post(client).Code
		}()
	}
	wg.Wait()
	close(codes)
	for code := range codes {
		if code != 204 {
			t.Fatalf("within the burst: %d", code)
		}
	}
	w := post(client)
	if w.Code != 429 || w.Header.Get("Retry-After") == "" {
		t.Fatalf("over the burst: %s, Retry-After %q", w, w.Header.Get("Retry-After"))
	}
	errorsOf(t, w)
	if w := post(c.newClient()); w.Code != 204 {
		t.Fatalf("another client: %s", w)
	}
	after := c.stats(t)
	if got := rowOf(after.Kinds, "identifier.email").Drafts - rowOf(before.Kinds, "identifier.email").Drafts; got != int64(c.EventBurst)+1 {
		t.Fatalf("counted %d reports, want %d", got, c.EventBurst+1)
	}
}

func (c *checker) audit(t *testing.T, query string) packserver.AuditResponse {
	t.Helper()
	var a packserver.AuditResponse
	w := c.admin(t, "GET", "/v1/audit"+query, nil)
	if w.Code != 200 || a.UnmarshalJSON(w.Body) != nil || w.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("GET /v1/audit%s: %s", query, w)
	}
	return a
}

// Every publish and restore leaves an entry: who, when, what; newest
// first, numbered in order; the log is for admins only, also as CSV.
func checkAuditLog(t *testing.T, c *checker) {
	for _, path := range []string{"/v1/audit", "/v1/audit.csv"} {
		if w := c.get(t, path); w.Code != 401 {
			t.Errorf("GET %s without the token: %s", path, w)
		}
	}
	before := c.audit(t, "")
	start := time.Now().UTC().Add(-time.Second)
	pr := c.push(t, OrgPack("audited"), "Scrubs-Comment", "audit check")
	w := c.admin(t, "POST", "/v1/packs/"+strconv.FormatUint(pr.Version, 10)+"/restore", nil)
	var rr packserver.PushResponse
	if w.Code != 201 || rr.UnmarshalJSON(w.Body) != nil {
		t.Fatalf("restore: %s", w)
	}
	after := c.audit(t, "")
	if len(after.Entries) != len(before.Entries)+2 {
		t.Fatalf("%d entries before, %d after a publish and a restore", len(before.Entries), len(after.Entries))
	}
	restore, publish := after.Entries[0], after.Entries[1]
	for i, e := range after.Entries[1:] {
		if e.Seq >= after.Entries[i].Seq {
			t.Fatalf("entries out of order: %+v then %+v", after.Entries[i], e)
		}
	}
	if len(before.Entries) > 0 && publish.Seq <= before.Entries[0].Seq {
		t.Fatalf("a new entry reuses a number: %+v after %+v", publish, before.Entries[0])
	}
	for _, e := range []packserver.AuditEntryOut{restore, publish} {
		at, err := time.Parse(time.RFC3339, e.Time)
		if err != nil || at.Before(start.Truncate(time.Second)) || at.After(time.Now().Add(time.Minute)) || e.Actor == "" || e.Actor == "unknown" {
			t.Errorf("entry %+v", e)
		}
	}
	if publish.Action != packserver.AuditPublish || publish.Target != fmt.Sprintf("version %d", pr.Version) || !strings.Contains(publish.Detail, "audit check") {
		t.Errorf("publish entry %+v", publish)
	}
	if restore.Action != packserver.AuditRestore || restore.Target != fmt.Sprintf("version %d", rr.Version) ||
		!strings.Contains(restore.Detail, fmt.Sprintf("version %d", pr.Version)) {
		t.Errorf("restore entry %+v", restore)
	}
	// A period that ended before today has none of them.
	old := c.audit(t, "?to="+time.Now().AddDate(0, 0, -14).Format(time.DateOnly))
	for _, e := range old.Entries {
		if e.Seq >= publish.Seq {
			t.Errorf("an entry of today in a period that ended two weeks ago: %+v", e)
		}
	}
	w = c.admin(t, "GET", "/v1/audit.csv?from="+time.Now().Format(time.DateOnly), nil)
	if w.Code != 200 || !strings.HasPrefix(w.Header.Get("Content-Type"), "text/csv") ||
		!bytes.HasPrefix(w.Body, []byte("seq,time,who,action,target,what_changed\n")) ||
		!bytes.Contains(w.Body, []byte(","+packserver.AuditRestore+",version "+strconv.FormatUint(rr.Version, 10)+",")) {
		t.Errorf("GET /v1/audit.csv: %s", w)
	}
}

func (c *checker) diff(t *testing.T, w *response) packserver.DiffResponse {
	t.Helper()
	var d packserver.DiffResponse
	if w.Code != 200 || d.UnmarshalJSON(w.Body) != nil {
		t.Fatalf("diff: %s", w)
	}
	return d
}

// Before a publish the server says what it would change in the version in
// use, in plain words; a publish reviewed against a version that is no
// longer in use is refused; a restore says what it brings back; the audit
// log keeps the changes.
func checkPublishDiff(t *testing.T, c *checker) {
	base := c.push(t, OrgPack("diff-base"))
	next := []byte(`{"schema":"scrubs.pack/1","name":"diff-next","base":"default","org":{"name":"Riverside Clinic","phones":["(555) 201-3344","(555) 201-4400"]},` +
		`"lexicons":[{"id":"our-units","signal":"setting","terms":["Willow Unit"]}]}`)
	d := c.diff(t, c.admin(t, "POST", "/v1/pack/diff", next))
	if d.Against != base.Version {
		t.Fatalf("against %d, want %d", d.Against, base.Version)
	}
	for _, want := range []string{"Pack name: “diff-base” → “diff-next”", "Organisation profile, Phone numbers: added “(555) 201-4400”",
		"Extra terms, the list “our-units” (setting): added “Willow Unit”"} {
		if !strings.Contains(d.Summary, want) {
			t.Errorf("diff %q lacks %q", d.Summary, want)
		}
	}
	if len(d.Changes) != 3 || d.Changes[1].Section != "Organisation profile" || d.Changes[1].Item != "Phone numbers" ||
		len(d.Changes[1].Added) != 1 || d.Changes[1].Change != "changed" {
		t.Errorf("changes %+v", d.Changes)
	}
	// Someone else publishes in between: the reviewed publish is refused.
	other := c.push(t, OrgPack("diff-other"))
	v := strconv.FormatUint(d.Against, 10)
	if w := c.admin(t, "PUT", "/v1/pack", next, packserver.BaseVersionHeader, v); w.Code != 409 {
		t.Fatalf("a publish reviewed against version %s: %s", v, w)
	}
	if w := c.admin(t, "POST", "/v1/packs/"+v+"/restore", nil, packserver.BaseVersionHeader, v); w.Code != 409 {
		t.Fatalf("a restore reviewed against version %s: %s", v, w)
	}
	if c.latest(t) != other.Version {
		t.Fatal("a refused publish changed the store")
	}
	pr := c.push(t, next, packserver.BaseVersionHeader, strconv.FormatUint(other.Version, 10))
	if e := c.lastAudit(t); e.Action != packserver.AuditPublish || !strings.Contains(e.Detail, "Extra terms, the list “our-units” (setting): added “Willow Unit”") {
		t.Errorf("the publish's audit entry: %+v", e)
	}
	// What restoring diff-base would bring back, for a viewer too.
	viewer := tokenFor(t, c, packserver.RoleViewer)
	rd := c.diff(t, c.as(t, viewer, "GET", "/v1/packs/"+strconv.FormatUint(base.Version, 10)+"/diff", nil))
	if rd.Against != pr.Version || rd.Version != base.Version || !strings.Contains(rd.Summary, "Extra terms, the list “our-units”: removed “Willow Unit”") ||
		!strings.Contains(rd.Summary, "Phone numbers: removed “(555) 201-4400”") {
		t.Errorf("restore diff %+v", rd)
	}
	if w := c.as(t, viewer, "POST", "/v1/pack/diff", next); w.Code != 403 {
		t.Errorf("a viewer's publish diff: %s", w)
	}
	if w := c.admin(t, "GET", "/v1/packs/"+strconv.FormatUint(pr.Version+1000, 10)+"/diff", nil); w.Code != 404 {
		t.Errorf("diff of an unknown version: %s", w)
	}
	w := c.admin(t, "POST", "/v1/packs/"+strconv.FormatUint(base.Version, 10)+"/restore", nil, packserver.BaseVersionHeader, strconv.FormatUint(pr.Version, 10))
	if w.Code != 201 {
		t.Fatalf("restore: %s", w)
	}
	if e := c.lastAudit(t); e.Action != packserver.AuditRestore || !strings.Contains(e.Detail, "removed “Willow Unit”") {
		t.Errorf("the restore's audit entry: %+v", e)
	}
}

// tokenFor makes an API token with role for a check and returns it.
func tokenFor(t *testing.T, c *checker, role packserver.Role) string {
	t.Helper()
	w := c.admin(t, "POST", "/v1/tokens", jsonBody(t, &packserver.TokenRequest{Name: name(fmt.Sprintf("%s-%d", role, c.clients.Add(1))), Role: role}))
	var info packserver.TokenInfo
	if w.Code != 201 || info.UnmarshalJSON(w.Body) != nil {
		t.Fatalf("a %s token: %s", role, w)
	}
	return info.Token
}

// The roll-out kit: Chrome/Edge and Firefox policies and a .reg file,
// filled in with this server's address, signing key and enrolment key.
func checkRolloutKit(t *testing.T, c *checker) {
	w := c.admin(t, "GET", "/v1/rollout?url=https://scrubs.example.org", nil)
	var k packserver.RolloutResponse
	if w.Code != 200 || k.UnmarshalJSON(w.Body) != nil || len(k.Files) != 3 {
		t.Fatalf("GET /v1/rollout: %s", w)
	}
	if k.ServerURL != "https://scrubs.example.org" || k.PublicKey != c.Keys[0].String() || k.EnrolmentKey != c.enrolment() {
		t.Fatalf("kit %+v", k)
	}
	var chrome struct {
		ExtensionSettings map[string]map[string]string
		ThirdParty        struct {
			Extensions map[string]map[string]any `json:"extensions"`
		} `json:"3rdparty"`
	}
	if err := json.Unmarshal([]byte(k.Files[0].Body), &chrome); err != nil {
		t.Fatalf("the Chrome policy: %v", err)
	}
	es, pol := chrome.ExtensionSettings[k.ChromiumID], chrome.ThirdParty.Extensions[k.ChromiumID]
	if es["installation_mode"] != "force_installed" || es["toolbar_pin"] != "force_pinned" || es["update_url"] == "" ||
		pol["serverUrl"] != "https://scrubs.example.org" || pol["enrolmentKey"] != c.enrolment() ||
		fmt.Sprint(pol["publicKeys"]) != "["+c.Keys[0].String()+"]" {
		t.Errorf("the Chrome policy: %s", k.Files[0].Body)
	}
	var firefox struct {
		Policies struct {
			ExtensionSettings map[string]map[string]string
			ThirdParty        struct {
				Extensions map[string]map[string]any
			} `json:"3rdparty"`
		} `json:"policies"`
	}
	if err := json.Unmarshal([]byte(k.Files[2].Body), &firefox); err != nil || k.Files[2].Name != "policies.json" {
		t.Fatalf("the Firefox policy: %v", err)
	}
	if ff := firefox.Policies.ThirdParty.Extensions[packserver.FirefoxExtensionID]; ff["enrolmentKey"] != c.enrolment() ||
		firefox.Policies.ExtensionSettings[packserver.FirefoxExtensionID]["installation_mode"] != "force_installed" {
		t.Errorf("the Firefox policy: %s", k.Files[2].Body)
	}
	if !strings.Contains(k.Files[1].Body, `"serverUrl"="https://scrubs.example.org"`) || !strings.Contains(k.Files[1].Body, `Policies\Microsoft\Edge`) {
		t.Errorf("the .reg file: %s", k.Files[1].Body)
	}
	for _, bad := range []string{"ftp://x", "https://", "https://a.example/path", "https://u:p@a.example"} {
		if w := c.admin(t, "GET", "/v1/rollout?url="+url.QueryEscape(bad), nil); w.Code != 400 {
			t.Errorf("url %q: %s", bad, w)
		}
	}
	viewer := tokenFor(t, c, packserver.RoleViewer)
	if w := c.as(t, viewer, "GET", "/v1/rollout", nil); w.Code != 403 {
		t.Errorf("a viewer's kit (it holds the enrolment key): %s", w)
	}
}
