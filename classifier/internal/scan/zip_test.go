package scan

import "testing"

func TestZIP(t *testing.T) {
	runCases(t, []Kind{ZIP}, []tc{
		{"Bridgman MI 49106", []string{"+zip:49106"}},
		{"Lansing, Michigan 48933-1234", []string{"+zip:48933-1234"}},
		{"zip 49116", []string{"+zip:49116"}},
		{"zip code: 49116", []string{"+zip:49116"}},
		{"código postal 06600", []string{"+zip:06600"}},
		{"had a 4 yo from 49118 w/ measles today", []string{"~zip:49118"}},
		{"in 10000 steps", nil},
		{"$49116", nil},
		{"49116", nil},
		{"about 12000 kids", nil},
		{"1,200 flu shots", nil},
	})
}

func TestZIPDigits(t *testing.T) {
	if m := firstOf(t, "Lansing, MI 48933-1234", ZIP); m.Digits != "489331234" || m.Kind.String() != "identifier.address" {
		t.Errorf("digits %q kind %s", m.Digits, m.Kind)
	}
}
