package scan

import "testing"

func TestSSN(t *testing.T) {
	runCases(t, []Kind{SSN}, []tc{
		{"Mrs. Patel, is it 412-67-0923? just confirm", []string{"+412-67-0923"}},
		{"For the referral we have 538.20.4417, right?", []string{"+538.20.4417"}},
		{"his SSN on the form is 603-18-2245, can u check", []string{"+603-18-2245"}},
		{"SSN 412670923", []string{"+SSN 412670923"}},
		{"SSN: 412670923", []string{"+SSN: 412670923"}},
		{"ss# 5 3 8 - 2 0 - 4 4 1 7 right?", []string{"+ss# 5 3 8 - 2 0 - 4 4 1 7"}},
		{"is Aarav's social 412 67 0923 or 412 67 0932?", []string{"+social 412 67 0923", "~412 67 0932"}},
		{"¿Me confirma el seguro social del niño? ¿Es 529-73-1186?", []string{"+529-73-1186"}},
		{"número de seguro social 529 73 1186", []string{"+número de seguro social 529 73 1186"}},
		{"confirm his social: four one two-67-0923 and we're set", []string{"+social: four one two-67-0923"}},
		{"his social is four one two six seven zero nine two three", []string{"+social is four one two six seven zero nine two three"}},
		{"seguro social cuatro uno dos seis siete cero nueve dos tres", []string{"+seguro social cuatro uno dos seis siete cero nueve dos tres"}},
		{"su seguro social es cuatro doce, sesenta y siete, cero nueve, veintitrés", []string{"+seguro social es cuatro doce, sesenta y siete, cero nueve, veintitrés"}},
		{"5 3 8 2 0 4 4 1 7", []string{"+5 3 8 2 0 4 4 1 7"}}, // spaced digits are evasion
		{"SOCIAL SECURITY NUMBER 412-67-0923", []string{"+SOCIAL SECURITY NUMBER 412-67-0923"}},
		// invalid by the area/group/serial rules
		{"000-12-3456", nil},
		{"666-12-3456", nil},
		{"912-34-5678", nil},
		{"123-00-4567", nil},
		{"123-45-0000", nil},
		{"SSN 912-34-5678", []string{"~SSN 912-34-5678"}}, // labelled but invalid: weak
		// not SSNs
		{"order 412670923", nil},
		{"MHP-412-67-0923", nil},
		{"2019-20-2021", nil},
		{"social media 2024", nil},
		{"our social worker has 12 years", nil},
	})
}
