package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoopbackHostOnly(t *testing.T) {
	h := loopbackHostOnly(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }))
	for host, want := range map[string]int{
		"127.0.0.1:8787":            200,
		"localhost:8787":            200,
		"LOCALHOST.":                200,
		"admin.localhost:8787":      200,
		"[::1]:8787":                200,
		"127.1.2.3":                 200,
		"evil.example:8787":         421,
		"evil.example":              421,
		"127.0.0.1.evil.example":    421,
		"localhost.evil.example":    421,
		"10.0.0.1:8787":             421,
		"":                          421,
		"[::ffff:8.8.8.8]:8787":     421,
		"0x7f000001.evil.example:1": 421,
	} {
		req := httptest.NewRequest("GET", "/v1/pack", nil)
		req.Host = host
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != want {
			t.Errorf("Host %q: %d, want %d", host, w.Code, want)
		}
		if want == 421 && !strings.Contains(w.Body.String(), "loopback") {
			t.Errorf("Host %q: the refusal does not say why: %q", host, w.Body.String())
		}
	}
}

func TestDataOutsideServed(t *testing.T) {
	repo := t.TempDir()
	for _, d := range []string{"wasm", "extension/src/content", ".data"} {
		os.MkdirAll(filepath.Join(repo, d), 0o755)
	}
	if err := dataOutsideServed(filepath.Join(repo, ".data"), repo); err != nil {
		t.Errorf("repo/.data: %v", err)
	}
	for _, bad := range []string{"wasm", "extension/src", "extension/src/content"} {
		if err := dataOutsideServed(filepath.Join(repo, bad), repo); err == nil || !strings.Contains(err.Error(), "serve") {
			t.Errorf("%s: %v", bad, err)
		}
	}
	// through a symlink too
	link := filepath.Join(t.TempDir(), "data")
	os.Symlink(filepath.Join(repo, "wasm"), link)
	if err := dataOutsideServed(link, repo); err == nil {
		t.Error("a symlink into wasm/ was accepted")
	}
}
