package classifier

import (
	"fmt"

	"github.com/scrubs/scrubs/classifier/internal/textnorm"
)

// checkExamples runs the examples of pack p's own lexicons and patterns
// through the compiled rules, as gitleaks does with its rules: a pack whose
// own examples fail is refused with the example named by its path in p.
// p's lexicons and patterns sit at lexOffset and patOffset in the merged
// pack the matcher was compiled from.
func (m *matcher) checkExamples(p *Pack, lexOffset, patOffset int) error {
	v := &validator{}
	for i, l := range p.Lexicons {
		li := int32(lexOffset + i)
		for j, ex := range l.Examples.Hit {
			if !m.lexiconHits(ex, li) {
				v.add(fmt.Sprintf("lexicons[%d].examples.hit[%d]", i, j), "%q is not matched by lexicon %q", ex, l.ID)
			}
		}
		for j, ex := range l.Examples.Miss {
			if m.lexiconHits(ex, li) {
				v.add(fmt.Sprintf("lexicons[%d].examples.miss[%d]", i, j), "%q is matched by lexicon %q", ex, l.ID)
			}
		}
	}
	for i, pp := range p.Patterns {
		pt := m.patterns[patOffset+i]
		for j, ex := range pp.Examples.Hit {
			if !pt.re.MatchString(ex) {
				v.add(fmt.Sprintf("patterns[%d].examples.hit[%d]", i, j), "%q is not matched by pattern %q", ex, pt.id)
			}
		}
		for j, ex := range pp.Examples.Miss {
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
