package classifier

import (
	"github.com/mailru/easyjson/jlexer"
	"github.com/mailru/easyjson/jwriter"
)

// Texts and Numbers are the maps of a pack (reasons, templates,
// thresholds), with WordSets (wordsets.go). They marshal with their keys sorted, so the same pack always
// has the same bytes, digest and signature, whichever process wrote it.
type (
	Texts   map[string]string
	Numbers map[string]float64
)

func (m Texts) MarshalEasyJSON(w *jwriter.Writer) { writeSorted(w, m, w.String) }

func (m *Texts) UnmarshalEasyJSON(l *jlexer.Lexer) { *m = readMap(l, l.String) }

func (m Numbers) MarshalEasyJSON(w *jwriter.Writer) { writeSorted(w, m, w.Float64) }

func (m *Numbers) UnmarshalEasyJSON(l *jlexer.Lexer) { *m = readMap(l, l.Float64) }

func (m WordSets) MarshalEasyJSON(w *jwriter.Writer) {
	writeSorted(w, m, func(words []string) {
		w.RawByte('[')
		for i, word := range words {
			if i > 0 {
				w.RawByte(',')
			}
			w.String(word)
		}
		w.RawByte(']')
	})
}

func (m *WordSets) UnmarshalEasyJSON(l *jlexer.Lexer) {
	*m = readMap(l, func() []string {
		words := []string{}
		l.Delim('[')
		for !l.IsDelim(']') {
			words = append(words, l.String())
			l.WantComma()
		}
		l.Delim(']')
		return words
	})
}

func writeSorted[V any](w *jwriter.Writer, m map[string]V, put func(V)) {
	w.RawByte('{')
	for i, k := range sortedKeys(m) {
		if i > 0 {
			w.RawByte(',')
		}
		w.String(k)
		w.RawByte(':')
		put(m[k])
	}
	w.RawByte('}')
}

func readMap[V any](l *jlexer.Lexer, get func() V) map[string]V {
	if l.IsNull() {
		l.Skip()
		return nil
	}
	m := map[string]V{}
	l.Delim('{')
	for !l.IsDelim('}') {
		k := l.String()
		l.WantColon()
		m[k] = get()
		l.WantComma()
	}
	l.Delim('}')
	return m
}
