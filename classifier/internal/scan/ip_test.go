package scan

import "testing"

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
