// Package selector checks CSS selectors of site profiles without a browser.
//
// A site profile (classifier.Site) finds composers, the review they answer
// and the Post buttons with CSS selectors, and every browser the extension
// supports must parse each of them: a selector one of them refuses would
// leave that site unguarded. So Check accepts a strict subset of Selectors
// Level 4 that Chromium 116 and Firefox 128 both parse, and refuses
// anything else, saying where:
//
//   - selector lists of complex selectors, with the descendant, ">", "+"
//     and "~" combinators;
//   - type selectors (custom elements too) and "*", "#id", ".class";
//   - attribute selectors, [a], [a=v], [a~=v], [a|=v], [a^=v], [a$=v],
//     [a*=v], with an ident or a quoted value and the "i" flag;
//   - the pseudo-classes in plainPseudo, :not(), :is(), :where() and
//     :has() of selector lists (:has() of relative ones, never nested),
//     :nth-child(An+B [of S]) and its kin, :dir() and :lang() of one tag.
//
// Namespaces, pseudo-elements, comments, the "s" attribute flag (Chromium
// does not know it) and anything vendor-prefixed are refused: a profile
// needs none of them.
package selector

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// MaxBytes bounds one selector; MaxDepth its nesting of :not(), :is(),
// :where() and :has().
const (
	MaxBytes = 1000
	MaxDepth = 4
)

// Error is a selector Check refuses, with the byte offset of the problem.
type Error struct {
	Offset int
	Msg    string
}

func (e *Error) Error() string { return fmt.Sprintf("%s at offset %d", e.Msg, e.Offset) }

// Check reports whether sel is a selector list every supported browser
// parses; nil when it is.
func Check(sel string) error {
	if len(sel) > MaxBytes {
		return &Error{0, fmt.Sprintf("is %d bytes; at most %d", len(sel), MaxBytes)}
	}
	if !utf8.ValidString(sel) {
		return &Error{0, "is not valid UTF-8"}
	}
	p := &parser{s: sel}
	p.list(0, false)
	if p.err == nil && p.i < len(p.s) {
		p.fail("unexpected %q", p.rest())
	}
	if p.err != nil {
		return p.err
	}
	return nil
}

type parser struct {
	s     string
	i     int
	err   *Error
	inHas bool
}

func (p *parser) fail(format string, args ...any) {
	if p.err == nil {
		p.err = &Error{p.i, fmt.Sprintf(format, args...)}
	}
}

func (p *parser) rest() string {
	r := p.s[p.i:]
	if len(r) > 12 {
		r = r[:12] + "…"
	}
	return r
}

func (p *parser) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

func (p *parser) spaces() bool {
	start := p.i
	for p.i < len(p.s) && isSpace(p.s[p.i]) {
		p.i++
	}
	return p.i > start
}

// list reads a selector list up to the end or a ")" at depth > 0.
// relative: each selector may start with a combinator (:has()).
func (p *parser) list(depth int, relative bool) {
	for {
		p.spaces()
		p.complex(depth, relative)
		p.spaces()
		if p.err != nil || p.peek() != ',' {
			return
		}
		p.i++
	}
}

func (p *parser) complex(depth int, relative bool) {
	if relative && strings.IndexByte(">+~", p.peek()) >= 0 {
		p.i++
		p.spaces()
	}
	p.compound(depth)
	for p.err == nil {
		ws := p.spaces()
		c := p.peek()
		switch {
		case c == '>' || c == '+' || c == '~':
			p.i++
			p.spaces()
		case ws && c != 0 && c != ',' && c != ')':
			// a descendant combinator
		default:
			return
		}
		p.compound(depth)
	}
}

