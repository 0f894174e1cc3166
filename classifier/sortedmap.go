package classifier

import (
	"github.com/mailru/easyjson/jlexer"
	"github.com/mailru/easyjson/jwriter"
)

// Texts and Numbers are the maps of a pack (reasons, templates,
// thresholds). They marshal with their keys sorted, so the same pack always
// has the same bytes, digest and signature, whichever process wrote it.
type (
	Texts   map[string]string
	Numbers map[string]float64
)

func (m Texts) MarshalEasyJSON(w *jwriter.Writer) {
	w.RawByte('{')
	for i, k := range sortedKeys(m) {
		if i > 0 {
			w.RawByte(',')
		}
		w.String(k)
		w.RawByte(':')
		w.String(m[k])
	}
	w.RawByte('}')
}

func (m *Texts) UnmarshalEasyJSON(l *jlexer.Lexer) {
	if l.IsNull() {
		l.Skip()
		*m = nil
		return
	}
	*m = Texts{}
	l.Delim('{')
	for !l.IsDelim('}') {
		k := l.UnsafeString()
		l.WantColon()
		(*m)[string([]byte(k))] = l.String()
		l.WantComma()
	}
	l.Delim('}')
}

func (m Numbers) MarshalEasyJSON(w *jwriter.Writer) {
	w.RawByte('{')
	for i, k := range sortedKeys(m) {
		if i > 0 {
			w.RawByte(',')
		}
		w.String(k)
		w.RawByte(':')
		w.Float64(m[k])
	}
	w.RawByte('}')
}

func (m *Numbers) UnmarshalEasyJSON(l *jlexer.Lexer) {
	if l.IsNull() {
		l.Skip()
		*m = nil
		return
	}
	*m = Numbers{}
	l.Delim('{')
	for !l.IsDelim('}') {
		k := l.UnsafeString()
		l.WantColon()
		(*m)[string([]byte(k))] = l.Float64()
		l.WantComma()
	}
	l.Delim('}')
}
