// Package crx writes CRX3 packages, the signed zip Chromium installs an
// extension from when it does not come from a store, and names the
// extension id a key gives.
//
// A CRX3 file is "Cr24", the format version (3) and the header's length
// (both uint32, little-endian), the header (a CrxFileHeader protocol
// buffer), then the zip. The header holds the signed data (the crx_id)
// and, per key, the public key (DER SubjectPublicKeyInfo) and a
// signature over "CRX3 SignedData\x00", the signed data's length
// (uint32le), the signed data and the zip. Chromium derives the id from
// the key whose hash the crx_id names, and refuses a file whose id it
// does not verify.
package crx

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/binary"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
)

// Magic begins every CRX file; Version is the format this package writes.
const (
	Magic   = "Cr24"
	Version = 3
	// SignaturePrefix begins the bytes each signature covers.
	SignaturePrefix = "CRX3 SignedData\x00"
)

// Field numbers of the protocol buffers (components/crx_file/crx3.proto).
const (
	fieldSHA256WithRSA    = 2     // CrxFileHeader.sha256_with_rsa
	fieldSHA256WithECDSA  = 3     // CrxFileHeader.sha256_with_ecdsa
	fieldSignedHeaderData = 10000 // CrxFileHeader.signed_header_data
	fieldPublicKey        = 1     // AsymmetricKeyProof.public_key
	fieldSignature        = 2     // AsymmetricKeyProof.signature
	fieldCrxID            = 1     // SignedData.crx_id
)

// RSAKeyBits is the size of the keys NewKey makes (what Chromium makes).
const RSAKeyBits = 2048

// NewKey makes a signing key.
func NewKey() (*rsa.PrivateKey, error) {
	return rsa.GenerateKey(rand.Reader, RSAKeyBits)
}

// EncodeKey is key as a PKCS #8 PEM block, the form of Chromium's own
// .pem files (so chromium --pack-extension-key takes it too).
func EncodeKey(key *rsa.PrivateKey) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

// ParseKey reads an RSA key EncodeKey wrote.
func ParseKey(data []byte) (*rsa.PrivateKey, error) {
	b, _ := pem.Decode(data)
	if b == nil || b.Type != "PRIVATE KEY" {
		return nil, errors.New("not a PEM \"PRIVATE KEY\" block")
	}
	k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
	if err != nil {
		return nil, err
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("a %T, not an RSA key", k)
	}
	if rk.N.BitLen() < RSAKeyBits {
		return nil, fmt.Errorf("an RSA key of %d bits; Scrubs signs with %d or more", rk.N.BitLen(), RSAKeyBits)
	}
	return rk, nil
}

// PEMPublicKey is the DER public key (as PublicKeyDER) of the RSA key in
// a PEM ParseKey takes, read without checking the private half: that
// check costs about 90 ms in WebAssembly, which the Workers build (a
// fresh instance per request) would pay on every request only to name
// the extension id. ParseKey still checks it before anything is signed.
func PEMPublicKey(data []byte) ([]byte, error) {
	b, _ := pem.Decode(data)
	if b == nil || b.Type != "PRIVATE KEY" {
		return nil, errors.New("not a PEM \"PRIVATE KEY\" block")
	}
	var p8 struct {
		Version    int
		Algorithm  pkix.AlgorithmIdentifier
		PrivateKey []byte
	}
	if _, err := asn1.Unmarshal(b.Bytes, &p8); err != nil {
		return nil, errors.New("not a PKCS #8 private key")
	}
	if !p8.Algorithm.Algorithm.Equal(oidRSA) {
		return nil, errors.New("not an RSA key")
	}
	// RSAPrivateKey (PKCS #1) begins version, modulus, public exponent;
	// the fields after them are left unread.
	var pk struct {
		Version int
		N       *big.Int
		E       int
	}
	if _, err := asn1.Unmarshal(p8.PrivateKey, &pk); err != nil || pk.N == nil || pk.N.Sign() <= 0 || pk.E < 3 {
		return nil, errors.New("not a PKCS #1 RSA private key")
	}
	if pk.N.BitLen() < RSAKeyBits {
		return nil, fmt.Errorf("an RSA key of %d bits; Scrubs signs with %d or more", pk.N.BitLen(), RSAKeyBits)
	}
	return x509.MarshalPKIXPublicKey(&rsa.PublicKey{N: pk.N, E: pk.E})
}

// oidRSA is rsaEncryption, PKCS #8's algorithm for an RSA key.
var oidRSA = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}

// PublicKeyDER is the DER SubjectPublicKeyInfo of key: the CRX header's
// public_key, and (base64) the manifest's "key".
func PublicKeyDER(key *rsa.PrivateKey) []byte {
	der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		panic(err) // an RSA public key always marshals
	}
	return der
}

// rawID is the first 16 bytes of the key's SHA-256: the crx_id.
func rawID(spki []byte) []byte {
	sum := sha256.Sum256(spki)
	return sum[:16]
}

// ID is the extension id the DER public key spki gives: its crx_id in
// hex, written with the letters a–p for the digits 0–f.
func ID(spki []byte) string {
	return idString(rawID(spki))
}

func idString(raw []byte) string {
	id := make([]byte, 0, 2*len(raw))
	for _, b := range raw {
		id = append(id, 'a'+b>>4, 'a'+b&0xf)
	}
	return string(id)
}

// Write packs zip, signed with key, into a CRX3 file.
func Write(zip []byte, key *rsa.PrivateKey) ([]byte, error) {
	spki := PublicKeyDER(key)
	signed := field(nil, fieldCrxID, rawID(spki))
	h := sha256.New()
	h.Write([]byte(SignaturePrefix))
	h.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(signed))))
	h.Write(signed)
	h.Write(zip)
	sig, err := rsa.SignPKCS1v15(nil, key, crypto.SHA256, h.Sum(nil))
	if err != nil {
		return nil, err
	}
	proof := field(field(nil, fieldPublicKey, spki), fieldSignature, sig)
	header := field(nil, fieldSHA256WithRSA, proof)
	header = field(header, fieldSignedHeaderData, signed)
	out := make([]byte, 0, 12+len(header)+len(zip))
	out = append(out, Magic...)
	out = binary.LittleEndian.AppendUint32(out, Version)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(header)))
	out = append(out, header...)
	return append(out, zip...), nil
}

// field appends a length-delimited protocol buffer field (wire type 2).
func field(b []byte, num int, data []byte) []byte {
	b = binary.AppendUvarint(b, uint64(num)<<3|2)
	b = binary.AppendUvarint(b, uint64(len(data)))
	return append(b, data...)
}
