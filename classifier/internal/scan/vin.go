package scan

// VINs (ISO 3779, North American check digit in position 9) are recognised
// without a label: 17 letters and digits, no I, O or Q, with a valid check
// digit, is not an ordinary word or number.

var vinWeight = [17]int{8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2}

func vinValue(c byte) int {
	switch {
	case isDigit(c):
		return int(c - '0')
	case c >= 'a' && c <= 'z':
		c -= 32
	}
	const tr = "12345678_12345_7_923456789" // A..Z; I, O, Q invalid
	if c < 'A' || c > 'Z' || tr[c-'A'] == '_' || c == 'Q' {
		return -1
	}
	return int(tr[c-'A'] - '0')
}

func vinValid(v string) bool {
	if len(v) != 17 {
		return false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		x := vinValue(v[i])
		if x < 0 {
			return false
		}
		sum += x * vinWeight[i]
	}
	c := sum % 11
	want := byte('0' + c)
	if c == 10 {
		want = 'X'
	}
	return v[8]|0x20 == want|0x20
}

func (s *scratch) scanVIN(dst []Match) []Match {
	for k := range s.toks {
		t := &s.toks[k]
		if t.k != tMix || t.e-t.s != 17 {
			continue
		}
		v := s.text[t.s:t.e]
		if vinValid(v) {
			dst = append(dst, Match{Kind: Vehicle, Start: int(t.s), End: int(t.e), Value: v, Strong: true})
		}
	}
	return dst
}
