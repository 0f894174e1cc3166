package envelope

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A timestamp is the server's signed word that a pack is its latest; it
// is accepted only for the pack in use, while unexpired, signed by a key
// in force, and never older than one already seen (review M3).
func TestTimestamp(t *testing.T) {
	opened, err := Open(mustSign(t, 7, oldKey), []PublicKey{oldKey.Public()}, 0, t0)
	if err != nil {
		t.Fatal(err)
	}
	v := Verifier{Pinned: []PublicKey{oldKey.Public()}, State: opened.State, Now: t0.Add(time.Hour)}
	digest := opened.Digest
	ts := func(version uint64, digest string, issued time.Time, key PrivateKey) []byte {
		b, err := SignTimestamp(version, digest, issued, issued.Add(24*time.Hour), key)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	good := ts(7, digest, t0, oldKey)
	got, err := v.OpenTimestamp(good, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 7 || got.Digest != digest || !got.Issued.Equal(t0) || !got.Expires.Equal(t0.Add(24*time.Hour)) || got.KeyID != oldKey.Public().ID() {
		t.Fatalf("got %+v", got)
	}

	other := strings.Repeat("ab", 32)
	late := v
	late.Now = t0.Add(25 * time.Hour)
	revoked := v
	revoked.Revoked = []string{oldKey.Public().ID()}
	for _, c := range []struct {
		name      string
		v         Verifier
		ts        []byte
		notBefore time.Time
		want      error
	}{
		{"replayed after it expired", late, good, time.Time{}, ErrExpired},
		{"older than one seen", v, good, t0.Add(time.Minute), ErrStale},
		{"a newer version is the latest", v, ts(8, other, t0, oldKey), time.Time{}, ErrNotCurrent},
		{"same version, another pack", v, ts(7, other, t0, oldKey), time.Time{}, ErrNotCurrent},
		{"another key", v, ts(7, digest, t0, newKey), time.Time{}, ErrUnknownKey},
		{"revoked key", revoked, good, time.Time{}, ErrUnknownKey},
		{"no pack in use", Verifier{Pinned: v.Pinned, Now: v.Now}, good, time.Time{}, ErrNotCurrent},
		{"altered", v, []byte(strings.Replace(string(good), `"issued":`+itoa(t0.Unix()), `"issued":`+itoa(t0.Unix()+3600), 1)), time.Time{}, ErrBadSignature},
		{"an envelope is not a timestamp", v, []byte(`{"format":"scrubs-pack-envelope-v1"}`), time.Time{}, ErrMalformed},
		{"too large", v, make([]byte, MaxTimestampBytes+1), time.Time{}, ErrTooLarge},
	} {
		if _, err := c.v.OpenTimestamp(c.ts, c.notBefore); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	if Code(ErrNotCurrent) != "not_current" || Code(ErrStale) != "stale" {
		t.Error("codes")
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
