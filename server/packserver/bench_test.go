package packserver

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"
)

// discard is a ResponseWriter that keeps nothing, so the benchmarks
// measure the handler.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}

func benchHandler(b *testing.B, r *http.Request) {
	d := &discard{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(d.h)
		f.srv.ServeHTTP(d, r)
	}
}

var f *fixture

func BenchmarkGetPack304(b *testing.B) {
	f = newFixture(&testing.T{})
	etag := f.do("GET", "/v1/pack", nil).Header().Get("ETag")
	r := httptest.NewRequest("GET", "/v1/pack", nil)
	r.Header.Set("If-None-Match", etag)
	benchHandler(b, r)
}

func BenchmarkGetPack200(b *testing.B) {
	f = newFixture(&testing.T{})
	benchHandler(b, httptest.NewRequest("GET", "/v1/pack", nil))
}

func BenchmarkEvents(b *testing.B) {
	f = newFixture(&testing.T{})
	body := []byte(events(ev(), ev("kinds", `["health.condition","identifier.name"]`, "verdict", `"block"`, "outcome", `"stopped"`)))
	d := &discard{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(d.h)
		r := httptest.NewRequest("POST", "/v1/events", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set(EnrolmentHeader, enrolment)
		f.srv.ServeHTTP(d, r)
	}
}

// The 304 path allocates nothing in the handler: a poll by every extension
// costs the server only what net/http itself does.
func TestGetPack304Allocs(t *testing.T) {
	fx := newFixture(t)
	etag := fx.do("GET", "/v1/pack", nil).Header().Get("ETag")
	r := httptest.NewRequest("GET", "/v1/pack", nil)
	r.Header.Set("If-None-Match", etag)
	d := &discard{h: http.Header{}}
	allocs := testing.AllocsPerRun(1000, func() {
		clear(d.h)
		fx.srv.ServeHTTP(d, r)
	})
	if allocs != 0 {
		t.Fatalf("%v allocations per 304", allocs)
	}
}
