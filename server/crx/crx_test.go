package crx

import (
	"archive/zip"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"os"
	"strings"
	"sync"
	"testing"
)

var (
	keyOnce sync.Once
	testKey *rsa.PrivateKey
)

// key is one key for the package's tests (2048-bit keys are slow to make).
func key(t *testing.T) *rsa.PrivateKey {
	keyOnce.Do(func() {
		var err error
		if testKey, err = NewKey(); err != nil {
			t.Fatal(err)
		}
	})
	return testKey
}

func testZip(t *testing.T) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.Create("manifest.json")
	w.Write([]byte(`{"manifest_version": 3, "name": "t", "version": "1.2.3"}`))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestWriteVerifies(t *testing.T) {
	k := key(t)
	z := testZip(t)
	file, err := Write(z, k)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Read(file)
	if err != nil {
		t.Fatal(err)
	}
	if want := ID(PublicKeyDER(k)); p.ID != want || ID(p.PublicKey) != want {
		t.Fatalf("the file names %s with key %s; the key gives %s", p.ID, ID(p.PublicKey), want)
	}
	if !bytes.Equal(p.Zip, z) {
		t.Fatal("the archive is not the zip given")
	}
	if _, err := zip.NewReader(bytes.NewReader(p.Zip), int64(len(p.Zip))); err != nil {
		t.Fatal(err)
	}
	// any changed byte of the archive or the header breaks it
	for _, at := range []int{len(file) - 30, 40, 12 + 5} {
		bad := bytes.Clone(file)
		bad[at] ^= 1
		if _, err := Read(bad); err == nil {
			t.Errorf("a file changed at byte %d verifies", at)
		}
	}
	other, err := Write(z, k)
	if err != nil || !bytes.Equal(other, file) {
		t.Error("the same zip and key make a different file") // PKCS #1 v1.5 is deterministic
	}
}

// The id Chromium gives the repository's manifest key (the Chromium
// tests load the unpacked extension under it).
func TestID(t *testing.T) {
	data, err := os.ReadFile("../../extension/src/manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	var m struct{ Key string }
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	der, err := base64.StdEncoding.DecodeString(m.Key)
	if err != nil {
		t.Fatal(err)
	}
	if id := ID(der); id != "gniieannildccockippdmjkediigkbgg" {
		t.Fatalf("ID = %s", id)
	}
	if id := ID(nil); len(id) != 32 || strings.Trim(id, "abcdefghijklmnop") != "" {
		t.Fatalf("ID(nil) = %s", id)
	}
}

func TestKeyRoundTrip(t *testing.T) {
	k := key(t)
	data, err := EncodeKey(k)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseKey(data)
	if err != nil || !back.Equal(k) {
		t.Fatalf("ParseKey: %v", err)
	}
	for name, bad := range map[string][]byte{
		"empty":     nil,
		"other PEM": []byte("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"),
		"truncated": data[:len(data)/2],
	} {
		if _, err := ParseKey(bad); err == nil {
			t.Errorf("%s: parsed", name)
		}
	}
}

// The public key read from the PEM alone is the key's; what ParseKey
// refuses for its size or kind, it refuses too.
func TestPEMPublicKey(t *testing.T) {
	k := key(t)
	data, err := EncodeKey(k)
	if err != nil {
		t.Fatal(err)
	}
	spki, err := PEMPublicKey(data)
	if err != nil || !bytes.Equal(spki, PublicKeyDER(k)) {
		t.Fatalf("PEMPublicKey: %v", err)
	}
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	smallPEM, _ := EncodeKey(small)
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ecDER, _ := x509.MarshalPKCS8PrivateKey(ec)
	ecPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: ecDER})
	for name, bad := range map[string][]byte{"1024 bits": smallPEM, "ECDSA": ecPEM, "no PEM": []byte("MIIE"),
		"garbage": pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte("garbage")})} {
		if _, err := PEMPublicKey(bad); err == nil {
			t.Errorf("%s: no error", name)
		}
		if _, err := ParseKey(bad); err == nil {
			t.Errorf("%s: ParseKey takes it", name)
		}
	}
}
