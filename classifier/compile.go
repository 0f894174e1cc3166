package classifier

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/scrubs/scrubs/classifier/internal/lexmatch"
)

// signal ids, for the scorer; a lexicon's Signal names one.
type signal uint8

const (
	sigNone signal = iota
	sigCondition
	sigConditionWeak
	sigCare
	sigSetting
	sigAcknowledgement
	sigCase
	sigAdvice
	sigTestimonial
	sigGeneral
	sigPrivateChannel
	sigRelation
	sigHonorific
	sigGivenName
	sigSurname
	sigNotName
	sigStaffRole
	sigPublicFigure
	sigCommunity
	sigPhoto
	sigWish
	sigGratitude
	sigStaffNews
	sigOrgName // the organisation's own names, from the profile
	sigStaff   // the organisation's staff, from the profile
	numSignals
)

var signalIDs = map[string]signal{
	"condition": sigCondition, "condition_weak": sigConditionWeak, "care": sigCare, "setting": sigSetting,
	"acknowledgement": sigAcknowledgement, "case": sigCase, "advice": sigAdvice, "testimonial": sigTestimonial,
	"general": sigGeneral, "private_channel": sigPrivateChannel, "relation": sigRelation, "honorific": sigHonorific,
	"given_name": sigGivenName, "surname": sigSurname, "not_name": sigNotName, "staff_role": sigStaffRole,
	"public_figure": sigPublicFigure, "community": sigCommunity, "photo": sigPhoto, "wish": sigWish, "gratitude": sigGratitude, "staff_news": sigStaffNews,
}

type lexInfo struct {
	id      string
	signal  signal
	weight  float32
	spanish bool   // lang "es": counts toward reading the draft as Spanish
	feature uint32 // the model's feature for a hit of this lexicon
}

type compiledPattern struct {
	id       string
	kind     string
	re       *regexp.Regexp
	keywords []string // lower case; empty means always run
	reason   string
}

// matcher is the compiled, immutable form of a pack.
type matcher struct {
	lex      *lexmatch.Matcher
	words    [numWordSets]map[string]bool // wordsets.go
	lexes    []lexInfo
	patterns []compiledPattern

	orgDigits   map[string]bool // last ten digits of the organisation's phones and faxes
	orgEmails   map[string]bool
	orgHosts    []string // websites, lower case, without scheme or www.
	orgHandles  map[string]bool
	orgAddrNums map[string]bool // house numbers and ZIPs of the organisation's addresses
	orgAddrText []string        // the organisation's addresses, lower case

	reasons      map[string]string // by reason key (reasonKey)
	safeReply    string
	safeReplyES  string
	conditionMin float32
	maxAgeOK     int
	model        *compiledModel // nil: the rules' verdict stands
}

func compileMatcher(p *Pack) (*matcher, error) {
	m := &matcher{
		orgDigits: map[string]bool{}, orgEmails: map[string]bool{}, orgHandles: map[string]bool{}, orgAddrNums: map[string]bool{},
		reasons: map[string]string{}, conditionMin: 0.75, maxAgeOK: 89,
		words: compileWordSets(p.Words),
	}
	terms := 0
	for _, l := range p.Lexicons {
		terms += len(l.Terms)
	}
	b := lexmatch.NewBuilder(terms)
	for i, l := range p.Lexicons {
		w := l.Weight
		if w == 0 {
			w = 1
		}
		m.lexes = append(m.lexes, lexInfo{id: l.ID, signal: signalIDs[l.Signal], weight: float32(w), spanish: l.Lang == "es", feature: lexiconFeature(l.ID)})
		for _, term := range l.Terms {
			b.Add(term, int32(i))
			if l.Typos {
				b.AddTypos(term)
			}
		}
	}
	for w := range m.words[wsNotTypos] {
		b.NotTypo(w)
	}
	m.addOrg(b, &p.Org)
	m.lex = b.Build()
	for i, pt := range p.Patterns {
		re, err := regexp.Compile(pt.Regex)
		if err != nil {
			return nil, fmt.Errorf("patterns[%d].regex: %w", i, err)
		}
		kw := make([]string, len(pt.Keywords))
		for j, k := range pt.Keywords {
			kw[j] = strings.ToLower(k)
		}
		m.patterns = append(m.patterns, compiledPattern{id: pt.ID, kind: pt.Kind, re: re, keywords: kw, reason: pt.Reason})
	}
	// a pack without the default base still explains every kind: the
	// built-in reasons (rules/base.json) stand where it has none
	for k, v := range DefaultPack().Reasons {
		m.reasons[k] = v
	}
	for k, v := range p.Reasons {
		m.reasons[k] = v
	}
	phone := ""
	if len(p.Org.Phones) > 0 {
		phone = p.Org.Phones[0]
	}
	m.safeReply = fillTemplate(p.Templates["safe_reply"], p.Org.Name, phone)
	m.safeReplyES = fillTemplate(p.Templates["safe_reply.es"], p.Org.Name, phone)
	if v, ok := p.Thresholds["condition_min_weight"]; ok {
		m.conditionMin = float32(v)
	}
	if v, ok := p.Thresholds["max_age_unflagged"]; ok {
		m.maxAgeOK = int(v)
	}
	m.model = compileModel(p.Model)
	return m, nil
}

