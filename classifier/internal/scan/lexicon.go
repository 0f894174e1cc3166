package scan

import "strings"

// Lexicon flags. One map lookup per word token gives every role the word
// plays for every scanner.
const (
	fxDigitWeak  uint64 = 1 << iota // "oh", "o": zero only inside a spelled number
	fxMonthAbbr                     // jan, feb, sept...
	fxMonthAmb                      // may, march: also ordinary words
	fxRelMod                        // next, last, this, próximo, pasado
	fxDatePrep                      // in, on, since, until, en, desde
	fxDateCue                       // born, dob, admitted, discharged, died, surgery...
	fxStreet                        // street suffix
	fxStreetAbbr                    // abbreviated street suffix (st, rd, ln)
	fxState                         // US state or territory abbreviation
	fxStateName                     // US state name (or its last word)
	fxZipCue                        // zip, zipcode, postal
	fxConnSym                       // "no", "num", "number", "id": a label connector
	fxConnWord                      // is, es, de, the, his, su: filler between label and value
	fxFax                           // fax, facsimile
	fxPhoneCue                      // call, phone, cell, tel, llame
	fxSSNCue                        // ssn, social
	fxStop                          // function words that cannot be part of a street name
	fxUnit                          // cup, mg, tablet: "1/2 cup" is not a date
	fxSpStreet                      // calle, avenida: Spanish street prefixes
	fxApt                           // apt, suite, depto
	fxAgeCue                        // age, aged, edad
	fxTurn                          // turned, turns, cumplió
	fxTiene                         // tiene, tenía: "tiene 3 años"
	fxAgeNeg                        // más, hace, durante, under, over: not an exact age
	fxOld                           // old
	fxBirthday                      // birthday, bday, cumpleaños
	fxHappy                         // happy, feliz
	fxSex                           // m, f, male, female
	fxAfterAge                      // words that may follow "turned 95"
	fxAgeOpen                       // up, older, mayores: "age 65 and up" is not one person
	fxAt                            // at, a, las: "Thursday at 10:15"
	fxAmPm                          // am, pm
	fxOrdPrep                       // on, by, until: "on the 14th"
	fxThe                           // the
	fxOf                            // of, de, del
	fxDirection                     // n, north...
	fxIs                            // is
	fxNow                           // now
	fxYearWord                      // years, año: the unit after a number word
	fxAnd                           // and, or, y, to
	fxPOBox                         // po, p, post, apartado: may start a PO box
	fxDet                           // a, an, our, the, my: a determiner before a noun
	fxPlace                         // apartments, trailer (park), subdivision: where people live
	fxSpPlace                       // colonia, barrio: Spanish neighbourhood prefixes
	fxDigitWord                     // a spelled digit (one, cinco)
	fxNumWord                       // a number word (ninety, noventa)
	fxDateWord                      // a month or weekday name
	fxLabel                         // starts an identifier label
	fxAtWord                        // at, arroba
	fxAddrCue                       // address, dirección: a street number follows
)

// Age units.
const (
	uYear int8 = iota + 1
	uMonth
	uWeek
	uDay
)

var unitNames = [...]string{"", "years", "months", "weeks", "days"}

type lexEntry struct {
	fl     uint64
	digit  int8  // 0-9 for a digit word, -1 otherwise
	month  int8  // 1-12
	wday   int8  // 1-7
	unit   int8  // age unit
	num    int16 // value of a number word (ages), -1 otherwise
	ord    int8  // value of an ordinal word (first=1 ... thirtieth=30)
	labels []uint16
}

var (
	lexTab []lexEntry
	lexIdx = map[string]uint16{}
	noLex  = lexEntry{digit: -1, num: -1}
)

