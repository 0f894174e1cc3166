package d1store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/scrubs/scrubs/classifier/queue"
	"github.com/scrubs/scrubs/server/packserver"
)

// The approval queue is two tables: queue_items, one row per item with
// its clear metadata (and, once decided, the decision's metadata and
// file, which is small), and queue_parts, the request's age file in parts
// of at most queuePart bytes (armored text; a file may be 1.4 MB, a D1
// value at most 2,000,000 bytes). Add writes the parts first and the row
// last: the row is the commit, and a reader takes only the parts it
// counts. A decision sets the row's decision once (WHERE outcome = ”)
// and then deletes the parts.
var queueSchema = []string{
	`CREATE TABLE IF NOT EXISTS queue_items (
		id TEXT PRIMARY KEY,
		created INTEGER NOT NULL,
		expires INTEGER NOT NULL,
		received INTEGER NOT NULL,
		site TEXT NOT NULL,
		verdict TEXT NOT NULL,
		kinds TEXT NOT NULL,
		staff TEXT NOT NULL,
		parts INTEGER NOT NULL,
		outcome TEXT NOT NULL DEFAULT '',
		officer TEXT NOT NULL DEFAULT '',
		decided INTEGER NOT NULL DEFAULT 0,
		decision TEXT NOT NULL DEFAULT ''
	)`,
	`CREATE TABLE IF NOT EXISTS queue_parts (
		id TEXT NOT NULL,
		part INTEGER NOT NULL,
		data TEXT NOT NULL,
		PRIMARY KEY (id, part)
	)`,
	`CREATE INDEX IF NOT EXISTS queue_items_expires ON queue_items (expires)`,
}

const queuePart = 512 << 10

var _ packserver.QueueStore = (*Store)(nil)

func (s *Store) QueueAdd(ctx context.Context, it *queue.Item) error {
	kinds, err := json.Marshal(it.Kinds)
	if err != nil {
		return err
	}
	var taken bool
	err = s.retry(ctx, func() error {
		var n int64
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM queue_items WHERE id = ?`, it.ID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			taken = true
			return nil
		}
		parts := 0
		for off := 0; off < len(it.File); off += queuePart {
			if _, err := s.db.ExecContext(ctx, `INSERT OR REPLACE INTO queue_parts (id, part, data) VALUES (?, ?, ?)`,
				it.ID, int64(parts), it.File[off:min(off+queuePart, len(it.File))]); err != nil {
				return err
			}
			parts++
		}
		res, err := s.db.ExecContext(ctx, `INSERT INTO queue_items (id, created, expires, received, site, verdict, kinds, staff, parts)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
			it.ID, it.Created, it.Expires, it.Received, it.Site, it.Verdict, string(kinds), it.Staff, int64(parts))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		taken = err == nil && n == 0
		return err
	})
	if err != nil {
		return err
	}
	if taken {
		return packserver.ErrItemExists
	}
	return nil
}

const itemColumns = `id, created, expires, received, site, verdict, kinds, staff, parts, outcome, officer, decided`

func scanItem(sc interface{ Scan(...any) error }, extra ...any) (queue.Item, int64, error) {
	var it queue.Item
	var kinds, outcome, officer string
	var parts, decided int64
	err := sc.Scan(append([]any{&it.ID, &it.Created, &it.Expires, &it.Received, &it.Site, &it.Verdict, &kinds, &it.Staff, &parts, &outcome, &officer, &decided}, extra...)...)
	if err != nil {
		return it, 0, err
	}
	if err := json.Unmarshal([]byte(kinds), &it.Kinds); err != nil {
		return it, 0, err
	}
	if outcome != "" {
		it.Decision = &queue.DecisionItem{DecisionMeta: queue.DecisionMeta{Request: it.ID, Outcome: outcome, Officer: officer, Decided: decided}}
	}
	return it, parts, nil
}

func (s *Store) QueueList(ctx context.Context) ([]queue.Item, error) {
	var out []queue.Item
	err := s.retry(ctx, func() error {
		out = out[:0]
		rows, err := s.db.QueryContext(ctx, `SELECT `+itemColumns+` FROM queue_items ORDER BY received DESC, id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			it, _, err := scanItem(rows)
			if err != nil {
				return err
			}
			out = append(out, it)
		}
		return rows.Err()
	})
	if out == nil {
		out = []queue.Item{}
	}
	return out, err
}

func (s *Store) QueueGet(ctx context.Context, id string) (*queue.Item, error) {
	var found *queue.Item
	err := s.retry(ctx, func() error {
		found = nil
		var decision string
		it, parts, err := scanItem(s.db.QueryRowContext(ctx, `SELECT `+itemColumns+`, decision FROM queue_items WHERE id = ?`, id), &decision)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if it.Decision != nil {
			it.Decision.File = decision
		}
		if parts > 0 {
			rows, err := s.db.QueryContext(ctx, `SELECT data FROM queue_parts WHERE id = ? AND part < ? ORDER BY part`, id, parts)
			if err != nil {
				return err
			}
			defer rows.Close()
			var b strings.Builder
			n := int64(0)
			for rows.Next() {
				var data string
				if err := rows.Scan(&data); err != nil {
					return err
				}
				b.WriteString(data)
				n++
			}
			if err := rows.Err(); err != nil {
				return err
			}
			if n != parts {
				return errors.New("d1store: queue item " + id + ": parts missing")
			}
			it.File = b.String()
		}
		found = &it
		return nil
	})
	if err != nil {
		return nil, err
	}
	if found == nil {
		return nil, packserver.ErrNotFound
	}
	return found, nil
}

func (s *Store) QueueDecide(ctx context.Context, id string, d *queue.DecisionItem) error {
	var result error
	err := s.retry(ctx, func() error {
		res, err := s.db.ExecContext(ctx, `UPDATE queue_items SET outcome = ?, officer = ?, decided = ?, decision = ?, parts = 0
			WHERE id = ? AND outcome = ''`, d.Outcome, d.Officer, d.Decided, d.File, id)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			var c int64
			if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM queue_items WHERE id = ?`, id).Scan(&c); err != nil {
				return err
			}
			result = packserver.ErrNotFound
			if c > 0 {
				result = packserver.ErrDecided
			}
			return nil
		}
		_, err = s.db.ExecContext(ctx, `DELETE FROM queue_parts WHERE id = ?`, id)
		return err
	})
	if err != nil {
		return err
	}
	return result
}

func (s *Store) QueueDelete(ctx context.Context, id string) error {
	var gone bool
	err := s.retry(ctx, func() error {
		res, err := s.db.ExecContext(ctx, `DELETE FROM queue_items WHERE id = ?`, id)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		gone = n > 0
		_, err = s.db.ExecContext(ctx, `DELETE FROM queue_parts WHERE id = ?`, id)
		return err
	})
	if err != nil {
		return err
	}
	if !gone {
		return packserver.ErrNotFound
	}
	return nil
}

func (s *Store) QueueExpire(ctx context.Context, now time.Time) ([]string, error) {
	var gone []string
	err := s.retry(ctx, func() error {
		gone = gone[:0]
		rows, err := s.db.QueryContext(ctx, `DELETE FROM queue_items WHERE expires <= ? RETURNING id`, now.Unix())
		if err != nil {
			return err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			gone = append(gone, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(gone) > 0 {
			_, err = s.db.ExecContext(ctx, `DELETE FROM queue_parts WHERE id NOT IN (SELECT id FROM queue_items)`)
		}
		return err
	})
	return gone, err
}
