package packserver

import (
	"os/exec"
	"strings"
	"testing"
)

// The handler runs on Cloudflare Workers too: it reads no files and keeps
// no store of its own, so it imports neither os nor the disk store.
func TestImports(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{join .Imports " "}}`, ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, imp := range strings.Fields(string(out)) {
		switch imp {
		case "os", "os/exec", "path/filepath", "syscall", "github.com/scrubs/scrubs/server/diskstore":
			t.Errorf("packserver imports %s", imp)
		}
	}
}
