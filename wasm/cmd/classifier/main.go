// Command classifier is the Scrubs classifier as a WebAssembly reactor for
// browsers and wazero:
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o wasm/classifier.wasm ./wasm/cmd/classifier
//
// (scripts/build-wasm adds the size flags). The host calls _initialize
// once, then the exports below; ../../abi.go says what crosses the
// boundary. Each export only checks the pointer and length, calls the
// plain Go of package wasm and packs the answer; a panic becomes an error
// answer, never a trap.
package main

import (
	"fmt"
	"runtime"
	"unsafe"

	"github.com/scrubs/scrubs/wasm"
)

func main() {}

var session = wasm.NewSession()

// alloc returns a buffer of size bytes for the host to write input into.
// It stays valid until free. Over 128 MiB it returns 0.
//
//go:wasmexport alloc
func alloc(size uint32) unsafe.Pointer { return allocBuf(size) }

// free releases a buffer from alloc.
//
//go:wasmexport free
func free(ptr unsafe.Pointer) { freeBuf(ptr) }

// classify reads a draft (classifier.Draft as JSON) and answers with a
// classifier.Result.
//
//go:wasmexport classify
func classify(ptr unsafe.Pointer, size uint32) uint64 {
	return call(ptr, size, session.Classify)
}

// load_pack reads a rule pack (classifier.Pack as JSON), compiles it and
// uses it for every later call; a pack that fails leaves the engine as it
// was.
//
//go:wasmexport load_pack
func loadPack(ptr unsafe.Pointer, size uint32) uint64 {
	return call(ptr, size, session.LoadPack)
}

// load_envelope reads a wasm.EnvelopeRequest, opens the signed envelope in
// it against the pinned keys it names and loads its pack as load_pack
// does.
//
//go:wasmexport load_envelope
func loadEnvelope(ptr unsafe.Pointer, size uint32) uint64 {
	return call(ptr, size, session.LoadEnvelope)
}

// check_timestamp reads a wasm.TimestampRequest and answers whether the
// server's signed timestamp says the pack in use is still its latest
// (wasm.TimestampInfo); it changes nothing.
//
//go:wasmexport check_timestamp
func checkTimestamp(ptr unsafe.Pointer, size uint32) uint64 {
	return call(ptr, size, session.CheckTimestamp)
}

// template reads a wasm.TemplateRequest and answers the pack's reply
// template of that name, filled in from the organisation profile.
//
//go:wasmexport template
func template(ptr unsafe.Pointer, size uint32) uint64 {
	return call(ptr, size, session.Template)
}

// sites answers the site profiles of the pack in use (wasm.SiteList).
//
//go:wasmexport sites
func sites() (packed uint64) {
	defer recoverAnswer(&packed)
	return answer(session.Sites(out[:0]))
}

// age_keygen reads a wasm.AgeKey: {} answers a new age X25519 key,
// {"identity"} that identity's public key.
//
//go:wasmexport age_keygen
func ageKeygen(ptr unsafe.Pointer, size uint32) uint64 {
	return call(ptr, size, session.AgeKeygen)
}

// queue_seal reads a wasm.SealRequest: classifies the draft with the pack
// in use and seals it to the signed pack's officers (wasm.Sealed).
//
//go:wasmexport queue_seal
func queueSeal(ptr unsafe.Pointer, size uint32) uint64 {
	return call(ptr, size, session.QueueSeal)
}

// queue_open reads a wasm.OpenRequest: decrypts an item with an officer's
// identity and checks it (wasm.Opened).
//
//go:wasmexport queue_open
func queueOpen(ptr unsafe.Pointer, size uint32) uint64 {
	return call(ptr, size, session.QueueOpen)
}

// queue_decide reads a wasm.DecideRequest and answers the decision to
// post (queue.DecisionItem), encrypted to the request's reply key.
//
//go:wasmexport queue_decide
func queueDecide(ptr unsafe.Pointer, size uint32) uint64 {
	return call(ptr, size, session.QueueDecide)
}

// queue_open_decision reads a wasm.DecisionRequest and answers the
// decision (queue.Decision).
//
//go:wasmexport queue_open_decision
func queueOpenDecision(ptr unsafe.Pointer, size uint32) uint64 {
	return call(ptr, size, session.QueueOpenDecision)
}

// draft_hash reads a wasm.HashRequest and answers wasm.Hash.
//
//go:wasmexport draft_hash
func draftHash(ptr unsafe.Pointer, size uint32) uint64 {
	return call(ptr, size, session.DraftHash)
}

// stats answers the module's memory figures (wasm.Stats).
//
//go:wasmexport stats
func stats() (packed uint64) {
	defer recoverAnswer(&packed)
	return answer(session.Stats(len(live), out[:0]))
}

// call runs fn on the input buffer and packs its answer.
func call(ptr unsafe.Pointer, size uint32, fn func(in, out []byte) []byte) (packed uint64) {
	defer recoverAnswer(&packed)
	in, ok := input(ptr, size)
	if !ok {
		return answer(wasm.AppendError(out[:0], wasm.Error{Code: wasm.CodeBadPointer, Message: fmt.Sprintf("%d bytes at %#x are not a buffer from alloc", size, uintptr(ptr))}))
	}
	packed = answer(fn(in, out[:0]))
	// The host runs nothing between calls, and the module is one thread: a
	// garbage collection started during a call can only finish when its
	// background worker gets to run, so let it run before returning.
	// Without this the heap grows without bound (TestMemoryBounded).
	runtime.Gosched()
	return packed
}

// recoverAnswer turns a panic into an error answer. The engine in use is
// left as it was: loads replace it only after they succeed.
func recoverAnswer(packed *uint64) {
	if r := recover(); r != nil {
		*packed = answer(wasm.AppendError(out[:0], wasm.Error{Code: wasm.CodeInternal, Message: fmt.Sprint("panic: ", r)}))
	}
}

// out holds the last answer. It is reused, so an answer is valid until the
// next call.
var out = make([]byte, 0, 4<<10)

// answer keeps b as the last answer and packs its pointer (high 32 bits)
// and length (low 32 bits).
func answer(b []byte) uint64 {
	out = b
	if len(b) == 0 {
		return 0
	}
	return uint64(uintptr(unsafe.Pointer(&b[0])))<<32 | uint64(len(b))
}
