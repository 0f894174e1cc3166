package classifier_test

import (
	"strings"
	"testing"

	"github.com/scrubs/scrubs/classifier"
)

// otherOrg is an organisation unlike the dev corpus's: a family practice
// with dental and behavioural health, so the tests check that rules
// generalise beyond paediatrics.
var otherOrg = classifier.Org{
	Name:      "Riverbend Family Health",
	Aliases:   []string{"Riverbend", "RFH"},
	Phones:    []string{"(555) 440-1200"},
	Faxes:     []string{"555-440-1201"},
	Emails:    []string{"frontdesk@riverbendhealth.example"},
	Addresses: []string{"900 Mill Street, Riverbend, OR 97301"},
	Websites:  []string{"riverbendhealth.example", "facebook.com/riverbendhealth"},
	Staff:     []string{"Dr. Alan Whitaker", "Dr. Sofia Benitez", "Tamara Hughes, RN", "Greg Olsen"},
}

func otherEngine(t testing.TB) *classifier.Engine {
	t.Helper()
	e, err := classifier.Compile(&classifier.Pack{Schema: classifier.PackSchema, Name: "riverbend", Base: "default", Org: otherOrg})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

type policyCase struct {
	name    string
	draft   classifier.Draft
	verdict string
	kinds   []string // kinds that must be among the findings
}

func post(text string) classifier.Draft {
	return classifier.Draft{Text: text, Mode: "post", Platform: "facebook"}
}
func reply(text string) classifier.Draft {
	return classifier.Draft{Text: text, Mode: "reply", Platform: "facebook"}
}
func comment(text string) classifier.Draft {
	return classifier.Draft{Text: text, Mode: "comment", Platform: "instagram"}
}
func replyTo(to, text string) classifier.Draft {
	return classifier.Draft{Text: text, Mode: "reply", Platform: "facebook", ReplyingTo: to}
}

// rulesEngine is otherEngine without the learned model: the policy's
// combinations as the rules apply them.
func rulesEngine(t testing.TB) *classifier.Engine {
	t.Helper()
	p := *classifier.DefaultPack()
	p.Model, p.Org = nil, otherOrg
	e, err := classifier.Compile(&p)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// runPolicy holds the rules to each case's verdict and kinds, and the
// whole engine (rules weighed by the model) to flagging exactly the cases
// the policy flags.
func runPolicy(t *testing.T, cases []policyCase) {
	t.Helper()
	e, rules := otherEngine(t), rulesEngine(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := rules.Classify(c.draft)
			if r.Verdict != c.verdict {
				t.Errorf("%q: rules' verdict %s, want %s; findings %s", c.draft.Text, r.Verdict, c.verdict, describe(c.draft.Text, r))
			}
			if got := e.Classify(c.draft); (got.Verdict == classifier.VerdictOK) != (c.verdict == classifier.VerdictOK) {
				t.Errorf("%q: verdict %s, want %s; findings %s", c.draft.Text, got.Verdict, c.verdict, describe(c.draft.Text, got))
			}
			for _, k := range c.kinds {
				if !hasKind(r, k) {
					t.Errorf("%q: no %s finding; findings %s", c.draft.Text, k, describe(c.draft.Text, r))
				}
			}
		})
	}
}

func hasKind(r classifier.Result, kind string) bool {
	for _, f := range r.Findings {
		if f.Kind == kind {
			return true
		}
	}
	return false
}

func describe(text string, r classifier.Result) string {
	u := []rune(text) // good enough for test output: BMP texts
	var parts []string
	for _, f := range r.Findings {
		s, e := f.Start, f.End
		if e > len(u) {
			e = len(u)
		}
		if s > e {
			s = e
		}
		parts = append(parts, f.Kind+"="+string(u[s:e]))
	}
	return "[" + strings.Join(parts, "; ") + "]"
}

