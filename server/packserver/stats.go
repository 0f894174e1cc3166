package packserver

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/scrubs/scrubs/classifier"
)

// KindNone is the kind of a legacy row for a post without findings.
const KindNone = "none"

// Report sums counts into the stats of the weeks from..to (Mondays,
// inclusive; "" leaves that end open).
func Report(counts []Count, from, to string) StatsResponse {
	resp := StatsResponse{AllWeeks: []string{}, Outcomes: Outcomes, Reasons: Reasons,
		Weeks: []StatsRow{}, Kinds: []StatsRow{}, Sites: []StatsRow{}, Rules: []StatsRow{}, Legacy: []LegacyWeek{}}
	resp.Total.Reasons = map[string]int64{}
	weeks, kinds, sites, rules := map[string]*StatsRow{}, map[string]*StatsRow{}, map[string]*StatsRow{}, map[string]*StatsRow{}
	legacy := map[string]*LegacyWeek{}
	all := map[string]bool{}
	row := func(m map[string]*StatsRow, key string) *StatsRow {
		r := m[key]
		if r == nil {
			r = &StatsRow{Key: key, Reasons: map[string]int64{}}
			m[key] = r
		}
		return r
	}
	for _, c := range counts {
		all[c.Week] = true
		if (from != "" && c.Week < from) || (to != "" && c.Week > to) {
			continue
		}
		if c.Legacy() {
			lw := legacy[c.Week]
			if lw == nil {
				lw = &LegacyWeek{Week: c.Week}
				legacy[c.Week] = lw
			}
			if c.Kind != KindNone {
				lw.Findings += c.N
			}
			if c.Verdict == classifier.VerdictBlock {
				lw.Blocks += c.N
			}
			if c.Override {
				lw.Overrides += c.N
			}
			continue
		}
		var rs []*StatsRow
		switch {
		case c.Kind != "":
			rs = []*StatsRow{row(kinds, c.Kind)}
		case c.Rule != "":
			rs = []*StatsRow{row(rules, c.Rule)}
		default: // the post row
			rs = []*StatsRow{&resp.Total, row(weeks, c.Week), row(sites, c.Site)}
		}
		for _, r := range rs {
			r.add(c)
		}
	}
	for w := range all {
		resp.AllWeeks = append(resp.AllWeeks, w)
	}
	sort.Strings(resp.AllWeeks)
	resp.Total.rates()
	resp.Weeks = sorted(weeks, func(a, b *StatsRow) bool { return a.Key < b.Key })
	byDrafts := func(a, b *StatsRow) bool {
		if a.Drafts != b.Drafts {
			return a.Drafts > b.Drafts
		}
		return a.Key < b.Key
	}
	resp.Kinds = sorted(kinds, byDrafts)
	resp.Sites = sorted(sites, byDrafts)
	resp.Rules = sorted(rules, byDrafts)
	for _, lw := range legacy {
		resp.Legacy = append(resp.Legacy, *lw)
	}
	sort.Slice(resp.Legacy, func(i, j int) bool { return resp.Legacy[i].Week < resp.Legacy[j].Week })
	resp.From, resp.To = from, to
	if len(resp.AllWeeks) > 0 {
		if resp.From == "" || resp.From < resp.AllWeeks[0] {
			resp.From = resp.AllWeeks[0]
		}
		if last := resp.AllWeeks[len(resp.AllWeeks)-1]; resp.To == "" || resp.To > last {
			resp.To = last
		}
	}
	return resp
}

func (r *StatsRow) add(c Count) {
	r.Drafts += c.N
	if c.Verdict == classifier.VerdictBlock {
		r.Blocked += c.N
	}
	switch c.Outcome {
	case OutcomeWarned:
		r.Warned += c.N
	case OutcomeStopped:
		r.Stopped += c.N
	case OutcomeEdited:
		r.Edited += c.N
	case OutcomePostedAnyway:
		r.PostedAnyway += c.N
		r.Reasons[c.Reason] += c.N
	case OutcomeFalseAlarm:
		r.FalseAlarms += c.N
	}
}

func (r *StatsRow) rates() {
	if r.Drafts > 0 {
		r.OverrideRate = float64(r.PostedAnyway) / float64(r.Drafts)
		r.FalseAlarmRate = float64(r.FalseAlarms) / float64(r.Drafts)
	}
}

