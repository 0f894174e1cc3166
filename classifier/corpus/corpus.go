// Package corpus reads labelled drafts (the JSON lines of shared/corpus:
// a draft plus label, kinds and evidence) and scores a classifier on them
// with the figures of the corpus README. The scrubs command's eval, the Go
// tests and the WebAssembly tests all score through it.
package corpus

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/scrubs/scrubs/classifier"
)

// Item is one labelled draft.
type Item struct {
	classifier.Draft
	Label    string
	Kinds    []string
	Evidence []string
	Note     string
}

// LineError is a line that could not be read; the others still are.
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

// MaxLine bounds one JSON line: 1 MB of draft text, escaped.
const MaxLine = 8 << 20

// Read returns every well-formed item of r and an error per malformed line
// (one over MaxLine bytes included).
func Read(r io.Reader) ([]Item, []*LineError, error) {
	var items []Item
	var bad []*LineError
	err := EachLine(r, func(n int, line []byte, err error) error {
		if err == nil {
			var it Item
			if it, err = Parse(line); err == nil {
				items = append(items, it)
				return nil
			}
		}
		bad = append(bad, &LineError{Line: n, Err: err})
		return nil
	})
	return items, bad, err
}

// Parse reads one labelled line: the draft through the classifier's own
// decoder, the labels beside it.
func Parse(line []byte) (Item, error) {
	var it Item
	d, err := classifier.ParseDraft(line)
	if err != nil {
		return it, err
	}
	var labels struct {
		Label    string   `json:"label"`
		Kinds    []string `json:"kinds"`
		Evidence []string `json:"evidence"`
		Note     string   `json:"note"`
	}
	if err := json.Unmarshal(line, &labels); err != nil {
		return it, err
	}
	it.Draft, it.Label, it.Kinds, it.Evidence, it.Note = d, labels.Label, labels.Kinds, labels.Evidence, labels.Note
	return it, nil
}
