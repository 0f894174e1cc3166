package packserver

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"os"
	"strings"
	"testing"
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
	sum := sha256.Sum256(der)
	id := strings.Map(func(r rune) rune {
		if r >= 'a' {
			return r - 'a' + 'a' + 10
		}
		return r - '0' + 'a'
	}, hex.EncodeToString(sum[:16]))
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
	} {
		if !strings.Contains(reg, want) {
			t.Errorf("the .reg file lacks %q:\n%s", want, reg)
		}
	}
}
