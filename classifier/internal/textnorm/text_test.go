package textnorm

import (
	"strings"
	"testing"
)

func words(t *Text) string {
	var ws []string
	for i := range t.Tokens {
		w := string(t.Folded(i))
		if l := t.Leet(i); l != nil {
			w += "|" + string(l)
		}
		ws = append(ws, w)
	}
	return strings.Join(ws, " ")
}

func TestNormalizeWords(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"So glad your knee surgery went well, Karen!", "so glad your knee surgery went well karen"},
		{"Jay\u200bden M. on his new type 1 di\u0430betes dx", "jayden m on his new type 1 diabetes dx"},
		{"ＭＲＮ 123", "mrn 123"},
		{"sending love to L1ly on her last ch3mo day", "sending love to l1ly|lily on her last ch3mo|chemo day"},
		{"G 💜 R 💜 A 💜 C 💜 E is officially cancer free", "grace is officially cancer free"},
		{"C O N G R A T S  T O  E V I E", "congrats to evie"},
		{"😷 m🦠a🦠s🦠k🦠s are optional", "masks are optional"},
		{"Nate's Adderall", "nate adderall"},
		{"we can't", "we can't"},
		{"La pequeña Valentina sigue en la UCIN", "la pequena valentina sigue en la ucin"},
		{"@kelsey.marie it was", "kelsey marie it was"},
		{"s/p ACL, post-op, c/o pain w/ fever, L&D", "s/p acl post op c/o pain w fever l&d"},
		{"38 °C o más", "38 c o mas"},
		{"sooo much better, pleeease", "sooo|so much better pleeease|please"},
		{"\U0001D5DB\U0001D5F2\U0001D5F9\U0001D5F9\U0001D5FC", "hello"},
		{"beat c*ncer, n*rs*ng home", "beat c*ncer n*rs*ng home"},
		{"c*h*e*m*o day", "chemo day"},
		{"5*3 = 15, *sigh*", "5 3 15 sigh"},
	} {
		got := words(Normalize(c.in))
		if got != c.want {
			t.Errorf("Normalize(%q) words = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestRead(t *testing.T) {
	x := Normalize("ch3mo 3pm x14d sooo chemo")
	want := []string{"chemo", "3pm", "x14d", "so", "chemo"}
	for i, w := range want {
		if got := string(x.Read(i)); got != w {
			t.Errorf("Read(%d) of %q = %q, want %q", i, x.Surface(i), got, w)
		}
	}
}

func TestStarredFlag(t *testing.T) {
	x := Normalize("c*ncer c*nc*r c*n**r")
	for i, want := range []bool{true, true, false} {
		if got := x.Tokens[i].Flags&Starred != 0; got != want {
			t.Errorf("token %d %q starred = %v, want %v", i, x.Surface(i), got, want)
		}
	}
}

func TestOffsetsPointAtOriginal(t *testing.T) {
	in := "Hi 😀 Jay\u200bden, ＭＲＮ"
	x := Normalize(in)
	u16 := []rune{} // build the UTF-16 view by hand
	_ = u16
	for i := range x.Tokens {
		tok := x.Tokens[i]
		s, e := x.UTF16(int(tok.Start)), x.UTF16(int(tok.End))
		got := utf16Slice(in, s, e)
		if strings.ReplaceAll(got, "\u200b", "") == "" {
			t.Errorf("token %d maps to empty original span", i)
		}
	}
	if got := utf16Slice(in, x.UTF16(int(x.Tokens[1].Start)), x.UTF16(int(x.Tokens[1].End))); got != "Jay\u200bden" {
		t.Errorf("token 1 original = %q", got)
	}
	if got := utf16Slice(in, x.UTF16(int(x.Tokens[2].Start)), x.UTF16(int(x.Tokens[2].End))); got != "ＭＲＮ" {
		t.Errorf("token 2 original = %q", got)
	}
}

func TestFlags(t *testing.T) {
	x := Normalize("Meet Jenny. Mrs. Cole's CLASS @tiff #ad")
	want := []uint16{Cap | SentenceStart, Cap | Dotted, Cap | SentenceStart | Dotted, Cap | Possessive, AllCaps | Cap, Mention, Hashtag}
	for i, w := range want {
		if got := x.Tokens[i].Flags &^ (HasLetter | HasDigit); got != w {
			t.Errorf("token %d %q flags = %b, want %b", i, x.Surface(i), got, w)
		}
	}
}

func utf16Slice(s string, start, end int) string {
	var u []uint16
	for _, r := range s {
		if r >= 0x10000 {
			r -= 0x10000
			u = append(u, uint16(0xD800+(r>>10)), uint16(0xDC00+(r&0x3FF)))
		} else {
			u = append(u, uint16(r))
		}
	}
	var out []rune
	for i := start; i < end && i < len(u); i++ {
		c := u[i]
		if c >= 0xD800 && c < 0xDC00 && i+1 < len(u) {
			out = append(out, rune(c-0xD800)<<10|rune(u[i+1]-0xDC00)+0x10000)
			i++
			continue
		}
		out = append(out, rune(c))
	}
	return string(out)
}

func FuzzNormalize(f *testing.F) {
	f.Add("So glad your knee surgery went well, Karen!")
	f.Add("G 💜 R 💜 A\xff\u200b")
	f.Fuzz(func(t *testing.T, s string) {
		x := Normalize(s)
		for i, tok := range x.Tokens {
			if tok.Start < 0 || tok.End > int32(len(x.Norm)) || tok.Start > tok.End {
				t.Fatalf("token %d out of bounds", i)
			}
			if i > 0 && tok.Start < x.Tokens[i-1].End {
				t.Fatalf("tokens overlap")
			}
			if x.UTF16(int(tok.End)) < x.UTF16(int(tok.Start)) {
				t.Fatalf("offsets go backwards")
			}
		}
	})
}

func BenchmarkNormalize280(b *testing.B) {
	s := strings.Repeat("So glad your knee surgery went well, Karen! 💙 ", 6)[:280]
	var x Text
	b.ReportAllocs()
	for b.Loop() {
		x.Reset(s)
	}
}
