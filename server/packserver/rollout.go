package packserver

// The roll-out kit: the managed-policy files an IT admin deploys so that
// every browser gets the extension, pinned, configured for this server
// (its address, its signing key, the enrolment key). Made here, not in the
// page, so that what /admin shows and what a script downloads with an API
// token are the same files (GET /v1/rollout).

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// The extension's ids: Chromium's follows from the manifest's "key",
// Firefox's is browser_specific_settings.gecko.id (extension/src/manifest.json;
// a test checks both).
const (
	ChromiumExtensionID = "gniieannildccockippdmjkediigkbgg"
	FirefoxExtensionID  = "scrubs@scrubs.invalid"
	// ChromeStoreUpdateURL is where Chrome and Edge fetch a store
	// extension; an organisation hosting its own build names its own.
	ChromeStoreUpdateURL = "https://clients2.google.com/service/update2/crx"
)

// Where the native server serves the build in the repository
// (server/pages): Chromium's update manifest, the CRX it names, and
// Firefox's .xpi.
const (
	UpdatePath = "/extension/updates.xml"
	CRXPath    = "/extension/scrubs.crx"
	XPIPath    = "/extension/scrubs.xpi"
)

// chromiumID is the id the kit names for Chrome and Edge: a store
// build's comes from the manifest key; the CRX this server signs has the
// id of the server's own key (Config.ExtensionID), and Chromium installs
// it under that id whatever the manifest says.
func (s *Server) chromiumID(updateURL string) string {
	if s.cfg.ExtensionID == "" || updateURL == ChromeStoreUpdateURL {
		return ChromiumExtensionID
	}
	return s.cfg.ExtensionID
}

// managedPolicy is the extension's own policy (managed_schema.json).
func (k *RolloutResponse) managedPolicy() map[string]any {
	return map[string]any{
		"serverUrl":             k.ServerURL,
		"publicKeys":            []string{k.PublicKey},
		"revokedKeyIds":         []string{},
		"telemetry":             true,
		"enrolmentKey":          k.EnrolmentKey,
		"updateIntervalMinutes": 360,
		// the switches an organisation sets (managed_schema.json), at the
		// extension's defaults so the officer sees them; overrideReasons
		// is left out, since naming it makes a warning ask for a reason too
		"blockIsFinal":         false,
		"lockSites":            false,
		"allowFalseAlarmWords": true,
	}
}

func indentJSON(v any) string {
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b) + "\n"
}

// chromiumSettings is the ExtensionSettings policy of Chrome and Edge.
func (k *RolloutResponse) chromiumSettings() map[string]any {
	return map[string]any{k.ChromiumID: map[string]any{
		"installation_mode": "force_installed",
		"update_url":        k.UpdateURL,
		"toolbar_pin":       "force_pinned",
	}}
}

