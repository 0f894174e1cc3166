package scan

import (
	"strings"
	"testing"
	"time"
)

// TestLinearTime: adversarial repetitions must not make a scanner quadratic.
// Each 20,000-byte input gets a generous budget; a quadratic scanner would
// take seconds.
func TestLinearTime(t *testing.T) {
	for _, unit := range []string{
		"a hundred and ", "1 ", "one ", "oh ", "5-", "5.", "(5) ", "MRN ", "member ID ", "at x dot ",
		"x@", "@x.", "www.", "a.b", "::", "1:", "12 Elm ", "calle ", "PO Box ", "age ", "turned ",
		"happy ", "on the ", "March ", "de ", "años ", "Jenny is ", "(97!) ", "the 3rd ", "1/2/",
		"A1", "ss# ", "five ", "cinco y ", "ninety-", "MI ", "zip ", "Apt ", "ending in ", "3yo ",
	} {
		text := strings.Repeat(unit, 20000/len(unit))
		start := time.Now()
		for i := 0; i < 3; i++ {
			checkInvariants(t, text, Scan(text, nil))
		}
		if d := time.Since(start) / 3; d > 100*time.Millisecond {
			t.Errorf("%q x %d: %v per scan", unit, 20000/len(unit), d)
		}
	}
}
