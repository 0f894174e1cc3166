package scan

import (
	"strings"
	"testing"
)

// tc is a table case: the substrings of text that the scanners must report
// for the kinds under test, in order. A leading '+' requires Strong, '~'
// requires a weak match; "kind:" before the text names the kind when a
// table covers more than one ("fax:(555) 319-7720").
type tc struct {
	text string
	want []string
}

func runCases(t *testing.T, kinds []Kind, cases []tc) {
	t.Helper()
	for _, c := range cases {
		got := Scan(c.text, nil)
		var sel []Match
		for _, m := range got {
			for _, k := range kinds {
				if m.Kind == k {
					sel = append(sel, m)
				}
			}
		}
		if !matchesWant(c.text, sel, c.want) {
			t.Errorf("Scan(%q)\n got  %s\n want %q", c.text, describe(c.text, sel), c.want)
		}
	}
}

func matchesWant(text string, sel []Match, want []string) bool {
	if len(sel) != len(want) {
		return false
	}
	for i, w := range want {
		m := sel[i]
		switch {
		case strings.HasPrefix(w, "+"):
			if !m.Strong {
				return false
			}
			w = w[1:]
		case strings.HasPrefix(w, "~"):
			if m.Strong {
				return false
			}
			w = w[1:]
		}
		if k, rest, ok := strings.Cut(w, ":"); ok && kindByShort[k] != nil {
			if *kindByShort[k] != m.Kind {
				return false
			}
			w = rest
		}
		if text[m.Start:m.End] != w {
			return false
		}
	}
	return true
}

var kindByShort = map[string]*Kind{}

func init() {
	for k := Kind(0); k < numKinds; k++ {
		k := k
		kindByShort[shortName(k)] = &k
	}
}

func shortName(k Kind) string {
	switch k {
	case ZIP:
		return "zip"
	case HealthPlan:
		return "plan"
	}
	return strings.TrimPrefix(k.String(), "identifier.")
}

func describe(text string, ms []Match) string {
	var b strings.Builder
	b.WriteString("[")
	for i, m := range ms {
		if i > 0 {
			b.WriteString(" ")
		}
		s := "~"
		if m.Strong {
			s = "+"
		}
		b.WriteString(s + shortName(m.Kind) + ":" + "\"" + text[m.Start:m.End] + "\"")
		if m.Digits != "" {
			b.WriteString("(" + m.Digits + ")")
		}
	}
	b.WriteString("]")
	return b.String()
}

// firstOf returns the first match of kind k.
func firstOf(t *testing.T, text string, k Kind) Match {
	t.Helper()
	for _, m := range Scan(text, nil) {
		if m.Kind == k {
			return m
		}
	}
	t.Fatalf("Scan(%q): no %s", text, k)
	return Match{}
}
