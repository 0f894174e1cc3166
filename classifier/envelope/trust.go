package envelope

import (
	"fmt"
	"strings"
	"time"
)

// Verifier is what an envelope is checked against.
type Verifier struct {
	// Pinned are the keys the verifier was given (by policy or options):
	// the start of every chain of roots.
	Pinned []PublicKey
	// Revoked are key ids refused even where a root or a pin names them:
	// they sign no pack and their signatures on roots do not count.
	Revoked []string
	// State is what the last check kept (Opened.State); zero at first.
	State State
	// Floors are more packs already in use (the module's own memory), held
	// to the same rule as State's.
	Floors []Floor
	// MinVersion refuses lower versions whatever key signed them.
	MinVersion uint64
	// Now is the time expiry is checked against.
	Now time.Time
}

// Floor is a pack in use: while KeyID is trusted, no lower version and no
// other pack with this version is accepted. A floor set by a key that is
// no longer trusted does not hold, so a rotation or a revocation ends a
// version a leaked key pushed to 2^53-1.
type Floor struct {
	Version uint64
	KeyID   string
	Digest  string
}

// inForce is the key set packs are checked against, and the chain of
// roots that leads to it from the pinned keys (less the revoked ones):
// the kept chain walked again from the pins given now, so that a root no
// longer reached from them (the pins changed, or a signer was revoked) is
// dropped, then the envelope's chain, whose roots must also not have
// expired. note says why roots were passed over, for the error when the
// signing key is not found.
func (v *Verifier) inForce(chain []Root, revoked map[string]bool) (cur *trustSet, path []Root, note string, err error) {
	for i := range chain {
		if _, err := chain[i].keySet(revoked); err != nil {
			return nil, nil, "", fmt.Errorf("%w: roots[%d]: %v", ErrMalformed, i, err)
		}
	}
	cur = &trustSet{threshold: 1, keys: map[string]PublicKey{}}
	for _, k := range v.Pinned {
		if !k.IsZero() && !revoked[k.ID()] {
			cur.keys[k.ID()] = k
		}
	}
	var notes []string
	if kept := v.State.Roots; len(kept) > MaxRoots {
		notes = append(notes, fmt.Sprintf("the kept chain of %d roots is over %d and was dropped", len(kept), MaxRoots))
	} else {
		// kept roots came into force before they expired
		cur, path = walk(cur, nil, kept, revoked, time.Time{}, "kept root", &notes)
	}
	cur, path = walk(cur, path, chain, revoked, v.Now, "root", &notes)
	return cur, path, strings.Join(notes, "; "), nil
}

// walk brings into force, in turn, each root of chain with a higher
// version than the set in force that the set in force and its own keys
// both signed (and that has not expired at now, unless now is zero).
func walk(cur *trustSet, path, chain []Root, revoked map[string]bool, now time.Time, what string, notes *[]string) (*trustSet, []Root) {
	for i := range chain {
		r := &chain[i]
		ts, err := r.keySet(revoked)
		switch {
		case err != nil:
			*notes = append(*notes, fmt.Sprintf("%s: %v", what, err))
		case ts.version <= cur.version:
			// in force already, or older
		case !now.IsZero() && !now.Before(ts.expires):
			*notes = append(*notes, fmt.Sprintf("%s version %d expired %s", what, ts.version, ts.expires.Format(time.RFC3339)))
		case !r.signedBy(cur):
			*notes = append(*notes, fmt.Sprintf("%s version %d is not signed by %d of the keys in force (version %d)", what, ts.version, cur.threshold, cur.version))
		case !ts.usable() || !r.signedBy(ts):
			*notes = append(*notes, fmt.Sprintf("%s version %d is not signed by %d of its own keys", what, ts.version, ts.threshold))
		default:
			cur, path = ts, append(path, *r)
		}
	}
	return cur, path
}

// floorsHold refuses a version below a floor, or the floor's version
// with another pack, for each floor whose key is in the set in force.
func floorsHold(floors []Floor, cur *trustSet, version uint64, digest string) error {
	for _, f := range floors {
		if _, trusted := cur.keys[f.KeyID]; f.Version == 0 || !trusted {
			continue
		}
		if version < f.Version {
			return fmt.Errorf("%w: version %d, already have %d", ErrVersionTooLow, version, f.Version)
		}
		if version == f.Version && f.Digest != "" && f.Digest != digest {
			return fmt.Errorf("%w: version %d is already in use with another pack", ErrVersionTooLow, version)
		}
	}
	return nil
}

// Floor is the pack the state was kept for.
func (s State) Floor() Floor { return Floor{Version: s.Version, KeyID: s.KeyID, Digest: s.Digest} }

func setOf(ids []string) map[string]bool {
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[strings.TrimSpace(id)] = true
	}
	return m
}
