package classifier

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
