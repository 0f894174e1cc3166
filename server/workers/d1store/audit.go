package d1store

import (
	"context"
	"time"

	"github.com/scrubs/scrubs/server/packserver"
)

// The audit log is the audit table: seq is an AUTOINCREMENT key, so
// entries are numbered in the order kept and a number is never reused;
// triggers refuse every UPDATE and DELETE, so the log is append-only in
// the database itself, not only in this code.
var auditSchema = []string{
	`CREATE TABLE IF NOT EXISTS audit (
		seq INTEGER PRIMARY KEY AUTOINCREMENT,
		time INTEGER NOT NULL,
		actor TEXT NOT NULL,
		action TEXT NOT NULL,
		target TEXT NOT NULL,
		detail TEXT NOT NULL
	)`,
	`CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
		BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END`,
	`CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
		BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END`,
}

var _ packserver.AuditLog = (*Store)(nil)

func (s *Store) AppendAudit(ctx context.Context, e packserver.AuditEntry) error {
	return s.retry(ctx, func() error {
		_, err := s.db.ExecContext(ctx, `INSERT INTO audit (time, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)`,
			e.Time.Unix(), e.Actor, e.Action, e.Target, e.Detail)
		return err
	})
}

func (s *Store) AuditEntries(ctx context.Context, since time.Time) ([]packserver.AuditEntry, error) {
	var out []packserver.AuditEntry
	err := s.retry(ctx, func() error {
		out = out[:0]
		rows, err := s.db.QueryContext(ctx, `SELECT seq, time, actor, action, target, detail FROM audit WHERE time >= ? ORDER BY seq DESC`, since.Unix())
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e packserver.AuditEntry
			var seq, at int64
			if err := rows.Scan(&seq, &at, &e.Actor, &e.Action, &e.Target, &e.Detail); err != nil {
				return err
			}
			e.Seq, e.Time = uint64(seq), time.Unix(at, 0).UTC()
			out = append(out, e)
		}
		return rows.Err()
	})
	if out == nil {
		out = []packserver.AuditEntry{}
	}
	return out, err
}
