package scan

import "testing"

func TestEmail(t *testing.T) {
	runCases(t, []Kind{Email}, []tc{
		{"Sent it to kristen.holt88@mail.example — let us know", []string{"+kristen.holt88@mail.example"}},
		{"we emailed kbrandt.home@mail.example.", []string{"+kbrandt.home@mail.example"}},
		{"write J.Doe+peds@Example.ORG", []string{"+J.Doe+peds@Example.ORG"}},
		{"le mandamos la confirmación a jmorales77 arroba mail punto example", []string{"+jmorales77 arroba mail punto example"}},
		{"email jdoe77 at gmail dot com", []string{"+jdoe77 at gmail dot com"}},
		{"jane.doe at yahoo dot com", []string{"+jane.doe at yahoo dot com"}},
		{"jdoe [at] gmail [dot] com", []string{"+jdoe [at] gmail [dot] com"}},
		{"maria arroba hotmail punto com punto mx", []string{"+maria arroba hotmail punto com punto mx"}},
		{"rita at gmail.com", []string{"+rita at gmail.com"}}, // a known domain after "at"
		{"email jane @ gmail . com please", []string{"+jane @ gmail . com"}},
		{"email jane.doe77 @ mail.example", []string{"+jane.doe77 @ mail.example"}},
		{"name(at)gmail(dot)com", []string{"+name(at)gmail(dot)com"}},
		{"JDOE77 AT GMAIL DOT COM", []string{"+JDOE77 AT GMAIL DOT COM"}},
		// not emails
		{"I'll be at home. Com see me", nil},
		{"meet me @ the park", nil},
		{"@dani_rivera your portal login", nil},
		{"@carla.m found it!", nil},
		{"look at this dot com bubble", nil},
		{"meet us at noon", nil},
		{"a@b", nil},
		{"user@localhost", nil},
	})
}

func TestEmailValue(t *testing.T) {
	if m := firstOf(t, "write J.Doe@Example.ORG now", Email); m.Value != "j.doe@example.org" {
		t.Errorf("value %q", m.Value)
	}
	if m := firstOf(t, "jmorales77 arroba mail punto example", Email); m.Value != "jmorales77@mail.example" {
		t.Errorf("value %q", m.Value)
	}
}
