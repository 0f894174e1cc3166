package packserver

import (
	"context"
	"errors"
	"sort"
	"sync"
	"time"

	"github.com/scrubs/scrubs/classifier/queue"
)

// QueueStore keeps the approval queue: each item's clear metadata and age
// files (classifier/queue), never a word of a draft. Every Store of this
// repository is one; the handler finds it on Config.Store.
//
// Implementations must be safe for concurrent use.
type QueueStore interface {
	// QueueAdd keeps a new item (Decision nil), or returns ErrItemExists
	// and changes nothing when its id is taken.
	QueueAdd(ctx context.Context, it *queue.Item) error
	// QueueList returns every item without its files (File empty,
	// Decision's File empty), newest first.
	QueueList(ctx context.Context) ([]queue.Item, error)
	// QueueGet returns one item with its files, or ErrNotFound.
	QueueGet(ctx context.Context, id string) (*queue.Item, error)
	// QueueDecide keeps the decision and deletes the request's file, once:
	// ErrDecided when the item has a decision, ErrNotFound when there is
	// no such item.
	QueueDecide(ctx context.Context, id string, d *queue.DecisionItem) error
	// QueueDelete deletes an item and its files, or returns ErrNotFound.
	QueueDelete(ctx context.Context, id string) error
	// QueueExpire deletes every item whose Expires is at or before now
	// and returns their ids.
	QueueExpire(ctx context.Context, now time.Time) ([]string, error)
}

var (
	ErrItemExists = errors.New("queue item already exists")
	ErrDecided    = errors.New("queue item already decided")
)

// memQueue is a QueueStore in memory (MemStore's), and the model for the
// others.
type memQueue struct {
	mu    sync.RWMutex
	items map[string]*queue.Item
}

func (m *memQueue) QueueAdd(ctx context.Context, it *queue.Item) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.items == nil {
		m.items = map[string]*queue.Item{}
	}
	if _, ok := m.items[it.ID]; ok {
		return ErrItemExists
	}
	c := *it
	c.Decision = nil
	m.items[it.ID] = &c
	return nil
}

func (m *memQueue) QueueList(ctx context.Context) ([]queue.Item, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make([]queue.Item, 0, len(m.items))
	for _, it := range m.items {
		out = append(out, Summary(it))
	}
	SortItems(out)
	return out, nil
}

func (m *memQueue) QueueGet(ctx context.Context, id string) (*queue.Item, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	it, ok := m.items[id]
	if !ok {
		return nil, ErrNotFound
	}
	c := *it
	return &c, nil
}

func (m *memQueue) QueueDecide(ctx context.Context, id string, d *queue.DecisionItem) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	it, ok := m.items[id]
	switch {
	case !ok:
		return ErrNotFound
	case it.Decision != nil:
		return ErrDecided
	}
	c := *d
	it.Decision, it.File = &c, ""
	return nil
}

func (m *memQueue) QueueDelete(ctx context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.items[id]; !ok {
		return ErrNotFound
	}
	delete(m.items, id)
	return nil
}

func (m *memQueue) QueueExpire(ctx context.Context, now time.Time) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var gone []string
	for id, it := range m.items {
		if it.Expires <= now.Unix() {
			delete(m.items, id)
			gone = append(gone, id)
		}
	}
	sort.Strings(gone)
	return gone, nil
}

// Summary is it without its files.
func Summary(it *queue.Item) queue.Item {
	c := *it
	c.File = ""
	if it.Decision != nil {
		d := *it.Decision
		d.File = ""
		c.Decision = &d
	}
	return c
}

// SortItems puts items newest first (by when the server took them, then
// by id).
func SortItems(items []queue.Item) {
	sort.Slice(items, func(i, j int) bool {
		if items[i].Received != items[j].Received {
			return items[i].Received > items[j].Received
		}
		return items[i].ID < items[j].ID
	})
}
