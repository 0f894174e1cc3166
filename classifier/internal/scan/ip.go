package scan

import "strings"

// IP addresses: dotted IPv4 with octets 0-255, and IPv6 in full or with one
// "::" (a clock time such as 10:15:30 has too few groups).

func (s *scratch) scanIP(dst []Match) []Match {
	t := s.text
	for k := 0; k < len(s.toks); k++ {
		tk := &s.toks[k]
		i := int(tk.s)
		e := int(tk.e)
		if e >= len(t) || t[e] != '.' && t[e] != ':' { // fast path: an address goes on with . or :
			continue
		}
		if i > 0 && (isAlnum(t[i-1]) || t[i-1] == '.' || t[i-1] == ':') {
			continue
		}
		if tk.k == tNum {
			if end, ok := ipv4End(t, i); ok {
				dst = append(dst, Match{Kind: IP, Start: i, End: end, Value: t[i:end], Strong: true})
				for k+1 < len(s.toks) && int(s.toks[k+1].s) < end {
					k++
				}
				continue
			}
		}
		if tk.k == tNum || tk.k == tMix || tk.k == tWord || tk.k == tPunct && tk.c == ':' {
			if end, ok := ipv6End(t, i); ok {
				dst = append(dst, Match{Kind: IP, Start: i, End: end, Value: strings.ToLower(t[i:end]), Strong: true})
				for k+1 < len(s.toks) && int(s.toks[k+1].s) < end {
					k++
				}
			}
		}
	}
	return dst
}

func ipv4End(t string, i int) (int, bool) {
	j := i
	for part := 0; part < 4; part++ {
		if part > 0 {
			if j >= len(t) || t[j] != '.' {
				return 0, false
			}
			j++
		}
		a := j
		v := 0
		for j < len(t) && isDigit(t[j]) && j-a < 4 {
			v = v*10 + int(t[j]-'0')
			j++
		}
		if j == a || j-a > 3 || v > 255 || (j-a > 1 && t[a] == '0') {
			return 0, false
		}
	}
	if j < len(t) && (isAlnum(t[j]) || t[j] == '.' && j+1 < len(t) && isDigit(t[j+1])) {
		return 0, false
	}
	return j, true
}

func isHex(b byte) bool { return isDigit(b) || b|0x20 >= 'a' && b|0x20 <= 'f' }

func ipv6End(t string, i int) (int, bool) {
	j := i
	groups, colons, double := 0, 0, false
	hexLetters := 0
	for j < len(t) {
		a := j
		for j < len(t) && isHex(t[j]) && j-a < 5 {
			if !isDigit(t[j]) {
				hexLetters++
			}
			j++
		}
		if j-a > 4 {
			return 0, false
		}
		if j > a {
			groups++
		}
		if j < len(t) && t[j] == ':' {
			if j+1 < len(t) && t[j+1] == ':' {
				if double {
					return 0, false
				}
				double = true
				colons += 2
				j += 2
				continue
			}
			if j+1 < len(t) && isHex(t[j+1]) && j > a {
				colons++
				j++
				continue
			}
		}
		break
	}
	if j < len(t) && (isAlnum(t[j]) || t[j] == '_') {
		return 0, false
	}
	if groups > 8 || colons < 2 {
		return 0, false
	}
	if !double && groups != 8 {
		return 0, false
	}
	if double && groups < 2 && hexLetters == 0 && groups != 1 {
		return 0, false
	}
	if double && groups == 0 {
		return 0, false
	}
	return j, true
}
