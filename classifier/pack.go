package classifier

// PackSchema is the only pack format this engine reads.
const PackSchema = "scrubs.pack/1"

// Pack is a rule pack as written by people and served by the server: the
// raw, uncompiled form. Compile turns it into an Engine.
//
// A pack with Base "default" extends the built-in rules: its lexicons and
// patterns are added to the default ones (a lexicon with the same id
// replaces the default one), its templates, reasons and thresholds
// override the defaults key by key, and its model, when it has one,
// replaces the default one. That lets an organisation's pack hold
// only what is its own. Site profiles (sites.go) always stand on the
// built-in ones, base or not: a profile replaces the built-in one with
// its id, and the built-in ones it does not replace stay.
//
//easyjson:json
type Pack struct {
	Schema     string    `json:"schema"`
	Name       string    `json:"name"`
	Base       string    `json:"base,omitempty"`
	Org        Org       `json:"org"`
	Lexicons   []Lexicon `json:"lexicons,omitempty"`
	Patterns   []Pattern `json:"patterns,omitempty"`
	Reasons    Texts     `json:"reasons,omitempty"`
	Templates  Texts     `json:"templates,omitempty"`
	Thresholds Numbers   `json:"thresholds,omitempty"`
	Words      WordSets  `json:"words,omitempty"` // wordsets.go
	Model      *Model    `json:"model,omitempty"`
	Sites      []Site    `json:"sites,omitempty"`
	Queue      *Queue    `json:"queue,omitempty"` // queuepack.go
}

// Org is the organisation profile: everything in it belongs to the
// organisation and is never an identifier of a patient.
//
//easyjson:json
type Org struct {
	Name      string   `json:"name"`
	Aliases   []string `json:"aliases,omitempty"`
	Phones    []string `json:"phones,omitempty"`
	Faxes     []string `json:"faxes,omitempty"`
	Emails    []string `json:"emails,omitempty"`
	Addresses []string `json:"addresses,omitempty"`
	Websites  []string `json:"websites,omitempty"`
	Staff     []string `json:"staff,omitempty"`
}

// Lexicon is a list of terms that all raise one signal. Terms match whole
// words, case-insensitively, after normalisation (confusables, leetspeak,
// accents folded); a trailing "*" matches any word ending.
//
//easyjson:json
type Lexicon struct {
	ID     string   `json:"id"`
	Signal string   `json:"signal"`
	Lang   string   `json:"lang,omitempty"` // en, es, or empty for both
	Weight float64  `json:"weight,omitempty"`
	Terms  []string `json:"terms"`
	// Typos: the terms also match with a word mistyped ("diabtees"): two
	// letters swapped, or one dropped from a long word (lexmatch/typos.go).
	// For lexicons of long, rare words; a slip of a common word is usually
	// another word.
	Typos    bool     `json:"typos,omitempty"`
	Examples Examples `json:"examples,omitempty"`
}

// Pattern is an RE2 expression (Go regexp syntax) for identifiers an
// organisation knows the shape of, such as its own record numbers.
// Keywords, when given, keep the expression off text that cannot match.
//
//easyjson:json
type Pattern struct {
	ID       string   `json:"id"`
	Kind     string   `json:"kind"`
	Regex    string   `json:"regex"`
	Keywords []string `json:"keywords,omitempty"`
	Reason   string   `json:"reason,omitempty"`
	Examples Examples `json:"examples,omitempty"`
}

// Examples are texts a lexicon or pattern must (Hit) and must not (Miss)
// match; validation runs them through the compiled rule.
//
//easyjson:json
type Examples struct {
	Hit  []string `json:"hit,omitempty"`
	Miss []string `json:"miss,omitempty"`
}
