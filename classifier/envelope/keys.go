package envelope

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
)

const (
	publicPrefix  = "scrubs-ed25519:"
	privatePrefix = "scrubs-ed25519-secret:"
)

// PublicKey is an Ed25519 public key that checks envelopes.
type PublicKey struct{ k ed25519.PublicKey }

// PrivateKey is an Ed25519 private key that signs envelopes.
type PrivateKey struct{ k ed25519.PrivateKey }

// GenerateKey makes a new private key from rand (crypto/rand.Reader when
// nil).
func GenerateKey(rand io.Reader) (PrivateKey, error) {
	_, k, err := ed25519.GenerateKey(rand)
	if err != nil {
		return PrivateKey{}, err
	}
	return PrivateKey{k}, nil
}

// ParsePublicKey reads a key written as "scrubs-ed25519:BASE64".
// Surrounding white space is ignored.
func ParsePublicKey(s string) (PublicKey, error) {
	b, err := decodeKey(s, publicPrefix, ed25519.PublicKeySize)
	if err != nil {
		return PublicKey{}, err
	}
	return PublicKey{ed25519.PublicKey(b)}, nil
}

// ParsePrivateKey reads a key written as "scrubs-ed25519-secret:BASE64".
// Surrounding white space is ignored.
func ParsePrivateKey(s string) (PrivateKey, error) {
	b, err := decodeKey(s, privatePrefix, ed25519.SeedSize)
	if err != nil {
		return PrivateKey{}, err
	}
	return PrivateKey{ed25519.NewKeyFromSeed(b)}, nil
}

func decodeKey(s, prefix string, size int) ([]byte, error) {
	s = strings.TrimSpace(s)
	rest, ok := strings.CutPrefix(s, prefix)
	if !ok {
		if strings.HasPrefix(s, privatePrefix) && prefix == publicPrefix {
			return nil, fmt.Errorf("this is a private key; want a public key (%q...)", prefix)
		}
		return nil, fmt.Errorf("key does not start with %q", prefix)
	}
	b, err := base64.StdEncoding.Strict().DecodeString(rest)
	if err != nil || len(b) != size {
		return nil, fmt.Errorf("key after %q is not the base64 of %d bytes", prefix, size)
	}
	return b, nil
}

// String writes the key as "scrubs-ed25519:BASE64".
func (k PublicKey) String() string {
	return publicPrefix + base64.StdEncoding.EncodeToString(k.k)
}

// ID is the key's short id: the first 8 bytes of SHA-256 of the key, in hex.
func (k PublicKey) ID() string {
	if len(k.k) == 0 {
		return ""
	}
	sum := sha256.Sum256(k.k)
	return hex.EncodeToString(sum[:8])
}

// Equal reports whether two keys are the same.
func (k PublicKey) Equal(o PublicKey) bool { return k.k.Equal(o.k) }

// IsZero reports whether the key is the zero value.
func (k PublicKey) IsZero() bool { return len(k.k) == 0 }

// Public returns the public half.
func (k PrivateKey) Public() PublicKey {
	return PublicKey{k.k.Public().(ed25519.PublicKey)}
}

// String writes the key as "scrubs-ed25519-secret:BASE64" (the seed).
func (k PrivateKey) String() string {
	return privatePrefix + base64.StdEncoding.EncodeToString(k.k.Seed())
}

// IsZero reports whether the key is the zero value.
func (k PrivateKey) IsZero() bool { return len(k.k) == 0 }
