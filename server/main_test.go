package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/scrubs/scrubs/classifier/envelope"
	"github.com/scrubs/scrubs/server/packserver"
)

// The tests here run the real binary, built once in TestMain.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "scrubs-server-test")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "scrubs-server")
	out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "building the server: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type proc struct {
	cmd    *exec.Cmd
	url    string
	stderr *bytes.Buffer
	mu     *sync.Mutex
}

const testToken = "kill-test-admin-token-0123456789"

// start runs the server on a free port and waits until it listens.
func start(t *testing.T, dir string, env ...string) *proc {
	t.Helper()
	return startArgs(t, []string{"-data", dir}, env...)
}

func startArgs(t *testing.T, args []string, env ...string) *proc {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"-listen", "127.0.0.1:0", "-event-rate", "-1"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	pipe, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &proc{cmd: cmd, stderr: new(bytes.Buffer), mu: new(sync.Mutex)}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pipe)
		re := regexp.MustCompile(`listening on (http://\S+)`)
		for sc.Scan() {
			p.mu.Lock()
			p.stderr.WriteString(sc.Text() + "\n")
			p.mu.Unlock()
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
		io.Copy(io.Discard, pipe)
	}()
	select {
	case p.url = <-addr:
	case <-time.After(20 * time.Second):
		t.Fatalf("the server did not start: %s", p.log())
	}
	return p
}

func (p *proc) log() string { p.mu.Lock(); defer p.mu.Unlock(); return p.stderr.String() }

func (p *proc) kill9() {
	p.cmd.Process.Signal(syscall.SIGKILL)
	p.cmd.Wait()
}

func (p *proc) push(pack []byte) (int, []byte, error) {
	req, _ := http.NewRequest("PUT", p.url+"/v1/pack", bytes.NewReader(pack))
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, body, err
}

func (p *proc) get(t *testing.T, path string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(p.url + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, body
}

func pubKey(t *testing.T, dir string) envelope.PublicKey {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "signing.pub"))
	if err != nil {
		t.Fatal(err)
	}
	k, err := envelope.ParsePublicKey(string(data))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// current opens GET /v1/pack with the server's key.
func (p *proc) current(t *testing.T, keys ...envelope.PublicKey) *envelope.Opened {
	t.Helper()
	code, body := p.get(t, "/v1/pack")
	if code != 200 {
		t.Fatalf("GET /v1/pack: %d %s", code, body)
	}
	o, err := envelope.Open(body, keys, 1, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func TestFirstStart(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	p := start(t, dir)
	for name, mode := range map[string]os.FileMode{"signing.key": 0o600, "admin-token": 0o600} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil || fi.Mode().Perm() != mode {
			t.Fatalf("%s: %v %v", name, fi.Mode(), err)
		}
	}
	token, _ := os.ReadFile(filepath.Join(dir, "admin-token"))
	if !strings.Contains(p.log(), strings.TrimSpace(string(token))) {
		t.Fatalf("the generated token was not printed: %s", p.log())
	}
	if o := p.current(t, pubKey(t, dir)); o.Version != 1 {
		t.Fatalf("first version %d", o.Version)
	}
	p.kill9()
	// Started again: same key, same token, not printed again.
	p = start(t, dir)
	if strings.Contains(p.log(), strings.TrimSpace(string(token))) {
		t.Fatal("the token was printed twice")
	}
	if o := p.current(t, pubKey(t, dir)); o.Version != 1 {
		t.Fatalf("after restart: version %d", o.Version)
	}
	// SCRUBS_ADMIN_TOKEN wins over the file.
	p.kill9()
	p = start(t, dir, "SCRUBS_ADMIN_TOKEN="+testToken)
	if code, body, _ := p.push(orgPack(0)); code != 201 {
		t.Fatalf("push with SCRUBS_ADMIN_TOKEN: %d %s", code, body)
	}
	// A second server on the same directory is refused.
	cmd := exec.Command(binary, "-listen", "127.0.0.1:0", "-data", dir)
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "another server") {
		t.Fatalf("second server: %v %s", err, out)
	}
}

