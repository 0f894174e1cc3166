package memlimit

import (
	"bytes"
	"testing"
)

// module returns a minimal module: a type section, then one memory with
// the given limits bytes.
func module(limits ...byte) []byte {
	out := append([]byte(nil), magic...)
	out = append(out, 1, 1, 0) // an empty type section, kept as it is
	out = append(out, memorySection, byte(1+len(limits)), 1)
	return append(out, limits...)
}

func TestSetMaximum(t *testing.T) {
	for _, c := range []struct {
		name   string
		in     []byte
		pages  uint32
		want   []byte
		errMsg string
	}{
		{"no maximum gets one", module(0, 2), 8192, module(1, 2, 0x80, 0x40), ""},
		{"a lower maximum is kept", module(1, 2, 100), 8192, module(1, 2, 100), ""},
		{"a higher maximum is lowered", module(1, 2, 0xff, 0xff, 0x03), 8192, module(1, 2, 0x80, 0x40), ""},
		{"a minimum above the maximum is refused", module(0, 0x80, 0x80, 0x01), 8192, nil, "more than the maximum"},
		{"shared memory flags are refused", module(3, 2, 4), 8192, nil, "not supported"},
		{"no memory", append(append([]byte(nil), magic...), 1, 1, 0), 8192, nil, "defines no memory"},
		{"not a module", []byte("hello world"), 8192, nil, "not a WebAssembly module"},
		{"a section cut short", append(append([]byte(nil), magic...), 5, 9, 1), 8192, nil, "bad size"},
	} {
		got, err := SetMaximum(c.in, c.pages)
		if c.errMsg != "" {
			if err == nil || !bytes.Contains([]byte(err.Error()), []byte(c.errMsg)) {
				t.Errorf("%s: error %v; want one saying %q", c.name, err, c.errMsg)
			}
			continue
		}
		if err != nil || !bytes.Equal(got, c.want) {
			t.Errorf("%s: got % x, %v; want % x", c.name, got, err, c.want)
			continue
		}
		if max, ok, err := Maximum(got); err != nil || !ok || uint64(max) > uint64(c.pages) {
			t.Errorf("%s: Maximum = %d %v %v", c.name, max, ok, err)
		}
	}
}
