package classifier

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Size limits keep a pack small enough to download on every machine and to
// compile in a blink; they also bound what a malicious pack can cost.
const (
	MaxPackBytes    = 4 << 20 // a whole pack, as JSON
	MaxListLen      = 50000   // terms in one lexicon, entries in one org list
	MaxPackTerms    = 80000   // terms in all of a pack's lexicons: bounds what compiling costs, here and in every extension
	MaxLexicons     = 200
	MaxPatterns     = 200
	MaxTermBytes    = 200
	MaxRegexBytes   = 1000
	MaxTextBytes    = 2000 // a reason, template or org entry
	MaxExampleCount = 50
)

// Problem is one thing wrong with a pack, at a JSON path such as
// "lexicons[3].terms[17]".
//
//easyjson:json
type Problem struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

// ValidationError lists every problem found in a pack, so an admin can fix
// them all at once.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("invalid rule pack: ")
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		if i == 5 {
			fmt.Fprintf(&b, "and %d more", len(e.Problems)-5)
			break
		}
		if p.Path != "" {
			b.WriteString(p.Path)
			b.WriteString(": ")
		}
		b.WriteString(p.Message)
	}
	return b.String()
}

type validator struct{ problems []Problem }

func (v *validator) add(path, format string, args ...any) {
	v.problems = append(v.problems, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

func (v *validator) text(path, s string, required bool) {
	switch {
	case required && strings.TrimSpace(s) == "":
		v.add(path, "is required")
	case len(s) > MaxTextBytes:
		v.add(path, "is %d bytes; at most %d", len(s), MaxTextBytes)
	case !utf8.ValidString(s):
		v.add(path, "is not valid UTF-8")
	}
}

func (v *validator) list(path string, items []string) {
	if len(items) > MaxListLen {
		v.add(path, "has %d entries; at most %d", len(items), MaxListLen)
		return
	}
	for i, s := range items {
		v.text(fmt.Sprintf("%s[%d]", path, i), s, true)
	}
}

// Validate checks a pack without compiling it into an engine. It returns
// nil or a *ValidationError naming every problem by JSON path.
func Validate(p *Pack) error {
	v := &validator{}
	v.pack(p)
	if len(v.problems) == 0 {
		return nil
	}
	return &ValidationError{Problems: v.problems}
}

func (v *validator) pack(p *Pack) {
	if p.Schema != PackSchema {
		v.add("schema", "is %q; this engine reads %q", p.Schema, PackSchema)
	}
	v.text("name", p.Name, true)
	if p.Base != "" && p.Base != "default" {
		v.add("base", "is %q; the only base is \"default\"", p.Base)
	}
	v.org(&p.Org)
	if len(p.Lexicons) > MaxLexicons {
		v.add("lexicons", "has %d lexicons; at most %d", len(p.Lexicons), MaxLexicons)
	}
	terms := 0
	for i := range p.Lexicons {
		terms += len(p.Lexicons[i].Terms)
	}
	if terms > MaxPackTerms {
		v.add("lexicons", "hold %d terms in all; at most %d", terms, MaxPackTerms)
	}
	ids := map[string]int{}
	for i := range p.Lexicons {
		path := fmt.Sprintf("lexicons[%d]", i)
		v.lexicon(path, &p.Lexicons[i])
		if j, dup := ids[p.Lexicons[i].ID]; dup {
			v.add(path+".id", "%q is also lexicons[%d].id", p.Lexicons[i].ID, j)
		}
		ids[p.Lexicons[i].ID] = i
	}
	if len(p.Patterns) > MaxPatterns {
		v.add("patterns", "has %d patterns; at most %d", len(p.Patterns), MaxPatterns)
	}
	pids := map[string]int{}
	for i := range p.Patterns {
		path := fmt.Sprintf("patterns[%d]", i)
		v.pattern(path, &p.Patterns[i])
		if j, dup := pids[p.Patterns[i].ID]; dup {
			v.add(path+".id", "%q is also patterns[%d].id", p.Patterns[i].ID, j)
		}
		pids[p.Patterns[i].ID] = i
	}
	for _, k := range sortedKeys(p.Reasons) {
		path := "reasons." + k
		if _, _, _, ok := reasonKey(k); !ok {
			v.add(path, "%q is not a finding kind, a kind@place (places: %s) or either with .es", k, strings.Join(reasonPlaces, ", "))
		}
		v.text(path, p.Reasons[k], true)
	}
	for _, k := range sortedKeys(p.Templates) {
		path := "templates." + k
		if !isTemplate(k) {
			v.add(path, "%q is not a template name; known: %s", k, strings.Join(templateNames, ", "))
		}
		v.text(path, p.Templates[k], true)
	}
	for _, k := range sortedKeys(p.Thresholds) {
		path := "thresholds." + k
		lo, hi, ok := thresholdRange(k)
		if !ok {
			v.add(path, "%q is not a threshold name", k)
			continue
		}
		if x := p.Thresholds[k]; x < lo || x > hi {
			v.add(path, "is %g; must be between %g and %g", x, lo, hi)
		}
	}
	v.wordSets(p.Words)
	if p.Model != nil {
		v.model(p.Model)
	}
	v.sites(p.Sites)
	if p.Queue != nil {
		v.queue(p.Queue)
	}
}

func (v *validator) org(o *Org) {
	v.text("org.name", o.Name, false)
	v.list("org.aliases", o.Aliases)
	v.list("org.phones", o.Phones)
	v.list("org.faxes", o.Faxes)
	v.list("org.emails", o.Emails)
	v.list("org.addresses", o.Addresses)
	v.list("org.websites", o.Websites)
	v.list("org.staff", o.Staff)
	for i, ph := range append(append([]string{}, o.Phones...), o.Faxes...) {
		if countDigits(ph) < 7 {
			field := fmt.Sprintf("org.phones[%d]", i)
			if i >= len(o.Phones) {
				field = fmt.Sprintf("org.faxes[%d]", i-len(o.Phones))
			}
			v.add(field, "%q has fewer than 7 digits", ph)
		}
	}
	for i, e := range o.Emails {
		if !strings.Contains(e, "@") {
			v.add(fmt.Sprintf("org.emails[%d]", i), "%q is not an email address", e)
		}
	}
}

func (v *validator) lexicon(path string, l *Lexicon) {
	v.text(path+".id", l.ID, true)
	if !isSignal(l.Signal) {
		v.add(path+".signal", "%q is not a signal; known: %s", l.Signal, strings.Join(signalNames(), ", "))
	}
	if l.Lang != "" && l.Lang != "en" && l.Lang != "es" {
		v.add(path+".lang", "%q is not a language; use \"en\", \"es\" or leave it out", l.Lang)
	}
	if l.Weight < 0 || l.Weight > 1 {
		v.add(path+".weight", "is %g; must be between 0 and 1", l.Weight)
	}
	if len(l.Terms) == 0 {
		v.add(path+".terms", "is empty")
	}
	if len(l.Terms) > MaxListLen {
		v.add(path+".terms", "has %d terms; at most %d", len(l.Terms), MaxListLen)
		return
	}
	for i, t := range l.Terms {
		if msg := termProblem(t); msg != "" {
			// the path is built only for a problem: packs hold tens of thousands of terms
			v.add(fmt.Sprintf("%s.terms[%d]", path, i), "%s", msg)
		}
	}
	v.examples(path+".examples", l.Examples)
}

// termProblem says what is wrong with a lexicon term, or "".
func termProblem(t string) string {
	switch {
	case strings.TrimSpace(strings.TrimSuffix(t, "*")) == "":
		return "is empty"
	case len(t) > MaxTermBytes:
		return fmt.Sprintf("is %d bytes; at most %d", len(t), MaxTermBytes)
	case !utf8.ValidString(t):
		return "is not valid UTF-8"
	case strings.Contains(strings.TrimSuffix(t, "*"), "*"):
		return fmt.Sprintf("%q has a \"*\" inside; it may only end a term", t)
	}
	return ""
}

func (v *validator) pattern(path string, p *Pattern) {
	v.text(path+".id", p.ID, true)
	if !isKind(p.Kind) {
		v.add(path+".kind", "%q is not a finding kind", p.Kind)
	}
	switch {
	case p.Regex == "":
		v.add(path+".regex", "is required")
	case len(p.Regex) > MaxRegexBytes:
		v.add(path+".regex", "is %d bytes; at most %d", len(p.Regex), MaxRegexBytes)
	default:
		re, err := regexp.Compile(p.Regex)
		if err != nil {
			v.add(path+".regex", "does not compile: %s", strings.TrimPrefix(err.Error(), "error parsing regexp: "))
		} else if re.MatchString("") {
			v.add(path+".regex", "matches the empty string")
		}
	}
	for i, k := range p.Keywords {
		if strings.TrimSpace(k) == "" {
			v.add(fmt.Sprintf("%s.keywords[%d]", path, i), "is empty")
		}
	}
	if p.Reason != "" {
		v.text(path+".reason", p.Reason, false)
	}
	v.examples(path+".examples", p.Examples)
}

func (v *validator) examples(path string, e Examples) {
	if len(e.Hit)+len(e.Miss) > MaxExampleCount {
		v.add(path, "has %d examples; at most %d", len(e.Hit)+len(e.Miss), MaxExampleCount)
	}
}

func countDigits(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n
}

func isKind(k string) bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}
