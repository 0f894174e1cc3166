package classifier_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/scrubs/scrubs/classifier"
)

// prefixFlood is the security review's M5 pack: thousands of two-word
// terms whose last word is a prefix, each under a first word of its own.
func prefixFlood(n int) *classifier.Pack {
	p := &classifier.Pack{Schema: classifier.PackSchema, Name: "flood", Base: "default"}
	for l := 0; n > 0; l++ {
		k := min(n, classifier.MaxListLen)
		terms := make([]string, k)
		for i := range terms {
			terms[i] = fmt.Sprintf("q%dz%d g*", l, i)
		}
		p.Lexicons = append(p.Lexicons, classifier.Lexicon{ID: fmt.Sprintf("flood-%d", l), Signal: "condition", Terms: terms})
		n -= k
	}
	return p
}

// TestCompileBudget: a pack at the term limit compiles in bounded memory
// (it took 1.6 GB natively, and the module's whole 4 GiB, before), and one
// over it is refused by validation with its path.
func TestCompileBudget(t *testing.T) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	if _, err := classifier.Compile(prefixFlood(classifier.MaxPackTerms)); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 200<<20 {
		t.Errorf("compiling %d prefix terms allocated %d MB; want under 200 MB", classifier.MaxPackTerms, grew>>20)
	}
	t.Logf("compiling %d prefix terms allocated %d MB", classifier.MaxPackTerms, (after.TotalAlloc-before.TotalAlloc)>>20)
	err := classifier.Validate(prefixFlood(classifier.MaxPackTerms + 1))
	if err == nil || !strings.Contains(err.Error(), "lexicons: hold") {
		t.Errorf("a pack over the term limit: %v; want a problem at lexicons", err)
	}
}
