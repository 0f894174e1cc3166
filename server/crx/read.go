package crx

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/binary"
	"errors"
	"fmt"
)

// Package is what Read finds in a CRX3 file.
type Package struct {
	ID        string // the extension id, from the signed crx_id
	PublicKey []byte // the DER key whose hash the id names
	Zip       []byte
}

// Read checks a CRX3 file as Chromium's verifier does (the magic, the
// version, every RSA proof's signature, and a proof by the key the
// signed crx_id names) and returns what it holds. Write's tests and the
// API checks of every build (server/apitest) read what was served with it.
func Read(file []byte) (*Package, error) {
	if len(file) < 12 || string(file[:4]) != Magic {
		return nil, errors.New("no Cr24 magic")
	}
	if v := binary.LittleEndian.Uint32(file[4:]); v != Version {
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
	if len(h[fieldSignedHeaderData]) != 1 {
		return nil, errors.New("no signed_header_data")
	}
	signed := h[fieldSignedHeaderData][0]
	sd, err := fields(signed)
	if err != nil || len(sd[fieldCrxID]) != 1 || len(sd[fieldCrxID][0]) != 16 {
		return nil, fmt.Errorf("signed data without a 16-byte crx_id (%v)", err)
	}
	p := &Package{ID: idString(sd[fieldCrxID][0]), Zip: archive}
	msg := sha256.New()
	msg.Write([]byte(SignaturePrefix))
	msg.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(signed))))
	msg.Write(signed)
	msg.Write(archive)
	digest := msg.Sum(nil)
	for _, proof := range h[fieldSHA256WithRSA] {
		f, err := fields(proof)
		if err != nil || len(f[fieldPublicKey]) != 1 || len(f[fieldSignature]) != 1 {
			return nil, fmt.Errorf("a bad proof (%v)", err)
		}
		pub, err := x509.ParsePKIXPublicKey(f[fieldPublicKey][0])
		if err != nil {
			return nil, err
		}
		rk, ok := pub.(*rsa.PublicKey)
		if !ok {
			return nil, fmt.Errorf("a sha256_with_rsa proof with a %T", pub)
		}
		if err := rsa.VerifyPKCS1v15(rk, crypto.SHA256, digest, f[fieldSignature][0]); err != nil {
			return nil, fmt.Errorf("a signature does not verify: %v", err)
		}
		if bytes.Equal(rawID(f[fieldPublicKey][0]), sd[fieldCrxID][0]) {
			p.PublicKey = f[fieldPublicKey][0]
		}
	}
	if p.PublicKey == nil {
		return nil, errors.New("no proof by the key the crx_id names")
	}
	return p, nil
}

// fields reads a protocol buffer message's length-delimited fields (the
// only wire type a CRX3 header uses).
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
