package packserver

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/scrubs/scrubs/classifier"
)

// DeriveEnrolmentKey is the enrolment key of a server configured without
// one: an HMAC of the admin token, so it stays the same across restarts
// and instances, and reveals nothing of the token. The native server
// makes a random key instead (enrolment-key in its data directory).
func DeriveEnrolmentKey(adminToken string) string {
	m := hmac.New(sha256.New, []byte(adminToken))
	m.Write([]byte("scrubs enrolment key v1"))
	return "scrubs-enrol-" + hex.EncodeToString(m.Sum(nil)[:16])
}

func (s *Server) handleEnrolment(w http.ResponseWriter, r *http.Request) {
	s.json(w, http.StatusOK, &EnrolmentResponse{Key: s.cfg.EnrolmentKey, Header: EnrolmentHeader})
}

// enrolled compares the request's enrolment key in constant time.
func (s *Server) enrolled(r *http.Request) bool {
	key := strings.TrimSpace(r.Header.Get(EnrolmentHeader))
	if key == "" {
		return false
	}
	got := sha256.Sum256([]byte(key))
	return subtle.ConstantTimeCompare(got[:], s.enrolHash[:]) == 1
}

// cors lets an extension's pages and service worker read the answer; no
// other web origin may POST events (a page's visitors cannot be made to
// report counts).
func cors(w http.ResponseWriter, r *http.Request) bool {
	origin := r.Header.Get("Origin")
	w.Header().Add("Vary", "Origin")
	if !extensionOrigin(origin) {
		return false
	}
	w.Header().Set("Access-Control-Allow-Origin", origin)
	return true
}

// handleEventsPreflight allows POST with the enrolment key from extension
// origins only.
func (s *Server) handleEventsPreflight(w http.ResponseWriter, r *http.Request) {
	if cors(w, r) {
		h := w.Header()
		h.Set("Access-Control-Allow-Methods", "POST")
		h.Set("Access-Control-Allow-Headers", "Content-Type, "+EnrolmentHeader)
		h.Set("Access-Control-Max-Age", "86400")
	}
	w.WriteHeader(http.StatusNoContent)
}

// handleEvents counts what extensions report. The body is parsed
// strictly and never logged.
func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) {
	if !cors(w, r) && r.Header.Get("Origin") != "" {
		s.error(w, http.StatusForbidden, "", "events are taken from the Scrubs extension only")
		return
	}
	now := s.cfg.Now()
	client := ClientKey(s.cfg.ClientIP(r))
	if ok, wait := s.limiter.allow(client, now); !ok {
		s.tooMany(w, wait)
		return
	}
	if !s.enrolled(r) {
		s.error(w, http.StatusUnauthorized, "", "events need the organisation's enrolment key: "+EnrolmentHeader+": KEY (the managed policy's enrolmentKey)")
		return
	}
	if ct, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";"); !strings.EqualFold(strings.TrimSpace(ct), "application/json") {
		s.error(w, http.StatusUnsupportedMediaType, "", "events are application/json")
		return
	}
	body, ok := s.body(w, r, MaxEventsBody)
	if !ok {
		return
	}
	events, problems := ParseEvents(body, now)
	if problems == nil {
		var err error
		problems, err = s.checkRules(r.Context(), events)
		if err != nil {
			s.internal(w, err)
			return
		}
	}
	if problems != nil {
		s.problems(w, http.StatusBadRequest, problems)
		return
	}
	var posts int64
	for _, e := range events {
		posts += e.Count
	}
	if ok, wait := s.limiter.spend(client, now, posts); !ok {
		s.tooMany(w, wait)
		return
	}
	if err := s.store.AddCounts(r.Context(), countsOf(events)); err != nil {
		s.internal(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) tooMany(w http.ResponseWriter, wait time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(int(wait/time.Second)+1))
	s.error(w, http.StatusTooManyRequests, "", "too many event reports; try again later")
}

// checkRules refuses rule ids that are not lexicons or patterns of the
// served pack (or of the built-in rules it builds on). The pack is read
// only when an event names a rule.
func (s *Server) checkRules(ctx context.Context, events []Event) ([]classifier.Problem, error) {
	var known map[string]bool
	var problems []classifier.Problem
	for i, e := range events {
		for j, id := range e.Rules {
			if known == nil {
				var err error
				if known, err = s.rules.ids(ctx, s.store); err != nil {
					return nil, err
				}
			}
			if !known[id] {
				problems = append(problems, classifier.Problem{
					Path:    "events[" + strconv.Itoa(i) + "].rules[" + strconv.Itoa(j) + "]",
					Message: strconv.Quote(truncate(id)) + " is not a rule of the served pack"})
			}
		}
	}
	return problems, nil
}

// ruleCache holds the rule ids of the latest pack, by version.
type ruleCache struct {
	mu      sync.Mutex
	version uint64
	known   map[string]bool
}

var (
	defaultIDsOnce sync.Once
	defaultIDs     []string
)

func packIDs(p *classifier.Pack) []string {
	var ids []string
	for _, l := range p.Lexicons {
		ids = append(ids, l.ID)
	}
	for _, pt := range p.Patterns {
		ids = append(ids, pt.ID)
	}
	return ids
}

func (c *ruleCache) ids(ctx context.Context, store Store) (map[string]bool, error) {
	rec, err := store.Latest(ctx)
	if errors.Is(err, ErrNotFound) {
		return map[string]bool{}, nil
	}
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.known != nil && c.version == rec.Version {
		return c.known, nil
	}
	defaultIDsOnce.Do(func() {
		if p, err := classifier.ParsePack(classifier.DefaultPackJSON()); err == nil {
			defaultIDs = packIDs(p)
		}
	})
	known := map[string]bool{}
	if p, err := classifier.ParsePack(rec.Pack); err == nil {
		for _, id := range packIDs(p) {
			known[id] = true
		}
		if p.Base != "" {
			for _, id := range defaultIDs {
				known[id] = true
			}
		}
	}
	c.version, c.known = rec.Version, known
	return known, nil
}
