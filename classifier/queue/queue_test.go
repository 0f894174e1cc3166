package queue

import (
	"os/exec"
	"strings"
	"testing"
)

// The server links this package to check what it stores: it must not
// bring age (or the web stack into the module).
func TestDependencies(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".", "./crypt").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	for _, dep := range deps {
		switch dep {
		case "net/http", "os/exec", "github.com/mailru/easyjson":
			t.Errorf("queue or queue/crypt imports %s", dep)
		}
	}
	own, _ := exec.Command("go", "list", "-deps", ".").Output()
	if strings.Contains(string(own), "filippo.io/age") {
		t.Error("package queue links age; only queue/crypt may")
	}
}

func TestDraftHash(t *testing.T) {
	a := DraftHash("So glad your knee surgery went well, Karen!")
	for _, same := range []string{" So glad your knee surgery went well, Karen!\n", "So glad your knee surgery went well, Karen!\r\n"} {
		if DraftHash(same) != a {
			t.Errorf("%q hashes differently", same)
		}
	}
	for _, other := range []string{"So glad your knee surgery went well, Karen", "so glad your knee surgery went well, Karen!"} {
		if DraftHash(other) == a {
			t.Errorf("%q hashes the same", other)
		}
	}
	if DraftHash("a\u00a0b") != DraftHash("a b") {
		t.Error("no-break space")
	}
}

func TestCheckMeta(t *testing.T) {
	good := Meta{ID: strings.Repeat("0a", 16), Created: 100, Expires: 200, Site: "www.facebook.com", Verdict: "warn", Kinds: []string{"health.condition", "identifier.name"}, Staff: "pat"}
	if f, err := CheckMeta(&good); err != nil {
		t.Fatal(f, err)
	}
	for field, f := range map[string]func(*Meta){
		"id":       func(m *Meta) { m.ID = "X" + m.ID[1:] },
		"expires":  func(m *Meta) { m.Expires = m.Created },
		"site":     func(m *Meta) { m.Site = "Knee surgery" },
		"verdict":  func(m *Meta) { m.Verdict = "ok" },
		"kinds":    func(m *Meta) { m.Kinds = []string{"identifier.name", "health.condition"} },
		"kinds[0]": func(m *Meta) { m.Kinds = []string{"Karen has a bad knee"} },
		"staff":    func(m *Meta) { m.Staff = "line\nbreak" },
	} {
		m := good
		m.Kinds = append([]string{}, good.Kinds...)
		f(&m)
		if got, err := CheckMeta(&m); got != field || err == nil {
			t.Errorf("%s: got %q %v", field, got, err)
		}
	}
}
