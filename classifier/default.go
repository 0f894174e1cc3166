package classifier

import (
	"embed"
	"fmt"
	"path"
	"sort"
	"sync"
)

// The built-in rules: rules/base.json holds the pack's name, templates and
// thresholds; every other file in rules/ adds lexicons and patterns,
// rules/words.json the word sets, rules/sites.json the site profiles and
// rules/model.json the learned model. They are merged into one pack at first use.
//
//go:embed rules/*.json
var rulesFS embed.FS

var defaultPack = sync.OnceValues(func() (*Pack, error) {
	entries, err := rulesFS.ReadDir("rules")
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	var merged *Pack
	var model *Model // rules/model.json, written by `scrubs train`
	for _, name := range names {
		data, err := rulesFS.ReadFile(path.Join("rules", name))
		if err != nil {
			return nil, err
		}
		part := new(Pack)
		if err := DecodeJSON(data, part.UnmarshalEasyJSON); err != nil {
			return nil, fmt.Errorf("rules/%s: %w", name, err)
		}
		if name == "base.json" {
			if merged != nil {
				part.Lexicons = append(part.Lexicons, merged.Lexicons...)
				part.Patterns = append(part.Patterns, merged.Patterns...)
				part.Sites = append(part.Sites, merged.Sites...)
			}
			merged = part
			continue
		}
		if merged == nil {
			merged = &Pack{}
		}
		merged.Lexicons = append(merged.Lexicons, part.Lexicons...)
		merged.Patterns = append(merged.Patterns, part.Patterns...)
		merged.Sites = append(merged.Sites, part.Sites...)
		if part.Model != nil {
			model = part.Model
		}
		merged.Words = mergeMaps(merged.Words, part.Words)
	}
	merged.Model = model
	if err := Validate(merged); err != nil {
		return nil, fmt.Errorf("built-in rules: %w", err)
	}
	return merged, nil
})

// DefaultPack returns the built-in rule pack. Callers must not modify it.
func DefaultPack() *Pack {
	p, err := defaultPack()
	if err != nil {
		panic(err) // the embedded rules are tested; this is a build defect
	}
	return p
}

// DefaultPackJSON returns the built-in rule pack as one JSON document, the
// form the server publishes as its first version.
func DefaultPackJSON() []byte {
	data, err := DefaultPack().MarshalJSON()
	if err != nil {
		panic(err)
	}
	return data
}

var defaultEngine = sync.OnceValue(func() *Engine {
	e, err := Compile(DefaultPack())
	if err != nil {
		panic(err)
	}
	return e
})

// Default returns the engine compiled from the built-in pack, shared by
// every caller.
func Default() *Engine { return defaultEngine() }
