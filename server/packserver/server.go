// Package packserver is the rule-pack server's HTTP handler: admins push
// packs, which are validated by the classifier, versioned and stored;
// extensions fetch them as signed envelopes and report counts.
//
// The handler reads no files and no clock of its own: packs and counts go
// through a Store, the time through Config.Now, and the pages through
// Config.Pages, so the same handler runs in the native binary and on
// Cloudflare Workers.
package packserver

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/mailru/easyjson/jwriter"
	"github.com/scrubs/scrubs/classifier"
	"github.com/scrubs/scrubs/classifier/envelope"
)

// Config is what the handler is built from.
type Config struct {
	Store Store
	// Key signs envelopes. Roots, oldest first, go in every envelope, so
	// that extensions pinned to an older key reach the key set Key is in
	// (envelope.Root); they are published at /v1/keys too.
	Key   envelope.PrivateKey
	Roots []envelope.Root
	// AdminToken is the first admin's API token (SCRUBS_ADMIN_TOKEN); it
	// is required. Other admins have accounts (auth.go).
	AdminToken string
	// EnrolmentKey is the organisation's key that POST /v1/events needs
	// (the Scrubs-Enrolment-Key header); the managed policy gives it to
	// the extensions. When empty it is derived from AdminToken (see
	// DeriveEnrolmentKey).
	EnrolmentKey string
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// PackTTL is how long an envelope stays valid (30 days when zero).
	// Envelopes are re-signed with the same version every PackTTL/4, so a
	// pack nobody changes never expires while the server runs.
	PackTTL time.Duration
	// TimestampTTL is how long a timestamp (envelope.SignTimestamp, sent
	// with the current pack and its 304s as the Scrubs-Timestamp header)
	// stays valid: 24 hours when zero. A new one is signed every
	// TimestampTTL/24. Clients count a check that found no new pack as
	// fresh only while they hold an unexpired one.
	TimestampTTL time.Duration
	// EventRate and EventBurst limit POST /v1/events per client (events
	// a second, and bursts); a rate below zero turns the limit off, zero
	// means 1 a second with bursts of 30.
	EventRate  float64
	EventBurst int
	// ClientIP names the client for rate limits (the connection's address
	// when nil).
	ClientIP func(*http.Request) string
	// NoGzip turns off the gzipped copy of envelopes (made once per
	// version and window). Set it where the platform compresses responses
	// itself and a fresh instance serves each request, as on Workers.
	NoGzip bool
	// Pages serves everything outside /v1/ and /healthz (the /try and
	// /admin pages); nil answers 404.
	Pages http.Handler
	// ExtensionID is the Chromium id of the build Pages serves at
	// UpdatePath (that of its CRX key, server/crx); empty when it serves
	// none. The roll-out kit names it.
	ExtensionID string
	// Logf logs admin actions and server errors; never request bodies.
	Logf func(format string, args ...any)
	// Audit keeps the audit log of admin actions; nil means the Store's
	// (every Store of this repository is an AuditLog too).
	Audit AuditLog
	// Accounts keeps the admin accounts, their tokens and sessions; nil
	// means the Store's.
	Accounts AccountStore
}

// Server is the handler.
type Server struct {
	cfg      Config
	store    Store
	audit    AuditLog
	accounts AccountStore
	// firstAdmin: the first admin's account is known to be there, or to
	// have been removed (auth.go)
	firstAdmin atomic.Bool
	mux        *http.ServeMux
	tokenHash  [32]byte
	enrolHash  [32]byte
	rules      ruleCache
	ttl        time.Duration
	limiter    *limiter
	logins     *limiter // wrong admin tokens, per client (logins.go)
	pushMu     sync.Mutex
	current    atomic.Pointer[signed]
	oldMu      sync.Mutex
	old        map[uint64]*signed // older versions asked for, as signed at publish
	tsTTL      time.Duration
	stamp      atomic.Pointer[stamp]
	q          *queueState // queue.go
}

// stamp is a cached timestamp for one version and issue time.
type stamp struct {
	version uint64
	issued  time.Time
	hdr     []string
}

// TimestampHeader carries the signed timestamp (envelope.SignTimestamp)
// on every answer for the current pack, 304s included.
const TimestampHeader = "Scrubs-Timestamp"

