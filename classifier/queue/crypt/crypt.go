// Package crypt seals and opens the queue's files (package queue) with
// age X25519 (filippo.io/age): the one implementation the WebAssembly
// module, the scrubs command and, through the module, the admin page use.
package crypt

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"filippo.io/age"
	"filippo.io/age/armor"
	"github.com/mailru/easyjson/jwriter"
	"github.com/scrubs/scrubs/classifier"
	"github.com/scrubs/scrubs/classifier/queue"
)

// Keypair is a new age X25519 key: the identity (secret) and its
// recipient (public), in age's own encodings.
type Keypair struct {
	Identity  string // AGE-SECRET-KEY-1...
	Recipient string // age1...
}

// GenerateKey makes a new age X25519 key from crypto/rand.
func GenerateKey() (Keypair, error) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return Keypair{}, err
	}
	return Keypair{Identity: id.String(), Recipient: id.Recipient().String()}, nil
}

// IdentityFile is an identity as age-keygen writes it, which `age -d -i`
// and `scrubs queue decrypt --identity` read.
func IdentityFile(k Keypair, created time.Time) string {
	return fmt.Sprintf("# created: %s\n# public key: %s\n%s\n", created.UTC().Format(time.RFC3339), k.Recipient, k.Identity)
}

// ParseIdentities reads age X25519 identities: one per line, as in an
// age-keygen file (blank lines and lines starting with # are skipped) or
// a key pasted alone.
func ParseIdentities(text string) ([]*age.X25519Identity, error) {
	var ids []*age.X25519Identity
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "age1") {
			return nil, fmt.Errorf("line %d is a public key (age1...); the identity is the secret key, AGE-SECRET-KEY-1...", n)
		}
		id, err := age.ParseX25519Identity(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: not an age X25519 secret key (AGE-SECRET-KEY-1...)", n)
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil, errors.New("no age secret key (AGE-SECRET-KEY-1...) found")
	}
	return ids, nil
}

// Sealed is a request ready to post: the clear metadata, the armored age
// file, and what the requester keeps to read the decision.
type Sealed struct {
	Meta          queue.Meta
	File          string
	ReplyIdentity string // AGE-SECRET-KEY-1..., for this request alone
	DraftHash     string // queue.DraftHash of the draft
}

// Seal fills in r's id, times, reply key and recipients, checks it, and
// encrypts it to officers (the signed pack's keys; each must parse). The
// caller fills Site, Verdict, Kinds, Staff, Mode, Draft, ReplyingTo,
// Findings and Note.
func Seal(r queue.Request, officers []string, expiryDays int, now time.Time) (*Sealed, error) {
	if len(officers) == 0 {
		return nil, queue.ErrNoOfficers
	}
	recips := make([]age.Recipient, 0, len(officers))
	r.Recipients = slices.Clone(officers)
	slices.Sort(r.Recipients)
	r.Recipients = slices.Compact(r.Recipients)
	for _, k := range r.Recipients {
		rc, err := age.ParseX25519Recipient(k)
		if err != nil {
			return nil, fmt.Errorf("officer key %q: %v", k, err)
		}
		recips = append(recips, rc)
	}
	if expiryDays <= 0 {
		expiryDays = classifier.DefaultQueueExpiryDays
	}
	var id [16]byte
	if _, err := rand.Read(id[:]); err != nil {
		return nil, err
	}
	reply, err := age.GenerateX25519Identity()
	if err != nil {
		return nil, err
	}
	r.Format = queue.RequestFormat
	r.ID = hex.EncodeToString(id[:])
	r.Created = now.Unix()
	r.Expires = now.Add(time.Duration(expiryDays) * 24 * time.Hour).Unix()
	r.ReplyTo = reply.Recipient().String()
	r.Kinds = slices.Clone(r.Kinds)
	slices.Sort(r.Kinds)
	r.Kinds = slices.Compact(r.Kinds)
	if err := checkRequest(&r); err != nil {
		return nil, err
	}
	var w jwriter.Writer
	r.MarshalEasyJSON(&w)
	plain, err := w.BuildBytes()
	if err != nil {
		return nil, err
	}
	if len(plain) > queue.MaxRequestBytes {
		return nil, fmt.Errorf("%w: the request is %d bytes; at most %d", queue.ErrTooLarge, len(plain), queue.MaxRequestBytes)
	}
	file, err := encrypt(plain, recips...)
	if err != nil {
		return nil, err
	}
	return &Sealed{Meta: queue.MetaOf(&r), File: file, ReplyIdentity: reply.String(), DraftHash: queue.DraftHash(r.Draft)}, nil
}

