package main

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age/armor"
	"github.com/mailru/easyjson/jwriter"
	"github.com/scrubs/scrubs/classifier"
	"github.com/scrubs/scrubs/classifier/envelope"
	"github.com/scrubs/scrubs/classifier/queue"
	"github.com/scrubs/scrubs/classifier/queue/crypt"
)

// buildAge builds the real age and age-keygen commands
// (filippo.io/age/cmd/..., tools of this module) into dir.
func buildAge(t *testing.T, dir string) (ageBin, keygenBin string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the age command")
	}
	ageBin, keygenBin = filepath.Join(dir, "age"), filepath.Join(dir, "age-keygen")
	for bin, pkg := range map[string]string{ageBin: "filippo.io/age/cmd/age", keygenBin: "filippo.io/age/cmd/age-keygen"} {
		if out, err := exec.Command("go", "build", "-o", bin, pkg).CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", pkg, err, out)
		}
	}
	return ageBin, keygenBin
}

func marshal(t *testing.T, v interface{ MarshalEasyJSON(*jwriter.Writer) }) []byte {
	t.Helper()
	var w jwriter.Writer
	v.MarshalEasyJSON(&w)
	b, err := w.BuildBytes()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The queue's files are age files: the age command reads what Scrubs
// seals (requests and decisions), Scrubs reads what the age command
// encrypts, and keys from either keygen work in both. scrubs queue
// decrypt refuses a tampered, re-addressed or replayed item, and one
// encrypted to a key not in the signed pack.
func TestQueueAgeInterop(t *testing.T) {
	dir := t.TempDir()
	p := func(name string) string { return filepath.Join(dir, name) }
	ageBin, keygenBin := buildAge(t, dir)
	cmd := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(args, strings.NewReader(""), &out)
		return out.String(), err
	}
	sh := func(stdin []byte, name string, args ...string) []byte {
		t.Helper()
		c := exec.Command(name, args...)
		c.Stdin = bytes.NewReader(stdin)
		var stderr bytes.Buffer
		c.Stderr = &stderr
		out, err := c.Output()
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", filepath.Base(name), args, err, stderr.String())
		}
		return out
	}
	write := func(name string, data []byte) {
		t.Helper()
		if err := os.WriteFile(p(name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}

	// one officer's key from scrubs, one from age-keygen
	pub1, err := cmd("age", "keygen", "-o", p("ann.key"))
	if err != nil {
		t.Fatal(err)
	}
	pub1 = strings.TrimSpace(pub1)
	if fi, _ := os.Stat(p("ann.key")); fi.Mode().Perm() != 0o600 {
		t.Fatalf("identity file mode %v", fi.Mode())
	}
	sh(nil, keygenBin, "-o", p("bo.key"))
	pub2 := strings.TrimSpace(string(sh(nil, keygenBin, "-y", p("bo.key"))))
	if got := strings.TrimSpace(string(sh(nil, keygenBin, "-y", p("ann.key")))); got != pub1 {
		t.Fatalf("age-keygen -y reads scrubs' identity as %s, scrubs said %s", got, pub1)
	}

	// the signed pack names both officers
	pack := `{"schema":"scrubs.pack/1","name":"clinic","base":"default","org":{"name":"Clinic"},"queue":{"officers":[` +
		`{"name":"Ann Officer","key":"` + pub1 + `"},{"name":"Bo Officer","key":"` + pub2 + `"}],"expiry_days":14}}`
	write("pack.json", []byte(pack))
	sk, _ := envelope.GenerateKey(rand.Reader)
	env, err := envelope.Sign([]byte(pack), 3, time.Now(), time.Now().Add(time.Hour), sk)
	if err != nil {
		t.Fatal(err)
	}
	write("envelope.json", env)
	write("signing.pub", []byte(sk.Public().String()+"\n"))

	req := queue.Request{Site: "www.facebook.com", Verdict: "block", Kinds: []string{"health.condition"}, Staff: "pat@clinic.example",
		Mode: "comment", Draft: "So glad your knee surgery went well, Karen!", Note: "she posted it herself"}
	s, err := crypt.Seal(req, []string{pub1, pub2}, 14, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	item := queue.Item{Meta: s.Meta, Received: s.Meta.Created, File: s.File}
	write("item.json", marshal(t, &item))

	// age -d reads a sealed request with either officer's key
	for _, k := range []string{"ann.key", "bo.key"} {
		plain := sh([]byte(s.File), ageBin, "-d", "-i", p(k))
		var got queue.Request
		if err := json.Unmarshal(plain, &got); err != nil || got.Draft != req.Draft || got.ID != s.Meta.ID {
			t.Fatalf("age -d -i %s: %v %s", k, err, plain)
		}
	}

	// scrubs queue decrypt, against the signed envelope or a pack file
	out, err := cmd("queue", "decrypt", "--identity", p("bo.key"), "--envelope", p("envelope.json"), "--key", p("signing.pub"), p("item.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"So glad your knee surgery went well, Karen!", "from:     pat@clinic.example", "Ann Officer, Bo Officer", "she posted it herself"} {
		if !strings.Contains(out, want) {
			t.Errorf("decrypt output lacks %q:\n%s", want, out)
		}
	}
	if out, err := cmd("queue", "decrypt", "--json", "--identity", p("ann.key"), "--pack", p("pack.json"), p("item.json")); err != nil || !strings.Contains(out, `"reply_to":"age1`) {
		t.Fatalf("--json: %v %s", err, out)
	}

	// what the age command encrypts, Scrubs reads: a request written by
	// hand and encrypted with age -a -r to both officers
	reply, _ := crypt.GenerateKey()
	hand := queue.Request{Format: queue.RequestFormat, ID: strings.Repeat("5e", 16), Created: time.Now().Unix(), Expires: time.Now().Add(time.Hour).Unix(),
		Site: "www.instagram.com", Verdict: "warn", Kinds: []string{"identifier.name"}, Staff: "", Draft: "Happy birthday Joe!",
		ReplyTo: reply.Recipient, Recipients: []string{pub1, pub2}}
	if hand.Recipients[0] > hand.Recipients[1] {
		hand.Recipients[0], hand.Recipients[1] = hand.Recipients[1], hand.Recipients[0]
	}
	file := sh(marshal(t, &hand), ageBin, "-a", "-r", pub1, "-r", pub2)
	write("hand.json", marshal(t, &queue.Item{Meta: queue.MetaOf(&hand), File: string(file)}))
	if out, err := cmd("queue", "decrypt", "--identity", p("ann.key"), "--pack", p("pack.json"), p("hand.json")); err != nil || !strings.Contains(out, "Happy birthday Joe!") {
		t.Fatalf("a file from age -a -r: %v\n%s", err, out)
	}

	// the decision: scrubs queue decide writes it to the reply key; age -d
	// reads it with the requester's reply identity, and so does Scrubs
	out, err = cmd("queue", "decide", "--identity", p("ann.key"), "--pack", p("pack.json"), "--approve", "--comment", "ok to post", p("item.json"))
	if err != nil {
		t.Fatal(err)
	}
	var dec queue.DecisionItem
	if err := dec.UnmarshalJSON([]byte(strings.TrimSpace(out))); err != nil || dec.Officer != "Ann Officer" || dec.Outcome != "approved" || dec.Request != s.Meta.ID {
		t.Fatalf("decide: %v %s", err, out)
	}
	write("reply.key", []byte(s.ReplyIdentity+"\n"))
	plain := sh([]byte(dec.File), ageBin, "-d", "-i", p("reply.key"))
	if !strings.Contains(string(plain), `"approved_sha256":"`+queue.DraftHash(req.Draft)+`"`) {
		t.Fatalf("age -d of the decision: %s", plain)
	}
	if d, err := crypt.OpenDecision(dec.File, &dec.DecisionMeta, s.ReplyIdentity, s.Meta.ID); err != nil || d.Comment != "ok to post" {
		t.Fatalf("OpenDecision: %v", err)
	}

	// refused: tampered, re-addressed, replayed, to a key not in the pack
	refused := func(name string, it queue.Item, code string, args ...string) {
		t.Helper()
		write(name, marshal(t, &it))
		if len(args) == 0 {
			args = []string{"--pack", p("pack.json")}
		}
		_, err := cmd(append(append([]string{"queue", "decrypt", "--identity", p("ann.key")}, args...), p(name))...)
		if err == nil || !strings.Contains(err.Error(), "refused ("+code+")") {
			t.Errorf("%s: want refused (%s), got %v", name, code, err)
		}
	}
	bin, _ := queue.Dearmor(s.File)
	bin[len(bin)-3] ^= 0x40
	var b bytes.Buffer
	aw := armor.NewWriter(&b)
	aw.Write(bin)
	aw.Close()
	tampered := item
	tampered.File = b.String()
	refused("tampered.json", tampered, "tampered")

	readdressed := item
	readdressed.ID = strings.Repeat("0f", 16)
	refused("replayed.json", readdressed, "mismatch")
	relabelled := item
	relabelled.Staff = "someone-else@clinic.example"
	refused("relabelled.json", relabelled, "mismatch")

	// the pack no longer names Bo: a request encrypted to Bo's key too is
	// addressed to a key the organisation did not sign
	only := `{"schema":"scrubs.pack/1","name":"clinic","base":"default","org":{"name":"Clinic"},"queue":{"officers":[{"name":"Ann Officer","key":"` + pub1 + `"}]}}`
	write("only-ann.json", []byte(only))
	refused("item2.json", item, "unknown_recipient", "--pack", p("only-ann.json"))
	// and one the age command encrypted to an outsider as well, naming only Ann
	out3, _ := crypt.GenerateKey()
	hand.Recipients = []string{pub1}
	file = sh(marshal(t, &hand), ageBin, "-a", "-r", pub1, "-r", out3.Recipient)
	refused("outsider.json", queue.Item{Meta: queue.MetaOf(&hand), File: string(file)}, "unknown_recipient")

	// an envelope signed by another key is not the organisation's word
	other, _ := envelope.GenerateKey(rand.Reader)
	write("other.pub", []byte(other.Public().String()+"\n"))
	refused("item3.json", item, "unknown_key", "--envelope", p("envelope.json"), "--key", p("other.pub"))
	_ = classifier.MaxOfficers
}
