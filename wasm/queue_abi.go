package wasm

import (
	"github.com/scrubs/scrubs/classifier"
	"github.com/scrubs/scrubs/classifier/queue"
)

// The approval queue's calls (classifier/queue): the module seals a
// request to the officers of the signed pack in use and to no other, and
// opens and answers it with an officer's age identity, so the extension,
// the admin page and the scrubs command share one implementation.
//
//	age_keygen({} or AgeKey{identity})     -> AgeKey (a new key, or that identity's public key)
//	queue_seal(SealRequest)                -> Sealed, or ErrorResponse
//	queue_open(OpenRequest)                -> Opened, or ErrorResponse
//	queue_decide(DecideRequest)            -> queue.DecisionItem, or ErrorResponse
//	queue_open_decision(DecisionRequest)   -> queue.Decision, or ErrorResponse
//	draft_hash(HashRequest)                -> Hash
//
// Refusals carry queue.Code's names: "malformed", "too_large",
// "not_for_you", "tampered", "mismatch", "expired", "unknown_recipient",
// "no_officers"; a seal also "unsigned" (the pack in use did not come
// from a checked envelope) and "nothing_to_ask" (the draft is fine).

// More error codes.
const (
	CodeUnsigned     = "unsigned"
	CodeNothingToAsk = "nothing_to_ask"
)

// AgeKey is a new age X25519 key.
//
//easyjson:json
type AgeKey struct {
	Identity  string `json:"identity"`  // AGE-SECRET-KEY-1...
	Recipient string `json:"recipient"` // age1...
}

// SealRequest asks queue_seal to classify a draft with the pack in use
// and seal it, with the note, for the pack's officers.
//
//easyjson:json
type SealRequest struct {
	Draft classifier.Draft `json:"draft"`
	Site  string           `json:"site"`  // the host it is written on
	Staff string           `json:"staff"` // the enrolled identity (the managed policy's)
	Note  string           `json:"note,omitempty"`
	Now   int64            `json:"now,omitempty"` // Unix seconds; 0: the host's clock
}

// Sealed answers queue_seal: the item to post (clear metadata and the age
// file) and what the requester keeps.
//
//easyjson:json
type Sealed struct {
	Item          queue.Item `json:"item"`
	ReplyIdentity string     `json:"reply_identity"` // keep it to open the decision; never send it
	DraftHash     string     `json:"draft_hash"`
	Officers      []string   `json:"officers"` // the names it is sealed for
}

// OpenRequest asks queue_open to decrypt an item with an officer's
// identity and check it against the signed pack in use.
//
//easyjson:json
type OpenRequest struct {
	Item     queue.Item `json:"item"`
	Identity string     `json:"identity"` // AGE-SECRET-KEY-1... (or an identity file's text)
	Now      int64      `json:"now,omitempty"`
}

// Opened answers queue_open.
//
//easyjson:json
type Opened struct {
	Request   queue.Request `json:"request"`
	Officer   string        `json:"officer"` // the name of the officer whose key opened it
	Readers   []string      `json:"readers"` // the names of every officer it is sealed for
	DraftHash string        `json:"draft_hash"`
}

// DecideRequest asks queue_decide to open the item again and write the
// officer's decision to the request's reply key.
//
//easyjson:json
type DecideRequest struct {
	Item     queue.Item `json:"item"`
	Identity string     `json:"identity"`
	Outcome  string     `json:"outcome"` // approved, rejected or rewrite
	Comment  string     `json:"comment,omitempty"`
	Rewrite  string     `json:"rewrite,omitempty"`
	Now      int64      `json:"now,omitempty"`
}

// DecisionRequest asks queue_open_decision to open a decision with the
// reply identity queue_seal answered for that request.
//
//easyjson:json
type DecisionRequest struct {
	Decision      queue.DecisionItem `json:"decision"`
	ReplyIdentity string             `json:"reply_identity"`
	Request       string             `json:"request"` // the id it must answer
}

// HashRequest asks for queue.DraftHash of a text.
//
//easyjson:json
type HashRequest struct {
	Text string `json:"text"`
}

// Hash answers draft_hash.
//
//easyjson:json
type Hash struct {
	SHA256 string `json:"sha256"`
}
