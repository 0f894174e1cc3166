// Command server is the Scrubs rule-pack server with its embedded store:
//
//	go run ./server [-listen 127.0.0.1:8787] [-data .data] [-root REPO]
//	go run ./server -autocert scrubs.example.org     (TLS on :443, certificates from Let's Encrypt)
//	go run ./server -behind-proxy                    (a TLS reverse proxy on this machine in front)
//
// On first start it creates the data directory, an Ed25519 signing key
// (DATA/signing.key, mode 0600, public half in DATA/signing.pub), the
// built-in default pack as version 1, and, unless SCRUBS_ADMIN_TOKEN is
// set, an admin token it prints once and keeps in DATA/admin-token (0600).
//
//	go run ./server -rotate-key
//
// (with the server stopped) makes a new signing key and a root naming it,
// signed by the current and the new key, appended to DATA/roots. Every
// envelope carries the roots, so extensions that pin an older key move to
// the new one, and from then on trust only it. The old private key is
// deleted.
//
//	go run ./server -admin NAME [-role editor|viewer]
//
// (with the server stopped) adds an admin account, or gives an existing
// one a new password (and that role), and prints the password once. On
// first start, when there is no account yet, the server makes the first
// one, "admin" (an editor), and prints its password once; its API token
// is the admin token.
//
// With -root, it serves the extension built in that repository for
// browsers to force-install without a store: Chromium's update manifest
// at /extension/updates.xml, the CRX it names (signed with
// DATA/extension.pem, made on first start; the extension id follows from
// it) and Firefox's /extension/scrubs.xpi.
package main

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/scrubs/scrubs/server/crx"
	"github.com/scrubs/scrubs/server/diskstore"
	"github.com/scrubs/scrubs/server/extpkg"
	"github.com/scrubs/scrubs/server/packserver"
	"github.com/scrubs/scrubs/server/pages"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:8787", "`address` to listen on")
	dataDir := flag.String("data", ".data", "data `directory`: store, signing key, admin token")
	root := flag.String("root", "", "the repository `directory` the /try and /admin pages load the WebAssembly module and extension code from (only wasm/classifier.wasm, wasm/loader.js and extension/src/{content,shared}/ are served); none when empty")
	eventRate := flag.Float64("event-rate", 1, "events reports a second per client (bursts of 30); below 0 turns the limit off")
	ttl := flag.Duration("pack-ttl", 30*24*time.Hour, "how long a signed envelope stays valid")
	rotate := flag.Bool("rotate-key", false, "with the server stopped: make a new signing key and a root that moves clients to it (the old key is deleted), then exit")
	autocertDomains := flag.String("autocert", "", "serve HTTPS on :443 (or -listen) for these `domains` (comma-separated), with certificates from Let's Encrypt kept in DATA/autocert; :80 answers its challenges and redirects to https")
	behindProxy := flag.Bool("behind-proxy", false, "a reverse proxy on this machine serves the clients: take each client's address from the last X-Forwarded-For entry of requests from loopback (for rate limits and lock-outs)")
	admin := flag.String("admin", "", "with the server stopped: add the admin account `NAME`, or give it a new password, print the password, then exit")
	role := flag.String("role", "editor", "the -admin account's `role`: editor (edits and publishes the rules) or viewer (reports only)")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("scrubs-server: ")
	if *admin != "" {
		if err := addAdmin(*dataDir, *admin, packserver.Role(*role)); err != nil {
			log.Fatal(err)
		}
		return
	}
	var tls tlsOpts
	if *autocertDomains != "" {
		tls.domains = strings.Split(*autocertDomains, ",")
		listenSet := false
		flag.Visit(func(f *flag.Flag) { listenSet = listenSet || f.Name == "listen" })
		if !listenSet {
			*listen = ":443"
		}
	}
	tls.behindProxy = *behindProxy
	if err := run(*listen, *dataDir, *root, *eventRate, *ttl, *rotate, tls); err != nil {
		log.Fatal(err)
	}
}

// tlsOpts is how the server meets TLS (tls.go).
type tlsOpts struct {
	domains     []string // -autocert
	behindProxy bool
}

