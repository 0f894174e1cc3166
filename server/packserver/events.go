package packserver

import (
	"container/list"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mailru/easyjson/jlexer"
	"github.com/scrubs/scrubs/classifier"
)

// Events are what extensions report: one event per post decision, that is
// each time the Post guard warned about a draft and the user chose what to
// do, already counted by the extension (identical decisions in one week
// are one row with a count). Never text, never who, never a time finer
// than the week, and only values from closed lists:
//
//	POST /v1/events
//	Scrubs-Enrolment-Key: KEY
//	{"events": [{"week": "2026-11-16", "site": "www.facebook.com", "verdict": "block",
//	             "kinds": ["health.condition", "identifier.name"],
//	             "outcome": "posted_anyway", "reason": "consent_on_file",
//	             "rules": ["our-procedures"], "count": 1}]}
//
// week is the Monday (UTC) the week starts on. site is the host the draft
// was on; the server keeps only the site it belongs to (Sites), or
// "other". verdict is the draft's (warn or block). kinds are the distinct
// finding kinds in the draft. outcome is what the user did (Outcomes);
// reason, the category picked for posted_anyway and only then (Reasons).
// rules, optional, are ids of the served pack's lexicons or patterns that
// fired (for false alarms, the ones the user reported). Every other field
// is refused, so no text can be smuggled in.
type Event struct {
	Week    string
	Site    string
	Verdict string
	Kinds   []string
	Outcome string
	Reason  string
	Rules   []string
	Count   int64
}

// Limits on one POST /v1/events, and on one client.
const (
	MaxEventsBody = 256 << 10
	// Rows in one request.
	MaxEvents = 500
	// Posts one row may count.
	MaxEventCount = 500
	// Posts one request may count, all rows together.
	MaxEventPosts = 5000
	// Rule ids one event may name.
	MaxEventRules = 16
	// WeekBudget is how many posts one client (an IPv4 address, or an
	// IPv6 /64) may report in one calendar week (UTC); past it, reports
	// get 429 until the next Monday. A practice of 200 staff behind one
	// address posts far fewer guarded drafts than that.
	WeekBudget = 20000
	// Rows for weeks more than this long ago, or in the future, are refused.
	MaxEventAge = 9 * 7 * 24 * time.Hour
)

// EnrolmentHeader carries the organisation's enrolment key on POST
// /v1/events.
const EnrolmentHeader = "Scrubs-Enrolment-Key"

// Verdicts events may report: only drafts the guard warned about.
var Verdicts = []string{classifier.VerdictWarn, classifier.VerdictBlock}

// Outcomes: what the user did after the guard's warning.
const (
	OutcomeWarned       = "warned"        // posted after a second look (a warn draft)
	OutcomeStopped      = "stopped"       // not posted: the guard was closed or the page left
	OutcomeEdited       = "edited"        // went back to edit the draft
	OutcomePostedAnyway = "posted_anyway" // posted past the warning, giving a reason
	OutcomeFalseAlarm   = "false_alarm"   // reported the warning as a false alarm
)

var Outcomes = []string{OutcomeWarned, OutcomeStopped, OutcomeEdited, OutcomePostedAnyway, OutcomeFalseAlarm}

// Reasons are the categories offered when posting anyway.
var Reasons = []string{"not_about_a_patient", "consent_on_file", "public_information", "other", ReasonNotChecked}

// ReasonNotChecked is a post made when Scrubs could not check the draft:
// the one event with no kinds.
const ReasonNotChecked = "not_checked"

// Sites events are counted under; any other host is "other".
var Sites = []string{"facebook", "instagram", "messenger", "google", "yelp", "x", SiteOther}

const SiteOther = "other"

var eventFields = []string{"week", "site", "verdict", "kinds", "outcome", "reason", "rules", "count"}

// required fields of an event: all but reason and rules.
var eventRequired = [8]bool{true, true, true, true, true, false, false, true}

