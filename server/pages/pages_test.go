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
		"extension/src/content/highlights.css":   {Data: []byte("::highlight(x) {}")},
		"extension/policies/secret-looking.json": {Data: []byte("{}")},
	}
	h := Handler(root)
	get := func(path string) (int, string, string) {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		return w.Code, w.Header().Get("Content-Type"), w.Body.String()
	}
	for path, ctype := range map[string]string{
		"/try":                        "text/html",
		"/admin":                      "text/html",
		"/static/admin.js":            "text/javascript",
		"/static/try.js":              "text/javascript",
		"/wasm/loader.js":             "text/javascript",
		"/wasm/classifier.wasm":       "application/wasm",
		"/ext/content/main.js":        "text/javascript",
		"/ext/content/highlights.css": "text/css",
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
