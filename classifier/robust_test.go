package classifier_test

import (
	"go/build"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/scrubs/scrubs/classifier"
)

func FuzzClassify(f *testing.F) {
	for _, s := range []string{"So glad your knee surgery went well, Karen!", "ss# 5 3 8 - 2 0 - 4 4 1 7", "\xff\xfe\u200b", "G 💜 R 💜 A"} {
		f.Add(s, "reply", "thanks for my care")
	}
	e := classifier.Default()
	f.Fuzz(func(t *testing.T, text, mode, to string) {
		r := e.Classify(classifier.Draft{Text: text, Mode: mode, ReplyingTo: to})
		n := utf16Len(strings.ToValidUTF8(text, "\uFFFD"))
		if !utf8.ValidString(text) {
			n = utf16Len(string([]rune(text)))
		}
		for _, f := range r.Findings {
			if f.Start < 0 || f.End > n || f.Start > f.End {
				t.Fatalf("finding %+v outside text of %d UTF-16 units", f, n)
			}
		}
	})
}

func FuzzParsePack(f *testing.F) {
	f.Add(`{"schema":"scrubs.pack/1","name":"x","org":{"name":""},"lexicons":[{"id":"a","signal":"condition","terms":["x*"]}]}`)
	f.Add(`{"schema":"scrubs.pack/1","name":"x","org":{"name":""},"patterns":[{"id":"p","kind":"identifier.mrn","regex":"\\d+"}]}`)
	f.Fuzz(func(t *testing.T, s string) {
		p, err := classifier.ParsePack([]byte(s))
		if err != nil {
			return
		}
		if _, err := classifier.Compile(p); err != nil {
			// examples may fail; nothing else may
			if !strings.Contains(err.Error(), "examples") {
				t.Fatalf("valid pack does not compile: %v", err)
			}
		}
	})
}

// TestDisguisedConditions: a condition word starred out or mistyped is
// still marked as one, on the word as written.
func TestDisguisedConditions(t *testing.T) {
	e := classifier.Default()
	for _, c := range []struct{ text, word string }{
		{"So proud of Marcus for beating c*ncer!", "c*ncer"},
		{"Hope Aiden's pneumona clears up soon", "pneumona"},
		{"Big hugs to Daniel on his new diabtees diagnosis", "diabtees"},
		{"Thinking of Rosa after her mastecotmy today", "mastecotmy"},
	} {
		r := e.Classify(classifier.Draft{Text: c.text, Mode: "post", Platform: "facebook"})
		start := utf16Len(c.text[:strings.Index(c.text, c.word)])
		end := start + utf16Len(c.word)
		marked := false
		for _, f := range r.Findings {
			if f.Kind == classifier.KindCondition && f.Start <= start && f.End >= end {
				marked = true
			}
		}
		if !marked {
			t.Errorf("%q: %q not marked as a health detail; findings %+v", c.text, c.word, r.Findings)
		}
	}
}

func TestHugeAndOddDrafts(t *testing.T) {
	e := classifier.Default()
	for name, text := range map[string]string{
		"1 MB of words":    strings.Repeat("so glad your knee surgery went well Karen ", 1<<20/42),
		"1 MB of one rune": strings.Repeat("a", 1<<20),
		"1 MB of digits":   strings.Repeat("5 ", 1<<19),
		"1 MB of emoji":    strings.Repeat("💙", 1<<18),
		"invalid UTF-8":    "\xff\xfe chemo \xc3",
		"only invisibles":  strings.Repeat("\u200b", 1000),
	} {
		r := e.Classify(classifier.Draft{Text: text, Mode: "post"})
		if r.Verdict == "" {
			t.Errorf("%s: no verdict", name)
		}
	}
}

// TestEngineImports keeps the engine free of the network and of processes:
// typed text must have no way out of it.
func TestEngineImports(t *testing.T) {
	for _, dir := range []string{".", "internal/textnorm", "internal/lexmatch", "internal/scan"} {
		pkg, err := build.ImportDir(dir, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range pkg.Imports {
			switch {
			case imp == "net/http", imp == "os/exec", imp == "net", strings.HasPrefix(imp, "net/"), imp == "os", imp == "log":
				t.Errorf("%s imports %s", dir, imp)
			}
		}
	}
}