// ParseEvents reads an events body strictly: the required fields must be
// there, a field outside the schema, a duplicate field or an unknown value
// is a problem, and nothing is counted unless the whole body is good. now
// bounds the weeks. Rule ids are checked only for their shape here; the
// handler checks them against the served pack.
func ParseEvents(data []byte, now time.Time) ([]Event, []classifier.Problem) {
	p := &eventParser{l: jlexer.Lexer{Data: data}, now: now}
	events := p.parse()
	if err := p.l.Error(); err != nil && len(p.problems) == 0 {
		p.add("", "not valid JSON: %v", err)
	}
	if len(p.problems) == 0 {
		var posts int64
		for _, e := range events {
			posts += e.Count
		}
		if posts > MaxEventPosts {
			p.add("events", "counts %d posts; one report may count at most %d", posts, MaxEventPosts)
		}
	}
	if len(p.problems) > 0 {
		return nil, p.problems
	}
	return events, nil
}

type eventParser struct {
	l        jlexer.Lexer
	now      time.Time
	problems []classifier.Problem
}

func (p *eventParser) add(path, format string, args ...any) {
	p.problems = append(p.problems, classifier.Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

func (p *eventParser) parse() []Event {
	l := &p.l
	var events []Event
	seen := false
	l.Delim('{')
	for !l.IsDelim('}') {
		key := l.UnsafeFieldName(false)
		l.WantColon()
		if !l.Ok() {
			return nil
		}
		if key != "events" {
			p.add(truncate(key), "is not a field of an events body; the only field is \"events\"")
			return nil
		}
		if seen {
			p.add(key, "appears twice")
			return nil
		}
		seen = true
		l.Delim('[')
		for i := 0; !l.IsDelim(']'); i++ {
			if i == MaxEvents {
				p.add("events", "has more than %d rows", MaxEvents)
				return nil
			}
			e, ok := p.event("events[" + strconv.Itoa(i) + "]")
			if !ok {
				return nil
			}
			events = append(events, e)
			l.WantComma()
		}
		l.Delim(']')
		l.WantComma()
	}
	l.Delim('}')
	l.Consumed()
	if l.Ok() && !seen {
		p.add("events", "is required")
	}
	return events
}

// strings reads an array of distinct strings, each checked by ok.
func (p *eventParser) strings(path string, most int, ok func(path, s string) bool) []string {
	l := &p.l
	var out []string
	l.Delim('[')
	for i := 0; l.Ok() && !l.IsDelim(']'); i++ {
		ip := path + "[" + strconv.Itoa(i) + "]"
		s := l.String()
		if !l.Ok() {
			return nil
		}
		if i == most {
			p.add(path, "has more than %d entries", most)
			return nil
		}
		if slices.Contains(out, s) {
			p.add(ip, "%q appears twice", truncate(s))
			return nil
		}
		if !ok(ip, s) {
			return nil
		}
		out = append(out, s)
		l.WantComma()
	}
	l.Delim(']')
	return out
}

func (p *eventParser) event(path string) (Event, bool) {
	l := &p.l
	var e Event
	var seen [8]bool
	l.Delim('{')
	for !l.IsDelim('}') {
		key := l.UnsafeFieldName(false)
		l.WantColon()
		if !l.Ok() {
			return e, false
		}
		idx := slices.Index(eventFields, key)
		if idx < 0 {
			p.add(path+"."+truncate(key), "is not a field of an event; events carry week, site, verdict, kinds, outcome, reason, rules and count only")
			return e, false
		}
		fp := path + "." + key
		if seen[idx] {
			p.add(fp, "appears twice")
			return e, false
		}
		seen[idx] = true
		switch key {
		case "week":
			e.Week = l.String()
			if l.Ok() {
				p.week(fp, e.Week)
			}
		case "site":
			e.Site = l.String()
			if l.Ok() {
				var ok bool
				if e.Site, ok = site(e.Site); !ok {
					p.add(fp, "is not a host name")
				}
			}
		case "verdict":
			e.Verdict = l.String()
			if l.Ok() && !slices.Contains(Verdicts, e.Verdict) {
				p.add(fp, "%q is not a verdict the guard warns about; use \"warn\" or \"block\"", truncate(e.Verdict))
			}
		case "kinds":
			e.Kinds = p.strings(fp, len(classifier.Kinds), func(ip, k string) bool {
				if !slices.Contains(classifier.Kinds, k) {
					p.add(ip, "%q is not a finding kind", truncate(k))
					return false
				}
				return true
			})
		case "outcome":
			e.Outcome = l.String()
			if l.Ok() && !slices.Contains(Outcomes, e.Outcome) {
				p.add(fp, "%q is not an outcome; use one of %s", truncate(e.Outcome), strings.Join(Outcomes, ", "))
			}
		case "reason":
			e.Reason = l.String()
			if l.Ok() && !slices.Contains(Reasons, e.Reason) {
				p.add(fp, "%q is not a reason category; use one of %s", truncate(e.Reason), strings.Join(Reasons, ", "))
			}
		case "rules":
			e.Rules = p.strings(fp, MaxEventRules, func(ip, id string) bool {
				if id == "" || len(id) > 64 {
					p.add(ip, "is not a rule id")
					return false
				}
				return true
			})
		case "count":
			e.Count = l.Int64()
			if l.Ok() && (e.Count < 1 || e.Count > MaxEventCount) {
				p.add(fp, "is %d; must be between 1 and %d", e.Count, MaxEventCount)
			}
		}
		if !l.Ok() {
			p.add(fp, "has the wrong type: %v", l.Error())
			return e, false
		}
		if len(p.problems) > 0 {
			return e, false
		}
		l.WantComma()
	}
	l.Delim('}')
	if l.Ok() && len(p.problems) == 0 && seen[3] && len(e.Kinds) == 0 && e.Reason != ReasonNotChecked {
		p.add(path+".kinds", "is empty; a warned draft has at least one kind of finding")
	}
	for i, name := range eventFields {
		if l.Ok() && eventRequired[i] && !seen[i] {
			p.add(path+"."+name, "is required")
		}
	}
	if l.Ok() && len(p.problems) == 0 {
		switch {
		case e.Outcome == OutcomePostedAnyway && e.Reason == "":
			p.add(path+".reason", "is required when the outcome is posted_anyway")
		case e.Outcome != OutcomePostedAnyway && e.Reason != "":
			p.add(path+".reason", "is only for the outcome posted_anyway")
		}
	}
	return e, l.Ok() && len(p.problems) == 0
}

// week checks a week: the Monday it starts on, not in the future and not
// older than MaxEventAge.
func (p *eventParser) week(path, w string) {
	d, err := time.Parse(time.DateOnly, w)
	switch {
	case err != nil || d.Format(time.DateOnly) != w:
		p.add(path, "%q is not a date (YYYY-MM-DD)", truncate(w))
	case d.Weekday() != time.Monday:
		p.add(path, "%q is not a Monday", w)
	case d.After(p.now.Add(24*time.Hour)) || d.Before(p.now.Add(-MaxEventAge)):
		p.add(path, "%q is not a week of the last %d weeks", w, int(MaxEventAge/(7*24*time.Hour)))
	}
}

// siteDomains are the domains of each known site.
var siteDomains = map[string][]string{
	"facebook":  {"facebook.com", "fb.com"},
	"instagram": {"instagram.com"},
	"messenger": {"messenger.com"},
	"google":    {"google.com"},
	"yelp":      {"yelp.com"},
	"x":         {"x.com", "twitter.com"},
}

// site checks a host name and says which site of Sites it belongs to:
// www.facebook.com is "facebook", business.google.com "google", any host
// Scrubs has no adapter of its own for "other". The set is closed, so
// reports cannot grow a row per made-up host.
func site(host string) (string, bool) {
	if host == "" || len(host) > 253 || strings.Trim(host, "abcdefghijklmnopqrstuvwxyz0123456789.-") != "" {
		return "", false
	}
	if slices.Contains(Sites, host) {
		return host, true
	}
	for name, domains := range siteDomains {
		for _, d := range domains {
			if host == d || strings.HasSuffix(host, "."+d) {
				return name, true
			}
		}
	}
	return SiteOther, true
}

func truncate(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return strings.ToValidUTF8(s, "�")
}

// Week names the week t falls in as the extension does: the date of its
// Monday (UTC), such as "2026-11-16".
func Week(t time.Time) string {
	t = t.UTC()
	return t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7)).Format(time.DateOnly)
}

