package classifier

import (
	"slices"
	"strings"
)

// defaultReasons explain each kind in one sentence a non-lawyer understands.
// A pack may override them.
var defaultReasons = map[string]string{
	KindName:        "This names or points to a person; with anything about their health or care it can reveal that they are a patient. Use initials or leave the name out.",
	KindAddress:     "This is an address or ZIP code that can locate a person. Leave it out.",
	KindDate:        "A date tied to a person (a birth, visit, admission or discharge) can identify them. Leave it out or say \"recently\".",
	KindAge:         "An exact age in a patient's story can identify them. Leave it out, or say \"a patient\".",
	KindPhone:       "This is a personal phone number. Never post a patient's contact details; reach them privately.",
	KindFax:         "This is a fax number that is not the organisation's own. Leave it out.",
	KindEmail:       "This is a personal email address. Never post a patient's contact details; reach them privately.",
	KindURL:         "This link points to a person's page or record. Leave it out.",
	KindIP:          "This is an IP address, which can identify a person's device. Leave it out.",
	KindSSN:         "This looks like a Social Security number. Never post it, not even in part.",
	KindMRN:         "This looks like a medical record or chart number. Never post it.",
	KindHealthPlan:  "This looks like a health plan, member or policy number. Never post it.",
	KindAccount:     "This is an account or billing number that can identify a person. Leave it out.",
	KindLicense:     "This is a licence or certificate number that identifies a person. Leave it out.",
	KindVehicle:     "This is a licence plate or vehicle number that identifies a person. Leave it out.",
	KindDevice:      "This is a device serial number (a hearing aid, pump or wheelchair) that identifies its user. Leave it out.",
	KindPhoto:       "A picture of a patient or family identifies them. Post it only with written consent, and never with health details.",
	KindCondition:   "This is a health detail (a condition, test, treatment or medication) about someone. Don't share it in public.",
	KindAcknowledge: "This confirms that someone is or was a patient here. Reply without confirming care, or move to a private channel.",
	KindCase:        "This discusses a specific patient's case. Even without a name, people who know them can recognise it.",
	KindAdvice:      "This gives one person medical advice in public. Ask them to call the office instead.",
	KindTestimonial: "This tells a patient's story. Post it only with written consent, and without health details that are not needed.",
}

// sortFindings orders findings by where they start, then by kind, so output
// is stable across engines.
func sortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		if a.End != b.End {
			return a.End - b.End
		}
		return strings.Compare(a.Kind, b.Kind)
	})
}
