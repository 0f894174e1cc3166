// Package d1store is the Workers build's packserver.Store: packs and event
// counts in Cloudflare D1 (SQLite), through database/sql. On Workers the
// *sql.DB comes from github.com/syumai/workers/cloudflare/d1; the SQL is
// plain SQLite, so any SQLite driver serves it elsewhere.
//
// Why D1 and not KV: KV has no conditional write and is eventually
// consistent between locations (a write may take up to a minute to be seen
// elsewhere), so two concurrent pushes could both take version N and a
// count read-modify-write would lose increments. D1 gives one statement
// atomicity and a PRIMARY KEY on the version:
//
//	packs(version PRIMARY KEY, created, digest, size, comment, restored_from)
//	pack_parts(digest, part, data)   the pack's bytes, base64, in parts
//	counts(week, site, verdict, override, kind, n)   PRIMARY KEY on all but n: counts
//	                                 stored before per-post events (findings), read as legacy rows
//	post_counts(week, site, verdict, outcome, reason, kind, rule, n)   PRIMARY KEY on all but n
//	event_limits(client, start, n)   each client's current window: its start (ms) and count
//	audit(seq AUTOINCREMENT, time, actor, action, target, detail)   append-only (audit.go)
//	queue_items(id PRIMARY KEY, metadata, decision), queue_parts(id, part, data)   the approval queue (queue.go)
//	accounts(name PRIMARY KEY, role, password, created)   admins (accounts.go)
//	credentials(id PRIMARY KEY, hash, kind, account, name, role, created, expires)   API tokens and sessions
//	login_failures(key PRIMARY KEY, start, n)   failed sign-ins per account and client, for lock-outs
//
// A pack's bytes go in parts of at most partSize (a D1 value holds at most
// 2,000,000 bytes; a pack may be 4 MiB), keyed by the pack's SHA-256, so a
// restore stores no new bytes. Add writes the parts first (INSERT OR
// IGNORE: the same digest is the same bytes) and the packs row last, with
// ON CONFLICT(version) DO NOTHING: that one row is the commit, so a version
// is either wholly stored or absent, and a version already taken gives
// ErrVersionExists with nothing changed. Parts left by a push that lost
// its version or died before its row are unreferenced and harmless.
//
// Counts are added in one statement over json_each, so concurrent reports
// never lose an increment.
//
// The tables are created on first use (the first statement that finds one
// missing creates them all and is tried again), so a new database needs no
// migration step; schema.sql holds the same statements for
// `wrangler d1 execute`.
package d1store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/scrubs/scrubs/server/packserver"
)

// Schema is the database's tables; every statement is idempotent.
var Schema = []string{
	`CREATE TABLE IF NOT EXISTS packs (
		version INTEGER PRIMARY KEY,
		created INTEGER NOT NULL,
		digest TEXT NOT NULL,
		size INTEGER NOT NULL,
		comment TEXT NOT NULL DEFAULT '',
		restored_from INTEGER NOT NULL DEFAULT 0
	)`,
	`CREATE TABLE IF NOT EXISTS pack_parts (
		digest TEXT NOT NULL,
		part INTEGER NOT NULL,
		data TEXT NOT NULL,
		PRIMARY KEY (digest, part)
	)`,
	`CREATE TABLE IF NOT EXISTS counts (
		week TEXT NOT NULL,
		site TEXT NOT NULL,
		verdict TEXT NOT NULL,
		override INTEGER NOT NULL,
		kind TEXT NOT NULL,
		n INTEGER NOT NULL,
		PRIMARY KEY (week, site, verdict, override, kind)
	)`,
	`CREATE TABLE IF NOT EXISTS post_counts (
		week TEXT NOT NULL,
		site TEXT NOT NULL,
		verdict TEXT NOT NULL,
		outcome TEXT NOT NULL,
		reason TEXT NOT NULL,
		kind TEXT NOT NULL,
		rule TEXT NOT NULL,
		n INTEGER NOT NULL,
		PRIMARY KEY (week, site, verdict, outcome, reason, kind, rule)
	)`,
	`CREATE TABLE IF NOT EXISTS event_limits (
		client TEXT PRIMARY KEY,
		start INTEGER NOT NULL,
		n INTEGER NOT NULL
	)`,
}

