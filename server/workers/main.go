//go:build js && wasm

// Command workers is the Scrubs rule-pack server on Cloudflare Workers:
// packserver's handler, served through github.com/syumai/workers, with
// packs, event counts and rate-limit windows in D1 (see d1store for why
// not KV), its keys and admin token from the Worker's secrets (see
// wconfig), and the pages' files and the extension's build from its
// static assets (see assets). Build it with scripts/test-workers or by hand:
//
//	go run github.com/syumai/workers/cmd/workers-assets-gen -mode=go -o server/workers/build
//	GOOS=js GOARCH=wasm go build -o server/workers/build/app.wasm ./server/workers
//
// Each request runs in a fresh Go instance (syumai/workers instantiates
// the module per request), so nothing lives in memory between requests:
// the default pack is published by whichever request first finds the
// database empty, and the per-client event limit is counted in D1.
package main

import (
	"bytes"
	"database/sql"
	"errors"
	"io"
	"io/fs"
	"log"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/syumai/workers"
	"github.com/syumai/workers/cloudflare"
	"github.com/syumai/workers/cloudflare/d1"

	"github.com/scrubs/scrubs/classifier"
	"github.com/scrubs/scrubs/server/extpkg"
	"github.com/scrubs/scrubs/server/packserver"
	"github.com/scrubs/scrubs/server/pages"
	"github.com/scrubs/scrubs/server/workers/assetfs"
	"github.com/scrubs/scrubs/server/workers/d1store"
	"github.com/scrubs/scrubs/server/workers/wconfig"
)

// binding is the D1 database's binding name in wrangler.toml, assets
// the static assets' (the repository files the pages load).
const (
	binding = "DB"
	assets  = "ASSETS"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("scrubs-worker: ")
	h, err := newHandler()
	if err != nil {
		// Say what is missing on every request (never a secret's value).
		log.Printf("not configured: %v", err)
		msg := "the server is not configured: " + err.Error()
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			writeError(w, http.StatusInternalServerError, msg)
		})
	}
	workers.Serve(h)
}

func newHandler() (http.Handler, error) {
	cfg, err := wconfig.Parse(cloudflare.Getenv)
	if err != nil {
		return nil, err
	}
	conn, err := d1.OpenConnector(binding)
	if err != nil {
		return nil, d1store.ErrNoDatabase
	}
	store := d1store.New(sql.OpenDB(conn))
	var repo fs.FS
	if b := cloudflare.GetBinding(assets); !b.IsUndefined() {
		repo = assetfs.New(b)
	}
	// The same pages as the native server; the repository files they load
	// come from the static assets, and so does the extension's build,
	// served as the native server serves it when the Worker has the key
	// to sign its CRX with (signed per request: nothing outlives one).
	site := pages.Handler(repo)
	extensionID := ""
	if cfg.ExtensionKey != nil && repo != nil {
		if site, extensionID, err = extpkg.HandlerPEM(repo, cfg.ExtensionKey, site); err != nil {
			return nil, err // wconfig read the key already
		}
	}
	srv, err := packserver.New(packserver.Config{
		Store:        store,
		Key:          cfg.Key,
		Roots:        cfg.Roots,
		AdminToken:   cfg.AdminToken,
		EnrolmentKey: cfg.EnrolmentKey,
		PackTTL:      cfg.PackTTL,
		// The handler's own limiter lives in memory, which a Workers
		// instance does not keep between requests; the limit is applied
		// here, in D1, instead.
		EventRate:   -1,
		ClientIP:    clientIP,
		Pages:       site,
		ExtensionID: extensionID,
		Logf:        log.Printf,
	})
	if err != nil {
		return nil, err
	}
	return &worker{srv: srv, store: store, cfg: cfg}, nil
}

type worker struct {
	srv   *packserver.Server
	store *d1store.Store
	cfg   *wconfig.Config
}

