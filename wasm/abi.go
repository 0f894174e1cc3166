package wasm

import (
	"github.com/scrubs/scrubs/classifier"
	"github.com/scrubs/scrubs/classifier/envelope"
)

// The ABI: what crosses the module's boundary, as JSON.
//
// Every exported call that takes input reads it from a buffer the host got
// from alloc and filled, and answers with one JSON document in a buffer the
// module owns, valid until the next call into the module. The answer is
// packed into one i64: the pointer in the high 32 bits, the length in the
// low 32 bits.
//
//	classify(draft)                    -> classifier.Result, or ErrorResponse
//	load_pack(pack)                    -> PackInfo, or ErrorResponse
//	load_envelope(EnvelopeRequest)     -> PackInfo, or ErrorResponse
//	check_timestamp(TimestampRequest)  -> TimestampInfo, or ErrorResponse
//	template(TemplateRequest)          -> Template, or ErrorResponse
//	sites()                            -> SiteList (takes no input)
//	stats()                            -> Stats (takes no input)
//
// An error is always an object whose only member is "error"; a result never
// has that member, so callers tell them apart by it.

// Error codes.
const (
	CodeBadJSON     = "bad_json"     // the input is not the JSON expected; Line and Column say where
	CodeInvalidPack = "invalid_pack" // the pack breaks the schema; Problems lists each
	CodeCompile     = "compile"      // the pack is valid but does not compile
	CodeTooLarge    = "too_large"    // the input is over the limit for the call
	CodeBadPointer  = "bad_pointer"  // the pointer and length are not a live alloc'd buffer
	CodeBadRequest  = "bad_request"  // a load_envelope request without usable keys
	CodeNoTemplate  = "no_template"  // the pack in use has no template of that name
	CodeInternal    = "internal"     // a defect in the module; the engine in use is unchanged

	// load_envelope refusals, as envelope.Code names them: "malformed",
	// "too_large", "unknown_key", "bad_signature", "expired",
	// "version_too_low"; check_timestamp's also "not_current" and
	// "stale".
)

// MaxDraftBytes bounds one draft as JSON. Facebook's longest post, 63,206
// characters, is under 256 KiB as UTF-8 JSON even with replying_to as long.
const MaxDraftBytes = 512 << 10

// ErrorResponse is every failed call's answer.
//
//easyjson:json
type ErrorResponse struct {
	Error Error `json:"error"`
}

// Error says what went wrong. Message is the Go error's text, the same the
// native engine gives for the same input.
//
//easyjson:json
type Error struct {
	Code     string               `json:"code"`
	Message  string               `json:"message"`
	Line     int                  `json:"line,omitempty"`
	Column   int                  `json:"column,omitempty"`
	Problems []classifier.Problem `json:"problems,omitempty"`
}

// EnvelopeRequest asks load_envelope to open a signed pack envelope
// (classifier/envelope) and use its pack.
//
//easyjson:json
type EnvelopeRequest struct {
	// Envelope is the envelope document's text as the server sent it, as
	// a JSON string (never spliced into the request).
	Envelope string `json:"envelope"`
	// Keys are the pinned public keys ("scrubs-ed25519:..."): the start
	// of the chain of roots the envelope carries.
	Keys []string `json:"keys"`
	// Revoked are key ids refused even where pinned or in a root.
	Revoked []string `json:"revoked,omitempty"`
	// Trust is what the last successful load answered (PackInfo.Trust),
	// kept by the host as is: the key set in force and the pack in use.
	Trust *envelope.State `json:"trust,omitempty"`
	// MinVersion refuses older packs whatever key signed them. The module
	// also refuses a version below the last one it loaded while that
	// pack's key is trusted.
	MinVersion uint64 `json:"min_version,omitempty"`
	// Now is the time to check expiry against, in Unix seconds; 0 means
	// the host's clock.
	Now int64 `json:"now,omitempty"`
}

// PackInfo answers a successful load: the pack now used for every call,
// and for an envelope what was checked.
//
//easyjson:json
type PackInfo struct {
	Name     string `json:"name"`
	Lexicons int    `json:"lexicons"`
	Patterns int    `json:"patterns"`

	Version uint64 `json:"version,omitempty"`
	Issued  int64  `json:"issued,omitempty"`  // Unix seconds
	Expires int64  `json:"expires,omitempty"` // Unix seconds
	KeyID   string `json:"key_id,omitempty"`
	Key     string `json:"key,omitempty"` // the signing key
	// Trust is for the host to keep and hand back in the next
	// EnvelopeRequest; the host never reads it.
	Trust *envelope.State `json:"trust,omitempty"`
	// Officers are the names of the pack's privacy officers (its queue
	// section), to whom queue_seal seals a request for approval.
	Officers []string `json:"officers,omitempty"`
}

// TimestampRequest asks check_timestamp whether a signed timestamp from
// the server (envelope.SignTimestamp) says the pack in use is still its
// latest: signed by a key in force, unexpired, naming the pack in Trust,
// and issued no earlier than After.
//
//easyjson:json
type TimestampRequest struct {
	Timestamp string          `json:"timestamp"` // the header's text
	Keys      []string        `json:"keys"`      // the pinned keys, as for load_envelope
	Revoked   []string        `json:"revoked,omitempty"`
	Trust     *envelope.State `json:"trust,omitempty"` // as load_envelope answered it for the pack in use
	After     int64           `json:"after,omitempty"` // the issue time of the last timestamp accepted, Unix seconds
	Now       int64           `json:"now,omitempty"`   // Unix seconds; 0 means the host's clock
}

// TimestampInfo answers an accepted timestamp.
//
//easyjson:json
type TimestampInfo struct {
	Version uint64 `json:"version"`
	Digest  string `json:"digest"`
	Issued  int64  `json:"issued"`  // Unix seconds
	Expires int64  `json:"expires"` // Unix seconds
	KeyID   string `json:"key_id"`
}

// TemplateRequest asks for one of the pack's reply templates.
//
//easyjson:json
type TemplateRequest struct {
	Name string `json:"name"` // "safe_reply", "review_reply", or their ".es" forms
	// Context is the draft's text and what it answers: when it reads as
	// Spanish, the template's ".es" form is answered (if the pack has
	// one). Optional.
	Context string `json:"context,omitempty"`
}

// Template is a reply template with {phone} and {org} filled in from the
// organisation profile; Name is the one used (the ".es" form when the
// context read as Spanish).
//
//easyjson:json
type Template struct {
	Name string `json:"name"`
	Text string `json:"text"`
}

// SiteList is the site profiles of the pack in use (the pack's own, then
// the built-in ones it does not replace): how the extension reads each
// site.
//
//easyjson:json
type SiteList struct {
	Sites []classifier.Site `json:"sites"`
}

// Stats are the module's memory figures, for tests and diagnostics.
//
//easyjson:json
type Stats struct {
	HeapAlloc uint64 `json:"heap_alloc"` // bytes of live and not yet collected objects
	HeapSys   uint64 `json:"heap_sys"`   // bytes of heap obtained from linear memory
	NumGC     uint32 `json:"num_gc"`     // completed collections
	Buffers   int    `json:"buffers"`    // alloc'd buffers not yet freed
}
