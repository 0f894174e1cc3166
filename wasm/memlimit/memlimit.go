// Package memlimit declares a maximum memory in a built WebAssembly
// module. Go's wasip1 linker writes the module's one memory with a minimum
// and no maximum, so a browser lets it grow to 4 GiB; a pack or a draft
// that makes the engine grow without bound then takes the tab's whole
// address space for half a minute before it traps (security review M5).
// With a maximum the module traps at that size instead, and the extension
// restarts it with the last good pack.
package memlimit

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// DefaultPages is the maximum the built module declares: 512 MiB, eight
// times what the largest draft the tests classify needs.
const DefaultPages = 8192

const memorySection = 5

var magic = []byte{0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00}

// SetMaximum returns module with its memory's maximum set to pages (64 KiB
// each). A module whose memory already has a maximum keeps the smaller of
// the two.
func SetMaximum(module []byte, pages uint32) ([]byte, error) {
	if !bytes.HasPrefix(module, magic) {
		return nil, errors.New("memlimit: not a WebAssembly module (version 1)")
	}
	out := append([]byte(nil), module[:len(magic)]...)
	rest := module[len(magic):]
	found := false
	for len(rest) > 0 {
		id := rest[0]
		size, n, err := uleb(rest[1:])
		if err != nil || uint64(len(rest)-1-n) < size {
			return nil, fmt.Errorf("memlimit: section %d at byte %d: bad size", id, len(module)-len(rest))
		}
		body := rest[1+n : 1+n+int(size)]
		rest = rest[1+n+int(size):]
		if id != memorySection {
			out = append(out, id)
			out = binary.AppendUvarint(out, size)
			out = append(out, body...)
			continue
		}
		limited, err := limitMemories(body, pages)
		if err != nil {
			return nil, err
		}
		found = true
		out = append(out, id)
		out = binary.AppendUvarint(out, uint64(len(limited)))
		out = append(out, limited...)
	}
	if !found {
		return nil, errors.New("memlimit: the module defines no memory")
	}
	return out, nil
}

// limitMemories rewrites a memory section's limits.
func limitMemories(body []byte, pages uint32) ([]byte, error) {
	count, n, err := uleb(body)
	if err != nil {
		return nil, errors.New("memlimit: memory section: bad count")
	}
	out := binary.AppendUvarint(nil, count)
	body = body[n:]
	for i := uint64(0); i < count; i++ {
		if len(body) == 0 {
			return nil, fmt.Errorf("memlimit: memory %d: cut short", i)
		}
		flags := body[0]
		if flags > 1 {
			return nil, fmt.Errorf("memlimit: memory %d: limits flag %#x is not supported", i, flags)
		}
		min, n, err := uleb(body[1:])
		if err != nil {
			return nil, fmt.Errorf("memlimit: memory %d: bad minimum", i)
		}
		body = body[1+n:]
		max := uint64(pages)
		if flags == 1 {
			old, n, err := uleb(body)
			if err != nil {
				return nil, fmt.Errorf("memlimit: memory %d: bad maximum", i)
			}
			body = body[n:]
			max = min64(max, old)
		}
		if max < min {
			return nil, fmt.Errorf("memlimit: memory %d needs %d pages at start, more than the maximum %d", i, min, max)
		}
		out = append(out, 1)
		out = binary.AppendUvarint(out, min)
		out = binary.AppendUvarint(out, max)
	}
	if len(body) != 0 {
		return nil, errors.New("memlimit: memory section: bytes after the last memory")
	}
	return out, nil
}

// Maximum returns the maximum, in pages, of module's first memory, and
// false when it declares none.
func Maximum(module []byte) (uint32, bool, error) {
	if !bytes.HasPrefix(module, magic) {
		return 0, false, errors.New("memlimit: not a WebAssembly module (version 1)")
	}
	rest := module[len(magic):]
	for len(rest) > 0 {
		id := rest[0]
		size, n, err := uleb(rest[1:])
		if err != nil || uint64(len(rest)-1-n) < size {
			return 0, false, errors.New("memlimit: bad section size")
		}
		body := rest[1+n : 1+n+int(size)]
		rest = rest[1+n+int(size):]
		if id != memorySection {
			continue
		}
		_, n, err = uleb(body)
		if err != nil || len(body) <= n {
			return 0, false, errors.New("memlimit: bad memory section")
		}
		flags := body[n]
		_, m, err := uleb(body[n+1:])
		if err != nil {
			return 0, false, errors.New("memlimit: bad minimum")
		}
		if flags != 1 {
			return 0, false, nil
		}
		max, _, err := uleb(body[n+1+m:])
		return uint32(max), err == nil, err
	}
	return 0, false, errors.New("memlimit: the module defines no memory")
}

func uleb(b []byte) (uint64, int, error) {
	v, n := binary.Uvarint(b)
	if n <= 0 {
		return 0, 0, errors.New("bad LEB128")
	}
	return v, n, nil
}

func min64(a, b uint64) uint64 {
	if a < b {
		return a
	}
	return b
}
