package pages

import (
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func TestPages(t *testing.T) {
	root := fstest.MapFS{
		"wasm/loader.js":                         {Data: []byte("export {}")},
		"wasm/classifier.wasm":                   {Data: []byte("\x00asm")},
		"wasm/host/host.go":                      {Data: []byte("package host")},
		"extension/src/content/main.js":          {Data: []byte("export function main() {}")},
		"extension/node_modules/x/index.js":      {Data: []byte("x")},
		"extension/src/shared/page.css":          {Data: []byte("body {}")},
		"extension/policies/secret-looking.json": {Data: []byte("{}")},
	}
	h := Handler(root)
	get := func(path string) (int, string, string) {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		return w.Code, w.Header().Get("Content-Type"), w.Body.String()
	}
	for path, ctype := range map[string]string{
		"/try":                  "text/html",
		"/admin":                "text/html",
		"/static/admin.js":      "text/javascript",
		"/static/try.js":        "text/javascript",
		"/queue":                "text/html",
		"/static/queue.js":      "text/javascript",
		"/wasm/loader.js":       "text/javascript",
		"/wasm/classifier.wasm": "application/wasm",
		"/ext/content/main.js":  "text/javascript",
		"/ext/shared/page.css":  "text/css",
	} {
		code, ct, _ := get(path)
		if code != 200 || !strings.HasPrefix(ct, ctype) {
			t.Errorf("%s: %d %s", path, code, ct)
		}
	}
	for _, path := range []string{"/wasm/host/host.go", "/ext/policies/secret-looking.json", "/ext/../policies/secret-looking.json", "/ext/node_modules/x/index.js", "/ext/../wasm/loader.js.map", "/nope", "/static/../try.html"} {
		if code, _, _ := get(path); code == 200 {
			t.Errorf("%s: served", path)
		}
	}
	if code, _, _ := get("/"); code != 302 {
		t.Errorf("/: %d", code)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/admin", nil))
	if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "'wasm-unsafe-eval'") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP %q", csp)
	}
}

// H1: the path is checked as the mux unescaped it, before it names a
// file, so no encoding of ".." climbs out of wasm/ or extension/src/, and
// only the allowlisted files are served.
func TestTraversal(t *testing.T) {
	root := fstest.MapFS{
		"wasm/loader.js":                    {Data: []byte("export {}")},
		"wasm/classifier.wasm":              {Data: []byte("\x00asm")},
		"wasm/other.js":                     {Data: []byte("not listed")},
		"extension/src/content/main.js":     {Data: []byte("export function main() {}")},
		"extension/src/shared/kinds.js":     {Data: []byte("export {}")},
		"extension/src/options/options.js":  {Data: []byte("not listed")},
		"extension/src/content/.hidden.js":  {Data: []byte("hidden")},
		".data/counts.json":                 {Data: []byte(`[{"Site":"facebook","N":3}]`)},
		"probe-secret.json":                 {Data: []byte(`{"secret":true}`)},
		"extension/package.json":            {Data: []byte(`{"name":"x"}`)},
		"wasm/..%2f.data%2fcounts.json":     {Data: []byte("a file with that literal name")},
		"extension/src/content/%2e%2e.json": {Data: []byte("a file with that literal name")},
	}
	h := Handler(root)
	for _, raw := range []string{
		"/wasm/..%2f.data%2fcounts.json",
		"/wasm/..%2F.data%2Fcounts.json",
		"/wasm/%2e%2e/.data/counts.json",
		"/wasm/%2e%2e%2f.data%2fcounts.json",
		"/wasm/%2E%2E/probe-secret.json",
		"/wasm/%2e%2e/probe-secret.json",
		"/wasm/..%5cprobe-secret.json",
		"/ext/..%2f..%2fprobe-secret.json",
		"/ext/..%2fpackage.json",
		"/ext/content/..%2f..%2f..%2f.data%2fcounts.json",
		"/ext/%2e%2e/%2e%2e/probe-secret.json",
		"/ext/content/%2e%2e/%2e%2e/%2e%2e/.data/counts.json",
		// double-encoded: unescaped once, these are names with a '%'
		"/wasm/..%252f.data%252fcounts.json",
		"/ext/content/%252e%252e.json",
		"/wasm/%252e%252e/probe-secret.json",
		// not on the allowlist, or hidden
		"/wasm/other.js",
		"/ext/options/options.js",
		"/ext/content/.hidden.js",
		"/wasm/.%2fclassifier.wasm",
		"/wasm/%2fclassifier.wasm",
	} {
		req := httptest.NewRequest("GET", raw, nil)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code == 200 || strings.Contains(w.Body.String(), "Site") || strings.Contains(w.Body.String(), "secret") || strings.Contains(w.Body.String(), "literal") {
			t.Errorf("%s: %d %q", raw, w.Code, w.Body.String())
		}
	}
	for _, ok := range []string{"/wasm/loader.js", "/wasm/classifier.wasm", "/ext/content/main.js", "/ext/shared/kinds.js"} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", ok, nil))
		if w.Code != 200 {
			t.Errorf("%s: %d", ok, w.Code)
		}
	}
}

// Files lists exactly what Handler serves from the repository (the
// Workers build copies that list into its static assets), and fails when
// an allowlisted file is missing.
func TestFiles(t *testing.T) {
	root := fstest.MapFS{
		"wasm/loader.js":                    {Data: []byte("export {}")},
		"wasm/classifier.wasm":              {Data: []byte("\x00asm")},
		"wasm/other.js":                     {Data: []byte("not listed")},
		"wasm/host/host.go":                 {Data: []byte("package host")},
		"extension/src/content/main.js":     {Data: []byte("export function main() {}")},
		"extension/src/content/.hidden.js":  {Data: []byte("hidden")},
		"extension/src/content/notes.txt":   {Data: []byte("no known type")},
		"extension/src/shared/page.css":     {Data: []byte("body {}")},
		"extension/src/shared/.git/x.js":    {Data: []byte("hidden folder")},
		"extension/src/options/options.js":  {Data: []byte("not listed")},
		"extension/node_modules/x/index.js": {Data: []byte("x")},
	}
	files, err := Files(root)
	want := []string{"wasm/classifier.wasm", "wasm/loader.js", "extension/src/content/main.js", "extension/src/shared/page.css"}
	if err != nil || strings.Join(files, " ") != strings.Join(want, " ") {
		t.Fatalf("Files: %v %v, want %v", files, err, want)
	}
	h := Handler(root)
	for _, f := range files {
		route := "/" + f
		if strings.HasPrefix(f, "extension/src/") {
			route = "/ext/" + strings.TrimPrefix(f, "extension/src/")
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", route, nil))
		if w.Code != 200 || w.Body.String() != string(root[f].Data) {
			t.Errorf("%s (%s): %d", route, f, w.Code)
		}
	}
	delete(root, "wasm/classifier.wasm")
	if _, err := Files(root); err == nil || !strings.Contains(err.Error(), "classifier.wasm") {
		t.Errorf("Files without the module: %v", err)
	}
}
