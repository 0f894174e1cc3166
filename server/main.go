// Command server is the Scrubs rule-pack server with its embedded store:
//
//	go run ./server [-listen 127.0.0.1:8787] [-data .data] [-root REPO]
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
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
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

	"github.com/scrubs/scrubs/classifier/envelope"
	"github.com/scrubs/scrubs/server/diskstore"
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
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("scrubs-server: ")
	if err := run(*listen, *dataDir, *root, *eventRate, *ttl, *rotate); err != nil {
		log.Fatal(err)
	}
}

func run(listen, dataDir, root string, eventRate float64, ttl time.Duration, rotate bool) error {
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
	store, err := diskstore.Open(dataDir, log.Printf)
	if err != nil {
		return err
	}
	defer store.Close()
	burst := 30
	srv, err := packserver.New(packserver.Config{
		Store:      store,
		Key:        keys.key,
		Roots:      keys.roots,
		AdminToken: token,
		PackTTL:    ttl,
		EventRate:  eventRate,
		EventBurst: burst,
		Pages:      pages.Handler(repo),
		Logf:       log.Printf,
	})
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := srv.Init(ctx); err != nil {
		return err
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
	log.Printf("listening on http://%s (data in %s, signing key %s)", ln.Addr(), dataDir, keys.key.Public().ID())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return hs.Shutdown(shut)
}

type keySet struct {
	key   envelope.PrivateKey
	roots []envelope.Root // DATA/roots, oldest first; the key is in the last
}

// loadKeys reads DATA/signing.key, creating it on first start, and the
// roots (DATA/roots). A rotation cut short is finished or undone here.
func loadKeys(dir string) (*keySet, error) {
	name := filepath.Join(dir, "signing.key")
	ks := &keySet{}
	if err := eachLine(filepath.Join(dir, "roots"), func(line string) error {
		var r envelope.Root
		if err := r.UnmarshalJSON([]byte(line)); err != nil {
			return err
		}
		_, err := r.KeySet()
		ks.roots = append(ks.roots, r)
		return err
	}); err != nil {
		return nil, err
	}
	if err := finishRotation(name, ks.roots); err != nil {
		return nil, err
	}
	warnLegacy(dir)
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) && len(ks.roots) == 0 {
		k, err := envelope.GenerateKey(rand.Reader)
		if err != nil {
			return nil, err
		}
		if err := diskstore.WriteFileExclusive(name, []byte(k.String()+"\n"), 0o600); err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(dir, "signing.pub"), []byte(k.Public().String()+"\n"), 0o644); err != nil {
			return nil, err
		}
		log.Printf("created signing key %s in %s", k.Public().ID(), name)
		ks.key = k
		return ks, nil
	}
	if err != nil {
		return nil, err
	}
	if ks.key, err = envelope.ParsePrivateKey(string(data)); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return ks, nil
}

// finishRotation: rotateKey writes the new key to signing.key.new, then
// the root, then renames the key into place. A new key the last root names
// is moved into place; one it does not name was never published, and is
// removed.
func finishRotation(name string, roots []envelope.Root) error {
	data, err := os.ReadFile(name + ".new")
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	next, err := envelope.ParsePrivateKey(string(data))
	if err == nil && len(roots) > 0 {
		if last, _ := roots[len(roots)-1].KeySet(); last.Has(next.Public()) {
			log.Printf("finishing the rotation to %s", next.Public().ID())
			return os.Rename(name+".new", name)
		}
	}
	return os.Remove(name + ".new")
}

// warnLegacy names files an older server left: retired private keys
// (anyone who reads one can sign a root that clients pinned to it accept)
// and endorsements, which clients no longer take.
func warnLegacy(dir string) {
	old, _ := filepath.Glob(filepath.Join(dir, "signing.key.[0-9]*"))
	for _, f := range old {
		log.Printf("warning: %s is a retired private key: delete it, or move it offline (it is needed only to sign a root for clients still pinned to it)", f)
	}
	if _, err := os.Stat(filepath.Join(dir, "endorsements")); err == nil {
		log.Printf("warning: %s is no longer used: keys rotate by signed roots (-rotate-key); pin the current key %s in extensions that relied on it", filepath.Join(dir, "endorsements"), filepath.Join(dir, "signing.pub"))
	}
}

func eachLine(name string, f func(string) error) error {
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := f(line); err != nil {
			return fmt.Errorf("%s:%d: %v", name, n, err)
		}
	}
	return sc.Err()
}

// rootLifetime is how long a rotation's root can come into force:
// clients that do not check for a year need the new key pinned.
const rootLifetime = 365 * 24 * time.Hour

// rotateKey makes a new signing key and a root (DATA/roots) naming only
// it, signed by the current and the new key, with the current pack
// version as its minimum; then the old private key is deleted. It opens
// the store, so the server must be stopped.
func rotateKey(dir string) error {
	ks, err := loadKeys(dir)
	if err != nil {
		return err
	}
	store, err := diskstore.Open(dir, log.Printf)
	if err != nil {
		return fmt.Errorf("%v (stop the server before -rotate-key)", err)
	}
	var current uint64
	if rec, err := store.Latest(context.Background()); err == nil {
		current = rec.Version
	}
	store.Close()
	next, err := envelope.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	version := uint64(1)
	if n := len(ks.roots); n > 0 {
		version = ks.roots[n-1].Version + 1
	}
	root, err := envelope.KeySet{Version: version, Expires: time.Now().Add(rootLifetime), Threshold: 1,
		Keys: []envelope.PublicKey{next.Public()}, MinPackVersion: current}.Sign(ks.key, next)
	if err != nil {
		return err
	}
	line, err := root.MarshalJSON()
	if err != nil {
		return err
	}
	name := filepath.Join(dir, "signing.key")
	os.Remove(name + ".new")
	if err := diskstore.WriteFileExclusive(name+".new", []byte(next.String()+"\n"), 0o600); err != nil {
		return err
	}
	if err := appendLine(filepath.Join(dir, "roots"), string(line)); err != nil {
		return err
	}
	if err := os.Rename(name+".new", name); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "signing.pub"), []byte(next.Public().String()+"\n"), 0o644); err != nil {
		return err
	}
	log.Printf("new signing key %s in root version %d (packs from version %d on), signed by the old key %s, which is deleted; restart the server",
		next.Public().ID(), version, current, ks.key.Public().ID())
	return nil
}

func appendLine(name, line string) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	_, err = f.WriteString(line + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
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