func (p *parser) compound(depth int) {
	start := p.i
	switch c := p.peek(); {
	case c == '*':
		p.i++
	case startsIdent(p.s[p.i:]):
		p.ident()
	}
	if p.peek() == '|' {
		p.fail("namespaces are not supported")
		return
	}
	for p.err == nil {
		switch p.peek() {
		case '#':
			p.i++
			if !startsIdent(p.s[p.i:]) {
				p.fail("an id needs a name that does not start with a digit")
				return
			}
			p.ident()
		case '.':
			p.i++
			if !startsIdent(p.s[p.i:]) {
				p.fail("a class needs a name")
				return
			}
			p.ident()
		case '[':
			p.attribute()
		case ':':
			p.pseudo(depth)
		default:
			if p.i == start {
				if p.i >= len(p.s) {
					p.fail("a selector is missing")
				} else {
					p.fail("unexpected %q", p.rest())
				}
			}
			return
		}
	}
}

// ident reads a CSS identifier (the caller checked that one starts here).
func (p *parser) ident() {
	if p.peek() == '-' {
		p.i++
		if p.peek() == '-' {
			p.i++
		}
	}
	p.name()
}

// name reads name characters (and escapes); false when there are none.
func (p *parser) name() bool {
	start := p.i
	for p.i < len(p.s) && p.err == nil {
		c := p.s[p.i]
		switch {
		case c == '\\':
			p.escape()
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c >= 0x80:
			p.i++
		default:
			return p.i > start
		}
	}
	return p.i > start
}

func (p *parser) escape() {
	p.i++ // the backslash
	if p.i >= len(p.s) || p.s[p.i] == '\n' || p.s[p.i] == '\r' || p.s[p.i] == '\f' {
		p.fail("a backslash must escape something")
		return
	}
	if isHex(p.s[p.i]) {
		for n := 0; n < 6 && p.i < len(p.s) && isHex(p.s[p.i]); n++ {
			p.i++
		}
		if p.i < len(p.s) && isSpace(p.s[p.i]) {
			p.i++
		}
		return
	}
	_, size := utf8.DecodeRuneInString(p.s[p.i:])
	p.i += size
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// startsIdent: s starts with an identifier ("-x", "--x", "x", "\31 x").
func startsIdent(s string) bool {
	if strings.HasPrefix(s, "--") {
		return true
	}
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return false
	}
	c := s[0]
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80 || c == '\\' && len(s) > 1 && s[1] != '\n'
}

func (p *parser) attribute() {
	p.i++ // [
	p.spaces()
	if !startsIdent(p.s[p.i:]) {
		p.fail("an attribute selector needs a name")
		return
	}
	p.ident()
	if p.peek() == '|' && !strings.HasPrefix(p.s[p.i:], "|=") {
		p.fail("namespaces are not supported")
		return
	}
	p.spaces()
	if p.peek() == ']' {
		p.i++
		return
	}
	switch {
	case p.peek() == '=':
		p.i++
	case len(p.s) > p.i+1 && strings.IndexByte("~|^$*", p.s[p.i]) >= 0 && p.s[p.i+1] == '=':
		p.i += 2
	default:
		p.fail("unexpected %q in an attribute selector", p.rest())
		return
	}
	p.spaces()
	switch c := p.peek(); {
	case c == '"' || c == '\'':
		p.quoted()
	case startsIdent(p.s[p.i:]):
		p.ident()
	default:
		p.fail("an attribute value must be quoted or an identifier")
		return
	}
	p.spaces()
	if c := p.peek(); c == 'i' || c == 'I' {
		p.i++
		p.spaces()
	} else if c == 's' || c == 'S' {
		p.fail("the \"s\" flag is not supported by every browser")
		return
	}
	if p.peek() != ']' {
		p.fail("an attribute selector must end with \"]\"")
		return
	}
	p.i++
}