// maxOld bounds the cache of older versions' envelopes.
const maxOld = 16

// signed is a cached envelope for one version and issue time.
type signed struct {
	version uint64
	issued  time.Time
	etag    string
	body    []byte
	gz      []byte
	// header values, built once
	etagHdr, lenHdr, gzLenHdr []string
}

// New builds the handler. Call Init once before serving.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("packserver: no store")
	}
	if cfg.Key.IsZero() {
		return nil, errors.New("packserver: no signing key")
	}
	if len(cfg.AdminToken) < 16 {
		return nil, errors.New("packserver: the admin token must be at least 16 characters")
	}
	if n := len(cfg.Roots); n > envelope.MaxRoots {
		return nil, fmt.Errorf("packserver: %d roots; an envelope carries at most %d", n, envelope.MaxRoots)
	} else if n > 0 {
		last, err := cfg.Roots[n-1].KeySet()
		if err != nil {
			return nil, fmt.Errorf("packserver: roots[%d]: %v", n-1, err)
		}
		if !last.Has(cfg.Key.Public()) {
			return nil, fmt.Errorf("packserver: the signing key %s is not in the latest root (version %d)", cfg.Key.Public().ID(), last.Version)
		}
	}
	if cfg.Audit == nil {
		a, ok := cfg.Store.(AuditLog)
		if !ok {
			return nil, errors.New("packserver: the store keeps no audit log, and Config.Audit is nil")
		}
		cfg.Audit = a
	}
	if cfg.Accounts == nil {
		a, ok := cfg.Store.(AccountStore)
		if !ok {
			return nil, errors.New("packserver: the store keeps no accounts, and Config.Accounts is nil")
		}
		cfg.Accounts = a
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	if cfg.ClientIP == nil {
		cfg.ClientIP = remoteIP
	}
	ttl := cfg.PackTTL
	if ttl <= 0 {
		ttl = 30 * 24 * time.Hour
	}
	tsTTL := cfg.TimestampTTL
	if tsTTL <= 0 {
		tsTTL = 24 * time.Hour
	}
	rate, burst := cfg.EventRate, cfg.EventBurst
	if rate == 0 {
		rate, burst = 1, 30
	}
	s := &Server{
		cfg:       cfg,
		store:     cfg.Store,
		audit:     cfg.Audit,
		accounts:  cfg.Accounts,
		mux:       http.NewServeMux(),
		tokenHash: sha256.Sum256([]byte(cfg.AdminToken)),
		ttl:       ttl,
		tsTTL:     tsTTL,
		limiter:   newLimiter(rate, burst, WeekBudget),
		logins:    newLoginLimiter(),
	}
	if cfg.EnrolmentKey == "" {
		s.cfg.EnrolmentKey = DeriveEnrolmentKey(cfg.AdminToken)
	}
	s.enrolHash = sha256.Sum256([]byte(s.cfg.EnrolmentKey))
	s.routes()
	return s, nil
}

