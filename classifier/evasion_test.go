package classifier_test

import (
	"testing"

	"github.com/scrubs/scrubs/classifier"
)

func TestEvasion(t *testing.T) {
	runPolicy(t, []policyCase{
		{"zero-width in name and word", post("So proud of Ma\u200brcus for finishing ch\u200bemo!"), "block", []string{classifier.KindName, classifier.KindCondition}},
		{"cyrillic homoglyphs", post("Big hugs to Dаniel on his new diаbetes diagnosis"), "block", []string{classifier.KindName, classifier.KindCondition}},
		{"full-width", comment("Ｇｅｔ ｗｅｌｌ ｓｏｏｎ Ｍａｒｃｕｓ， ｃｈｅｍｏ ｉｓ ｔｏｕｇｈ"), "block", []string{classifier.KindCondition}},
		{"leetspeak", comment("sending love to d4niel on his last ch3m0 day"), "block", []string{classifier.KindCondition}},
		{"emoji between letters", comment("so proud of you Daniel, c💜a💜n💜c💜e💜r free!"), "block", []string{classifier.KindCondition}},
		{"spaced letters", comment("C O N G R A T S  D A N I E L  O N  Y O U R  L A S T  C H E M O"), "block", []string{classifier.KindCondition}},
		{"spaced ssn", reply("ss# 4 1 2 - 6 7 - 0 9 2 3 right?"), "block", []string{classifier.KindSSN}},
		{"dotted phone", reply("call Ray's wife at 5.5.5.3.1.8.2.2.9.1 about his biopsy"), "block", []string{classifier.KindPhone}},
		{"phone in words", reply("Reach Lena's dad at five five five, three one eight, two two nine one about the MRI results"), "block", []string{classifier.KindPhone}},
		{"all caps", comment("SO GLAD YOUR SURGERY WENT WELL DANIEL!!!"), "block", []string{classifier.KindCondition}},
		{"no capitals", comment("so glad your surgery went well daniel!!"), "block", []string{classifier.KindCondition}},
	})
}

func TestSpanish(t *testing.T) {
	runPolicy(t, []policyCase{
		{"name and condition", comment("Oramos por la familia Reyes, el pequeño Tomás sigue en la UCI"), "block", []string{classifier.KindName}},
		{"case", post("Hoy vino un paciente con una fractura de brazo 😬"), "warn", []string{classifier.KindCase}},
		{"acknowledgement", reply("¡Qué gusto verlos hoy! Su hija se portó muy bien"), "warn", []string{classifier.KindAcknowledge}},
		{"record number", reply("Sra. Rojas, su número de expediente es 00519377"), "block", []string{classifier.KindMRN}},
		{"private channel", reply("No podemos hablar de la atención de nadie aquí; llámenos al (555) 440-1200."), "ok", nil},
	})
}

func TestReplyContext(t *testing.T) {
	runPolicy(t, []policyCase{
		{"thanks for care, named", replyTo("Thanks for the great care after my hysterectomy!", "You're so welcome, Linda!"), "block", []string{classifier.KindName}},
		{"thanks for care, no name", replyTo("Thank you all for taking such good care of my son during his asthma attack", "He was so brave! 💙"), "warn", []string{classifier.KindAcknowledge}},
		{"confirms and repeats", replyTo("My daughter just got diagnosed with celiac", "We're here for you, and the celiac diet gets easier!"), "block", []string{classifier.KindCondition}},
		{"question answered generally", replyTo("Do you take Medicaid?", "Yes! We accept Medicaid and most plans. Call (555) 440-1200."), "ok", nil},
		{"moved to private", replyTo("My son's rash is getting worse, what should I do?", "Please call our nurse line at (555) 440-1200 so we can help."), "ok", nil},
	})
}

func TestOrganisationProfile(t *testing.T) {
	runPolicy(t, []policyCase{
		{"org phone and fax", reply("Fax forms to 555-440-1201 or call (555) 440-1200"), "ok", nil},
		{"org address", post("We've moved! Find us at 900 Mill Street, Riverbend, OR 97301"), "ok", nil},
		{"staff first name", post("Tamara is back from vacation, come say hi!"), "ok", nil},
		{"staff with title", post("Dr. Benitez is now accepting new patients"), "ok", nil},
		{"other phone is not the org's", reply("Is your number still 555-777-1234? We need to reach you about your results"), "block", []string{classifier.KindPhone}},
	})
}

func TestAttachments(t *testing.T) {
	img := func(text string) classifier.Draft {
		d := post(text)
		d.Attachments = []string{"image"}
		return d
	}
	runPolicy(t, []policyCase{
		{"patient photo", img("Look at little Mia after her cast came off!"), "block", []string{classifier.KindPhoto}},
		{"public at an event", img("Thanks to all the families who came to our fall festival!"), "warn", []string{classifier.KindPhoto}},
		{"staff photo", img("Team photo: Dr. Whitaker, Tamara Hughes and Greg Olsen at the charity 5K"), "ok", nil},
		// a staff member's first name alone is not enough: it may be a patient's
		{"staff first name", post("Hope your chemo went ok today Tamara"), "block", []string{classifier.KindName, classifier.KindCondition}},
		{"before and after in text", post("Before and after photo of Jim's smile makeover 😁"), "block", []string{classifier.KindPhoto}},
	})
}
