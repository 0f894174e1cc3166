package envelope

// wireEnvelope is an envelope as JSON.
//
//easyjson:json
type wireEnvelope struct {
	Format    string `json:"format"`
	Version   uint64 `json:"version"`
	Issued    int64  `json:"issued"`
	Expires   int64  `json:"expires"`
	KeyID     string `json:"key_id"`
	Pack      string `json:"pack"`
	Signature string `json:"signature"`
	// Roots is the chain of key sets from the first the server had to the
	// one whose key signed the pack, oldest first; outside the signature
	// (each root is signed itself).
	Roots []Root `json:"roots,omitempty"`
}

// Root is a signed key set (TUF's root role): the keys that may sign
// packs while it is in force. A root replaces the key set before it, and
// must be signed by Threshold of its own keys and by the threshold of the
// set it replaces. See KeySet for the fields.
//
//easyjson:json
type Root struct {
	Format         string      `json:"format"`
	Version        uint64      `json:"version"`
	Expires        int64       `json:"expires"`
	Threshold      int         `json:"threshold"`
	Keys           []string    `json:"keys"`
	MinPackVersion uint64      `json:"min_pack_version"`
	Signatures     []Signature `json:"signatures"`
}

// Signature is one key's signature on a root.
//
//easyjson:json
type Signature struct {
	KeyID     string `json:"key_id"`
	Signature string `json:"signature"`
}

// State is what a verifier keeps between checks and hands back to the
// next one (Verifier.State); Opened.State is the new one to keep. The
// extension stores it as the module returns it and never reads it.
//
//easyjson:json
type State struct {
	// Roots is the chain from the pinned keys to the key set in force,
	// oldest first (none: the pinned keys are in force). It is walked
	// again from the pinned keys at each check, so what is kept cannot
	// make a key trusted that the pins do not lead to.
	Roots []Root `json:"roots,omitempty"`
	// Version, KeyID and Digest (SHA-256 of the pack, hex) are the pack in
	// use: no lower version, and no other pack with the same version, is
	// accepted while KeyID is trusted.
	Version uint64 `json:"version,omitempty"`
	KeyID   string `json:"key_id,omitempty"`
	Digest  string `json:"digest,omitempty"`
}

// wireTimestamp is a timestamp as JSON (see SignTimestamp).
//
//easyjson:json
type wireTimestamp struct {
	Format    string `json:"format"`
	Version   uint64 `json:"version"`
	Digest    string `json:"pack_sha256"`
	Issued    int64  `json:"issued"`
	Expires   int64  `json:"expires"`
	KeyID     string `json:"key_id"`
	Signature string `json:"signature"`
}
