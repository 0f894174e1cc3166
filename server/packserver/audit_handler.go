package packserver

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"strconv"
	"time"
)

// auditPeriod is the audit log's entries in the report period (?from=
// and ?to=, as for /v1/stats: the weeks they fall in, whole).
func (s *Server) auditPeriod(w http.ResponseWriter, r *http.Request) (AuditResponse, bool) {
	from, to, ok := s.period(w, r)
	if !ok {
		return AuditResponse{}, false
	}
	var since time.Time
	if from != "" {
		since, _ = time.Parse(time.DateOnly, from)
	}
	entries, err := s.audit.AuditEntries(r.Context(), since)
	if err != nil {
		s.internal(w, err)
		return AuditResponse{}, false
	}
	var until time.Time
	if to != "" {
		d, _ := time.Parse(time.DateOnly, to)
		until = d.AddDate(0, 0, 7)
	}
	resp := AuditResponse{From: from, To: to, Entries: []AuditEntryOut{}}
	for _, e := range entries {
		if !until.IsZero() && !e.Time.Before(until) {
			continue
		}
		resp.Entries = append(resp.Entries, AuditEntryOut{Seq: e.Seq, Time: e.Time.UTC().Format(time.RFC3339),
			Actor: e.Actor, Action: e.Action, Target: e.Target, Detail: e.Detail})
	}
	return resp, true
}

func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request) {
	if resp, ok := s.auditPeriod(w, r); ok {
		s.json(w, http.StatusOK, &resp)
	}
}

// handleAuditCSV answers GET /v1/audit.csv[?from=&to=]: the same entries
// as a table, for the committee's file beside the report's CSV.
func (s *Server) handleAuditCSV(w http.ResponseWriter, r *http.Request) {
	resp, ok := s.auditPeriod(w, r)
	if !ok {
		return
	}
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	cw.Write([]string{"seq", "time", "who", "action", "target", "what_changed"})
	for _, e := range resp.Entries {
		cw.Write([]string{strconv.FormatUint(e.Seq, 10), e.Time, safeCell(e.Actor), e.Action, safeCell(e.Target), safeCell(e.Detail)})
	}
	cw.Flush()
	csvFile(w, "scrubs-audit", resp.From, resp.To, b.Bytes())
}

// publishDetail says what a publish changed, against the version before
// it, for the audit log.
func (s *Server) publishDetail(ctx context.Context, pack []byte, comment string, resp *PushResponse) string {
	d := "digest " + resp.Digest[:12]
	if prev, err := s.store.Get(ctx, resp.Version-1); err == nil {
		d = ChangesText(DiffPacks(prev.Pack, pack)) + "; " + d
	}
	if comment != "" {
		d = "“" + comment + "”; " + d
	}
	return d
}