// checkRequest checks what Seal writes and Open reads beyond the meta.
func checkRequest(r *queue.Request) error {
	m := queue.MetaOf(r)
	if field, err := queue.CheckMeta(&m); err != nil {
		return fmt.Errorf("%w: %s %v", queue.ErrMalformed, field, err)
	}
	switch {
	case r.Format != queue.RequestFormat:
		return fmt.Errorf("%w: format is %q", queue.ErrMalformed, r.Format)
	case strings.TrimSpace(r.Draft) == "":
		return fmt.Errorf("%w: the draft is empty", queue.ErrMalformed)
	case r.Mode != "" && r.Mode != "post" && r.Mode != "comment" && r.Mode != "reply":
		return fmt.Errorf("%w: mode %q", queue.ErrMalformed, r.Mode)
	case !utf8.ValidString(r.Draft) || !utf8.ValidString(r.ReplyingTo) || !utf8.ValidString(r.Note):
		return fmt.Errorf("%w: text is not UTF-8", queue.ErrMalformed)
	case len(r.Note) > queue.MaxNoteBytes:
		return fmt.Errorf("%w: the note is %d bytes; at most %d", queue.ErrTooLarge, len(r.Note), queue.MaxNoteBytes)
	case len(r.Findings) > 500:
		return fmt.Errorf("%w: %d findings", queue.ErrTooLarge, len(r.Findings))
	case len(r.Recipients) == 0 || len(r.Recipients) > classifier.MaxOfficers:
		return fmt.Errorf("%w: %d recipients", queue.ErrMalformed, len(r.Recipients))
	}
	if err := classifier.CheckAgeRecipient(r.ReplyTo); err != nil {
		return fmt.Errorf("%w: reply_to %v", queue.ErrMalformed, err)
	}
	for i, k := range r.Recipients {
		if i > 0 && r.Recipients[i-1] >= k {
			return fmt.Errorf("%w: recipients not sorted or repeated", queue.ErrMalformed)
		}
	}
	return nil
}

func encrypt(plain []byte, recips ...age.Recipient) (string, error) {
	var b bytes.Buffer
	aw := armor.NewWriter(&b)
	w, err := age.Encrypt(aw, recips...)
	if err != nil {
		return "", err
	}
	if _, err := w.Write(plain); err != nil {
		return "", err
	}
	if err := w.Close(); err != nil {
		return "", err
	}
	if err := aw.Close(); err != nil {
		return "", err
	}
	return b.String(), nil
}

// stanzaCounter is an identity that notes the file's recipient stanzas
// before handing them to the real identities.
type stanzaCounter struct {
	ids     []*age.X25519Identity
	stanzas []*age.Stanza
	which   int // the identity that matched
}

func (c *stanzaCounter) Unwrap(st []*age.Stanza) ([]byte, error) {
	c.stanzas = st
	for i, id := range c.ids {
		key, err := id.Unwrap(st)
		if errors.Is(err, age.ErrIncorrectIdentity) {
			continue
		}
		c.which = i
		return key, err
	}
	return nil, age.ErrIncorrectIdentity
}

// decrypt opens an armored file with ids and returns the plaintext (at
// most limit bytes) and the stanzas.
func decrypt(file string, limit int, maxStanzas, maxFile int, ids []*age.X25519Identity) ([]byte, *stanzaCounter, error) {
	if _, err := queue.CheckFile(file, maxFile, maxStanzas); err != nil {
		return nil, nil, err
	}
	c := &stanzaCounter{ids: ids}
	r, err := age.Decrypt(armor.NewReader(strings.NewReader(file)), c)
	if err != nil {
		var nm *age.NoIdentityMatchError
		if errors.As(err, &nm) {
			return nil, nil, queue.ErrNotForYou
		}
		if strings.Contains(err.Error(), "header MAC") {
			return nil, nil, fmt.Errorf("%w: the header's MAC does not match", queue.ErrTampered)
		}
		return nil, nil, fmt.Errorf("%w: %v", queue.ErrMalformed, err)
	}
	plain, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", queue.ErrTampered, err)
	}
	if len(plain) > limit {
		return nil, nil, fmt.Errorf("%w: the plaintext is over %d bytes", queue.ErrTooLarge, limit)
	}
	return plain, c, nil
}

