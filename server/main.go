// Command server is the Scrubs rule-pack server with its embedded store:
//
//	go run ./server [-listen 127.0.0.1:8787] [-data .data]
//
// On first start it creates the data directory, an Ed25519 signing key
// (DATA/signing.key, mode 0600, public half in DATA/signing.pub), the
// built-in default pack as version 1, and, unless SCRUBS_ADMIN_TOKEN is
// set, an admin token it prints once and keeps in DATA/admin-token (0600).
//
//	go run ./server -rotate-key
//
// makes a new signing key endorsed by the current one: extensions that
// pin the old key accept the new one through the endorsement, which every
// envelope carries.
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
	root := flag.String("root", ".", "the repository `directory` the /try and /admin pages load the WebAssembly module and extension code from")
	eventRate := flag.Float64("event-rate", 1, "events reports a second per client (bursts of 30); below 0 turns the limit off")
	ttl := flag.Duration("pack-ttl", 30*24*time.Hour, "how long a signed envelope stays valid")
	rotate := flag.Bool("rotate-key", false, "make a new signing key endorsed by the current one, then exit")
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
	store, err := diskstore.Open(dataDir, log.Printf)
	if err != nil {
		return err
	}
	defer store.Close()
	burst := 30
	srv, err := packserver.New(packserver.Config{
		Store:        store,
		Key:          keys.key,
		Endorsements: keys.endorsements,
		OldKeys:      keys.old,
		AdminToken:   token,
		EnrolmentKey: enrolment,
		PackTTL:      ttl,
		EventRate:    eventRate,
		EventBurst:   burst,
		Pages:        pages.Handler(os.DirFS(root)),
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
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	hs := &http.Server{
		Handler:           srv,
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
	key          envelope.PrivateKey
	old          []envelope.PublicKey
	endorsements []envelope.Endorsement
}

// loadKeys reads DATA/signing.key, creating it on first start, with the
// older public keys (DATA/old-keys) and endorsements (DATA/endorsements).
func loadKeys(dir string) (*keySet, error) {
	name := filepath.Join(dir, "signing.key")
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
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
		return &keySet{key: k}, nil
	}
	if err != nil {
		return nil, err
	}
	k, err := envelope.ParsePrivateKey(string(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	ks := &keySet{key: k}
	if err := eachLine(filepath.Join(dir, "old-keys"), func(line string) error {
		pk, err := envelope.ParsePublicKey(line)
		ks.old = append(ks.old, pk)
		return err
	}); err != nil {
		return nil, err
	}
	if err := eachLine(filepath.Join(dir, "endorsements"), func(line string) error {
		var e envelope.Endorsement
		err := e.UnmarshalJSON([]byte(line))
		ks.endorsements = append(ks.endorsements, e)
		return err
	}); err != nil {
		return nil, err
	}
	return ks, nil
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

// rotateKey makes a new signing key endorsed by the current one. The old
// public key is kept in DATA/old-keys and the endorsement in
// DATA/endorsements; the old private key is kept as signing.key.N.
func rotateKey(dir string) error {
	ks, err := loadKeys(dir)
	if err != nil {
		return err
	}
	next, err := envelope.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	e, err := envelope.Endorse(next.Public(), ks.key).MarshalJSON()
	if err != nil {
		return err
	}
	name := filepath.Join(dir, "signing.key")
	retired := fmt.Sprintf("%s.%d", name, time.Now().Unix())
	if err := os.Link(name, retired); err != nil {
		return err
	}
	if err := appendLine(filepath.Join(dir, "old-keys"), ks.key.Public().String()); err != nil {
		return err
	}
	if err := appendLine(filepath.Join(dir, "endorsements"), string(e)); err != nil {
		return err
	}
	tmp := name + ".new"
	os.Remove(tmp)
	if err := diskstore.WriteFileExclusive(tmp, []byte(next.String()+"\n"), 0o600); err != nil {
		return err
	}
	if err := os.Rename(tmp, name); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "signing.pub"), []byte(next.Public().String()+"\n"), 0o644); err != nil {
		return err
	}
	log.Printf("new signing key %s, endorsed by %s (kept as %s); restart the server", next.Public().ID(), ks.key.Public().ID(), retired)
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
