// Package wconfig reads the Workers build's settings from the Worker's
// environment (secrets and [vars]); there is no filesystem on Workers.
//
//	SCRUBS_SIGNING_KEY    secret: the Ed25519 signing key, "scrubs-ed25519-secret:..."
//	                      (make one with `scrubs pack keygen FILE`)
//	SCRUBS_ADMIN_TOKEN    secret: the first admin's API token (account "admin"), at least 16 characters
//	SCRUBS_ROOTS          the signed roots from `scrubs pack root`, oldest first, one JSON object a
//	                      line; the signing key must be in the last (none before the first rotation)
//	SCRUBS_ENROLMENT_KEY  secret: the key extensions send with their counts (the policy's
//	                      enrolmentKey); when empty, one derived from the admin token
//	                      (packserver.DeriveEnrolmentKey; GET /v1/enrolment shows it)
//	SCRUBS_EXTENSION_KEY  secret, optional: the RSA key (PEM "PRIVATE KEY", the native server's
//	                      DATA/extension.pem) the Worker signs the extension's CRX with; the
//	                      extension id follows from it. Without it /extension/ is a 404 and the
//	                      roll-out kit names the Chrome Web Store's build
//	SCRUBS_PACK_TTL       how long an envelope stays valid (a Go duration; 720h when empty)
//	SCRUBS_EVENT_RATE     event reports a second per client (1 when empty; below 0 turns the limit off)
//	SCRUBS_EVENT_BURST    reports a client may send at once (30 when empty)
package wconfig

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/scrubs/scrubs/classifier/envelope"
	"github.com/scrubs/scrubs/server/crx"
)

// Config is what the Worker needs besides its D1 binding.
type Config struct {
	Key          envelope.PrivateKey
	Roots        []envelope.Root
	AdminToken   string
	EnrolmentKey string
	// ExtensionKey is the PEM of the key that signs the CRX (read in
	// full only when a CRX is signed: crx.PEMPublicKey); nil when the
	// Worker serves no packages.
	ExtensionKey []byte
	PackTTL      time.Duration
	// EventRate is reports a second per client, EventBurst how many at
	// once; the Worker allows EventBurst per window of EventBurst/EventRate
	// seconds (see d1store.Store.Allow). EventRate < 0: no limit.
	EventRate  float64
	EventBurst int
}

// Window is the rate-limit window: EventBurst reports in it.
func (c *Config) Window() time.Duration {
	return time.Duration(float64(c.EventBurst) / c.EventRate * float64(time.Second))
}

// Parse reads the settings through getenv. Every problem is reported,
// never a secret's value.
func Parse(getenv func(string) string) (*Config, error) {
	c := &Config{PackTTL: 30 * 24 * time.Hour, EventRate: 1, EventBurst: 30}
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if s := strings.TrimSpace(getenv("SCRUBS_SIGNING_KEY")); s == "" {
		bad("SCRUBS_SIGNING_KEY is not set (wrangler secret put SCRUBS_SIGNING_KEY)")
	} else if k, err := envelope.ParsePrivateKey(s); err != nil {
		bad("SCRUBS_SIGNING_KEY is not a signing key (want scrubs-ed25519-secret:...)")
	} else {
		c.Key = k
	}
	c.AdminToken = strings.TrimSpace(getenv("SCRUBS_ADMIN_TOKEN"))
	switch {
	case c.AdminToken == "":
		bad("SCRUBS_ADMIN_TOKEN is not set (wrangler secret put SCRUBS_ADMIN_TOKEN)")
	case len(c.AdminToken) < 16:
		bad("SCRUBS_ADMIN_TOKEN must be at least 16 characters")
	}
	c.EnrolmentKey = strings.TrimSpace(getenv("SCRUBS_ENROLMENT_KEY"))
	if c.EnrolmentKey != "" && len(c.EnrolmentKey) < 16 {
		bad("SCRUBS_ENROLMENT_KEY must be at least 16 characters")
	}
	if s := strings.TrimSpace(getenv("SCRUBS_EXTENSION_KEY")); s != "" {
		if _, err := crx.PEMPublicKey([]byte(s)); err != nil {
			// err names no part of the key
			bad("SCRUBS_EXTENSION_KEY is not the extension's signing key (want a PEM \"PRIVATE KEY\" block, RSA, as in DATA/extension.pem): %v", err)
		} else {
			c.ExtensionKey = []byte(s)
		}
	}
	for i, line := range strings.Split(getenv("SCRUBS_ROOTS"), "\n") {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		var r envelope.Root
		if err := r.UnmarshalJSON([]byte(line)); err != nil {
			bad("SCRUBS_ROOTS line %d: %v", i+1, err)
			continue
		}
		if _, err := r.KeySet(); err != nil {
			bad("SCRUBS_ROOTS line %d: %v", i+1, err)
			continue
		}
		c.Roots = append(c.Roots, r)
	}
	if s := strings.TrimSpace(getenv("SCRUBS_PACK_TTL")); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d < time.Hour {
			bad("SCRUBS_PACK_TTL %q: want a duration of at least 1h", s)
		} else {
			c.PackTTL = d
		}
	}
	if s := strings.TrimSpace(getenv("SCRUBS_EVENT_RATE")); s != "" {
		r, err := strconv.ParseFloat(s, 64)
		if err != nil || r == 0 {
			bad("SCRUBS_EVENT_RATE %q: want a number of reports a second, or -1 for no limit", s)
		} else {
			c.EventRate = r
		}
	}
	if s := strings.TrimSpace(getenv("SCRUBS_EVENT_BURST")); s != "" {
		b, err := strconv.Atoi(s)
		if err != nil || b < 1 {
			bad("SCRUBS_EVENT_BURST %q: want a whole number of at least 1", s)
		} else {
			c.EventBurst = b
		}
	}
	if c.EventRate > 0 && c.Window() < time.Second {
		bad("SCRUBS_EVENT_BURST/SCRUBS_EVENT_RATE must be at least a second")
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return c, nil
}
