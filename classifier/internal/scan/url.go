package scan

import "strings"

// URLs: with a scheme, with www., or a bare domain whose last label is a
// known TLD ("gofundme.example/f/kai", "facebook.com/jane"). TLDs that are
// also words ("it", "me", "us", "in") count only with a path, a scheme or
// www., so "done.It" is not a link.

// tldKind: 0 unknown, 1 safe, 2 an ordinary word too.
func tldKind(t string) uint8 {
	var arr [24]byte
	b, ok := foldTo(arr[:], t)
	if !ok {
		return 0
	}
	return tlds[string(b)]
}

var tlds = map[string]uint8{}

func init() {
	for _, t := range strings.Fields(`com org net edu gov mil int info biz io app dev health care clinic
		dental doctor hospital example test ly gl co uk ca mx ar cl pe ve ec uy py bo cr gt hn sv ni pa
		cu pr fr de jp cn ru au nz ie br nl se dk fi pl pt ch at tv fm ai page site online store shop
		link live life xyz club news blog email top gg edu.mx com.mx cc ws me.uk`) {
		tlds[t] = 1
	}
	for _, t := range strings.Fields("it me us in is to be no my do go so es am la") {
		tlds[t] = 2
	}
}

func (s *scratch) scanURL(dst []Match) []Match {
	t := s.text
	for k := 0; k < len(s.toks); k++ {
		tk := &s.toks[k]
		if tk.k != tWord && tk.k != tMix && tk.k != tNum {
			continue
		}
		i := int(tk.s)
		// Fast path: a host or scheme is followed by "." or ":" right away.
		if e := int(tk.e); e+1 >= len(t) || t[e] == ':' && !hasPrefixFold(t[i:], "http") || t[e] != ':' && (t[e] != '.' || !isAlnum(t[e+1])) {
			continue
		}
		if i > 0 {
			p := t[i-1]
			if p == '@' || p == '.' || p == '-' || p == '_' || p == '/' || isAlnum(p) {
				continue
			}
		}
		start := i
		explicit := false
		switch {
		case hasPrefixFold(t[i:], "https://"):
			i += 8
			explicit = true
		case hasPrefixFold(t[i:], "http://"):
			i += 7
			explicit = true
		}
		if hasPrefixFold(t[i:], "www.") {
			explicit = true
		}
		end, ok := hostEnd(t, i, !explicit)
		if !ok {
			if !explicit || i >= len(t) || !isAlnum(t[i]) {
				continue
			}
			// scheme with an IP or a single-label host
			end = i
			for end < len(t) && (isAlnum(t[end]) || t[end] == '.' || t[end] == '-' || t[end] == ':') {
				end++
			}
		}
		host := t[i:end]
		if end < len(t) && t[end] == '@' {
			continue
		}
		pathEnd := end
		if end+1 < len(t) && (t[end] == '/' || t[end] == '?' || t[end] == '#') && t[end+1] > ' ' {
			pathEnd = urlPathEnd(t, end)
		} else if end < len(t) && t[end] == '/' {
			pathEnd = end + 1
		}
		if !explicit && pathEnd == end {
			last := host[strings.LastIndexByte(host, '.')+1:]
			if tldKind(last) != 1 {
				continue
			}
			// "Thanks.See" is two sentences: a bare domain is lower case or
			// has a lower-case first label.
			if isUpperLetter(host[0]) && isUpperLetter(last[0]) && !isUpperLetter(last[len(last)-1]) {
				continue
			}
		}
		dst = append(dst, Match{Kind: URL, Start: start, End: pathEnd, Value: strings.ToLower(host), Strong: true})
		for k+1 < len(s.toks) && int(s.toks[k+1].s) < pathEnd {
			k++
		}
	}
	return dst
}

func isUpperLetter(b byte) bool { return b >= 'A' && b <= 'Z' }

func hasPrefixFold(s, p string) bool {
	if len(s) < len(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		if lower(s[i]) != p[i] {
			return false
		}
	}
	return true
}

// urlPathEnd reads a path up to white space and drops trailing punctuation.
func urlPathEnd(t string, i int) int {
	j := i
	for j < len(t) && t[j] > ' ' && t[j] < 0x7f && t[j] != '"' && t[j] != '<' && t[j] != '>' {
		j++
	}
	for j > i+1 && strings.IndexByte(".,;:!?)]}'", t[j-1]) >= 0 {
		j--
	}
	return j
}
