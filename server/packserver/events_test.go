package packserver

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"
)

// ev is one events row; week 2026-11-16 is the fixture clock's week.
// fields are name, JSON value pairs; "-" leaves a field out.
func ev(fields ...string) string {
	m := map[string]string{"week": `"2026-11-16"`, "site": `"www.facebook.com"`, "verdict": `"warn"`,
		"kinds": `["identifier.phone"]`, "outcome": `"warned"`, "count": "1"}
	for i := 0; i+1 < len(fields); i += 2 {
		m[fields[i]] = fields[i+1]
	}
	var parts []string
	for _, k := range []string{"week", "site", "verdict", "kinds", "outcome", "reason", "rules", "count", "text", "url", "Verdict", "extra", "kind", "override"} {
		if v, ok := m[k]; ok && v != "-" {
			parts = append(parts, fmt.Sprintf("%q:%s", k, v))
		}
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func events(rows ...string) string { return `{"events":[` + strings.Join(rows, ",") + `]}` }

var enrolment = DeriveEnrolmentKey(token)

// post sends an events body with the enrolment key; headers come after
// and may override it.
func (f *fixture) post(body string, headers ...string) *httptest.ResponseRecorder {
	f.t.Helper()
	return f.do("POST", "/v1/events", []byte(body), append([]string{"Content-Type", "application/json", EnrolmentHeader, enrolment}, headers...)...)
}

func (f *fixture) stats(query string) StatsResponse {
	f.t.Helper()
	var s StatsResponse
	w := f.admin("GET", "/v1/stats"+query, nil)
	if w.Code != 200 {
		f.t.Fatalf("GET /v1/stats%s: %d %s", query, w.Code, w.Body)
	}
	if err := s.UnmarshalJSON(w.Body.Bytes()); err != nil {
		f.t.Fatal(err)
	}
	return s
}

func rowOf(rows []StatsRow, key string) StatsRow {
	for _, r := range rows {
		if r.Key == key {
			return r
		}
	}
	return StatsRow{Key: key}
}

func TestEvents(t *testing.T) {
	f := newFixture(t)
	good := events(
		ev("verdict", `"block"`, "kinds", `["health.condition","identifier.name","patient.acknowledgement","identifier.phone"]`,
			"outcome", `"posted_anyway"`, "reason", `"consent_on_file"`),
		ev("count", "3"),
		ev("site", `"instagram.com"`, "verdict", `"block"`, "kinds", `["identifier.ssn"]`, "outcome", `"stopped"`, "week", `"2026-11-09"`),
		ev("site", `"social.example.org"`, "kinds", `["health.condition"]`, "outcome", `"false_alarm"`, "rules", `["conditions-en-procedures"]`),
		ev("site", `"business.google.com"`, "outcome", `"edited"`),
	)
	if w := f.post(good); w.Code != 204 {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	if w := f.post(events()); w.Code != 204 {
		t.Fatalf("no rows: %d", w.Code)
	}
	bad := map[string]string{
		"text at the top":          `{"events":[],"text":"Mrs Smith's chemo"}`,
		"text in an event":         events(ev("text", `"Mrs Smith"`)),
		"url in an event":          events(ev("url", `"https://x"`)),
		"case differs":             events(ev("verdict", "-", "Verdict", `"warn"`)),
		"nested unknown":           events(ev("extra", `{"text":"x"}`)),
		"duplicate field":          `{"events":[{"verdict":"warn",` + ev()[1:] + `]}`,
		"missing field":            events(ev("count", "-")),
		"missing outcome":          events(ev("outcome", "-")),
		"old format kind":          events(ev("kinds", "-", "kind", `"identifier.phone"`)),
		"old format override":      events(ev("override", "true")),
		"unknown kind":             events(ev("kinds", `["Mrs Smith"]`)),
		"no kinds":                 events(ev("kinds", `[]`)),
		"kind twice":               events(ev("kinds", `["identifier.phone","identifier.phone"]`)),
		"kinds not strings":        events(ev("kinds", `[["identifier.ssn"]]`)),
		"kinds a string":           events(ev("kinds", `"identifier.ssn"`)),
		"site with spaces":         events(ev("site", `"Mrs Smith"`)),
		"site upper case":          events(ev("site", `"WWW.FACEBOOK.COM"`)),
		"unknown verdict":          events(ev("verdict", `"maybe"`)),
		"ok verdict":               events(ev("verdict", `"ok"`)),
		"unknown outcome":          events(ev("outcome", `"shrugged"`)),
		"posted anyway, no reason": events(ev("outcome", `"posted_anyway"`)),
		"reason as free text":      events(ev("outcome", `"posted_anyway"`, "reason", `"Mrs Smith said it was fine"`)),
		"reason without override":  events(ev("reason", `"other"`)),
		"unknown rule":             events(ev("outcome", `"false_alarm"`, "rules", `["Mrs Smith has chemo"]`)),
		"rule not a string":        events(ev("rules", `[1]`)),
		"too many rules":           events(ev("rules", `["a","b","c","d","e","f","g","h","i","j","k","l","m","n","o","p","q"]`)),
		"not a monday":             events(ev("week", `"2026-11-17"`)),
		"future week":              events(ev("week", `"2026-12-07"`)),
		"old week":                 events(ev("week", `"2025-11-17"`)),
		"week not a date":          events(ev("week", `"2026-W47"`)),
		"zero count":               events(ev("count", "0")),
		"count over the cap":       events(ev("count", "501")),
		"fractional count":         events(ev("count", "1.5")),
		"null kinds":               events(ev("kinds", "null")),
		"not json":                 `hello`,
		"array":                    `[]`,
		"empty":                    ``,
		"no events":                `{}`,
		"trailing":                 `{"events":[]} {}`,
		"events twice":             `{"events":[],"events":[]}`,
		"one good, one bad":        events(ev(), ev("text", `"x"`)),
		"event not object":         `{"events":["warn"]}`,
	}
	for name, body := range bad {
		w := f.post(body)
		if w.Code != 400 {
			t.Errorf("%s: %d %s", name, w.Code, w.Body)
			continue
		}
		errorsOf(t, w)
	}
	many := events(strings.Repeat(ev()+",", MaxEvents) + ev())
	if w := f.post(many); w.Code != 400 {
		t.Errorf("too many rows: %d", w.Code)
	}
	if w := f.post(`{"events":[]}` + strings.Repeat(" ", MaxEventsBody)); w.Code != 413 {
		t.Errorf("too large: %d", w.Code)
	}
	if w := f.post(good, "Content-Type", "text/plain"); w.Code != 415 {
		t.Errorf("text/plain: %d", w.Code)
	}

	s := f.stats("")
	// Six posts: one per event, whatever the number of kinds.
	wantTotal := StatsRow{Key: "", Drafts: 7, Blocked: 2, Warned: 3, Stopped: 1, Edited: 1, PostedAnyway: 1, FalseAlarms: 1,
		Reasons: map[string]int64{"consent_on_file": 1}, OverrideRate: 1.0 / 7, FalseAlarmRate: 1.0 / 7}
	if !reflect.DeepEqual(s.Total, wantTotal) {
		t.Errorf("total\n got %+v\nwant %+v", s.Total, wantTotal)
	}
	if got := []string{s.From, s.To}; !reflect.DeepEqual(got, []string{"2026-11-09", "2026-11-16"}) {
		t.Errorf("period %v", got)
	}
	if w := rowOf(s.Weeks, "2026-11-16"); w.Drafts != 6 || w.PostedAnyway != 1 {
		t.Errorf("this week %+v", w)
	}
	if k := rowOf(s.Kinds, "identifier.phone"); k.Drafts != 5 || k.PostedAnyway != 1 || k.Warned != 3 || k.Edited != 1 {
		t.Errorf("identifier.phone %+v", k)
	}
	if k := rowOf(s.Kinds, "health.condition"); k.Drafts != 2 || k.FalseAlarms != 1 || k.FalseAlarmRate != 0.5 {
		t.Errorf("health.condition %+v", k)
	}
	sites := map[string]int64{}
	for _, r := range s.Sites {
		sites[r.Key] = r.Drafts
	}
	if want := map[string]int64{"facebook": 4, "instagram": 1, "other": 1, "google": 1}; !reflect.DeepEqual(sites, want) {
		t.Errorf("sites %v, want %v", sites, want)
	}
	if r := rowOf(s.Rules, "conditions-en-procedures"); r.Drafts != 1 || r.FalseAlarms != 1 || r.FalseAlarmRate != 1 {
		t.Errorf("rule %+v (rules %+v)", r, s.Rules)
	}
	// The period picker narrows it.
	if s := f.stats("?from=2026-11-17&to=2026-11-22"); s.Total.Drafts != 6 || s.From != "2026-11-16" || len(s.Weeks) != 1 ||
		!reflect.DeepEqual(s.AllWeeks, []string{"2026-11-09", "2026-11-16"}) {
		t.Errorf("this week only: %+v", s)
	}
	for _, q := range []string{"?from=yesterday", "?to=2026-13-01", "?from=2026-11-16&to=2026-11-09"} {
		if w := f.admin("GET", "/v1/stats"+q, nil); w.Code != 400 {
			t.Errorf("%s: %d", q, w.Code)
		}
	}
}

// The review's flood (security M6): from one client, 14,402 made-up sites
// and 1.44 billion overrides in eight requests. Now every made-up host is
// "other", a row counts at most 500 posts and a request 5,000, and one
// client's week holds at most WeekBudget posts.
func TestEventsFlood(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.EventRate, c.EventBurst = 1, 30 })
	var rows []string
	for i := range MaxEvents {
		rows = append(rows, ev("site", fmt.Sprintf(`"fake-%d.example.com"`, i), "count", "10"))
	}
	accepted := 0
	for range 8 {
		if w := f.post(events(rows...)); w.Code == 204 {
			accepted++
		}
	}
	if w := f.post(events(ev("count", "100000"))); w.Code != 400 {
		t.Errorf("a row of 100,000: %d", w.Code)
	}
	if w := f.post(events(strings.Repeat(ev("count", "500")+",", 10) + ev("count", "500"))); w.Code != 400 {
		t.Errorf("5,500 posts in one request: %d", w.Code)
	}
	s := f.stats("")
	if len(s.Sites) != 1 || s.Sites[0].Key != "other" {
		t.Errorf("sites: %+v", s.Sites)
	}
	if s.Total.Drafts != int64(accepted)*MaxEvents*10 || s.Total.Drafts > WeekBudget {
		t.Errorf("%d posts counted from %d accepted requests", s.Total.Drafts, accepted)
	}
	// Past the week's budget: 429 until Monday, then it opens again.
	for s.Total.Drafts+5000 <= WeekBudget {
		f.clock.Add(time.Minute)
		if w := f.post(events(rows...)); w.Code != 204 {
			t.Fatalf("within the budget: %d %s", w.Code, w.Body)
		}
		s.Total.Drafts += 5000
	}
	f.clock.Add(time.Minute)
	w := f.post(events(rows...))
	if w.Code != 429 || w.Header().Get("Retry-After") == "" {
		t.Fatalf("over the week's budget: %d %v", w.Code, w.Header())
	}
	f.clock.Add(24 * time.Hour) // Monday 2026-11-23
	if w := f.post(events(ev())); w.Code != 204 {
		t.Fatalf("next week: %d %s", w.Code, w.Body)
	}
	if s := f.stats(""); s.Total.Drafts > WeekBudget+1 {
		t.Errorf("%d posts counted", s.Total.Drafts)
	}
}

func TestEventsNeedEnrolmentKey(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.EnrolmentKey = "scrubs-enrol-0123456789abcdef" })
	body := events(ev())
	for name, key := range map[string]string{"none": "", "wrong": "scrubs-enrol-fedcba9876543210", "derived": enrolment, "admin token": token} {
		w := f.do("POST", "/v1/events", []byte(body), "Content-Type", "application/json", EnrolmentHeader, key)
		if w.Code != 401 {
			t.Errorf("%s: %d", name, w.Code)
		}
		errorsOf(t, w)
	}
	if w := f.post(body, EnrolmentHeader, "scrubs-enrol-0123456789abcdef"); w.Code != 204 {
		t.Fatalf("the right key: %d %s", w.Code, w.Body)
	}
	if s := f.stats(""); s.Total.Drafts != 1 {
		t.Fatalf("counted %d", s.Total.Drafts)
	}
	var e EnrolmentResponse
	w := f.admin("GET", "/v1/enrolment", nil)
	if w.Code != 200 || e.UnmarshalJSON(w.Body.Bytes()) != nil || e.Key != "scrubs-enrol-0123456789abcdef" || e.Header != EnrolmentHeader {
		t.Fatalf("GET /v1/enrolment: %d %s", w.Code, w.Body)
	}
	if w := f.do("GET", "/v1/enrolment", nil); w.Code != 401 {
		t.Fatalf("GET /v1/enrolment without the token: %d", w.Code)
	}
}

