package classifier

import (
	"fmt"

	"github.com/scrubs/scrubs/classifier/internal/textnorm"
)

// checkExamples runs every lexicon's and pattern's examples through the
// compiled rule, as gitleaks does with its rules: a pack whose own examples
// fail is refused with the example named.
func (m *matcher) checkExamples(p *Pack) error {
	v := &validator{}
	for i, l := range p.Lexicons {
		for j, ex := range l.Examples.Hit {
			if !m.lexiconHits(ex, int32(i)) {
				v.add(fmt.Sprintf("lexicons[%d].examples.hit[%d]", i, j), "%q is not matched by lexicon %q", ex, l.ID)
			}
		}
		for j, ex := range l.Examples.Miss {
			if m.lexiconHits(ex, int32(i)) {
				v.add(fmt.Sprintf("lexicons[%d].examples.miss[%d]", i, j), "%q is matched by lexicon %q", ex, l.ID)
			}
		}
	}
	for i, pt := range m.patterns {
		for j, ex := range p.Patterns[i].Examples.Hit {
			if !pt.re.MatchString(ex) {
				v.add(fmt.Sprintf("patterns[%d].examples.hit[%d]", i, j), "%q is not matched by pattern %q", ex, pt.id)
			}
		}
		for j, ex := range p.Patterns[i].Examples.Miss {
			if pt.re.MatchString(ex) {
				v.add(fmt.Sprintf("patterns[%d].examples.miss[%d]", i, j), "%q is matched by pattern %q", ex, pt.id)
			}
		}
	}
	if len(v.problems) > 0 {
		return &ValidationError{Problems: v.problems}
	}
	return nil
}

func (m *matcher) lexiconHits(text string, lex int32) bool {
	t := textnorm.Normalize(text)
	for _, h := range m.lex.Match(t, nil) {
		if h.Lex == lex {
			return true
		}
	}
	return false
}
