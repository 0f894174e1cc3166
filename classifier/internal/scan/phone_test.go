package scan

import "testing"

func TestPhone(t *testing.T) {
	runCases(t, []Kind{Phone, Fax}, []tc{
		// formats
		{"call me at (313) 555-0142 after 5", []string{"+(313) 555-0142"}},
		{"his cell is 313-555-0142", []string{"+313-555-0142"}},
		{"313.555.0142 is her mom's", []string{"+313.555.0142"}},
		{"313 555 0142", []string{"+313 555 0142"}},
		{"+1 (555)390-7714 but voicemail is full", []string{"++1 (555)390-7714"}},
		{"+1-616-555-0199", []string{"++1-616-555-0199"}},
		{"1 (800) 555-0199", []string{"+1 (800) 555-0199"}},
		{"1-800-222-1222", []string{"+1-800-222-1222"}},
		{"Tel: (617)555-0123.", []string{"+(617)555-0123"}},
		{"number (555-207-6634) isn't working", []string{"+555-207-6634"}},
		{"call (555)2013300", []string{"+(555)2013300"}},
		{"555 - 201 - 3300", []string{"+555 - 201 - 3300"}},
		{"five-five-five-two-oh-one-three-three-oh-oh", []string{"+five-five-five-two-oh-one-three-three-oh-oh"}},
		{"two numbers 555-201-3300 555-201-3399", []string{"555-201-3300", "555-201-3399"}},
		// run together: weak unless a cue says phone
		{"ref 6165550142 on file", []string{"~6165550142"}},
		{"call 6165550142", []string{"+6165550142"}},
		{"text 16165550142", []string{"+16165550142"}},
		// 7-digit local numbers need a cue
		{"call 201-3300 today", []string{"+201-3300"}},
		{"scores 201-3300", nil},
		// evasion: spaced, dotted, dashed, spelled
		{"call tessa's mom at 5 5 5 4 1 8 0 0 6 2 about", []string{"+5 5 5 4 1 8 0 0 6 2"}},
		{"5.5.5.4.1.8.0.0.6.2", []string{"+5.5.5.4.1.8.0.0.6.2"}},
		{"5-5-5-4-1-8-0-0-6-2", []string{"+5-5-5-4-1-8-0-0-6-2"}},
		{"(555) 2 0 1 - 3 3 0 0", []string{"+(555) 2 0 1 - 3 3 0 0"}},
		{"5 5 5 - 2 0 1 - 3 3 0 0", []string{"+5 5 5 - 2 0 1 - 3 3 0 0"}},
		{"Reach Declan's dad at five five five, two six zero, eight eight one four", []string{"+five five five, two six zero, eight eight one four"}},
		{"five five five two oh one three three oh oh", []string{"+five five five two oh one three three oh oh"}},
		{"FIVE FIVE FIVE TWO SIX ZERO EIGHT EIGHT ONE FOUR", []string{"+FIVE FIVE FIVE TWO SIX ZERO EIGHT EIGHT ONE FOUR"}},
		{"llámenos al cinco cinco cinco, dos seis cero, ocho ocho uno cuatro", []string{"+cinco cinco cinco, dos seis cero, ocho ocho uno cuatro"}},
		{"555-two oh one-3300", []string{"+555-two oh one-3300"}},
		{"5 five 5 two 0 one 3 3 zero zero", []string{"+5 five 5 two 0 one 3 3 zero zero"}},
		{"call five double five two oh one three three double oh", []string{"+five double five two oh one three three double oh"}},
		{"call fifty-five five, two oh one, thirty-three oh oh", []string{"+fifty-five five, two oh one, thirty-three oh oh"}},
		{"llámeme al cincuenta y cinco, doce, treinta y cuatro, cincuenta y seis, setenta y ocho", []string{"+cincuenta y cinco, doce, treinta y cuatro, cincuenta y seis, setenta y ocho"}},
		{"call 5🔸5🔸5🔸2🔸0🔸1🔸3🔸3🔸0🔸0", []string{"+5🔸5🔸5🔸2🔸0🔸1🔸3🔸3🔸0🔸0"}},
		{"call 555 2O1 33OO", []string{"+555 2O1 33OO"}}, // leetspeak O for 0
		{"call 555-2Ol-33OO", []string{"+555-2Ol-33OO"}},
		{"call 5\ufe0f\u20e35\ufe0f\u20e35\ufe0f\u20e32\ufe0f\u20e30\ufe0f\u20e31\ufe0f\u20e33\ufe0f\u20e33\ufe0f\u20e30\ufe0f\u20e30\ufe0f\u20e3 asap",
			[]string{"+5\ufe0f\u20e35\ufe0f\u20e35\ufe0f\u20e32\ufe0f\u20e30\ufe0f\u20e31\ufe0f\u20e33\ufe0f\u20e33\ufe0f\u20e30\ufe0f\u20e30"}}, // keycap emoji digits
		{"Llame al 55 1234 5678 para confirmar", []string{"+55 1234 5678"}}, // cued non-NANP number
		{"tel +52 55 1234 5678", []string{"++52 55 1234 5678"}},
		{"Llámame al (33) 1234-5678", []string{"+(33) 1234-5678"}},
		// fax
		{"her dad's work fax (555) 319-7720? school needs them", []string{"+fax:(555) 319-7720"}},
		{"Fax #: 555-319-7720", []string{"+fax:555-319-7720"}},
		{"facsimile 555.319.7720", []string{"+fax:555.319.7720"}},
		{"call 555-201-3300 or fax 555-201-3301", []string{"phone:555-201-3300", "fax:555-201-3301"}},
		{"fax 555-201-3301 or call 555-201-3300", []string{"fax:555-201-3301", "phone:555-201-3300"}},
		// not phones
		{"1,200 flu shots this fall", nil},
		{"raised $1,250,000 for the new wing", nil},
		{"open 9am-1pm and 2-5", nil},
		{"from 2019-2023 we grew", nil},
		{"(123) 456-7890", nil},   // area code cannot start with 1
		{"555-012-3456", nil},     // exchange cannot start with 0
		{"555 911 1234", nil},     // N11 exchange
		{"1234567890", nil},       // area code 1
		{"MHP-5530-2281-01", nil}, // a member ID, not a phone
		{"serial WCX-448-1920", nil},
		{"one more thing, two kids and three parents", nil},
		{"ss# 538-20-4417", nil},
		{"$555-201-3300", nil},
		{"4111 1111 1111 1111", nil},
		{"the 3 4 5 kids", nil},
		{"room 55 1234 5678", nil}, // a non-NANP shape needs a phone word
		{"IO and lOl", nil},
		{"twelve kids and twenty five parents came", nil},
		{"nineteen ninety nine was a good year", nil},
		{"double trouble", nil},
		{"5 ⭐ 4 ⭐ 3", nil},
		{"Call 911 if it's an emergency", nil},
		{"Text STOP to 55512", nil},
		{"I-94 exit 42", nil},
	})
}

func TestPhoneDigits(t *testing.T) {
	for in, want := range map[string]string{
		"(555) 201-3300":          "5552013300",
		"+1 (555)390-7714":        "5553907714",
		"1-800-222-1222":          "8002221222",
		"5552013300":              "5552013300",
		"five five five 201 3300": "", // spelled and numeric digits do not mix across a space
		"five five five-201-3300": "5552013300",
		"5 5 5 2 0 1 3 3 0 0":     "5552013300",
		"cinco cinco cinco dos cero uno tres tres cero cero": "5552013300",
	} {
		var got string
		for _, m := range Scan(in, nil) {
			if m.Kind == Phone {
				got = m.Digits
			}
		}
		if got != want {
			t.Errorf("Scan(%q) phone digits = %q, want %q", in, got, want)
		}
	}
}
