package classifier_test

import (
	"strings"
	"testing"

	"github.com/scrubs/scrubs/classifier"
)

// The reason a finding gives is worded for where the draft goes and in its
// language (issue 10): a DM is not told to move to a private channel, a
// post is not told how to reply, a Spanish draft is answered in Spanish.
// The wording never changes the verdict or the spans.
func TestReasonsFitThePlaceAndLanguage(t *testing.T) {
	e := classifier.Default()
	reason := func(d classifier.Draft, kind string) (string, classifier.Result) {
		t.Helper()
		r := e.Classify(d)
		for _, f := range r.Findings {
			if f.Kind == kind {
				return f.Reason, r
			}
		}
		t.Fatalf("%q: no %s finding in %+v", d.Text, kind, r.Findings)
		return "", r
	}
	dm := classifier.Draft{Text: "Hi Linda, your biopsy came back benign!", Mode: classifier.ModeReply, Platform: "facebook", ReplyingTo: "Hi! Is my biopsy result back yet?", Channel: classifier.ChannelDM}
	inDM, rDM := reason(dm, "health.condition")
	if !strings.Contains(inDM, "Messenger") || strings.Contains(inDM, "in public") || !strings.Contains(inDM, "portal") {
		t.Errorf("a DM is told %q", inDM)
	}
	ack, _ := reason(dm, "patient.acknowledgement")
	if strings.Contains(ack, "private channel") {
		t.Errorf("a DM is told to move to a private channel: %q", ack)
	}
	reply := dm
	reply.Channel = ""
	inReply, rReply := reason(reply, "health.condition")
	if inReply == inDM {
		t.Errorf("a reply and a DM are told the same: %q", inReply)
	}
	if rDM.Verdict != rReply.Verdict || len(rDM.Findings) != len(rReply.Findings) {
		t.Errorf("the channel changed the verdict or the findings: %s %d vs %s %d", rDM.Verdict, len(rDM.Findings), rReply.Verdict, len(rReply.Findings))
	}
	post := classifier.Draft{Text: "So glad your knee surgery went well, Karen!", Mode: classifier.ModePost, Platform: "facebook"}
	if r, _ := reason(post, "patient.acknowledgement"); strings.Contains(r, "Reply") || strings.Contains(r, "reply") {
		t.Errorf("a post is told about replying: %q", r)
	}
	es := classifier.Draft{Text: "¡Qué bueno que tu cirugía de rodilla salió bien, Karen!", Mode: classifier.ModeReply, Platform: "facebook"}
	r, res := reason(es, "health.condition")
	if res.Lang != "es" || !strings.Contains(r, "salud") {
		t.Errorf("a Spanish draft (lang %q) is told %q", res.Lang, r)
	}
	if r, res := reason(reply, "health.condition"); res.Lang != "" || strings.Contains(r, "salud") {
		t.Errorf("an English draft (lang %q) is told %q", res.Lang, r)
	}
}

// Reason keys: a kind, kind@place, either with .es; anything else is
// refused with its path.
func TestReasonKeys(t *testing.T) {
	ok := `{"schema":"scrubs.pack/1","name":"x","base":"default","org":{"name":""},"reasons":{"health.condition@dm":"a","health.condition.es":"b","patient.acknowledgement@review.es":"c"}}`
	if _, err := classifier.ParsePack([]byte(ok)); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"health.condition@chat", "health.condition.fr", "nope@dm", "health.condition@dm@post"} {
		_, err := classifier.ParsePack([]byte(`{"schema":"scrubs.pack/1","name":"x","org":{"name":""},"reasons":{"` + k + `":"a"}}`))
		if err == nil || !strings.Contains(err.Error(), "reasons."+k) {
			t.Errorf("%s: %v", k, err)
		}
	}
}
