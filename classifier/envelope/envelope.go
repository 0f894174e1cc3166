package envelope

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mailru/easyjson/jlexer"
	"github.com/mailru/easyjson/jwriter"
	"github.com/scrubs/scrubs/classifier"
)

// Format names this envelope format; it starts the signed message too.
const Format = "scrubs-pack-envelope-v1"

// Limits. A version stays below 2^53 so JavaScript reads it exactly.
const (
	MaxVersion       = 1<<53 - 1
	MaxPackBytes     = classifier.MaxPackBytes
	MaxEnvelopeBytes = MaxPackBytes/3*4 + 64<<10 // base64 pack + the rest (roots included)
)

// The reasons Open refuses an envelope. Errors from Open wrap exactly one.
var (
	ErrMalformed     = errors.New("not a valid pack envelope")
	ErrTooLarge      = errors.New("envelope too large")
	ErrUnknownKey    = errors.New("signed by a key that is not trusted")
	ErrBadSignature  = errors.New("signature does not match: the envelope was altered or signed by another key")
	ErrExpired       = errors.New("pack has expired")
	ErrVersionTooLow = errors.New("pack version is lower than the one already in use")
)

// Code names the reason for an error from Open in one word:
// "malformed", "too_large", "unknown_key", "bad_signature", "expired",
// "version_too_low", and for timestamps "not_current" and "stale"; "" for nil and "error" for anything else.
func Code(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrMalformed):
		return "malformed"
	case errors.Is(err, ErrTooLarge):
		return "too_large"
	case errors.Is(err, ErrUnknownKey):
		return "unknown_key"
	case errors.Is(err, ErrBadSignature):
		return "bad_signature"
	case errors.Is(err, ErrExpired):
		return "expired"
	case errors.Is(err, ErrVersionTooLow):
		return "version_too_low"
	case errors.Is(err, ErrNotCurrent):
		return "not_current"
	case errors.Is(err, ErrStale):
		return "stale"
	}
	return "error"
}

// Opened is a checked envelope.
type Opened struct {
	Pack    []byte // the pack's exact bytes (JSON)
	Version uint64
	Issued  time.Time
	Expires time.Time
	KeyID   string
	Key     PublicKey // the signing key
	Digest  string    // SHA-256 of Pack, hex
	// State is what the verifier keeps for the next check (Verifier.State).
	State State
}

// Sign wraps pack in an envelope signed by key. Roots, made with
// KeySet.Sign, oldest first, carry verifiers that pin an older key to the
// key set key belongs to.
func Sign(pack []byte, version uint64, issued, expires time.Time, key PrivateKey, roots ...Root) ([]byte, error) {
	switch {
	case key.IsZero():
		return nil, errors.New("envelope: no signing key")
	case version == 0 || version > MaxVersion:
		return nil, fmt.Errorf("envelope: version %d is outside 1..%d", version, uint64(MaxVersion))
	case len(pack) > MaxPackBytes:
		return nil, fmt.Errorf("envelope: pack is %d bytes; at most %d", len(pack), MaxPackBytes)
	case !expires.After(issued):
		return nil, fmt.Errorf("envelope: expiry %s is not after issue time %s", expires.UTC().Format(time.RFC3339), issued.UTC().Format(time.RFC3339))
	case len(roots) > MaxRoots:
		return nil, fmt.Errorf("envelope: %d roots; at most %d", len(roots), MaxRoots)
	}
	for i := range roots {
		if _, err := roots[i].keySet(nil); err != nil {
			return nil, fmt.Errorf("envelope: roots[%d]: %v", i, err)
		}
	}
	w := wireEnvelope{
		Format:  Format,
		Version: version,
		Issued:  issued.Unix(),
		Expires: expires.Unix(),
		KeyID:   key.Public().ID(),
		Pack:    base64.StdEncoding.EncodeToString(pack),
		Roots:   roots,
	}
	sig := ed25519.Sign(key.k, message(&w, pack))
	w.Signature = base64.StdEncoding.EncodeToString(sig)
	var jw jwriter.Writer
	w.MarshalEasyJSON(&jw)
	return jw.BuildBytes()
}

