package extpkg

import (
	"archive/zip"
	"bytes"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/scrubs/scrubs/server/crx"
	"github.com/scrubs/scrubs/server/packserver"
)

// crxKey makes a key for one test.
func crxKey(t *testing.T) *rsa.PrivateKey {
	k, err := crx.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

type got struct {
	code  int
	ctype string
	body  []byte
}

func get(t *testing.T, repo fstest.MapFS, key *rsa.PrivateKey, host, path string) got {
	t.Helper()
	w := httptest.NewRecorder()
	r := httptest.NewRequest("GET", path, nil)
	r.Host = host
	Handler(repo, key, http.NotFoundHandler()).ServeHTTP(w, r)
	return got{w.Code, w.Header().Get("Content-Type"), w.Body.Bytes()}
}

func extZip(t *testing.T, manifest []byte) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, data := range map[string][]byte{"manifest.json": manifest, "background/sw.js": []byte("// sw")} {
		w, _ := zw.Create(name)
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The update manifest names this build's version, the server's id, and
// the CRX it serves (with its hash); the CRX is the build's zip signed
// with the server's key; the .xpi is the Firefox build.
func TestExtensionPackages(t *testing.T) {
	manifest, err := os.ReadFile("../../extension/src/manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	var m struct{ Version string }
	if err := json.Unmarshal(manifest, &m); err != nil || m.Version == "" {
		t.Fatalf("extension/src/manifest.json: %v", err)
	}
	key := crxKey(t)
	chromium, firefox := extZip(t, manifest), extZip(t, []byte(`{"version": "`+m.Version+`"}`))
	repo := fstest.MapFS{
		ChromiumZip: {Data: chromium, ModTime: time.Unix(1, 0)},
		FirefoxZip:  {Data: firefox, ModTime: time.Unix(1, 0)},
	}
	up := get(t, repo, key, "scrubs.example.org", packserver.UpdatePath)
	var doc UpdateManifest
	if up.code != 200 || up.ctype != "application/xml; charset=utf-8" || xml.Unmarshal(up.body, &doc) != nil || len(doc.Apps) != 1 {
		t.Fatalf("update manifest: %d %s %s", up.code, up.ctype, up.body)
	}
	app := doc.Apps[0]
	id := crx.ID(crx.PublicKeyDER(key))
	if doc.Protocol != "2.0" || app.AppID != id || app.UpdateCheck.Version != m.Version ||
		app.UpdateCheck.Codebase != "https://scrubs.example.org"+packserver.CRXPath {
		t.Fatalf("update manifest for %s version %s: %s", id, m.Version, up.body)
	}
	c := get(t, repo, key, "scrubs.example.org", packserver.CRXPath)
	want, err := crx.Write(chromium, key)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(c.body)
	if c.code != 200 || c.ctype != "application/x-chrome-extension" || !bytes.Equal(c.body, want) || hex.EncodeToString(sum[:]) != app.UpdateCheck.SHA256 {
		t.Fatalf("the CRX: %d %s, %d bytes, hash %x (the manifest says %s)", c.code, c.ctype, len(c.body), sum, app.UpdateCheck.SHA256)
	}
	x := get(t, repo, key, "scrubs.example.org", packserver.XPIPath)
	if x.code != 200 || x.ctype != "application/x-xpinstall" || !bytes.Equal(x.body, firefox) {
		t.Fatalf("the xpi: %d %s, %d bytes", x.code, x.ctype, len(x.body))
	}
	// on localhost the codebase is http, as the update URL is
	if up := get(t, repo, key, "127.0.0.1:8787", packserver.UpdatePath); !strings.Contains(string(up.body), `codebase="http://127.0.0.1:8787/extension/scrubs.crx"`) {
		t.Errorf("on localhost: %s", up.body)
	}
	// a new build is signed anew
	repo[ChromiumZip] = &fstest.MapFile{Data: extZip(t, bytes.Replace(manifest, []byte(`"version": "`+m.Version), []byte(`"version": "9.9.9`), 1)), ModTime: time.Unix(2, 0)}
	if up := get(t, repo, key, "scrubs.example.org", packserver.UpdatePath); !strings.Contains(string(up.body), `version="9.9.9"`) {
		t.Errorf("after a rebuild: %s", up.body)
	}
	// a zip whose manifest names no version is an error, said so
	repo[ChromiumZip] = &fstest.MapFile{Data: extZip(t, []byte(`{}`)), ModTime: time.Unix(3, 0)}
	if bad := get(t, repo, key, "scrubs.example.org", packserver.CRXPath); bad.code != 500 || !strings.Contains(string(bad.body), "names no version") {
		t.Errorf("a build without a version: %d %s", bad.code, bad.body)
	}
}

// Without a build each package is a 404 that says what to do; anything
// else goes to the next handler.
func TestExtensionNotBuilt(t *testing.T) {
	repo := fstest.MapFS{"wasm/loader.js": {Data: []byte("export {}")}}
	key := crxKey(t)
	for _, path := range []string{packserver.UpdatePath, packserver.CRXPath, packserver.XPIPath} {
		g := get(t, repo, key, "scrubs.example.org", path)
		if g.code != 404 || !strings.HasPrefix(g.ctype, "text/plain") || !strings.Contains(string(g.body), "run scripts/build-extension") {
			t.Errorf("%s without a build: %d %s %q", path, g.code, g.ctype, g.body)
		}
	}
	if g := get(t, repo, key, "scrubs.example.org", "/wasm/loader.js"); g.code != 404 || strings.Contains(string(g.body), "build-extension") {
		t.Errorf("another path: %d %q", g.code, g.body)
	}
}

// The repository's own build, when there is one, is the source's version.
func TestRepositoryBuild(t *testing.T) {
	repo := os.DirFS("../..")
	manifest, err := os.ReadFile("../../extension/src/manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	var m struct{ Version string }
	json.Unmarshal(manifest, &m)
	w := httptest.NewRecorder()
	r := httptest.NewRequest("GET", packserver.UpdatePath, nil)
	Handler(repo, crxKey(t), http.NotFoundHandler()).ServeHTTP(w, r)
	if _, err := os.Stat("../../" + ChromiumZip); err != nil {
		if w.Code != 404 {
			t.Fatalf("no build, yet %d", w.Code)
		}
		t.Skip("the extension is not built (scripts/build-extension)")
	}
	if w.Code != 200 || !strings.Contains(w.Body.String(), `version="`+m.Version+`"`) {
		t.Fatalf("the update manifest does not name version %s: %d %s", m.Version, w.Code, w.Body)
	}
}

// HandlerPEM serves what Handler serves with the same key, under the same
// id; a key it cannot read is refused before anything is served.
func TestHandlerPEM(t *testing.T) {
	key := crxKey(t)
	pemKey, err := crx.EncodeKey(key)
	if err != nil {
		t.Fatal(err)
	}
	chromium := extZip(t, []byte(`{"version": "1.2.3"}`))
	repo := fstest.MapFS{ChromiumZip: {Data: chromium, ModTime: time.Unix(1, 0)}}
	h, id, err := HandlerPEM(repo, pemKey, http.NotFoundHandler())
	if err != nil || id != crx.ID(crx.PublicKeyDER(key)) {
		t.Fatalf("HandlerPEM: id %s, %v", id, err)
	}
	want := get(t, repo, key, "scrubs.example.org", packserver.CRXPath)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", packserver.CRXPath, nil))
	if w.Code != 200 || !bytes.Equal(w.Body.Bytes(), want.body) {
		t.Fatalf("the CRX: %d, %d bytes, want %d", w.Code, w.Body.Len(), len(want.body))
	}
	if _, _, err := HandlerPEM(repo, []byte("not a key"), http.NotFoundHandler()); err == nil {
		t.Fatal("a key that is not one")
	}
}
