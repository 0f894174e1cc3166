// Package queue is the "Ask the privacy officer" queue's wire format: a
// staff member's request for approval and an officer's decision, each an
// age file (filippo.io/age, X25519) beside clear metadata the server
// keeps. The server stores and relays the files and never reads them;
// package queue/crypt seals and opens them, in the WebAssembly module,
// the scrubs command and the admin page alike.
//
// A request's plaintext is a Request as JSON, encrypted to every officer
// key in the signed pack's queue section and to no other. The server
// keeps a Meta beside it: id, times, site, verdict, kinds and the staff
// member's enrolled identity, all of which the plaintext repeats. Reading
// checks, and refuses otherwise:
//
//   - the file opens with the reader's identity and its header MAC and
//     payload authenticate (a byte changed: "tampered");
//   - its recipient stanzas are all X25519, as many as the plaintext's
//     recipients, and every recipient is an officer of the signed pack
//     ("unknown_recipient"): the server cannot add a stanza without the
//     file key (the header MAC covers them), and an extension holding an
//     old pack that encrypted to a retired key is caught;
//   - every Meta field equals the plaintext's ("mismatch"): a ciphertext
//     replayed under a new id, moved to another sender or given another
//     verdict is refused;
//   - it has not expired ("expired").
//
// A decision's plaintext is a Decision, encrypted to the request's
// ReplyTo alone (one stanza); the requester checks it against its
// DecisionMeta and the request id it asked with. ReplyTo is a key the
// extension made for this one request and sent only inside the request,
// so only a reader of the request can write a decision that opens.
//
// age has no sender authentication: anyone holding an officer's public
// key and the enrolment key can put a request in the queue. The officer
// sees what the plaintext says; the metadata cannot contradict it.
//
// This package uses no cryptography beyond SHA-256 and never imports
// age, so the server can check what it is handed (CheckMeta, CheckFile)
// without linking it.
package queue

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Formats name the plaintexts.
const (
	RequestFormat  = "scrubs-queue-request-v1"
	DecisionFormat = "scrubs-queue-decision-v1"
)

// Outcomes of a decision.
const (
	Approved = "approved"
	Rejected = "rejected"
	Rewrite  = "rewrite"
)

// Limits. A request's file holds the draft, the post it replies to, the
// findings and a note: MaxRequestBytes bounds the plaintext and
// MaxFileBytes the armored file.
const (
	MaxRequestBytes  = 1 << 20
	MaxDecisionBytes = 256 << 10
	MaxFileBytes     = MaxRequestBytes/3*4*65/64 + 4<<10 // base64 in 64-column lines, the header and armor
	MaxDecisionFile  = MaxDecisionBytes/3*4*65/64 + 4<<10
	MaxNoteBytes     = 2000
	MaxCommentBytes  = 4000
	MaxStaffBytes    = 200
	MaxKinds         = 32
	MaxRewriteBytes  = 128 << 10
)

// The reasons a file is refused; errors wrap exactly one.
var (
	ErrMalformed        = errors.New("not a queue file")
	ErrTooLarge         = errors.New("queue file too large")
	ErrNotForYou        = errors.New("not encrypted to this key")
	ErrTampered         = errors.New("the file was altered (it does not authenticate)")
	ErrMismatch         = errors.New("the file does not match the item it came with (replayed or relabelled)")
	ErrExpired          = errors.New("the item has expired")
	ErrUnknownRecipient = errors.New("encrypted to a key that is not an officer's in the signed pack")
	ErrNoOfficers       = errors.New("the signed pack names no privacy officer")
)

// Code names an error in one word, for the module and the pages.
func Code(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrMalformed):
		return "malformed"
	case errors.Is(err, ErrTooLarge):
		return "too_large"
	case errors.Is(err, ErrNotForYou):
		return "not_for_you"
	case errors.Is(err, ErrTampered):
		return "tampered"
	case errors.Is(err, ErrMismatch):
		return "mismatch"
	case errors.Is(err, ErrExpired):
		return "expired"
	case errors.Is(err, ErrUnknownRecipient):
		return "unknown_recipient"
	case errors.Is(err, ErrNoOfficers):
		return "no_officers"
	}
	return "error"
}

