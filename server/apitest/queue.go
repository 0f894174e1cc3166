package apitest

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"filippo.io/age/armor"
	"github.com/mailru/easyjson/jwriter"
	"github.com/scrubs/scrubs/classifier/queue"
	"github.com/scrubs/scrubs/classifier/queue/crypt"
	"github.com/scrubs/scrubs/server/packserver"
)

func init() {
	Checks = append(Checks,
		Check{"QueueNeedsKeys", checkQueueNeedsKeys},
		Check{"QueueRoundTrip", checkQueueRoundTrip},
		Check{"QueueRefuses", checkQueueRefuses},
		Check{"QueueExpiry", checkQueueExpiry},
	)
}

// The words of the test's draft: none may come back from the server in
// clear, in any answer or in the audit log.
const queueDraft = "So glad your knee surgery went well, Karen Whitfield!"

var queueWords = []string{"knee", "surgery", "Karen", "Whitfield", "posted it herself"}

// queueSetup publishes a pack naming one officer, whose identity the
// check holds.
func (c *checker) queueSetup(t *testing.T) (officer crypt.Keypair, ids []*age.X25519Identity) {
	t.Helper()
	k, err := crypt.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	ids, err = crypt.ParseIdentities(k.Identity)
	if err != nil {
		t.Fatal(err)
	}
	pack := fmt.Sprintf(`{"schema":"scrubs.pack/1","name":"queue check","base":"default","org":{"name":"Riverside Clinic"},`+
		`"queue":{"officers":[{"name":"Ann Officer","key":%q}],"expiry_days":14}}`, k.Recipient)
	c.push(t, []byte(pack))
	return k, ids
}

