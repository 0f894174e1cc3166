package main

// The signing key and the roots in the data directory, and -rotate-key.

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/scrubs/scrubs/classifier/envelope"
	"github.com/scrubs/scrubs/server/crx"
	"github.com/scrubs/scrubs/server/diskstore"
)

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

// extensionKey reads DATA/extension.pem, the key the CRX of the built
// extension is signed with (its id is the one the roll-out kit names),
// creating it on first start. Keep it: a new key is a new extension id,
// and browsers given the old one would not take the new build.
func extensionKey(dir string) (*rsa.PrivateKey, error) {
	name := filepath.Join(dir, "extension.pem")
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		k, err := crx.NewKey()
		if err != nil {
			return nil, err
		}
		pem, err := crx.EncodeKey(k)
		if err != nil {
			return nil, err
		}
		if err := diskstore.WriteFileExclusive(name, pem, 0o600); err != nil {
			return nil, err
		}
		log.Printf("created the extension key %s (Chromium extension id %s)", name, crx.ID(crx.PublicKeyDER(k)))
		return k, nil
	}
	if err != nil {
		return nil, err
	}
	k, err := crx.ParseKey(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return k, nil
}
