package diskstore

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scrubs/scrubs/classifier/queue"
	"github.com/scrubs/scrubs/server/packserver"
)

// Items survive a restart; a decision drops the request's file from disk;
// expiry removes the item's file.
func TestQueueOnDisk(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	s, err := Open(dir, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	it := queue.Item{Meta: queue.Meta{ID: strings.Repeat("ab", 16), Created: now.Unix(), Expires: now.Add(time.Hour).Unix(),
		Site: "www.facebook.com", Verdict: "warn", Kinds: []string{"health.condition"}}, Received: now.Unix(), File: "AGE FILE"}
	if err := s.QueueAdd(ctx, &it); err != nil {
		t.Fatal(err)
	}
	if err := s.QueueAdd(ctx, &it); !errors.Is(err, packserver.ErrItemExists) {
		t.Fatalf("twice: %v", err)
	}
	s.Close()
	if s, err = Open(dir, t.Logf); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.QueueGet(ctx, it.ID)
	if err != nil || got.File != "AGE FILE" {
		t.Fatalf("after a restart: %+v %v", got, err)
	}
	if list, _ := s.QueueList(ctx); len(list) != 1 || list[0].File != "" {
		t.Fatalf("list: %+v", list)
	}
	d := queue.DecisionItem{DecisionMeta: queue.DecisionMeta{Request: it.ID, Outcome: "approved", Officer: "Ann", Decided: now.Unix()}, File: "DECISION"}
	if err := s.QueueDecide(ctx, it.ID, &d); err != nil {
		t.Fatal(err)
	}
	if err := s.QueueDecide(ctx, it.ID, &d); !errors.Is(err, packserver.ErrDecided) {
		t.Fatalf("decided twice: %v", err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "queue", it.ID+".json"))
	if strings.Contains(string(data), "AGE FILE") || !strings.Contains(string(data), "DECISION") {
		t.Fatalf("on disk after the decision: %s", data)
	}
	gone, err := s.QueueExpire(ctx, now.Add(2*time.Hour))
	if err != nil || len(gone) != 1 {
		t.Fatalf("expire: %v %v", gone, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "queue", it.ID+".json")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the expired item's file: %v", err)
	}
}
