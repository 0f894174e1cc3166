package scan

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestKindString(t *testing.T) {
	want := map[Kind]string{
		Phone: "identifier.phone", Fax: "identifier.fax", Email: "identifier.email", URL: "identifier.url",
		IP: "identifier.ip", SSN: "identifier.ssn", MRN: "identifier.mrn", HealthPlan: "identifier.health_plan",
		Account: "identifier.account", License: "identifier.license", Vehicle: "identifier.vehicle",
		Device: "identifier.device", Date: "identifier.date", Age: "identifier.age", ZIP: "identifier.address",
		Address: "identifier.address",
	}
	for k, w := range want {
		if k.String() != w {
			t.Errorf("%d.String() = %q, want %q", k, k.String(), w)
		}
	}
	if Kind(200).String() != "identifier.unknown" {
		t.Error("unknown kind")
	}
}

func TestScanAppendsAndOrders(t *testing.T) {
	text := "Hi Deb, serial HA-20-77314 is ready; we tried +1 (555)390-7714 and deb77@mail.example. DOB 3/14/2023, a 47-year-old at 12 Elm St."
	prev := []Match{{Kind: URL, Start: 0, End: 1}}
	got := Scan(text, prev)
	if len(got) < 6 || got[0] != prev[0] {
		t.Fatalf("Scan must append to dst: %s", describe(text, got[1:]))
	}
	checkInvariants(t, text, got[1:])
	kinds := []Kind{}
	for _, m := range got[1:] {
		kinds = append(kinds, m.Kind)
	}
	want := []Kind{Device, Phone, Email, Date, Age, Address}
	if len(kinds) != len(want) {
		t.Fatalf("kinds %v, want %v: %s", kinds, want, describe(text, got[1:]))
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Fatalf("kinds %v, want %v", kinds, want)
		}
	}
}

func TestOverlapPrefersLonger(t *testing.T) {
	// the labelled account number contains a phone shape
	text := "account # 555-201-3300"
	got := Scan(text, nil)
	if len(got) != 1 || got[0].Kind != Account {
		t.Fatalf("got %s", describe(text, got))
	}
}

func TestEmptyAndOdd(t *testing.T) {
	for _, s := range []string{"", " ", "\n\n", "-", "@", "@@", "...", "::", "#", "$", "(", "+1", "a@", "@b.com", "1/", "/1", "0", "Box", "PO Box", "age", "turned", "happy", "the 14th", "MRN", "MRN #", "plate", "www.", "http://", "ss#", "5 5 5", "\xff\xfe", "日本語 テキスト 123"} {
		checkInvariants(t, s, Scan(s, nil))
	}
}

func TestNoFalsePositivesOnPracticeNews(t *testing.T) {
	// General posts from other kinds of practices: nothing here is a
	// patient identifier shape except the dates of events.
	for _, text := range []string{
		"Flu shots are in! Walk in Mon-Fri 9am-4pm, no appointment needed. Over 1,200 given so far this fall 💪",
		"We're hiring a part-time dental hygienist (20-30 hrs/week). Competitive pay, 401k, and 2 weeks PTO.",
		"Reminder: kids need 2 doses of MMR, at 12-15 months and 4-6 years.",
		"Our new 3T MRI machine is here! Scans take 20-45 minutes.",
		"Mammograms are recommended every 1-2 years for women 40+.",
		"Adults 65 and older should get the high-dose flu vaccine.",
		"Take 1/2 tablet twice a day with food, and drink 8 glasses of water.",
		"Hours: M-F 8:00-5:00, Sat 9-12. Closed Sundays.",
		"Happy Nurses Week to our amazing team of 45 nurses!",
		"We served 3,482 families in 2023, up 12% from 2022.",
		"Proud to be rated 4.9/5 by our patients!",
		"Our clinic is 5 minutes from exit 42 on I-94.",
		"Es importante vacunar a los niños de 6 meses a 5 años contra la gripe.",
		"Abrimos de lunes a jueves de 8 a 6, viernes de 8 a 4.",
		"Dr. Lee has 15 years of experience in family medicine.",
		"Ages 3-5 storytime every Tuesday at the library!",
	} {
		for _, m := range Scan(text, nil) {
			if m.Kind != Date {
				t.Errorf("Scan(%q): unexpected %s %q", text, m.Kind, text[m.Start:m.End])
			}
		}
	}
}

// checkInvariants: in bounds, on rune boundaries, ordered, non-overlapping.
func checkInvariants(t testing.TB, text string, ms []Match) {
	t.Helper()
	last := 0
	for i, m := range ms {
		if m.Start < 0 || m.End > len(text) || m.Start >= m.End {
			t.Fatalf("match %d out of bounds: %+v (len %d) in %q", i, m, len(text), text)
		}
		if m.Start < last {
			t.Fatalf("match %d overlaps or is out of order: %+v in %q", i, m, text)
		}
		if !utf8.ValidString(text) {
			continue
		}
		if !utf8.RuneStart(text[m.Start]) || m.End < len(text) && !utf8.RuneStart(text[m.End]) {
			t.Fatalf("match %d splits a rune: %+v in %q", i, m, text)
		}
		last = m.End
	}
}

func FuzzScan(f *testing.F) {
	for _, s := range []string{
		"call (555) 201-3300 or fax 555-201-3301",
		"ss# 5 3 8 - 2 0 - 4 4 1 7",
		"five five five, two six zero, eight eight one four",
		"jmorales77 arroba mail punto example",
		"MRN 00482913, member ID XGP448120977, plate 8KLM 221",
		"born 3/14/2023, a 47-year-old at 12 Elm St, Lakeside MI 49116",
		"203.0.113.47 2001:db8::1 www.x.com/a",
		"El niño de 5 años de la calle Olmo, 3 de marzo",
		"VIN 1HGCM82633A004352 serial HA-20-77314",
		strings.Repeat("9 ", 50),
		strings.Repeat("one ", 50),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ms := Scan(s, nil)
		checkInvariants(t, s, ms)
		for _, m := range ms {
			if m.Kind >= numKinds {
				t.Fatalf("bad kind %d", m.Kind)
			}
		}
	})
}
