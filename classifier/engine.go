package classifier

import "fmt"

// Engine is a compiled rule pack. It is immutable and safe for concurrent
// use; compile once per pack and share it.
type Engine struct {
	pack  *Pack // the merged pack it was compiled from
	m     *matcher
	sites []Site // the pack's site profiles, then the built-in ones it does not replace
}

// Compile validates p, merges it onto the built-in rules when its Base is
// "default", and builds the matchers.
func Compile(p *Pack) (*Engine, error) {
	if err := Validate(p); err != nil {
		return nil, err
	}
	merged := p
	if p.Base == "default" {
		merged = mergeOntoDefault(p)
	}
	m, err := compileMatcher(merged)
	if err != nil {
		return nil, fmt.Errorf("compile pack %q: %w", p.Name, err)
	}
	// the pack's own lexicons and patterns come last in the merged pack
	if err := m.checkExamples(p, len(merged.Lexicons)-len(p.Lexicons), len(merged.Patterns)-len(p.Patterns)); err != nil {
		return nil, err
	}
	return &Engine{pack: merged, m: m, sites: mergeSites(p.Sites, DefaultPack().Sites)}, nil
}

// Pack returns the merged pack the engine was compiled from.
func (e *Engine) Pack() *Pack { return e.pack }

// Sites returns the site profiles in force: the pack's own, then the
// built-in ones it does not replace. Callers must not modify them.
func (e *Engine) Sites() []Site { return e.sites }

// WithOrg returns an engine for the same rules and another organisation
// profile, as `scrubs scan --org` uses.
func (e *Engine) WithOrg(org Org) (*Engine, error) {
	p := *e.pack
	p.Base = ""
	p.Org = org
	return Compile(&p)
}

func mergeOntoDefault(p *Pack) *Pack {
	d := DefaultPack()
	out := *d
	out.Name = p.Name
	out.Base = ""
	out.Org = p.Org
	replaced := map[string]bool{}
	for _, l := range p.Lexicons {
		replaced[l.ID] = true
	}
	out.Lexicons = nil
	for _, l := range d.Lexicons {
		if !replaced[l.ID] {
			out.Lexicons = append(out.Lexicons, l)
		}
	}
	out.Lexicons = append(out.Lexicons, p.Lexicons...)
	out.Patterns = append(append([]Pattern{}, d.Patterns...), p.Patterns...)
	out.Reasons = mergeMaps(d.Reasons, p.Reasons)
	out.Templates = mergeMaps(d.Templates, p.Templates)
	out.Thresholds = mergeMaps(d.Thresholds, p.Thresholds)
	out.Words = mergeMaps(d.Words, p.Words)
	if p.Model != nil {
		out.Model = p.Model
	}
	out.Sites = mergeSites(p.Sites, d.Sites)
	out.Queue = p.Queue
	return &out
}

func mergeMaps[V any](base, over map[string]V) map[string]V {
	out := make(map[string]V, len(base)+len(over))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		out[k] = v
	}
	return out
}