func TestIdentifiers(t *testing.T) {
	runPolicy(t, []policyCase{
		{"ssn dashed", reply("Can you confirm his SSN is 412-67-0923 for the form?"), "block", []string{classifier.KindSSN}},
		{"ssn spaced", reply("social is 4 1 2 6 7 0 9 2 3 right?"), "block", []string{classifier.KindSSN}},
		{"mrn", reply("Found the chart, MRN 7730021, we'll fix the allergy list"), "block", []string{classifier.KindMRN}},
		{"member id", reply("Your member ID BCX99812345 shows inactive, please bring the new card"), "block", []string{classifier.KindHealthPlan}},
		{"patient phone alone", reply("Mr. Landry, the number we have for you (555) 318-2291 isn't working"), "warn", []string{classifier.KindPhone}},
		{"patient email with condition", reply("Sent the wound care instructions for Tom's stitches to tomb1987@mail.example"), "block", []string{classifier.KindEmail, classifier.KindCondition}},
		{"device serial with health", comment("Whose hearing aid is this? serial HX-2231-77 left in room 2"), "block", []string{classifier.KindDevice}},
		{"plate alone", post("Whoever drives plate 7KLM221, your lights are on in our lot!"), "warn", []string{classifier.KindVehicle}},
		{"age over 89", post("Happy 96th birthday to our oldest patient, Mrs. Eleanor Voss! 🎂"), "block", []string{classifier.KindAge, classifier.KindName}},
		{"age in case", post("Saw a 47-year-old man today with crushing chest pain, turned out to be an MI"), "block", []string{classifier.KindAge, classifier.KindCase}},
		{"street address with care", comment("We dropped off Ray's crutches at 1418 Birch Lane this morning"), "block", []string{classifier.KindAddress}},
		{"date of birth", reply("Just need to confirm Nadia's DOB, 04/11/2016, before her MRI"), "block", []string{classifier.KindDate}},
		{"ip with results", reply("Your portal login from 198.51.100.23 was locked; your biopsy results are waiting there"), "block", []string{classifier.KindIP}},
		{"personal url", comment("Donate to Ray's chemo fund at gofundme.com/ray-fights-lymphoma"), "block", []string{classifier.KindURL}},
		{"stranger's fax", reply("Faxed Kim's x-ray report to her chiropractor at fax 555-223-9087"), "block", []string{classifier.KindFax}},
		{"licence alone", post("Found at check-in: a driver's license, DL# D4412-7781-0093, come grab it"), "warn", []string{classifier.KindLicense}},
		{"account with visit", reply("Hi Dee, your balance on account #77120-4 for the cardiology visit is $40"), "block", []string{classifier.KindAccount}},
	})
}

func TestHealthAndRelationship(t *testing.T) {
	runPolicy(t, []policyCase{
		{"name with condition", post("So proud of Marcus Delaney for finishing his last round of chemo! 🔔"), "block", []string{classifier.KindName, classifier.KindCondition}},
		{"dental name", comment("Great job today Kaylee, that root canal was a tough one!"), "block", []string{classifier.KindName, classifier.KindCondition}},
		{"pt name", post("Shoutout to Derek who is back running 6 weeks after ACL reconstruction!"), "block", []string{classifier.KindName, classifier.KindCondition}},
		{"obgyn reply", reply("Congratulations Priya, we can't wait to see you at your 20-week ultrasound!"), "block", []string{classifier.KindName}},
		{"behavioural health", comment("So proud of you Jordan, 90 days sober is huge 💪"), "block", []string{classifier.KindName, classifier.KindCondition}},
		{"substance use reply", reply("Keep taking the Suboxone as prescribed and we'll see you Thursday"), "block", nil},
		{"er case without identifier", post("Had a patient tonight who came in with a nail through his hand 😬"), "warn", []string{classifier.KindCase}},
		{"shorthand case", post("pt c/o chest pain, hx of htn, r/o MI"), "warn", []string{classifier.KindCase}},
		{"acknowledgement without detail", reply("So glad you're feeling better! See you at your next visit"), "warn", []string{classifier.KindAcknowledge}},
		{"acknowledgement with detail", reply("Hope the new knee brace is helping!"), "block", []string{classifier.KindAcknowledge}},
		{"advice to one person", reply("You should stop taking the ibuprofen and switch to Tylenol"), "warn", []string{classifier.KindAdvice}},
		{"testimonial without name", post("“Dr. Whitaker caught my husband's melanoma early and saved his life.” — one of our patients"), "warn", []string{classifier.KindTestimonial}},
		{"testimonial with name", post("Meet Rosa Delgado, who beat breast cancer with our team last spring"), "block", []string{classifier.KindTestimonial, classifier.KindName}},
		{"seen in the er", comment("Hey Sam, saw you in the ER last night, hope your arm is better"), "block", []string{classifier.KindName}},
		{"er anecdote", post("That guy who came in drunk again last night 🙄 #ERlife"), "warn", []string{classifier.KindCase}},
		{"title and initial", post("Our patient Mr. D finally went home after 3 weeks in the ICU 💙"), "block", []string{classifier.KindName}},
		{"results in a reply", reply("Your A1C came back at 9.2 so we need to bump up your metformin"), "block", []string{classifier.KindCondition}},
		{"crisis hold", post("Tough shift. Had a young guy come in on a 5150 after trying to end it. He's stable now. Hug your people."), "warn", []string{classifier.KindCase}},
		{"birth announcement", post("Welcome to the world, baby Noah! Born 3/4 at 8 lbs 1 oz to proud parents Jess and Mike 💙"), "block", []string{classifier.KindName, classifier.KindCondition}},
		{"prior auth in a reply", reply("Hi Tom, your prior auth for the Vivitrol shot finally went through! Member ID HMO449201877"), "block", []string{classifier.KindHealthPlan}},
		{"first fillings", comment("Brave girl Sophia got her first two fillings today without crying! 🦷"), "block", []string{classifier.KindName, classifier.KindCondition}},
		{"results in a named reply", reply("Dr. Whitaker says your cholesterol is down to 180, great work Linda!"), "block", []string{classifier.KindCondition}},
		{"result confirmed", replyTo("Is my biopsy result back yet?", "Yes Linda, it came back benign, no cancer!"), "block", []string{classifier.KindName, classifier.KindCondition}},
		{"love after a loss", replyTo("Thank you for helping me through my miscarriage, you were all so kind", "Sending you so much love, Brianna 💗"), "block", []string{classifier.KindName}},
	})
}

