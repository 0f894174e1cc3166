package packserver

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// Server.Audit names the request's caller and keeps each field to one
// line of bounded length; entries come back newest first.
func TestAudit(t *testing.T) {
	f := newFixture(t)
	r := httptest.NewRequest("POST", "/v1/queue/1/approve", nil)
	if err := f.srv.Audit(r, "queue.approve", "item 1", "no caller"); err != nil {
		t.Fatal(err)
	}
	r = r.WithContext(WithCaller(r.Context(), Caller{Account: "dana", Role: RoleEditor, Token: "ci"}))
	long := strings.Repeat("é", maxAuditDetail)
	if err := f.srv.Audit(r, "queue.approve", "item\n2", "line one\nline two "+long); err != nil {
		t.Fatal(err)
	}
	got, err := f.srv.audit.AuditEntries(context.Background(), time.Time{})
	if err != nil || len(got) != 2 {
		t.Fatalf("%+v %v", got, err)
	}
	if got[1].Actor != "unknown" || got[1].Seq != 1 || got[0].Seq != 2 || got[0].Actor != "dana (API token ci)" || got[0].Target != "item 2" ||
		!strings.HasPrefix(got[0].Detail, "line one line two é") || !strings.HasSuffix(got[0].Detail, "…") ||
		len(got[0].Detail) > maxAuditDetail || !utf8.ValidString(got[0].Detail) || !got[0].Time.Equal(f.clock.Now()) {
		t.Fatalf("%+v", got)
	}
}
