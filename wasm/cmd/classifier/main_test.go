package main

import (
	"bytes"
	"testing"
	"unsafe"
)

// The boundary's checks, natively: the exports run the same Go.

func TestPanicBecomesAnswer(t *testing.T) {
	p := allocBuf(8)
	defer freeBuf(p)
	call(p, 2, func(in, out []byte) []byte { panic("boom") })
	if !bytes.HasPrefix(out, []byte(`{"error":{"code":"internal","message":"panic: boom"`)) {
		t.Errorf("answer %s", out)
	}
}

func TestStrayPointer(t *testing.T) {
	p := allocBuf(8)
	called := false
	fn := func(in, out []byte) []byte { called = true; return out }
	for _, c := range []struct {
		p    unsafe.Pointer
		size uint32
	}{{nil, 0}, {unsafe.Add(p, 1), 1}, {p, 9}} {
		call(c.p, c.size, fn)
		if called || !bytes.Contains(out, []byte(`"code":"bad_pointer"`)) {
			t.Errorf("call(%p, %d): called %v, answer %s", c.p, c.size, called, out)
		}
	}
	freeBuf(p)
	call(p, 1, fn)
	if called || !bytes.Contains(out, []byte(`"code":"bad_pointer"`)) {
		t.Errorf("call after free: called %v, answer %s", called, out)
	}
}

func TestAllocLimit(t *testing.T) {
	if p := allocBuf(maxAlloc + 1); p != nil {
		t.Error("alloc over the limit gave a buffer")
	}
	p := allocBuf(0)
	if p == nil {
		t.Fatal("alloc(0) gave nil")
	}
	freeBuf(p)
	if len(live) != 0 {
		t.Errorf("%d buffers live after free", len(live))
	}
}
