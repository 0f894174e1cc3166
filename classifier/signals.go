package classifier

import "sort"

// signals are what a lexicon can raise. Each one means a single thing to the
// scorer (score.go); a pack chooses the words, the engine the meaning.
var signals = map[string]string{
	"condition":       "a diagnosis, symptom, procedure, test, result, medication, pregnancy, mental-health or substance-use matter",
	"condition_weak":  "a health word that says little alone (sick, shots, checkup)",
	"care":            "a visit, appointment or stay with a care provider",
	"setting":         "a care setting or unit (NICU, ER, bed 4, room 2)",
	"acknowledgement": "words that confirm a person was seen or cared for",
	"case":            "words that discuss a specific patient's case",
	"advice":          "words that tell one person what to do about their health",
	"testimonial":     "words that tell a patient's story",
	"general":         "words of general education or practice news",
	"private_channel": "words that move a conversation to a private channel",
	"relation":        "a family relation (my son, her daughter)",
	"honorific":       "a title before a name (Mrs., Sr., Dr.)",
	"given_name":      "a first name",
	"surname":         "a family name",
	"not_name":        "a capitalised word that is not a person's name",
	"staff_role":      "a staff role (nurse, doctor, front desk)",
	"public_figure":   "words that mark a public figure or news report",
	"community":       "a small-community description that can point to one person (coach, mail carrier)",
	"photo":           "words that introduce a picture of a person",
	"wish":            "a warm wish addressed to someone (hope, glad, feel better)",
	"gratitude":       "words that accept thanks (you're welcome, our pleasure)",
	"staff_news":      "words of staff news (retirement, work anniversary, welcome to the team)",
}

func isSignal(s string) bool { _, ok := signals[s]; return ok }

func signalNames() []string { return sortedKeys(signals) }

// Templates a pack may carry; "{phone}" and "{org}" are filled in from the
// organisation profile. review_reply is what the safe-reply button puts
// under a review (a site profile's composer names it).
var templateNames = []string{"safe_reply", "safe_reply.es", "review_reply", "review_reply.es"}

func isTemplate(name string) bool {
	for _, t := range templateNames {
		if t == name {
			return true
		}
	}
	return false
}

// thresholds a pack may tune, with their allowed ranges.
var thresholds = map[string][2]float64{
	"condition_min_weight": {0, 1}, // lexicon weight at which a condition term is a specific health detail
	"max_age_unflagged":    {0, 130},
}

func thresholdRange(name string) (lo, hi float64, ok bool) {
	r, ok := thresholds[name]
	return r[0], r[1], ok
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