func (c *checker) seal(t *testing.T, officers []string) *crypt.Sealed {
	t.Helper()
	s, err := crypt.Seal(queue.Request{Site: "www.facebook.com", Verdict: "block", Kinds: []string{"health.condition", "identifier.name"},
		Staff: "pat@riverside.example", Mode: "comment", Draft: queueDraft, Note: "she posted it herself"}, officers, 14, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func itemBody(t *testing.T, it *queue.Item) []byte {
	t.Helper()
	var w jwriter.Writer
	it.MarshalEasyJSON(&w)
	b, err := w.BuildBytes()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// ask posts a request as the extension does.
func (c *checker) ask(t *testing.T, body []byte, headers ...string) *response {
	t.Helper()
	h := append([]string{"Content-Type", "application/json", packserver.EnrolmentHeader, c.enrolment()}, c.clientHeader()...)
	return c.do(t, "POST", "/v1/queue", bytes.NewReader(body), append(h, headers...)...)
}

func (c *checker) poll(t *testing.T, id string, headers ...string) *response {
	t.Helper()
	h := append([]string{packserver.EnrolmentHeader, c.enrolment()}, c.clientHeader()...)
	return c.do(t, "GET", "/v1/queue/"+id+"/decision", nil, append(h, headers...)...)
}

func noWords(t *testing.T, where string, b []byte) {
	t.Helper()
	for _, w := range queueWords {
		if bytes.Contains(b, []byte(w)) {
			t.Errorf("%s holds %q in clear", where, w)
		}
	}
}

// The queue's extension routes need the enrolment key and refuse web
// pages; its admin routes need the admin token.
func checkQueueNeedsKeys(t *testing.T, c *checker) {
	k, _ := c.queueSetup(t)
	s := c.seal(t, []string{k.Recipient})
	body := itemBody(t, &queue.Item{Meta: s.Meta, File: s.File})
	if w := c.do(t, "POST", "/v1/queue", bytes.NewReader(body), append([]string{"Content-Type", "application/json"}, c.clientHeader()...)...); w.Code != 401 {
		t.Errorf("POST /v1/queue without the enrolment key: %s", w)
	}
	if w := c.ask(t, body, packserver.EnrolmentHeader, "scrubs-enrol-wrong"); w.Code != 401 {
		t.Errorf("POST /v1/queue with another key: %s", w)
	}
	if w := c.ask(t, body, "Origin", "https://evil.example"); w.Code != 403 {
		t.Errorf("POST /v1/queue from a web page: %s", w)
	}
	if w := c.poll(t, s.Meta.ID, packserver.EnrolmentHeader, "scrubs-enrol-wrong"); w.Code != 401 {
		t.Errorf("GET decision with another key: %s", w)
	}
	for _, r := range []struct{ method, path string }{
		{"GET", "/v1/queue"}, {"GET", "/v1/queue/" + s.Meta.ID}, {"POST", "/v1/queue/" + s.Meta.ID + "/decision"}, {"DELETE", "/v1/queue/" + s.Meta.ID},
	} {
		if w := c.do(t, r.method, r.path, nil); w.Code != 401 {
			t.Errorf("%s %s without the token: %s", r.method, r.path, w)
		}
	}
	// an extension's preflight is answered; a page's is not
	w := c.do(t, "OPTIONS", "/v1/queue", nil, "Origin", "chrome-extension://abcdefghijklmnopabcdefghijklmnop", "Access-Control-Request-Method", "POST")
	if w.Code != 204 || w.Header.Get("Access-Control-Allow-Origin") != "chrome-extension://abcdefghijklmnopabcdefghijklmnop" ||
		!strings.Contains(w.Header.Get("Access-Control-Allow-Headers"), packserver.EnrolmentHeader) {
		t.Errorf("extension preflight: %s %v", w, w.Header)
	}
	if w := c.do(t, "OPTIONS", "/v1/queue", nil, "Origin", "https://evil.example"); w.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("a page's preflight got CORS headers: %v", w.Header)
	}
}

// Ask, list, read, decide, poll: the server hands back the files it was
// given, byte for byte, holds no word of the draft anywhere, deletes the
// request's file once decided, and audits the ask and the decision.
func checkQueueRoundTrip(t *testing.T, c *checker) {
	k, ids := c.queueSetup(t)
	s := c.seal(t, []string{k.Recipient})
	body := itemBody(t, &queue.Item{Meta: s.Meta, File: s.File})
	w := c.ask(t, body)
	var posted packserver.QueuePosted
	if w.Code != 201 || posted.UnmarshalJSON(w.Body) != nil || posted.ID != s.Meta.ID || posted.Expires != s.Meta.Expires {
		t.Fatalf("POST /v1/queue: %s", w)
	}
	if w := c.ask(t, body); w.Code != 409 {
		t.Errorf("the same request again: %s", w)
	}
	if w := c.poll(t, s.Meta.ID); w.Code != 200 || !bytes.Contains(w.Body, []byte(`"status":"pending"`)) {
		t.Errorf("poll before a decision: %s", w)
	}

	w = c.admin(t, "GET", "/v1/queue", nil)
	var list packserver.QueueList
	if w.Code != 200 || list.UnmarshalJSON(w.Body) != nil || w.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("GET /v1/queue: %s", w)
	}
	noWords(t, "the list", w.Body)
	var found *packserver.QueueSummary
	for i := range list.Items {
		if list.Items[i].ID == s.Meta.ID {
			found = &list.Items[i]
		}
	}
	if found == nil || found.Status != "pending" || found.Staff != "pat@riverside.example" || found.Site != "www.facebook.com" ||
		strings.Join(found.Kinds, ",") != "health.condition,identifier.name" || found.Received == 0 {
		t.Fatalf("the list's item: %+v", found)
	}
	if len(list.Officers) != 1 || list.Officers[0].Key != k.Recipient || list.Officers[0].Name != "Ann Officer" || list.ExpiryDays != 14 {
		t.Errorf("the list's officers: %+v, %d days", list.Officers, list.ExpiryDays)
	}

	w = c.admin(t, "GET", "/v1/queue/"+s.Meta.ID, nil)
	var it queue.Item
	if w.Code != 200 || it.UnmarshalJSON(w.Body) != nil || it.File != s.File || !queue.SameMeta(&queue.Request{ID: it.ID, Created: it.Created,
		Expires: it.Expires, Site: it.Site, Verdict: it.Verdict, Kinds: it.Kinds, Staff: it.Staff}, &s.Meta) {
		t.Fatalf("GET /v1/queue/ID: %s", w)
	}
	noWords(t, "the item", w.Body)
	req, err := crypt.Open(it.File, &it.Meta, ids, []string{k.Recipient}, time.Now())
	if err != nil || req.Draft != queueDraft {
		t.Fatalf("the officer opens the item: %v", err)
	}

	file, dm, err := crypt.Decide(req, queue.Rewrite, "Ann Officer", "say less", "So glad to see you at the picnic!", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	dec := func(d queue.DecisionItem) []byte {
		var jw jwriter.Writer
		d.MarshalEasyJSON(&jw)
		b, _ := jw.BuildBytes()
		return b
	}
	good := queue.DecisionItem{DecisionMeta: dm, File: file}
	bad := good
	bad.Officer = "Mallory"
	if w := c.admin(t, "POST", "/v1/queue/"+s.Meta.ID+"/decision", dec(bad)); w.Code != 422 {
		t.Errorf("a decision by someone not an officer of the pack: %s", w)
	}
	bad = good
	bad.Request = strings.Repeat("0", 32)
	if w := c.admin(t, "POST", "/v1/queue/"+s.Meta.ID+"/decision", dec(bad)); w.Code != 400 {
		t.Errorf("a decision naming another request: %s", w)
	}
	bad = good
	bad.File = "So glad to see you at the picnic!"
	if w := c.admin(t, "POST", "/v1/queue/"+s.Meta.ID+"/decision", dec(bad)); w.Code != 400 {
		t.Errorf("a decision that is not an age file: %s", w)
	}
	if w := c.admin(t, "POST", "/v1/queue/"+s.Meta.ID+"/decision", dec(good)); w.Code != 201 {
		t.Fatalf("POST decision: %s", w)
	}
	if w := c.admin(t, "POST", "/v1/queue/"+s.Meta.ID+"/decision", dec(good)); w.Code != 409 {
		t.Errorf("a second decision: %s", w)
	}

	w = c.poll(t, s.Meta.ID)
	var st packserver.QueueStatus
	if w.Code != 200 || st.UnmarshalJSON(w.Body) != nil || st.Status != "rewrite" || st.Decision == nil || st.Decision.File != file {
		t.Fatalf("poll after the decision: %s", w)
	}
	noWords(t, "the decision", w.Body)
	d, err := crypt.OpenDecision(st.Decision.File, &st.Decision.DecisionMeta, s.ReplyIdentity, s.Meta.ID)
	if err != nil || d.Rewrite != "So glad to see you at the picnic!" || d.Comment != "say less" {
		t.Fatalf("the requester opens the decision: %v", err)
	}
	// decided: the request's file is gone, the decision stays until expiry
	w = c.admin(t, "GET", "/v1/queue/"+s.Meta.ID, nil)
	it = queue.Item{}
	if w.Code != 200 || it.UnmarshalJSON(w.Body) != nil || it.File != "" || it.Decision == nil || it.Decision.Outcome != "rewrite" {
		t.Fatalf("the decided item: %s", w)
	}

	a := c.audit(t, "")
	var ask, rewrite *packserver.AuditEntryOut
	for i, e := range a.Entries {
		if e.Target != "request "+s.Meta.ID {
			continue
		}
		switch e.Action {
		case packserver.AuditQueueAsk:
			ask = &a.Entries[i]
		case packserver.AuditQueueRewrite:
			rewrite = &a.Entries[i]
		}
	}
	if ask == nil || ask.Actor != "pat@riverside.example" || !strings.Contains(ask.Detail, "block") {
		t.Errorf("the ask's audit entry: %+v", ask)
	}
	if rewrite == nil || rewrite.Actor == "" || !strings.Contains(rewrite.Detail, "Ann Officer") || !strings.Contains(rewrite.Detail, "pat@riverside.example") {
		t.Errorf("the decision's audit entry: %+v", rewrite)
	}
	w = c.admin(t, "GET", "/v1/audit.csv", nil)
	noWords(t, "the audit log", w.Body)

	if w := c.admin(t, "DELETE", "/v1/queue/"+s.Meta.ID, nil); w.Code != 204 {
		t.Errorf("DELETE: %s", w)
	}
	if w := c.poll(t, s.Meta.ID); w.Code != 404 {
		t.Errorf("poll after deletion: %s", w)
	}
	if w := c.admin(t, "DELETE", "/v1/queue/"+s.Meta.ID, nil); w.Code != 404 {
		t.Errorf("DELETE twice: %s", w)
	}
}

// What is not a request the server can keep is refused: plaintext, a
// file that is not age, a passphrase file, bad metadata, a clock far off,
// an expiry past the pack's, and any request when the pack names no
// officer.
func checkQueueRefuses(t *testing.T, c *checker) {
	k, _ := c.queueSetup(t)
	s := c.seal(t, []string{k.Recipient})
	post := func(name string, it queue.Item, want int) {
		t.Helper()
		if w := c.ask(t, itemBody(t, &it)); w.Code != want {
			t.Errorf("%s: want %d, got %s", name, want, w)
		}
	}
	it := queue.Item{Meta: s.Meta, File: queueDraft}
	post("plaintext for a file", it, 400)
	sr, _ := age.NewScryptRecipient("pw")
	sr.SetWorkFactor(10)
	it.File = armored(t, []byte(queueDraft), sr)
	post("a passphrase file", it, 400)
	it = queue.Item{Meta: s.Meta, File: s.File}
	it.Site = "Karen Whitfield"
	post("words in the site", it, 400)
	it = queue.Item{Meta: s.Meta, File: s.File}
	it.Kinds = []string{"Karen has a bad knee"}
	post("words in the kinds", it, 400)
	it = queue.Item{Meta: s.Meta, File: s.File}
	it.Staff = "pat\nKaren"
	post("two lines of staff", it, 400)
	it = queue.Item{Meta: s.Meta, File: s.File}
	it.Created -= 3600
	post("created an hour ago", it, 400)
	it = queue.Item{Meta: s.Meta, File: s.File}
	it.Expires = it.Created + 15*86400
	post("an expiry past the pack's 14 days", it, 400)
	if w := c.ask(t, []byte(`{"id":`)); w.Code != 400 {
		t.Errorf("bad JSON: %s", w)
	}
	// a pack without officers turns the queue off
	c.push(t, OrgPack("no officers"))
	post("no officers", queue.Item{Meta: s.Meta, File: s.File}, 409)
}

func armored(t *testing.T, plain []byte, r age.Recipient) string {
	t.Helper()
	var b bytes.Buffer
	aw := armorWriter(&b)
	w, err := age.Encrypt(aw, r)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(plain)
	w.Close()
	aw.Close()
	return b.String()
}

// An item past its expiry is deleted, with an audit entry.
func checkQueueExpiry(t *testing.T, c *checker) {
	k, _ := c.queueSetup(t)
	s := c.seal(t, []string{k.Recipient})
	it := queue.Item{Meta: s.Meta, File: s.File}
	// not sealed for 2 s (Seal takes days): the server checks the clear
	// metadata only, and this request is never opened
	it.Expires = it.Created + 2
	if w := c.ask(t, itemBody(t, &it)); w.Code != 201 {
		t.Fatalf("POST: %s", w)
	}
	time.Sleep(3 * time.Second)
	if w := c.poll(t, it.ID); w.Code != 404 {
		t.Errorf("poll after expiry: %s", w)
	}
	if w := c.admin(t, "GET", "/v1/queue/"+it.ID, nil); w.Code != 404 {
		t.Errorf("GET after expiry: %s", w)
	}
	found := false
	for _, e := range c.audit(t, "").Entries {
		found = found || (e.Action == packserver.AuditQueueExpire && e.Target == "request "+it.ID && e.Actor == "server")
	}
	if !found {
		t.Error("no audit entry for the expiry")
	}
}

func armorWriter(b *bytes.Buffer) interface {
	Write([]byte) (int, error)
	Close() error
} {
	return armor.NewWriter(b)
}
