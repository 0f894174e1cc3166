package envelope

import (
	"os/exec"
	"strings"
	"testing"
)

// The package is linked into the WebAssembly module: it must not pull in
// net/http (easyjson's root package would) or os/exec.
func TestDependencies(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		switch dep {
		case "net/http", "os/exec", "github.com/mailru/easyjson":
			t.Errorf("envelope imports %s", dep)
		}
	}
}
