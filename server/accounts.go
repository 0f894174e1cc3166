package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"github.com/scrubs/scrubs/server/diskstore"
	"github.com/scrubs/scrubs/server/packserver"
)

// addAdmin is -admin NAME: a new account, or a new password (and role) for
// an existing one, printed once. It opens the store, so the server must be
// stopped; its sessions end (its API tokens stay).
func addAdmin(dir, name string, role packserver.Role) error {
	name = strings.ToLower(strings.TrimSpace(name))
	if msg := packserver.CheckName(name); msg != "" {
		return fmt.Errorf("-admin %q: the name %s", name, msg)
	}
	if !role.Valid() {
		return fmt.Errorf("-role %q: want editor or viewer", role)
	}
	store, err := diskstore.Open(dir, log.Printf)
	if err != nil {
		return fmt.Errorf("%v (stop the server before -admin)", err)
	}
	defer store.Close()
	ctx := context.Background()
	password := packserver.NewPassword()
	hash, err := packserver.HashPassword(password)
	if err != nil {
		return err
	}
	action, detail := packserver.AuditAccountAdd, "a new "+string(role)+", made with -admin"
	a, err := store.Account(ctx, name)
	switch {
	case errors.Is(err, packserver.ErrNotFound):
		a = &packserver.Account{Name: name, Role: role, Password: hash, Created: time.Now().UTC().Truncate(time.Second)}
		err = store.AddAccount(ctx, a)
	case err == nil:
		action, detail = packserver.AuditAccountEdit, "a new password (their sessions ended), made with -admin"
		if a.Role != role {
			detail += fmt.Sprintf("; role %s → %s", a.Role, role)
		}
		a.Role, a.Password = role, hash
		if err = store.UpdateAccount(ctx, a); err == nil {
			err = store.DeleteCredentials(ctx, name, packserver.KindSession)
		}
	}
	if err != nil {
		return err
	}
	if err := store.AppendAudit(ctx, packserver.AuditEntry{Time: time.Now().UTC().Truncate(time.Second), Actor: packserver.ServerCommandName,
		Action: action, Target: "account " + name, Detail: detail}); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "scrubs-server: account %s (%s); its password, shown once:\n\n    %s\n\n", name, role, password)
	return nil
}