var (
	idRE   = regexp.MustCompile(`^[0-9a-f]{32}$`)
	siteRE = regexp.MustCompile(`^[a-z0-9.-]{1,253}$`)
	kindRE = regexp.MustCompile(`^[a-z_]+(\.[a-z_]+)?$`)
)

// CheckMeta checks what the server is handed in clear, and returns the
// problem by field name. Kinds must be sorted without repeats (Seal
// writes them so).
func CheckMeta(m *Meta) (field string, err error) {
	switch {
	case !idRE.MatchString(m.ID):
		return "id", errors.New("must be 32 lowercase hex digits")
	case m.Created <= 0:
		return "created", errors.New("must be a time (Unix seconds)")
	case m.Expires <= m.Created:
		return "expires", errors.New("must be after created")
	case !siteRE.MatchString(m.Site):
		return "site", errors.New("must be a host name")
	case m.Verdict != "warn" && m.Verdict != "block":
		return "verdict", errors.New(`must be "warn" or "block"`)
	case len(m.Kinds) == 0 || len(m.Kinds) > MaxKinds:
		return "kinds", fmt.Errorf("must hold 1 to %d kinds", MaxKinds)
	}
	for i, k := range m.Kinds {
		if !kindRE.MatchString(k) || len(k) > 64 {
			return fmt.Sprintf("kinds[%d]", i), errors.New("is not a finding kind")
		}
		if i > 0 && m.Kinds[i-1] >= k {
			return "kinds", errors.New("must be sorted, without repeats")
		}
	}
	if err := CheckLine(m.Staff, MaxStaffBytes); err != nil {
		return "staff", err
	}
	return "", nil
}

// CheckLine checks a short one-line text: UTF-8, no control characters,
// at most max bytes.
func CheckLine(s string, max int) error {
	switch {
	case len(s) > max:
		return fmt.Errorf("is %d bytes; at most %d", len(s), max)
	case !utf8.ValidString(s) || strings.IndexFunc(s, unicode.IsControl) >= 0:
		return errors.New("must be one line of UTF-8 text")
	}
	return nil
}

// CheckDecisionMeta checks a decision's clear metadata.
func CheckDecisionMeta(m *DecisionMeta) (field string, err error) {
	switch {
	case !idRE.MatchString(m.Request):
		return "request", errors.New("must be 32 lowercase hex digits")
	case m.Outcome != Approved && m.Outcome != Rejected && m.Outcome != Rewrite:
		return "outcome", errors.New(`must be "approved", "rejected" or "rewrite"`)
	case m.Decided <= 0:
		return "decided", errors.New("must be a time (Unix seconds)")
	case strings.TrimSpace(m.Officer) == "":
		return "officer", errors.New("is required")
	}
	if err := CheckLine(m.Officer, 100); err != nil {
		return "officer", err
	}
	return "", nil
}

// MetaOf is the clear metadata of a request.
func MetaOf(r *Request) Meta {
	return Meta{ID: r.ID, Created: r.Created, Expires: r.Expires, Site: r.Site, Verdict: r.Verdict, Kinds: slices.Clone(r.Kinds), Staff: r.Staff}
}

// SameMeta reports whether the request's plaintext says what m says.
func SameMeta(r *Request, m *Meta) bool {
	return r.ID == m.ID && r.Created == m.Created && r.Expires == m.Expires && r.Site == m.Site &&
		r.Verdict == m.Verdict && slices.Equal(r.Kinds, m.Kinds) && r.Staff == m.Staff
}

// DecisionMetaOf is the clear metadata of a decision.
func DecisionMetaOf(d *Decision) DecisionMeta {
	return DecisionMeta{Request: d.Request, Outcome: d.Outcome, Officer: d.Officer, Decided: d.Decided}
}

