package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"unicode/utf16"

	"github.com/scrubs/scrubs/classifier"
)

// labelled is one corpus line: a draft with the verdict, kinds and evidence
// a privacy officer gave it.
type labelled struct {
	classifier.Draft `json:"-"`
	Label    string   `json:"label"`
	Kinds    []string `json:"kinds"`
	Evidence []string `json:"evidence"`
}

// score holds the figures of corpus/README.md.
type score struct {
	n, blocks, blockFlagged, risky, riskyFlagged, oks, okFlagged, exact int
	evidence, evidenceCovered                                         int
	kindTotal, kindFound                                              map[string]int
	wrong                                                             []string
}

func cmdEval(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	var pf packFlags
	pf.register(fs)
	showWrong := fs.Int("wrong", 40, "list at most `N` drafts whose verdict was wrong")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("eval needs a CORPUS.jsonl")
	}
	eng, err := pf.engine()
	if err != nil {
		return err
	}
	sc := score{kindTotal: map[string]int{}, kindFound: map[string]int{}}
	bad := 0
	for _, name := range fs.Args() {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		lines := bufio.NewScanner(f)
		lines.Buffer(make([]byte, 0, 64<<10), maxLine)
		for n := 1; lines.Scan(); n++ {
			if strings.TrimSpace(lines.Text()) == "" {
				continue
			}
			l, err := parseLabelled(lines.Bytes())
			if err != nil {
				fmt.Fprintf(os.Stderr, "scrubs: %s:%d: %v\n", name, n, err)
				bad++
				continue
			}
			sc.add(l, eng.Classify(l.Draft))
		}
		f.Close()
		if err := lines.Err(); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	sc.print(stdout, *showWrong)
	if bad > 0 {
		return fmt.Errorf("%d malformed line(s) skipped", bad)
	}
	return nil
}

// parseLabelled reads the draft through the classifier's own decoder (as
// scan does) and the labels beside it.
func parseLabelled(line []byte) (labelled, error) {
	var l labelled
	d, err := classifier.ParseDraft(line)
	if err != nil {
		return l, err
	}
	var labels struct {
		Label    string   `json:"label"`
		Kinds    []string `json:"kinds"`
		Evidence []string `json:"evidence"`
	}
	if err := json.Unmarshal(line, &labels); err != nil {
		return l, err
	}
	l.Draft, l.Label, l.Kinds, l.Evidence = d, labels.Label, labels.Kinds, labels.Evidence
	return l, nil
}

func (sc *score) add(l labelled, r classifier.Result) {
	sc.n++
	flagged := r.Verdict != classifier.VerdictOK
	switch l.Label {
	case classifier.VerdictBlock:
		sc.blocks++
		sc.risky++
		if flagged {
			sc.blockFlagged++
			sc.riskyFlagged++
		}
	case classifier.VerdictWarn:
		sc.risky++
		if flagged {
			sc.riskyFlagged++
		}
	default:
		sc.oks++
		if flagged {
			sc.okFlagged++
		}
	}
	if r.Verdict == l.Label {
		sc.exact++
	} else {
		sc.wrong = append(sc.wrong, fmt.Sprintf("%s: want %s, got %s: %s", l.ID, l.Label, r.Verdict, truncate(l.Text, 110)))
	}
	found := map[string]bool{}
	for _, f := range r.Findings {
		found[f.Kind] = true
	}
	for _, k := range l.Kinds {
		sc.kindTotal[k]++
		if found[k] {
			sc.kindFound[k]++
		}
	}
	for _, ev := range l.Evidence {
		sc.evidence++
		if covered(l.Text, ev, r.Findings) {
			sc.evidenceCovered++
		} else if flagged {
			sc.wrong = append(sc.wrong, fmt.Sprintf("%s: evidence not covered: %q", l.ID, ev))
		}
	}
}

// covered reports whether some finding overlaps the evidence string.
func covered(text, ev string, fs []classifier.Finding) bool {
	i := strings.Index(text, ev)
	if i < 0 {
		return false
	}
	start := utf16Len(text[:i])
	end := start + utf16Len(ev)
	for _, f := range fs {
		if f.Start < end && start < f.End {
			return true
		}
	}
	return false
}

func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func (sc *score) print(w io.Writer, showWrong int) {
	fmt.Fprintf(w, "drafts            %d\n", sc.n)
	fmt.Fprintf(w, "block flagged     %.3f  (%d/%d)\n", ratio(sc.blockFlagged, sc.blocks), sc.blockFlagged, sc.blocks)
	fmt.Fprintf(w, "risky flagged     %.3f  (%d/%d)\n", ratio(sc.riskyFlagged, sc.risky), sc.riskyFlagged, sc.risky)
	fmt.Fprintf(w, "ok flagged        %.3f  (%d/%d)\n", ratio(sc.okFlagged, sc.oks), sc.okFlagged, sc.oks)
	fmt.Fprintf(w, "exact verdict     %.3f  (%d/%d)\n", ratio(sc.exact, sc.n), sc.exact, sc.n)
	fmt.Fprintf(w, "evidence covered  %.3f  (%d/%d)\n", ratio(sc.evidenceCovered, sc.evidence), sc.evidenceCovered, sc.evidence)
	fmt.Fprintf(w, "\nrecall by kind\n")
	kinds := make([]string, 0, len(sc.kindTotal))
	for k := range sc.kindTotal {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		fmt.Fprintf(w, "  %-26s %.2f  (%d/%d)\n", k, ratio(sc.kindFound[k], sc.kindTotal[k]), sc.kindFound[k], sc.kindTotal[k])
	}
	if len(sc.wrong) > 0 && showWrong > 0 {
		fmt.Fprintf(w, "\nwrong (%d)\n", len(sc.wrong))
		for i, s := range sc.wrong {
			if i == showWrong {
				fmt.Fprintf(w, "  … %d more\n", len(sc.wrong)-showWrong)
				break
			}
			fmt.Fprintf(w, "  %s\n", s)
		}
	}
}

func truncate(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
