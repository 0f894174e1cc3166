package wasm_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/scrubs/scrubs/classifier"
	"github.com/scrubs/scrubs/wasm"
	"github.com/scrubs/scrubs/wasm/host"
)

// wantError checks that err is the module's error answer with code.
func wantError(t *testing.T, what string, err error, code string) *host.Error {
	t.Helper()
	var he *host.Error
	if !errors.As(err, &he) {
		t.Fatalf("%s: got %v, want an error answer %q", what, err, code)
	}
	if he.Code != code {
		t.Errorf("%s: code %q (%s), want %q", what, he.Code, he.Message, code)
	}
	return he
}

func TestBadPack(t *testing.T) {
	t.Parallel()
	m := instance(t)
	org := classifier.Org{Name: "Lakeside Pediatrics", Phones: []string{"(555) 201-3300"}}
	good, _ := orgPack(org).MarshalJSON()
	if _, err := m.LoadPack(good); err != nil {
		t.Fatal(err)
	}

	_, err := m.LoadPack([]byte("{\n  \"schema\": \"scrubs.pack/1\",\n  \"name\": }"))
	he := wantError(t, "bad JSON", err, wasm.CodeBadJSON)
	if he.Line != 3 || he.Column == 0 {
		t.Errorf("bad JSON at line %d, column %d; want line 3", he.Line, he.Column)
	}

	bad := `{"schema":"scrubs.pack/9","name":"x","lexicons":[{"id":"a","signal":"nope","terms":["x"]}],"patterns":[{"id":"p","kind":"identifier.mrn","regex":"(("}]}`
	_, err = m.LoadPack([]byte(bad))
	he = wantError(t, "invalid pack", err, wasm.CodeInvalidPack)
	paths := map[string]bool{}
	for _, p := range he.Problems {
		paths[p.Path] = true
	}
	for _, p := range []string{"schema", "lexicons[0].signal", "patterns[0].regex"} {
		if !paths[p] {
			t.Errorf("no problem reported at %s; got %+v", p, he.Problems)
		}
	}
	for _, in := range []string{"", "null", "[]", `"pack"`, strings.Repeat(" ", classifier.MaxPackBytes+1)} {
		if _, err := m.LoadPack([]byte(in)); err == nil {
			t.Errorf("pack %.20q loaded", in)
		} else {
			var he *host.Error
			if !errors.As(err, &he) {
				t.Errorf("pack %.20q: %v, not an error answer", in, err)
			}
		}
	}

	// The last good pack is still in use.
	e, _ := classifier.Compile(orgPack(org))
	sameAsNative(t, m, e, corpora(t)[0])
}

func TestBadDraft(t *testing.T) {
	m := builtIn(t)
	for _, in := range []string{"", "{", `{"text":"a"`, `{"text":5}`, `["text"]`, "\x00", `{"text":"a"}}`} {
		_, err := m.ClassifyJSON([]byte(in))
		he := wantError(t, in, err, wasm.CodeBadJSON)
		if _, nerr := native(classifier.Default(), []byte(in)); nerr == nil || nerr.Error() != he.Message {
			t.Errorf("%q: module says %q, native %v", in, he.Message, nerr)
		}
	}
}

func TestHugeDraft(t *testing.T) {
	m := builtIn(t)
	huge := []byte(`{"text":"` + strings.Repeat("Mateo Alvarez, chemo, room 4. ", 1<<20/30+1) + `"}`)
	if len(huge) < 1<<20 {
		t.Fatalf("draft is %d bytes", len(huge))
	}
	_, err := m.ClassifyJSON(huge)
	wantError(t, "1 MB draft", err, wasm.CodeTooLarge)
	// The instance is still fine.
	if _, err := m.ClassifyJSON([]byte(`{"text":"hello"}`)); err != nil {
		t.Fatal(err)
	}
}

// A pointer the module did not hand out is refused, not read.
func TestBadPointer(t *testing.T) {
	ctx := context.Background()
	mod := instance(t).Raw()
	for _, args := range [][2]uint64{{0, 0}, {8, 16}, {1 << 31, 10}, {0xffffffff, 0xffffffff}} {
		for _, fn := range []string{"classify", "load_pack", "load_envelope", "template"} {
			res, err := mod.ExportedFunction(fn).Call(ctx, args[0], args[1])
			if err != nil {
				t.Fatalf("%s(%#x, %d) trapped: %v", fn, args[0], args[1], err)
			}
			ptr, size := uint32(res[0]>>32), uint32(res[0])
			ans, _ := mod.Memory().Read(ptr, size)
			if !bytes.Contains(ans, []byte(`"code":"bad_pointer"`)) {
				t.Errorf("%s(%#x, %d) = %s", fn, args[0], args[1], ans)
			}
		}
	}
}

// isAnswer reports whether err is an error answer, not a failed call.
func isAnswer(err error) bool {
	var he *host.Error
	return errors.As(err, &he)
}

// Inputs past what the module will hold are refused, and the instance
// stays usable.
func TestTooLargeForModule(t *testing.T) {
	m := instance(t)
	_, err := m.ClassifyJSON(make([]byte, 129<<20))
	if err == nil || isAnswer(err) || strings.Contains(err.Error(), "trapped") {
		t.Fatalf("129 MiB input: %v", err)
	}
	if _, err := m.ClassifyJSON([]byte(`{"text":"hello"}`)); err != nil {
		t.Fatal(err)
	}
}