// partSize is the most pack bytes one pack_parts row holds (base64 makes
// it 4/3 as long, under D1's 2,000,000-byte value limit).
const partSize = 1 << 20

// Store is a packserver.Store over a D1 database.
type Store struct {
	db *sql.DB
	// latest is the last record read or written by this instance. A
	// Workers instance serves one request, so this saves the second read
	// when a handler asks twice; it is kept for at most maxAge.
	latest   *packserver.Record
	latestAt time.Time
	now      func() time.Time
}

const maxAge = 2 * time.Second

var _ packserver.Store = (*Store)(nil)

// New returns a Store over db.
func New(db *sql.DB) *Store {
	return &Store{db: db, now: time.Now}
}

// CreateTables creates the tables that are missing.
func (s *Store) CreateTables(ctx context.Context) error {
	for _, stmt := range append(append(append(Schema[:len(Schema):len(Schema)], auditSchema...), queueSchema...), accountSchema...) {
		if _, err := s.db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("d1store: creating tables: %w", err)
		}
	}
	return nil
}

// retry runs f, and again after creating the tables when f found one
// missing.
func (s *Store) retry(ctx context.Context, f func() error) error {
	err := f()
	if err != nil && strings.Contains(err.Error(), "no such table") {
		if cerr := s.CreateTables(ctx); cerr != nil {
			return cerr
		}
		err = f()
	}
	return err
}

const recordColumns = `p.version, p.created, p.digest, p.size, p.comment, p.restored_from`

func scanRecord(sc interface{ Scan(...any) error }, extra ...any) (packserver.Record, error) {
	var r packserver.Record
	var version, created, size, from int64
	err := sc.Scan(append([]any{&version, &created, &r.Digest, &size, &r.Comment, &from}, extra...)...)
	r.Version, r.Created, r.Size, r.RestoredFrom = uint64(version), time.Unix(created, 0).UTC(), int(size), uint64(from)
	return r, err
}

func (s *Store) Latest(ctx context.Context) (*packserver.Record, error) {
	if s.latest != nil && s.now().Sub(s.latestAt) < maxAge {
		return s.latest, nil
	}
	r, err := s.get(ctx, `(SELECT MAX(version) FROM packs)`)
	if err == nil {
		s.remember(r)
	}
	return r, err
}

