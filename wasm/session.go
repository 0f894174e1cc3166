package wasm

import (
	"errors"
	"fmt"
	"runtime"
	"time"

	"github.com/mailru/easyjson/jlexer"
	"github.com/mailru/easyjson/jwriter"
	"github.com/scrubs/scrubs/classifier"
	"github.com/scrubs/scrubs/classifier/envelope"
)

// Session is the module's state: the engine every call shares. Its methods
// are the exported calls as plain Go: each reads one JSON input and appends
// one JSON answer (abi.go) to out, reusing out's memory. A Session is not
// safe for concurrent use; the module is single-threaded.
type Session struct {
	engine *classifier.Engine // nil: the built-in rules, compiled at first use
	floor  envelope.Floor     // the last envelope loaded
	signed bool               // the engine's pack came from a checked envelope (queue.go)
}

// NewSession starts with the built-in rules. They are compiled by the first
// classify, not here: a host that loads its own pack first never pays for
// them, and instantiating stays quick.
func NewSession() *Session { return &Session{} }

// Classify answers one draft as the native engine does: ParseDraft,
// Classify, MarshalJSON.
func (s *Session) Classify(in, out []byte) []byte {
	if len(in) > MaxDraftBytes {
		return AppendError(out, Error{Code: CodeTooLarge, Message: fmt.Sprintf("draft is %d bytes of JSON; at most %d", len(in), MaxDraftBytes)})
	}
	d, err := classifier.ParseDraft(in)
	if err != nil {
		return AppendError(out, errorOf(err))
	}
	res := s.current().Classify(d)
	return appendJSON(out, res.MarshalEasyJSON)
}

// current is the engine in use, compiling the built-in rules at first use.
func (s *Session) current() *classifier.Engine {
	if s.engine == nil {
		s.engine = classifier.Default()
	}
	return s.engine
}

// Template answers one of the pack's reply templates, filled in.
func (s *Session) Template(in, out []byte) []byte {
	var req TemplateRequest
	if e := decodeRequest(in, req.UnmarshalEasyJSON); e != nil {
		return AppendError(out, *e)
	}
	used, text, ok := s.current().TemplateFor(req.Name, req.Context)
	if !ok {
		return AppendError(out, Error{Code: CodeNoTemplate, Message: fmt.Sprintf("the pack has no template %q", req.Name)})
	}
	return appendJSON(out, Template{Name: used, Text: text}.MarshalEasyJSON)
}

// Sites answers the site profiles of the pack in use.
func (s *Session) Sites(out []byte) []byte {
	return appendJSON(out, SiteList{Sites: s.current().Sites()}.MarshalEasyJSON)
}

// LoadPack parses, validates and compiles a pack, then makes it the engine
// for every later call. On any error the engine stays as it was.
func (s *Session) LoadPack(in, out []byte) []byte {
	p, err := classifier.ParsePack(in)
	if err != nil {
		return AppendError(out, errorOf(err))
	}
	e, err := classifier.Compile(p)
	if err != nil {
		return AppendError(out, errorOf(err))
	}
	s.engine, s.signed = e, false
	return appendJSON(out, infoOf(e).MarshalEasyJSON)
}

// LoadEnvelope opens a signed pack envelope against the keys and the
// kept trust in the request, then loads its pack as LoadPack does. On any
// error the engine stays as it was.
func (s *Session) LoadEnvelope(in, out []byte) []byte {
	var req EnvelopeRequest
	if e := decodeRequest(in, req.UnmarshalEasyJSON); e != nil {
		return AppendError(out, *e)
	}
	if name, twice := duplicateMember(in); twice {
		return AppendError(out, Error{Code: CodeBadRequest, Message: fmt.Sprintf("load_envelope request: member %q appears twice", name)})
	}
	v, bad := verifier("an envelope", req.Keys, req.Revoked, req.Trust, req.Now)
	if bad != nil {
		return AppendError(out, *bad)
	}
	v.Floors, v.MinVersion = []envelope.Floor{s.floor}, req.MinVersion
	opened, err := v.Open([]byte(req.Envelope))
	if err != nil {
		return AppendError(out, Error{Code: envelope.Code(err), Message: err.Error()})
	}
	p, err := classifier.ParsePack(opened.Pack)
	if err != nil {
		return AppendError(out, errorOf(err))
	}
	e, err := classifier.Compile(p)
	if err != nil {
		return AppendError(out, errorOf(err))
	}
	s.engine, s.floor, s.signed = e, opened.State.Floor(), true
	info := infoOf(e)
	info.Version, info.KeyID, info.Key, info.Trust = opened.Version, opened.KeyID, opened.Key.String(), &opened.State
	info.Issued, info.Expires = opened.Issued.Unix(), opened.Expires.Unix()
	return appendJSON(out, info.MarshalEasyJSON)
}

