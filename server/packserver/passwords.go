package packserver

// Passwords are kept as argon2id hashes in the PHC string format,
//
//	$argon2id$v=19$m=19456,t=2,p=1$SALT$HASH   (unpadded standard base64)
//
// with the parameters in the string, so they can be raised later and old
// hashes still check. The defaults are OWASP's smallest argon2id setting
// (19 MiB, 2 passes, 1 lane): the Workers build runs it as WebAssembly in
// a fresh instance per request, where memory is bounded (128 MB an
// isolate) and every sign-in's CPU is billed; it takes a few tens of
// milliseconds natively and about ten times that there. API tokens and
// sessions are random 24-byte secrets and are kept as SHA-256 hashes
// instead: nothing can be guessed there that a slow hash would protect.

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters for new hashes.
const (
	argonMemory  = 19 * 1024 // KiB
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// Password length limits (bytes): long passphrases are welcome, but a
// hash of megabytes is work for nothing.
const (
	MinPassword = 12
	MaxPassword = 256
)

var b64 = base64.RawStdEncoding

// HashPassword returns password's argon2id hash in PHC format.
func HashPassword(password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// errHash is a stored hash that cannot be read.
var errHash = errors.New("not an argon2id hash")

// CheckPassword says whether password matches hash, comparing in
// constant time. An empty or unreadable hash matches nothing, after the
// same work as a real one (so a missing account takes as long).
func CheckPassword(hash, password string) bool {
	m, t, p, salt, want, err := parseHash(hash)
	if err != nil {
		m, t, p, salt, want, _ = parseHash(dummyHash)
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1 && err == nil
}

// dummyHash is checked when there is no hash to check, for the time it
// takes: the default parameters, and a key no password is known to give.
var dummyHash = fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
	b64.EncodeToString([]byte("scrubs-no-account")), b64.EncodeToString([]byte("no password is known to give this key")))

func parseHash(hash string) (m, t uint32, p uint8, salt, key []byte, err error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return 0, 0, 0, nil, nil, errHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return 0, 0, 0, nil, nil, errHash
	}
	// bounds a stored hash cannot push past: 256 MiB, 16 passes
	if m < 8*uint32(p) || m > 256*1024 || t < 1 || t > 16 || p < 1 {
		return 0, 0, 0, nil, nil, errHash
	}
	if salt, err = b64.DecodeString(parts[4]); err != nil || len(salt) < 8 {
		return 0, 0, 0, nil, nil, errHash
	}
	if key, err = b64.DecodeString(parts[5]); err != nil || len(key) < 16 || len(key) > 64 {
		return 0, 0, 0, nil, nil, errHash
	}
	return m, t, p, salt, key, nil
}

// checkNewPassword says what is wrong with a new password, or "".
func checkNewPassword(pw string) string {
	switch {
	case len(pw) < MinPassword:
		return fmt.Sprintf("must be at least %d characters", MinPassword)
	case len(pw) > MaxPassword:
		return fmt.Sprintf("must be at most %d bytes", MaxPassword)
	}
	return ""
}

// NewPassword makes a password for an account made without one: 18
// random bytes, 24 characters.
func NewPassword() string {
	b := make([]byte, 18)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
