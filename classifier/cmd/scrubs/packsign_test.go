package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrubs/scrubs/classifier"
)

// scrubs pack verify refuses a tampered envelope, a lower version, an
// expired pack and a wrong key, and accepts a key the pinned one rotated to,
// but no longer the pinned one.
func TestPackSignVerify(t *testing.T) {
	dir := t.TempDir()
	p := func(name string) string { return filepath.Join(dir, name) }
	cmd := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(args, strings.NewReader(""), &out)
		return out.String(), err
	}
	write := func(name, s string) {
		if err := os.WriteFile(p(name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pub, err := cmd("pack", "keygen", p("old.key"))
	if err != nil {
		t.Fatal(err)
	}
	write("old.pub", pub)
	if fi, _ := os.Stat(p("old.key")); fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v", fi.Mode())
	}
	other, _ := cmd("pack", "keygen", p("other.key"))
	write("other.pub", other)
	write("pack.json", string(classifier.DefaultPackJSON()))

	env, err := cmd("pack", "sign", "--key", p("old.key"), "--version", "5", p("pack.json"))
	if err != nil {
		t.Fatal(err)
	}
	write("env.json", env)
	if out, err := cmd("pack", "verify", "--key", p("old.pub"), "--min-version", "5", "--out", p("out.json"), p("env.json")); err != nil || !strings.Contains(out, "ok: version 5") {
		t.Fatalf("verify: %q %v", out, err)
	}
	if got, _ := os.ReadFile(p("out.json")); !bytes.Equal(got, classifier.DefaultPackJSON()) {
		t.Fatal("verified pack differs from the signed one")
	}
	write("tampered.json", strings.Replace(env, `"version":5`, `"version":6`, 1))

	// A rotation: a root with the new key, signed by the old and the new,
	// is accepted by a verifier pinned to the old key.
	newPub, err := cmd("pack", "keygen", p("new.key"))
	if err != nil {
		t.Fatal(err)
	}
	write("new.pub", newPub)
	root, err := cmd("pack", "root", "--version", "1", "--keys", p("new.pub"), "--min-pack-version", "5", "--sign", p("old.key"), "--sign", p("new.key"))
	if err != nil {
		t.Fatal(err)
	}
	write("root.json", root)
	rotated, err := cmd("pack", "sign", "--key", p("new.key"), "--version", "6", "--root", p("root.json"), p("pack.json"))
	if err != nil {
		t.Fatal(err)
	}
	write("rotated.json", rotated)
	if _, err := cmd("pack", "verify", "--key", p("old.pub"), p("rotated.json")); err != nil {
		t.Fatalf("rotated: %v", err)
	}
	// the same envelope's roots do not let the old key sign any more
	oldAfter, _ := cmd("pack", "sign", "--key", p("old.key"), "--version", "7", "--root", p("root.json"), p("pack.json"))
	write("old-after.json", oldAfter)

	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"tampered", []string{"--key", p("old.pub"), p("tampered.json")}, "bad_signature"},
		{"lower version", []string{"--key", p("old.pub"), "--min-version", "6", p("env.json")}, "version_too_low"},
		{"expired", []string{"--key", p("old.pub"), "--now", "2100-01-01T00:00:00Z", p("env.json")}, "expired"},
		{"wrong key", []string{"--key", p("other.pub"), p("env.json")}, "unknown_key"},
		{"old key after its rotation", []string{"--key", p("old.pub"), p("old-after.json")}, "unknown_key"},
		{"revoked", []string{"--key", p("old.pub"), "--revoked", keyID(t, p("old.pub")), p("env.json")}, "unknown_key"},
	} {
		_, err := cmd(append([]string{"pack", "verify"}, c.args...)...)
		if err == nil || !strings.Contains(err.Error(), "("+c.want+")") {
			t.Errorf("%s: %v; want %s", c.name, err, c.want)
		}
	}

	// An invalid pack is not signed.
	write("bad.json", `{"schema":"nope"}`)
	if _, err := cmd("pack", "sign", "--key", p("old.key"), "--version", "1", p("bad.json")); err == nil {
		t.Fatal("signed an invalid pack")
	}
}

func keyID(t *testing.T, name string) string {
	t.Helper()
	keys, err := readPublicKeys(name)
	if err != nil {
		t.Fatal(err)
	}
	return keys[0].ID()
}