// Empty reports whether the database holds no pack version, reading no
// pack (packserver.Emptiness).
func (s *Store) Empty(ctx context.Context) (bool, error) {
	if s.latest != nil {
		return false, nil
	}
	var n int64
	err := s.retry(ctx, func() error {
		return s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM packs LIMIT 1)`).Scan(&n)
	})
	return n == 0, err
}

func (s *Store) remember(r *packserver.Record) {
	if s.latest == nil || r.Version >= s.latest.Version {
		s.latest, s.latestAt = r, s.now()
	}
}

func (s *Store) Get(ctx context.Context, version uint64) (*packserver.Record, error) {
	if version == 0 || version > 1<<53-1 {
		return nil, packserver.ErrNotFound
	}
	if l := s.latest; l != nil && l.Version == version {
		return l, nil
	}
	return s.get(ctx, fmt.Sprint(version))
}

// get reads one record with its bytes: its row joined to its parts, in
// one statement. which is a version number or a subquery.
func (s *Store) get(ctx context.Context, which string) (*packserver.Record, error) {
	var rec *packserver.Record
	err := s.retry(ctx, func() error {
		rec = nil
		rows, err := s.db.QueryContext(ctx, `SELECT `+recordColumns+`, b.data FROM packs p
			LEFT JOIN pack_parts b ON b.digest = p.digest
			WHERE p.version = `+which+` ORDER BY b.part`)
		if err != nil {
			return err
		}
		defer rows.Close()
		var buf []byte
		for rows.Next() {
			var data sql.NullString
			r, err := scanRecord(rows, &data)
			if err != nil {
				return err
			}
			if rec == nil {
				rec = &r
			}
			part, err := base64.StdEncoding.DecodeString(data.String)
			if err != nil {
				return fmt.Errorf("d1store: version %d: %w", r.Version, err)
			}
			buf = append(buf, part...)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if rec == nil {
			return nil
		}
		rec.Pack = buf
		return nil
	})
	if err != nil {
		return nil, err
	}
	if rec == nil {
		return nil, packserver.ErrNotFound
	}
	if sum := sha256.Sum256(rec.Pack); hex.EncodeToString(sum[:]) != rec.Digest || len(rec.Pack) != rec.Size {
		return nil, fmt.Errorf("d1store: version %d: stored bytes do not match digest %s", rec.Version, rec.Digest)
	}
	return rec, nil
}

func (s *Store) List(ctx context.Context) ([]packserver.Record, error) {
	var out []packserver.Record
	err := s.retry(ctx, func() error {
		out = out[:0]
		rows, err := s.db.QueryContext(ctx, `SELECT `+recordColumns+` FROM packs p ORDER BY p.version DESC`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanRecord(rows)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// Add stores the parts, then the row; the row is the commit.
func (s *Store) Add(ctx context.Context, r *packserver.Record) error {
	if r.Version == 0 || r.Version > 1<<53-1 {
		return fmt.Errorf("d1store: version %d out of range", r.Version)
	}
	sum := sha256.Sum256(r.Pack)
	digest := hex.EncodeToString(sum[:])
	if r.Digest != "" && r.Digest != digest {
		return fmt.Errorf("d1store: digest %s does not match the pack (%s)", r.Digest, digest)
	}
	var taken bool
	err := s.retry(ctx, func() error {
		for i, off := 0, 0; off < len(r.Pack) || i == 0; i, off = i+1, off+partSize {
			part := r.Pack[off:min(off+partSize, len(r.Pack))]
			if _, err := s.db.ExecContext(ctx, `INSERT OR IGNORE INTO pack_parts (digest, part, data) VALUES (?, ?, ?)`,
				digest, int64(i), base64.StdEncoding.EncodeToString(part)); err != nil {
				return err
			}
		}
		res, err := s.db.ExecContext(ctx, `INSERT INTO packs (version, created, digest, size, comment, restored_from)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (version) DO NOTHING`,
			int64(r.Version), r.Created.Unix(), digest, int64(len(r.Pack)), r.Comment, int64(r.RestoredFrom))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		taken = n == 0
		return nil
	})
	if err != nil {
		return err
	}
	if taken {
		return packserver.ErrVersionExists
	}
	c := *r
	c.Digest, c.Size, c.Created = digest, len(r.Pack), time.Unix(r.Created.Unix(), 0).UTC()
	s.remember(&c)
	return nil
}

type countRow struct {
	W string `json:"w"`
	S string `json:"s"`
	V string `json:"v"`
	O int    `json:"o,omitempty"`
	X string `json:"x,omitempty"` // outcome
	R string `json:"r,omitempty"` // reason
	K string `json:"k"`
	U string `json:"u,omitempty"` // rule
	N int64  `json:"n"`
}

// AddCounts adds every count in one statement per table (D1 allows 100
// bound parameters; one JSON array is one). Counts with an outcome go to
// post_counts; legacy ones (none are made any more) to counts.
func (s *Store) AddCounts(ctx context.Context, counts []packserver.Count) error {
	var posts, legacy []countRow
	for _, c := range counts {
		r := countRow{W: c.Week, S: c.Site, V: c.Verdict, X: c.Outcome, R: c.Reason, K: c.Kind, U: c.Rule, N: c.N}
		if c.Override {
			r.O = 1
		}
		if c.Legacy() {
			legacy = append(legacy, r)
		} else {
			posts = append(posts, r)
		}
	}
	for _, t := range []struct {
		rows []countRow
		stmt string
	}{
		{posts, `INSERT INTO post_counts (week, site, verdict, outcome, reason, kind, rule, n)
			SELECT json_extract(value, '$.w'), json_extract(value, '$.s'), json_extract(value, '$.v'),
				coalesce(json_extract(value, '$.x'), ''), coalesce(json_extract(value, '$.r'), ''),
				json_extract(value, '$.k'), coalesce(json_extract(value, '$.u'), ''), json_extract(value, '$.n')
			FROM json_each(?) WHERE true
			ON CONFLICT (week, site, verdict, outcome, reason, kind, rule) DO UPDATE SET n = n + excluded.n`},
		{legacy, `INSERT INTO counts (week, site, verdict, override, kind, n)
			SELECT json_extract(value, '$.w'), json_extract(value, '$.s'), json_extract(value, '$.v'),
				coalesce(json_extract(value, '$.o'), 0), json_extract(value, '$.k'), json_extract(value, '$.n')
			FROM json_each(?) WHERE true
			ON CONFLICT (week, site, verdict, override, kind) DO UPDATE SET n = n + excluded.n`},
	} {
		if len(t.rows) == 0 {
			continue
		}
		data, err := json.Marshal(t.rows)
		if err != nil {
			return err
		}
		if err := s.retry(ctx, func() error {
			_, err := s.db.ExecContext(ctx, t.stmt, string(data))
			return err
		}); err != nil {
			return err
		}
	}
	return nil
}

// Counts returns the per-post counts and the legacy ones.
func (s *Store) Counts(ctx context.Context) ([]packserver.Count, error) {
	m := map[packserver.CountKey]int64{}
	err := s.retry(ctx, func() error {
		clear(m)
		rows, err := s.db.QueryContext(ctx, `SELECT week, site, verdict, 0, outcome, reason, kind, rule, n FROM post_counts
			UNION ALL SELECT week, site, verdict, override, '', '', kind, '', n FROM counts`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k packserver.CountKey
			var override, n int64
			if err := rows.Scan(&k.Week, &k.Site, &k.Verdict, &override, &k.Outcome, &k.Reason, &k.Kind, &k.Rule, &n); err != nil {
				return err
			}
			k.Override = override != 0
			m[k] += n
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return packserver.CountsFromMap(m), nil
}

// Allow counts one request from client and says whether it is within
// limit requests in the client's current window, and if not, how long
// until that window ends. A client's window opens with its first request
// after the last one closed (so a burst is never split between two
// windows). One statement, so concurrent requests count exactly; windows
// that have closed are deleted whenever a client opens a new one.
func (s *Store) Allow(ctx context.Context, client string, now time.Time, window time.Duration, limit int64) (bool, time.Duration, error) {
	start, n, err := s.windowCount(ctx, "event_limits", packserver.ClientKey(client), now, window)
	if err != nil {
		return false, 0, err
	}
	if n > limit {
		return false, time.Duration(start+max(window.Milliseconds(), 1)-now.UnixMilli()) * time.Millisecond, nil
	}
	return true, 0, nil
}

// windowCount counts one more under key in table (event_limits: clients,
// login_failures: sign-in lock-outs) and returns the key's window start
// (ms) and count. A key's window opens with its first count after the
// last one closed. One statement, so concurrent requests count exactly;
// windows that have closed are deleted whenever a key opens a new one.
func (s *Store) windowCount(ctx context.Context, table, key string, now time.Time, window time.Duration) (start, n int64, err error) {
	ms := max(window.Milliseconds(), 1)
	at := now.UnixMilli()
	col := "client"
	if table == "login_failures" {
		col = "key"
	}
	err = s.retry(ctx, func() error {
		// Every expression on the right of SET sees the row as it was.
		return s.db.QueryRowContext(ctx, `INSERT INTO `+table+` (`+col+`, start, n) VALUES (?1, ?2, 1)
			ON CONFLICT (`+col+`) DO UPDATE SET
				start = CASE WHEN ?2 - start >= ?3 THEN ?2 ELSE start END,
				n = CASE WHEN ?2 - start >= ?3 THEN 1 ELSE n + 1 END
			RETURNING start, n`, key, at, ms).Scan(&start, &n)
	})
	if err != nil {
		return 0, 0, err
	}
	if n == 1 {
		if _, err := s.db.ExecContext(ctx, `DELETE FROM `+table+` WHERE start <= ?`, at-ms); err != nil {
			return 0, 0, err
		}
	}
	return start, n, nil
}

// ErrNoDatabase is returned when the D1 binding is missing.
var ErrNoDatabase = errors.New("d1store: no D1 database bound")
