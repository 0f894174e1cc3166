package packserver

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mailru/easyjson/jlexer"
	"github.com/scrubs/scrubs/classifier"
)

// Events are what extensions report, already counted: how many guarded
// posts in one week, on one site, had one verdict and one kind of finding,
// and whether they were posted anyway. Never text, never who, never a time
// finer than the week. The extension sends the rows it has not sent yet:
//
//	POST /v1/events
//	{"events": [{"week": "2026-11-16", "site": "www.facebook.com", "verdict": "warn",
//	             "kind": "identifier.phone", "override": false, "count": 3}]}
//
// week is the Monday (UTC) the week starts on; kind is a finding kind, or
// "none" for a post with no finding; a post with two kinds is one row each.
type Event struct {
	Week     string
	Site     string
	Verdict  string
	Kind     string
	Override bool
	Count    int64
}

// Limits on one POST /v1/events.
const (
	MaxEventsBody = 256 << 10
	MaxEvents     = 2000
	MaxEventCount = 100000
	// Rows for weeks more than this long ago, or in the future, are refused.
	MaxEventAge = 9 * 7 * 24 * time.Hour
)

// Verdicts events may report.
var Verdicts = []string{classifier.VerdictOK, classifier.VerdictWarn, classifier.VerdictBlock}

// KindNone is the kind of a row for a post without findings.
const KindNone = "none"

var eventFields = []string{"week", "site", "verdict", "kind", "override", "count"}

// ParseEvents reads an events body strictly: every field is required, a
// field outside the schema, a duplicate field or an unknown value is a
// problem, and nothing is counted unless the whole body is good. now
// bounds the weeks.
func ParseEvents(data []byte, now time.Time) ([]Event, []classifier.Problem) {
	p := &eventParser{l: jlexer.Lexer{Data: data}, now: now}
	events := p.parse()
	if err := p.l.Error(); err != nil && len(p.problems) == 0 {
		p.add("", "not valid JSON: %v", err)
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

func (p *eventParser) event(path string) (Event, bool) {
	l := &p.l
	var e Event
	var seen [6]bool
	l.Delim('{')
	for !l.IsDelim('}') {
		key := l.UnsafeFieldName(false)
		l.WantColon()
		if !l.Ok() {
			return e, false
		}
		idx := slices.Index(eventFields, key)
		if idx < 0 {
			p.add(path+"."+truncate(key), "is not a field of an event; events carry week, site, verdict, kind, override and count only")
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
				p.add(fp, "%q is not a verdict; use \"ok\", \"warn\" or \"block\"", truncate(e.Verdict))
			}
		case "kind":
			e.Kind = l.String()
			if l.Ok() && e.Kind != KindNone && !slices.Contains(classifier.Kinds, e.Kind) {
				p.add(fp, "%q is not a finding kind", truncate(e.Kind))
			}
		case "override":
			e.Override = l.Bool()
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
	for i, name := range eventFields {
		if l.Ok() && !seen[i] {
			p.add(path+"."+name, "is required")
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

// site checks a host name and shortens the sites Scrubs knows:
// www.facebook.com is "facebook", and so on.
func site(host string) (string, bool) {
	if host == "" || len(host) > 253 || strings.Trim(host, "abcdefghijklmnopqrstuvwxyz0123456789.-") != "" {
		return "", false
	}
	for _, known := range []string{"facebook", "instagram", "messenger"} {
		if host == known || host == known+".com" || strings.HasSuffix(host, "."+known+".com") {
			return known, true
		}
	}
	return host, true
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

func countsOf(events []Event) []Count {
	m := map[CountKey]int64{}
	for _, e := range events {
		m[CountKey{e.Week, e.Site, e.Verdict, e.Override, e.Kind}] += e.Count
	}
	return CountsFromMap(m)
}

// limiter is a token bucket per client: rate tokens a second, up to burst.
type limiter struct {
	rate  float64
	burst float64
	mu    sync.Mutex
	m     map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

// maxClients bounds the limiter's memory; past it, the oldest state is
// dropped all at once (a client then starts again with a full bucket).
const maxClients = 10000

func newLimiter(rate float64, burst int) *limiter {
	if rate <= 0 {
		return nil
	}
	return &limiter{rate: rate, burst: float64(max(burst, 1)), m: map[string]*bucket{}}
}

// allow takes a token for client at now, or says how long until one is
// free.
func (l *limiter) allow(client string, now time.Time) (bool, time.Duration) {
	if l == nil {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.m[client]
	if !ok {
		if len(l.m) >= maxClients {
			clear(l.m)
		}
		b = &bucket{tokens: l.burst, last: now}
		l.m[client] = b
	}
	if now.After(b.last) {
		b.tokens = min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}