func orgPack(i int) []byte {
	staff := make([]string, 3000)
	for j := range staff {
		staff[j] = fmt.Sprintf("%q", fmt.Sprintf("Staff Member %d-%d", i, j))
	}
	return []byte(fmt.Sprintf(`{"schema":"scrubs.pack/1","name":"push %d","base":"default","org":{"name":"Clinic","staff":[%s]}}`, i, strings.Join(staff, ",")))
}

// kill -9 during pushes leaves the previous (or the new) version served
// and the store readable.
func TestKillDuringPush(t *testing.T) {
	dir := t.TempDir()
	env := "SCRUBS_ADMIN_TOKEN=" + testToken
	p := start(t, dir, env)
	key := pubKey(t, dir)
	var acked uint64 = 1
	for round := range 8 {
		var mu sync.Mutex
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				code, body, err := p.push(orgPack(round*1000 + i))
				if err != nil {
					return // killed
				}
				var pr packserver.PushResponse
				if code != 201 || pr.UnmarshalJSON(body) != nil {
					t.Errorf("push: %d %s", code, body)
					return
				}
				mu.Lock()
				acked = pr.Version
				mu.Unlock()
			}
		}()
		time.Sleep(time.Duration(50+rand.IntN(250)) * time.Millisecond)
		p.kill9()
		close(stop)
		<-done
		mu.Lock()
		last := acked
		mu.Unlock()

		p = start(t, dir, env)
		o := p.current(t, key)
		if o.Version != last && o.Version != last+1 {
			t.Fatalf("round %d: serving version %d; the last acknowledged push was %d", round, o.Version, last)
		}
		// Every version is listed and served, signed.
		req, _ := http.NewRequest("GET", p.url+"/v1/packs", nil)
		req.Header.Set("Authorization", "Bearer "+testToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var list packserver.PacksResponse
		if err := list.UnmarshalJSON(body); err != nil {
			t.Fatal(err)
		}
		if list.Current != o.Version || len(list.Packs) != int(o.Version) {
			t.Fatalf("round %d: current %d, %d versions, serving %d", round, list.Current, len(list.Packs), o.Version)
		}
		for _, v := range []uint64{1, max(1, o.Version/2), o.Version} {
			code, body := p.get(t, fmt.Sprintf("/v1/pack/%d", v))
			if _, err := envelope.Open(body, []envelope.PublicKey{key}, v, time.Now()); code != 200 || err != nil {
				t.Fatalf("round %d: version %d: %d %v", round, v, code, err)
			}
		}
		if strings.Contains(p.log(), ".bad") {
			t.Fatalf("a damaged file: %s", p.log())
		}
		acked = o.Version
		t.Logf("round %d: killed after version %d was acknowledged; serving %d", round, last, o.Version)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "packs"))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left after restart", e.Name())
		}
	}
}

func TestConcurrentPushesBinary(t *testing.T) {
	dir := t.TempDir()
	p := start(t, dir, "SCRUBS_ADMIN_TOKEN="+testToken)
	const n = 16
	versions := make(chan uint64, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, body, err := p.push(orgPack(i))
			var pr packserver.PushResponse
			if err != nil || code != 201 || pr.UnmarshalJSON(body) != nil {
				t.Errorf("push %d: %d %v", i, code, err)
			}
			versions <- pr.Version
		}()
	}
	wg.Wait()
	close(versions)
	seen := map[uint64]bool{}
	for v := range versions {
		if seen[v] || v < 2 || v > n+1 {
			t.Fatalf("version %d given twice or out of range", v)
		}
		seen[v] = true
	}
}

