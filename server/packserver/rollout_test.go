package packserver

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/scrubs/scrubs/server/crx"
)

// The kit names the extension by the ids its manifest gives it.
func TestExtensionIDs(t *testing.T) {
	data, err := os.ReadFile("../../extension/src/manifest.json")
	if err != nil {
		t.Skip(err)
	}
	var m struct {
		Key      string `json:"key"`
		Settings struct {
			Gecko struct {
				ID string `json:"id"`
			} `json:"gecko"`
		} `json:"browser_specific_settings"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	der, err := base64.StdEncoding.DecodeString(m.Key)
	if err != nil {
		t.Fatal(err)
	}
	id := crx.ID(der)
	if id != ChromiumExtensionID || m.Settings.Gecko.ID != FirefoxExtensionID {
		t.Fatalf("the manifest makes %s and %s; rollout.go says %s and %s", id, m.Settings.Gecko.ID, ChromiumExtensionID, FirefoxExtensionID)
	}
}

func TestRegFile(t *testing.T) {
	f := newFixture(t)
	k := f.srv.Kit("https://scrubs.example.org", ChromeStoreUpdateURL, "https://scrubs.example.org/scrubs-firefox.xpi")
	reg := k.Files[1].Body
	for _, want := range []string{
		"Windows Registry Editor Version 5.00\r\n",
		`[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Google\Chrome]` + "\r\n" + `"ExtensionSettings"="{\"` + ChromiumExtensionID + `\":{\"installation_mode\":\"force_installed\",\"toolbar_pin\":\"force_pinned\",\"update_url\":\"https://clients2.google.com/service/update2/crx\"}}"`,
		`[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Edge\3rdparty\extensions\` + ChromiumExtensionID + `\policy]`,
		`"serverUrl"="https://scrubs.example.org"`, `"telemetry"=dword:00000001`, `"updateIntervalMinutes"=dword:00000168`,
		`\policy\publicKeys]` + "\r\n" + `"1"="` + f.key.Public().String() + `"`,
		`"enrolmentKey"="` + f.srv.cfg.EnrolmentKey + `"`,
		`"blockIsFinal"=dword:00000000`, `"lockSites"=dword:00000000`, `"allowFalseAlarmWords"=dword:00000001`,
	} {
		if !strings.Contains(reg, want) {
			t.Errorf("the .reg file lacks %q:\n%s", want, reg)
		}
	}
}

// A server that serves its own build names it, under the id of its CRX
// key, unless the kit is for the store's build.
func TestKitNamesTheServersBuild(t *testing.T) {
	const own = "abcdefghijklmnopabcdefghijklmnop"
	f := newFixture(t, func(c *Config) { c.ExtensionID = own })
	kit := func(query string) *RolloutResponse {
		t.Helper()
		w := f.do("GET", "/v1/rollout"+query, nil, "Authorization", "Bearer "+token)
		var k RolloutResponse
		if w.Code != 200 || k.UnmarshalJSON(w.Body.Bytes()) != nil {
			t.Fatalf("GET /v1/rollout%s: %d %s", query, w.Code, w.Body)
		}
		return &k
	}
	k := kit("?url=https://scrubs.example.org")
	if k.UpdateURL != "https://scrubs.example.org"+UpdatePath || k.InstallURL != "https://scrubs.example.org"+XPIPath || k.ChromiumID != own {
		t.Fatalf("kit %+v", k)
	}
	for _, file := range k.Files[:2] {
		if !strings.Contains(file.Body, own) || strings.Contains(file.Body, ChromiumExtensionID) {
			t.Errorf("%s does not name the server's build %s only:\n%s", file.Name, own, file.Body)
		}
	}
	if k := kit("?url=https://scrubs.example.org&update_url=" + ChromeStoreUpdateURL); k.ChromiumID != ChromiumExtensionID || !strings.Contains(k.Files[0].Body, ChromiumExtensionID) {
		t.Errorf("the store's build: %+v", k)
	}
	// a server without a build of its own names the store's
	g := newFixture(t)
	w := g.do("GET", "/v1/rollout?url=https://scrubs.example.org", nil, "Authorization", "Bearer "+token)
	var plain RolloutResponse
	if w.Code != 200 || plain.UnmarshalJSON(w.Body.Bytes()) != nil || plain.UpdateURL != ChromeStoreUpdateURL || plain.ChromiumID != ChromiumExtensionID {
		t.Errorf("without a build: %d %s", w.Code, w.Body)
	}
}
