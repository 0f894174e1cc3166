package corpus

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf16"

	"github.com/scrubs/scrubs/classifier"
)

// Score accumulates the corpus figures.
type Score struct {
	N, Blocks, BlockFlagged, Risky, RiskyFlagged, OKs, OKFlagged, Exact int
	Evidence, EvidenceCovered                                           int
	KindTotal, KindFound                                                map[string]int
	Wrong                                                               []string // verdicts missed and evidence not covered
}

// NewScore returns an empty score.
func NewScore() *Score {
	return &Score{KindTotal: map[string]int{}, KindFound: map[string]int{}}
}

// Figures a classifier is held to; see the corpus README.
func (s *Score) BlockRecall() float64   { return ratio(s.BlockFlagged, s.Blocks) }
func (s *Score) RiskyRecall() float64   { return ratio(s.RiskyFlagged, s.Risky) }
func (s *Score) OKFlaggedRate() float64 { return ratio(s.OKFlagged, s.OKs) }
func (s *Score) ExactRate() float64     { return ratio(s.Exact, s.N) }
func (s *Score) EvidenceRate() float64  { return ratio(s.EvidenceCovered, s.Evidence) }

// Add scores one result against its labels.
func (s *Score) Add(it Item, r classifier.Result) {
	s.N++
	flagged := r.Verdict != classifier.VerdictOK
	switch it.Label {
	case classifier.VerdictBlock:
		s.Blocks++
		s.Risky++
		if flagged {
			s.BlockFlagged++
			s.RiskyFlagged++
		}
	case classifier.VerdictWarn:
		s.Risky++
		if flagged {
			s.RiskyFlagged++
		}
	default:
		s.OKs++
		if flagged {
			s.OKFlagged++
		}
	}
	if r.Verdict == it.Label {
		s.Exact++
	} else {
		s.Wrong = append(s.Wrong, fmt.Sprintf("%s: want %s, got %s: %s", it.ID, it.Label, r.Verdict, shorten(it.Text, 110)))
	}
	found := map[string]bool{}
	for _, f := range r.Findings {
		found[f.Kind] = true
	}
	for _, k := range it.Kinds {
		s.KindTotal[k]++
		if found[k] {
			s.KindFound[k]++
		}
	}
	for _, ev := range it.Evidence {
		s.Evidence++
		if Covered(it.Text, ev, r.Findings) {
			s.EvidenceCovered++
		} else if flagged {
			s.Wrong = append(s.Wrong, fmt.Sprintf("%s: evidence not covered: %q", it.ID, ev))
		}
	}
}

// Covered reports whether some finding overlaps the evidence string.
func Covered(text, ev string, fs []classifier.Finding) bool {
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

// Print writes the figures, recall per kind, and at most showWrong misses.
func (s *Score) Print(w io.Writer, showWrong int) {
	fmt.Fprintf(w, "drafts            %d\n", s.N)
	fmt.Fprintf(w, "block flagged     %.3f  (%d/%d)\n", s.BlockRecall(), s.BlockFlagged, s.Blocks)
	fmt.Fprintf(w, "risky flagged     %.3f  (%d/%d)\n", s.RiskyRecall(), s.RiskyFlagged, s.Risky)
	fmt.Fprintf(w, "ok flagged        %.3f  (%d/%d)\n", s.OKFlaggedRate(), s.OKFlagged, s.OKs)
	fmt.Fprintf(w, "exact verdict     %.3f  (%d/%d)\n", s.ExactRate(), s.Exact, s.N)
	fmt.Fprintf(w, "evidence covered  %.3f  (%d/%d)\n", s.EvidenceRate(), s.EvidenceCovered, s.Evidence)
	fmt.Fprintf(w, "\nrecall by kind\n")
	s.PrintKinds(w)
	if len(s.Wrong) > 0 && showWrong > 0 {
		fmt.Fprintf(w, "\nwrong (%d)\n", len(s.Wrong))
		for i, line := range s.Wrong {
			if i == showWrong {
				fmt.Fprintf(w, "  … %d more\n", len(s.Wrong)-showWrong)
				break
			}
			fmt.Fprintf(w, "  %s\n", line)
		}
	}
}

// PrintKinds writes the recall of each finding kind, one line a kind.
func (s *Score) PrintKinds(w io.Writer) {
	kinds := make([]string, 0, len(s.KindTotal))
	for k := range s.KindTotal {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		fmt.Fprintf(w, "  %-26s %.3f  (%d/%d)\n", k, ratio(s.KindFound[k], s.KindTotal[k]), s.KindFound[k], s.KindTotal[k])
	}
}

func shorten(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
