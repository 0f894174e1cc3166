package diskstore

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/scrubs/scrubs/server/packserver"
)

// Entries survive a restart in order; a line a crash cut short is dropped
// and the next entry starts on a line of its own.
func TestAuditLog(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	for i, action := range []string{packserver.AuditPublish, packserver.AuditRestore} {
		if err := s.AppendAudit(ctx, packserver.AuditEntry{Time: at.Add(time.Duration(i) * time.Hour), Actor: "dana", Action: action, Target: "version 2", Detail: "what changed"}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	f, err := os.OpenFile(filepath.Join(dir, "audit.jsonl"), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"seq":3,"time":"2026-11-2`)
	f.Close()

	s = open(t, dir)
	defer s.Close()
	if err := s.AppendAudit(ctx, packserver.AuditEntry{Time: at.Add(2 * time.Hour), Actor: "sam", Action: packserver.AuditTokenAdd, Target: "token ci"}); err != nil {
		t.Fatal(err)
	}
	got, err := s.AuditEntries(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Seq != 3 || got[0].Actor != "sam" || got[1].Seq != 2 || got[1].Action != packserver.AuditRestore ||
		got[2].Seq != 1 || !got[2].Time.Equal(at) || got[2].Detail != "what changed" {
		t.Fatalf("%+v", got)
	}
	if since, _ := s.AuditEntries(ctx, at.Add(90*time.Minute)); len(since) != 1 || since[0].Seq != 3 {
		t.Fatalf("since: %+v", since)
	}
	if info, err := os.Stat(filepath.Join(dir, "audit.jsonl")); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("audit.jsonl: %v %v", info.Mode(), err)
	}
}
