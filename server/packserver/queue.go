package packserver

// The approval queue ("Ask the privacy officer"): the server keeps and
// relays age files it cannot read (classifier/queue), beside clear
// metadata, and deletes them when they expire.
//
//	POST   /v1/queue                 extension (enrolment key): a request's metadata and file
//	GET    /v1/queue/{id}/decision   extension (enrolment key): pending, or the decision's file
//	GET    /v1/queue                 admin: the items, without files, and the pack's officers
//	GET    /v1/queue/{id}            admin: one item with its files
//	POST   /v1/queue/{id}/decision   admin: the decision's metadata and file (encrypted to the request's reply key)
//	DELETE /v1/queue/{id}            admin
//
// Every ask, decision, deletion and expiry is in the audit log, with who,
// when and the clear metadata only.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/mailru/easyjson/jlexer"
	"github.com/scrubs/scrubs/classifier"
	"github.com/scrubs/scrubs/classifier/queue"
)

// Audit actions of the queue.
const (
	AuditQueueAsk     = "queue.ask"
	AuditQueueApprove = "queue.approve"
	AuditQueueReject  = "queue.reject"
	AuditQueueRewrite = "queue.rewrite"
	AuditQueueDelete  = "queue.delete"
	AuditQueueExpire  = "queue.expire"
)

// Queue limits: at most this many items kept, and a request's clock may
// be this far from the server's.
const (
	MaxQueueItems = 2000
	queueSkew     = 10 * time.Minute
)

// queueState is the handler's part for the queue.
type queueState struct {
	store QueueStore // nil: the store keeps no queue; every route answers 404
	limit *limiter   // posts and polls per client
	mu    sync.Mutex
	ver   uint64 // the pack version q was read from
	q     *classifier.Queue
}

func (s *Server) queueRoutes() {
	s.q = &queueState{limit: newLimiter(0.5, 60, 0)}
	if s.cfg.EventRate < 0 {
		s.q.limit = nil // limited elsewhere (Workers: one instance per request)
	}
	s.q.store, _ = s.cfg.Store.(QueueStore)
	s.mux.HandleFunc("POST /v1/queue", s.handleQueuePost)
	s.mux.HandleFunc("GET /v1/queue/{id}/decision", s.handleQueueStatus)
	s.mux.HandleFunc("OPTIONS /v1/queue", s.handleQueuePreflight)
	s.mux.HandleFunc("OPTIONS /v1/queue/{id}/decision", s.handleQueuePreflight)
	s.mux.HandleFunc("GET /v1/queue", s.editor(s.handleQueueList))
	s.mux.HandleFunc("GET /v1/queue/{id}", s.editor(s.handleQueueGet))
	s.mux.HandleFunc("POST /v1/queue/{id}/decision", s.editor(s.handleQueueDecide))
	s.mux.HandleFunc("DELETE /v1/queue/{id}", s.editor(s.handleQueueDelete))
}

// officers reads the queue section of the current pack (only that member
// of the JSON, cached by version). nil: the pack names no officer.
func (s *Server) officers(ctx context.Context) (*classifier.Queue, error) {
	rec, err := s.store.Latest(ctx)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	s.q.mu.Lock()
	defer s.q.mu.Unlock()
	if s.q.ver == rec.Version {
		return s.q.q, nil
	}
	var q *classifier.Queue
	l := jlexer.Lexer{Data: rec.Pack}
	l.Delim('{')
	for l.Ok() && !l.IsDelim('}') {
		name := l.UnsafeFieldName(false)
		l.WantColon()
		if name == "queue" && !l.IsNull() {
			q = new(classifier.Queue)
			q.UnmarshalEasyJSON(&l)
		} else {
			l.SkipRecursive()
		}
		l.WantComma()
	}
	if l.Error() != nil || q == nil || len(q.Officers) == 0 {
		q = nil
	}
	s.q.ver, s.q.q = rec.Version, q
	return q, nil
}

// queueReady answers 404 when the store keeps no queue, and deletes what
// has expired (each deletion is audited).
func (s *Server) queueReady(w http.ResponseWriter, r *http.Request) bool {
	if s.q.store == nil {
		s.error(w, http.StatusNotFound, "", "this server keeps no approval queue")
		return false
	}
	gone, err := s.q.store.QueueExpire(r.Context(), s.cfg.Now())
	if err != nil {
		s.internal(w, err)
		return false
	}
	for _, id := range gone {
		s.AuditAs(r.Context(), "server", AuditQueueExpire, "request "+id, "expired; its files are deleted")
	}
	return true
}

// fromExtension is the check POST /v1/queue and the status poll share
// with events: an extension origin (or none), the rate limit and the
// enrolment key.
func (s *Server) fromExtension(w http.ResponseWriter, r *http.Request) bool {
	if !cors(w, r) && r.Header.Get("Origin") != "" {
		s.error(w, http.StatusForbidden, "", "the queue takes requests from the Scrubs extension only")
		return false
	}
	if ok, wait := s.q.limit.allow(ClientKey(s.cfg.ClientIP(r)), s.cfg.Now()); !ok {
		s.tooMany(w, wait)
		return false
	}
	if !s.enrolled(r) {
		s.error(w, http.StatusUnauthorized, "", "the queue needs the organisation's enrolment key: "+EnrolmentHeader+": KEY (the managed policy's enrolmentKey)")
		return false
	}
	return true
}

