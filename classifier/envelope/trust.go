package envelope

import (
	"fmt"
	"slices"
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

// inForce is the key set packs are checked against: the kept root, when
// it was reached from the same pinned keys and still has enough keys
// after revocation, then each newer root of the envelope's chain that the
// set in force and its own keys both signed. note says why a root was
// passed over, for the error when the signing key is not found.
func (v *Verifier) inForce(chain []Root, revoked map[string]bool) (cur *trustSet, pins []string, note string, err error) {
	cur = &trustSet{threshold: 1, keys: map[string]PublicKey{}}
	for _, k := range v.Pinned {
		if !k.IsZero() && !revoked[k.ID()] {
			cur.keys[k.ID()] = k
		}
	}
	pins = cur.ids()
	var notes []string
	if kept := v.State.Root; kept != nil && len(pins) > 0 {
		ts, err := kept.keySet(revoked)
		switch {
		case !slices.Equal(v.State.Pins, pins):
			notes = append(notes, fmt.Sprintf("the pinned keys changed, so the kept root version %d was dropped", kept.Version))
		case err != nil:
			notes = append(notes, "the kept root was dropped: "+err.Error())
		case !ts.usable() || !kept.signedBy(ts):
			notes = append(notes, fmt.Sprintf("the kept root version %d has too few keys left after revocation", kept.Version))
		default:
			cur = ts
		}
	}
	for i := range chain {
		r := &chain[i]
		ts, err := r.keySet(revoked)
		if err != nil {
			return nil, nil, "", fmt.Errorf("%w: roots[%d]: %v", ErrMalformed, i, err)
		}
		switch {
		case ts.version <= cur.version:
			continue // in force already, or older
		case !v.Now.Before(ts.expires):
			notes = append(notes, fmt.Sprintf("root version %d expired %s", ts.version, ts.expires.Format(time.RFC3339)))
		case !r.signedBy(cur):
			notes = append(notes, fmt.Sprintf("root version %d is not signed by %d of the keys in force (version %d)", ts.version, cur.threshold, cur.version))
		case !ts.usable() || !r.signedBy(ts):
			notes = append(notes, fmt.Sprintf("root version %d is not signed by %d of its own keys", ts.version, ts.threshold))
		default:
			cur = ts
		}
	}
	return cur, pins, strings.Join(notes, "; "), nil
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