func TestEventsCORS(t *testing.T) {
	f := newFixture(t)
	for _, origin := range []string{"chrome-extension://gniieannildccockippdmjkediigkbgg", "moz-extension://0b7c5a8e-1f2d-4c3b-9a6e-5d4c3b2a1f0e"} {
		w := f.do("OPTIONS", "/v1/events", nil, "Origin", origin, "Access-Control-Request-Method", "POST")
		if w.Code != 204 || w.Header().Get("Access-Control-Allow-Origin") != origin ||
			!strings.Contains(w.Header().Get("Access-Control-Allow-Headers"), EnrolmentHeader) {
			t.Errorf("preflight from %s: %d %v", origin, w.Code, w.Header())
		}
		if w := f.post(events(ev()), "Origin", origin); w.Code != 204 || w.Header().Get("Access-Control-Allow-Origin") != origin {
			t.Errorf("POST from %s: %d %v", origin, w.Code, w.Header())
		}
	}
	for _, origin := range []string{"https://evil.example", "null", "chrome-extension://", "chrome-extension://a/b"} {
		w := f.do("OPTIONS", "/v1/events", nil, "Origin", origin, "Access-Control-Request-Method", "POST")
		if w.Header().Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("preflight from %s allowed: %v", origin, w.Header())
		}
		if w := f.post(events(ev()), "Origin", origin); w.Code != 403 || w.Header().Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("POST from %s: %d %v", origin, w.Code, w.Header())
		}
	}
	// No Origin (the extension's service worker with a host permission, or curl): the key decides.
	if w := f.post(events(ev())); w.Code != 204 {
		t.Errorf("no Origin: %d", w.Code)
	}
	if s := f.stats(""); s.Total.Drafts != 3 {
		t.Errorf("counted %d, want 3", s.Total.Drafts)
	}
}

