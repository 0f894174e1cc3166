package diskstore

// Accounts, API tokens and sessions (hashes only) in DIR/accounts.json
// (0600), replaced atomically on every change. Failed sign-ins are
// counted in memory: this store has one server process.

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/scrubs/scrubs/server/packserver"
)

var _ packserver.AccountStore = (*Store)(nil)

func (s *Store) loadAccounts() error {
	name := filepath.Join(s.dir, "accounts.json")
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		data, err = []byte(`{}`), nil
	}
	if err != nil {
		return err
	}
	var a packserver.Accounts
	if err := json.Unmarshal(data, &a); err != nil {
		return errors.New(name + ": " + err.Error())
	}
	s.MemAccounts.Load(a)
	s.MemAccounts.Save = func(a packserver.Accounts) error {
		data, err := json.MarshalIndent(a, "", "\t")
		if err != nil {
			return err
		}
		return writeAtomic(name, append(data, '\n'))
	}
	return nil
}