func sorted(m map[string]*StatsRow, less func(a, b *StatsRow) bool) []StatsRow {
	list := make([]*StatsRow, 0, len(m))
	for _, r := range m {
		r.rates()
		list = append(list, r)
	}
	sort.Slice(list, func(i, j int) bool { return less(list[i], list[j]) })
	out := make([]StatsRow, len(list))
	for i, r := range list {
		out[i] = *r
	}
	return out
}

// period reads ?from= and ?to= (dates; each stands for the week it falls
// in) and answers 400 when one is not a date.
func (s *Server) period(w http.ResponseWriter, r *http.Request) (from, to string, ok bool) {
	q := r.URL.Query()
	for _, p := range []struct {
		name string
		out  *string
	}{{"from", &from}, {"to", &to}} {
		v := q.Get(p.name)
		if v == "" {
			continue
		}
		d, err := time.Parse(time.DateOnly, v)
		if err != nil {
			s.error(w, http.StatusBadRequest, p.name, "is not a date (YYYY-MM-DD)")
			return "", "", false
		}
		*p.out = Week(d)
	}
	if from != "" && to != "" && from > to {
		s.error(w, http.StatusBadRequest, "from", "is after to")
		return "", "", false
	}
	return from, to, true
}

func (s *Server) report(w http.ResponseWriter, r *http.Request) (StatsResponse, bool) {
	from, to, ok := s.period(w, r)
	if !ok {
		return StatsResponse{}, false
	}
	counts, err := s.store.Counts(r.Context())
	if err != nil {
		s.internal(w, err)
		return StatsResponse{}, false
	}
	return Report(counts, from, to), true
}

func (s *Server) handleStats(w http.ResponseWriter, r *http.Request) {
	if resp, ok := s.report(w, r); ok {
		s.json(w, http.StatusOK, &resp)
	}
}

// handleStatsCSV answers GET /v1/stats.csv[?from=&to=]: the report as one
// table, a row per total, week, kind, site and rule.
func (s *Server) handleStatsCSV(w http.ResponseWriter, r *http.Request) {
	resp, ok := s.report(w, r)
	if !ok {
		return
	}
	csvFile(w, "scrubs-report", resp.From, resp.To, StatsCSV(resp))
}

// csvFile answers body as a CSV attachment named for the period.
func csvFile(w http.ResponseWriter, name, from, to string, body []byte) {
	if from != "" {
		name += "-" + from + "-to-" + to
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}

// StatsCSV writes a report as CSV: a header, then "total", "week", "kind",
// "site" and "rule" rows.
func StatsCSV(resp StatsResponse) []byte {
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	head := []string{"section", "key", "from", "to", "drafts_warned", "blocked", "posted_after_second_look", "stopped", "edited", "posted_anyway"}
	for _, reason := range Reasons {
		head = append(head, "posted_anyway_"+reason)
	}
	head = append(head, "false_alarms", "override_rate", "false_alarm_rate")
	cw.Write(head)
	put := func(section string, r StatsRow) {
		rec := []string{section, safeCell(r.Key), resp.From, resp.To}
		for _, n := range []int64{r.Drafts, r.Blocked, r.Warned, r.Stopped, r.Edited, r.PostedAnyway} {
			rec = append(rec, strconv.FormatInt(n, 10))
		}
		for _, reason := range Reasons {
			rec = append(rec, strconv.FormatInt(r.Reasons[reason], 10))
		}
		rec = append(rec, strconv.FormatInt(r.FalseAlarms, 10),
			strconv.FormatFloat(r.OverrideRate, 'f', 4, 64), strconv.FormatFloat(r.FalseAlarmRate, 'f', 4, 64))
		cw.Write(rec)
	}
	total := resp.Total
	total.Key = "all"
	put("total", total)
	for _, sec := range []struct {
		name string
		rows []StatsRow
	}{{"week", resp.Weeks}, {"kind", resp.Kinds}, {"site", resp.Sites}, {"rule", resp.Rules}} {
		for _, r := range sec.rows {
			put(sec.name, r)
		}
	}
	cw.Flush()
	return b.Bytes()
}

// safeCell keeps a spreadsheet from reading a cell as a formula (a rule id
// is the admin's own text).
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