func TestRotateKey(t *testing.T) {
	dir := t.TempDir()
	p := start(t, dir, "SCRUBS_ADMIN_TOKEN="+testToken)
	old := pubKey(t, dir)
	if code, body, _ := p.push(orgPack(1)); code != 201 {
		t.Fatalf("push: %d %s", code, body)
	}
	// Rotating while the server runs is refused (it holds the store).
	if out, err := exec.Command(binary, "-data", dir, "-rotate-key").CombinedOutput(); err == nil || !strings.Contains(string(out), "stop the server") {
		t.Fatalf("rotation with the server running: %v %s", err, out)
	}
	p.kill9()
	os.WriteFile(filepath.Join(dir, "signing.key.1700000000"), []byte("retired"), 0o600)
	if out, err := exec.Command(binary, "-data", dir, "-rotate-key").CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	p = start(t, dir)
	nu := pubKey(t, dir)
	if nu.Equal(old) {
		t.Fatal("same key after rotation")
	}
	if !strings.Contains(p.log(), "signing.key.1700000000 is a retired private key") {
		t.Errorf("no warning about the retired key file: %s", p.log())
	}
	// No copy of the old private key is left (an older server's file aside).
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		data, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		if e.Name() != "signing.key.1700000000" && strings.Contains(string(data), "scrubs-ed25519-secret:") && e.Name() != "signing.key" {
			t.Errorf("%s holds a private key", e.Name())
		}
	}
	// An extension that pinned the old key accepts packs signed by the new
	// one, through the root every envelope carries, from the current
	// version on.
	o := p.current(t, old)
	if o.KeyID != nu.ID() || len(o.State.Roots) != 1 || o.Version != 2 {
		t.Fatalf("signed by %s, roots %v, version %d", o.KeyID, o.State.Roots, o.Version)
	}
	code, body := p.get(t, "/v1/pack/1")
	if _, err := envelope.Open(body, []envelope.PublicKey{old}, 0, time.Now()); code != 200 || !errors.Is(err, envelope.ErrVersionTooLow) {
		t.Fatalf("v1 re-signed by the new key: %d %v", code, err)
	}
	code, body = p.get(t, "/v1/keys")
	var keys packserver.KeysResponse
	if code != 200 || keys.UnmarshalJSON(body) != nil || keys.Signing != nu.ID() || len(keys.Roots) != 1 {
		t.Fatalf("keys: %s", body)
	}
	// A second rotation chains on: pinned to the first key still works.
	p.kill9()
	if out, err := exec.Command(binary, "-data", dir, "-rotate-key").CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	p = start(t, dir)
	if o := p.current(t, old); o.KeyID != pubKey(t, dir).ID() || len(o.State.Roots) != 2 || o.State.Roots[1].Version != 2 {
		t.Fatalf("after two rotations: signed by %s", o.KeyID)
	}
}

// H1 against the real binary, laid out as scripts/run lays it out: the
// repository is -root and the data directory is repo/.data.
func TestPagesServeNoDataFile(t *testing.T) {
	repo := t.TempDir()
	os.MkdirAll(filepath.Join(repo, "wasm"), 0o755)
	os.WriteFile(filepath.Join(repo, "wasm", "loader.js"), []byte("export {}"), 0o644)
	data := filepath.Join(repo, ".data")
	p := startArgs(t, []string{"-data", data, "-root", repo})
	os.WriteFile(filepath.Join(data, "probe.json"), []byte(`{"secret":1}`), 0o600)
	if code, _ := p.get(t, "/wasm/loader.js"); code != 200 {
		t.Fatalf("/wasm/loader.js: %d", code)
	}
	for _, path := range []string{"/wasm/..%2f.data%2fprobe.json", "/wasm/%2e%2e/.data/probe.json", "/wasm/..%2f.data%2fsigning.key", "/wasm/..%2f.data%2fadmin-token"} {
		if code, body := p.get(t, path); code != 404 {
			t.Errorf("%s: %d %s", path, code, body)
		}
	}
	// a page whose own name resolves to 127.0.0.1 (DNS rebinding)
	req, _ := http.NewRequest("GET", p.url+"/healthz", nil)
	req.Host = "rebind.example:80"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("Host rebind.example: %d", resp.StatusCode)
	}
	// a data directory inside a served folder is refused at start
	out, err := exec.Command(binary, "-listen", "127.0.0.1:0", "-data", filepath.Join(repo, "wasm", "d"), "-root", repo).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "which the pages serve") {
		t.Errorf("data inside wasm/: %v %s", err, out)
	}
}
