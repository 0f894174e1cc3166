//go:build !(js && wasm)

package main

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/scrubs/scrubs/classifier/envelope"
	"github.com/scrubs/scrubs/server/apitest"
	"github.com/scrubs/scrubs/server/crx"
	"github.com/scrubs/scrubs/server/extpkg"
	"github.com/scrubs/scrubs/server/packserver"
)

// eventBurst is the event limit the local Worker runs with.
const eventBurst = 30

// TestWorkers runs the API checks the native build passes (server/apitest)
// against this build in the local Workers runtime: `wrangler dev --local`
// (workerd, with a local D1), started here in its own session and
// stopped, with its process group, afterwards. It needs the build in
// build/ and npm's packages in node_modules/ (scripts/test-workers makes
// both, then runs this with SCRUBS_WORKERS=1).
//
// With SCRUBS_WORKERS_URL it checks a Worker that is already running
// instead: SCRUBS_WORKERS_TOKEN is its admin token, SCRUBS_WORKERS_KEY its
// public signing key, SCRUBS_WORKERS_EVENT_BURST its event burst,
// SCRUBS_WORKERS_EXTENSION_ID the id its SCRUBS_EXTENSION_KEY gives (empty
// when it has none).
func TestWorkers(t *testing.T) {
	if url := os.Getenv("SCRUBS_WORKERS_URL"); url != "" {
		key, err := envelope.ParsePublicKey(os.Getenv("SCRUBS_WORKERS_KEY"))
		if err != nil {
			t.Fatalf("SCRUBS_WORKERS_KEY: %v", err)
		}
		burst, _ := strconv.Atoi(os.Getenv("SCRUBS_WORKERS_EVENT_BURST"))
		apitest.Run(t, apitest.Target{URL: strings.TrimSuffix(url, "/"), Token: os.Getenv("SCRUBS_WORKERS_TOKEN"),
			Keys: []envelope.PublicKey{key}, ClientHeader: "CF-Connecting-IP", EventBurst: burst, Repo: apitest.Repository(t),
			ExtensionID: os.Getenv("SCRUBS_WORKERS_EXTENSION_ID")})
		return
	}
	if os.Getenv("SCRUBS_WORKERS") == "" {
		t.Skip("set SCRUBS_WORKERS=1 to run the API checks under wrangler dev --local (scripts/test-workers does)")
	}
	w := startWrangler(t)
	t.Run("ColdStart", func(t *testing.T) { checkColdStart(t, w) })
	apitest.Run(t, apitest.Target{URL: w.url, Token: w.token, Keys: []envelope.PublicKey{w.key.Public()},
		ClientHeader: "CF-Connecting-IP", EventBurst: eventBurst, Repo: apitest.Repository(t), ExtensionID: w.extensionID,
		// each request is a fresh Go instance validating a whole pack: keep
		// the local runtime under its memory limit
		Concurrency: 6, MaxInFlight: 4})
	w.reportFailure(t)
}

// TestWorkersPages runs the headless-Chromium page tests of the native
// server (server/e2e: /admin as each role, publish, restore, reports,
// CSV, audit log, roll-out kit; /try marking as it is typed with the
// classifier module from the static assets) against this build, each
// file against a fresh Worker (they expect an empty store).
func TestWorkersPages(t *testing.T) {
	if os.Getenv("SCRUBS_WORKERS") == "" || os.Getenv("SCRUBS_WORKERS_URL") != "" {
		t.Skip("set SCRUBS_WORKERS=1 to run under wrangler dev --local")
	}
	if _, err := os.Stat("../e2e/node_modules/playwright-core"); err != nil {
		t.Fatal("server/e2e has no playwright-core: run scripts/setup-server (it installs Chromium too)")
	}
	for _, file := range []string{"admin.test.mjs", "try.test.mjs"} {
		t.Run(strings.TrimSuffix(file, ".test.mjs"), func(t *testing.T) {
			w := startWrangler(t)
			// The native server publishes the default pack before it
			// listens; here the first API request does (ColdStart checks
			// that race), so it is made first, alone, as natively, and the
			// page's first requests do not all publish at once.
			if resp, err := http.Get(w.url + "/healthz"); err != nil || resp.StatusCode != 200 {
				t.Fatalf("GET /healthz on a fresh Worker: %v %v", resp, err)
			} else {
				resp.Body.Close()
			}
			cmd := exec.Command("node", "--test", "--test-reporter=spec", file)
			cmd.Dir = "../e2e"
			cmd.Env = append(os.Environ(), "SCRUBS_E2E_URL="+w.url, "SCRUBS_E2E_TOKEN="+w.token)
			out, err := cmd.CombinedOutput()
			if err != nil {
				// scripts/test-workers shows the first line of each
				// message: name what failed there, the whole output after.
				var failed []string
				for _, line := range strings.Split(string(out), "\n") {
					if line = strings.TrimSpace(line); (strings.HasPrefix(line, "✖") || strings.Contains(line, "Error")) && len(failed) < 4 {
						failed = append(failed, line)
					}
				}
				t.Errorf("node --test %s: %v: %s\n%s", file, err, strings.Join(failed, " | "), out)
			}
			w.reportFailure(t)
		})
	}
}

