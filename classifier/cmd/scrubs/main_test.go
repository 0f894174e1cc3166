package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCmd(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(args, strings.NewReader(stdin), &out)
	return out.String(), err
}

func TestScanKeepsGoingPastBadLines(t *testing.T) {
	in := `{"id":"a","mode":"reply","text":"So glad your knee surgery went well, Karen!"}
{"id":"b", "text": 
{"id":"c","mode":"post","text":"Flu shots are in! Walk-ins welcome."}
`
	out, err := runCmd(t, in, "scan")
	if err == nil || !strings.Contains(err.Error(), "1 malformed") {
		t.Errorf("err = %v; want a count of malformed lines", err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %d output lines, want 3:\n%s", len(lines), out)
	}
	var first, bad, last map[string]any
	for i, dst := range []*map[string]any{&first, &bad, &last} {
		if err := json.Unmarshal([]byte(lines[i]), dst); err != nil {
			t.Fatalf("line %d is not JSON: %v", i+1, err)
		}
	}
	if first["id"] != "a" || first["verdict"] != "block" {
		t.Errorf("first line = %v; want id a, block", first)
	}
	if msg, _ := bad["error"].(string); !strings.Contains(msg, "stdin:2") {
		t.Errorf("error line = %v; want it to name stdin:2", bad)
	}
	if last["id"] != "c" || last["verdict"] != "ok" {
		t.Errorf("last line = %v; want id c, ok", last)
	}
}

func TestScanWithOrg(t *testing.T) {
	dir := t.TempDir()
	org := filepath.Join(dir, "org.json")
	os.WriteFile(org, []byte(`{"name":"Hill Dental","phones":["(555) 777-0100"],"staff":["Dr. Ana Ruiz"]}`), 0o644)
	in := `{"id":"x","mode":"reply","text":"Her new number is (555) 777-0100"}` + "\n"
	out, err := runCmd(t, in, "scan", "--org", org)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, `"verdict":"ok"`) {
		t.Errorf("the organisation's own phone was flagged: %s", out)
	}
	out, _ = runCmd(t, in, "scan")
	if !strings.Contains(out, `"verdict":"warn"`) {
		t.Errorf("without --org a stranger's phone should warn: %s", out)
	}
}

func TestCheckReport(t *testing.T) {
	out, err := runCmd(t, "", "check", "--mode", "reply", "So glad your knee surgery went well, Karen!")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"block:", "identifier.name", `"Karen"`, "suggestion: \"Thanks for reaching out!", "[", "health.condition"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	out, _ = runCmd(t, "Flu shots are in!\n", "check")
	if !strings.HasPrefix(out, "ok:") {
		t.Errorf("ok draft report = %q", out)
	}
}

func TestEvalPrintsFigures(t *testing.T) {
	out, err := runCmd(t, "", "eval", "--org", "../../testdata/dev-org.json", "../../testdata/dev.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"block flagged", "risky flagged", "ok flagged", "exact verdict", "evidence covered", "recall by kind", "identifier.ssn"} {
		if !strings.Contains(out, want) {
			t.Errorf("eval output lacks %q", want)
		}
	}
}

func TestPackValidate(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"schema":"scrubs.pack/1","name":"x","org":{"name":""},"patterns":[{"id":"p","kind":"identifier.mrn","regex":"(("}]}`), 0o644)
	out, err := runCmd(t, "", "pack", "validate", bad)
	if err == nil || !strings.Contains(out, "patterns[0].regex") {
		t.Errorf("bad pack: err=%v out=%q", err, out)
	}
	good := filepath.Join(dir, "good.json")
	os.WriteFile(good, []byte(`{"schema":"scrubs.pack/1","name":"x","base":"default","org":{"name":"Hill Dental"},"lexicons":[{"id":"ours","signal":"condition","terms":["frobnitis"]}]}`), 0o644)
	out, err = runCmd(t, "", "pack", "validate", good)
	if err != nil || !strings.Contains(out, "ok") {
		t.Errorf("good pack: err=%v out=%q", err, out)
	}
}

func TestUsage(t *testing.T) {
	if _, err := runCmd(t, "", "frobnicate"); err != errUsage {
		t.Errorf("unknown command: err = %v", err)
	}
	if _, err := runCmd(t, "", "scan", "--engine", "quantum"); err == nil {
		t.Error("unknown engine accepted")
	}
}

// TestScanLineTooLong: a line over the limit gets an error line naming it,
// and the lines after it are still scanned (it stopped the whole run).
func TestScanLineTooLong(t *testing.T) {
	huge := `{"id":"big","text":"` + strings.Repeat("a", 9<<20) + `"}`
	in := `{"id":"a","text":"flu shots are in"}` + "\n" + huge + "\n" + `{"id":"c","text":"hours: 9 to 5"}`
	out, _ := runCmd(t, in, "scan")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.Contains(lines[1], `"error"`) || !strings.Contains(lines[1], "stdin:2") || !strings.Contains(lines[2], `"id":"c"`) {
		t.Errorf("scan of good, huge, good lines gave:\n%.300s", out)
	}
}
