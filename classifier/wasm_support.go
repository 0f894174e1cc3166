package classifier

import "strings"

// Template returns one of the pack's reply templates ("safe_reply",
// "safe_reply.es") with {phone} and {org} filled in from the organisation
// profile, as the engine fills them, and whether the pack has it. The
// WebAssembly module hands it to the extension.
func (e *Engine) Template(name string) (string, bool) {
	t, ok := e.pack.Templates[name]
	if !ok || !isTemplate(name) {
		return "", false
	}
	phone := ""
	if len(e.pack.Org.Phones) > 0 {
		phone = e.pack.Org.Phones[0]
	}
	return fillTemplate(t, e.pack.Org.Name, phone), true
}

// TemplateFor is Template for a draft in its context (the draft's text
// and what it answers): the template's Spanish form, name + ".es", when
// that text reads as Spanish to the engine's lexicons and the pack has
// one. It answers the name of the template used as well.
func (e *Engine) TemplateFor(name, context string) (used, text string, ok bool) {
	if context != "" && !strings.HasSuffix(name, ".es") && e.readsSpanish(context) {
		if t, ok := e.Template(name + ".es"); ok {
			return name + ".es", t, true
		}
	}
	t, ok := e.Template(name)
	return name, t, ok
}

// readsSpanish: the engine reads text as Spanish, as it does a draft
// when it picks the Spanish safe reply (offerSafeReply).
func (e *Engine) readsSpanish(text string) bool {
	s := statePool.Get().(*state)
	defer statePool.Put(s)
	s.reset(e.m, &Draft{Text: text})
	s.read()
	return s.spanish > 0
}
