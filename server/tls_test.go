package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// Behind a proxy on this machine, the client is what the proxy appended
// last to X-Forwarded-For; a client's own entries before it, or a header
// on a connection that did not come from the proxy, count for nothing.
func TestProxyClientIP(t *testing.T) {
	for _, tc := range []struct {
		remote string
		xff    []string
		want   string
	}{
		{"127.0.0.1:5000", []string{"203.0.113.7"}, "203.0.113.7"},
		{"127.0.0.1:5000", []string{"198.51.100.1, 203.0.113.7"}, "203.0.113.7"},
		{"127.0.0.1:5000", []string{"198.51.100.1", "2001:db8::9"}, "2001:db8::9"},
		{"[::1]:5000", []string{"203.0.113.7"}, "203.0.113.7"},
		{"127.0.0.1:5000", nil, "127.0.0.1"},
		{"127.0.0.1:5000", []string{"not an address"}, "127.0.0.1"},
		{"192.0.2.4:5000", []string{"203.0.113.7"}, "192.0.2.4"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tc.remote
		for _, v := range tc.xff {
			r.Header.Add("X-Forwarded-For", v)
		}
		if got := proxyClientIP(r); got != tc.want {
			t.Errorf("%s %q: %q, want %q", tc.remote, tc.xff, got, tc.want)
		}
	}
}

func TestAutocertServers(t *testing.T) {
	hs := &http.Server{Handler: http.NotFoundHandler()}
	acme := useAutocert(hs, t.TempDir(), []string{"scrubs.example.org"})
	if hs.TLSConfig == nil || hs.TLSConfig.GetCertificate == nil || acme.Addr != ":80" {
		t.Fatalf("TLS config %+v, ACME server on %q", hs.TLSConfig, acme.Addr)
	}
	w := httptest.NewRecorder()
	hs.Handler.ServeHTTP(w, httptest.NewRequest("GET", "https://scrubs.example.org/admin", nil))
	if w.Header().Get("Strict-Transport-Security") == "" {
		t.Error("no HSTS over TLS")
	}
	w = httptest.NewRecorder()
	acme.Handler.ServeHTTP(w, httptest.NewRequest("GET", "http://scrubs.example.org/admin", nil))
	if w.Code != http.StatusFound || w.Header().Get("Location") != "https://scrubs.example.org/admin" {
		t.Errorf("plain HTTP: %d %v", w.Code, w.Header())
	}
}
