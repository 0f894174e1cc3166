package envelope

import (
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/mailru/easyjson/jlexer"
	"github.com/mailru/easyjson/jwriter"
)

// TimestampFormat names the timestamp format; it starts the signed
// message too.
const TimestampFormat = "scrubs-timestamp-v1"

// MaxTimestampBytes bounds a timestamp document.
const MaxTimestampBytes = 1 << 10

// The reasons OpenTimestamp refuses a timestamp that is well formed and
// signed by a key in force, besides ErrExpired.
var (
	ErrNotCurrent = errors.New("the server's latest pack is not the one in use")
	ErrStale      = errors.New("timestamp is older than one already seen")
)

// Timestamp is a checked timestamp: the server's word, signed by a key in
// force, that Version with Digest was its latest pack at Issued, good
// until Expires.
type Timestamp struct {
	Version uint64
	Digest  string
	Issued  time.Time
	Expires time.Time
	KeyID   string
}

// SignTimestamp signs a timestamp naming the latest pack (its version and
// the SHA-256 of its bytes, hex). A client that gets "no change" (an HTTP
// 304, or the same pack again) counts the answer as fresh only while a
// timestamp for the pack it uses is unexpired, so a replayed answer goes
// stale when the timestamp it came with expires.
func SignTimestamp(version uint64, digest string, issued, expires time.Time, key PrivateKey) ([]byte, error) {
	switch {
	case key.IsZero():
		return nil, errors.New("envelope: no signing key")
	case version == 0 || version > MaxVersion:
		return nil, fmt.Errorf("envelope: version %d is outside 1..%d", version, uint64(MaxVersion))
	case !isDigest(digest):
		return nil, fmt.Errorf("envelope: digest %q is not 64 lowercase hex digits", digest)
	case !expires.After(issued):
		return nil, fmt.Errorf("envelope: expiry %s is not after issue time %s", expires.UTC().Format(time.RFC3339), issued.UTC().Format(time.RFC3339))
	}
	w := wireTimestamp{Format: TimestampFormat, Version: version, Digest: digest, Issued: issued.Unix(), Expires: expires.Unix(), KeyID: key.Public().ID()}
	w.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(key.k, timestampMessage(&w)))
	var jw jwriter.Writer
	w.MarshalEasyJSON(&jw)
	return jw.BuildBytes()
}

// timestampMessage is the byte string a timestamp signature covers:
//
//	scrubs-timestamp-v1
//	version 7
//	pack-sha256 <64 hex digits>
//	issued 1795334400
//	expires 1795420800
//	key 3f2a9c0d41b7e855
func timestampMessage(w *wireTimestamp) []byte {
	b := make([]byte, 0, 192)
	b = append(b, TimestampFormat...)
	b = append(b, "\nversion "...)
	b = strconv.AppendUint(b, w.Version, 10)
	b = append(b, "\npack-sha256 "...)
	b = append(b, w.Digest...)
	b = append(b, "\nissued "...)
	b = strconv.AppendInt(b, w.Issued, 10)
	b = append(b, "\nexpires "...)
	b = strconv.AppendInt(b, w.Expires, 10)
	b = append(b, "\nkey "...)
	b = append(b, w.KeyID...)
	b = append(b, '\n')
	return b
}

// OpenTimestamp checks a timestamp against the key set in force (the
// pinned keys, less the revoked ones, walked along v.State's kept roots;
// a timestamp carries no roots of its own) and the pack in use
// (v.State): it must be signed by a key in force, unexpired at v.Now,
// name the version and digest of the pack in use (ErrNotCurrent
// otherwise: the server has another latest pack than the one this client
// uses), and not have been issued before notBefore, the issue time of
// the last timestamp accepted (ErrStale: timestamps only move forward).
func (v *Verifier) OpenTimestamp(ts []byte, notBefore time.Time) (*Timestamp, error) {
	if len(ts) > MaxTimestampBytes {
		return nil, fmt.Errorf("%w: timestamp is %d bytes; at most %d", ErrTooLarge, len(ts), MaxTimestampBytes)
	}
	var w wireTimestamp
	l := jlexer.Lexer{Data: ts}
	w.UnmarshalEasyJSON(&l)
	if l.Ok() {
		l.Consumed()
	}
	if err := l.Error(); err != nil {
		return nil, fmt.Errorf("%w: timestamp: %v", ErrMalformed, err)
	}
	switch {
	case w.Format != TimestampFormat:
		return nil, fmt.Errorf("%w: format is %q, want %q", ErrMalformed, w.Format, TimestampFormat)
	case w.Version == 0 || w.Version > MaxVersion:
		return nil, fmt.Errorf("%w: timestamp version %d is outside 1..%d", ErrMalformed, w.Version, uint64(MaxVersion))
	case !isDigest(w.Digest):
		return nil, fmt.Errorf("%w: timestamp pack_sha256 is not 64 lowercase hex digits", ErrMalformed)
	}
	sig, err := base64.StdEncoding.Strict().DecodeString(w.Signature)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return nil, fmt.Errorf("%w: signature is not the base64 of %d bytes", ErrMalformed, ed25519.SignatureSize)
	}
	cur, _, _, err := v.inForce(nil, setOf(v.Revoked))
	if err != nil {
		return nil, err
	}
	key, ok := cur.keys[w.KeyID]
	if !ok {
		return nil, fmt.Errorf("%w: timestamp key id %q is not in the key set in force (version %d)", ErrUnknownKey, w.KeyID, cur.version)
	}
	if !ed25519.Verify(key.k, timestampMessage(&w), sig) {
		return nil, fmt.Errorf("%w (timestamp)", ErrBadSignature)
	}
	t := &Timestamp{Version: w.Version, Digest: w.Digest, Issued: time.Unix(w.Issued, 0).UTC(), Expires: time.Unix(w.Expires, 0).UTC(), KeyID: w.KeyID}
	if !v.Now.Before(t.Expires) {
		return nil, fmt.Errorf("%w: the server's timestamp expired %s: its answer is out of date", ErrExpired, t.Expires.Format(time.RFC3339))
	}
	if t.Issued.Before(notBefore) {
		return nil, fmt.Errorf("%w: issued %s, one issued %s was seen already", ErrStale, t.Issued.Format(time.RFC3339), notBefore.UTC().Format(time.RFC3339))
	}
	if v.State.Version == 0 || t.Version != v.State.Version || t.Digest != v.State.Digest {
		return nil, fmt.Errorf("%w: the server's latest is version %d (%.12s), the pack in use is version %d", ErrNotCurrent, t.Version, t.Digest, v.State.Version)
	}
	return t, nil
}

func isDigest(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
