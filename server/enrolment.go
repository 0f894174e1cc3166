package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/scrubs/scrubs/server/diskstore"
)

// enrolmentKey is SCRUBS_ENROLMENT_KEY, or the key in DATA/enrolment-key,
// or a new one written there (0600) and printed this once. Extensions
// send it with their counts (the managed policy's enrolmentKey); it is not
// a secret like the admin token, since every installed extension holds
// it, but it keeps strangers from filling the reports.
func enrolmentKey(dir string) (string, error) {
	if k := strings.TrimSpace(os.Getenv("SCRUBS_ENROLMENT_KEY")); k != "" {
		if len(k) < 16 {
			return "", errors.New("SCRUBS_ENROLMENT_KEY must be at least 16 characters")
		}
		return k, nil
	}
	name := filepath.Join(dir, "enrolment-key")
	data, err := os.ReadFile(name)
	if err == nil {
		if k := strings.TrimSpace(string(data)); len(k) >= 16 {
			return k, nil
		}
		return "", fmt.Errorf("%s holds no key of 16 characters or more", name)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	b := make([]byte, 16)
	rand.Read(b)
	k := "scrubs-enrol-" + hex.EncodeToString(b)
	if err := diskstore.WriteFileExclusive(name, []byte(k+"\n"), 0o600); err != nil {
		return "", err
	}
	fmt.Fprintf(os.Stderr, "scrubs-server: enrolment key for the extensions' policy (enrolmentKey; kept in %s):\n\n    %s\n\n", name, k)
	return k, nil
}
