package scan

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// TestCPUTime measures thread CPU time per Scan (the shared build machine
// makes wall-clock benchmarks noisy). Run with CPUTIME=1.
func TestCPUTime(t *testing.T) {
	if os.Getenv("CPUTIME") == "" {
		t.Skip("set CPUTIME=1")
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var sb strings.Builder
	for sb.Len() < 5000 {
		sb.WriteString(draft280)
		sb.WriteString(" Our newsletter: flu shots are in, walk in Mon-Fri 9am-4pm, over 1,200 given. ")
	}
	plain := "Flu shots are in! Walk in Monday through Friday, no appointment needed. Over 1,200 given so far this fall, " +
		"thank you to our amazing nurses and front desk team for keeping things moving. Bring your insurance card and " +
		"wear short sleeves. See you soon, Lakeside!"
	for _, c := range []struct {
		name, text string
		n          int
	}{{"280", draft280, 200000}, {"280plain", plain, 200000}, {"5000", sb.String()[:5000], 10000}} {
		dst := make([]Match, 0, 256)
		var a, b syscall.Rusage
		syscall.Getrusage(1, &a) // RUSAGE_THREAD
		for i := 0; i < c.n; i++ {
			dst = Scan(c.text, dst[:0])
		}
		syscall.Getrusage(1, &b)
		ns := (b.Utime.Nano() + b.Stime.Nano() - a.Utime.Nano() - a.Stime.Nano()) / int64(c.n)
		fmt.Printf("cpu %-9s %6d ns/op (%d bytes, %d matches)\n", c.name, ns, len(c.text), len(dst))
	}
}
