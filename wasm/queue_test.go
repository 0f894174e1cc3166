package wasm_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/scrubs/scrubs/classifier"
	"github.com/scrubs/scrubs/classifier/envelope"
	"github.com/scrubs/scrubs/classifier/queue"
	"github.com/scrubs/scrubs/classifier/queue/crypt"
	"github.com/scrubs/scrubs/wasm"
	"github.com/scrubs/scrubs/wasm/host"
)

// call runs an export with a JSON request and decodes its answer into v,
// or returns the error answer.
func qcall(t *testing.T, m *host.Module, export string, req any, v any) *wasm.Error {
	t.Helper()
	in, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	ans, err := m.Call(export, in)
	if err != nil {
		t.Fatalf("%s: %v", export, err)
	}
	if strings.HasPrefix(string(ans), `{"error":`) {
		var er wasm.ErrorResponse
		if err := er.UnmarshalJSON(ans); err != nil {
			t.Fatal(err)
		}
		return &er.Error
	}
	if err := json.Unmarshal(ans, v); err != nil {
		t.Fatalf("%s answered %s: %v", export, ans, err)
	}
	return nil
}

// queueModule is an instance with a signed pack that names two officers,
// the first with an identity made by the module itself.
func queueModule(t *testing.T) (*host.Module, []wasm.AgeKey) {
	t.Helper()
	m := instance(t)
	var keys []wasm.AgeKey
	for range 2 {
		var k wasm.AgeKey
		if e := qcall(t, m, "age_keygen", struct{}{}, &k); e != nil || !strings.HasPrefix(k.Recipient, "age1") || !strings.HasPrefix(k.Identity, "AGE-SECRET-KEY-1") {
			t.Fatalf("age_keygen: %+v %v", k, e)
		}
		keys = append(keys, k)
	}
	pack := fmt.Sprintf(`{"schema":"scrubs.pack/1","name":"q","base":"default","org":{"name":"Clinic"},"queue":{"officers":[{"name":"Ann Officer","key":%q},{"name":"Bo Officer","key":%q}],"expiry_days":7}}`, keys[0].Recipient, keys[1].Recipient)
	sk := newKey(t)
	env, err := envelope.Sign([]byte(pack), 1, time.Now(), time.Now().Add(time.Hour), sk)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := loadEnvelope(m, request(t, env, []envelope.PublicKey{sk.Public()}, 0, time.Now())); err != nil {
		t.Fatal(err)
	}
	return m, keys
}

