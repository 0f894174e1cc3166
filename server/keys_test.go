package main

import (
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scrubs/scrubs/classifier/envelope"
)

// A rotation cut short between writing the new key and renaming it into
// place is finished when the root was written, and undone when not.
func TestFinishRotation(t *testing.T) {
	old, _ := envelope.GenerateKey(rand.Reader)
	next, _ := envelope.GenerateKey(rand.Reader)
	root, _ := envelope.KeySet{Version: 1, Expires: time.Now().Add(time.Hour), Threshold: 1, Keys: []envelope.PublicKey{next.Public()}}.Sign(old, next)
	for _, written := range []bool{true, false} {
		dir := t.TempDir()
		name := filepath.Join(dir, "signing.key")
		os.WriteFile(name, []byte(old.String()), 0o600)
		os.WriteFile(name+".new", []byte(next.String()), 0o600)
		var roots []envelope.Root
		if written {
			roots = []envelope.Root{root}
		}
		if err := finishRotation(name, roots); err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(name)
		want := old.String()
		if written {
			want = next.String()
		}
		if string(data) != want {
			t.Errorf("root written %v: signing.key is the wrong key", written)
		}
		if _, err := os.Stat(name + ".new"); err == nil {
			t.Errorf("root written %v: signing.key.new left", written)
		}
	}
}

// The extension key is made once and read back the same (a new key would
// be a new extension id); a damaged one is an error that names the file.
func TestExtensionKey(t *testing.T) {
	dir := t.TempDir()
	k, err := extensionKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dir, "extension.pem"))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("extension.pem: %v %v", info, err)
	}
	again, err := extensionKey(dir)
	if err != nil || !again.Equal(k) {
		t.Fatalf("read back: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "extension.pem"), []byte("not a key"), 0o600)
	if _, err := extensionKey(dir); err == nil || !strings.Contains(err.Error(), "extension.pem") {
		t.Fatalf("a damaged key: %v", err)
	}
}