func TestEventsRateLimited(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.EventRate, c.EventBurst = 2, 5 })
	body := []byte(events(ev()))
	post := func(ip string) int {
		r := httptest.NewRequest("POST", "/v1/events", bytes.NewReader(body))
		r.RemoteAddr = ip
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set(EnrolmentHeader, enrolment)
		w := httptest.NewRecorder()
		f.srv.ServeHTTP(w, r)
		if w.Code == 429 && w.Header().Get("Retry-After") == "" {
			t.Fatal("429 without Retry-After")
		}
		return w.Code
	}
	for i := range 5 {
		if c := post("10.0.0.1:1234"); c != 204 {
			t.Fatalf("request %d: %d", i, c)
		}
	}
	if c := post("10.0.0.1:1234"); c != 429 {
		t.Fatalf("over the burst: %d", c)
	}
	if c := post("10.0.0.2:1234"); c != 204 {
		t.Fatalf("another client: %d", c)
	}
	f.clock.Add(time.Second)
	if post("10.0.0.1:1234") != 204 || post("10.0.0.1:1234") != 204 || post("10.0.0.1:1234") != 429 {
		t.Fatal("the bucket did not refill at 2 a second")
	}
	// IPv6: one /64 is one client, whatever the address inside it.
	for i := range 5 {
		if c := post(fmt.Sprintf("[2001:db8:1:2::%x]:1234", i+1)); c != 204 {
			t.Fatalf("v6 request %d: %d", i, c)
		}
	}
	if c := post("[2001:db8:1:2:ffff:ffff:ffff:ffff]:1234"); c != 429 {
		t.Fatalf("another address in the same /64: %d", c)
	}
	if c := post("[2001:db8:1:3::1]:1234"); c != 204 {
		t.Fatalf("the next /64: %d", c)
	}
	if c := post("[::ffff:10.0.0.1]:1234"); c != 429 {
		t.Fatalf("10.0.0.1 as a mapped IPv6 address: %d", c)
	}
	if s := f.stats(""); s.Total.Drafts != 14 {
		t.Fatalf("counted %d events, want 14", s.Total.Drafts)
	}
}

