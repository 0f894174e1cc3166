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
		// not emails
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

func TestURL(t *testing.T) {
	runCases(t, []Kind{URL}, []tc{
		{"help here: gofundme.example/f/kai-heart-fund  Kai is", []string{"+gofundme.example/f/kai-heart-fund"}},
		{"pay at lakesidepeds.example/pay 💳", []string{"+lakesidepeds.example/pay"}},
		{"see https://www.example.org/a?b=c.", []string{"+https://www.example.org/a?b=c"}},
		{"http://192.168.0.4:8080/x", []string{"+http://192.168.0.4:8080/x"}},
		{"www.carepages.co", []string{"+www.carepages.co"}},
		{"facebook.com/jane.doe.77", []string{"+facebook.com/jane.doe.77"}},
		{"find her on bit.ly/3xYz", []string{"+bit.ly/3xYz"}},
		{"(see caringbridge.org)", []string{"+caringbridge.org"}},
		{"my blog is jane.me/posts", []string{"+jane.me/posts"}},
		// not URLs
		{"Done.It was fun", nil},
		{"Thanks.See you soon", nil},
		{"e.g. fever", nil},
		{"U.S. News", nil},
		{"St.Mary's", nil},
		{"hello@lakesidepeds.example", nil}, // an email, not a link
		{"this is jane.me", nil},
		{"v1.2.3", nil},
	})
}

func TestURLHost(t *testing.T) {
	if m := firstOf(t, "go to WWW.Example.COM/Path", URL); m.Value != "www.example.com" {
		t.Errorf("host %q", m.Value)
	}
}

func TestIP(t *testing.T) {
	runCases(t, []Kind{IP}, []tc{
		{"your portal login from 203.0.113.47 got locked", []string{"+203.0.113.47"}},
		{"(10.0.0.1)", []string{"+10.0.0.1"}},
		{"from 2001:db8::8a2e:370:7334 today", []string{"+2001:db8::8a2e:370:7334"}},
		{"2001:0db8:85a3:0000:0000:8a2e:0370:7334", []string{"+2001:0db8:85a3:0000:0000:8a2e:0370:7334"}},
		{"fe80::1", []string{"+fe80::1"}},
		// not IPs
		{"256.1.1.1", nil},
		{"1.2.3", nil},
		{"1.2.3.4.5", nil},
		{"at 10:15:30 today", nil},
		{"Thursday at 10:15", nil},
		{"01.02.2023", nil},
		{"std::vector", nil},
	})
}
