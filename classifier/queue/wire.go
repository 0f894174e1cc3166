package queue

import "github.com/scrubs/scrubs/classifier"

// Request is what a staff member sends for approval: the plaintext that
// is encrypted, as JSON, to every officer in the signed pack. Everything
// in it but the draft's words is in Meta too, in clear, and must match.
//
//easyjson:json
type Request struct {
	Format  string `json:"format"` // RequestFormat
	ID      string `json:"id"`     // 32 hex digits, random; the server's id for the item
	Created int64  `json:"created"`
	Expires int64  `json:"expires"`
	Site    string `json:"site"`
	Verdict string `json:"verdict"`
	// Kinds are the findings' kinds, sorted, without repeats.
	Kinds []string `json:"kinds"`
	Staff string   `json:"staff"`

	Mode       string               `json:"mode,omitempty"` // post, comment or reply
	Draft      string               `json:"draft"`
	ReplyingTo string               `json:"replying_to,omitempty"`
	Findings   []classifier.Finding `json:"findings,omitempty"`
	Note       string               `json:"note,omitempty"`
	// ReplyTo is the age public key the requesting extension made for this
	// request alone; the decision is encrypted to it. It is never sent in
	// clear, so only someone who read the request can write a decision
	// the extension opens.
	ReplyTo string `json:"reply_to"`
	// Recipients are the officers' keys it was encrypted to, sorted: the
	// reader checks them against the signed pack and counts them against
	// the file's recipient stanzas.
	Recipients []string `json:"recipients"`
}

// Meta is what the server keeps in clear beside a request's ciphertext,
// and what the reader checks the plaintext against: a ciphertext moved to
// another item, given another sender or kept past its expiry is refused.
//
//easyjson:json
type Meta struct {
	ID      string   `json:"id"`
	Created int64    `json:"created"`
	Expires int64    `json:"expires"`
	Site    string   `json:"site"`
	Verdict string   `json:"verdict"`
	Kinds   []string `json:"kinds"`
	Staff   string   `json:"staff"`
}

// Decision is an officer's answer, encrypted to the request's ReplyTo.
//
//easyjson:json
type Decision struct {
	Format  string `json:"format"`  // DecisionFormat
	Request string `json:"request"` // the request's ID
	Outcome string `json:"outcome"` // approved, rejected or rewrite
	Officer string `json:"officer"` // the officer's name in the pack
	Decided int64  `json:"decided"`
	Comment string `json:"comment,omitempty"`
	Rewrite string `json:"rewrite,omitempty"` // for rewrite: the text to post instead
	// Approved is DraftHash of the text that may be posted without the
	// guard: the draft for approved, the rewrite for rewrite; empty for
	// rejected.
	Approved string `json:"approved_sha256,omitempty"`
}

// DecisionMeta is what the server keeps in clear beside a decision's
// ciphertext (and writes to the audit log): the reader checks the
// plaintext against it.
//
//easyjson:json
type DecisionMeta struct {
	Request string `json:"request"`
	Outcome string `json:"outcome"`
	Officer string `json:"officer"`
	Decided int64  `json:"decided"`
}

// Item is one queue entry as the server hands it to an admin (GET
// /v1/queue/{id}), and what `scrubs queue decrypt` reads: the clear
// metadata, the request's age file (until it is decided) and the
// decision, once there is one.
//
//easyjson:json
type Item struct {
	Meta
	Received int64  `json:"received"` // when the server took it, Unix seconds
	File     string `json:"file,omitempty"`
	// Decision is the officer's answer, for the requester; its file is
	// encrypted to the request's reply key.
	Decision *DecisionItem `json:"decision,omitempty"`
}

// DecisionItem is a decision as stored: its clear metadata and its file.
//
//easyjson:json
type DecisionItem struct {
	DecisionMeta
	File string `json:"file"`
}
