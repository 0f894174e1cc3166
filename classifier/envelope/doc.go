// Package envelope signs rule packs and checks them before use.
//
// An envelope is a small JSON document that carries a rule pack's exact
// bytes together with a version, the time it was issued, the time it
// expires, the id of the key that signed it and an Ed25519 signature over
// all of them:
//
//	{
//	  "format": "scrubs-pack-envelope-v1",
//	  "version": 7,
//	  "issued": 1795334400,
//	  "expires": 1797926400,
//	  "key_id": "3f2a9c0d41b7e855",
//	  "pack": "eyJzY2hlbWEiOi...",
//	  "signature": "q83v...",
//	  "endorsements": [...]
//	}
//
// The pack is carried as standard base64 so that the signed bytes are the
// bytes delivered; times are Unix seconds. The signature covers a
// domain-separated message with one field per line:
//
//	scrubs-pack-envelope-v1
//	version 7
//	issued 1795334400
//	expires 1797926400
//	key 3f2a9c0d41b7e855
//	pack-sha256 <64 hex digits>
//
// Every field is a decimal number or lowercase hex, so no two envelopes
// share a message. Fields outside the signature (endorsements, unknown
// keys) can be stripped or added but never change what Open returns.
//
// # Keys
//
// Keys are Ed25519. A public key is written "scrubs-ed25519:" followed by
// the standard base64 of its 32 bytes; a private key is written
// "scrubs-ed25519-secret:" followed by the base64 of its 32-byte seed. A
// key's id is the first 8 bytes of the SHA-256 of the public key, in hex.
//
// # Rotation
//
// Extensions pin one or more public keys. To move to a new key without
// reinstalling them, the old key endorses the new one (Endorse), and
// envelopes signed by the new key carry that endorsement. Open starts from
// the pinned keys and accepts any key endorsed by a key it already
// accepts, so a chain old → new → newer works too. A verifier that learns
// a new key this way can pin it (Opened.Key).
//
// # Errors
//
// Open returns errors that wrap one of ErrMalformed, ErrTooLarge,
// ErrUnknownKey, ErrBadSignature, ErrExpired or ErrVersionTooLow; Code
// names them in a word for the extension and the WebAssembly module.
//
// The package uses only the standard library and easyjson's lexer and
// writer, and never imports net/http: it is linked into the WebAssembly
// module.
package envelope
