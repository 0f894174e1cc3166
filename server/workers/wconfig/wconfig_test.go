package wconfig

import (
	"crypto/rand"
	"strings"
	"testing"
	"time"

	"github.com/scrubs/scrubs/classifier/envelope"
	"github.com/scrubs/scrubs/server/crx"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestParse(t *testing.T) {
	old, _ := envelope.GenerateKey(rand.Reader)
	key, _ := envelope.GenerateKey(rand.Reader)
	root, _ := envelope.KeySet{Version: 1, Expires: time.Now().Add(time.Hour), Threshold: 1, Keys: []envelope.PublicKey{key.Public()}}.Sign(old, key)
	e, _ := root.MarshalJSON()
	c, err := Parse(env(map[string]string{
		"SCRUBS_SIGNING_KEY": " " + key.String() + "\n",
		"SCRUBS_ADMIN_TOKEN": "0123456789abcdef",
		"SCRUBS_ROOTS":       "\n" + string(e) + "\n",
		"SCRUBS_PACK_TTL":    "48h",
		"SCRUBS_EVENT_RATE":  "2",
		"SCRUBS_EVENT_BURST": "10",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if !c.Key.Public().Equal(key.Public()) || c.AdminToken != "0123456789abcdef" ||
		len(c.Roots) != 1 || c.PackTTL != 48*time.Hour || c.EventRate != 2 || c.EventBurst != 10 || c.Window() != 5*time.Second {
		t.Fatalf("%+v", c)
	}
	// Defaults: 30 days, 1 a second with bursts of 30, as the native server.
	c, err = Parse(env(map[string]string{"SCRUBS_SIGNING_KEY": key.String(), "SCRUBS_ADMIN_TOKEN": "0123456789abcdef"}))
	if err != nil || c.PackTTL != 30*24*time.Hour || c.EventRate != 1 || c.EventBurst != 30 || c.Window() != 30*time.Second {
		t.Fatalf("defaults: %+v %v", c, err)
	}
	if c, err := Parse(env(map[string]string{"SCRUBS_SIGNING_KEY": key.String(), "SCRUBS_ADMIN_TOKEN": "0123456789abcdef",
		"SCRUBS_EVENT_RATE": "-1"})); err != nil || c.EventRate >= 0 {
		t.Fatalf("no limit: %+v %v", c, err)
	}
}

// Every problem is named at once, and no secret's value is repeated.
func TestParseProblems(t *testing.T) {
	secret := "scrubs-ed25519-secret:not-base64-at-all"
	_, err := Parse(env(map[string]string{
		"SCRUBS_SIGNING_KEY": secret,
		"SCRUBS_ADMIN_TOKEN": "shortsecret",
		"SCRUBS_ROOTS":       "{",
		"SCRUBS_PACK_TTL":    "5m",
		"SCRUBS_EVENT_RATE":  "0",
		"SCRUBS_EVENT_BURST": "x",
	}))
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	for _, want := range []string{"SCRUBS_SIGNING_KEY is not a signing key", "SCRUBS_ADMIN_TOKEN must be at least 16",
		"SCRUBS_ROOTS line 1", "SCRUBS_PACK_TTL", "SCRUBS_EVENT_RATE", "SCRUBS_EVENT_BURST"} {
		if !strings.Contains(msg, want) {
			t.Errorf("no %q in %s", want, msg)
		}
	}
	if strings.Contains(msg, "not-base64") || strings.Contains(msg, "shortsecret") {
		t.Errorf("a secret in the error: %s", msg)
	}
	_, err = Parse(env(nil))
	if err == nil || !strings.Contains(err.Error(), "SCRUBS_SIGNING_KEY is not set") || !strings.Contains(err.Error(), "SCRUBS_ADMIN_TOKEN is not set") {
		t.Fatalf("empty: %v", err)
	}
	if _, err := Parse(env(map[string]string{"SCRUBS_SIGNING_KEY": "", "SCRUBS_ADMIN_TOKEN": "0123456789abcdef", "SCRUBS_EVENT_RATE": "100", "SCRUBS_EVENT_BURST": "1"})); err == nil {
		t.Fatal("a window under a second")
	}
}

// SCRUBS_ENROLMENT_KEY is optional; when set it must be 16 characters or
// more, and a short one is refused without repeating it.
func TestParseEnrolmentKey(t *testing.T) {
	key, _ := envelope.GenerateKey(rand.Reader)
	base := map[string]string{"SCRUBS_SIGNING_KEY": key.String(), "SCRUBS_ADMIN_TOKEN": "0123456789abcdef"}
	if c, err := Parse(env(base)); err != nil || c.EnrolmentKey != "" {
		t.Fatalf("unset: %+v %v", c, err)
	}
	base["SCRUBS_ENROLMENT_KEY"] = " scrubs-enrol-0123456789abcdef\n"
	if c, err := Parse(env(base)); err != nil || c.EnrolmentKey != "scrubs-enrol-0123456789abcdef" {
		t.Fatalf("set: %+v %v", c, err)
	}
	base["SCRUBS_ENROLMENT_KEY"] = "tooshortkey"
	if _, err := Parse(env(base)); err == nil || !strings.Contains(err.Error(), "SCRUBS_ENROLMENT_KEY") || strings.Contains(err.Error(), "tooshortkey") {
		t.Fatalf("short: %v", err)
	}
}

// SCRUBS_EXTENSION_KEY is optional: the PEM the native server keeps in
// DATA/extension.pem; anything else is refused without repeating it.
func TestParseExtensionKey(t *testing.T) {
	key, _ := envelope.GenerateKey(rand.Reader)
	base := map[string]string{"SCRUBS_SIGNING_KEY": key.String(), "SCRUBS_ADMIN_TOKEN": "0123456789abcdef"}
	if c, err := Parse(env(base)); err != nil || c.ExtensionKey != nil {
		t.Fatalf("unset: %+v %v", c, err)
	}
	rk, err := crx.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	pemKey, _ := crx.EncodeKey(rk)
	base["SCRUBS_EXTENSION_KEY"] = "\n" + string(pemKey)
	if c, err := Parse(env(base)); err != nil || c.ExtensionKey == nil {
		t.Fatalf("set: %v", err)
	} else if back, err := crx.ParseKey(c.ExtensionKey); err != nil || !back.Equal(rk) {
		t.Fatalf("set: %v", err)
	}
	base["SCRUBS_EXTENSION_KEY"] = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWJ5dGVz\n-----END PRIVATE KEY-----\n"
	if _, err := Parse(env(base)); err == nil || !strings.Contains(err.Error(), "SCRUBS_EXTENSION_KEY") || strings.Contains(err.Error(), "c2VjcmV0") {
		t.Fatalf("not a key: %v", err)
	}
}
