package classifier

import (
	"fmt"
	"strings"
)

// WordSets are closed lists of single words that the recognisers read by
// position: the word before a name ("thanks Karen"), the word after a
// capitalised place ("Sweet Harbor Bakery"). They are pack data, the
// pack's "words" (rules/words.json holds the built-in ones); a pack's set
// replaces the built-in set of the same name. Words are folded: lower
// case, one token each.
type WordSets map[string][]string

// wordSet names one of the sets the engine reads.
type wordSet uint8

const (
	wsNameLeaders       wordSet = iota // greetings, thanks, "meet": a name may follow
	wsPlaceFollowers                   // business and place words: the capitalised word before is not a person
	wsSubjectVerbs                     // verbs after a sentence-initial name ("Mia was ...")
	wsSaints                           // "St", "San": the capitalised word after is a place or a saint
	wsEvents                           // a photo of one of these shows the public, not just staff
	wsTeams                            // a photo of one of these shows staff
	wsCommonCapitalised                // ordinary words that stand in a name's position ("the Thanksgiving menu")
	wsOurs                             // "our": the organisation's own
	wsPossessives                      // your, his, her, their: someone's own
	wsFirstPerson                      // I, my, me: the writer speaks of themself
	wsQuoteSigners                     // words after a quote that attribute it to a patient or family
	wsThanks                           // replying_to thanks someone
	wsNotTypos                         // ordinary words one slip from a lexicon word ("sliver"): never read as its typo
	numWordSets
)

var wordSetNames = [numWordSets]string{
	wsNameLeaders: "name_leaders", wsPlaceFollowers: "place_followers", wsSubjectVerbs: "subject_verbs", wsSaints: "saints",
	wsEvents: "events", wsTeams: "teams", wsCommonCapitalised: "common_capitalised", wsOurs: "ours",
	wsPossessives: "possessives", wsFirstPerson: "first_person", wsQuoteSigners: "quote_signers", wsThanks: "thanks", wsNotTypos: "not_typos",
}

// Word set limits.
const (
	maxSetWords = 5000
	maxWordLen  = 40
)

func wordSetByName(name string) (wordSet, bool) {
	for i, n := range wordSetNames {
		if n == name {
			return wordSet(i), true
		}
	}
	return 0, false
}

func (v *validator) wordSets(ws WordSets) {
	for _, name := range sortedKeys(ws) {
		path := "words." + name
		if _, ok := wordSetByName(name); !ok {
			v.add(path, "is not a word set; use one of %s", strings.Join(wordSetNames[:], ", "))
			continue
		}
		words := ws[name]
		if len(words) > maxSetWords {
			v.add(path, "has %d words; at most %d", len(words), maxSetWords)
			continue
		}
		for i, w := range words {
			switch {
			case w == "" || len(w) > maxWordLen:
				v.add(fmt.Sprintf("%s[%d]", path, i), "must be 1 to %d bytes", maxWordLen)
			case strings.ToLower(w) != w || strings.ContainsAny(w, " \t\n"):
				v.add(fmt.Sprintf("%s[%d]", path, i), "%q must be one word in lower case", w)
			}
		}
	}
}

// compileWordSets builds the engine's sets; a set the pack lacks is empty.
func compileWordSets(ws WordSets) [numWordSets]map[string]bool {
	var out [numWordSets]map[string]bool
	for i, name := range wordSetNames {
		out[i] = make(map[string]bool, len(ws[name]))
		for _, w := range ws[name] {
			out[i][w] = true
		}
	}
	return out
}

// in reports whether folded word w is in set ws.
func (m *matcher) in(ws wordSet, w []byte) bool { return m.words[ws][string(w)] }