// countsOf turns events into stored counts: per event one post row (no
// kind, no rule), one row per kind and one per rule, each counting posts.
func countsOf(events []Event) []Count {
	m := map[CountKey]int64{}
	for _, e := range events {
		k := CountKey{Week: e.Week, Site: e.Site, Verdict: e.Verdict, Outcome: e.Outcome, Reason: e.Reason}
		m[k] += e.Count
		for _, kind := range e.Kinds {
			kk := k
			kk.Kind = kind
			m[kk] += e.Count
		}
		for _, rule := range e.Rules {
			kr := k
			kr.Rule = rule
			m[kr] += e.Count
		}
	}
	return CountsFromMap(m)
}

// ClientKey names a client for the event limits: an IPv4 address as it is,
// an IPv6 address by its /64 (one subscriber's network: rotating addresses
// inside it is free). Anything else is kept as given.
func ClientKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap()
	if a.Is4() {
		return a.String()
	}
	return netip.PrefixFrom(a.WithZone(""), 64).Masked().String()
}

// limiter is a token bucket per client (rate tokens a second, up to
// burst) and a weekly budget of posts per client.
type limiter struct {
	rate   float64
	burst  float64
	budget int64
	mu     sync.Mutex
	m      map[string]*list.Element
	lru    list.List // of *bucket; front: used least recently
}

