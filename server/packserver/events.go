package packserver

import (
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/mailru/easyjson/jlexer"
	"github.com/scrubs/scrubs/classifier"
)

// Events are what extensions report: that a draft was warned about or
// blocked, where, for which kinds of finding, and whether the user posted
// anyway. Never text, never a time finer than the week the server
// receives it in, never who.
//
//	POST /v1/events
//	{"events": [{"verdict": "warn", "kinds": ["identifier.phone"], "site": "facebook", "override": false}]}
type Event struct {
	Verdict  string
	Kinds    []string
	Site     string
	Override bool
}

// Limits on one POST /v1/events.
const (
	MaxEventsBody = 16 << 10
	MaxEvents     = 100
)

// Sites events may come from.
var Sites = []string{"facebook", "instagram", "try"}

// Verdicts events may report.
var Verdicts = []string{classifier.VerdictWarn, classifier.VerdictBlock}

// ParseEvents reads an events body strictly: every field is required, a
// field outside the schema, a duplicate field or an unknown value is a
// problem, and nothing is counted unless the whole body is good.
func ParseEvents(data []byte) ([]Event, []classifier.Problem) {
	p := &eventParser{l: jlexer.Lexer{Data: data}}
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
			p.add(key, "is not a field of an events body; the only field is \"events\"")
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
				p.add("events", "has more than %d events", MaxEvents)
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
	var seen [4]bool
	l.Delim('{')
	for !l.IsDelim('}') {
		key := l.UnsafeFieldName(false)
		l.WantColon()
		if !l.Ok() {
			return e, false
		}
		fp := path + "." + key
		idx := slices.Index([]string{"verdict", "kinds", "site", "override"}, key)
		if idx < 0 {
			p.add(fp, "is not a field of an event; events carry verdict, kinds, site and override only")
			return e, false
		}
		if seen[idx] {
			p.add(fp, "appears twice")
			return e, false
		}
		seen[idx] = true
		switch key {
		case "verdict":
			e.Verdict = l.String()
			if l.Ok() && !slices.Contains(Verdicts, e.Verdict) {
				p.add(fp, "%q is not a verdict an event reports; use \"warn\" or \"block\"", truncate(e.Verdict))
			}
		case "site":
			e.Site = l.String()
			if l.Ok() && !slices.Contains(Sites, e.Site) {
				p.add(fp, "%q is not a site; use \"facebook\", \"instagram\" or \"try\"", truncate(e.Site))
			}
		case "override":
			e.Override = l.Bool()
		case "kinds":
			l.Delim('[')
			for i := 0; !l.IsDelim(']'); i++ {
				if i == len(classifier.Kinds) {
					p.add(fp, "has more kinds than there are")
					return e, false
				}
				k := l.String()
				if !l.Ok() {
					break
				}
				switch {
				case !slices.Contains(classifier.Kinds, k):
					p.add(fp+"["+strconv.Itoa(i)+"]", "%q is not a finding kind", truncate(k))
				case slices.Contains(e.Kinds, k):
					p.add(fp+"["+strconv.Itoa(i)+"]", "%q appears twice", truncate(k))
				}
				e.Kinds = append(e.Kinds, k)
				l.WantComma()
			}
			l.Delim(']')
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
	for i, name := range []string{"verdict", "kinds", "site", "override"} {
		if l.Ok() && !seen[i] {
			p.add(path+"."+name, "is required")
		}
	}
	return e, l.Ok() && len(p.problems) == 0
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// ISOWeek names the ISO 8601 week t falls in, such as "2026-W47".
func ISOWeek(t time.Time) string {
	y, w := t.UTC().ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// countsOf turns events into counts for one week: each event counts once
// with Kind "" and once for each kind it names.
func countsOf(week string, events []Event) []Count {
	m := map[CountKey]int64{}
	for _, e := range events {
		k := CountKey{week, e.Site, e.Verdict, e.Override, ""}
		m[k]++
		for _, kind := range e.Kinds {
			k.Kind = kind
			m[k]++
		}
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