func (s *Server) handleQueuePreflight(w http.ResponseWriter, r *http.Request) {
	if cors(w, r) {
		h := w.Header()
		h.Set("Access-Control-Allow-Methods", "GET, POST")
		h.Set("Access-Control-Allow-Headers", "Content-Type, "+EnrolmentHeader)
		h.Set("Access-Control-Max-Age", "86400")
	}
	w.WriteHeader(http.StatusNoContent)
}

// handleQueuePost takes a request: its clear metadata and its age file.
// The body is never logged; the file is checked to be an age file (so
// nothing else is ever stored) and the times against the pack's expiry.
func (s *Server) handleQueuePost(w http.ResponseWriter, r *http.Request) {
	if !s.fromExtension(w, r) || !s.queueReady(w, r) {
		return
	}
	body, ok := s.body(w, r, queue.MaxFileBytes+8<<10)
	if !ok {
		return
	}
	var it queue.Item
	if err := classifier.DecodeJSON(body, it.UnmarshalEasyJSON); err != nil {
		s.error(w, http.StatusBadRequest, "", "not a queue item: "+err.Error())
		return
	}
	if field, err := queue.CheckMeta(&it.Meta); err != nil {
		s.error(w, http.StatusBadRequest, field, err.Error())
		return
	}
	if it.Decision != nil {
		s.error(w, http.StatusBadRequest, "decision", "a new request has no decision")
		return
	}
	if _, err := queue.CheckFile(it.File, queue.MaxFileBytes, classifier.MaxOfficers); err != nil {
		s.error(w, http.StatusBadRequest, "file", err.Error())
		return
	}
	q, err := s.officers(r.Context())
	if err != nil {
		s.internal(w, err)
		return
	}
	if q == nil {
		s.error(w, http.StatusConflict, "", "the pack names no privacy officer: the queue is off")
		return
	}
	now := s.cfg.Now()
	switch {
	case time.Unix(it.Created, 0).Before(now.Add(-queueSkew)) || time.Unix(it.Created, 0).After(now.Add(queueSkew)):
		s.error(w, http.StatusBadRequest, "created", "is not now: check the computer's clock")
		return
	case it.Expires-it.Created > int64(q.Expiry())*86400:
		s.error(w, http.StatusBadRequest, "expires", fmt.Sprintf("is more than the pack's %d days after created", q.Expiry()))
		return
	}
	if items, err := s.q.store.QueueList(r.Context()); err != nil {
		s.internal(w, err)
		return
	} else if len(items) >= MaxQueueItems {
		s.error(w, http.StatusInsufficientStorage, "", fmt.Sprintf("the queue holds %d items, its most; they leave as they are decided or expire", len(items)))
		return
	}
	it.Received = now.Unix()
	switch err := s.q.store.QueueAdd(r.Context(), &it); {
	case errors.Is(err, ErrItemExists):
		s.error(w, http.StatusConflict, "id", "is taken: a request is posted once")
		return
	case err != nil:
		s.internal(w, err)
		return
	}
	staff := it.Staff
	if staff == "" {
		staff = "staff (not named by policy)"
	}
	s.AuditAs(r.Context(), staff, AuditQueueAsk, "request "+it.ID,
		fmt.Sprintf("%s, %s: %s; expires %s", it.Site, it.Verdict, strings.Join(it.Kinds, ", "), time.Unix(it.Expires, 0).UTC().Format(time.DateOnly)))
	s.json(w, http.StatusCreated, &QueuePosted{ID: it.ID, Expires: it.Expires})
}

// queueID reads {id}: 32 lowercase hex digits.
func (s *Server) queueID(w http.ResponseWriter, r *http.Request) (string, bool) {
	id := r.PathValue("id")
	m := queue.Meta{ID: id}
	if field, _ := queue.CheckMeta(&m); field == "id" {
		s.error(w, http.StatusBadRequest, "id", "is not a queue id")
		return "", false
	}
	return id, true
}

func (s *Server) queueGone(w http.ResponseWriter, err error) {
	if errors.Is(err, ErrNotFound) {
		s.error(w, http.StatusNotFound, "", "no such request (decided items are kept until they expire, then deleted)")
		return
	}
	s.internal(w, err)
}