func (wk *worker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// A panic would end the Go instance with the request unanswered (the
	// runtime reports a hung Worker); answer it instead.
	defer func() {
		if e := recover(); e != nil {
			log.Printf("error: panic: %v", e)
			writeError(w, http.StatusInternalServerError, "internal error")
		}
	}()
	ctx := r.Context()
	// syumai/workers splits every request header value at each comma
	// (If-None-Match: "a", "b" arrives as two values, the second with a
	// leading space; a comment with a comma as two); joining them back
	// with a comma gives the header as the runtime had it.
	for k, v := range r.Header {
		if len(v) > 1 {
			r.Header[k] = []string{strings.Join(v, ",")}
		}
	}
	// The Workers runtime encodes a body itself when the response names a
	// Content-Encoding (and Cloudflare compresses at its edge), so the
	// handler must not gzip: a pre-gzipped body would be gzipped twice.
	r.Header.Del("Accept-Encoding")
	if r.ContentLength <= 0 && (r.Method == http.MethodPut || r.Method == http.MethodPost) && r.Body != nil {
		if err := readChunked(r); err != nil {
			writeError(w, http.StatusBadRequest, "could not read the request body")
			return
		}
	}
	if r.Method == http.MethodPost && r.URL.Path == "/v1/events" {
		if wk.cfg.EventRate > 0 {
			ok, wait, err := wk.store.Allow(ctx, clientIP(r), time.Now(), wk.cfg.Window(), int64(wk.cfg.EventBurst))
			if err != nil {
				log.Printf("error: event limit: %v", err)
				writeError(w, http.StatusInternalServerError, "internal error")
				return
			}
			if !ok {
				w.Header().Set("Retry-After", strconv.Itoa(int(wait/time.Second)+1))
				writeError(w, http.StatusTooManyRequests, "too many event reports; try again later")
				return
			}
		}
	} else if err := wk.queueLimit(w, r); err != nil {
		return // answered
	} else if !api(r) {
		// A page or a file it loads: no pack needed, so no D1 read.
	} else if err := wk.srv.Init(ctx); err != nil {
		// Publishes the default pack as version 1 when the database is
		// empty; otherwise one count, reading no pack (d1store.Empty).
		log.Printf("error: init: %v", err)
		writeError(w, http.StatusInternalServerError, "internal error")
		return
	}
	if r.Method == http.MethodHead {
		w = headWriter{w}
	}
	wk.srv.ServeHTTP(w, r)
}

// api tells the handler's own routes from the pages'.
func api(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/v1/") || r.URL.Path == "/healthz"
}

// queueLimit applies the event limit's window to the extension's queue
// requests (a post, a poll for a decision), counted in D1 apart from the
// events, at twice the event burst. It answers the request itself, and
// returns an error, when over the limit.
func (wk *worker) queueLimit(w http.ResponseWriter, r *http.Request) error {
	ext := (r.Method == http.MethodPost && r.URL.Path == "/v1/queue") ||
		(r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/v1/queue/") && strings.HasSuffix(r.URL.Path, "/decision"))
	if !ext || wk.cfg.EventRate <= 0 {
		return nil
	}
	ok, wait, err := wk.store.Allow(r.Context(), packserver.ClientKey(clientIP(r))+" queue", time.Now(), wk.cfg.Window(), 2*int64(wk.cfg.EventBurst))
	if err != nil {
		log.Printf("error: queue limit: %v", err)
		writeError(w, http.StatusInternalServerError, "internal error")
		return err
	}
	if !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait/time.Second)+1))
		writeError(w, http.StatusTooManyRequests, "too many queue requests; try again later")
		return errors.New("over the limit")
	}
	return nil
}

// A body without a Content-Length (chunked) is read here, whole, before
// the handler sees it: under the local runtime, answering a chunked
// upload before reading all of it (a 413) left the next request on that
// connection unanswered. Up to maxBuffered bytes are kept, one more than
// any endpoint takes (a pack), so the handler still refuses what is too
// large; past that the rest is read and dropped, up to maxDrained.
const (
	maxBuffered = classifier.MaxPackBytes + 1
	maxDrained  = 64 << 20
)

func readChunked(r *http.Request) error {
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(io.LimitReader(r.Body, maxBuffered+1)); err != nil {
		return err
	}
	if buf.Len() > maxBuffered {
		io.Copy(io.Discard, io.LimitReader(r.Body, maxDrained))
	}
	r.Body.Close()
	r.Body = io.NopCloser(&buf)
	r.ContentLength = int64(buf.Len())
	r.TransferEncoding = nil
	return nil
}

// headWriter drops the Content-Length of a HEAD answer: syumai/workers
// turns it into a FixedLengthStream, which fails when no body follows.
type headWriter struct{ http.ResponseWriter }

func (h headWriter) WriteHeader(code int) {
	h.Header().Del("Content-Length")
	h.ResponseWriter.WriteHeader(code)
}

// clientIP is the address Cloudflare saw the request come from.
func clientIP(r *http.Request) string {
	if ip := r.Header.Get("CF-Connecting-IP"); ip != "" {
		return ip
	}
	return r.RemoteAddr
}

// writeError answers in the API's error shape.
func writeError(w http.ResponseWriter, status int, message string) {
	body, _ := (&packserver.ErrorResponse{Errors: []classifier.Problem{{Path: "", Message: message}}}).MarshalJSON()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
}