// Open decrypts a request with one of ids and checks it (see package
// queue): against meta, the server's clear metadata for the item; against
// officers, the signed pack's officer keys; and against now.
func Open(file string, meta *queue.Meta, ids []*age.X25519Identity, officers []string, now time.Time) (*queue.Request, error) {
	o, err := open(file, meta, ids, officers, now)
	if err != nil {
		return nil, err
	}
	return o.Request, nil
}

// OpenKey is Open, and also says which officer key opened the file.
func OpenKey(file string, meta *queue.Meta, ids []*age.X25519Identity, officers []string, now time.Time) (*queue.Request, string, error) {
	r, err := open(file, meta, ids, officers, now)
	if err != nil {
		return nil, "", err
	}
	return r.Request, r.opener, nil
}

func open(file string, meta *queue.Meta, ids []*age.X25519Identity, officers []string, now time.Time) (*opened, error) {
	if len(officers) == 0 {
		return nil, queue.ErrNoOfficers
	}
	plain, c, err := decrypt(file, queue.MaxRequestBytes, classifier.MaxOfficers, queue.MaxFileBytes, ids)
	if err != nil {
		return nil, err
	}
	var r queue.Request
	if err := classifier.DecodeJSON(plain, r.UnmarshalEasyJSON); err != nil {
		return nil, fmt.Errorf("%w: the plaintext is not a request: %v", queue.ErrMalformed, err)
	}
	if err := checkRequest(&r); err != nil {
		return nil, err
	}
	if !queue.SameMeta(&r, meta) {
		return nil, fmt.Errorf("%w: %s", queue.ErrMismatch, metaDiff(&r, meta))
	}
	if len(c.stanzas) != len(r.Recipients) {
		return nil, fmt.Errorf("%w: the file has %d recipients and names %d", queue.ErrUnknownRecipient, len(c.stanzas), len(r.Recipients))
	}
	for _, k := range r.Recipients {
		if !slices.Contains(officers, k) {
			return nil, fmt.Errorf("%w: %s", queue.ErrUnknownRecipient, k)
		}
	}
	mine := ids[c.which].Recipient().String()
	if !slices.Contains(r.Recipients, mine) {
		return nil, fmt.Errorf("%w: it does not name the key that opened it (%s)", queue.ErrUnknownRecipient, mine)
	}
	if now.Unix() >= r.Expires {
		return nil, fmt.Errorf("%w: %s", queue.ErrExpired, time.Unix(r.Expires, 0).UTC().Format(time.RFC3339))
	}
	return &opened{&r, mine}, nil
}

type opened struct {
	*queue.Request
	opener string // the recipient whose identity opened it
}

func metaDiff(r *queue.Request, m *queue.Meta) string {
	var d []string
	if r.ID != m.ID {
		d = append(d, fmt.Sprintf("id %s inside, %s outside", r.ID, m.ID))
	}
	if r.Created != m.Created || r.Expires != m.Expires {
		d = append(d, "times differ")
	}
	if r.Site != m.Site {
		d = append(d, fmt.Sprintf("site %s inside, %s outside", r.Site, m.Site))
	}
	if r.Verdict != m.Verdict || !slices.Equal(r.Kinds, m.Kinds) {
		d = append(d, "verdict or kinds differ")
	}
	if r.Staff != m.Staff {
		d = append(d, fmt.Sprintf("staff %q inside, %q outside", r.Staff, m.Staff))
	}
	return strings.Join(d, "; ")
}

