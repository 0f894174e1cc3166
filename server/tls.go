package main

// Serving over TLS: -autocert gets and renews certificates from Let's
// Encrypt itself; -behind-proxy is for a reverse proxy on this machine
// that terminates TLS (server/README.md, "Running behind TLS").

import (
	"context"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/crypto/acme/autocert"
)

// proxyClientIP is the client of a request that came through a reverse
// proxy on this machine: the address the proxy appended last to
// X-Forwarded-For (what a client put there itself comes before it). A
// request on any other connection is its own client, whatever it says.
func proxyClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return host
	}
	xff := r.Header.Values("X-Forwarded-For")
	if len(xff) == 0 {
		return host
	}
	parts := strings.Split(xff[len(xff)-1], ",")
	if c := strings.TrimSpace(parts[len(parts)-1]); net.ParseIP(c) != nil {
		return c
	}
	return host
}

// hsts tells browsers to come back over HTTPS only, for a year.
func hsts(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Strict-Transport-Security", "max-age=31536000")
		next.ServeHTTP(w, r)
	})
}

// useAutocert makes hs serve TLS with certificates for domains from Let's
// Encrypt (TLS-ALPN-01 on hs's port, 443, and HTTP-01 on :80, which also
// sends every other request to https), kept in DATA/autocert. It returns
// the :80 server, to be shut down with hs.
func useAutocert(hs *http.Server, dataDir string, domains []string) *http.Server {
	m := &autocert.Manager{
		Prompt:     autocert.AcceptTOS,
		HostPolicy: autocert.HostWhitelist(domains...),
		Cache:      autocert.DirCache(filepath.Join(dataDir, "autocert")),
	}
	hs.TLSConfig = m.TLSConfig()
	hs.Handler = hsts(hs.Handler)
	return &http.Server{Addr: ":80", Handler: m.HTTPHandler(nil), ReadHeaderTimeout: 5 * time.Second, IdleTimeout: 30 * time.Second}
}

func shutdown(servers ...*http.Server) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var first error
	for _, s := range servers {
		if s == nil {
			continue
		}
		if err := s.Shutdown(ctx); err != nil && first == nil {
			first = err
		}
	}
	return first
}