func run(listen, dataDir, root string, eventRate float64, ttl time.Duration, rotate bool, tls tlsOpts) error {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return err
	}
	if rotate {
		return rotateKey(dataDir)
	}
	var repo fs.FS
	if root != "" {
		if err := dataOutsideServed(dataDir, root); err != nil {
			return err
		}
		repo = os.DirFS(root)
	} else {
		log.Printf("no -root: /try and /admin cannot load the classifier module (scripts/run passes the repository)")
	}
	keys, err := loadKeys(dataDir)
	if err != nil {
		return err
	}
	token, err := adminToken(dataDir)
	if err != nil {
		return err
	}
	enrolment, err := enrolmentKey(dataDir)
	if err != nil {
		return err
	}
	var crxKey *rsa.PrivateKey
	extensionID := ""
	if repo != nil {
		if crxKey, err = extensionKey(dataDir); err != nil {
			return err
		}
		extensionID = crx.ID(crx.PublicKeyDER(crxKey))
	}
	site := pages.Handler(repo)
	if crxKey != nil {
		site = extpkg.Handler(repo, crxKey, site)
	}
	store, err := diskstore.Open(dataDir, log.Printf)
	if err != nil {
		return err
	}
	defer store.Close()
	burst := 30
	var clientIP func(*http.Request) string
	if tls.behindProxy {
		clientIP = proxyClientIP
	}
	srv, err := packserver.New(packserver.Config{
		ClientIP:     clientIP,
		Store:        store,
		Key:          keys.key,
		Roots:        keys.roots,
		AdminToken:   token,
		EnrolmentKey: enrolment,
		PackTTL:      ttl,
		EventRate:    eventRate,
		EventBurst:   burst,
		Pages:        site,
		ExtensionID:  extensionID,
		Logf:         log.Printf,
	})
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := srv.Init(ctx); err != nil {
		return err
	}
	password := packserver.NewPassword()
	if made, err := srv.FirstAdmin(ctx, password); err != nil {
		return err
	} else if made {
		fmt.Fprintf(os.Stderr, "scrubs-server: the first admin account (shown once; kept only as a hash):\n\n    name %s, password %s\n\n"+
			"    Sign in at /admin; add accounts there, or with -admin NAME.\n\n", packserver.FirstAdminName, password)
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	var handler http.Handler = srv
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && tcp.IP.IsLoopback() {
		handler = loopbackHostOnly(srv)
	}
	hs := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
	errc := make(chan error, 2)
	var acme *http.Server
	if len(tls.domains) > 0 {
		acme = useAutocert(hs, dataDir, tls.domains)
		go func() { errc <- acme.ListenAndServe() }()
		log.Printf("listening on https://%s for %s (data in %s, signing key %s)", ln.Addr(), strings.Join(tls.domains, ", "), dataDir, keys.key.Public().ID())
		go func() { errc <- hs.ServeTLS(ln, "", "") }()
	} else {
		log.Printf("listening on http://%s (data in %s, signing key %s)", ln.Addr(), dataDir, keys.key.Public().ID())
		go func() { errc <- hs.Serve(ln) }()
	}
	select {
	case err := <-errc:
		shutdown(hs, acme)
		return err
	case <-ctx.Done():
	}
	return shutdown(hs, acme)
}

// adminToken is SCRUBS_ADMIN_TOKEN, or the token in DATA/admin-token, or
// a new one written there and printed this once.
func adminToken(dir string) (string, error) {
	if t := strings.TrimSpace(os.Getenv("SCRUBS_ADMIN_TOKEN")); t != "" {
		if len(t) < 16 {
			return "", errors.New("SCRUBS_ADMIN_TOKEN must be at least 16 characters")
		}
		return t, nil
	}
	name := filepath.Join(dir, "admin-token")
	data, err := os.ReadFile(name)
	if err == nil {
		return strings.TrimSpace(string(data)), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	b := make([]byte, 24)
	rand.Read(b)
	t := base64.RawURLEncoding.EncodeToString(b)
	if err := diskstore.WriteFileExclusive(name, []byte(t+"\n"), 0o600); err != nil {
		return "", err
	}
	fmt.Fprintf(os.Stderr, "scrubs-server: admin token (shown once; kept in %s):\n\n    %s\n\n", name, t)
	return t, nil
}
