package main

import (
	"crypto/rand"
	"os"
	"path/filepath"
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