func (s *Server) routes() {
	s.mux.HandleFunc("GET /v1/pack", s.handleGetPack)
	s.mux.HandleFunc("GET /v1/pack/{version}", s.handleGetPackVersion)
	s.mux.HandleFunc("GET /v1/keys", s.handleKeys)
	s.mux.HandleFunc("PUT /v1/pack", s.editor(s.handlePutPack))
	s.mux.HandleFunc("GET /v1/packs", s.viewer(s.handleListPacks))
	s.mux.HandleFunc("POST /v1/packs/{version}/restore", s.editor(s.handleRestore))
	s.mux.HandleFunc("POST /v1/pack/diff", s.editor(s.handleDiff))
	s.mux.HandleFunc("GET /v1/packs/{version}/diff", s.viewer(s.handleRestoreDiff))
	s.mux.HandleFunc("POST /v1/events", s.handleEvents)
	s.mux.HandleFunc("GET /v1/stats", s.viewer(s.handleStats))
	s.mux.HandleFunc("GET /v1/stats.csv", s.viewer(s.handleStatsCSV))
	s.mux.HandleFunc("GET /v1/audit", s.viewer(s.handleAudit))
	s.mux.HandleFunc("GET /v1/audit.csv", s.viewer(s.handleAuditCSV))
	s.mux.HandleFunc("GET /v1/enrolment", s.editor(s.handleEnrolment))
	s.mux.HandleFunc("GET /v1/rollout", s.editor(s.handleRollout))
	s.mux.HandleFunc("POST /v1/login", s.handleLogin)
	s.mux.HandleFunc("POST /v1/logout", s.viewer(s.handleLogout))
	s.mux.HandleFunc("GET /v1/me", s.viewer(s.handleMe))
	s.mux.HandleFunc("POST /v1/me/password", s.viewer(s.handlePassword))
	s.mux.HandleFunc("GET /v1/accounts", s.editor(s.handleAccounts))
	s.mux.HandleFunc("POST /v1/accounts", s.editor(s.handleAddAccount))
	s.mux.HandleFunc("PUT /v1/accounts/{name}", s.editor(s.handleEditAccount))
	s.mux.HandleFunc("DELETE /v1/accounts/{name}", s.editor(s.handleDeleteAccount))
	s.mux.HandleFunc("GET /v1/tokens", s.editor(s.handleTokens))
	s.mux.HandleFunc("POST /v1/tokens", s.editor(s.handleAddToken))
	s.mux.HandleFunc("DELETE /v1/tokens/{id}", s.editor(s.handleDeleteToken))
	s.mux.HandleFunc("GET /healthz", s.handleHealth)
	s.queueRoutes()
	for _, path := range []string{"/v1/pack", "/v1/pack/{version}", "/v1/keys"} {
		s.mux.HandleFunc("OPTIONS "+path, s.handlePreflight)
	}
	s.mux.HandleFunc("OPTIONS /v1/events", s.handleEventsPreflight)
	s.mux.HandleFunc("/v1/", func(w http.ResponseWriter, r *http.Request) {
		var allow []string
		for _, m := range []string{"GET", "PUT", "POST", "DELETE"} {
			r2 := r.Clone(r.Context())
			r2.Method = m
			if _, pattern := s.mux.Handler(r2); pattern != "/v1/" && pattern != "/" {
				allow = append(allow, m)
			}
		}
		if allow != nil {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			s.error(w, http.StatusMethodNotAllowed, "", r.Method+" is not allowed here; use "+strings.Join(allow, " or "))
			return
		}
		s.error(w, http.StatusNotFound, "", "no such endpoint: "+r.Method+" "+r.URL.Path)
	})
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.Pages == nil {
			s.error(w, http.StatusNotFound, "", "not found")
			return
		}
		s.cfg.Pages.ServeHTTP(w, r)
	})
}

// Init publishes the built-in default pack as version 1 when the store
// holds no pack.
func (s *Server) Init(ctx context.Context) error {
	if st, ok := s.store.(Emptiness); ok {
		if empty, err := st.Empty(ctx); err != nil || !empty {
			return err
		}
	} else if _, err := s.store.Latest(ctx); !errors.Is(err, ErrNotFound) {
		return err
	}
	pack := classifier.DefaultPackJSON()
	sum := sha256.Sum256(pack)
	err := s.store.Add(ctx, &Record{
		Version: 1,
		Created: s.cfg.Now().UTC().Truncate(time.Second),
		Digest:  hex.EncodeToString(sum[:]),
		Size:    len(pack),
		Comment: "built-in default pack",
		Pack:    pack,
	})
	if errors.Is(err, ErrVersionExists) {
		return nil // another instance started first
	}
	return err
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header()["X-Content-Type-Options"] = hdrNosniff
	s.mux.ServeHTTP(w, r)
}

// Cache-Control for the current pack: caches may keep it but must ask
// again (a 304 is cheap); an old version's envelope never changes.
const (
	cacheCurrent = "public, no-cache"
	cacheVersion = "public, max-age=3600"
)

func (s *Server) handleGetPack(w http.ResponseWriter, r *http.Request) {
	rec, err := s.store.Latest(r.Context())
	if err != nil {
		s.storeError(w, err)
		return
	}
	s.serveRecord(w, r, rec, true)
}