func TestLeftAlone(t *testing.T) {
	runPolicy(t, []policyCase{
		{"education", post("Strep throat 101: sore throat, fever, no cough. A quick swab tells us for sure."), "ok", nil},
		{"flu clinic", post("Flu shots are in! Walk-ins welcome Saturdays 9–1. Call (555) 440-1200 to book."), "ok", nil},
		{"new machine", post("Meet our new MRI machine! Faster scans, less noise."), "ok", nil},
		{"staff birthday", post("Happy birthday to our amazing nurse Tamara Hughes! 🎂"), "ok", nil},
		{"staff news", post("Dr. Alan Whitaker ran his first marathon this weekend!"), "ok", nil},
		{"private channel", reply("We can't discuss anyone's care here; please call our office at (555) 440-1200."), "ok", nil},
		{"org contact", reply("Email us at frontdesk@riverbendhealth.example or visit riverbendhealth.example"), "ok", nil},
		{"public figure", post("Senator Mark Ellison announced he is being treated for prostate cancer. A good reminder to get screened."), "ok", nil},
		{"anonymous totals", post("We gave 1,200 flu shots this fall — thank you Riverbend!"), "ok", nil},
		{"hours", post("Closed Monday 9/2 for Labor Day. Nurse line open 24/7."), "ok", nil},
		{"spanish education", post("Señales de deshidratación: boca seca, pocas lágrimas. ¡Llámenos si nota estas señales!"), "ok", nil},
		{"awareness month", post("Breast cancer awareness month: schedule your mammogram today. Early detection saves lives 🎀"), "ok", nil},
		{"hypothetical in a reply", reply("We can't give medical advice here, but if he's wheezing please call our nurse line at (555) 440-1200."), "ok", nil},
		{"crisis line", post("Mental health check-in: it's okay to not be okay. Our counselors are here Mon–Fri. Call 988 any time for crisis support."), "ok", nil},
		{"pt tip", post("PT tip: ice for the first 48 hours, then heat. Always ask your therapist before starting new exercises."), "ok", nil},
		{"prenatal yoga", post("Free prenatal yoga every Saturday at 10 in our community room. All trimesters welcome!"), "ok", nil},
		{"heat advisory", post("Heat advisory this week: drink water, check on elderly neighbours, and know the signs of heat stroke."), "ok", nil},
		{"holiday hours reply", replyTo("Is the office open on Veterans Day?", "Yes, we're open regular hours! See you soon 😊"), "ok", nil},
		{"new provider", post("Nurse practitioner Jamie Lee joins us Monday! She specializes in diabetes care and loves hiking."), "ok", nil},
		{"new-patient visit", replyTo("Is Dr. Whitaker taking new patients?", "He is! Call (555) 440-1200 to book a new-patient visit."), "ok", nil},
		{"toll free line", post("Poison control is 1-800-222-1222, save it in your phone!"), "ok", nil},
	})
}
