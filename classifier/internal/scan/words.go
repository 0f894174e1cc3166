package scan

// Word ids: comparing a token with a known word is one integer compare
// (tok.lx), not a case-folding string compare.
var (
	wA          = wordID("a")
	wAge        = wordID("age")
	wAnd        = wordID("and")
	wApartado   = wordID("apartado")
	wApdo       = wordID("apdo")
	wAqui       = wordID("aquí")
	wArea       = wordID("area")
	wArroba     = wordID("arroba")
	wAt         = wordID("at")
	wBox        = wordID("box")
	wCiento     = wordID("ciento")
	wCode       = wordID("code")
	wCon        = wordID("con")
	wCp         = wordID("cp")
	wDe         = wordID("de")
	wDel        = wordID("del")
	wDot        = wordID("dot")
	wEdad       = wordID("edad")
	wEn         = wordID("en")
	wEs         = wordID("es")
	wFrom       = wordID("from")
	wHere       = wordID("here")
	wHoy        = wordID("hoy")
	wHundred    = wordID("hundred")
	wIn         = wordID("in")
	wIs         = wordID("is")
	wIt         = wordID("it")
	wLa         = wordID("la")
	wLas        = wordID("las")
	wLos        = wordID("los")
	wNear       = wordID("near")
	wNo         = wordID("no")
	wO          = wordID("o")
	wOf         = wordID("of")
	wOffice     = wordID("office")
	wP          = wordID("p")
	wPost       = wordID("post")
	wPasada     = wordID("pasada")
	wPasado     = wordID("pasado")
	wPo         = wordID("po")
	wPob        = wordID("pob")
	wPostal     = wordID("postal")
	wPunto      = wordID("punto")
	wThat       = wordID("that")
	wThere      = wordID("there")
	wThis       = wordID("this")
	wToday      = wordID("today")
	wTrabajando = wordID("trabajando")
	wW          = wordID("w")
	wWhat       = wordID("what")
	wWhich      = wordID("which")
	wWho        = wordID("who")
	wY          = wordID("y")
	wYo         = wordID("yo")
	wYof        = wordID("yof")
	wYom        = wordID("yom")
)

// wordID adds w (already folded) to the lexicon and returns its token id.
func wordID(w string) uint16 {
	entry(w)
	return lexIdx[w]
}

// is reports whether token k is the word with id w.
func (s *scratch) is(k int, w uint16) bool {
	t := s.at(k)
	return t.lx == w && t.k == tWord
}
