package scan

// SSNs: area 001-899 except 666, group 01-99, serial 0001-9999. A dashed or
// dotted 3-2-4 number is reported on its own; spaced or run-together digits
// need a label before them (SSN, ss#, social, seguro social), except digits
// spelled out or spaced one by one, which only evasion produces.

func ssnValid(d []byte) bool {
	if len(d) != 9 {
		return false
	}
	area := int(d[0]-'0')*100 + int(d[1]-'0')*10 + int(d[2]-'0')
	if area == 0 || area == 666 || area >= 900 {
		return false
	}
	if d[3] == '0' && d[4] == '0' {
		return false
	}
	return !(d[5] == '0' && d[6] == '0' && d[7] == '0' && d[8] == '0')
}

func (s *scratch) ssnAt(r *run, g int, coded bool) (int, Match, bool) {
	var n int
	switch {
	case r.shape(g, 3, 2, 4) && r.gsep[g+1] == r.gsep[g+2]:
		n = 3
	case r.shape(g, 9):
		n = 1
	case g == 0 && r.words && r.nd == 9 && r.n > 1:
		n = r.n // spelled in pairs: "cuatro doce, sesenta y siete, ..."
	default:
		return 0, Match{}, false
	}
	a := int(r.goff[g])
	d := r.d[a : a+9]
	valid := ssnValid(d)
	labelled := s.hasWordFlag(int(r.gt[g]), 5, fxSSNCue)
	sep := r.gsep[g+n-1]
	shaped := n == 3 && r.shape(g, 3, 2, 4) && (sep == '-' || sep == '.')
	evasive := r.words || r.spaced
	switch {
	case labelled:
	case coded:
		return 0, Match{}, false
	case shaped || evasive || n == 3:
		if !valid {
			return 0, Match{}, false
		}
	default:
		return 0, Match{}, false
	}
	strong := valid && (labelled || shaped || evasive)
	return n, Match{Kind: SSN, Start: int(r.gs[g]), End: int(r.ge[g+n-1]), Digits: s.runDigits(r, g, g+n), Strong: strong}, true
}