func fillTemplate(t, org, phone string) string {
	if phone == "" {
		phone = "our main number"
	}
	if org == "" {
		org = "our office"
	}
	return strings.NewReplacer("{phone}", phone, "{org}", org).Replace(t)
}

// addOrg records the organisation profile: its names and staff become a
// lexicon of their own, its numbers and addresses sets to compare with.
func (m *matcher) addOrg(b *lexmatch.Builder, o *Org) {
	orgIdx := int32(len(m.lexes))
	m.lexes = append(m.lexes, lexInfo{id: "org", signal: sigOrgName, weight: 1, feature: lexiconFeature("org")})
	staffIdx := int32(len(m.lexes))
	m.lexes = append(m.lexes, lexInfo{id: "staff", signal: sigStaff, weight: 1, feature: lexiconFeature("staff")})
	// a staff member's first name raises no signal the rules read (it
	// may as well be a patient's); the model weighs it as a feature
	firstIdx := int32(len(m.lexes))
	m.lexes = append(m.lexes, lexInfo{id: "staff-first-name", signal: sigNone, weight: 1, feature: lexiconFeature("staff-first-name")})
	for _, name := range append([]string{o.Name}, o.Aliases...) {
		if strings.TrimSpace(name) != "" {
			b.Add(name, orgIdx)
		}
	}
	for _, s := range o.Staff {
		for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '&' || r == '/' }) {
			part = strings.TrimSpace(part)
			if part == "" || isCredential(part) {
				continue
			}
			b.Add(part, staffIdx)
			// staff are also named by a title and their surname ("Dr. Fisher"),
			// never by a first name alone: with 200 staff the profile would
			// hold most patients' first names too
			if words := strings.Fields(part); len(words) >= 2 {
				if first := strings.Trim(words[0], "."); len(first) > 2 && !isTitle(first) {
					b.Add(first, firstIdx)
				}
				surname := strings.Trim(words[len(words)-1], ".")
				for _, title := range staffTitles {
					b.Add(title+" "+surname, staffIdx)
				}
			}
		}
	}
	for _, ph := range append(append([]string{}, o.Phones...), o.Faxes...) {
		if d := lastDigits(ph, 10); d != "" {
			m.orgDigits[d] = true
		}
	}
	for _, e := range o.Emails {
		m.orgEmails[strings.ToLower(strings.TrimSpace(e))] = true
	}
	for _, w := range o.Websites {
		h := strings.ToLower(strings.TrimSpace(w))
		h = strings.TrimPrefix(strings.TrimPrefix(h, "https://"), "http://")
		h = strings.TrimPrefix(h, "www.")
		h = strings.TrimSuffix(h, "/")
		m.orgHosts = append(m.orgHosts, h)
		if i := strings.LastIndexByte(h, '/'); i >= 0 && i+1 < len(h) {
			m.orgHandles[h[i+1:]] = true
		}
	}
	for _, a := range o.Addresses {
		m.orgAddrText = append(m.orgAddrText, strings.ToLower(a))
		for _, f := range strings.FieldsFunc(a, func(r rune) bool { return r < '0' || r > '9' }) {
			m.orgAddrNums[f] = true
		}
	}
}

// isCredential: "RN", "PT", "DPT", "PA-C" after a staff name are not part
// of it.
func isCredential(s string) bool {
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

// staffTitles stand before a staff member's surname.
var staffTitles = []string{"Dr.", "Dr", "Nurse", "Mr.", "Mrs.", "Ms.", "Miss"}

func isTitle(w string) bool {
	switch strings.ToLower(w) {
	case "dr", "rn", "np", "pa", "md", "do", "mr", "mrs", "ms", "lpn":
		return true
	}
	return false
}

func lastDigits(s string, n int) string {
	var d []byte
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			d = append(d, s[i])
		}
	}
	if len(d) < 7 {
		return ""
	}
	if len(d) > n {
		d = d[len(d)-n:]
	}
	return string(d)
}