// Decide writes an officer's decision on r, encrypted to r.ReplyTo alone.
// officer is the officer's name in the pack; rewrite is for outcome
// rewrite only.
func Decide(r *queue.Request, outcome, officer, comment, rewrite string, now time.Time) (string, queue.DecisionMeta, error) {
	d := queue.Decision{Format: queue.DecisionFormat, Request: r.ID, Outcome: outcome, Officer: strings.TrimSpace(officer),
		Decided: now.Unix(), Comment: strings.TrimSpace(comment)}
	switch outcome {
	case queue.Approved:
		d.Approved = queue.DraftHash(r.Draft)
	case queue.Rewrite:
		if strings.TrimSpace(rewrite) == "" {
			return "", queue.DecisionMeta{}, errors.New("a rewrite needs the text to post instead")
		}
		d.Rewrite = rewrite
		d.Approved = queue.DraftHash(rewrite)
	}
	if err := checkDecision(&d); err != nil {
		return "", queue.DecisionMeta{}, err
	}
	rc, err := age.ParseX25519Recipient(r.ReplyTo)
	if err != nil {
		return "", queue.DecisionMeta{}, fmt.Errorf("the request's reply key: %v", err)
	}
	var w jwriter.Writer
	d.MarshalEasyJSON(&w)
	plain, err := w.BuildBytes()
	if err != nil {
		return "", queue.DecisionMeta{}, err
	}
	file, err := encrypt(plain, rc)
	if err != nil {
		return "", queue.DecisionMeta{}, err
	}
	return file, queue.DecisionMetaOf(&d), nil
}

func checkDecision(d *queue.Decision) error {
	m := queue.DecisionMetaOf(d)
	if field, err := queue.CheckDecisionMeta(&m); err != nil {
		return fmt.Errorf("%w: %s %v", queue.ErrMalformed, field, err)
	}
	switch {
	case d.Format != queue.DecisionFormat:
		return fmt.Errorf("%w: format is %q", queue.ErrMalformed, d.Format)
	case len(d.Comment) > queue.MaxCommentBytes || !utf8.ValidString(d.Comment):
		return fmt.Errorf("%w: the comment is over %d bytes or not UTF-8", queue.ErrMalformed, queue.MaxCommentBytes)
	case len(d.Rewrite) > queue.MaxRewriteBytes || !utf8.ValidString(d.Rewrite):
		return fmt.Errorf("%w: the rewrite is over %d bytes or not UTF-8", queue.ErrMalformed, queue.MaxRewriteBytes)
	case (d.Outcome == queue.Rewrite) != (d.Rewrite != ""):
		return fmt.Errorf("%w: only a rewrite carries a rewrite", queue.ErrMalformed)
	case (d.Outcome == queue.Rejected) != (d.Approved == ""):
		return fmt.Errorf("%w: an approval or rewrite names the approved text's hash; a rejection none", queue.ErrMalformed)
	case d.Outcome == queue.Rewrite && d.Approved != queue.DraftHash(d.Rewrite):
		return fmt.Errorf("%w: the approved hash is not the rewrite's", queue.ErrMalformed)
	}
	return nil
}

// OpenDecision decrypts a decision with the request's reply identity and
// checks it: one recipient, the request it answers (requestID), and its
// clear metadata.
func OpenDecision(file string, meta *queue.DecisionMeta, reply string, requestID string) (*queue.Decision, error) {
	ids, err := ParseIdentities(reply)
	if err != nil {
		return nil, err
	}
	plain, c, err := decrypt(file, queue.MaxDecisionBytes, 1, queue.MaxDecisionFile, ids)
	if err != nil {
		return nil, err
	}
	_ = c // CheckFile allowed one stanza only
	var d queue.Decision
	if err := classifier.DecodeJSON(plain, d.UnmarshalEasyJSON); err != nil {
		return nil, fmt.Errorf("%w: the plaintext is not a decision: %v", queue.ErrMalformed, err)
	}
	if err := checkDecision(&d); err != nil {
		return nil, err
	}
	if d.Request != requestID {
		return nil, fmt.Errorf("%w: it answers request %s, not %s", queue.ErrMismatch, d.Request, requestID)
	}
	if queue.DecisionMetaOf(&d) != *meta {
		return nil, fmt.Errorf("%w: the decision's metadata says otherwise", queue.ErrMismatch)
	}
	return &d, nil
}
