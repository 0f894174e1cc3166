package envelope

import (
	"errors"
	"testing"
	"time"
)

// client is a verifier that keeps its state across checks, and through a
// JSON round trip on restart, as the extension keeps it in storage.
type client struct {
	t       *testing.T
	pinned  []PublicKey
	revoked []string
	state   State
}

func (c *client) open(env []byte) (*Opened, error) {
	c.t.Helper()
	v := Verifier{Pinned: c.pinned, Revoked: c.revoked, State: c.state, Now: t0.Add(time.Hour)}
	o, err := v.Open(env)
	if err == nil {
		c.state = o.State
	}
	return o, err
}

func (c *client) accepts(what string, env []byte) {
	c.t.Helper()
	if _, err := c.open(env); err != nil {
		c.t.Fatalf("%s: refused: %v", what, err)
	}
}

func (c *client) refuses(what string, env []byte, want error) {
	c.t.Helper()
	before := c.state
	o, err := c.open(env)
	if !errors.Is(err, want) {
		c.t.Fatalf("%s: %v, %v; want %v", what, o, err, want)
	}
	if c.state.Version != before.Version || c.state.KeyID != before.KeyID {
		c.t.Fatalf("%s: the kept state changed on a refusal", what)
	}
}

// restart reloads the state from its JSON, as the extension does.
func (c *client) restart() {
	c.t.Helper()
	data, err := c.state.MarshalJSON()
	if err != nil {
		c.t.Fatal(err)
	}
	var st State
	if err := st.UnmarshalJSON(data); err != nil {
		c.t.Fatal(err)
	}
	c.state = st
}