func TestClientKey(t *testing.T) {
	for in, want := range map[string]string{
		"192.0.2.7":            "192.0.2.7",
		"::ffff:192.0.2.7":     "192.0.2.7",
		"2001:db8:1:2:3:4:5:6": "2001:db8:1:2::/64",
		"2001:db8:1:2::1%eth0": "2001:db8:1:2::/64",
		"not an address":       "not an address",
	} {
		if got := ClientKey(in); got != want {
			t.Errorf("ClientKey(%q) = %q, want %q", in, got, want)
		}
	}
}

// The limiter forgets the client used least recently, one at a time; it
// never clears every client at once (which let a client rotating
// addresses reset everyone's bucket, its own included).
func TestLimiterEvictsOldest(t *testing.T) {
	l := newLimiter(1, 2, 0)
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	l.allow("victim", now)
	l.allow("victim", now)
	if ok, _ := l.allow("victim", now); ok {
		t.Fatal("the burst is 2")
	}
	for i := range maxClients + 50 {
		l.allow(fmt.Sprintf("rotating-%d", i), now)
		if i%100 == 0 {
			l.allow("victim", now) // still in use: kept
		}
	}
	if len(l.m) != maxClients || l.lru.Len() != maxClients {
		t.Fatalf("%d clients kept, %d in the list", len(l.m), l.lru.Len())
	}
	if ok, _ := l.allow("victim", now); ok {
		t.Fatal("an active client's empty bucket was reset by others' churn")
	}
	if _, ok := l.m["rotating-0"]; ok {
		t.Fatal("the oldest client was kept")
	}
}

