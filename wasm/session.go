package wasm

import (
	"errors"
	"fmt"

	"github.com/mailru/easyjson/jwriter"
	"github.com/scrubs/scrubs/classifier"
)

// Session is the module's state: the engine every call shares. Its methods
// are the exported calls as plain Go: each reads one JSON input and appends
// one JSON answer (abi.go) to out, reusing out's memory. A Session is not
// safe for concurrent use; the module is single-threaded.
type Session struct {
	engine *classifier.Engine
}

// NewSession starts with the built-in rules.
func NewSession() *Session { return &Session{engine: classifier.Default()} }

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
	res := s.engine.Classify(d)
	return appendJSON(out, res.MarshalEasyJSON)
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
	s.engine = e
	return appendJSON(out, infoOf(e).MarshalEasyJSON)
}

func infoOf(e *classifier.Engine) PackInfo {
	p := e.Pack()
	return PackInfo{Name: p.Name, Lexicons: len(p.Lexicons), Patterns: len(p.Patterns)}
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
