package wasm

import "github.com/scrubs/scrubs/classifier"

// The ABI: what crosses the module's boundary, as JSON.
//
// Every exported call that takes input reads it from a buffer the host got
// from alloc and filled, and answers with one JSON document in a buffer the
// module owns, valid until the next call into the module. The answer is
// packed into one i64: the pointer in the high 32 bits, the length in the
// low 32 bits.
//
//	classify(draft)  -> classifier.Result, or ErrorResponse
//	load_pack(pack)  -> PackInfo, or ErrorResponse
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
	CodeInternal    = "internal"     // a defect in the module; the engine in use is unchanged
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

// PackInfo answers a successful load: the pack now used for every call.
//
//easyjson:json
type PackInfo struct {
	Name     string `json:"name"`
	Lexicons int    `json:"lexicons"`
	Patterns int    `json:"patterns"`
}
