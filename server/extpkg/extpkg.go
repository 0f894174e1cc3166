// Package extpkg serves the extension packages a force-install without a
// store needs, made from the build in the repository
// (scripts/build-extension writes extension/dist/scrubs-{chromium,firefox}.zip):
// Chromium's update manifest, the CRX it names (the Chromium zip signed
// with the server's CRX key) and Firefox's .xpi (the Firefox zip as it
// is). The native server mounts it beside the pages, reading the build
// from the repository (-root); the Workers build mounts the same handler
// over its static assets, where the deploy copies the build
// (server/workers/assets), with the key from a Worker secret.
package extpkg

import (
	"archive/zip"
	"bytes"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/scrubs/scrubs/server/crx"
	"github.com/scrubs/scrubs/server/packserver"
)

// The build's zips in the repository.
const (
	ChromiumZip = "extension/dist/scrubs-chromium.zip"
	FirefoxZip  = "extension/dist/scrubs-firefox.zip"
)

// Files are the repository files the handler reads (the Workers build's
// assets command copies them).
var Files = []string{ChromiumZip, FirefoxZip}

const notBuilt = "the extension is not built on this server: run scripts/build-extension in the repository the server serves (-root), or, for the Workers build, before its deploy copies the assets; then ask again\n"

// packages signs the build's Chromium zip, once per build.
type packages struct {
	repo fs.FS
	key  func() (*rsa.PrivateKey, error)
	id   string

	mu    sync.Mutex
	stamp string // the zip's size and time when crx was made
	crx   *signedCRX
}

type signedCRX struct {
	data    []byte
	version string // the manifest's
	sha256  string // hex, for the update manifest
	modTime time.Time
}

// Handler serves the packages of the build in repo at packserver's
// UpdatePath, CRXPath and XPIPath, the CRX signed with key, and hands
// every other request to next.
func Handler(repo fs.FS, key *rsa.PrivateKey, next http.Handler) http.Handler {
	return handler(&packages{repo: repo, id: crx.ID(crx.PublicKeyDER(key)),
		key: func() (*rsa.PrivateKey, error) { return key, nil }}, next)
}

// HandlerPEM is Handler with the key as a PEM crx.ParseKey reads, read
// only when a CRX is signed (crx.PEMPublicKey says why), and the
// extension id the key gives. The Workers build uses it.
func HandlerPEM(repo fs.FS, pemKey []byte, next http.Handler) (h http.Handler, id string, err error) {
	spki, err := crx.PEMPublicKey(pemKey)
	if err != nil {
		return nil, "", err
	}
	return handler(&packages{repo: repo, id: crx.ID(spki),
		key: sync.OnceValues(func() (*rsa.PrivateKey, error) { return crx.ParseKey(pemKey) })}, next), crx.ID(spki), nil
}

func handler(p *packages, next http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+packserver.UpdatePath, p.updates)
	mux.HandleFunc("GET "+packserver.CRXPath, p.serveCRX)
	mux.HandleFunc("GET "+packserver.XPIPath, p.xpi)
	mux.Handle("/", next)
	return mux
}

// signed is the CRX of the build as it is now; fs.ErrNotExist when there
// is no build.
func (p *packages) signed() (*signedCRX, error) {
	info, err := fs.Stat(p.repo, ChromiumZip)
	if err != nil {
		return nil, err
	}
	stamp := strconv.FormatInt(info.Size(), 10) + "@" + info.ModTime().String()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.crx != nil && p.stamp == stamp {
		return p.crx, nil
	}
	z, err := fs.ReadFile(p.repo, ChromiumZip)
	if err != nil {
		return nil, err
	}
	version, err := ZipVersion(z)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", ChromiumZip, err)
	}
	key, err := p.key()
	if err != nil {
		return nil, fmt.Errorf("the extension's signing key: %v", err)
	}
	data, err := crx.Write(z, key)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	p.crx = &signedCRX{data: data, version: version, sha256: hex.EncodeToString(sum[:]), modTime: info.ModTime()}
	p.stamp = stamp
	return p.crx, nil
}

// ZipVersion is the version in the manifest.json of an extension zip.
func ZipVersion(z []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(z), int64(len(z)))
	if err != nil {
		return "", err
	}
	f, err := zr.Open("manifest.json")
	if err != nil {
		return "", err
	}
	defer f.Close()
	var m struct {
		Version string `json:"version"`
	}
	data, err := io.ReadAll(io.LimitReader(f, 1<<20))
	if err != nil {
		return "", err
	}
	if err := json.Unmarshal(data, &m); err != nil || m.Version == "" {
		return "", errors.New("manifest.json names no version")
	}
	return m.Version, nil
}

// packageError answers a request for a package that cannot be made.
func packageError(w http.ResponseWriter, err error) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if errors.Is(err, fs.ErrNotExist) {
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, notBuilt)
		return
	}
	w.WriteHeader(http.StatusInternalServerError)
	fmt.Fprintf(w, "the extension package could not be made: %v\n", err)
}

// UpdateManifest is Chromium's update manifest (the gupdate protocol) as
// the handler writes it, and as the tests read it back.
type UpdateManifest struct {
	XMLName  xml.Name    `xml:"http://www.google.com/update2/response gupdate"`
	Protocol string      `xml:"protocol,attr"`
	Apps     []UpdateApp `xml:"app"`
}

// UpdateApp is one extension of an UpdateManifest.
type UpdateApp struct {
	AppID       string      `xml:"appid,attr"`
	UpdateCheck UpdateCheck `xml:"updatecheck"`
}

// UpdateCheck names the CRX of an extension's version.
type UpdateCheck struct {
	Codebase string `xml:"codebase,attr"`
	Version  string `xml:"version,attr"`
	SHA256   string `xml:"hash_sha256,attr"`
}

// updates serves Chromium's update manifest (the gupdate protocol an
// ExtensionSettings update_url answers): one app, this build.
func (p *packages) updates(w http.ResponseWriter, r *http.Request) {
	c, err := p.signed()
	if err != nil {
		packageError(w, err)
		return
	}
	doc := UpdateManifest{Protocol: "2.0", Apps: []UpdateApp{{AppID: p.id, UpdateCheck: UpdateCheck{
		Codebase: packserver.BaseURL(r) + packserver.CRXPath, Version: c.version, SHA256: c.sha256}}}}
	body, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		packageError(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(append([]byte(xml.Header), append(body, '\n')...))
}

func (p *packages) serveCRX(w http.ResponseWriter, r *http.Request) {
	c, err := p.signed()
	if err != nil {
		packageError(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/x-chrome-extension")
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, "", c.modTime, bytes.NewReader(c.data))
}

// xpi serves the Firefox build. Release Firefox installs only what
// Mozilla signed; ESR, Developer Edition and unbranded builds take it
// unsigned with xpinstall.signatures.required off.
func (p *packages) xpi(w http.ResponseWriter, r *http.Request) {
	f, err := p.repo.Open(FirefoxZip)
	if err != nil {
		packageError(w, err)
		return
	}
	defer f.Close()
	info, err := f.Stat()
	rs, ok := f.(io.ReadSeeker)
	if err != nil || !ok {
		packageError(w, fmt.Errorf("%s cannot be read (%v)", FirefoxZip, err))
		return
	}
	w.Header().Set("Content-Type", "application/x-xpinstall")
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, "", info.ModTime(), rs)
}