// foldTo folds w for lexicon lookup: ASCII and Latin-1 upper case to lower
// case, curly apostrophes to '. It returns false if w is too long.
func foldTo(buf []byte, w string) ([]byte, bool) {
	buf = buf[:0]
	for i := 0; i < len(w); i++ {
		if len(buf) == cap(buf) {
			return buf, false
		}
		b := w[i]
		switch {
		case b >= 'A' && b <= 'Z':
			b += 32
		case b == 0xC3 && i+1 < len(w) && w[i+1] >= 0x80 && w[i+1] <= 0x9E && w[i+1] != 0x97:
			buf = append(buf, b)
			i++
			b = w[i] + 0x20
		case b == 0xE2 && i+2 < len(w) && w[i+1] == 0x80 && w[i+2] == 0x99:
			i += 2
			b = '\''
		}
		buf = append(buf, b)
	}
	return buf, true
}

// An open-addressing table over the folded lexicon keys lets the tokenizer
// look ASCII words up with the FNV-1a hash it computes while reading them.
const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
	maxLexLen = 24
)

var (
	lexKeys  []string // key of entry i
	lexSlots []uint16 // entry + 1, 0 for empty
)

func buildTable() {
	lexKeys = make([]string, len(lexTab))
	for k, i := range lexIdx {
		lexKeys[i-1] = k
	}
	n := 1
	for n < 4*len(lexTab) {
		n <<= 1
	}
	lexSlots = make([]uint16, n)
	for i, k := range lexKeys {
		h := uint32(fnvOffset)
		for j := 0; j < len(k); j++ {
			h = (h ^ uint32(k[j])) * fnvPrime
		}
		for p := h & uint32(n-1); ; p = (p + 1) & uint32(n-1) {
			if lexSlots[p] == 0 {
				lexSlots[p] = uint16(i + 1)
				break
			}
		}
	}
}

// lookupASCII finds the ASCII word w whose folded FNV-1a hash is h.
func lookupASCII(w string, h uint32) uint16 {
	mask := uint32(len(lexSlots) - 1)
	for p := h & mask; ; p = (p + 1) & mask {
		id := lexSlots[p]
		if id == 0 {
			return 0
		}
		k := lexKeys[id-1]
		if len(k) == len(w) && eqLowerASCII(w, k) {
			return id
		}
	}
}

func eqLowerASCII(w, k string) bool {
	for i := 0; i < len(w); i++ {
		if lower(w[i]) != k[i] {
			return false
		}
	}
	return true
}

func lookup(w string) uint16 {
	var arr [32]byte
	b, ok := foldTo(arr[:], w)
	if !ok {
		return 0
	}
	return lexIdx[string(b)] // no allocation: the compiler looks up by bytes
}

// foldEq reports whether w folds to the already folded word want.
func foldEq(w, want string) bool {
	var arr [32]byte
	b, ok := foldTo(arr[:], w)
	return ok && string(b) == want
}

func entry(w string) *lexEntry {
	if i, ok := lexIdx[w]; ok {
		return &lexTab[i-1]
	}
	lexTab = append(lexTab, lexEntry{digit: -1, num: -1})
	lexIdx[w] = uint16(len(lexTab))
	return &lexTab[len(lexTab)-1]
}

func flag(f uint64, words string) {
	for _, w := range strings.Fields(words) {
		entry(w).fl |= f
	}
}

