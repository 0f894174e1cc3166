package crypt

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"filippo.io/age/armor"
	"github.com/mailru/easyjson/jwriter"
	"github.com/scrubs/scrubs/classifier"
	"github.com/scrubs/scrubs/classifier/queue"
)

var now = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)

func key(t *testing.T) (Keypair, *age.X25519Identity) {
	t.Helper()
	k, err := GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	ids, err := ParseIdentities(IdentityFile(k, now))
	if err != nil {
		t.Fatal(err)
	}
	return k, ids[0]
}

func draft() queue.Request {
	return queue.Request{
		Site: "www.facebook.com", Verdict: "block", Kinds: []string{"identifier.name", "health.condition", "health.condition"},
		Staff: "pat@clinic.example", Mode: "comment", Draft: "So glad your knee surgery went well, Karen!",
		ReplyingTo: "Thanks everyone", Note: "She posted about it herself first",
		Findings: []classifier.Finding{{Kind: "health.condition", Start: 14, End: 27, Severity: "high", Reason: "a condition"}},
	}
}

func code(err error) string { return queue.Code(err) }

func TestRoundTrip(t *testing.T) {
	a, aid := key(t)
	b, bid := key(t)
	s, err := Seal(draft(), []string{b.Recipient, a.Recipient}, 14, now)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(s.File, "-----BEGIN AGE ENCRYPTED FILE-----") || strings.Contains(s.File, "Karen") {
		t.Fatalf("file:\n%s", s.File)
	}
	if n, err := queue.CheckFile(s.File, queue.MaxFileBytes, classifier.MaxOfficers); err != nil || n != 2 {
		t.Fatalf("CheckFile: %d %v", n, err)
	}
	if got := s.Meta.Kinds; strings.Join(got, ",") != "health.condition,identifier.name" {
		t.Errorf("kinds %v", got)
	}
	if s.Meta.Expires-s.Meta.Created != 14*86400 {
		t.Errorf("expires %d after created", s.Meta.Expires-s.Meta.Created)
	}
	officers := []string{a.Recipient, b.Recipient}
	for _, id := range []*age.X25519Identity{aid, bid} {
		r, err := Open(s.File, &s.Meta, []*age.X25519Identity{id}, officers, now.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if r.Draft != draft().Draft || r.Note != draft().Note || r.ReplyingTo != "Thanks everyone" || len(r.Findings) != 1 || r.Mode != "comment" {
			t.Fatalf("%+v", r)
		}
		if queue.DraftHash(r.Draft) != s.DraftHash {
			t.Error("hash")
		}
	}

	// the decision goes back to the reply key alone
	r, _ := Open(s.File, &s.Meta, []*age.X25519Identity{aid}, officers, now)
	file, dm, err := Decide(r, queue.Approved, "Ann Officer", "fine: she shared it publicly", "", now.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if n, err := queue.CheckFile(file, queue.MaxDecisionFile, 1); err != nil || n != 1 {
		t.Fatalf("decision file: %d %v", n, err)
	}
	d, err := OpenDecision(file, &dm, s.ReplyIdentity, s.Meta.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Outcome != queue.Approved || d.Approved != s.DraftHash || d.Comment != "fine: she shared it publicly" || d.Officer != "Ann Officer" {
		t.Fatalf("%+v", d)
	}
	// an officer's key does not open it
	if _, err := OpenDecision(file, &dm, aid.String(), s.Meta.ID); code(err) != "not_for_you" {
		t.Errorf("officer opened the decision: %v", err)
	}
	// a decision for another request, or relabelled, is refused
	if _, err := OpenDecision(file, &dm, s.ReplyIdentity, strings.Repeat("0", 32)); code(err) != "mismatch" {
		t.Errorf("other request: %v", err)
	}
	bad := dm
	bad.Outcome = queue.Rejected
	if _, err := OpenDecision(file, &bad, s.ReplyIdentity, s.Meta.ID); code(err) != "mismatch" {
		t.Errorf("relabelled outcome: %v", err)
	}

	// a rewrite approves the rewrite's text
	file, dm, err = Decide(r, queue.Rewrite, "Ann Officer", "", "So glad to see you, Karen!", now)
	if err != nil {
		t.Fatal(err)
	}
	d, err = OpenDecision(file, &dm, s.ReplyIdentity, s.Meta.ID)
	if err != nil || d.Rewrite != "So glad to see you, Karen!" || d.Approved != queue.DraftHash(" So glad to see you, Karen!\n") {
		t.Fatalf("%+v %v", d, err)
	}
}

func TestRefused(t *testing.T) {
	a, aid := key(t)
	b, _ := key(t)
	officers := []string{a.Recipient}
	ids := []*age.X25519Identity{aid}
	s, err := Seal(draft(), officers, 0, now)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("tampered payload", func(t *testing.T) {
		bin, _ := queue.Dearmor(s.File)
		for _, at := range []int{len(bin) - 1, len(bin) - 20, len(bin) - 200} {
			c := bytes.Clone(bin)
			c[at] ^= 1
			if _, err := Open(rearmor(t, c), &s.Meta, ids, officers, now); code(err) != "tampered" {
				t.Errorf("byte %d of %d flipped: %v", at, len(bin), err)
			}
		}
	})
	t.Run("tampered header", func(t *testing.T) {
		bin, _ := queue.Dearmor(s.File)
		mac := bytes.Index(bin, []byte("\n--- ")) + 6
		c := bytes.Clone(bin)
		c[mac] ^= 'A' ^ 'B'
		if c[mac] == '\n' || c[mac] == ' ' {
			c[mac] = 'Q'
		}
		if _, err := Open(rearmor(t, c), &s.Meta, ids, officers, now); err == nil {
			t.Fatal("a changed header MAC was accepted")
		}
		// every byte of the file, one at a time: never accepted
		for at := 0; at < len(bin); at += 7 {
			c := bytes.Clone(bin)
			c[at] ^= 0x20
			if _, err := Open(rearmor(t, c), &s.Meta, ids, officers, now); err == nil {
				t.Fatalf("byte %d flipped was accepted", at)
			}
		}
	})
	t.Run("replayed under another id", func(t *testing.T) {
		m := s.Meta
		m.ID = strings.Repeat("ab", 16)
		if _, err := Open(s.File, &m, ids, officers, now); code(err) != "mismatch" {
			t.Errorf("%v", err)
		}
	})
	t.Run("relabelled", func(t *testing.T) {
		for _, f := range []func(*queue.Meta){
			func(m *queue.Meta) { m.Staff = "someone-else@clinic.example" },
			func(m *queue.Meta) { m.Verdict = "warn" },
			func(m *queue.Meta) { m.Site = "www.instagram.com" },
			func(m *queue.Meta) { m.Expires += 86400 },
			func(m *queue.Meta) { m.Kinds = m.Kinds[:1] },
		} {
			m := s.Meta
			m.Kinds = append([]string{}, s.Meta.Kinds...)
			f(&m)
			if _, err := Open(s.File, &m, ids, officers, now); code(err) != "mismatch" {
				t.Errorf("%+v: %v", m, err)
			}
		}
	})
	t.Run("expired", func(t *testing.T) {
		if _, err := Open(s.File, &s.Meta, ids, officers, now.Add(15*24*time.Hour)); code(err) != "expired" {
			t.Errorf("%v", err)
		}
	})
	t.Run("officer no longer in the pack", func(t *testing.T) {
		if _, err := Open(s.File, &s.Meta, ids, []string{b.Recipient}, now); code(err) != "unknown_recipient" {
			t.Errorf("%v", err)
		}
	})
	t.Run("another key", func(t *testing.T) {
		_, bid := key(t)
		if _, err := Open(s.File, &s.Meta, []*age.X25519Identity{bid}, officers, now); code(err) != "not_for_you" {
			t.Errorf("%v", err)
		}
	})
	// A writer that encrypts to a key the pack does not name, saying so or
	// not, is refused: the plaintext's recipients against the pack, the
	// file's stanzas against the plaintext.
	t.Run("encrypted to a key not in the pack", func(t *testing.T) {
		out, _ := key(t)
		for _, c := range []struct {
			named []string
			to    []string
		}{
			{[]string{a.Recipient, out.Recipient}, []string{a.Recipient, out.Recipient}},
			{[]string{a.Recipient}, []string{a.Recipient, out.Recipient}},
		} {
			file, meta := forge(t, c.named, c.to)
			if _, err := Open(file, &meta, ids, officers, now); code(err) != "unknown_recipient" {
				t.Errorf("named %d, to %d: %v", len(c.named), len(c.to), err)
			}
		}
		// and the same forgery addressed properly opens: the test's
		// forger writes what Seal writes
		file, meta := forge(t, []string{a.Recipient}, []string{a.Recipient})
		if _, err := Open(file, &meta, ids, officers, now); err != nil {
			t.Errorf("a well-formed hand-made request: %v", err)
		}
	})
	t.Run("not an age file", func(t *testing.T) {
		for _, f := range []string{"", "So glad your knee surgery went well", "-----BEGIN AGE ENCRYPTED FILE-----\nabc\n-----END AGE ENCRYPTED FILE-----"} {
			if _, err := Open(f, &s.Meta, ids, officers, now); code(err) != "malformed" {
				t.Errorf("%q: %v", f, err)
			}
		}
	})
	t.Run("seal refuses", func(t *testing.T) {
		if _, err := Seal(draft(), nil, 14, now); code(err) != "no_officers" {
			t.Errorf("no officers: %v", err)
		}
		if _, err := Seal(draft(), []string{"age1nope"}, 14, now); err == nil {
			t.Error("a bad officer key was taken")
		}
		d := draft()
		d.Draft = "  "
		if _, err := Seal(d, officers, 14, now); err == nil {
			t.Error("an empty draft was sealed")
		}
		d = draft()
		d.Note = strings.Repeat("x", queue.MaxNoteBytes+1)
		if _, err := Seal(d, officers, 14, now); err == nil {
			t.Error("a long note was sealed")
		}
	})
}

// forge encrypts a request naming named to the keys to, as a writer
// other than Seal could.
func forge(t *testing.T, named, to []string) (string, queue.Meta) {
	t.Helper()
	reply, _ := key(t)
	r := draft()
	r.Kinds = []string{"health.condition", "identifier.name"}
	r.Format, r.ID, r.Created, r.Expires, r.ReplyTo = queue.RequestFormat, strings.Repeat("cd", 16), now.Unix(), now.Add(time.Hour).Unix(), reply.Recipient
	r.Recipients = append([]string{}, named...)
	for i := 1; i < len(r.Recipients); i++ {
		if r.Recipients[i] < r.Recipients[i-1] {
			r.Recipients[i], r.Recipients[i-1] = r.Recipients[i-1], r.Recipients[i]
		}
	}
	var w jwriter.Writer
	r.MarshalEasyJSON(&w)
	plain, _ := w.BuildBytes()
	var rs []age.Recipient
	for _, k := range to {
		rc, err := age.ParseX25519Recipient(k)
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, rc)
	}
	file, err := encrypt(plain, rs...)
	if err != nil {
		t.Fatal(err)
	}
	return file, queue.MetaOf(&r)
}

func rearmor(t *testing.T, bin []byte) string {
	t.Helper()
	var b bytes.Buffer
	w := armor.NewWriter(&b)
	w.Write(bin)
	w.Close()
	return b.String()
}

func TestCheckFile(t *testing.T) {
	a, _ := key(t)
	s, err := Seal(draft(), []string{a.Recipient}, 14, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := queue.CheckFile(s.File, 100, 10); code(err) != "too_large" {
		t.Errorf("size: %v", err)
	}
	// a scrypt (passphrase) file is not for the queue
	var b bytes.Buffer
	aw := armor.NewWriter(&b)
	sr, _ := age.NewScryptRecipient("pw")
	sr.SetWorkFactor(10)
	w, _ := age.Encrypt(aw, sr)
	w.Write([]byte("x"))
	w.Close()
	aw.Close()
	if _, err := queue.CheckFile(b.String(), 1<<20, 10); code(err) != "malformed" {
		t.Errorf("scrypt: %v", err)
	}
	// plain base64 of the words inside armor is no age file
	fake := "-----BEGIN AGE ENCRYPTED FILE-----\n" + base64.StdEncoding.EncodeToString([]byte("Karen's knee")) + "\n-----END AGE ENCRYPTED FILE-----\n"
	if _, err := queue.CheckFile(fake, 1<<20, 10); code(err) != "malformed" {
		t.Errorf("fake: %v", err)
	}
}

func TestParseIdentities(t *testing.T) {
	a, _ := key(t)
	if _, err := ParseIdentities(a.Recipient); err == nil || !strings.Contains(err.Error(), "public key") {
		t.Errorf("public key as identity: %v", err)
	}
	if ids, err := ParseIdentities("  " + a.Identity + "\n"); err != nil || ids[0].Recipient().String() != a.Recipient {
		t.Errorf("pasted: %v", err)
	}
	if _, err := ParseIdentities("# nothing\n"); err == nil {
		t.Error("no key")
	}
}

// CheckAgeRecipient (the pack's check, without age) agrees with age.
func TestCheckAgeRecipientAgreesWithAge(t *testing.T) {
	for range 50 {
		k, _ := key(t)
		if err := classifier.CheckAgeRecipient(k.Recipient); err != nil {
			t.Fatal(err)
		}
		for i := 4; i < len(k.Recipient); i += 5 {
			for _, c := range []byte("qpzry9x8gf2tvdw0s3jn54khce6mua7l") {
				m := []byte(k.Recipient)
				if m[i] == c {
					continue
				}
				m[i] = c
				_, aerr := age.ParseX25519Recipient(string(m))
				cerr := classifier.CheckAgeRecipient(string(m))
				if (aerr == nil) != (cerr == nil) {
					t.Fatalf("%s: age says %v, the pack check %v", m, aerr, cerr)
				}
			}
		}
		for _, s := range []string{k.Recipient[:len(k.Recipient)-1], k.Recipient + "q", strings.ToUpper(k.Recipient), k.Identity} {
			_, aerr := age.ParseX25519Recipient(s)
			if cerr := classifier.CheckAgeRecipient(s); (aerr == nil) != (cerr == nil) {
				t.Fatalf("%s: age says %v, the pack check %v", s, aerr, cerr)
			}
		}
	}
}
