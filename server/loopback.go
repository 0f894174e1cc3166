package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/scrubs/scrubs/server/pages"
)

// loopbackHostOnly refuses a request whose Host is not a loopback name. A
// server on 127.0.0.1 is reachable from any web page the admin opens: a
// site that re-binds its own name to 127.0.0.1 (DNS rebinding) would read
// the pages and the API as its own origin, with its name in Host.
func loopbackHostOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !loopbackHost(r.Host) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusMisdirectedRequest)
			fmt.Fprintf(w, "scrubs-server listens on loopback only: Host %q is not localhost or a loopback address\n", r.Host)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// loopbackHost reports whether host (with or without a port) is
// "localhost", a name under .localhost, or a loopback IP.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"))
	return ip != nil && ip.IsLoopback()
}

// dataOutsideServed refuses a data directory (admin token, signing key,
// counts) inside a folder the pages serve from the repository at root, so
// no mistake in serving can ever reach it.
func dataOutsideServed(dataDir, root string) error {
	data, err := realPath(dataDir)
	if err != nil {
		return err
	}
	for _, dir := range pages.Served {
		served, err := realPath(filepath.Join(root, dir))
		if err != nil {
			continue // not there: nothing is served from it
		}
		if rel, err := filepath.Rel(served, data); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return fmt.Errorf("the data directory %s is inside %s, which the pages serve; put it elsewhere (-data)", dataDir, served)
		}
	}
	return nil
}

func realPath(name string) (string, error) {
	abs, err := filepath.Abs(name)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(abs); err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}