// regFile is a Windows .reg file with the policies for Chrome and Edge.
func (k *RolloutResponse) regFile() string {
	var b strings.Builder
	b.WriteString("Windows Registry Editor Version 5.00\r\n")
	settings, _ := json.Marshal(k.chromiumSettings())
	pol := k.managedPolicy()
	keys := make([]string, 0, len(pol))
	for key := range pol {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	for _, browser := range []string{`Google\Chrome`, `Microsoft\Edge`} {
		root := `HKEY_LOCAL_MACHINE\SOFTWARE\Policies\` + browser
		fmt.Fprintf(&b, "\r\n[%s]\r\n\"ExtensionSettings\"=%s\r\n", root, regString(string(settings)))
		policy := root + `\3rdparty\extensions\` + k.ChromiumID + `\policy`
		fmt.Fprintf(&b, "\r\n[%s]\r\n", policy)
		var lists []string
		for _, key := range keys {
			switch v := pol[key].(type) {
			case string:
				fmt.Fprintf(&b, "%q=%s\r\n", key, regString(v))
			case bool:
				n := 0
				if v {
					n = 1
				}
				fmt.Fprintf(&b, "%q=dword:%08x\r\n", key, n)
			case int:
				fmt.Fprintf(&b, "%q=dword:%08x\r\n", key, v)
			case []string:
				lists = append(lists, key)
			}
		}
		// a list is a subkey whose values are named 1, 2, …
		for _, key := range lists {
			fmt.Fprintf(&b, "\r\n[%s\\%s]\r\n", policy, key)
			for i, v := range pol[key].([]string) {
				fmt.Fprintf(&b, "\"%d\"=%s\r\n", i+1, regString(v))
			}
		}
	}
	return b.String()
}

// regString quotes s as a .reg string value.
func regString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// Kit is the roll-out kit for a server reached at serverURL, with
// packages at updateURL (Chrome, Edge) and installURL (Firefox).
func (s *Server) Kit(serverURL, updateURL, installURL string) *RolloutResponse {
	k := &RolloutResponse{ServerURL: serverURL, PublicKey: s.cfg.Key.Public().String(), EnrolmentKey: s.cfg.EnrolmentKey,
		UpdateURL: updateURL, InstallURL: installURL, ChromiumID: s.chromiumID(updateURL), FirefoxID: FirefoxExtensionID}
	chrome := map[string]any{
		"ExtensionSettings": k.chromiumSettings(),
		"3rdparty":          map[string]any{"extensions": map[string]any{k.ChromiumID: k.managedPolicy()}},
	}
	firefox := map[string]any{"policies": map[string]any{
		"ExtensionSettings": map[string]any{FirefoxExtensionID: map[string]any{
			"installation_mode": "force_installed",
			"install_url":       installURL,
			"default_area":      "navbar",
		}},
		"3rdparty": map[string]any{"Extensions": map[string]any{FirefoxExtensionID: k.managedPolicy()}},
	}}
	k.Files = []RolloutFile{
		{Name: "scrubs-chrome-edge-policy.json", Title: "Chrome and Edge on macOS and Linux, or a Google Admin console / Intune JSON policy",
			Where: "On Linux, put it in /etc/opt/chrome/policies/managed/ (Chrome), /etc/chromium/policies/managed/ (Chromium) or /etc/opt/edge/policies/managed/ (Edge); on macOS, make a configuration profile with these keys; or paste it into your management console's JSON policy.", Body: indentJSON(chrome)},
		{Name: "scrubs-chrome-edge.reg", Title: "Chrome and Edge on Windows",
			Where: "Double-click it as an administrator on one machine to try it, then deploy it by Group Policy (Computer Configuration → Preferences → Windows Settings → Registry) or Intune. Chrome and Edge on Windows force-install an extension from outside their stores only on machines joined to a domain or enrolled in device management.", Body: k.regFile()},
		{Name: "policies.json", Title: "Firefox on every system",
			Where: "Put it in the distribution folder of the Firefox installation (Windows: C:\\Program Files\\Mozilla Firefox\\distribution\\; Linux: /etc/firefox/policies/; macOS: Firefox.app/Contents/Resources/distribution/). Release Firefox installs only add-ons Mozilla signed: have the .xpi signed (an unlisted add-on on addons.mozilla.org) and give its address as install_url; Firefox ESR and unbranded builds take this server's with xpinstall.signatures.required set to false.", Body: indentJSON(firefox)},
	}
	return k
}

// handleRollout: GET /v1/rollout[?url=&update_url=&install_url=] (editor:
// the kit holds the enrolment key). The server's address is the one the
// request came to unless url says otherwise; Chrome, Edge and Firefox get
// the build this server serves unless update_url and install_url say
// otherwise (without a build of its own, Chrome and Edge get the store's).
func (s *Server) handleRollout(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	base := q.Get("url")
	if base == "" {
		base = BaseURL(r)
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
		s.error(w, http.StatusBadRequest, "url", "is not a server address like https://scrubs.example.org")
		return
	}
	base = u.Scheme + "://" + u.Host
	update, install := q.Get("update_url"), q.Get("install_url")
	if update == "" {
		update = ChromeStoreUpdateURL
		if s.cfg.ExtensionID != "" {
			update = base + UpdatePath
		}
	}
	if install == "" {
		install = base + XPIPath
	}
	for name, v := range map[string]string{"update_url": update, "install_url": install} {
		if p, err := url.Parse(v); err != nil || p.Scheme != "https" && p.Scheme != "http" || p.Host == "" {
			s.error(w, http.StatusBadRequest, name, "is not an http(s) address")
			return
		}
	}
	k := s.Kit(base, update, install)
	s.json(w, http.StatusOK, k)
}

// BaseURL is the address r came to: https, or http for localhost only
// (the extension takes http:// nowhere else) when neither TLS nor a
// proxy's X-Forwarded-Proto says https.
func BaseURL(r *http.Request) string {
	scheme := "https"
	if r.TLS == nil && r.Header.Get("X-Forwarded-Proto") != "https" && loopbackName(r.Host) {
		scheme = "http"
	}
	return scheme + "://" + r.Host
}

// loopbackName says host (with or without a port) is localhost or a
// loopback address.
func loopbackName(host string) bool {
	h := host
	if i := strings.LastIndex(h, ":"); i >= 0 && !strings.HasSuffix(h, "]") {
		h = h[:i]
	}
	h = strings.Trim(h, "[]")
	return h == "localhost" || h == "127.0.0.1" || h == "::1" || strings.HasPrefix(h, "127.")
}
