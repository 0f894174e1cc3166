package wasm_test

import (
	"bytes"
	"compress/gzip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 3 asks for a module of at most 2.5 MB. Go's wasip1 runtime alone is
// 1.8 MB and fmt (which easyjson needs) brings it to 2.5 MB, so that target
// is out of reach for the Go toolchain; the test logs how far the module is
// from it. What it asserts is a budget for everything but the embedded
// rules (classifier/rules/*.json, which grow as lexicons do): it catches a
// change that links whole packages more (net/http alone is 2 MB).
//
// The approval queue (issue 12) links filippo.io/age for its X25519
// files: 1.29 MB (374 KB gzipped), most of it age's post-quantum hybrid
// (HPKE, ML-KEM, the NIST curves), which age.Decrypt's type switch over
// its identities keeps reachable although the queue never uses it. The
// budget took it in: 6.0 MB before, 7.0 MB after. Code landed since (whole
// @handles, int8 heads, policy switches) took it 3 KB over: 7.1 MB.
const (
	targetBytes     = 2_500_000
	codeBudgetBytes = 7_100_000
)

func TestModuleSize(t *testing.T) {
	var gz bytes.Buffer
	w, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	w.Write(moduleBytes)
	w.Close()
	rules := 0
	files, _ := filepath.Glob("../classifier/rules/*.json")
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil {
			rules += int(fi.Size())
		}
	}
	code := len(moduleBytes) - rules
	t.Logf("%s: %d bytes (%.2f MB), %d gzipped (%.2f MB); %d of them embedded rules; target %d", modulePath,
		len(moduleBytes), float64(len(moduleBytes))/1e6, gz.Len(), float64(gz.Len())/1e6, rules, targetBytes)
	if code > codeBudgetBytes {
		t.Errorf("module is %d bytes besides %d of embedded rules; budget %d", code, rules, codeBudgetBytes)
	}
}

// The module must not link the web stack: easyjson's root package (which
// the generated code would import) brings net/http, and TLS has no place in
// a module that never talks to the network.
func TestModuleDependencies(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", modulePkg)
	cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list -deps gave %q", out)
	}
	for _, dep := range deps {
		switch dep {
		case "net/http", "crypto/tls", "os/exec", "github.com/mailru/easyjson":
			t.Errorf("the module links %s", dep)
		}
	}
}