// serveRecord answers with rec's signed envelope: 304 when the client has
// it, else the envelope, gzipped when the client takes it. current is the
// latest version (revalidated each time, re-signed as it nears expiry, and
// sent with a timestamp) as opposed to an old one (its envelope as signed
// when it was published, expired or not: an old version is never given a
// fresh signature, so nobody can hand it to a client as current).
func (s *Server) serveRecord(w http.ResponseWriter, r *http.Request, rec *Record, current bool) {
	cache := hdrCacheVer
	if current {
		cache = hdrCacheCur
		ts, err := s.timestamp(rec)
		if err != nil {
			s.internal(w, err)
			return
		}
		w.Header()[TimestampHeader] = ts
	}
	if s.notModified(w, r, rec, current, cache) {
		return
	}
	env, err := s.envelope(rec, current)
	if err != nil {
		s.internal(w, err)
		return
	}
	s.serveEnvelope(w, r, env, cache)
}

// notModified answers 304 when the client already has this version for the
// current window, without signing: a fresh instance (every Workers request)
// has no signed envelope cached, and signing and compressing one to compare
// an ETag is the cost a 304 exists to avoid.
func (s *Server) notModified(w http.ResponseWriter, r *http.Request, rec *Record, current bool, cache []string) bool {
	inm := r.Header["If-None-Match"]
	if len(inm) == 0 {
		return false
	}
	issued := s.issued(rec, current)
	if current {
		if cur := s.current.Load(); cur != nil && cur.version == rec.Version && cur.issued.Equal(issued) {
			return false // served from the cached envelope, with no allocation
		}
	}
	etag := etagOf(rec.Version, issued)
	if !etagMatch(inm[0], etag) {
		return false
	}
	h := w.Header()
	h["Etag"] = []string{etag}
	h["Cache-Control"] = cache
	h["Vary"] = hdrVary
	h["Access-Control-Allow-Origin"] = hdrAnyOrig
	h["Access-Control-Expose-Headers"] = hdrExpose
	w.WriteHeader(http.StatusNotModified)
	return true
}

// issued is the start of the signing window rec's envelope belongs to
// when it is the current version, and its publication otherwise.
func (s *Server) issued(rec *Record, current bool) time.Time {
	if !current {
		return rec.Created.Truncate(time.Second)
	}
	window := s.ttl / 4
	issued := s.cfg.Now().Truncate(window)
	if c := rec.Created.Truncate(time.Second); c.After(issued) {
		issued = c
	}
	return issued
}

func etagOf(version uint64, issued time.Time) string {
	return fmt.Sprintf(`W/"v%d-%d"`, version, issued.Unix())
}

func (s *Server) handleGetPackVersion(w http.ResponseWriter, r *http.Request) {
	v, ok := s.version(w, r)
	if !ok {
		return
	}
	rec, err := s.store.Get(r.Context(), v)
	if err != nil {
		s.storeError(w, err)
		return
	}
	s.serveRecord(w, r, rec, false)
}

// Header values shared by every response (net/http only reads them); set
// by map assignment, with canonical keys, to keep the 304 path lean.
var (
	hdrVary     = []string{"Accept-Encoding"}
	hdrAnyOrig  = []string{"*"}
	hdrExpose   = []string{"ETag, " + TimestampHeader}
	hdrJSON     = []string{"application/json"}
	hdrGzip     = []string{"gzip"}
	hdrNosniff  = []string{"nosniff"}
	hdrCacheCur = []string{cacheCurrent}
	hdrCacheVer = []string{cacheVersion}
)

