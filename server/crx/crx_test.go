package crx

import (
	"archive/zip"
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
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

// parsed is what verify reads back from a CRX3 file, as Chromium reads it.
type parsed struct {
	id  string // from the signed data
	key []byte // the key whose hash the id names
	zip []byte
}

// fields reads a protocol buffer message's length-delimited fields.
func fields(b []byte) (map[uint64][][]byte, error) {
	out := map[uint64][][]byte{}
	for len(b) > 0 {
		tag, n := binary.Uvarint(b)
		if n <= 0 {
			return nil, errors.New("a bad tag")
		}
		b = b[n:]
		if tag&7 != 2 {
			return nil, fmt.Errorf("field %d has wire type %d", tag>>3, tag&7)
		}
		l, n := binary.Uvarint(b)
		if n <= 0 || l > uint64(len(b)-n) {
			return nil, errors.New("a bad length")
		}
		out[tag>>3] = append(out[tag>>3], b[n:n+int(l)])
		b = b[n+int(l):]
	}
	return out, nil
}

// verify checks a CRX3 file as Chromium's verifier does: the magic, the
// version, every RSA proof's signature, and a proof by the key the
// signed crx_id names.
func verify(file []byte) (*parsed, error) {
	if len(file) < 12 || string(file[:4]) != Magic {
		return nil, errors.New("no Cr24 magic")
	}
	if v := binary.LittleEndian.Uint32(file[4:]); v != 3 {
		return nil, fmt.Errorf("version %d", v)
	}
	size := binary.LittleEndian.Uint32(file[8:])
	if uint64(size) > uint64(len(file)-12) {
		return nil, errors.New("the header runs past the end")
	}
	header, archive := file[12:12+size], file[12+size:]
	h, err := fields(header)
	if err != nil {
		return nil, err
	}
	if len(h[10000]) != 1 {
		return nil, errors.New("no signed_header_data")
	}
	signed := h[10000][0]
	sd, err := fields(signed)
	if err != nil || len(sd[1]) != 1 || len(sd[1][0]) != 16 {
		return nil, fmt.Errorf("signed data without a 16-byte crx_id (%v)", err)
	}
	p := &parsed{id: idString(sd[1][0]), zip: archive}
	msg := sha256.New()
	msg.Write([]byte("CRX3 SignedData\x00"))
	binary.Write(msg, binary.LittleEndian, uint32(len(signed)))
	msg.Write(signed)
	msg.Write(archive)
	digest := msg.Sum(nil)
	for _, proof := range h[2] {
		f, err := fields(proof)
		if err != nil || len(f[1]) != 1 || len(f[2]) != 1 {
			return nil, fmt.Errorf("a bad proof (%v)", err)
		}
		pub, err := x509.ParsePKIXPublicKey(f[1][0])
		if err != nil {
			return nil, err
		}
		rk, ok := pub.(*rsa.PublicKey)
		if !ok {
			return nil, fmt.Errorf("a sha256_with_rsa proof with a %T", pub)
		}
		if err := rsa.VerifyPKCS1v15(rk, crypto.SHA256, digest, f[2][0]); err != nil {
			return nil, fmt.Errorf("a signature does not verify: %v", err)
		}
		if sum := sha256.Sum256(f[1][0]); bytes.Equal(sum[:16], sd[1][0]) {
			p.key = f[1][0]
		}
	}
	if p.key == nil {
		return nil, errors.New("no proof by the key the crx_id names")
	}
	return p, nil
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
	p, err := verify(file)
	if err != nil {
		t.Fatal(err)
	}
	if want := ID(PublicKeyDER(k)); p.id != want || ID(p.key) != want {
		t.Fatalf("the file names %s with key %s; the key gives %s", p.id, ID(p.key), want)
	}
	if !bytes.Equal(p.zip, z) {
		t.Fatal("the archive is not the zip given")
	}
	if _, err := zip.NewReader(bytes.NewReader(p.zip), int64(len(p.zip))); err != nil {
		t.Fatal(err)
	}
	// any changed byte of the archive or the header breaks it
	for _, at := range []int{len(file) - 30, 40, 12 + 5} {
		bad := bytes.Clone(file)
		bad[at] ^= 1
		if _, err := verify(bad); err == nil {
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
