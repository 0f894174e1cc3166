package envelope

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mailru/easyjson/jlexer"
	"github.com/mailru/easyjson/jwriter"
)

var (
	t0     = time.Date(2026, 11, 22, 8, 0, 0, 0, time.UTC)
	t1     = t0.Add(30 * 24 * time.Hour)
	pack   = []byte(`{"schema":"scrubs.pack/1","name":"test","org":{"name":"Clinic"}}`)
	oldKey = mustKey()
	newKey = mustKey()
)

func mustKey() PrivateKey {
	k, err := GenerateKey(rand.Reader)
	if err != nil {
		panic(err)
	}
	return k
}

func mustSign(t testing.TB, version uint64, key PrivateKey, roots ...Root) []byte {
	t.Helper()
	env, err := Sign(pack, version, t0, t1, key, roots...)
	if err != nil {
		t.Fatal(err)
	}
	return env
}

// edit decodes an envelope, changes it and encodes it again without
// signing.
func edit(t testing.TB, env []byte, f func(w *wireEnvelope)) []byte {
	t.Helper()
	var w wireEnvelope
	l := jlexer.Lexer{Data: env}
	w.UnmarshalEasyJSON(&l)
	if err := l.Error(); err != nil {
		t.Fatal(err)
	}
	f(&w)
	var jw jwriter.Writer
	w.MarshalEasyJSON(&jw)
	out, _ := jw.BuildBytes()
	return out
}

func TestRoundTrip(t *testing.T) {
	env := mustSign(t, 7, oldKey)
	o, err := Open(env, []PublicKey{oldKey.Public()}, 7, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(o.Pack, pack) || o.Version != 7 || !o.Expires.Equal(t1) || !o.Issued.Equal(t0) ||
		o.KeyID != oldKey.Public().ID() || !o.Key.Equal(oldKey.Public()) {
		t.Fatalf("opened %+v", o)
	}
	if Code(err) != "" {
		t.Fatal(Code(err))
	}
}

func TestKeyText(t *testing.T) {
	pub, err := ParsePublicKey(" " + oldKey.Public().String() + "\n")
	if err != nil || !pub.Equal(oldKey.Public()) {
		t.Fatalf("public key round trip: %v", err)
	}
	priv, err := ParsePrivateKey(oldKey.String() + "\n")
	if err != nil || !priv.Public().Equal(oldKey.Public()) {
		t.Fatalf("private key round trip: %v", err)
	}
	if len(pub.ID()) != 16 {
		t.Fatalf("id %q", pub.ID())
	}
	if !strings.HasPrefix(pub.String(), "scrubs-ed25519:") || !strings.HasPrefix(priv.String(), "scrubs-ed25519-secret:") {
		t.Fatal(pub.String(), priv.String())
	}
	for _, bad := range []string{"", "scrubs-ed25519:", "scrubs-ed25519:AAAA", "ssh-ed25519 AAAA", oldKey.String()} {
		if _, err := ParsePublicKey(bad); err == nil {
			t.Errorf("ParsePublicKey(%q) accepted", bad)
		}
	}
	if _, err := ParsePrivateKey(oldKey.Public().String()); err == nil {
		t.Error("a public key parsed as a private key")
	}
}

func TestRefused(t *testing.T) {
	good := mustSign(t, 5, oldKey)
	trusted := []PublicKey{oldKey.Public()}
	now := t0.Add(time.Hour)
	cases := []struct {
		name    string
		env     []byte
		trusted []PublicKey
		min     uint64
		now     time.Time
		want    error
	}{
		{"tampered pack", edit(t, good, func(w *wireEnvelope) {
			w.Pack = base64.StdEncoding.EncodeToString(bytes.Replace(pack, []byte("Clinic"), []byte("Clinik"), 1))
		}), trusted, 0, now, ErrBadSignature},
		{"tampered version", edit(t, good, func(w *wireEnvelope) { w.Version = 6 }), trusted, 0, now, ErrBadSignature},
		{"tampered expiry", edit(t, good, func(w *wireEnvelope) { w.Expires += 86400 }), trusted, 0, now, ErrBadSignature},
		{"tampered issue time", edit(t, good, func(w *wireEnvelope) { w.Issued-- }), trusted, 0, now, ErrBadSignature},
		{"tampered signature", edit(t, good, func(w *wireEnvelope) {
			s, _ := base64.StdEncoding.DecodeString(w.Signature)
			s[0] ^= 1
			w.Signature = base64.StdEncoding.EncodeToString(s)
		}), trusted, 0, now, ErrBadSignature},
		{"key id swapped", edit(t, good, func(w *wireEnvelope) { w.KeyID = newKey.Public().ID() }), []PublicKey{oldKey.Public(), newKey.Public()}, 0, now, ErrBadSignature},
		{"wrong key", good, []PublicKey{newKey.Public()}, 0, now, ErrUnknownKey},
		{"no keys", good, nil, 0, now, ErrUnknownKey},
		{"lower version", good, trusted, 6, now, ErrVersionTooLow},
		{"expired", good, trusted, 0, t1, ErrExpired},
		{"long expired", good, trusted, 0, t1.Add(time.Hour), ErrExpired},
		{"too large", append(good, bytes.Repeat([]byte(" "), MaxEnvelopeBytes)...), trusted, 0, now, ErrTooLarge},
		{"not json", []byte("hello"), trusted, 0, now, ErrMalformed},
		{"empty", nil, trusted, 0, now, ErrMalformed},
		{"trailing data", append(append([]byte{}, good...), "{}"...), trusted, 0, now, ErrMalformed},
		{"other format", edit(t, good, func(w *wireEnvelope) { w.Format = "scrubs-pack-envelope-v2" }), trusted, 0, now, ErrMalformed},
		{"version zero", edit(t, good, func(w *wireEnvelope) { w.Version = 0 }), trusted, 0, now, ErrMalformed},
		{"bad base64", edit(t, good, func(w *wireEnvelope) { w.Pack = "!!" }), trusted, 0, now, ErrMalformed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o, err := Open(c.env, c.trusted, c.min, c.now)
			if !errors.Is(err, c.want) {
				t.Fatalf("Open = %v, %v; want %v", o, err, c.want)
			}
			if Code(err) == "error" || Code(err) == "" {
				t.Fatalf("Code(%v) = %q", err, Code(err))
			}
		})
	}
	// The same version is accepted again (a re-fetch), a higher minimum not.
	if _, err := Open(good, trusted, 5, now); err != nil {
		t.Fatal(err)
	}
}

