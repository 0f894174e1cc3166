package wasm

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/scrubs/scrubs/classifier"
	"github.com/scrubs/scrubs/classifier/queue"
	"github.com/scrubs/scrubs/classifier/queue/crypt"
)

// The approval queue's calls (queue_abi.go). The officers are always the
// signed pack's: the host names none.

// officers is the queue section of the pack in use, which must have come
// from a checked envelope.
func (s *Session) officers() (*classifier.Queue, *Error) {
	if !s.signed {
		return nil, &Error{Code: CodeUnsigned, Message: "the pack in use is not a signed envelope's: requests are sealed only to officers the organisation signed"}
	}
	q := s.current().Pack().Queue
	if q == nil || len(q.Officers) == 0 {
		return nil, &Error{Code: "no_officers", Message: queue.ErrNoOfficers.Error()}
	}
	return q, nil
}

func clock(now int64) time.Time {
	if now != 0 {
		return time.Unix(now, 0)
	}
	return time.Now()
}

func queueError(err error) Error {
	return Error{Code: queue.Code(err), Message: err.Error()}
}

// AgeKeygen answers a new age X25519 key, or, given an identity, that
// identity with its public key.
func (s *Session) AgeKeygen(in, out []byte) []byte {
	var req AgeKey
	if len(in) > 0 {
		if e := decodeRequest(in, req.UnmarshalEasyJSON); e != nil {
			return AppendError(out, *e)
		}
	}
	if req.Identity != "" {
		ids, err := crypt.ParseIdentities(req.Identity)
		if err != nil {
			return AppendError(out, Error{Code: CodeBadRequest, Message: "identity: " + err.Error()})
		}
		return appendJSON(out, AgeKey{Identity: ids[0].String(), Recipient: ids[0].Recipient().String()}.MarshalEasyJSON)
	}
	k, err := crypt.GenerateKey()
	if err != nil {
		return AppendError(out, Error{Code: CodeInternal, Message: err.Error()})
	}
	return appendJSON(out, AgeKey{Identity: k.Identity, Recipient: k.Recipient}.MarshalEasyJSON)
}

// QueueSeal classifies the draft with the pack in use (the verdict, kinds
// and findings are the module's, never the host's) and seals it, with the
// note, to the signed pack's officers.
func (s *Session) QueueSeal(in, out []byte) []byte {
	if len(in) > queue.MaxRequestBytes {
		return AppendError(out, Error{Code: CodeTooLarge, Message: fmt.Sprintf("request is %d bytes; at most %d", len(in), queue.MaxRequestBytes)})
	}
	var req SealRequest
	if e := decodeRequest(in, req.UnmarshalEasyJSON); e != nil {
		return AppendError(out, *e)
	}
	q, bad := s.officers()
	if bad != nil {
		return AppendError(out, *bad)
	}
	res := s.current().Classify(req.Draft)
	if res.Verdict != "warn" && res.Verdict != "block" {
		return AppendError(out, Error{Code: CodeNothingToAsk, Message: "Scrubs finds nothing to warn about in this draft"})
	}
	kinds := make([]string, 0, len(res.Findings))
	for _, f := range res.Findings {
		kinds = append(kinds, f.Kind)
	}
	r := queue.Request{Site: req.Site, Verdict: res.Verdict, Kinds: kinds, Staff: strings.TrimSpace(req.Staff),
		Mode: req.Draft.Mode, Draft: req.Draft.Text, ReplyingTo: req.Draft.ReplyingTo, Findings: res.Findings, Note: strings.TrimSpace(req.Note)}
	sealed, err := crypt.Seal(r, q.Keys(), q.Expiry(), clock(req.Now))
	if err != nil {
		return AppendError(out, queueError(err))
	}
	ans := Sealed{Item: queue.Item{Meta: sealed.Meta, File: sealed.File}, ReplyIdentity: sealed.ReplyIdentity, DraftHash: sealed.DraftHash}
	for _, o := range q.Officers {
		ans.Officers = append(ans.Officers, o.Name)
	}
	return appendJSON(out, ans.MarshalEasyJSON)
}

// open decrypts and checks an item against the signed pack's officers.
func (s *Session) open(item *queue.Item, identity string, now int64) (*queue.Request, string, *classifier.Queue, *Error) {
	q, bad := s.officers()
	if bad != nil {
		return nil, "", nil, bad
	}
	ids, err := crypt.ParseIdentities(identity)
	if err != nil {
		return nil, "", nil, &Error{Code: CodeBadRequest, Message: "identity: " + err.Error()}
	}
	r, key, err := crypt.OpenKey(item.File, &item.Meta, ids, q.Keys(), clock(now))
	if err != nil {
		e := queueError(err)
		return nil, "", nil, &e
	}
	o, _ := q.Officer(key)
	return r, o.Name, q, nil
}

// QueueOpen decrypts an item with an officer's identity.
func (s *Session) QueueOpen(in, out []byte) []byte {
	var req OpenRequest
	if e := decodeRequest(in, req.UnmarshalEasyJSON); e != nil {
		return AppendError(out, *e)
	}
	r, name, q, bad := s.open(&req.Item, req.Identity, req.Now)
	if bad != nil {
		return AppendError(out, *bad)
	}
	ans := Opened{Request: *r, Officer: name, DraftHash: queue.DraftHash(r.Draft)}
	for _, o := range q.Officers {
		for _, k := range r.Recipients {
			if o.Key == k {
				ans.Readers = append(ans.Readers, o.Name)
			}
		}
	}
	sort.Strings(ans.Readers)
	return appendJSON(out, ans.MarshalEasyJSON)
}

// QueueDecide opens the item again and writes the decision, signed off
// with the name of the officer whose key opened it, to the request's
// reply key.
func (s *Session) QueueDecide(in, out []byte) []byte {
	var req DecideRequest
	if e := decodeRequest(in, req.UnmarshalEasyJSON); e != nil {
		return AppendError(out, *e)
	}
	r, name, _, bad := s.open(&req.Item, req.Identity, req.Now)
	if bad != nil {
		return AppendError(out, *bad)
	}
	file, meta, err := crypt.Decide(r, req.Outcome, name, req.Comment, req.Rewrite, clock(req.Now))
	if err != nil {
		return AppendError(out, Error{Code: CodeBadRequest, Message: err.Error()})
	}
	d := queue.DecisionItem{DecisionMeta: meta, File: file}
	return appendJSON(out, d.MarshalEasyJSON)
}

// QueueOpenDecision opens a decision with the request's reply identity.
func (s *Session) QueueOpenDecision(in, out []byte) []byte {
	var req DecisionRequest
	if e := decodeRequest(in, req.UnmarshalEasyJSON); e != nil {
		return AppendError(out, *e)
	}
	d, err := crypt.OpenDecision(req.Decision.File, &req.Decision.DecisionMeta, req.ReplyIdentity, req.Request)
	if err != nil {
		return AppendError(out, queueError(err))
	}
	return appendJSON(out, d.MarshalEasyJSON)
}

// DraftHash answers queue.DraftHash of a text.
func (s *Session) DraftHash(in, out []byte) []byte {
	var req HashRequest
	if e := decodeRequest(in, req.UnmarshalEasyJSON); e != nil {
		return AppendError(out, *e)
	}
	return appendJSON(out, Hash{SHA256: queue.DraftHash(req.Text)}.MarshalEasyJSON)
}
