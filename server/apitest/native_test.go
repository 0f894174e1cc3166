package apitest

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/scrubs/scrubs/classifier/envelope"
	"github.com/scrubs/scrubs/server/crx"
	"github.com/scrubs/scrubs/server/diskstore"
	"github.com/scrubs/scrubs/server/extpkg"
	"github.com/scrubs/scrubs/server/packserver"
	"github.com/scrubs/scrubs/server/pages"
)

const token = "apitest-admin-token-0123456789"

var (
	crxKeyOnce sync.Once
	crxKey     *rsa.PrivateKey
	crxKeyErr  error
)

// extensionKey is one CRX key for both stores' runs (2048-bit RSA keys
// are slow to make).
func extensionKey(t *testing.T) *rsa.PrivateKey {
	crxKeyOnce.Do(func() { crxKey, crxKeyErr = crx.NewKey() })
	if crxKeyErr != nil {
		t.Fatal(crxKeyErr)
	}
	return crxKey
}

// native serves the handler over store on a loopback httptest server, as
// the native binary does (with the pages, from this repository), with the
// event limit keyed by a header so the checks can play several clients.
func native(t *testing.T, store packserver.Store) Target {
	t.Helper()
	repo := Repository(t)
	key, err := envelope.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	// the extension's packages, signed as the native server signs them
	// (main.go, with -root)
	crxKey := extensionKey(t)
	extensionID := crx.ID(crx.PublicKeyDER(crxKey))
	const burst = 30
	srv, err := packserver.New(packserver.Config{
		Store: store, Key: key, AdminToken: token,
		EventRate: 1, EventBurst: burst,
		ClientIP:    func(r *http.Request) string { return r.Header.Get("CF-Connecting-IP") },
		Pages:       extpkg.Handler(repo, crxKey, pages.Handler(repo)),
		ExtensionID: extensionID,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Init(context.Background()); err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return Target{URL: hs.URL, Token: token, Keys: []envelope.PublicKey{key.Public()},
		ClientHeader: "CF-Connecting-IP", EventBurst: burst, Repo: repo, ExtensionID: extensionID}
}

func TestMemStore(t *testing.T) {
	Run(t, native(t, packserver.NewMemStore()))
}

func TestDiskStore(t *testing.T) {
	store, err := diskstore.Open(t.TempDir(), t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	Run(t, native(t, store))
}