// DraftHash is what an approval names: SHA-256 (hex) of the text with
// line ends made "\n", no-break spaces made spaces and the white space
// around it trimmed, so the same words read back from an editor match.
func DraftHash(text string) string {
	t := strings.ReplaceAll(text, "\r\n", "\n")
	t = strings.ReplaceAll(t, "\r", "\n")
	t = strings.ReplaceAll(t, "\u00a0", " ")
	t = strings.TrimSpace(t)
	sum := sha256.Sum256([]byte("scrubs-draft-v1\n" + t))
	return hex.EncodeToString(sum[:])
}

const (
	armorBegin = "-----BEGIN AGE ENCRYPTED FILE-----"
	armorEnd   = "-----END AGE ENCRYPTED FILE-----"
	ageIntro   = "age-encryption.org/v1\n"
)

// CheckFile checks, without any key, that file is an ASCII-armored age
// file whose header holds between 1 and maxStanzas recipient stanzas, all
// X25519, and returns how many. The server runs it on everything it is
// handed, so nothing but age ciphertext is ever stored.
func CheckFile(file string, maxBytes, maxStanzas int) (int, error) {
	if len(file) > maxBytes {
		return 0, fmt.Errorf("%w: %d bytes; at most %d", ErrTooLarge, len(file), maxBytes)
	}
	bin, err := Dearmor(file)
	if err != nil {
		return 0, err
	}
	if !bytes.HasPrefix(bin, []byte(ageIntro)) {
		return 0, fmt.Errorf("%w: not an age file", ErrMalformed)
	}
	rest := bin[len(ageIntro):]
	n := 0
	for {
		line, after, ok := bytes.Cut(rest, []byte("\n"))
		if !ok {
			return 0, fmt.Errorf("%w: the age header does not end", ErrMalformed)
		}
		switch {
		case bytes.HasPrefix(line, []byte("--- ")):
			if n == 0 {
				return 0, fmt.Errorf("%w: no recipients", ErrMalformed)
			}
			if len(after) == 0 {
				return 0, fmt.Errorf("%w: no payload", ErrMalformed)
			}
			return n, nil
		case bytes.HasPrefix(line, []byte("-> ")):
			f := strings.Fields(string(line[3:]))
			if len(f) != 2 || f[0] != "X25519" {
				return 0, fmt.Errorf("%w: a recipient stanza that is not X25519", ErrMalformed)
			}
			if n++; n > maxStanzas {
				return 0, fmt.Errorf("%w: more than %d recipients", ErrMalformed, maxStanzas)
			}
		default:
			// a stanza's body: base64 lines
			for _, c := range line {
				if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/') {
					return 0, fmt.Errorf("%w: bad header line", ErrMalformed)
				}
			}
		}
		rest = after
	}
}

// Dearmor decodes an ASCII-armored age file strictly (as age's armor
// reader: 64-column standard base64 lines, the last shorter, padding
// only at the end); white space around the armor is allowed.
func Dearmor(file string) ([]byte, error) {
	s := strings.TrimSpace(strings.ReplaceAll(file, "\r\n", "\n"))
	body, ok := strings.CutPrefix(s, armorBegin+"\n")
	if !ok {
		return nil, fmt.Errorf("%w: not an ASCII-armored age file", ErrMalformed)
	}
	body, ok = strings.CutSuffix(body, "\n"+armorEnd)
	if !ok {
		return nil, fmt.Errorf("%w: the armor does not end", ErrMalformed)
	}
	lines := strings.Split(body, "\n")
	var b strings.Builder
	for i, l := range lines {
		if len(l) > 64 || (i < len(lines)-1 && len(l) != 64) || l == "" {
			return nil, fmt.Errorf("%w: the armor's lines are not 64 columns", ErrMalformed)
		}
		b.WriteString(l)
	}
	bin, err := base64.StdEncoding.Strict().DecodeString(b.String())
	if err != nil {
		return nil, fmt.Errorf("%w: the armor is not base64", ErrMalformed)
	}
	return bin, nil
}
