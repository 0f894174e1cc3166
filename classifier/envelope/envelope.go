package envelope

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/mailru/easyjson/jlexer"
	"github.com/mailru/easyjson/jwriter"
	"github.com/scrubs/scrubs/classifier"
)

// Format names this envelope format; it starts the signed message too.
const Format = "scrubs-pack-envelope-v1"

const endorsementFormat = "scrubs-key-endorsement-v1"

// Limits. A version stays below 2^53 so JavaScript reads it exactly.
const (
	MaxVersion       = 1<<53 - 1
	MaxPackBytes     = classifier.MaxPackBytes
	MaxEndorsements  = 16
	MaxEnvelopeBytes = MaxPackBytes/3*4 + 64<<10 // base64 pack + the rest
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
// "version_too_low"; "" for nil and "error" for anything else.
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
	Key     PublicKey // the signing key; pin it if it was learnt by endorsement
}

// Sign wraps pack in an envelope signed by key. Endorsements, made with
// Endorse, let verifiers that pin an older key accept key.
func Sign(pack []byte, version uint64, issued, expires time.Time, key PrivateKey, endorsements ...Endorsement) ([]byte, error) {
	switch {
	case key.IsZero():
		return nil, errors.New("envelope: no signing key")
	case version == 0 || version > MaxVersion:
		return nil, fmt.Errorf("envelope: version %d is outside 1..%d", version, uint64(MaxVersion))
	case len(pack) > MaxPackBytes:
		return nil, fmt.Errorf("envelope: pack is %d bytes; at most %d", len(pack), MaxPackBytes)
	case !expires.After(issued):
		return nil, fmt.Errorf("envelope: expiry %s is not after issue time %s", expires.UTC().Format(time.RFC3339), issued.UTC().Format(time.RFC3339))
	case len(endorsements) > MaxEndorsements:
		return nil, fmt.Errorf("envelope: %d endorsements; at most %d", len(endorsements), MaxEndorsements)
	}
	w := wireEnvelope{
		Format:       Format,
		Version:      version,
		Issued:       issued.Unix(),
		Expires:      expires.Unix(),
		KeyID:        key.Public().ID(),
		Pack:         base64.StdEncoding.EncodeToString(pack),
		Endorsements: endorsements,
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

// Endorse has by vouch for key, so that verifiers trusting by accept
// envelopes signed by key.
func Endorse(key PublicKey, by PrivateKey) Endorsement {
	return Endorsement{
		Key:       key.String(),
		Signer:    by.Public().ID(),
		Signature: base64.StdEncoding.EncodeToString(ed25519.Sign(by.k, endorsementMessage(key))),
	}
}

func endorsementMessage(key PublicKey) []byte {
	return []byte(endorsementFormat + "\nkey " + key.String() + "\n")
}

// Verify reports whether the endorsement is signed by signer.
func (e Endorsement) Verify(signer PublicKey) (PublicKey, bool) {
	if e.Signer != signer.ID() {
		return PublicKey{}, false
	}
	key, err := ParsePublicKey(e.Key)
	if err != nil || key.String() != e.Key {
		return PublicKey{}, false
	}
	sig, err := base64.StdEncoding.Strict().DecodeString(e.Signature)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return PublicKey{}, false
	}
	if !ed25519.Verify(signer.k, endorsementMessage(key), sig) {
		return PublicKey{}, false
	}
	return key, true
}

// Open checks an envelope against the trusted keys (and keys they
// endorse, directly or through a chain), refuses a version below
// minVersion or an expiry at or before now, and returns the pack.
func Open(env []byte, trusted []PublicKey, minVersion uint64, now time.Time) (*Opened, error) {
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
	if len(w.Endorsements) > MaxEndorsements {
		return nil, fmt.Errorf("%w: %d endorsements; at most %d", ErrMalformed, len(w.Endorsements), MaxEndorsements)
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

	key, ok := resolve(w.KeyID, trusted, w.Endorsements)
	if !ok {
		return nil, fmt.Errorf("%w: key id %q", ErrUnknownKey, w.KeyID)
	}
	if !ed25519.Verify(key.k, message(&w, pack), sig) {
		return nil, ErrBadSignature
	}
	if w.Version < minVersion {
		return nil, fmt.Errorf("%w: version %d, already have %d", ErrVersionTooLow, w.Version, minVersion)
	}
	expires := time.Unix(w.Expires, 0).UTC()
	if !now.Before(expires) {
		return nil, fmt.Errorf("%w: expired %s", ErrExpired, expires.Format(time.RFC3339))
	}
	return &Opened{
		Pack:    pack,
		Version: w.Version,
		Issued:  time.Unix(w.Issued, 0).UTC(),
		Expires: expires,
		KeyID:   w.KeyID,
		Key:     key,
	}, nil
}

// resolve finds the key with id among the trusted keys and the keys the
// endorsements let them vouch for.
func resolve(id string, trusted []PublicKey, endorsements []Endorsement) (PublicKey, bool) {
	known := make(map[string]PublicKey, len(trusted)+len(endorsements))
	for _, k := range trusted {
		if !k.IsZero() {
			known[k.ID()] = k
		}
	}
	used := make([]bool, len(endorsements))
	for grew := true; grew; {
		if k, ok := known[id]; ok {
			return k, true
		}
		grew = false
		for i, e := range endorsements {
			signer, ok := known[e.Signer]
			if used[i] || !ok {
				continue
			}
			used[i] = true
			if k, ok := e.Verify(signer); ok {
				if _, dup := known[k.ID()]; !dup {
					known[k.ID()] = k
					grew = true
				}
			}
		}
	}
	return PublicKey{}, false
}