// message is the byte string a pack signature covers.
func message(w *wireEnvelope, pack []byte) []byte {
	sum := sha256.Sum256(pack)
	b := make([]byte, 0, 192)
	b = append(b, Format...)
	b = append(b, "\nversion "...)
	b = strconv.AppendUint(b, w.Version, 10)
	b = append(b, "\nissued "...)
	b = strconv.AppendInt(b, w.Issued, 10)
	b = append(b, "\nexpires "...)
	b = strconv.AppendInt(b, w.Expires, 10)
	b = append(b, "\nkey "...)
	b = append(b, w.KeyID...)
	b = append(b, "\npack-sha256 "...)
	b = hex.AppendEncode(b, sum[:])
	b = append(b, '\n')
	return b
}

// Open checks an envelope against the pinned keys alone (no kept state):
// the signing key must be one of them or in a root the envelope chains to
// them. It refuses a version below minVersion or an expiry at or before
// now, and returns the pack.
func Open(env []byte, trusted []PublicKey, minVersion uint64, now time.Time) (*Opened, error) {
	v := Verifier{Pinned: trusted, MinVersion: minVersion, Now: now}
	return v.Open(env)
}

// Open checks an envelope: its signing key must be in the key set in
// force (see Verifier and Root), its version must hold against every
// floor, and it must not have expired at v.Now.
func (v *Verifier) Open(env []byte) (*Opened, error) {
	if len(env) > MaxEnvelopeBytes {
		return nil, fmt.Errorf("%w: %d bytes; at most %d", ErrTooLarge, len(env), MaxEnvelopeBytes)
	}
	var w wireEnvelope
	l := jlexer.Lexer{Data: env}
	w.UnmarshalEasyJSON(&l)
	if l.Ok() {
		l.Consumed()
	}
	if err := l.Error(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if w.Format != Format {
		return nil, fmt.Errorf("%w: format is %q, want %q", ErrMalformed, w.Format, Format)
	}
	if w.Version == 0 || w.Version > MaxVersion {
		return nil, fmt.Errorf("%w: version %d is outside 1..%d", ErrMalformed, w.Version, uint64(MaxVersion))
	}
	if len(w.Roots) > MaxRoots {
		return nil, fmt.Errorf("%w: %d roots; at most %d", ErrMalformed, len(w.Roots), MaxRoots)
	}
	pack, err := base64.StdEncoding.Strict().DecodeString(w.Pack)
	if err != nil {
		return nil, fmt.Errorf("%w: pack is not base64", ErrMalformed)
	}
	if len(pack) > MaxPackBytes {
		return nil, fmt.Errorf("%w: pack is %d bytes; at most %d", ErrTooLarge, len(pack), MaxPackBytes)
	}
	sig, err := base64.StdEncoding.Strict().DecodeString(w.Signature)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return nil, fmt.Errorf("%w: signature is not the base64 of %d bytes", ErrMalformed, ed25519.SignatureSize)
	}

	cur, path, note, err := v.inForce(w.Roots, setOf(v.Revoked))
	if err != nil {
		return nil, err
	}
	key, ok := cur.keys[w.KeyID]
	if !ok {
		if note != "" {
			note = "; " + note
		}
		return nil, fmt.Errorf("%w: key id %q is not in the key set in force (version %d: %s)%s", ErrUnknownKey, w.KeyID, cur.version, strings.Join(cur.ids(), ", "), note)
	}
	if !ed25519.Verify(key.k, message(&w, pack), sig) {
		return nil, ErrBadSignature
	}
	sum := sha256.Sum256(pack)
	digest := hex.EncodeToString(sum[:])
	if err := floorsHold(append([]Floor{v.State.Floor()}, v.Floors...), cur, w.Version, digest); err != nil {
		return nil, err
	}
	if min := max(v.MinVersion, cur.minPack); w.Version < min {
		return nil, fmt.Errorf("%w: version %d, the key set in force (version %d) or the caller needs at least %d", ErrVersionTooLow, w.Version, cur.version, min)
	}
	expires := time.Unix(w.Expires, 0).UTC()
	if !v.Now.Before(expires) {
		return nil, fmt.Errorf("%w: expired %s", ErrExpired, expires.Format(time.RFC3339))
	}
	if len(path) > MaxRoots {
		return nil, fmt.Errorf("%w: %d rotations since the pinned keys; at most %d: pin a newer key", ErrUnknownKey, len(path), MaxRoots)
	}
	st := State{Roots: path, Version: w.Version, KeyID: w.KeyID, Digest: digest}
	return &Opened{
		Pack:    pack,
		Version: w.Version,
		Issued:  time.Unix(w.Issued, 0).UTC(),
		Expires: expires,
		KeyID:   w.KeyID,
		Key:     key,
		Digest:  digest,
		State:   st,
	}, nil
}