func init() {
	for i, w := range strings.Fields("zero one two three four five six seven eight nine") {
		entry(w).digit = int8(i)
	}
	for i, w := range strings.Fields("cero uno dos tres cuatro cinco seis siete ocho nueve") {
		entry(w).digit = int8(i)
	}
	entry("oh").digit, entry("o").digit = 0, 0
	flag(fxDigitWeak, "oh o")

	months := [][]string{
		{"january", "jan", "enero", "ene"},
		{"february", "feb", "febrero"},
		{"march", "mar", "marzo"},
		{"april", "apr", "abril", "abr"},
		{"may", "mayo"},
		{"june", "jun", "junio"},
		{"july", "jul", "julio"},
		{"august", "aug", "agosto", "ago"},
		{"september", "sep", "sept", "septiembre", "setiembre"},
		{"october", "oct", "octubre"},
		{"november", "nov", "noviembre"},
		{"december", "dec", "diciembre", "dic"},
	}
	for i, names := range months {
		for _, w := range names {
			entry(w).month = int8(i + 1)
		}
	}
	flag(fxMonthAbbr, "jan ene feb mar apr abr jun jul aug ago sep sept oct nov dec dic")
	flag(fxMonthAmb, "may march mar ago sep")
	for i, names := range [][]string{
		{"monday", "mon", "lunes"}, {"tuesday", "tue", "tues", "martes"},
		{"wednesday", "wed", "miércoles", "miercoles"}, {"thursday", "thu", "thur", "thurs", "jueves"},
		{"friday", "fri", "viernes"}, {"saturday", "sat", "sábado", "sabado"},
		{"sunday", "sun", "domingo"},
	} {
		for _, w := range names {
			entry(w).wday = int8(i + 1)
		}
	}
	flag(fxRelMod, "next last this past coming próximo proximo próxima proxima pasado pasada este esta")
	flag(fxDatePrep, "in on since until till by before after during early late mid from en desde hasta para antes después despues")
	flag(fxDateCue, `born birth birthday bday dob d.o.b nacimiento nació nacio nacido nacida
		admitted admit admission admissions readmitted discharged discharge discharges died death passed deceased
		funeral surgery surgeries operation procedure appointment appt appts visit seen delivered
		ingresó ingreso ingresado ingresada alta falleció fallecio murió murio fallecimiento muerte
		cirugía cirugia operación operacion cita consulta parto`)

	flag(fxStreet|fxStreetAbbr, "st rd ln ave av blvd dr ct pl hwy pkwy cir ter trl sq")
	flag(fxStreet, `street road lane avenue drive boulevard court place way circle terrace trail
		parkway highway pike loop row square crescent alley`)
	flag(fxState, `al ak az ar ca co ct de dc fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne
		nv nh nj nm ny nc nd oh ok or pa pr ri sc sd tn tx ut vt va wa wv wi wy`)
	flag(fxStateName, `alabama alaska arizona arkansas california colorado connecticut delaware florida
		georgia hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts
		michigan minnesota mississippi missouri montana nebraska nevada hampshire jersey mexico york
		carolina dakota ohio oklahoma oregon pennsylvania rico island tennessee texas utah vermont
		virginia washington wisconsin wyoming`)
	flag(fxZipCue, "zip zipcode postal")
	flag(fxConnSym, "no num nbr nr number numero número núm nº id #")
	flag(fxConnWord, "is was are es era of for the his her their your my our su sus el la del de ending ends termina en in")
	flag(fxFax, "fax faxes faxed facsimile telefax")
	flag(fxPhoneCue, `call text txt phone tel telephone cell mobile number contact reach dial ph
		llame llamar llamenos llámenos llámame llamame llámanos llamanos marque marca
		teléfono telefono tel celular cel whatsapp móvil movil`)
	flag(fxSSNCue, "ssn ss social soc")
	flag(fxStop, `the a an and or of in on at to for with from by is was my your his her our their this
		that it we you he she they y de la el los las un una del al en con`)
	flag(fxUnit, `cup cups tsp tbsp teaspoon tablespoon tablet tablets tab tabs pill pills dose doses mg ml
		lb lbs oz inch inches mile miles km kg hour hours hr hrs of stars star strength taza tazas`)
	flag(fxSpStreet, "calle avenida av avda camino callejón callejon paseo carretera calzada privada cerrada bulevar")
	flag(fxApt, "apt apartment suite ste apto depto departamento dpto")
	flag(fxPlace, "apartments apts estates condos condominiums manor towers trailer subdivision")
	flag(fxSpPlace, "colonia col fraccionamiento fracc barrio residencial")
	flag(fxAgeCue, "age aged edad")
	flag(fxTurn, "turned turns turning turn cumplió cumplio cumple cumplirá cumplira cumplir cumplía")
	flag(fxTiene, "tiene tenía tenia tengo tienes")
	flag(fxAgeNeg, "más mas menos menores mayores hace durante por cada tras over under than ages above below within after older younger")
	flag(fxOld, "old old's")
	flag(fxBirthday, "birthday bday birthdays cumpleaños cumpleanos cumple")
	flag(fxHappy, "happy feliz")
	flag(fxSex, "m f male female")
	flag(fxAfterAge, `today yesterday tomorrow this last next on and in at with w so years year yrs
		hoy ayer mañana manana el este y años anos the`)
	flag(fxAgeOpen, "up older over younger under above below plus mayores menores más mas")
	flag(fxAt, "at a las @")
	flag(fxAmPm, "am pm")
	flag(fxOrdPrep, "on by until till since before after from through thru for el")
	flag(fxThe, "the")
	flag(fxOf, "of de del")
	flag(fxDirection, "n s e w ne nw se sw north south east west")
	flag(fxIs, "is are")
	flag(fxNow, "now")
	flag(fxAnd, "and or y to a through thru")
	flag(fxPOBox, "po pob p post apartado apdo")
	flag(fxDet, "a an our the my your his her their this that un una el la nuestro nuestra su mi")

	ages := map[string]int8{
		"year": uYear, "years": uYear, "yr": uYear, "yrs": uYear, "y": uYear,
		"month": uMonth, "months": uMonth, "mo": uMonth, "mos": uMonth, "mth": uMonth, "mths": uMonth,
		"week": uWeek, "weeks": uWeek, "wk": uWeek, "wks": uWeek,
		"day": uDay, "days": uDay,
	}
	for w, u := range ages {
		entry(w).unit = u
	}
	for w, u := range map[string]int8{"años": uYear, "anos": uYear, "añitos": uYear, "añito": uYear, "año": uYear,
		"meses": uMonth, "mes": uMonth, "semanas": uWeek, "días": uDay, "dias": uDay} {
		entry(w).unit = u
		entry(w).fl |= fxYearWord
	}

	// Number words for ages ("ninety-two-year-old", "de cinco años").
	for i, w := range strings.Fields(`zero one two three four five six seven eight nine ten eleven twelve
		thirteen fourteen fifteen sixteen seventeen eighteen nineteen`) {
		entry(w).num = int16(i)
	}
	for i, w := range strings.Fields("twenty thirty forty fifty sixty seventy eighty ninety") {
		entry(w).num = int16(20 + 10*i)
	}
	for i, w := range strings.Fields(`cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce
		trece catorce quince dieciséis diecisiete dieciocho diecinueve veinte veintiuno veintidós
		veintitrés veinticuatro veinticinco veintiséis veintisiete veintiocho veintinueve`) {
		entry(w).num = int16(i)
	}
	for w, v := range map[string]int16{"un": 1, "una": 1, "dieciseis": 16, "veintidos": 22, "veintitres": 23,
		"veintiseis": 26, "veintiún": 21, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60,
		"setenta": 70, "ochenta": 80, "noventa": 90, "cien": 100, "ciento": 100, "hundred": 100} {
		entry(w).num = v
	}

	for i, w := range strings.Fields(`first second third fourth fifth sixth seventh eighth ninth tenth eleventh
		twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth`) {
		entry(w).ord = int8(i + 1)
	}
	entry("thirtieth").ord = 30

	buildLabels()
	flag(fxAtWord, "at arroba")
	flag(fxDateWord, "primero")
	flag(fxAddrCue, "address addr dirección direccion domicilio")
	flag(fxDigitWord, "double doble triple")
	for i := range lexTab {
		e := &lexTab[i]
		if e.digit >= 0 {
			e.fl |= fxDigitWord
		}
		if e.num >= 0 {
			e.fl |= fxNumWord
		}
		if e.month > 0 || e.wday > 0 || e.ord > 0 {
			e.fl |= fxDateWord
		}
		if len(e.labels) > 0 {
			e.fl |= fxLabel
		}
	}
	buildTable()
}