// CheckTimestamp checks a signed timestamp from the server against the
// pinned keys and the kept trust in the request (see TimestampRequest).
// It changes nothing in the session.
func (s *Session) CheckTimestamp(in, out []byte) []byte {
	var req TimestampRequest
	if e := decodeRequest(in, req.UnmarshalEasyJSON); e != nil {
		return AppendError(out, *e)
	}
	if name, twice := duplicateMember(in); twice {
		return AppendError(out, Error{Code: CodeBadRequest, Message: fmt.Sprintf("check_timestamp request: member %q appears twice", name)})
	}
	v, bad := verifier("a timestamp", req.Keys, req.Revoked, req.Trust, req.Now)
	if bad != nil {
		return AppendError(out, *bad)
	}
	var after time.Time
	if req.After > 0 {
		after = time.Unix(req.After, 0)
	}
	ts, err := v.OpenTimestamp([]byte(req.Timestamp), after)
	if err != nil {
		return AppendError(out, Error{Code: envelope.Code(err), Message: err.Error()})
	}
	info := TimestampInfo{Version: ts.Version, Digest: ts.Digest, Issued: ts.Issued.Unix(), Expires: ts.Expires.Unix(), KeyID: ts.KeyID}
	return appendJSON(out, info.MarshalEasyJSON)
}

// verifier builds what checks an envelope or a timestamp (what) from a
// request's pinned keys, revoked ids, kept trust and clock (0: the host's).
func verifier(what string, keys, revoked []string, trust *envelope.State, now int64) (*envelope.Verifier, *Error) {
	v := &envelope.Verifier{Revoked: revoked, Now: time.Now()}
	for i, k := range keys {
		key, err := envelope.ParsePublicKey(k)
		if err != nil {
			return nil, &Error{Code: CodeBadRequest, Message: fmt.Sprintf("keys[%d]: %v", i, err)}
		}
		v.Pinned = append(v.Pinned, key)
	}
	if len(v.Pinned) == 0 {
		return nil, &Error{Code: CodeBadRequest, Message: "no keys: " + what + " is checked against the pinned public keys"}
	}
	if trust != nil {
		v.State = *trust
	}
	if now != 0 {
		v.Now = time.Unix(now, 0)
	}
	return v, nil
}

// duplicateMember names a member of the request object that appears
// twice. The decoder keeps the last, so a host that built the request
// from pieces could have had keys or a minimum replaced by what came
// before them; a request is refused instead.
func duplicateMember(data []byte) (string, bool) {
	l := jlexer.Lexer{Data: data}
	seen := map[string]bool{}
	l.Delim('{')
	for l.Ok() && !l.IsDelim('}') {
		name := l.UnsafeFieldName(false)
		l.WantColon()
		if seen[name] && l.Ok() {
			return name, true
		}
		seen[name] = true
		l.SkipRecursive()
		l.WantComma()
	}
	return "", false
}

// decodeRequest decodes a request, with bad JSON reported as the
// classifier reports it: line, column and reason.
func decodeRequest(data []byte, unmarshal func(*jlexer.Lexer)) *Error {
	err := classifier.DecodeJSON(data, unmarshal)
	if err == nil {
		return nil
	}
	e := &Error{Code: CodeBadJSON, Line: 1, Column: 1, Message: err.Error()}
	var se *classifier.SyntaxError
	if errors.As(err, &se) {
		e.Line, e.Column = se.Line, se.Column
	}
	return e
}

// Stats answers the module's memory figures; buffers is the number of
// alloc'd buffers the host has not freed.
func (s *Session) Stats(buffers int, out []byte) []byte {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	st := Stats{HeapAlloc: ms.HeapAlloc, HeapSys: ms.HeapSys, NumGC: ms.NumGC, Buffers: buffers}
	return appendJSON(out, st.MarshalEasyJSON)
}

func infoOf(e *classifier.Engine) PackInfo {
	p := e.Pack()
	info := PackInfo{Name: p.Name, Lexicons: len(p.Lexicons), Patterns: len(p.Patterns)}
	if p.Queue != nil {
		for _, o := range p.Queue.Officers {
			info.Officers = append(info.Officers, o.Name)
		}
	}
	return info
}

// errorOf turns a classifier error into its answer.
func errorOf(err error) Error {
	e := Error{Code: CodeCompile, Message: err.Error()}
	var se *classifier.SyntaxError
	var ve *classifier.ValidationError
	switch {
	case errors.As(err, &se):
		e.Code, e.Line, e.Column = CodeBadJSON, se.Line, se.Column
	case errors.As(err, &ve):
		e.Code, e.Problems = CodeInvalidPack, ve.Problems
	}
	return e
}

// AppendError appends e's answer to out.
func AppendError(out []byte, e Error) []byte {
	return appendJSON(out, ErrorResponse{Error: e}.MarshalEasyJSON)
}

// appendJSON appends what marshal writes to out, reusing out's memory when
// it is big enough.
func appendJSON(out []byte, marshal func(*jwriter.Writer)) []byte {
	var w jwriter.Writer
	marshal(&w)
	if w.Error != nil {
		return AppendError(out, Error{Code: CodeInternal, Message: w.Error.Error()})
	}
	return w.Buffer.BuildBytes(out)
}
