// Package pages serves the server's two pages, /try and /admin, with the
// files they load: their own (embedded) and, from the repository, the
// classifier WebAssembly module with its loader (/wasm/) and the
// extension's own marking code (/ext/), so nothing is copied.
package pages

import (
	"embed"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

//go:embed web
var web embed.FS

// CSP lets the pages run their own scripts and compile WebAssembly, and
// nothing else.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

// Handler serves the pages; root is the repository (wasm/ and extension/
// are read from it on each request, so a rebuild shows without a restart).
func Handler(root fs.FS) http.Handler {
	own, _ := fs.Sub(web, "web")
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/try", http.StatusFound)
	})
	page := func(name string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			serveFile(w, r, own, name)
		}
	}
	mux.HandleFunc("GET /try", page("try.html"))
	mux.HandleFunc("GET /admin", page("admin.html"))
	mux.HandleFunc("GET /static/{file...}", func(w http.ResponseWriter, r *http.Request) {
		serveFile(w, r, own, path.Join("static", r.PathValue("file")))
	})
	if root != nil {
		mux.HandleFunc("GET /wasm/{file...}", func(w http.ResponseWriter, r *http.Request) {
			serveFile(w, r, root, path.Join("wasm", r.PathValue("file")))
		})
		mux.HandleFunc("GET /ext/{file...}", func(w http.ResponseWriter, r *http.Request) {
			serveFile(w, r, root, path.Join("extension/src", r.PathValue("file")))
		})
	}
	return mux
}

var types = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".mjs":  "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".wasm": "application/wasm",
	".json": "application/json",
	".svg":  "image/svg+xml",
	".png":  "image/png",
}

// serveFile serves one file of a known type; anything else is a 404.
func serveFile(w http.ResponseWriter, r *http.Request, fsys fs.FS, name string) {
	ctype, ok := types[path.Ext(name)]
	if !ok || strings.Contains(name, "node_modules") || !fs.ValidPath(name) {
		http.NotFound(w, r)
		return
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Cache-Control", "no-cache")
	h.Set("Content-Security-Policy", CSP)
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	w.Write(data)
}