func rootOf(t *testing.T, version, minPack uint64, keys []PublicKey, signers ...PrivateKey) Root {
	t.Helper()
	r, err := KeySet{Version: version, Expires: t1, Threshold: 1, Keys: keys, MinPackVersion: minPack}.Sign(signers...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func pubs(keys ...PrivateKey) []PublicKey {
	out := make([]PublicKey, len(keys))
	for i, k := range keys {
		out[i] = k.Public()
	}
	return out
}

// The review's H2 scenario: pinned k1 rotates to k2; k1 leaks later.
func TestRotationRetiresTheOldKey(t *testing.T) {
	k1, k2, evil := mustKey(), mustKey(), mustKey()
	c := &client{t: t, pinned: pubs(k1)}
	c.accepts("v5 signed by pinned k1", mustSign(t, 5, k1))

	// Rotation: a root signed by the old and the new key replaces the set.
	r1 := rootOf(t, 1, 5, pubs(k2), k1, k2)
	v6 := mustSign(t, 6, k2, r1)
	c.accepts("v6 signed by k2, rotated to from pinned k1", v6)

	// k1 is no longer trusted: neither what it signs nor what it endorses.
	c.refuses("v7 signed by k1 after the rotation", mustSign(t, 7, k1), ErrUnknownKey)
	fork := rootOf(t, 2, 0, pubs(evil), k1, evil)
	c.refuses("v7 signed by evil, rooted by the leaked k1", mustSign(t, 7, evil, r1, fork), ErrUnknownKey)
	bigFork := rootOf(t, MaxVersion, 0, pubs(evil), k1, evil)
	c.refuses("2^53-1 signed by evil, rooted by the leaked k1", mustSign(t, MaxVersion, evil, bigFork), ErrUnknownKey)

	// After a restart (the state reloaded from its JSON) likewise.
	c.restart()
	c.refuses("after restart: evil", mustSign(t, MaxVersion, evil, fork), ErrUnknownKey)
	c.refuses("after restart: k1", mustSign(t, 8, k1), ErrUnknownKey)
	c.accepts("after restart: the kept v6 again", v6)
	c.accepts("after restart: v8 signed by k2", mustSign(t, 8, k2, r1))

	// The policy now pins only k2: the kept root is dropped, k2 stands alone.
	c.pinned = pubs(k2)
	c.refuses("pins k2: evil", mustSign(t, MaxVersion, evil, r1, fork), ErrUnknownKey)
	c.accepts("pins k2: v9 signed by k2", mustSign(t, 9, k2, r1))
}

// A key in force leaks and signs 2^53-1: the next rotation, or the
// policy, ends that version, and older packs re-signed by the new key
// stay refused.
func TestRecoveryFromMaxVersion(t *testing.T) {
	k1, k2, k3 := mustKey(), mustKey(), mustKey()
	r1 := rootOf(t, 1, 5, pubs(k2), k1, k2)
	for _, by := range []string{"rotation", "policy"} {
		t.Run(by, func(t *testing.T) {
			c := &client{t: t, pinned: pubs(k1)}
			c.accepts("v6 signed by k2", mustSign(t, 6, k2, r1))
			c.accepts("2^53-1 signed by the leaked k2", mustSign(t, MaxVersion, k2, r1))
			c.refuses("then v7 by k2", mustSign(t, 7, k2, r1), ErrVersionTooLow)
			c.restart()
			r2 := rootOf(t, 2, 7, pubs(k3), k2, k3)
			if by == "policy" {
				// k2 also signed a root at the highest version; the policy
				// pins k3 and revokes k2.
				c.accepts("a root at 2^53-1 signed by k2", mustSign(t, MaxVersion, k2, r1, rootOf(t, MaxVersion, 0, pubs(k2), k2)))
				c.pinned, c.revoked = pubs(k3), []string{k2.Public().ID()}
			}
			c.accepts("v8 signed by k3", mustSign(t, 8, k3, r1, r2))
			c.refuses("the 2^53-1 pack again", mustSign(t, MaxVersion, k2, r1), ErrUnknownKey)
			c.refuses("v3 re-signed by k3 (below the root's minimum)", mustSign(t, 3, k3, r1, r2), ErrVersionTooLow)
			c.restart()
			c.accepts("after restart: v9 signed by k3", mustSign(t, 9, k3, r1, r2))
		})
	}
}

func TestRevoked(t *testing.T) {
	k1, k2 := mustKey(), mustKey()
	c := &client{t: t, pinned: pubs(k1, k2), revoked: []string{k1.Public().ID()}}
	c.refuses("signed by a revoked pin", mustSign(t, 2, k1), ErrUnknownKey)
	c.accepts("signed by the other pin", mustSign(t, 2, k2))

	// A revoked key's signature does not bring a root into force.
	k3 := mustKey()
	c = &client{t: t, pinned: pubs(k1), revoked: []string{k1.Public().ID()}}
	c.refuses("rooted by a revoked pin", mustSign(t, 2, k3, rootOf(t, 1, 0, pubs(k3), k1, k3)), ErrUnknownKey)

	// A kept root whose keys are revoked is dropped.
	c = &client{t: t, pinned: pubs(k1)}
	r1 := rootOf(t, 1, 0, pubs(k2), k1, k2)
	c.accepts("v2 by k2", mustSign(t, 2, k2, r1))
	c.revoked = []string{k2.Public().ID()}
	c.refuses("k2 revoked", mustSign(t, 3, k2, r1), ErrUnknownKey)
}

func TestRootRules(t *testing.T) {
	k1, k2, k3 := mustKey(), mustKey(), mustKey()
	fresh := func() *client { return &client{t: t, pinned: pubs(k1)} }
	fresh().accepts("signed by old and new", mustSign(t, 2, k2, rootOf(t, 1, 0, pubs(k2), k1, k2)))
	fresh().refuses("signed by the old key only", mustSign(t, 2, k2, rootOf(t, 1, 0, pubs(k2), k1)), ErrUnknownKey)
	fresh().refuses("signed by the new key only", mustSign(t, 2, k2, rootOf(t, 1, 0, pubs(k2), k2)), ErrUnknownKey)

	expired, _ := KeySet{Version: 1, Expires: t0, Threshold: 1, Keys: pubs(k2)}.Sign(k1, k2)
	fresh().refuses("expired root", mustSign(t, 2, k2, expired), ErrUnknownKey)

	two, _ := KeySet{Version: 1, Expires: t1, Threshold: 2, Keys: pubs(k2, k3)}.Sign(k1, k2)
	fresh().refuses("threshold 2, one new signature", mustSign(t, 2, k2, two), ErrUnknownKey)
	two.Signatures = append(two.Signatures, two.Signatures[1])
	fresh().refuses("threshold 2, the same signature twice", mustSign(t, 2, k2, two), ErrUnknownKey)
	two, _ = KeySet{Version: 1, Expires: t1, Threshold: 2, Keys: pubs(k2, k3)}.Sign(k1, k2, k3)
	fresh().accepts("threshold 2, two new signatures", mustSign(t, 2, k2, two))

	moved := rootOf(t, 1, 0, pubs(k2), k1, k2)
	moved.Keys = []string{k3.Public().String()}
	fresh().refuses("keys changed after signing", mustSign(t, 2, k3, moved), ErrUnknownKey)
	lowered := rootOf(t, 1, 9, pubs(k2), k1, k2)
	lowered.MinPackVersion = 0
	fresh().refuses("minimum changed after signing", mustSign(t, 2, k2, lowered), ErrUnknownKey)

	unsorted := rootOf(t, 1, 0, pubs(k2, k3), k1, k2)
	unsorted.Keys[0], unsorted.Keys[1] = unsorted.Keys[1], unsorted.Keys[0]
	fresh().refuses("keys out of order", edit(t, mustSign(t, 2, k2), func(w *wireEnvelope) { w.Roots = []Root{unsorted} }), ErrMalformed)

	// Older or equal roots in the chain change nothing.
	c := fresh()
	r1 := rootOf(t, 1, 0, pubs(k2), k1, k2)
	c.accepts("r1", mustSign(t, 2, k2, r1))
	c.refuses("another root 1, signed by k1", mustSign(t, 3, k3, rootOf(t, 1, 0, pubs(k3), k1, k3)), ErrUnknownKey)
	c.accepts("r1 → r2", mustSign(t, 3, k3, r1, rootOf(t, 2, 0, pubs(k3), k2, k3)))
}

// L7: an equal version with another pack is refused; the same one again
// (a re-signed refresh) is not.
func TestSameVersionOtherPack(t *testing.T) {
	k1 := mustKey()
	c := &client{t: t, pinned: pubs(k1)}
	c.accepts("v4", mustSign(t, 4, k1))
	c.accepts("v4 again, re-signed later", func() []byte {
		env, _ := Sign(pack, 4, t0.Add(time.Minute), t1, k1)
		return env
	}())
	other, _ := Sign([]byte(`{"schema":"scrubs.pack/1","name":"other"}`), 4, t0, t1, k1)
	c.refuses("v4 with another pack", other, ErrVersionTooLow)
	// the module's own memory holds it too
	v := Verifier{Pinned: pubs(k1), Floors: []Floor{c.state.Floor()}, Now: t0.Add(time.Hour)}
	if _, err := v.Open(other); !errors.Is(err, ErrVersionTooLow) {
		t.Fatalf("floor from memory: %v", err)
	}
}

// Whoever can write the kept state (storage the extension keeps it in)
// cannot make a key trusted: the kept chain is walked again from the pins.
func TestForgedState(t *testing.T) {
	k1, k2, evil := mustKey(), mustKey(), mustKey()
	c := &client{t: t, pinned: pubs(k1)}
	r1 := rootOf(t, 1, 0, pubs(k2), k1, k2)
	c.accepts("v2 by k2", mustSign(t, 2, k2, r1))
	self := rootOf(t, 2, 0, pubs(evil), evil)
	for name, st := range map[string]State{
		"a self-signed root":            {Roots: []Root{self}},
		"a self-signed root after r1":   {Roots: []Root{r1, self}},
		"r1 with its keys replaced":     {Roots: []Root{func() Root { r := r1; r.Keys = []string{evil.Public().String()}; return r }()}},
		"a floor from the forged key":   {Roots: []Root{self}, Version: MaxVersion, KeyID: evil.Public().ID()},
		"more roots than an envelope's": {Roots: make([]Root, MaxRoots+1)},
	} {
		c.state = st
		c.refuses(name+": evil", mustSign(t, 3, evil), ErrUnknownKey)
		c.state = st
		if _, err := c.open(mustSign(t, 3, k2, r1)); err != nil {
			t.Errorf("%s: the legitimate pack is refused: %v", name, err)
		}
	}
}

// No kept state, whatever its bytes, makes a key the pins do not lead to
// trusted.
func FuzzKeptState(f *testing.F) {
	k1, k2, evil := mustKey(), mustKey(), mustKey()
	r1, _ := KeySet{Version: 1, Expires: t1, Threshold: 1, Keys: pubs(k2)}.Sign(k1, k2)
	self, _ := KeySet{Version: 2, Expires: t1, Threshold: 1, Keys: pubs(evil)}.Sign(evil)
	for _, st := range []State{{}, {Roots: []Root{r1}}, {Roots: []Root{r1, self}, Version: 9, KeyID: evil.Public().ID()}} {
		b, _ := st.MarshalJSON()
		f.Add(b)
	}
	bad, _ := Sign(pack, 3, t0, t1, evil)
	f.Fuzz(func(t *testing.T, data []byte) {
		var st State
		if st.UnmarshalJSON(data) != nil {
			return
		}
		v := Verifier{Pinned: pubs(k1), State: st, Now: t0.Add(time.Hour)}
		if o, err := v.Open(bad); err == nil {
			t.Fatalf("a key the pins do not lead to was trusted: %+v", o.State)
		}
	})
}
