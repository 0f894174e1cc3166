package apitest

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"

	"github.com/scrubs/scrubs/server/pages"
)

func init() {
	Checks = append(Checks, Check{"Pages", checkPages}, Check{"PagesTraversal", checkPagesTraversal})
}

// pageHeaders are what every page and every file it loads is served with,
// on every build (the pages package sets them; the handler adds nosniff).
var pageHeaders = map[string]string{
	"Content-Security-Policy": pages.CSP,
	"X-Frame-Options":         "DENY",
	"Referrer-Policy":         "no-referrer",
	"X-Content-Type-Options":  "nosniff",
	"Cache-Control":           "no-cache",
}

func (c *checker) page(t *testing.T, path, ctype string) *response {
	t.Helper()
	w := c.get(t, path)
	if w.Code != 200 || w.Header.Get("Content-Type") != ctype {
		t.Errorf("GET %s: %d %s, want 200 %s", path, w.Code, w.Header.Get("Content-Type"), ctype)
	}
	for k, v := range pageHeaders {
		if got := w.Header.Values(k); len(got) != 1 || got[0] != v {
			t.Errorf("GET %s: %s %q, want %q", path, k, got, v)
		}
	}
	return w
}

// The pages (/admin, /queue, /try) and their own files, then every
// repository file they load (the classifier module, its loader, the
// extension's code): byte for byte what Target.Repo holds, with the
// pages' CSP and headers.
func checkPages(t *testing.T, c *checker) {
	if c.Repo == nil {
		t.Fatal("Target.Repo is not set: the checks need the repository the server serves the pages' files from")
	}
	if w := c.get(t, "/"); w.Code != 302 || w.Header.Get("Location") != "/try" {
		t.Errorf("GET /: %d to %q, want 302 to /try", w.Code, w.Header.Get("Location"))
	}
	for _, p := range []string{"/admin", "/queue", "/try"} {
		if w := c.page(t, p, "text/html; charset=utf-8"); !bytes.Contains(w.Body, []byte("<script")) {
			t.Errorf("GET %s: no script in %s", p, w)
		}
	}
	for _, p := range []string{"/static/admin.js", "/static/queue.js", "/static/try.js"} {
		c.page(t, p, "text/javascript; charset=utf-8")
	}
	c.page(t, "/static/site.css", "text/css; charset=utf-8")
	files, err := pages.Files(c.Repo)
	if err != nil {
		t.Fatalf("the repository's served files: %v (scripts/build-wasm makes the module)", err)
	}
	ctypes := map[string]string{".wasm": "application/wasm", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
	seen := map[string]bool{}
	for _, f := range files {
		route := strings.Replace(f, "extension/src/", "ext/", 1)
		ext := f[strings.LastIndex(f, "."):]
		want, err := fs.ReadFile(c.Repo, f)
		if err != nil {
			t.Fatal(err)
		}
		if w := c.page(t, "/"+route, ctypes[ext]); !bytes.Equal(w.Body, want) {
			t.Errorf("GET /%s: %d bytes, not the %d of %s", route, len(w.Body), len(want), f)
		}
		seen[route] = true
	}
	for _, must := range []string{"wasm/classifier.wasm", "wasm/loader.js", "ext/content/main.js", "ext/shared/kinds.js"} {
		if !seen[must] {
			t.Errorf("/%s is not among the files served: %v", must, files)
		}
	}
}

// No encoding of ".." climbs out of the folders the pages read, and only
// their allowlisted files are served: every one of these is a 404 (the
// Workers build's static assets hold the same files, at their repository
// paths, and are reachable only through the handler).
func checkPagesTraversal(t *testing.T, c *checker) {
	for _, p := range []string{
		"/wasm/..%2fgo.mod", "/wasm/..%2F..%2Fgo.mod", "/wasm/%2e%2e/go.mod", "/wasm/%2e%2e%2fgo.mod",
		"/wasm/..%5c..%5cgo.mod", "/wasm/..%252fgo.mod", "/ext/..%2f..%2fgo.mod",
		"/ext/content/..%2f..%2f..%2f..%2fgo.mod", "/ext/%2e%2e/%2e%2e/%2e%2e/go.mod",
		"/ext/..%2fmanifest.json", "/ext/manifest.json", "/ext/options/options.js", "/wasm/host/host.go",
		"/wasm/classifier.wasm/", "/static/..%2ftry.html",
		// the static assets' own paths
		"/extension/src/content/main.js", "/wasm/README.md",
	} {
		w := c.get(t, p)
		if w.Code != 404 || bytes.Contains(w.Body, []byte("module github.com/")) || bytes.Contains(w.Body, []byte("manifest_version")) {
			t.Errorf("GET %s: %s, want 404", p, w)
		}
	}
}
