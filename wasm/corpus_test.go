package wasm_test

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrubs/scrubs/classifier"
	"github.com/scrubs/scrubs/wasm/host"
)

// corpus is one JSON-lines file of drafts and the organisation it belongs to.
type corpus struct {
	name   string
	lines  [][]byte
	org    *classifier.Org // from NAME-org.json beside it, when there is one
	source string
}

// corpora reads every draft corpus: the classifier's test data and the
// shared corpora beside the repository (../shared/corpus), the same file
// only once.
func corpora(t testing.TB) []corpus {
	t.Helper()
	var files []string
	for _, pattern := range []string{"../classifier/testdata/*.jsonl", "../../shared/corpus/*.jsonl"} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	seen := map[[32]byte]bool{}
	var out []corpus
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		if seen[sum] {
			continue
		}
		seen[sum] = true
		c := corpus{name: filepath.Base(f), source: f}
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, 8<<20)
		for sc.Scan() {
			if line := bytes.TrimSpace(sc.Bytes()); len(line) > 0 {
				c.lines = append(c.lines, bytes.Clone(line))
			}
		}
		if orgData, err := os.ReadFile(strings.TrimSuffix(f, ".jsonl") + "-org.json"); err == nil {
			c.org = new(classifier.Org)
			if err := c.org.UnmarshalJSON(orgData); err != nil {
				t.Fatalf("%s: org: %v", f, err)
			}
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		t.Fatal("no corpus found in classifier/testdata")
	}
	return out
}

// orgPack is what `scrubs scan --org` builds: the built-in rules with the
// organisation's profile.
func orgPack(org classifier.Org) *classifier.Pack {
	return &classifier.Pack{Schema: classifier.PackSchema, Name: "built-in rules", Base: "default", Org: org}
}

// native answers a draft line as `scrubs scan --engine native` does.
func native(e *classifier.Engine, line []byte) ([]byte, error) {
	d, err := classifier.ParseDraft(line)
	if err != nil {
		return nil, err
	}
	return e.Classify(d).MarshalJSON()
}

// sameAsNative runs every line through the module and the native engine and
// fails on any difference, byte for byte.
func sameAsNative(t *testing.T, m *host.Module, e *classifier.Engine, c corpus) {
	t.Helper()
	diffs := 0
	for i, line := range c.lines {
		want, wantErr := native(e, line)
		got, gotErr := m.ClassifyJSON(line)
		switch {
		case wantErr != nil || gotErr != nil:
			if wantErr == nil || gotErr == nil || wantErr.Error() != gotErr.Error() {
				t.Errorf("%s:%d: native error %v, module error %v", c.name, i+1, wantErr, gotErr)
				diffs++
			}
		case !bytes.Equal(got, want):
			t.Errorf("%s:%d:\nmodule: %s\nnative: %s", c.name, i+1, got, want)
			diffs++
		}
		if diffs == 10 {
			t.Fatal("too many differences")
		}
	}
}

func TestCorpusSameAsNative(t *testing.T) {
	t.Parallel()
	for _, c := range corpora(t) {
		t.Run(c.name, func(t *testing.T) {
			t.Logf("%d drafts from %s", len(c.lines), c.source)
			t.Run("built-in", func(t *testing.T) {
				sameAsNative(t, builtIn(t), classifier.Default(), c)
			})
			if c.org == nil {
				return
			}
			t.Run("org", func(t *testing.T) {
				p := orgPack(*c.org)
				e, err := classifier.Compile(p)
				if err != nil {
					t.Fatal(err)
				}
				packJSON, err := p.MarshalJSON()
				if err != nil {
					t.Fatal(err)
				}
				m := instance(t)
				info, err := m.LoadPack(packJSON)
				if err != nil {
					t.Fatal(err)
				}
				if info.Name != p.Name {
					t.Errorf("loaded pack %q, want %q", info.Name, p.Name)
				}
				sameAsNative(t, m, e, c)
			})
		})
	}
}

// Drafts the JSON contract allows that the corpus may not hold.
func TestEdgeDraftsSameAsNative(t *testing.T) {
	lines := []string{
		`{"text":""}`,
		`{"text":"x"}`,
		`{"text":"call me at (555) 201-3300","mode":"reply","platform":"instagram","replying_to":"is my son ok?","attachments":["image","video"]}`,
		`{"id":"é","text":"Ma\u200bteo\u00a0Álvarez 🎉 \ud83c\udf89 \u202eevil"}`,
		`{"text":"unknown fields are skipped","label":"ok","kinds":[],"nested":{"a":[1,2,{"b":null}]}}`,
		`{"text":"lone surrogate \ud800 end"}`,
		"{\"text\":\"raw invalid UTF-8 \xff\xfe end\"}",
		`{"text":"` + strings.Repeat("Mateo had chemo on 3/4/2025 at Lakeside. ", 2000) + `"}`,
		// errors: the module must give the native error text
		``, `null`, `[]`, `"text"`, `{"text":`, `{"text":1}`, `{"text":"a"} trailing`, `{"attachments":"image"}`,
	}
	c := corpus{name: "edge"}
	for _, l := range lines {
		c.lines = append(c.lines, []byte(l))
	}
	sameAsNative(t, builtIn(t), classifier.Default(), c)
}

// Drafts the corpus does not hold: corpus text cut, spliced and sprinkled
// with the characters normalisation cares about (zero-width, bidi,
// homoglyphs, full-width digits, emoji), with every mode and platform.
func TestMixedDraftsSameAsNative(t *testing.T) {
	var texts []string
	for _, c := range corpora(t) {
		for _, l := range c.lines {
			if d, err := classifier.ParseDraft(l); err == nil {
				texts = append(texts, d.Text)
			}
		}
	}
	extras := []rune("\u200b\u200d\u202e\u2066\ufeffаеорсхАВЕМНОРСТ０１２３４５６７８９🎉👶🏽❤️\u00a0\t\n-./()@#:'\"\\")
	rnd := rand.New(rand.NewPCG(3, 3))
	pick := func(s []string) string { return s[rnd.IntN(len(s))] }
	c := corpus{name: "mixed"}
	for range 200 {
		a, b := []rune(pick(texts)), []rune(pick(texts))
		i, j := rnd.IntN(len(a)+1), rnd.IntN(len(b)+1)
		r := append(append(append([]rune{}, a[:i]...), ' '), b[j:]...)
		for range rnd.IntN(6) {
			k := rnd.IntN(len(r) + 1)
			r = append(r[:k], append([]rune{extras[rnd.IntN(len(extras))]}, r[k:]...)...)
		}
		d := classifier.Draft{
			Text:     string(r),
			Mode:     pick([]string{"post", "comment", "reply", ""}),
			Platform: pick([]string{"facebook", "instagram", "x"}),
		}
		if d.Mode == "reply" && rnd.IntN(2) == 0 {
			d.ReplyingTo = pick(texts)
		}
		if rnd.IntN(4) == 0 {
			d.Attachments = []string{pick([]string{"image", "video"})}
		}
		line, err := d.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		c.lines = append(c.lines, line)
	}
	sameAsNative(t, builtIn(t), classifier.Default(), c)
}
