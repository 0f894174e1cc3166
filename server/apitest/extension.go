package apitest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"io/fs"
	"strings"
	"testing"

	"github.com/scrubs/scrubs/server/crx"
	"github.com/scrubs/scrubs/server/extpkg"
	"github.com/scrubs/scrubs/server/packserver"
)

func init() {
	Checks = append(Checks, Check{"ExtensionPackages", checkExtensionPackages})
}

// A server that signs the extension (Target.ExtensionID) serves the
// packages a force-install without a store needs, and its roll-out kit,
// asked with no address, names them at the address it was reached at:
// the update manifest names the CRX, its hash, the build's version and
// the id; the CRX verifies as Chromium verifies it, under that id, and
// holds the build's zip; the .xpi is the Firefox build. A server that
// does not sign it names the store's build in its kit and has no
// packages.
func checkExtensionPackages(t *testing.T, c *checker) {
	w := c.admin(t, "GET", "/v1/rollout", nil)
	var k packserver.RolloutResponse
	if w.Code != 200 || k.UnmarshalJSON(w.Body) != nil || len(k.Files) != 3 {
		t.Fatalf("GET /v1/rollout: %s", w)
	}
	if k.ServerURL != c.URL || k.InstallURL != c.URL+packserver.XPIPath {
		t.Errorf("the kit names %s and %s, not this server (%s)", k.ServerURL, k.InstallURL, c.URL)
	}
	if c.ExtensionID == "" {
		if k.UpdateURL != packserver.ChromeStoreUpdateURL || k.ChromiumID != packserver.ChromiumExtensionID {
			t.Errorf("a server without an extension key names %s and %s, not the store's build", k.UpdateURL, k.ChromiumID)
		}
		if w := c.get(t, packserver.CRXPath); w.Code != 404 {
			t.Errorf("GET %s on a server without an extension key: %s", packserver.CRXPath, w)
		}
		return
	}
	if k.ChromiumID != c.ExtensionID || k.UpdateURL != c.URL+packserver.UpdatePath {
		t.Fatalf("the kit names %s at %s; the server signs as %s at %s", k.ChromiumID, k.UpdateURL, c.ExtensionID, c.URL+packserver.UpdatePath)
	}
	if !strings.Contains(k.Files[0].Body, `"`+c.ExtensionID+`"`) || !strings.Contains(k.Files[1].Body, `\`+c.ExtensionID+`\policy]`) {
		t.Errorf("the Chrome policy or the .reg file does not name %s", c.ExtensionID)
	}
	chromium := c.repoFile(t, extpkg.ChromiumZip)
	version, err := extpkg.ZipVersion(chromium)
	if err != nil {
		t.Fatalf("%s: %v", extpkg.ChromiumZip, err)
	}
	up := c.get(t, packserver.UpdatePath)
	var doc extpkg.UpdateManifest
	if up.Code != 200 || up.Header.Get("Content-Type") != "application/xml; charset=utf-8" || xml.Unmarshal(up.Body, &doc) != nil || len(doc.Apps) != 1 {
		t.Fatalf("GET %s: %s", packserver.UpdatePath, up)
	}
	app := doc.Apps[0]
	if app.AppID != c.ExtensionID || app.UpdateCheck.Codebase != c.URL+packserver.CRXPath || app.UpdateCheck.Version != version {
		t.Errorf("the update manifest, for %s at %s version %s: %s", c.ExtensionID, c.URL+packserver.CRXPath, version, up.Body)
	}
	file := c.get(t, packserver.CRXPath)
	if file.Code != 200 || file.Header.Get("Content-Type") != "application/x-chrome-extension" {
		t.Fatalf("GET %s: %d %s", packserver.CRXPath, file.Code, file.Header.Get("Content-Type"))
	}
	if sum := sha256.Sum256(file.Body); hex.EncodeToString(sum[:]) != app.UpdateCheck.SHA256 {
		t.Errorf("the CRX's SHA-256 is %x; the update manifest says %s", sum, app.UpdateCheck.SHA256)
	}
	p, err := crx.Read(file.Body)
	if err != nil {
		t.Fatalf("the CRX does not verify: %v", err)
	}
	if p.ID != c.ExtensionID || !bytes.Equal(p.Zip, chromium) {
		t.Errorf("the CRX is %s, %d bytes of zip; want %s, the %d of %s", p.ID, len(p.Zip), c.ExtensionID, len(chromium), extpkg.ChromiumZip)
	}
	if x := c.get(t, packserver.XPIPath); x.Code != 200 || x.Header.Get("Content-Type") != "application/x-xpinstall" || !bytes.Equal(x.Body, c.repoFile(t, extpkg.FirefoxZip)) {
		t.Errorf("GET %s: %d %s, %d bytes, not %s", packserver.XPIPath, x.Code, x.Header.Get("Content-Type"), len(x.Body), extpkg.FirefoxZip)
	}
}

func (c *checker) repoFile(t *testing.T, name string) []byte {
	t.Helper()
	data, err := fs.ReadFile(c.Repo, name)
	if err != nil {
		t.Fatalf("%v (scripts/build-extension makes it)", err)
	}
	return data
}