func (p *parser) quoted() {
	q := p.s[p.i]
	p.i++
	for p.i < len(p.s) && p.err == nil {
		switch c := p.s[p.i]; c {
		case q:
			p.i++
			return
		case '\\':
			if p.i+1 < len(p.s) && p.s[p.i+1] == '\n' {
				p.i += 2 // an escaped newline continues the string
				continue
			}
			p.escape()
		case '\n', '\r', '\f':
			p.fail("a string must not span lines")
			return
		default:
			p.i++
		}
	}
	p.fail("a string is not closed")
}

// plainPseudo are the pseudo-classes without an argument a profile may use.
var plainPseudo = map[string]bool{
	"first-child": true, "last-child": true, "only-child": true,
	"first-of-type": true, "last-of-type": true, "only-of-type": true,
	"empty": true, "root": true, "scope": true, "defined": true,
	"checked": true, "disabled": true, "enabled": true, "required": true, "optional": true,
	"read-only": true, "read-write": true, "placeholder-shown": true,
	"focus": true, "focus-within": true, "focus-visible": true, "hover": true, "active": true,
	"link": true, "any-link": true, "visited": true, "target": true,
}

var nth = regexp.MustCompile(`(?i)^(odd|even|[+-]?\d+|[+-]?\d*n(\s*[+-]\s*\d+)?)$`)

func (p *parser) pseudo(depth int) {
	at := p.i
	p.i++ // :
	if p.peek() == ':' {
		p.fail("pseudo-elements are not supported")
		return
	}
	if !startsIdent(p.s[p.i:]) {
		p.fail("a pseudo-class needs a name")
		return
	}
	start := p.i
	p.ident()
	name := strings.ToLower(p.s[start:p.i])
	if p.peek() != '(' {
		if !plainPseudo[name] {
			p.i = at
			p.fail("unknown pseudo-class %q", ":"+name)
		}
		return
	}
	p.i++ // (
	switch name {
	case "not", "is", "where", "has":
		if depth+1 > MaxDepth {
			p.fail("nested more than %d deep", MaxDepth)
			return
		}
		if name == "has" {
			if p.inHas {
				p.fail(":has() cannot hold another :has()")
				return
			}
			p.inHas = true
			defer func() { p.inHas = false }()
		}
		p.list(depth+1, name == "has")
	case "nth-child", "nth-last-child", "nth-of-type", "nth-last-of-type":
		end := strings.IndexByte(p.s[p.i:], ')')
		if end < 0 {
			p.fail("%q is not closed", ":"+name+"(")
			return
		}
		arg := p.s[p.i : p.i+end]
		of := -1
		if name == "nth-child" || name == "nth-last-child" {
			of = indexOf(arg)
		}
		an := arg
		if of >= 0 {
			an = arg[:of]
		}
		if !nth.MatchString(strings.TrimSpace(an)) {
			p.fail("%q is not An+B", strings.TrimSpace(an))
			return
		}
		if of < 0 {
			p.i += end
			break
		}
		p.i += of + len("of")
		p.list(depth+1, false)
	case "dir":
		p.spaces()
		start := p.i
		p.name()
		if d := strings.ToLower(p.s[start:p.i]); d != "ltr" && d != "rtl" {
			p.fail(":dir() takes ltr or rtl")
			return
		}
		p.spaces()
	case "lang":
		p.spaces()
		if !startsIdent(p.s[p.i:]) {
			p.fail(":lang() takes one language tag")
			return
		}
		p.ident()
		p.spaces()
	default:
		p.i = at
		p.fail("unknown pseudo-class %q", ":"+name+"()")
		return
	}
	if p.err != nil {
		return
	}
	if p.peek() != ')' {
		p.fail("%q must end with \")\"", ":"+name+"(")
		return
	}
	p.i++
}

// indexOf finds the "of" between whitespace in an :nth-child() argument,
// or -1.
func indexOf(arg string) int {
	for i := 1; i+3 < len(arg); i++ {
		if isSpace(arg[i-1]) && strings.EqualFold(arg[i:i+2], "of") && isSpace(arg[i+2]) {
			return i
		}
	}
	return -1
}
