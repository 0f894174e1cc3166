package selector

import (
	"encoding/json"
	"os"
	"testing"
)

// The lists in testdata/selectors.json also run through Chromium's own
// parser in the extension's browser suite, which keeps this subset honest.
func TestCheck(t *testing.T) {
	data, err := os.ReadFile("testdata/selectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var lists struct{ Valid, Invalid, Restricted []string }
	if err := json.Unmarshal(data, &lists); err != nil {
		t.Fatal(err)
	}
	for _, s := range lists.Valid {
		if err := Check(s); err != nil {
			t.Errorf("Check(%q) = %v; want nil", s, err)
		}
	}
	for _, s := range append(lists.Invalid, lists.Restricted...) {
		if err := Check(s); err == nil {
			t.Errorf("Check(%q) = nil; want an error", s)
		}
	}
}

func TestErrorSaysWhere(t *testing.T) {
	err := Check(`div[aria-label="Reply" x]`)
	e, ok := err.(*Error)
	if !ok || e.Offset != 23 {
		t.Fatalf("Check = %#v; want an *Error at offset 23", err)
	}
}