func (s *Server) serveEnvelope(w http.ResponseWriter, r *http.Request, env *signed, cache []string) {
	h := w.Header()
	h["Etag"] = env.etagHdr
	h["Cache-Control"] = cache
	h["Vary"] = hdrVary
	h["Access-Control-Allow-Origin"] = hdrAnyOrig
	h["Access-Control-Expose-Headers"] = hdrExpose
	if inm := r.Header["If-None-Match"]; len(inm) > 0 && etagMatch(inm[0], env.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h["Content-Type"] = hdrJSON
	body, length := env.body, env.lenHdr
	if env.gz != nil && acceptsGzip(r) {
		h["Content-Encoding"] = hdrGzip
		body, length = env.gz, env.gzLenHdr
	}
	h["Content-Length"] = length
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// envelope signs rec for the current window. Envelopes are deterministic
// (Ed25519 signatures are), so every instance of the server hands out the
// same bytes and ETag for one version within one window.
func (s *Server) envelope(rec *Record, cache bool) (*signed, error) {
	issued := s.issued(rec, cache)
	if cache {
		if cur := s.current.Load(); cur != nil && cur.version == rec.Version && cur.issued.Equal(issued) {
			return cur, nil
		}
	} else {
		s.oldMu.Lock()
		env := s.old[rec.Version]
		s.oldMu.Unlock()
		if env != nil && env.issued.Equal(issued) {
			return env, nil
		}
	}
	body, err := envelope.Sign(rec.Pack, rec.Version, issued, issued.Add(s.ttl), s.cfg.Key, s.cfg.Roots...)
	if err != nil {
		return nil, err
	}
	env := &signed{
		version: rec.Version,
		issued:  issued,
		etag:    etagOf(rec.Version, issued),
		body:    body,
	}
	if len(body) > 1024 && !s.cfg.NoGzip {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		zw.Write(body)
		zw.Close()
		env.gz = b.Bytes()
	}
	env.etagHdr = []string{env.etag}
	env.lenHdr = []string{strconv.Itoa(len(env.body))}
	env.gzLenHdr = []string{strconv.Itoa(len(env.gz))}
	if cache {
		s.current.Store(env)
	} else {
		s.oldMu.Lock()
		if s.old == nil || len(s.old) >= maxOld {
			s.old = map[uint64]*signed{}
		}
		s.old[rec.Version] = env
		s.oldMu.Unlock()
	}
	return env, nil
}

// timestamp is the Scrubs-Timestamp header for rec, the current version:
// signed for the current window (TimestampTTL/24), never dated before rec
// was published, and cached, so a 304 from a warm instance allocates
// nothing.
func (s *Server) timestamp(rec *Record) ([]string, error) {
	issued := s.cfg.Now().Truncate(max(s.tsTTL/24, time.Second))
	if c := rec.Created.Truncate(time.Second); c.After(issued) {
		issued = c
	}
	if st := s.stamp.Load(); st != nil && st.version == rec.Version && st.issued.Equal(issued) {
		return st.hdr, nil
	}
	b, err := envelope.SignTimestamp(rec.Version, rec.Digest, issued, issued.Add(s.tsTTL), s.cfg.Key)
	if err != nil {
		return nil, err
	}
	st := &stamp{version: rec.Version, issued: issued, hdr: []string{string(b)}}
	s.stamp.Store(st)
	return st.hdr, nil
}

// etagMatch is the weak comparison of If-None-Match (RFC 9110 13.1.2).
func etagMatch(header, etag string) bool {
	if header == "" {
		return false
	}
	want := strings.TrimPrefix(etag, "W/")
	for part := range strings.SplitSeq(header, ",") {
		part = strings.TrimSpace(part)
		if part == "*" || strings.TrimPrefix(part, "W/") == want {
			return true
		}
	}
	return false
}

func acceptsGzip(r *http.Request) bool {
	for part := range strings.SplitSeq(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(part, ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
			continue
		}
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			q, err := strconv.ParseFloat(v, 64)
			return err == nil && q > 0
		}
		return true
	}
	return false
}

func (s *Server) handleKeys(w http.ResponseWriter, r *http.Request) {
	pub := s.cfg.Key.Public()
	resp := KeysResponse{Signing: pub.ID(), Keys: []KeyInfo{{ID: pub.ID(), Key: pub.String()}}, Roots: s.cfg.Roots}
	if resp.Roots == nil {
		resp.Roots = []envelope.Root{}
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Cache-Control", "public, max-age=300")
	s.json(w, http.StatusOK, &resp)
}

// handlePutPack: the body is a pack. It is parsed and compiled by the
// classifier; on any problem nothing is stored.
func (s *Server) handlePutPack(w http.ResponseWriter, r *http.Request) {
	body, ok := s.body(w, r, classifier.MaxPackBytes)
	if !ok {
		return
	}
	comment, ok := s.comment(w, r)
	if !ok {
		return
	}
	if problems := checkPack(body); problems != nil {
		s.problems(w, http.StatusUnprocessableEntity, problems)
		return
	}
	if !s.checkBase(w, r) {
		return
	}
	resp, err := s.publish(r.Context(), body, comment, 0)
	if err != nil {
		s.internal(w, err)
		return
	}
	s.cfg.Logf("pack version %d published (%d bytes, %s)", resp.Version, len(body), resp.Digest[:12])
	s.Audit(r, AuditPublish, fmt.Sprintf("version %d", resp.Version), s.publishDetail(r.Context(), body, comment, resp))
	w.Header().Set("Location", "/v1/pack/"+strconv.FormatUint(resp.Version, 10))
	s.json(w, http.StatusCreated, resp)
}

// checkPack runs the classifier's own parsing, validation and compilation.
func checkPack(body []byte) []classifier.Problem {
	p, err := classifier.ParsePack(body)
	if err == nil {
		_, err = classifier.Compile(p)
	}
	if err == nil {
		return nil
	}
	var ve *classifier.ValidationError
	if errors.As(err, &ve) {
		return ve.Problems
	}
	var se *classifier.SyntaxError
	if errors.As(err, &se) {
		return []classifier.Problem{{Path: "", Message: "the pack is not valid JSON: " + se.Error()}}
	}
	return []classifier.Problem{{Path: "", Message: err.Error()}}
}

const maxComment = 500

func (s *Server) comment(w http.ResponseWriter, r *http.Request) (string, bool) {
	c := r.Header.Get("Scrubs-Comment")
	if c == "" {
		c = r.URL.Query().Get("comment")
	}
	c = strings.TrimSpace(c)
	switch {
	case len(c) > maxComment:
		s.error(w, http.StatusUnprocessableEntity, "comment", fmt.Sprintf("is %d bytes; at most %d", len(c), maxComment))
		return "", false
	case !utf8.ValidString(c) || strings.IndexFunc(c, unicode.IsControl) >= 0:
		s.error(w, http.StatusUnprocessableEntity, "comment", "must be one line of UTF-8 text")
		return "", false
	}
	return c, true
}

// publish stores pack as the next version. Pushes in this process take
// turns; the store's Add refuses a version that another process took, and
// then the next one is tried.
func (s *Server) publish(ctx context.Context, pack []byte, comment string, from uint64) (*PushResponse, error) {
	s.pushMu.Lock()
	defer s.pushMu.Unlock()
	sum := sha256.Sum256(pack)
	rec := &Record{
		Created:      s.cfg.Now().UTC().Truncate(time.Second),
		Digest:       hex.EncodeToString(sum[:]),
		Size:         len(pack),
		Comment:      comment,
		RestoredFrom: from,
		Pack:         pack,
	}
	latest, err := s.store.Latest(ctx)
	switch {
	case err == nil:
		rec.Version = latest.Version + 1
	case errors.Is(err, ErrNotFound):
		rec.Version = 1
	default:
		return nil, err
	}
	// a version whose file was damaged keeps its number
	for _, v := range damaged(s.store) {
		rec.Version = max(rec.Version, v+1)
	}
	for range 100 {
		if rec.Version > envelope.MaxVersion {
			return nil, errors.New("no versions left")
		}
		err := s.store.Add(ctx, rec)
		if err == nil {
			return &PushResponse{Version: rec.Version, Digest: rec.Digest}, nil
		}
		if !errors.Is(err, ErrVersionExists) {
			return nil, err
		}
		rec.Version++
	}
	return nil, errors.New("could not find a free version")
}

func (s *Server) handleListPacks(w http.ResponseWriter, r *http.Request) {
	recs, err := s.store.List(r.Context())
	if err != nil {
		s.internal(w, err)
		return
	}
	resp := PacksResponse{Packs: make([]PackInfo, 0, len(recs))}
	for _, rec := range recs {
		resp.Current = max(resp.Current, rec.Version)
		resp.Packs = append(resp.Packs, PackInfo{
			Version:      rec.Version,
			Created:      rec.Created.UTC().Format(time.RFC3339),
			Size:         rec.Size,
			Digest:       rec.Digest,
			Comment:      rec.Comment,
			RestoredFrom: rec.RestoredFrom,
		})
	}
	s.json(w, http.StatusOK, &resp)
}

func (s *Server) handleRestore(w http.ResponseWriter, r *http.Request) {
	v, ok := s.version(w, r)
	if !ok {
		return
	}
	comment, ok := s.comment(w, r)
	if !ok {
		return
	}
	rec, err := s.store.Get(r.Context(), v)
	if err != nil {
		s.storeError(w, err)
		return
	}
	if problems := checkPack(rec.Pack); problems != nil {
		s.problems(w, http.StatusUnprocessableEntity, problems)
		return
	}
	if !s.checkBase(w, r) {
		return
	}
	detail := fmt.Sprintf("version %d published again", v)
	if comment == "" {
		comment = fmt.Sprintf("restored version %d", v)
	} else {
		detail += ": “" + comment + "”"
	}
	resp, err := s.publish(r.Context(), rec.Pack, comment, v)
	if err != nil {
		s.internal(w, err)
		return
	}
	s.cfg.Logf("pack version %d restored as version %d", v, resp.Version)
	s.Audit(r, AuditRestore, fmt.Sprintf("version %d", resp.Version), detail+"; "+s.publishDetail(r.Context(), rec.Pack, "", resp))
	w.Header().Set("Location", "/v1/pack/"+strconv.FormatUint(resp.Version, 10))
	s.json(w, http.StatusCreated, resp)
}

// handlePreflight answers CORS preflights for the public GET endpoints, so
// an extension without a host permission for the server can still fetch
// packs (If-None-Match); events have their own (handleEventsPreflight). No
// credentials are involved: admin routes get no CORS headers at all.
func (s *Server) handlePreflight(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Allow-Methods", "GET")
	h.Set("Access-Control-Allow-Headers", "If-None-Match")
	h.Set("Access-Control-Max-Age", "86400")
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	rec, err := s.store.Latest(r.Context())
	if err != nil {
		s.storeError(w, err)
		return
	}
	resp := &HealthResponse{OK: true, Version: rec.Version, Damaged: damaged(s.store)}
	if len(resp.Damaged) > 0 {
		resp.Degraded = fmt.Sprintf("stored versions %v could not be read; serving version %d (the next push gets a higher number)", resp.Damaged, rec.Version)
	}
	s.json(w, http.StatusOK, resp)
}

// damaged answers the versions the store could not read, if it tells.
func damaged(st Store) []uint64 {
	if d, ok := st.(Damaged); ok {
		return d.Damaged()
	}
	return nil
}

func (s *Server) version(w http.ResponseWriter, r *http.Request) (uint64, bool) {
	v, err := strconv.ParseUint(r.PathValue("version"), 10, 64)
	if err != nil || v == 0 {
		s.error(w, http.StatusBadRequest, "version", "is not a version number")
		return 0, false
	}
	return v, true
}

// body reads a request body of at most limit bytes (with or without a
// Content-Length). It answers false, having written 413 or 400, when it
// could not.
func (s *Server) body(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, bool) {
	if r.ContentLength > limit {
		s.tooLarge(w)
		return nil, false
	}
	var b bytes.Buffer
	if _, err := b.ReadFrom(http.MaxBytesReader(w, r.Body, limit)); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			s.tooLarge(w)
		} else {
			s.error(w, http.StatusBadRequest, "", "could not read the request body")
		}
		return nil, false
	}
	return b.Bytes(), true
}

