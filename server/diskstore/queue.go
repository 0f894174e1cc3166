package diskstore

// The approval queue on disk: one file per item, DIR/queue/<id>.json, the
// item's JSON (clear metadata and age files: classifier/queue), written
// whole and synced before it gets its name, so a crash leaves an item
// complete or absent. A decision replaces the file (without the request's
// file, which is deleted then); expiry and deletion remove it. The index
// (metadata only) is kept in memory.

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mailru/easyjson/jwriter"
	"github.com/scrubs/scrubs/classifier"
	"github.com/scrubs/scrubs/classifier/queue"
	"github.com/scrubs/scrubs/server/packserver"
)

var _ packserver.QueueStore = (*Store)(nil)

func (s *Store) queueDir() string { return filepath.Join(s.dir, "queue") }

func (s *Store) queueName(id string) string { return filepath.Join(s.queueDir(), id+".json") }

// loadQueue reads the index of the queue.
func (s *Store) loadQueue() error {
	if err := os.MkdirAll(s.queueDir(), 0o700); err != nil {
		return err
	}
	s.queue = map[string]queue.Item{}
	entries, err := os.ReadDir(s.queueDir())
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".tmp-") {
			os.Remove(filepath.Join(s.queueDir(), name))
			continue
		}
		id, ok := strings.CutSuffix(name, ".json")
		if !ok {
			continue
		}
		it, err := s.readItem(id)
		if err != nil || it.ID != id {
			s.logf("store: queue/%s is unreadable (%v); moved to %s.bad", name, err, name)
			os.Rename(filepath.Join(s.queueDir(), name), filepath.Join(s.queueDir(), name+".bad"))
			continue
		}
		s.queue[id] = packserver.Summary(it)
	}
	return nil
}

func (s *Store) readItem(id string) (*queue.Item, error) {
	data, err := os.ReadFile(s.queueName(id))
	if err != nil {
		return nil, err
	}
	var it queue.Item
	if err := classifier.DecodeJSON(data, it.UnmarshalEasyJSON); err != nil {
		return nil, err
	}
	return &it, nil
}

func itemJSON(it *queue.Item) ([]byte, error) {
	var w jwriter.Writer
	it.MarshalEasyJSON(&w)
	b, err := w.BuildBytes()
	return append(b, '\n'), err
}

func (s *Store) QueueAdd(ctx context.Context, it *queue.Item) error {
	c := *it
	c.Decision = nil
	data, err := itemJSON(&c)
	if err != nil {
		return err
	}
	s.qmu.Lock()
	defer s.qmu.Unlock()
	if err := WriteFileExclusive(s.queueName(it.ID), data, 0o600); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return packserver.ErrItemExists
		}
		return err
	}
	s.queue[it.ID] = packserver.Summary(&c)
	return nil
}

func (s *Store) QueueList(ctx context.Context) ([]queue.Item, error) {
	s.qmu.Lock()
	defer s.qmu.Unlock()
	out := make([]queue.Item, 0, len(s.queue))
	for _, it := range s.queue {
		out = append(out, it)
	}
	packserver.SortItems(out)
	return out, nil
}

func (s *Store) QueueGet(ctx context.Context, id string) (*queue.Item, error) {
	s.qmu.Lock()
	_, ok := s.queue[id]
	s.qmu.Unlock()
	if !ok {
		return nil, packserver.ErrNotFound
	}
	it, err := s.readItem(id)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, packserver.ErrNotFound
	}
	return it, err
}

func (s *Store) QueueDecide(ctx context.Context, id string, d *queue.DecisionItem) error {
	s.qmu.Lock()
	defer s.qmu.Unlock()
	if _, ok := s.queue[id]; !ok {
		return packserver.ErrNotFound
	}
	it, err := s.readItem(id)
	if err != nil {
		return err
	}
	if it.Decision != nil {
		return packserver.ErrDecided
	}
	c := *d
	it.Decision, it.File = &c, ""
	data, err := itemJSON(it)
	if err != nil {
		return err
	}
	if err := writeAtomic(s.queueName(id), data); err != nil {
		return err
	}
	s.queue[id] = packserver.Summary(it)
	return nil
}

func (s *Store) QueueDelete(ctx context.Context, id string) error {
	s.qmu.Lock()
	defer s.qmu.Unlock()
	if _, ok := s.queue[id]; !ok {
		return packserver.ErrNotFound
	}
	return s.removeItem(id)
}

// removeItem deletes an item's file; s.qmu is held.
func (s *Store) removeItem(id string) error {
	if err := os.Remove(s.queueName(id)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	delete(s.queue, id)
	return syncDir(s.queueDir())
}

func (s *Store) QueueExpire(ctx context.Context, now time.Time) ([]string, error) {
	s.qmu.Lock()
	defer s.qmu.Unlock()
	var gone []string
	for id, it := range s.queue {
		if it.Expires <= now.Unix() {
			if err := s.removeItem(id); err != nil {
				return gone, err
			}
			gone = append(gone, id)
		}
	}
	return gone, nil
}