// The module seals a request to the signed pack's officers (classifying
// the draft itself), opens it with an officer's identity, writes the
// decision and opens that with the reply identity; a request the age
// library reads natively too.
func TestQueueCalls(t *testing.T) {
	m, keys := queueModule(t)
	const text = "So glad your knee surgery went well, Karen!"
	seal := wasm.SealRequest{Site: "www.facebook.com", Staff: " pat@clinic.example ", Note: "she posted it herself"}
	seal.Draft.Text, seal.Draft.Mode = text, "comment"
	var sealed wasm.Sealed
	if e := qcall(t, m, "queue_seal", seal, &sealed); e != nil {
		t.Fatal(e)
	}
	it := sealed.Item
	if it.Verdict != "block" || len(it.Kinds) == 0 || it.Staff != "pat@clinic.example" || it.Expires-it.Created != 7*86400 ||
		strings.Contains(it.File, "knee") || sealed.DraftHash != queue.DraftHash(text) || strings.Join(sealed.Officers, ",") != "Ann Officer,Bo Officer" {
		t.Fatalf("sealed: %+v", sealed)
	}
	// the native reader opens what the module sealed
	ids, _ := crypt.ParseIdentities(keys[1].Identity)
	if r, err := crypt.Open(it.File, &it.Meta, ids, []string{keys[0].Recipient, keys[1].Recipient}, time.Now()); err != nil || r.Draft != text {
		t.Fatalf("native open: %v", err)
	}

	var opened wasm.Opened
	if e := qcall(t, m, "queue_open", wasm.OpenRequest{Item: it, Identity: keys[0].Identity}, &opened); e != nil {
		t.Fatal(e)
	}
	if opened.Request.Draft != text || opened.Officer != "Ann Officer" || strings.Join(opened.Readers, ",") != "Ann Officer,Bo Officer" || len(opened.Request.Findings) == 0 {
		t.Fatalf("opened: %+v", opened)
	}
	var dec queue.DecisionItem
	if e := qcall(t, m, "queue_decide", wasm.DecideRequest{Item: it, Identity: keys[0].Identity, Outcome: "approved", Comment: "fine"}, &dec); e != nil {
		t.Fatal(e)
	}
	if dec.Officer != "Ann Officer" || dec.Request != it.ID || dec.Outcome != "approved" {
		t.Fatalf("decision: %+v", dec)
	}
	var d queue.Decision
	if e := qcall(t, m, "queue_open_decision", wasm.DecisionRequest{Decision: dec, ReplyIdentity: sealed.ReplyIdentity, Request: it.ID}, &d); e != nil {
		t.Fatal(e)
	}
	if d.Approved != sealed.DraftHash || d.Comment != "fine" {
		t.Fatalf("opened decision: %+v", d)
	}
	var again wasm.AgeKey
	if e := qcall(t, m, "age_keygen", wasm.AgeKey{Identity: keys[0].Identity}, &again); e != nil || again.Recipient != keys[0].Recipient {
		t.Fatalf("age_keygen of an identity: %+v %v", again, e)
	}
	var h wasm.Hash
	if e := qcall(t, m, "draft_hash", wasm.HashRequest{Text: text + "\n"}, &h); e != nil || h.SHA256 != sealed.DraftHash {
		t.Fatalf("draft_hash: %+v %v", h, e)
	}

	// refusals, by code
	for name, c := range map[string]struct {
		export string
		req    any
		code   string
	}{
		"another key":        {"queue_open", wasm.OpenRequest{Item: it, Identity: mustKey(t, m).Identity}, "not_for_you"},
		"relabelled":         {"queue_open", wasm.OpenRequest{Item: relabel(it), Identity: keys[0].Identity}, "mismatch"},
		"expired":            {"queue_open", wasm.OpenRequest{Item: it, Identity: keys[0].Identity, Now: it.Expires}, "expired"},
		"public key":         {"queue_open", wasm.OpenRequest{Item: it, Identity: keys[0].Recipient}, "bad_request"},
		"wrong reply key":    {"queue_open_decision", wasm.DecisionRequest{Decision: dec, ReplyIdentity: keys[0].Identity, Request: it.ID}, "not_for_you"},
		"another request":    {"queue_open_decision", wasm.DecisionRequest{Decision: dec, ReplyIdentity: sealed.ReplyIdentity, Request: strings.Repeat("0", 32)}, "mismatch"},
		"a fine draft":       {"queue_seal", wasm.SealRequest{Site: "www.facebook.com", Draft: draftOf("Join us for the picnic on Saturday!")}, "nothing_to_ask"},
		"a rewrite, no text": {"queue_decide", wasm.DecideRequest{Item: it, Identity: keys[0].Identity, Outcome: "rewrite"}, "bad_request"},
	} {
		var v json.RawMessage
		if e := qcall(t, m, c.export, c.req, &v); e == nil || e.Code != c.code {
			t.Errorf("%s: want %s, got %+v", name, c.code, e)
		}
	}
}

// Only a signed pack's officers: a pack loaded without an envelope, or
// one naming no officer, seals nothing.
func TestQueueNeedsSignedOfficers(t *testing.T) {
	m := instance(t)
	k := mustKey(t, m)
	seal := wasm.SealRequest{Site: "www.facebook.com", Draft: draftOf("So glad your knee surgery went well, Karen!")}
	var v json.RawMessage
	if e := qcall(t, m, "queue_seal", seal, &v); e == nil || e.Code != "unsigned" {
		t.Errorf("built-in rules: %+v", e)
	}
	pack := fmt.Sprintf(`{"schema":"scrubs.pack/1","name":"q","base":"default","org":{"name":"C"},"queue":{"officers":[{"name":"A","key":%q}]}}`, k.Recipient)
	if _, err := m.LoadPack([]byte(pack)); err != nil {
		t.Fatal(err)
	}
	if e := qcall(t, m, "queue_seal", seal, &v); e == nil || e.Code != "unsigned" {
		t.Errorf("an unsigned pack with officers: %+v", e)
	}
	sk := newKey(t)
	env, _ := envelope.Sign([]byte(`{"schema":"scrubs.pack/1","name":"q","base":"default","org":{"name":"C"}}`), 1, time.Now(), time.Now().Add(time.Hour), sk)
	if _, err := loadEnvelope(m, request(t, env, []envelope.PublicKey{sk.Public()}, 0, time.Now())); err != nil {
		t.Fatal(err)
	}
	if e := qcall(t, m, "queue_seal", seal, &v); e == nil || e.Code != "no_officers" {
		t.Errorf("a signed pack without officers: %+v", e)
	}
}

func mustKey(t *testing.T, m *host.Module) wasm.AgeKey {
	t.Helper()
	var k wasm.AgeKey
	if e := qcall(t, m, "age_keygen", struct{}{}, &k); e != nil {
		t.Fatal(e)
	}
	return k
}

func relabel(it queue.Item) queue.Item {
	it.Staff = "someone-else@clinic.example"
	return it
}

func draftOf(text string) classifier.Draft { return classifier.Draft{Text: text} }
