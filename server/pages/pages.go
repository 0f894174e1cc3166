// Package pages serves the server's pages, /try, /admin and /queue (the
// privacy officer's approval queue), with the
// files they load: their own (embedded) and, from the repository, the
// classifier WebAssembly module with its loader (/wasm/) and the
// extension's own marking code (/ext/), so nothing is copied. Only those
// files are served from the repository: an allowlist, never a folder.
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

// Handler serves the pages; repo is the repository (wasm/ and extension/
// are read from it on each request, so a rebuild shows without a restart),
// or nil to serve no repository file.
func Handler(repo fs.FS) http.Handler {
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
	mux.HandleFunc("GET /queue", page("queue.html"))
	mux.HandleFunc("GET /static/{file...}", tree(own, "static", ""))
	if repo != nil {
		for _, rt := range repoTrees {
			mux.HandleFunc("GET "+rt.route+"{file...}", tree(repo, rt.dir, rt.allow...))
		}
	}
	return mux
}

// repoTrees are the repository folders the pages read from, the route
// each is served under, and the names under it that may be served.
var repoTrees = []struct {
	route, dir string
	allow      []string
}{
	{"/wasm/", "wasm", []string{"classifier.wasm", "loader.js"}},
	{"/ext/", "extension/src", []string{"content/", "shared/"}},
}

// Served names the repository folders the pages read from; a data
// directory must not be inside one (server/main.go refuses it).
var Served = func() (dirs []string) {
	for _, rt := range repoTrees {
		dirs = append(dirs, rt.dir)
	}
	return dirs
}()

// Files lists, by their path in repo, every repository file Handler(repo)
// serves: what a build that cannot read the repository at run time (the
// Workers build's static assets) must carry. A missing allowlisted file
// is an error, so such a build cannot leave one out unnoticed.
func Files(repo fs.FS) ([]string, error) {
	var files []string
	for _, rt := range repoTrees {
		for _, a := range rt.allow {
			if !strings.HasSuffix(a, "/") {
				if _, err := fs.Stat(repo, path.Join(rt.dir, a)); err != nil {
					return nil, err
				}
			}
		}
		err := fs.WalkDir(repo, rt.dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := strings.TrimPrefix(strings.TrimPrefix(p, rt.dir), "/")
			if d.IsDir() {
				if name != "" && !safeName(name) {
					return fs.SkipDir
				}
				return nil
			}
			if _, known := types[path.Ext(name)]; known && safeName(name) && allowed(name, rt.allow) {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return files, nil
}

// tree serves the files under dir whose name (relative to dir) is one of
// allow, or starts with one that ends in "/" ("" allows all). The name is
// checked as the mux unescaped it, before it is joined onto dir: a "..",
// "." or hidden element, a backslash or an empty element is a 404, so
// "..%2f" and "%2e%2e" cannot climb out of dir.
func tree(fsys fs.FS, dir string, allow ...string) http.HandlerFunc {
	sub, err := fs.Sub(fsys, dir)
	return func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("file")
		if err != nil || !safeName(name) || !allowed(name, allow) {
			http.NotFound(w, r)
			return
		}
		serveFile(w, r, sub, name)
	}
}

func safeName(name string) bool {
	if !fs.ValidPath(name) || name == "." || strings.ContainsAny(name, "\\%\x00") {
		return false
	}
	for elem := range strings.SplitSeq(name, "/") {
		if strings.HasPrefix(elem, ".") || elem == "node_modules" {
			return false
		}
	}
	return true
}

func allowed(name string, allow []string) bool {
	for _, a := range allow {
		if name == a || (strings.HasSuffix(a, "/") || a == "") && strings.HasPrefix(name, a) {
			return true
		}
	}
	return false
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
	if !ok || !fs.ValidPath(name) {
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