// A Worker without its secrets answers every request with a 500 that
// names what is missing, and nothing else.
func TestWorkersUnconfigured(t *testing.T) {
	if os.Getenv("SCRUBS_WORKERS") == "" || os.Getenv("SCRUBS_WORKERS_URL") != "" {
		t.Skip("set SCRUBS_WORKERS=1 to run under wrangler dev --local")
	}
	w := startWrangler(t, "SCRUBS_SIGNING_KEY=", "SCRUBS_ADMIN_TOKEN=short", "SCRUBS_EXTENSION_KEY=not-a-key")
	resp, err := http.Get(w.url + "/v1/pack")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body bytes.Buffer
	body.ReadFrom(resp.Body)
	if resp.StatusCode != 500 || !strings.Contains(body.String(), "SCRUBS_SIGNING_KEY is not set") ||
		!strings.Contains(body.String(), "SCRUBS_ADMIN_TOKEN must be at least 16 characters") || strings.Contains(body.String(), "short") ||
		!strings.Contains(body.String(), "SCRUBS_EXTENSION_KEY is not the extension's signing key") || strings.Contains(body.String(), "not-a-key") {
		t.Fatalf("%d %s", resp.StatusCode, body.String())
	}
}

// Instances that start together on an empty database publish the default
// pack once: the first requests race to store version 1, and all of them
// serve the same envelope.
func checkColdStart(t *testing.T, w *wrangler) {
	const n = 8
	type result struct {
		code int
		etag string
		err  error
	}
	results := make(chan result, n)
	for range n {
		go func() {
			resp, err := http.Get(w.url + "/v1/pack")
			if err != nil {
				results <- result{err: err}
				return
			}
			resp.Body.Close()
			results <- result{code: resp.StatusCode, etag: resp.Header.Get("ETag")}
		}()
	}
	etags := map[string]bool{}
	for range n {
		r := <-results
		if r.err != nil || r.code != 200 {
			t.Fatalf("GET /v1/pack on a cold start: %d %v", r.code, r.err)
		}
		etags[r.etag] = true
	}
	req, _ := http.NewRequest("GET", w.url+"/v1/packs", nil)
	req.Header.Set("Authorization", "Bearer "+w.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list packserver.PacksResponse
	var body bytes.Buffer
	body.ReadFrom(resp.Body)
	if err := list.UnmarshalJSON(body.Bytes()); err != nil || len(list.Packs) != 1 || list.Current != 1 || len(etags) != 1 {
		t.Fatalf("after a cold start: %d ETags %v, list %s", len(etags), etags, body.String())
	}
}

type wrangler struct {
	url         string
	token       string
	key         envelope.PrivateKey
	extensionID string // what its SCRUBS_EXTENSION_KEY gives
	logName     string
}

// reportFailure, when t failed, tells a runtime that stopped answering
// altogether (seen under load: workerd's thread busy in V8's sweeper,
// never answering again) from a wrong answer, and shows wrangler's log.
func (w *wrangler) reportFailure(t *testing.T) {
	if !t.Failed() {
		return
	}
	probe := &http.Client{Timeout: 10 * time.Second}
	if resp, err := probe.Get(w.url + "/healthz"); err != nil {
		t.Logf("the local runtime no longer answers GET /healthz (%v): it is stuck, not the check's answer", err)
	} else {
		resp.Body.Close()
	}
	// It can also stall for a while and come back (seen under load: a
	// GET /v1/keys beside a GET /v1/pack answered after 28 s, the page
	// test having given up at 30 s); no request takes 20 s otherwise.
	data, _ := os.ReadFile(w.logName)
	for _, m := range stalled.FindAllStringSubmatch(string(data), -1) {
		if ms, _ := strconv.Atoi(m[2]); ms > 20000 {
			t.Logf("the local runtime stalled: %s took %d ms", m[1], ms)
		}
	}
	t.Logf("wrangler's log (all of it in %s, its debug log in %s), the end:\n%s", w.logName,
		strings.TrimSuffix(w.logName, ".log")+".debug.log", w.log())
}

// stalled finds wrangler's line for each answered request.
var stalled = regexp.MustCompile(`\[wrangler:info\] (\S+ \S+) \d{3} [^(]*\((\d+)ms\)`)

func (w *wrangler) log() string {
	data, _ := os.ReadFile(w.logName)
	if len(data) > 8000 {
		data = data[len(data)-8000:]
	}
	return string(data)
}

// startWrangler starts `wrangler dev --local` on a free loopback port
// with a new signing key, extension key and admin token (env lines
// override them) and a fresh local D1, and waits until it answers.
func startWrangler(t *testing.T, env ...string) *wrangler {
	t.Helper()
	for _, need := range []string{"build/app.wasm", "build/worker.mjs", "build/assets/wasm/classifier.wasm", "build/assets/" + extpkg.ChromiumZip, "node_modules/.bin/wrangler"} {
		if _, err := os.Stat(need); err != nil {
			t.Fatalf("%s is missing: run scripts/test-workers (it builds, and runs npm ci when needed)", need)
		}
	}
	dir := t.TempDir()
	key, err := envelope.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tok := make([]byte, 18)
	rand.Read(tok)
	// The log stays in build/ (ignored by git) for a look after a failure,
	// and so does wrangler's own, with its debug lines and times.
	logName, _ := filepath.Abs(filepath.Join("build", strings.ReplaceAll(t.Name(), "/", "-")+".log"))
	debugLog := strings.TrimSuffix(logName, ".log") + ".debug.log"
	os.Remove(debugLog)
	crxKey, err := crx.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	crxPEM, err := crx.EncodeKey(crxKey)
	if err != nil {
		t.Fatal(err)
	}
	w := &wrangler{token: fmt.Sprintf("workers-test-%x", tok), key: key, logName: logName, extensionID: crx.ID(crx.PublicKeyDER(crxKey))}
	lines := append([]string{"SCRUBS_SIGNING_KEY=" + key.String(), "SCRUBS_ADMIN_TOKEN=" + w.token,
		// a dotenv value on one line: double quotes turn each \n back into a line break
		`SCRUBS_EXTENSION_KEY="` + strings.ReplaceAll(string(crxPEM), "\n", `\n`) + `"`}, env...)
	envFile := filepath.Join(dir, "secrets.env")
	if err := os.WriteFile(envFile, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	port, inspector := freePort(t), freePort(t)
	w.url = "http://127.0.0.1:" + port
	logFile, err := os.Create(w.logName)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	cmd := exec.Command("node_modules/.bin/wrangler", "dev", "--local",
		"--ip", "127.0.0.1", "--port", port, "--inspector-port", inspector,
		"--env-file", envFile, "--persist-to", filepath.Join(dir, "state"),
		"--var", "SCRUBS_EVENT_RATE:1", "--var", "SCRUBS_EVENT_BURST:"+strconv.Itoa(eventBurst),
		"--show-interactive-dev-session=false", "--log-level", "info")
	cmd.Env = append(os.Environ(), "CI=true", "WRANGLER_SEND_METRICS=false", "CLOUDFLARE_CF_FETCH_ENABLED=false",
		"NO_COLOR=1", "FORCE_COLOR=0", "XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "WRANGLER_LOG_PATH="+debugLog)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Stdin = nil
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true} // its own process group, stopped as one
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The script that runs this stops what is left if the test itself
	// is killed before its clean-up (a timeout): it reads the ids here.
	if f, err := os.OpenFile(filepath.Join("build", "wrangler.pgids"), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644); err == nil {
		fmt.Fprintln(f, cmd.Process.Pid)
		f.Close()
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
		// workerd may outlive wrangler for a moment; the group goes too.
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	})
	// Wait with an empty events report, the one request that does not
	// publish the default pack (ColdStart checks that), from a client of
	// its own (it counts against the event limit).
	client := &http.Client{Timeout: 30 * time.Second}
	for deadline := time.Now().Add(90 * time.Second); ; {
		select {
		case <-exited:
			t.Fatalf("wrangler exited before it answered:\n%s", w.log())
		default:
		}
		req, _ := http.NewRequest("POST", w.url+"/v1/events", strings.NewReader(`{"events":[]}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("CF-Connecting-IP", "192.0.2.1")
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			t.Logf("wrangler dev answered after %s", time.Since(start).Round(100*time.Millisecond))
			return w
		}
		if time.Now().After(deadline) {
			t.Fatalf("wrangler did not answer in 90s:\n%s", w.log())
		}
		time.Sleep(250 * time.Millisecond)
	}
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}
