package scan

import (
	"slices"
	"strings"
	"sync"
)

// Kind is the identifier family of a Match.
type Kind uint8

const (
	Phone Kind = iota
	Fax
	Email
	URL
	IP
	SSN
	MRN
	HealthPlan
	Account
	License
	Vehicle
	Device
	Date
	Age
	ZIP
	Address
	numKinds
)

var kindNames = [numKinds]string{
	Phone:      "identifier.phone",
	Fax:        "identifier.fax",
	Email:      "identifier.email",
	URL:        "identifier.url",
	IP:         "identifier.ip",
	SSN:        "identifier.ssn",
	MRN:        "identifier.mrn",
	HealthPlan: "identifier.health_plan",
	Account:    "identifier.account",
	License:    "identifier.license",
	Vehicle:    "identifier.vehicle",
	Device:     "identifier.device",
	Date:       "identifier.date",
	Age:        "identifier.age",
	ZIP:        "identifier.address", // a ZIP code is part of an address in the policy
	Address:    "identifier.address",
}

// String returns the finding kind of POLICY.md ("identifier.phone", ...).
func (k Kind) String() string {
	if k < numKinds {
		return kindNames[k]
	}
	return "identifier.unknown"
}

// rank breaks ties between overlapping matches of equal length: the more
// specific (and more serious) identifier wins.
var rank = [numKinds]uint8{
	SSN: 16, MRN: 15, HealthPlan: 14, Account: 13, License: 12, Vehicle: 11,
	Device: 10, Email: 9, URL: 8, IP: 7, Fax: 6, Phone: 5, Date: 4, Age: 3,
	Address: 2, ZIP: 1,
}

// Match is one identifier found in the text. Digits and Value are often
// substrings of the text passed to Scan (no copy): a caller that passes a
// string over a reused buffer must copy them before the buffer changes.
type Match struct {
	Kind       Kind
	Start, End int    // byte offsets into the text passed to Scan
	Digits     string // numbers: the digits only (phones: the 10-digit national number); "" otherwise
	Value      string // normalised value where useful (email lowercased, URL host, ID as written), else ""
	Strong     bool   // validated or labelled; false for shape-only, contextual hits
}

// scratch holds the per-call token buffer; pooled so that a keystroke scan
// does not allocate it again.
type scratch struct {
	text string
	toks []tok
	any  uint64 // every lexicon flag seen in the text
	nums int    // tokens with digits
}

var pool = sync.Pool{New: func() any { return &scratch{toks: make([]tok, 0, 128)} }}

// Scan appends the identifiers found in text to dst, ordered by Start and
// non-overlapping (of two overlapping candidates the longer one is kept,
// then the validated one, then the more specific kind).
func Scan(text string, dst []Match) []Match {
	if len(text) == 0 {
		return dst
	}
	s := pool.Get().(*scratch)
	s.tokenize(text)
	base := len(dst)
	// Each family runs only if the text has what it starts from.
	if s.nums > 0 || s.any&(fxDigitWord|fxNumWord) != 0 {
		dst = s.scanRuns(dst)
	}
	if s.any&fxLabel != 0 {
		dst = s.scanLabels(dst)
	}
	if s.nums > 0 {
		dst = s.scanVIN(dst)
	}
	dst = s.scanEmail(dst)
	dst = s.scanURL(dst)
	if s.nums > 0 || strings.IndexByte(text, ':') >= 0 {
		dst = s.scanIP(dst)
	}
	if s.nums > 0 || s.any&(fxDateWord) != 0 {
		dst = s.scanDates(dst)
	}
	if s.nums > 0 || s.any&fxNumWord != 0 {
		dst = s.scanAges(dst)
	}
	if s.nums > 0 || s.any&(fxStreet|fxPlace|fxSpStreet|fxSpPlace) != 0 {
		dst = s.scanAddress(dst)
	}
	s.release()
	return resolve(dst, base)
}

// release returns s to the pool, unless its buffer grew huge: a pool
// should not keep a megabyte draft's tokens alive.
func (s *scratch) release() {
	s.text = ""
	if cap(s.toks) <= 1<<14 {
		pool.Put(s)
	}
}

// better reports whether a should be kept over the overlapping b.
func better(a, b *Match) bool {
	la, lb := a.End-a.Start, b.End-b.Start
	if la != lb {
		return la > lb
	}
	if a.Strong != b.Strong {
		return a.Strong
	}
	return rank[a.Kind] > rank[b.Kind]
}

// resolve sorts dst[base:] by Start and drops overlaps in place.
func resolve(dst []Match, base int) []Match {
	m := dst[base:]
	slices.SortFunc(m, func(a, b Match) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return b.End - a.End // the longer first
	})
	n := 0
	for i := range m {
		if m[i].Start < 0 || m[i].End <= m[i].Start {
			continue
		}
		if n > 0 && m[i].Start < m[n-1].End {
			if better(&m[i], &m[n-1]) {
				m[n-1] = m[i]
			}
			continue
		}
		m[n] = m[i]
		n++
	}
	return dst[:base+n]
}
