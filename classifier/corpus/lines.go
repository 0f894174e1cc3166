package corpus

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
)

// ErrLineTooLong is given for a line over the limit; the lines after it are
// still read.
var ErrLineTooLong = fmt.Errorf("line is over %d bytes", MaxLine)

// EachLine calls fn with each non-blank line of r, trimmed, numbered from
// 1. A line over MaxLine bytes is skipped, whatever its length, and fn gets
// ErrLineTooLong for it; an error from fn stops the reading.
func EachLine(r io.Reader, fn func(n int, line []byte, err error) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var buf []byte
	for n := 1; ; n++ {
		buf = buf[:0]
		tooLong := false
		var rerr error
		for {
			chunk, err := br.ReadSlice('\n')
			if !tooLong {
				if len(buf)+len(chunk) > MaxLine+1 {
					tooLong, buf = true, buf[:0] // drain the rest, keep nothing
				} else {
					buf = append(buf, chunk...)
				}
			}
			if err == bufio.ErrBufferFull {
				continue
			}
			rerr = err
			break
		}
		if rerr != nil && rerr != io.EOF {
			return rerr
		}
		if rerr == io.EOF && len(buf) == 0 && !tooLong {
			return nil
		}
		var ferr error
		if tooLong {
			ferr = fn(n, nil, ErrLineTooLong)
		} else if line := bytes.TrimSpace(buf); len(line) > 0 {
			ferr = fn(n, line, nil)
		}
		if ferr != nil || rerr == io.EOF {
			return ferr
		}
	}
}
