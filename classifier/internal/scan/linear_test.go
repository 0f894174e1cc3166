package scan

import (
	"strings"
	"testing"
	"time"
)

// TestLinearTime: adversarial repetitions must not make a scanner quadratic.
// Each unit is scanned repeated to 2,000 and to 20,000 bytes; ten times the
// text may take up to forty times as long (a quadratic scanner takes a
// hundred times, and seconds). Both sizes run under the same load, and each
// keeps its fastest of five runs, so a busy machine does not fail the test;
// below 5 ms for the large text, timing noise is all there is to see.
func TestLinearTime(t *testing.T) {
	for _, unit := range []string{
		"a hundred and ", "1 ", "one ", "oh ", "5-", "5.", "(5) ", "MRN ", "member ID ", "at x dot ",
		"x@", "@x.", "www.", "a.b", "::", "1:", "12 Elm ", "calle ", "PO Box ", "age ", "turned ",
		"happy ", "on the ", "March ", "de ", "años ", "Jenny is ", "(97!) ", "the 3rd ", "1/2/",
		"A1", "ss# ", "five ", "cinco y ", "ninety-", "MI ", "zip ", "Apt ", "ending in ", "3yo ",
	} {
		small, large := strings.Repeat(unit, 2000/len(unit)), strings.Repeat(unit, 20000/len(unit))
		checkInvariants(t, large, Scan(large, nil))
		ts, tl := fastestScan(small), fastestScan(large)
		if tl > 5*time.Millisecond && tl > 40*ts {
			t.Errorf("%q: %v for 20,000 bytes, %v for 2,000: not linear", unit, tl, ts)
		}
	}
}

// fastestScan is the shortest of five scans of text.
func fastestScan(text string) time.Duration {
	best := time.Duration(1 << 62)
	for i := 0; i < 5; i++ {
		start := time.Now()
		Scan(text, nil)
		best = min(best, time.Since(start))
	}
	return best
}
