package corpus

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/scrubs/scrubs/classifier"
)

// Organisation is one labelled corpus and the profile of the organisation
// whose staff wrote it: NAME.jsonl beside NAME-org.json.
type Organisation struct {
	Name    string
	Profile classifier.Org
	Items   []Item
	// Vectors are the policy's own cases (a folder named "vectors"): the
	// trainer always learns from them, and they are no organisation to
	// score.
	Vectors bool
}

// ReadOrganisations reads every NAME.jsonl under dir (recursively) that has
// a NAME-org.json beside it, in name order. Malformed lines are reported
// through bad and the rest are kept.
func ReadOrganisations(dir string, bad func(file string, e *LineError)) ([]Organisation, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".jsonl") {
			if _, err := os.Stat(strings.TrimSuffix(path, ".jsonl") + "-org.json"); err == nil {
				files = append(files, path)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: no NAME.jsonl with a NAME-org.json beside it", dir)
	}
	sort.Slice(files, func(i, j int) bool { return filepath.Base(files[i]) < filepath.Base(files[j]) })
	var out []Organisation
	for _, path := range files {
		o := Organisation{Name: strings.TrimSuffix(filepath.Base(path), ".jsonl"), Vectors: filepath.Base(filepath.Dir(path)) == "vectors"}
		data, err := os.ReadFile(strings.TrimSuffix(path, ".jsonl") + "-org.json")
		if err != nil {
			return nil, err
		}
		if err := o.Profile.UnmarshalJSON(data); err != nil {
			return nil, fmt.Errorf("%s: %w", strings.TrimSuffix(path, ".jsonl")+"-org.json", err)
		}
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		items, lineErrs, err := Read(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		for _, le := range lineErrs {
			if bad != nil {
				bad(path, le)
			}
		}
		o.Items = items
		out = append(out, o)
	}
	return out, nil
}
