package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scrubs/scrubs/server/packserver"
)

// At first start the server makes an enrolment key (0600), prints it once,
// keeps it across restarts, and takes events only with it.
func TestEnrolmentKey(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	p := start(t, dir, "SCRUBS_ADMIN_TOKEN="+testToken)
	name := filepath.Join(dir, "enrolment-key")
	fi, err := os.Stat(name)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("enrolment-key: %v %v", fi, err)
	}
	data, _ := os.ReadFile(name)
	key := strings.TrimSpace(string(data))
	if !strings.HasPrefix(key, "scrubs-enrol-") || !strings.Contains(p.log(), key) {
		t.Fatalf("key %q not printed: %s", key, p.log())
	}
	post := func(p *proc, key string) int {
		body := `{"events":[{"week":"` + packserver.Week(time.Now()) + `","site":"www.facebook.com","verdict":"block",` +
			`"kinds":["health.condition"],"outcome":"posted_anyway","reason":"consent_on_file","count":1}]}`
		req, _ := http.NewRequest("POST", p.url+"/v1/events", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if key != "" {
			req.Header.Set(packserver.EnrolmentHeader, key)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if c := post(p, ""); c != 401 {
		t.Errorf("without the key: %d", c)
	}
	if c := post(p, packserver.DeriveEnrolmentKey(testToken)); c != 401 {
		t.Errorf("with the derived key: %d", c)
	}
	if c := post(p, key); c != 204 {
		t.Errorf("with the key: %d", c)
	}
	p.kill9()
	p = start(t, dir, "SCRUBS_ADMIN_TOKEN="+testToken)
	if strings.Contains(p.log(), key) {
		t.Error("the key was printed twice")
	}
	if c := post(p, key); c != 204 {
		t.Errorf("after a restart: %d", c)
	}
	p.kill9()
	p = start(t, dir, "SCRUBS_ADMIN_TOKEN="+testToken, "SCRUBS_ENROLMENT_KEY=scrubs-enrol-from-the-environment")
	if c := post(p, "scrubs-enrol-from-the-environment"); c != 204 {
		t.Errorf("SCRUBS_ENROLMENT_KEY: %d", c)
	}
	if c := post(p, key); c != 401 {
		t.Errorf("the file's key when the environment sets one: %d", c)
	}
}
