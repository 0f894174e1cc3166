package envelope

import (
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// RootFormat names the root format; it starts a root's signed message.
const RootFormat = "scrubs-root-v1"

// Limits on roots, so that the largest envelope stays bounded.
const (
	MaxRoots    = 16 // in one envelope's chain
	MaxRootKeys = 8  // in one root
)

// KeySet is what a root says.
type KeySet struct {
	// Version goes up by rotation; a root replaces only a lower version.
	Version uint64
	// Expires: after it the root can no longer come into force (a client
	// that already uses it keeps it until the next rotation). A rotation
	// is thus a window: clients that miss it need the new key pinned.
	Expires time.Time
	// Threshold is how many of Keys must sign this root and the next.
	Threshold int
	// Keys may sign packs while this root is in force; no other key may.
	Keys []PublicKey
	// MinPackVersion refuses older packs once this root is in force,
	// whatever version the client had: a rotation away from a leaked key
	// ends a version the leaked key set (up to 2^53-1), and packs older
	// than the rotation, re-signed by the new key, are still refused.
	MinPackVersion uint64
}

// Sign makes the signed root. For a rotation, signers are the threshold
// of the key set in force and the threshold of the new one.
func (ks KeySet) Sign(signers ...PrivateKey) (Root, error) {
	r := Root{
		Format:         RootFormat,
		Version:        ks.Version,
		Expires:        ks.Expires.Unix(),
		Threshold:      ks.Threshold,
		MinPackVersion: ks.MinPackVersion,
	}
	for _, k := range ks.Keys {
		r.Keys = append(r.Keys, k.String())
	}
	slices.Sort(r.Keys)
	r.Keys = slices.Compact(r.Keys)
	if _, err := r.keySet(nil); err != nil {
		return Root{}, fmt.Errorf("envelope: %v", err)
	}
	msg := rootMessage(&r)
	for _, k := range signers {
		if k.IsZero() {
			return Root{}, fmt.Errorf("envelope: a root signer is the zero key")
		}
		r.Signatures = append(r.Signatures, Signature{KeyID: k.Public().ID(), Signature: base64.StdEncoding.EncodeToString(ed25519.Sign(k.k, msg))})
	}
	return r, nil
}

// rootMessage is what a root's signatures cover: one field per line, the
// keys in the sorted order the root lists them.
func rootMessage(r *Root) []byte {
	b := make([]byte, 0, 128+60*len(r.Keys))
	b = append(b, RootFormat...)
	b = append(b, "\nversion "...)
	b = strconv.AppendUint(b, r.Version, 10)
	b = append(b, "\nexpires "...)
	b = strconv.AppendInt(b, r.Expires, 10)
	b = append(b, "\nthreshold "...)
	b = strconv.AppendInt(b, int64(r.Threshold), 10)
	b = append(b, "\nmin-pack-version "...)
	b = strconv.AppendUint(b, r.MinPackVersion, 10)
	for _, k := range r.Keys {
		b = append(b, "\nkey "...)
		b = append(b, k...)
	}
	return append(b, '\n')
}

// trustSet is a key set in force: a root's, or the pinned keys (version
// 0, no root), without the revoked keys.
type trustSet struct {
	version   uint64
	expires   time.Time
	threshold int
	keys      map[string]PublicKey
	minPack   uint64
}

// keySet checks a root's form and returns its key set, less the keys in
// revoked. Signatures are not checked here (signedBy does).
func (r *Root) keySet(revoked map[string]bool) (*trustSet, error) {
	switch {
	case r.Format != RootFormat:
		return nil, fmt.Errorf("root format is %q, want %q", r.Format, RootFormat)
	case r.Version == 0 || r.Version > MaxVersion:
		return nil, fmt.Errorf("root version %d is outside 1..%d", r.Version, uint64(MaxVersion))
	case len(r.Keys) == 0 || len(r.Keys) > MaxRootKeys:
		return nil, fmt.Errorf("root version %d has %d keys; want 1..%d", r.Version, len(r.Keys), MaxRootKeys)
	case r.Threshold < 1 || r.Threshold > len(r.Keys):
		return nil, fmt.Errorf("root version %d: threshold %d is outside 1..%d (its keys)", r.Version, r.Threshold, len(r.Keys))
	case len(r.Signatures) > 2*MaxRootKeys:
		return nil, fmt.Errorf("root version %d has %d signatures; at most %d", r.Version, len(r.Signatures), 2*MaxRootKeys)
	case r.MinPackVersion > MaxVersion:
		return nil, fmt.Errorf("root version %d: min_pack_version %d is over %d", r.Version, r.MinPackVersion, uint64(MaxVersion))
	}
	ts := &trustSet{version: r.Version, expires: time.Unix(r.Expires, 0).UTC(), threshold: r.Threshold,
		keys: make(map[string]PublicKey, len(r.Keys)), minPack: r.MinPackVersion}
	for i, s := range r.Keys {
		k, err := ParsePublicKey(s)
		if err != nil || k.String() != s {
			return nil, fmt.Errorf("root version %d: keys[%d] is not a public key in its canonical form", r.Version, i)
		}
		if i > 0 && r.Keys[i-1] >= s {
			return nil, fmt.Errorf("root version %d: keys are not sorted and distinct", r.Version)
		}
		if !revoked[k.ID()] {
			ts.keys[k.ID()] = k
		}
	}
	return ts, nil
}

// signedBy reports whether the root carries valid signatures by at least
// by.threshold distinct keys of by (revoked keys are not in by.keys).
func (r *Root) signedBy(by *trustSet) bool {
	msg := rootMessage(r)
	seen := map[string]bool{}
	for _, s := range r.Signatures {
		k, ok := by.keys[s.KeyID]
		if !ok || seen[s.KeyID] {
			continue
		}
		sig, err := base64.StdEncoding.Strict().DecodeString(s.Signature)
		if err == nil && len(sig) == ed25519.SignatureSize && ed25519.Verify(k.k, msg, sig) {
			seen[s.KeyID] = true
			if len(seen) >= by.threshold {
				return true
			}
		}
	}
	return false
}

// usable reports whether the set can still sign anything: at least
// threshold keys are left after revocation.
func (ts *trustSet) usable() bool { return len(ts.keys) >= ts.threshold && len(ts.keys) > 0 }

// ids lists the set's key ids, sorted.
func (ts *trustSet) ids() []string {
	ids := make([]string, 0, len(ts.keys))
	for id := range ts.keys {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// KeySet checks the root's form and says what it holds; its signatures
// are not checked (Verifier does that, against the key set in force).
func (r Root) KeySet() (KeySet, error) {
	ts, err := r.keySet(nil)
	if err != nil {
		return KeySet{}, err
	}
	ks := KeySet{Version: ts.version, Expires: ts.expires, Threshold: ts.threshold, MinPackVersion: ts.minPack}
	for _, id := range ts.ids() {
		ks.Keys = append(ks.Keys, ts.keys[id])
	}
	return ks, nil
}

// Has reports whether k is one of the set's keys.
func (ks KeySet) Has(k PublicKey) bool {
	return slices.ContainsFunc(ks.Keys, k.Equal)
}
