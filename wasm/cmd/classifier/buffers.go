package main

import "unsafe"

// live keeps every alloc'd buffer reachable, so the collector leaves it be
// while the host writes into it, and lets input tell a real buffer from a
// stray pointer.
var live = map[uintptr][]byte{}

// maxAlloc bounds one buffer; a larger request gets a null pointer
// rather than a runtime crash for want of memory.
const maxAlloc = 128 << 20

func allocBuf(size uint32) unsafe.Pointer {
	if size > maxAlloc {
		return nil
	}
	b := make([]byte, max(size, 1))
	p := unsafe.Pointer(&b[0])
	live[uintptr(p)] = b
	return p
}

func freeBuf(p unsafe.Pointer) { delete(live, uintptr(p)) }

// input returns the first size bytes of the alloc'd buffer at p.
func input(p unsafe.Pointer, size uint32) ([]byte, bool) {
	b, ok := live[uintptr(p)]
	if !ok || int(size) > len(b) {
		return nil, false
	}
	return b[:size], true
}
