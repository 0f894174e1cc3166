package envelope

// wireEnvelope is an envelope as JSON.
//
//easyjson:json
type wireEnvelope struct {
	Format       string        `json:"format"`
	Version      uint64        `json:"version"`
	Issued       int64         `json:"issued"`
	Expires      int64         `json:"expires"`
	KeyID        string        `json:"key_id"`
	Pack         string        `json:"pack"`
	Signature    string        `json:"signature"`
	Endorsements []Endorsement `json:"endorsements,omitempty"`
}

// Endorsement is a key vouching for another: Signer (a key id) signed Key
// (a public key in text form).
//
//easyjson:json
type Endorsement struct {
	Key       string `json:"key"`
	Signer    string `json:"signer"`
	Signature string `json:"signature"`
}
