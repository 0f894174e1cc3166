package packserver

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Failed admin logins are throttled per client (an IPv4 address or an IPv6
// /64): loginBurst wrong bearer tokens at once, then one more every
// loginRefill (a script tried 3,000 in under a second before). Guessing a 24-byte token is hopeless anyway; the throttle
// keeps a weak SCRUBS_ADMIN_TOKEN from being guessed, and the log line
// shows someone trying.
const (
	loginBurst  = 30
	loginRefill = 10 * time.Second
)

func newLoginLimiter() *limiter {
	return newLimiter(1/loginRefill.Seconds(), loginBurst, 0)
}

// waiting reports how long client must wait before its next try, without
// taking a token; ok is false when it may try now.
func (l *limiter) waiting(client string, now time.Time) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if b := l.refilled(client, now); b.tokens < 1 {
		return l.untilToken(b), true
	}
	return 0, false
}

// checkAdmin returns r's caller, or answers false, having written the
// response: a client with too many wrong tokens gets 429, a wrong or
// missing credential 401 (counted and logged, the token never).
func (s *Server) checkAdmin(w http.ResponseWriter, r *http.Request) (Caller, bool) {
	now := s.cfg.Now()
	client := ClientKey(s.cfg.ClientIP(r))
	if wait, blocked := s.logins.waiting(client, now); blocked {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait/time.Second)+1))
		s.error(w, http.StatusTooManyRequests, "", "too many wrong admin tokens from here; try again later")
		return Caller{}, false
	}
	c, ok, err := s.authenticate(r)
	if err != nil {
		s.internal(w, err)
		return Caller{}, false
	}
	if ok {
		return c, true
	}
	if strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
		s.logins.allow(client, now)
		s.cfg.Logf("admin: a wrong token from %s", client)
	}
	w.Header().Set("WWW-Authenticate", `Bearer realm="scrubs admin"`)
	s.error(w, http.StatusUnauthorized, "", "this needs an admin's token or session: Authorization: Bearer TOKEN (sign in with POST /v1/login)")
	return Caller{}, false
}
