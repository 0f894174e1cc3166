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

type updateManifest struct {
	XMLName  xml.Name `xml:"http://www.google.com/update2/response gupdate"`
	Protocol string   `xml:"protocol,attr"`
	Apps     []struct {
		AppID       string `xml:"appid,attr"`
		UpdateCheck struct {
			Codebase string `xml:"codebase,attr"`
			Version  string `xml:"version,attr"`
			SHA256   string `xml:"hash_sha256,attr"`
		} `xml:"updatecheck"`
	} `xml:"app"`
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
		chromiumZip: {Data: chromium, ModTime: time.Unix(1, 0)},
		firefoxZip:  {Data: firefox, ModTime: time.Unix(1, 0)},
	}
	up := get(t, repo, key, "scrubs.example.org", packserver.UpdatePath)
	var doc updateManifest
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
	repo[chromiumZip] = &fstest.MapFile{Data: extZip(t, bytes.Replace(manifest, []byte(`"version": "`+m.Version), []byte(`"version": "9.9.9`), 1)), ModTime: time.Unix(2, 0)}
	if up := get(t, repo, key, "scrubs.example.org", packserver.UpdatePath); !strings.Contains(string(up.body), `version="9.9.9"`) {
		t.Errorf("after a rebuild: %s", up.body)
	}
	// a zip whose manifest names no version is an error, said so
	repo[chromiumZip] = &fstest.MapFile{Data: extZip(t, []byte(`{}`)), ModTime: time.Unix(3, 0)}
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
	if _, err := os.Stat("../../" + chromiumZip); err != nil {
		if w.Code != 404 {
			t.Fatalf("no build, yet %d", w.Code)
		}
		t.Skip("the extension is not built (scripts/build-extension)")
	}
	if w.Code != 200 || !strings.Contains(w.Body.String(), `version="`+m.Version+`"`) {
		t.Fatalf("the update manifest does not name version %s: %d %s", m.Version, w.Code, w.Body)
	}
}