// handleQueueStatus tells the extension whether its request is decided.
// The decision's file opens only with the request's reply key.
func (s *Server) handleQueueStatus(w http.ResponseWriter, r *http.Request) {
	if !s.fromExtension(w, r) || !s.queueReady(w, r) {
		return
	}
	id, ok := s.queueID(w, r)
	if !ok {
		return
	}
	it, err := s.q.store.QueueGet(r.Context(), id)
	if err != nil {
		s.queueGone(w, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	st := QueueStatus{ID: id, Status: "pending", Expires: it.Expires}
	if it.Decision != nil {
		st.Status, st.Decision = it.Decision.Outcome, it.Decision
	}
	s.json(w, http.StatusOK, &st)
}

func (s *Server) handleQueueList(w http.ResponseWriter, r *http.Request) {
	if !s.queueReady(w, r) {
		return
	}
	items, err := s.q.store.QueueList(r.Context())
	if err != nil {
		s.internal(w, err)
		return
	}
	q, err := s.officers(r.Context())
	if err != nil {
		s.internal(w, err)
		return
	}
	resp := QueueList{Items: make([]QueueSummary, 0, len(items)), Officers: []QueueOfficer{}, ExpiryDays: q.Expiry()}
	if q != nil {
		for _, o := range q.Officers {
			resp.Officers = append(resp.Officers, QueueOfficer{Name: o.Name, Key: o.Key})
		}
	}
	for _, it := range items {
		sum := QueueSummary{Meta: it.Meta, Received: it.Received, Status: "pending"}
		if d := it.Decision; d != nil {
			sum.Status, sum.Officer, sum.Decided = d.Outcome, d.Officer, d.Decided
		}
		resp.Items = append(resp.Items, sum)
	}
	s.json(w, http.StatusOK, &resp)
}

func (s *Server) handleQueueGet(w http.ResponseWriter, r *http.Request) {
	if !s.queueReady(w, r) {
		return
	}
	id, ok := s.queueID(w, r)
	if !ok {
		return
	}
	it, err := s.q.store.QueueGet(r.Context(), id)
	if err != nil {
		s.queueGone(w, err)
		return
	}
	s.json(w, http.StatusOK, it)
}

// handleQueueDecide keeps an officer's decision: its clear metadata (the
// audit log's "what") and its file, encrypted in the officer's browser to
// the request's reply key. The request's file is deleted then.
func (s *Server) handleQueueDecide(w http.ResponseWriter, r *http.Request) {
	if !s.queueReady(w, r) {
		return
	}
	id, ok := s.queueID(w, r)
	if !ok {
		return
	}
	body, ok := s.body(w, r, queue.MaxDecisionFile+4<<10)
	if !ok {
		return
	}
	var d queue.DecisionItem
	if err := classifier.DecodeJSON(body, d.UnmarshalEasyJSON); err != nil {
		s.error(w, http.StatusBadRequest, "", "not a decision: "+err.Error())
		return
	}
	if field, err := queue.CheckDecisionMeta(&d.DecisionMeta); err != nil {
		s.error(w, http.StatusBadRequest, field, err.Error())
		return
	}
	if d.Request != id {
		s.error(w, http.StatusBadRequest, "request", "is not the request in the address")
		return
	}
	if n := time.Unix(d.Decided, 0); n.Before(s.cfg.Now().Add(-queueSkew)) || n.After(s.cfg.Now().Add(queueSkew)) {
		s.error(w, http.StatusBadRequest, "decided", "is not now: check the computer's clock")
		return
	}
	if _, err := queue.CheckFile(d.File, queue.MaxDecisionFile, 1); err != nil {
		s.error(w, http.StatusBadRequest, "file", err.Error()+" (a decision is encrypted to the request's reply key alone)")
		return
	}
	q, err := s.officers(r.Context())
	if err != nil {
		s.internal(w, err)
		return
	}
	known := false
	if q != nil {
		for _, o := range q.Officers {
			known = known || o.Name == d.Officer
		}
	}
	if !known {
		s.error(w, http.StatusUnprocessableEntity, "officer", "is not an officer of the current pack")
		return
	}
	it, err := s.q.store.QueueGet(r.Context(), id)
	if err != nil {
		s.queueGone(w, err)
		return
	}
	switch err := s.q.store.QueueDecide(r.Context(), id, &d); {
	case errors.Is(err, ErrDecided):
		s.error(w, http.StatusConflict, "", "this request is decided already")
		return
	case err != nil:
		s.queueGone(w, err)
		return
	}
	action := map[string]string{queue.Approved: AuditQueueApprove, queue.Rejected: AuditQueueReject, queue.Rewrite: AuditQueueRewrite}[d.Outcome]
	s.Audit(r, action, "request "+id, fmt.Sprintf("%s by officer %s; asked by %s on %s (%s)", d.Outcome, d.Officer, orUnnamed(it.Staff), it.Site, it.Verdict))
	w.Header().Set("Cache-Control", "no-store")
	s.json(w, http.StatusCreated, &QueueStatus{ID: id, Status: d.Outcome, Expires: it.Expires})
}

func orUnnamed(staff string) string {
	if staff == "" {
		return "staff not named by policy"
	}
	return staff
}

func (s *Server) handleQueueDelete(w http.ResponseWriter, r *http.Request) {
	if !s.queueReady(w, r) {
		return
	}
	id, ok := s.queueID(w, r)
	if !ok {
		return
	}
	if err := s.q.store.QueueDelete(r.Context(), id); err != nil {
		s.queueGone(w, err)
		return
	}
	s.Audit(r, AuditQueueDelete, "request "+id, "deleted with its files")
	w.WriteHeader(http.StatusNoContent)
}