type marshaler interface {
	MarshalEasyJSON(w *jwriter.Writer)
}

func (s *Server) json(w http.ResponseWriter, status int, v marshaler) {
	var jw jwriter.Writer
	v.MarshalEasyJSON(&jw)
	body, err := jw.BuildBytes()
	if err != nil {
		s.internal(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)+1))
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
}

func (s *Server) problems(w http.ResponseWriter, status int, problems []classifier.Problem) {
	s.json(w, status, &ErrorResponse{Errors: problems})
}

func (s *Server) error(w http.ResponseWriter, status int, path, message string) {
	s.problems(w, status, []classifier.Problem{{Path: path, Message: message}})
}

func (s *Server) tooLarge(w http.ResponseWriter) {
	s.error(w, http.StatusRequestEntityTooLarge, "", "the request body is too large")
}

func (s *Server) storeError(w http.ResponseWriter, err error) {
	if errors.Is(err, ErrNotFound) {
		s.error(w, http.StatusNotFound, "", "no such pack")
		return
	}
	s.internal(w, err)
}

// internal logs the cause and tells the client only that it failed.
func (s *Server) internal(w http.ResponseWriter, err error) {
	s.cfg.Logf("error: %v", err)
	s.error(w, http.StatusInternalServerError, "", "internal error")
}

func remoteIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
