package apitest

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/scrubs/scrubs/server/extpkg"
)

// Repository is this repository (found from the test's directory up), for
// Target.Repo, with wasm/classifier.wasm and the extension's zips built
// when they are missing, as the server's page tests do.
func Repository(t *testing.T) fs.FS {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("no go.mod above the test's directory: where is the repository?")
		}
		dir = up
	}
	buildIfMissing(t, dir, "wasm/classifier.wasm", "build-wasm")
	buildIfMissing(t, dir, extpkg.ChromiumZip, "build-extension")
	return os.DirFS(dir)
}

// buildIfMissing runs scripts/script in the repository at dir when it has
// no file.
func buildIfMissing(t *testing.T, dir, file, script string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(file))); !errors.Is(err, fs.ErrNotExist) {
		return
	}
	t.Logf("%s is missing: scripts/%s", file, script)
	cmd := exec.Command(filepath.Join(dir, "scripts", script))
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("scripts/%s: %v\n%s", script, err, out)
	}
}
