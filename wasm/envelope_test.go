package wasm_test

import (
	"crypto/rand"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/scrubs/scrubs/classifier"
	"github.com/scrubs/scrubs/classifier/envelope"
	"github.com/scrubs/scrubs/wasm"
	"github.com/scrubs/scrubs/wasm/host"
)

func newKey(t *testing.T) envelope.PrivateKey {
	t.Helper()
	k, err := envelope.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// request builds a load_envelope request.
func request(t *testing.T, env []byte, keys []envelope.PublicKey, minVersion uint64, now time.Time) []byte {
	t.Helper()
	req := wasm.EnvelopeRequest{Envelope: string(env), MinVersion: minVersion, Now: now.Unix()}
	for _, k := range keys {
		req.Keys = append(req.Keys, k.String())
	}
	b, err := req.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func quote(b []byte) string {
	q, _ := json.Marshal(string(b))
	return string(q)
}

func loadEnvelope(m *host.Module, req []byte) (wasm.PackInfo, error) {
	var info wasm.PackInfo
	ans, err := m.Call("load_envelope", req)
	if err != nil {
		return info, err
	}
	if strings.HasPrefix(string(ans), `{"error":`) {
		var er wasm.ErrorResponse
		if err := er.UnmarshalJSON(ans); err != nil {
			return info, err
		}
		e := host.Error(er.Error)
		return info, &e
	}
	return info, info.UnmarshalJSON(ans)
}

func TestEnvelope(t *testing.T) {
	t.Parallel()
	c := corpora(t)[0]
	if c.org == nil {
		t.Skip("no organisation for the corpus")
	}
	pack, _ := orgPack(*c.org).MarshalJSON()
	issued := time.Unix(1795334400, 0)
	now := issued.Add(time.Hour)
	key, other := newKey(t), newKey(t)
	env, err := envelope.Sign(pack, 7, issued, issued.Add(30*24*time.Hour), key)
	if err != nil {
		t.Fatal(err)
	}
	trusted := []envelope.PublicKey{key.Public()}
	m := instance(t)

	// Refusals leave the built-in rules in place.
	refused := []struct {
		name string
		req  []byte
		code string
	}{
		{"untrusted key", request(t, env, []envelope.PublicKey{other.Public()}, 0, now), "unknown_key"},
		{"expired", request(t, env, trusted, 0, issued.Add(31*24*time.Hour)), "expired"},
		{"old version", request(t, env, trusted, 8, now), "version_too_low"},
		{"altered", request(t, []byte(strings.Replace(string(env), `"version":7`, `"version":9`, 1)), trusted, 0, now), "bad_signature"},
		{"not an envelope", request(t, []byte(`{"format":"x"}`), trusted, 0, now), "malformed"},
		{"no keys", request(t, env, nil, 0, now), wasm.CodeBadRequest},
		{"bad key", []byte(`{"envelope":"{}","keys":["scrubs-ed25519:nope"]}`), wasm.CodeBadRequest},
		{"envelope not a string", []byte(`{"envelope":{},"keys":[]}`), wasm.CodeBadJSON},
		{"a member twice", []byte(`{"envelope":` + quote(env) + `,"keys":["` + other.Public().String() + `"],"keys":["` + key.Public().String() + `"]}`), wasm.CodeBadRequest},
		{"bad JSON", []byte(`{"envelope":`), wasm.CodeBadJSON},
	}
	for _, r := range refused {
		_, err := loadEnvelope(m, r.req)
		wantError(t, r.name, err, r.code)
	}
	sameAsNative(t, m, classifier.Default(), corpus{name: c.name, lines: c.lines[:20]})

	info, err := loadEnvelope(m, request(t, env, trusted, 0, now))
	if err != nil {
		t.Fatal(err)
	}
	if info.Version != 7 || info.KeyID != key.Public().ID() || info.Key != key.Public().String() || info.Name != "built-in rules" {
		t.Errorf("info %+v", info)
	}
	e, _ := classifier.Compile(orgPack(*c.org))
	sameAsNative(t, m, e, c)

	// The module refuses to go back to an older version by itself.
	older, _ := envelope.Sign(pack, 6, issued, issued.Add(time.Hour*48), key)
	_, err = loadEnvelope(m, request(t, older, trusted, 0, now))
	wantError(t, "older than loaded", err, "version_too_low")

	// A signed pack that does not validate is refused too.
	badPack, _ := envelope.Sign([]byte(`{"schema":"scrubs.pack/1"}`), 9, issued, issued.Add(time.Hour*48), key)
	_, err = loadEnvelope(m, request(t, badPack, trusted, 0, now))
	wantError(t, "invalid signed pack", err, wasm.CodeInvalidPack)
	sameAsNative(t, m, e, corpus{name: c.name, lines: c.lines[:20]})
}

func TestTemplate(t *testing.T) {
	t.Parallel()
	org := classifier.Org{Name: "Riverbend Family Health", Phones: []string{"(555) 440-1200"}}
	p := orgPack(org)
	e, err := classifier.Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	packJSON, _ := p.MarshalJSON()
	m := instance(t)
	if _, err := m.LoadPack(packJSON); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"safe_reply", "safe_reply.es"} {
		want, ok := e.Template(name)
		got, err := m.Template(name)
		if !ok || err != nil || got != want {
			t.Errorf("%s: module %q, %v; native %q, %v", name, got, err, want, ok)
		}
		if !strings.Contains(got, "(555) 440-1200") {
			t.Errorf("%s: %q lacks the organisation's phone", name, got)
		}
	}
	_, err = m.Template("nope")
	wantError(t, "unknown template", err, wasm.CodeNoTemplate)
}

// The module answers the trust to keep, and holds to it when handed it
// back: after a rotation away from k1, what k1 roots is refused (H2).
func TestEnvelopeTrust(t *testing.T) {
	t.Parallel()
	pack := classifier.DefaultPackJSON()
	issued := time.Unix(1795334400, 0)
	now := issued.Add(time.Hour)
	k1, k2, evil := newKey(t), newKey(t), newKey(t)
	pinned := []string{k1.Public().String()}
	root := func(version uint64, key envelope.PublicKey, by ...envelope.PrivateKey) envelope.Root {
		r, err := envelope.KeySet{Version: version, Expires: issued.Add(365 * 24 * time.Hour), Threshold: 1, Keys: []envelope.PublicKey{key}}.Sign(by...)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	sign := func(version uint64, key envelope.PrivateKey, roots ...envelope.Root) string {
		env, err := envelope.Sign(pack, version, issued, issued.Add(30*24*time.Hour), key, roots...)
		if err != nil {
			t.Fatal(err)
		}
		return string(env)
	}
	req := func(env string, trust *envelope.State) []byte {
		b, _ := wasm.EnvelopeRequest{Envelope: env, Keys: pinned, Trust: trust, Now: now.Unix()}.MarshalJSON()
		return b
	}
	r1 := root(1, k2.Public(), k1, k2)
	m := instance(t)
	info, err := loadEnvelope(m, req(sign(6, k2, r1), nil))
	if err != nil {
		t.Fatal(err)
	}
	if info.Trust == nil || len(info.Trust.Roots) != 1 || info.Trust.Roots[0].Version != 1 || info.Trust.Version != 6 {
		t.Fatalf("trust %+v", info.Trust)
	}
	// A fresh module (a restart) handed the kept trust.
	m = instance(t)
	fork := root(2, evil.Public(), k1, evil)
	_, err = loadEnvelope(m, req(sign(envelope.MaxVersion, evil, fork), info.Trust))
	wantError(t, "evil rooted by k1", err, "unknown_key")
	_, err = loadEnvelope(m, req(sign(7, k1), info.Trust))
	wantError(t, "signed by the rotated-away k1", err, "unknown_key")
	if _, err := loadEnvelope(m, req(sign(7, k2, r1), info.Trust)); err != nil {
		t.Fatalf("v7 by k2: %v", err)
	}
}

// check_timestamp answers a timestamp for the pack in use, and refuses
// one for another pack or one that has expired (review M3).
func TestCheckTimestamp(t *testing.T) {
	t.Parallel()
	pack := []byte(`{"schema":"scrubs.pack/1","name":"ts","base":"default","org":{"name":"Clinic"}}`)
	issued := time.Unix(1795334400, 0)
	key := newKey(t)
	env, err := envelope.Sign(pack, 3, issued, issued.Add(30*24*time.Hour), key)
	if err != nil {
		t.Fatal(err)
	}
	m := instance(t)
	info, err := loadEnvelope(m, request(t, env, []envelope.PublicKey{key.Public()}, 0, issued.Add(time.Hour)))
	if err != nil {
		t.Fatal(err)
	}
	check := func(version uint64, digest string, now time.Time) (string, error) {
		ts, err := envelope.SignTimestamp(version, digest, issued, issued.Add(24*time.Hour), key)
		if err != nil {
			t.Fatal(err)
		}
		req, _ := wasm.TimestampRequest{Timestamp: string(ts), Keys: []string{key.Public().String()}, Trust: info.Trust, Now: now.Unix()}.MarshalJSON()
		ans, err := m.Call("check_timestamp", req)
		if err != nil {
			return "", err
		}
		if strings.HasPrefix(string(ans), `{"error":`) {
			var er wasm.ErrorResponse
			if err := er.UnmarshalJSON(ans); err != nil {
				return "", err
			}
			e := host.Error(er.Error)
			return "", &e
		}
		return string(ans), nil
	}
	if ans, err := check(3, info.Trust.Digest, issued.Add(time.Hour)); err != nil || !strings.Contains(ans, `"version":3`) {
		t.Fatalf("a good timestamp: %s %v", ans, err)
	}
	_, err = check(4, info.Trust.Digest, issued.Add(time.Hour))
	wantError(t, "another version", err, "not_current")
	_, err = check(3, info.Trust.Digest, issued.Add(25*time.Hour))
	wantError(t, "expired", err, "expired")
}

// The module's site profiles are the native engine's, byte for byte: the
// built-in ones, then a loaded pack's own first.
func TestSites(t *testing.T) {
	t.Parallel()
	m := instance(t)
	native := func(e *classifier.Engine) string {
		b, err := wasm.SiteList{Sites: e.Sites()}.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	got, err := m.Sites()
	if err != nil || string(got) != native(classifier.Default()) {
		t.Fatalf("built-in sites: %v\n%s", err, got)
	}
	p := orgPack(classifier.Org{Name: "Riverbend Family Health"})
	p.Sites = []classifier.Site{{ID: "yelp-business", Platform: "yelp", Hosts: []string{"biz.yelp.com"},
		Composers: []classifier.Composer{{ID: "reply", Selector: `[role="textbox"]`, Mode: classifier.ModeReply}}}}
	packJSON, _ := p.MarshalJSON()
	if _, err := m.LoadPack(packJSON); err != nil {
		t.Fatal(err)
	}
	e, err := classifier.Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	if got, err = m.Sites(); err != nil || string(got) != native(e) || !strings.Contains(string(got), `{"sites":[{"id":"yelp-business","platform":"yelp","hosts":["biz.yelp.com"],"composers":[{"id":"reply","selector":"[role=\"textbox\"]"`) {
		t.Fatalf("the pack's sites: %v\n%s", err, got)
	}
	// a pack with a selector no browser reads is refused with its path,
	// and the sites in use stay
	bad := *p
	bad.Sites = []classifier.Site{{ID: "yelp-business", Hosts: []string{"biz.yelp.com"}, Composers: []classifier.Composer{{ID: "reply", Selector: `textarea[`, Mode: classifier.ModeReply}}}}
	badJSON, _ := bad.MarshalJSON()
	_, err = m.LoadPack(badJSON)
	wantError(t, "bad selector", err, wasm.CodeInvalidPack)
	if !strings.Contains(err.Error(), "sites[0].composers[0].selector") {
		t.Errorf("error %q does not name the selector's path", err)
	}
	if again, _ := m.Sites(); string(again) != string(got) {
		t.Errorf("a refused pack changed the sites")
	}
}

func TestTemplateContext(t *testing.T) {
	t.Parallel()
	m := instance(t)
	for context, want := range map[string]string{"": "review_reply", "Great front desk!": "review_reply", "La doctora fue muy amable con mi hijo, gracias por todo.": "review_reply.es"} {
		used, text, err := m.TemplateFor("review_reply", context)
		native, _ := classifier.Default().Template(want)
		if err != nil || used != want || text != native {
			t.Errorf("TemplateFor(%q) = %q, %q, %v; want %s", context, used, text, err, want)
		}
	}
}