type bucket struct {
	client string
	tokens float64
	last   time.Time
	week   string
	posts  int64 // reported in week
}

// maxClients bounds the limiter's memory. Past it the client used least
// recently is forgotten (one at a time, never all at once): with this
// many clients that one is, in practice, long idle and refilled.
const maxClients = 10000

func newLimiter(rate float64, burst int, budget int64) *limiter {
	if rate <= 0 {
		return nil
	}
	return &limiter{rate: rate, burst: float64(max(burst, 1)), budget: budget, m: map[string]*list.Element{}}
}

// get finds or makes client's bucket and marks it used; l.mu is held.
func (l *limiter) get(client string, now time.Time) *bucket {
	if e, ok := l.m[client]; ok {
		l.lru.MoveToBack(e)
		return e.Value.(*bucket)
	}
	for len(l.m) >= maxClients {
		old := l.lru.Front()
		delete(l.m, old.Value.(*bucket).client)
		l.lru.Remove(old)
	}
	b := &bucket{client: client, tokens: l.burst, last: now}
	l.m[client] = l.lru.PushBack(b)
	return b
}

// allow takes a token for client at now, or says how long until one is
// free.
func (l *limiter) allow(client string, now time.Time) (bool, time.Duration) {
	if l == nil {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.refilled(client, now)
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, l.untilToken(b)
}

// refilled is client's bucket with the tokens earned since it was last
// used; l.mu is held.
func (l *limiter) refilled(client string, now time.Time) *bucket {
	b := l.get(client, now)
	if now.After(b.last) {
		b.tokens = min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
		b.last = now
	}
	return b
}

// untilToken is how long until b holds a whole token.
func (l *limiter) untilToken(b *bucket) time.Duration {
	return time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

// spend takes posts from client's budget for the week of now, or says how
// long until the next week when they do not fit (and takes nothing).
func (l *limiter) spend(client string, now time.Time, posts int64) (bool, time.Duration) {
	if l == nil || l.budget <= 0 {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.get(client, now)
	if w := Week(now); b.week != w {
		b.week, b.posts = w, 0
	}
	if b.posts+posts > l.budget {
		monday, _ := time.Parse(time.DateOnly, b.week)
		return false, monday.AddDate(0, 0, 7).Sub(now)
	}
	b.posts += posts
	return true, 0
}

// extensionOrigin says whether origin is a browser extension's, the only
// web origins that may POST events from a page context.
func extensionOrigin(origin string) bool {
	for _, scheme := range []string{"chrome-extension://", "moz-extension://"} {
		if id, ok := strings.CutPrefix(origin, scheme); ok {
			return id != "" && strings.Trim(id, "abcdefghijklmnopqrstuvwxyz0123456789-") == ""
		}
	}
	return false
}
