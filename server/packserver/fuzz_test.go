package packserver

import (
	"bytes"
	"context"
	"crypto/rand"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/scrubs/scrubs/classifier"
	"github.com/scrubs/scrubs/classifier/envelope"
)

var eventSeeds = []string{
	`{"events":[{"week":"2026-11-16","site":"www.facebook.com","verdict":"warn","kinds":["identifier.phone"],"outcome":"warned","count":3}]}`,
	`{"events":[]}`,
	`{"events":[{"week":"2026-11-09","site":"instagram.com","verdict":"block","kinds":["health.condition","identifier.name"],"outcome":"posted_anyway","reason":"consent_on_file","count":1},{"week":"2026-11-16","site":"x.example","verdict":"block","kinds":["health.condition"],"outcome":"false_alarm","rules":["x"],"count":500}]}`,
	`{"events":[{"week":"2026-11-16","site":"www.facebook.com","verdict":"warn","kinds":["identifier.phone"],"outcome":"edited","count":3,"text":"x"}]}`,
	`{"events":[{"week":"2026-11-16","site":"www.facebook.com","verdict":"warn\u0000","kinds":["identifier.phone"],"outcome":"stopped","count":3}]}`,
	`{"events":[{"week":"2026-11-16","site":"www.facebook.com","verdict":"warn","kinds":["identifier.phone"],"outcome":"stopped","count":3}]`,
	`{"events":null}`,
	`{"\u0065vents":[]}`,
}

var fuzzNow = time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)

// FuzzParseEvents: whatever the body, ParseEvents never panics, and what
// it accepts holds only known values.
func FuzzParseEvents(f *testing.F) {
	for _, s := range eventSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		events, problems := ParseEvents(body, fuzzNow)
		if problems != nil {
			if events != nil {
				t.Fatal("events and problems")
			}
			return
		}
		for _, e := range events {
			if !slices.Contains(Verdicts, e.Verdict) || len(e.Kinds) == 0 || !slices.Contains(Outcomes, e.Outcome) ||
				(e.Reason != "") != (e.Outcome == OutcomePostedAnyway) || (e.Reason != "" && !slices.Contains(Reasons, e.Reason)) ||
				e.Count < 1 || e.Count > MaxEventCount || len(e.Week) != 10 || !slices.Contains(Sites, e.Site) || len(e.Rules) > MaxEventRules {
				t.Fatalf("accepted %+v", e)
			}
			for _, k := range e.Kinds {
				if !slices.Contains(classifier.Kinds, k) {
					t.Fatalf("accepted kind %q", k)
				}
			}
		}
	})
}

// FuzzEventsEndpoint: POST /v1/events answers 204 or a 4xx with the error
// body, never a 5xx, and counts only what it accepts.
func FuzzEventsEndpoint(f *testing.F) {
	for _, s := range eventSeeds {
		f.Add([]byte(s))
	}
	key, _ := envelope.GenerateKey(rand.Reader)
	f.Fuzz(func(t *testing.T, body []byte) {
		store := NewMemStore()
		srv, err := New(Config{Store: store, Key: key, AdminToken: token, EventRate: -1, Now: func() time.Time { return fuzzNow }})
		if err != nil {
			t.Fatal(err)
		}
		r := httptest.NewRequest("POST", "/v1/events", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set(EnrolmentHeader, DeriveEnrolmentKey(token))
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		counts, _ := store.Counts(context.Background())
		switch {
		case w.Code == 204:
			events, _ := ParseEvents(body, fuzzNow)
			var n, want int64
			for _, c := range counts {
				if c.Kind == "" && c.Rule == "" {
					n += c.N
				}
			}
			for _, e := range events {
				want += e.Count
			}
			if n != want {
				t.Fatalf("counted %d, want %d", n, want)
			}
		case w.Code >= 400 && w.Code < 500:
			var resp ErrorResponse
			if resp.UnmarshalJSON(w.Body.Bytes()) != nil || len(resp.Errors) == 0 {
				t.Fatalf("%d with body %q", w.Code, w.Body)
			}
			if len(counts) != 0 {
				t.Fatal("a refused body was counted")
			}
		default:
			t.Fatalf("status %d", w.Code)
		}
	})
}

// FuzzPutPack: any body is either a valid pack, stored whole and served
// signed, or a 413/422 with the problems and no change.
func FuzzPutPack(f *testing.F) {
	f.Add(orgPack("x"))
	f.Add([]byte(`{"schema":"scrubs.pack/1","name":"n","org":{"name":"o"},"lexicons":[{"id":"a","signal":"condition","terms":["x*"]}]}`))
	f.Add([]byte(`{"schema":"scrubs.pack/1","name":"n","org":{},"patterns":[{"id":"p","kind":"identifier.mrn","regex":"MRN\\d{6}","keywords":["MRN"]}]}`))
	f.Add([]byte(`{"schema":"scrubs.pack/1","name":"n","org":{},"thresholds":{"warn":2}}`))
	f.Add([]byte(`{"schema":"scrubs.pack/1"`))
	f.Add(classifier.DefaultPackJSON())
	key, _ := envelope.GenerateKey(rand.Reader)
	f.Fuzz(func(t *testing.T, body []byte) {
		store := NewMemStore()
		srv, _ := New(Config{Store: store, Key: key, AdminToken: token})
		if err := srv.Init(context.Background()); err != nil {
			t.Fatal(err)
		}
		r := httptest.NewRequest("PUT", "/v1/pack", bytes.NewReader(body))
		r.Header.Set("Authorization", "Bearer "+token)
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		latest, _ := store.Latest(context.Background())
		switch w.Code {
		case 201:
			if latest.Version != 2 || !bytes.Equal(latest.Pack, body) {
				t.Fatal("stored something else")
			}
			if _, err := classifier.ParsePack(body); err != nil {
				t.Fatalf("accepted an invalid pack: %v", err)
			}
		case 413, 422:
			if latest.Version != 1 {
				t.Fatal("a refused pack changed the store")
			}
			var resp ErrorResponse
			if resp.UnmarshalJSON(w.Body.Bytes()) != nil || len(resp.Errors) == 0 {
				t.Fatalf("%d with body %q", w.Code, w.Body)
			}
		default:
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
	})
}
