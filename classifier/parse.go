package classifier

import (
	"errors"
	"fmt"

	"github.com/mailru/easyjson/jlexer"
)

// ParsePack decodes a pack from JSON and validates it. Errors say where:
// a *SyntaxError with the line and column of bad JSON, or a
// *ValidationError naming each problem by JSON path.
func ParsePack(data []byte) (*Pack, error) {
	if len(data) > MaxPackBytes {
		return nil, &ValidationError{Problems: []Problem{{Message: fmt.Sprintf("pack is %d bytes; at most %d", len(data), MaxPackBytes)}}}
	}
	p := new(Pack)
	if err := DecodeJSON(data, p.UnmarshalEasyJSON); err != nil {
		return nil, err
	}
	if err := Validate(p); err != nil {
		return nil, err
	}
	return p, nil
}

// ParseDraft decodes one draft from a JSON object.
func ParseDraft(data []byte) (Draft, error) {
	var d Draft
	err := DecodeJSON(data, d.UnmarshalEasyJSON)
	return d, err
}

// SyntaxError is malformed JSON, with the position of the problem.
type SyntaxError struct {
	Line, Column int
	Msg          string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

// DecodeJSON runs an easyjson decoder over data and reports malformed JSON
// as a *SyntaxError with its line and column; the command, the module and
// the server all decode this way.
func DecodeJSON(data []byte, unmarshal func(*jlexer.Lexer)) error {
	l := jlexer.Lexer{Data: data}
	unmarshal(&l)
	if l.Ok() {
		l.Consumed()
	}
	err := l.Error()
	if err == nil {
		return nil
	}
	var le *jlexer.LexerError
	if errors.As(err, &le) {
		line, col := position(data, le.Offset)
		msg := le.Reason
		if le.Data != "" {
			msg += fmt.Sprintf(" near %q", truncate(le.Data, 40))
		}
		return &SyntaxError{Line: line, Column: col, Msg: msg}
	}
	return &SyntaxError{Line: 1, Column: 1, Msg: err.Error()}
}

func position(data []byte, offset int) (line, col int) {
	line, col = 1, 1
	if offset > len(data) {
		offset = len(data)
	}
	for _, b := range data[:offset] {
		if b == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