func TestSite(t *testing.T) {
	for in, want := range map[string]string{
		"www.facebook.com": "facebook", "m.facebook.com": "facebook", "facebook": "facebook", "web.facebook.com": "facebook",
		"www.instagram.com": "instagram", "www.messenger.com": "messenger", "business.google.com": "google",
		"www.google.com": "google", "biz.yelp.com": "yelp", "yelp.com": "yelp", "x.com": "x", "twitter.com": "x", "mobile.x.com": "x",
		"box.com": "other", "netflix.com": "other",
		"notfacebook.com": "other", "facebook.com.evil.example": "other", "social.example.org": "other", "fake-1.example.com": "other",
	} {
		if got, ok := site(in); !ok || got != want {
			t.Errorf("site(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestStatsCSV(t *testing.T) {
	f := newFixture(t)
	if w := f.post(events(
		ev("verdict", `"block"`, "kinds", `["health.condition","identifier.name"]`, "outcome", `"posted_anyway"`, "reason", `"not_about_a_patient"`, "count", "2"),
		ev("verdict", `"block"`, "kinds", `["health.condition"]`, "outcome", `"stopped"`, "count", "2"),
		ev("kinds", `["patient.acknowledgement"]`, "outcome", `"false_alarm"`, "rules", `["conditions-en-tests"]`, "week", `"2026-11-09"`),
	)); w.Code != 204 {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	if w := f.do("GET", "/v1/stats.csv", nil); w.Code != 401 {
		t.Fatalf("without the token: %d", w.Code)
	}
	w := f.admin("GET", "/v1/stats.csv?from=2026-11-16", nil)
	if w.Code != 200 || w.Header().Get("Content-Type") != "text/csv; charset=utf-8" ||
		w.Header().Get("Content-Disposition") != `attachment; filename="scrubs-report-2026-11-16-to-2026-11-16.csv"` {
		t.Fatalf("%d %v", w.Code, w.Header())
	}
	recs, err := csv.NewReader(bytes.NewReader(w.Body.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := strings.Join(recs[0], ",")
	if head != "section,key,from,to,drafts_warned,blocked,posted_after_second_look,stopped,edited,posted_anyway,"+
		"posted_anyway_not_about_a_patient,posted_anyway_consent_on_file,posted_anyway_public_information,posted_anyway_other,posted_anyway_not_checked,"+
		"false_alarms,override_rate,false_alarm_rate" {
		t.Fatalf("header %s", head)
	}
	var got []string
	for _, r := range recs[1:] {
		got = append(got, strings.Join(r, ","))
	}
	want := []string{
		"total,all,2026-11-16,2026-11-16,4,4,0,2,0,2,2,0,0,0,0,0,0.5000,0.0000",
		"week,2026-11-16,2026-11-16,2026-11-16,4,4,0,2,0,2,2,0,0,0,0,0,0.5000,0.0000",
		"kind,health.condition,2026-11-16,2026-11-16,4,4,0,2,0,2,2,0,0,0,0,0,0.5000,0.0000",
		"kind,identifier.name,2026-11-16,2026-11-16,2,2,0,0,0,2,2,0,0,0,0,0,1.0000,0.0000",
		"site,facebook,2026-11-16,2026-11-16,4,4,0,2,0,2,2,0,0,0,0,0,0.5000,0.0000",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("csv\n got %q\nwant %q", got, want)
	}
	// The whole period has the false alarm and its rule.
	all := string(f.admin("GET", "/v1/stats.csv", nil).Body.Bytes())
	if !strings.Contains(all, "\nrule,conditions-en-tests,2026-11-09,2026-11-16,1,0,0,0,0,0,0,0,0,0,0,1,0.0000,1.0000\n") {
		t.Fatalf("no rule row:\n%s", all)
	}
	if safeCell("=HYPERLINK(1)") != "'=HYPERLINK(1)" || safeCell("a-b") != "a-b" {
		t.Fatal("safeCell")
	}
}

// Counts stored before per-post events (findings, with override) stay
// readable: they are reported apart, never as posts.
func TestLegacyCounts(t *testing.T) {
	f := newFixture(t)
	f.store.AddCounts(context.Background(), []Count{
		{Week: "2026-11-09", Site: "facebook", Verdict: "block", Override: true, Kind: "health.condition", N: 4},
		{Week: "2026-11-09", Site: "facebook", Verdict: "warn", Kind: "identifier.phone", N: 3},
		{Week: "2026-11-09", Site: "facebook", Verdict: "ok", Kind: "none", N: 9},
	})
	if w := f.post(events(ev())); w.Code != 204 {
		t.Fatal(w.Code)
	}
	s := f.stats("")
	if s.Total.Drafts != 1 || len(s.Kinds) != 1 {
		t.Errorf("legacy rows counted as posts: %+v %+v", s.Total, s.Kinds)
	}
	if want := []LegacyWeek{{Week: "2026-11-09", Findings: 7, Blocks: 4, Overrides: 4}}; !reflect.DeepEqual(s.Legacy, want) {
		t.Errorf("legacy %+v, want %+v", s.Legacy, want)
	}
	if !reflect.DeepEqual(s.AllWeeks, []string{"2026-11-09", "2026-11-16"}) {
		t.Errorf("weeks %v", s.AllWeeks)
	}
}

// TestEventNotChecked: a post Scrubs could not check is counted with the
// reason not_checked and no kinds; any other event without kinds is refused.
func TestEventNotChecked(t *testing.T) {
	now := time.Date(2026, 11, 18, 12, 0, 0, 0, time.UTC)
	ok := `{"events":[{"week":"2026-11-16","site":"www.facebook.com","verdict":"block","kinds":[],"outcome":"posted_anyway","reason":"not_checked","count":1}]}`
	if _, probs := ParseEvents([]byte(ok), now); len(probs) > 0 {
		t.Errorf("an unchecked post was refused: %v", probs)
	}
	bad := `{"events":[{"week":"2026-11-16","site":"www.facebook.com","verdict":"block","kinds":[],"outcome":"posted_anyway","reason":"other","count":1}]}`
	if _, probs := ParseEvents([]byte(bad), now); len(probs) == 0 || !strings.Contains(probs[0].Path, "kinds") {
		t.Errorf("an event without kinds: %v; want a problem at kinds", probs)
	}
}