func TestSignRefuses(t *testing.T) {
	for name, f := range map[string]func() ([]byte, error){
		"version zero":   func() ([]byte, error) { return Sign(pack, 0, t0, t1, oldKey) },
		"version huge":   func() ([]byte, error) { return Sign(pack, MaxVersion+1, t0, t1, oldKey) },
		"expiry first":   func() ([]byte, error) { return Sign(pack, 1, t1, t0, oldKey) },
		"no key":         func() ([]byte, error) { return Sign(pack, 1, t0, t1, PrivateKey{}) },
		"pack too large": func() ([]byte, error) { return Sign(make([]byte, MaxPackBytes+1), 1, t0, t1, oldKey) },
	} {
		if _, err := f(); err == nil {
			t.Errorf("%s: Sign accepted", name)
		}
	}
	// The largest pack fits in the largest envelope.
	roots := make([]Root, MaxRoots)
	for i := range roots {
		keys := []PublicKey{mustKey().Public(), mustKey().Public(), mustKey().Public(), mustKey().Public(), mustKey().Public(), mustKey().Public(), mustKey().Public(), oldKey.Public()}
		roots[i], _ = KeySet{Version: uint64(i + 1), Expires: t1, Threshold: 1, Keys: keys}.Sign(oldKey, oldKey, oldKey, oldKey, oldKey, oldKey, oldKey, oldKey, oldKey, oldKey, oldKey, oldKey, oldKey, oldKey, oldKey, oldKey)
	}
	env, err := Sign(make([]byte, MaxPackBytes), MaxVersion, t0, t1, oldKey, roots...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(env, []PublicKey{oldKey.Public()}, 0, t0); err != nil {
		t.Fatal(err)
	}
}

func TestMessageUnambiguous(t *testing.T) {
	a := wireEnvelope{Version: 12, Issued: 3, Expires: 4, KeyID: "k"}
	b := wireEnvelope{Version: 1, Issued: 23, Expires: 4, KeyID: "k"}
	if bytes.Equal(message(&a, pack), message(&b, pack)) {
		t.Fatal("two envelopes share a message")
	}
}

func FuzzOpen(f *testing.F) {
	key := oldKey
	root, _ := KeySet{Version: 1, Expires: t1, Threshold: 1, Keys: []PublicKey{key.Public(), newKey.Public()}}.Sign(key, newKey)
	good, _ := Sign(pack, 3, t0, t1, key, root)
	f.Add(good)
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"format":"scrubs-pack-envelope-v1","version":1}`))
	f.Add([]byte(`[1,2,3]`))
	trusted := []PublicKey{key.Public()}
	f.Fuzz(func(t *testing.T, env []byte) {
		o, err := Open(env, trusted, 2, t0.Add(time.Hour))
		if err != nil {
			if o != nil {
				t.Fatal("an error and a result")
			}
			if c := Code(err); c == "" || c == "error" {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		// Whatever opens must be exactly what was signed.
		if !bytes.Equal(o.Pack, pack) || o.Version != 3 || !o.Expires.Equal(t1) || o.KeyID != key.Public().ID() {
			t.Fatalf("opened something never signed: %+v", o)
		}
	})
}
