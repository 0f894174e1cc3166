package d1store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/scrubs/scrubs/server/packserver"
)

// Accounts, credentials (token and session hashes) and failed sign-ins.
// A Workers instance lives for one request, so lock-out counts are kept
// here, in one statement each (windowCount), like the event limit.
var accountSchema = []string{
	`CREATE TABLE IF NOT EXISTS accounts (
		name TEXT PRIMARY KEY,
		role TEXT NOT NULL,
		password TEXT NOT NULL,
		created INTEGER NOT NULL
	)`,
	`CREATE TABLE IF NOT EXISTS credentials (
		id TEXT PRIMARY KEY,
		hash TEXT NOT NULL,
		kind TEXT NOT NULL,
		account TEXT NOT NULL,
		name TEXT NOT NULL,
		role TEXT NOT NULL,
		created INTEGER NOT NULL,
		expires INTEGER NOT NULL
	)`,
	`CREATE TABLE IF NOT EXISTS login_failures (
		key TEXT PRIMARY KEY,
		start INTEGER NOT NULL,
		n INTEGER NOT NULL
	)`,
}

var _ packserver.AccountStore = (*Store)(nil)

func (s *Store) Accounts(ctx context.Context) ([]packserver.Account, error) {
	var out []packserver.Account
	err := s.retry(ctx, func() error {
		out = out[:0]
		rows, err := s.db.QueryContext(ctx, `SELECT name, role, password, created FROM accounts ORDER BY name`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var a packserver.Account
			var created int64
			if err := rows.Scan(&a.Name, &a.Role, &a.Password, &created); err != nil {
				return err
			}
			a.Created = time.Unix(created, 0).UTC()
			out = append(out, a)
		}
		return rows.Err()
	})
	return out, err
}

func (s *Store) Account(ctx context.Context, name string) (*packserver.Account, error) {
	var a packserver.Account
	var created int64
	err := s.retry(ctx, func() error {
		return s.db.QueryRowContext(ctx, `SELECT name, role, password, created FROM accounts WHERE name = ?`, name).
			Scan(&a.Name, &a.Role, &a.Password, &created)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, packserver.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	a.Created = time.Unix(created, 0).UTC()
	return &a, nil
}

// exec runs one statement and says how many rows it changed.
func (s *Store) exec(ctx context.Context, stmt string, args ...any) (int64, error) {
	var n int64
	err := s.retry(ctx, func() error {
		res, err := s.db.ExecContext(ctx, stmt, args...)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}

// one turns "no row changed" into err.
func one(n int64, err error, none error) error {
	if err == nil && n == 0 {
		return none
	}
	return err
}

func (s *Store) AddAccount(ctx context.Context, a *packserver.Account) error {
	n, err := s.exec(ctx, `INSERT INTO accounts (name, role, password, created) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`,
		a.Name, string(a.Role), a.Password, a.Created.Unix())
	return one(n, err, packserver.ErrExists)
}

func (s *Store) UpdateAccount(ctx context.Context, a *packserver.Account) error {
	n, err := s.exec(ctx, `UPDATE accounts SET role = ?, password = ? WHERE name = ?`, string(a.Role), a.Password, a.Name)
	return one(n, err, packserver.ErrNotFound)
}

func (s *Store) DeleteAccount(ctx context.Context, name string) error {
	// credentials first: an account that is gone leaves nothing usable
	if _, err := s.exec(ctx, `DELETE FROM credentials WHERE account = ?`, name); err != nil {
		return err
	}
	n, err := s.exec(ctx, `DELETE FROM accounts WHERE name = ?`, name)
	return one(n, err, packserver.ErrNotFound)
}

const credentialColumns = `id, hash, kind, account, name, role, created, expires`

func scanCredential(sc interface{ Scan(...any) error }) (packserver.Credential, error) {
	var c packserver.Credential
	var created, expires int64
	err := sc.Scan(&c.ID, &c.Hash, &c.Kind, &c.Account, &c.Name, &c.Role, &created, &expires)
	c.Created = time.Unix(created, 0).UTC()
	if expires != 0 {
		c.Expires = time.Unix(expires, 0).UTC()
	}
	return c, err
}

func (s *Store) Credentials(ctx context.Context, kind string) ([]packserver.Credential, error) {
	out := []packserver.Credential{}
	err := s.retry(ctx, func() error {
		out = out[:0]
		rows, err := s.db.QueryContext(ctx, `SELECT `+credentialColumns+` FROM credentials WHERE kind = ? ORDER BY created, id`, kind)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanCredential(rows)
			if err != nil {
				return err
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, err
}

func (s *Store) Credential(ctx context.Context, id string) (*packserver.Credential, error) {
	var c packserver.Credential
	err := s.retry(ctx, func() error {
		var err error
		c, err = scanCredential(s.db.QueryRowContext(ctx, `SELECT `+credentialColumns+` FROM credentials WHERE id = ?`, id))
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, packserver.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return &c, nil
}

func (s *Store) AddCredential(ctx context.Context, c *packserver.Credential) error {
	var expires int64
	if !c.Expires.IsZero() {
		expires = c.Expires.Unix()
	}
	if _, err := s.exec(ctx, `DELETE FROM credentials WHERE expires != 0 AND expires < ?`, c.Created.Unix()); err != nil {
		return err
	}
	n, err := s.exec(ctx, `INSERT INTO credentials (`+credentialColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
		c.ID, c.Hash, c.Kind, c.Account, c.Name, string(c.Role), c.Created.Unix(), expires)
	return one(n, err, packserver.ErrExists)
}

func (s *Store) DeleteCredential(ctx context.Context, id string) error {
	n, err := s.exec(ctx, `DELETE FROM credentials WHERE id = ?`, id)
	return one(n, err, packserver.ErrNotFound)
}

func (s *Store) DeleteCredentials(ctx context.Context, account, kind string) error {
	_, err := s.exec(ctx, `DELETE FROM credentials WHERE account = ? AND kind = ?`, account, kind)
	return err
}

func (s *Store) AddFailure(ctx context.Context, key string, now time.Time, window time.Duration) (time.Time, int, error) {
	start, n, err := s.windowCount(ctx, "login_failures", key, now, window)
	return time.UnixMilli(start), int(n), err
}

func (s *Store) Failures(ctx context.Context, key string, now time.Time, window time.Duration) (time.Time, int, error) {
	var start, n int64
	err := s.retry(ctx, func() error {
		return s.db.QueryRowContext(ctx, `SELECT start, n FROM login_failures WHERE key = ?`, key).Scan(&start, &n)
	})
	if errors.Is(err, sql.ErrNoRows) || (err == nil && now.UnixMilli()-start >= window.Milliseconds()) {
		return time.Time{}, 0, nil
	}
	return time.UnixMilli(start), int(n), err
}

func (s *Store) ClearFailures(ctx context.Context, key string) error {
	_, err := s.exec(ctx, `DELETE FROM login_failures WHERE key = ?`, key)
	return err
}
