package apitest

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Repository is this repository (found from the test's directory up), for
// Target.Repo, with wasm/classifier.wasm built when it is missing, as the
// server's page tests do.
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
	if _, err := os.Stat(filepath.Join(dir, "wasm", "classifier.wasm")); errors.Is(err, fs.ErrNotExist) {
		t.Log("wasm/classifier.wasm is missing: scripts/build-wasm")
		cmd := exec.Command(filepath.Join(dir, "scripts", "build-wasm"))
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("scripts/build-wasm: %v\n%s", err, out)
		}
	}
	return os.DirFS(dir)
}
