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
//	  "roots": [...]
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
// share a message. Fields outside the signature (roots, which are signed
// themselves, and unknown keys) can be stripped or added but never make
// Open accept a key it would not otherwise.
//
// # Keys
//
// Keys are Ed25519. A public key is written "scrubs-ed25519:" followed by
// the standard base64 of its 32 bytes; a private key is written
// "scrubs-ed25519-secret:" followed by the base64 of its 32-byte seed. A
// key's id is the first 8 bytes of the SHA-256 of the public key, in hex.
//
// # Roots: which keys are trusted
//
// A verifier pins one or more public keys (Verifier.Pinned). They may sign
// packs themselves until a root replaces them. A root (TUF's root role) is
// a signed key set:
//
//	{
//	  "format": "scrubs-root-v1",
//	  "version": 2,
//	  "expires": 1827000000,
//	  "threshold": 1,
//	  "keys": ["scrubs-ed25519:..."],
//	  "min_pack_version": 7,
//	  "signatures": [{"key_id": "...", "signature": "..."}]
//	}
//
// over a message with one field per line (scrubs-root-v1, version,
// expires, threshold, min-pack-version, then "key K" for each key, sorted).
// The pinned keys are version 0 with threshold 1. A root of a higher
// version comes into force, and replaces the set in force entirely, only
// when threshold keys of the set in force and threshold of its own keys
// signed it, before it expires; a rotation is therefore signed by the old
// and the new key, and the old key signs nothing accepted after it.
// Envelopes carry the chain of roots, oldest first (at most MaxRoots), so
// a verifier pinned to an old key walks to the current set.
//
// A verifier keeps what Open answers (Opened.State) and hands it back
// (Verifier.State): the chain of roots from the pinned keys to the set in
// force, and the pack in use. Its rules:
//
//   - The kept chain is walked again from the pinned keys given at each
//     check: when the pins change (an admin's policy), a root they do not
//     lead to is dropped. Pinned keys are the only start, and whoever can
//     write the kept state cannot add a key. At most MaxRoots rotations
//     are kept; after that many, pin a newer key.
//   - Revoked key ids (Verifier.Revoked) sign no pack and count for no
//     root, so a root signed by a revoked key no longer chains.
//   - The pack in use is a floor (Floor): no lower version, and no other
//     pack with the same version, while the key that signed it is in the
//     set in force. A floor set by a key that is no longer trusted does
//     not hold, so a key that leaked and signed version 2^53-1 stops
//     locking clients out at the next rotation or revocation; the root's
//     min_pack_version keeps packs older than the rotation (re-signed by
//     the new key) out.
//
// Nothing outlives its signer: there are no learnt keys. A fresh verifier
// pinned to a key that has leaked can be led anywhere that key signs; the
// remedy is to pin the current key, or revoke the leaked one.
//
// # Timestamps: is the pack in use still the latest?
//
// An envelope's expiry is long (days), so on its own it cannot tell a
// client that is up to date from one an attacker keeps answering "not
// modified", or hands an old, still valid envelope. The server therefore
// also hands out a short-lived timestamp (a day), signed by the key that
// signs packs, naming its latest pack:
//
//	{"format": "scrubs-timestamp-v1", "version": 7, "pack_sha256": "<hex>",
//	 "issued": 1795334400, "expires": 1795420800, "key_id": "...",
//	 "signature": "..."}
//
// over
//
//	scrubs-timestamp-v1
//	version 7
//	pack-sha256 <64 hex digits>
//	issued 1795334400
//	expires 1795420800
//	key 3f2a9c0d41b7e855
//
// Verifier.OpenTimestamp accepts one only when a key in force signed it
// (the kept roots are walked; a timestamp carries none), it has not
// expired, it names the pack in use (ErrNotCurrent otherwise) and it was
// not issued before the last one accepted (ErrStale). A client counts a
// check that found no new pack as fresh only with such a timestamp.
//
// # Errors
//
// Open returns errors that wrap one of ErrMalformed, ErrTooLarge,
// ErrUnknownKey, ErrBadSignature, ErrExpired or ErrVersionTooLow
// (OpenTimestamp also ErrNotCurrent and ErrStale); Code names them in a word for the extension and the WebAssembly module.
//
// The package uses only the standard library and easyjson's lexer and
// writer, and never imports net/http: it is linked into the WebAssembly
// module.
package envelope
