package lexmatch

import (
	"fmt"
	"strings"
	"testing"

	"github.com/scrubs/scrubs/classifier/internal/textnorm"
)

func found(m *Matcher, text string) string {
	t := textnorm.Normalize(text)
	var out []string
	for _, h := range m.Match(t, nil) {
		s, e := t.Tokens[h.First].Start, t.Tokens[h.Last-1].End
		out = append(out, fmt.Sprintf("%d:%s", h.Lex, t.Norm[s:e]))
	}
	return strings.Join(out, " ")
}

func TestMatch(t *testing.T) {
	b := NewBuilder(0)
	b.Add("knee surgery", 0)
	b.Add("surgery", 1)
	b.Add("fractur*", 2)
	b.Add("type 1 diabetes", 3)
	b.Add("chemo", 4)
	b.Add("post-op", 5)
	b.Add("s/p", 6)
	b.Add("cirugía", 7)
	m := b.Build()
	for _, c := range []struct{ text, want string }{
		{"So glad your knee surgery went well", "0:knee surgery 1:surgery"},
		{"a Fractured wrist and two fractures", "2:Fractured 2:fractures"},
		{"new TYPE 1 DIABETES dx", "3:TYPE 1 DIABETES"},
		{"last ch3mo day", "4:ch3mo"},
		{"post op day 2, s/p ACL", "5:post op 6:s/p"},
		{"después de la cirugia", "7:cirugia"},
		{"knee. Surgery", "1:Surgery"},
		{"fract", ""},
		{"her c*emo and a knee s*rg*ry", "4:c*emo 0:knee s*rg*ry 1:s*rg*ry"},
		{"fr*ctured", "2:fr*ctured"},
		{"ch*** day", ""},
	} {
		if got := found(m, c.text); got != c.want {
			t.Errorf("%q: got %q, want %q", c.text, got, c.want)
		}
	}
}

func TestTypos(t *testing.T) {
	b := NewBuilder(0)
	b.Add("diabetes", 0)
	b.Add("pneumonia", 1)
	b.Add("heart failure", 2)
	b.Add("fractur*", 3)
	b.Add("silver", 4)
	b.Add("addiction", 5)
	b.Add("chemo", 6)
	b.Add("diabeets", 7) // a word in its own right stays itself
	for _, term := range []string{"diabetes", "pneumonia", "heart failure", "fractur*", "silver", "addiction", "chemo"} {
		b.AddTypos(term)
	}
	b.NotTypo("addition")
	m := b.Build()
	for _, c := range []struct{ text, want string }{
		{"new diabtees dx", "0:diabtees"},
		{"diabeets", "7:diabeets"},
		{"his pneumona", "1:pneumona"},
		{"heart faliure", "2:heart faliure"},
		{"a frcatured wrist", "3:frcatured"},
		{"idabetes", ""}, // the first letter stays
		{"diabetes", "0:diabetes"},
		{"pneuonia and diabets", "1:pneuonia"}, // a letter dropped only from nine letters up
		{"an addition to the team", ""},
		{"sliver", "4:sliver"}, // one swap from silver, and not marked NotTypo here
		{"chmeo", ""},          // five letters: too short to swap
	} {
		if got := found(m, c.text); got != c.want {
			t.Errorf("%q: got %q, want %q", c.text, got, c.want)
		}
	}
}

func BenchmarkMatch280(b *testing.B) {
	bl := NewBuilder(0)
	for i := 0; i < 20000; i++ {
		bl.Add(fmt.Sprintf("term%d word%d", i, i%7), int32(i%10))
	}
	bl.Add("surgery", 1)
	m := bl.Build()
	text := textnorm.Normalize(strings.Repeat("So glad your knee surgery went well, Karen! ", 7)[:280])
	var hits []Hit
	b.ReportAllocs()
	for b.Loop() {
		hits = m.Match(text, hits[:0])
	}
}
