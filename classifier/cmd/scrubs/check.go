package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"

	"github.com/scrubs/scrubs/classifier"
	"github.com/scrubs/scrubs/classifier/corpus"
)

// cmdCheck prints a report a person can read: the verdict, the text with
// each risky span marked, and what to do about each.
func cmdCheck(args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	var pf packFlags
	pf.register(fs)
	mode := fs.String("mode", "post", "`post`, comment or reply")
	replyingTo := fs.String("replying-to", "", "the comment being answered, for a reply")
	platform := fs.String("platform", "facebook", "facebook or instagram")
	var attach string
	fs.StringVar(&attach, "attach", "", "attachments, comma-separated: image, video")
	if err := fs.Parse(args); err != nil {
		return err
	}
	text := strings.Join(fs.Args(), " ")
	if text == "" {
		b, err := io.ReadAll(io.LimitReader(stdin, corpus.MaxLine))
		if err != nil {
			return err
		}
		text = strings.TrimRight(string(b), "\n")
	}
	eng, err := pf.engine()
	if err != nil {
		return err
	}
	d := classifier.Draft{Text: text, Mode: *mode, Platform: *platform, ReplyingTo: *replyingTo}
	if attach != "" {
		d.Attachments = strings.Split(attach, ",")
	}
	r := eng.Classify(d)
	report(stdout, text, r)
	return nil
}

var verdictWords = map[string]string{
	classifier.VerdictOK:    "ok: nothing to warn about",
	classifier.VerdictWarn:  "warn: worth a second look before posting",
	classifier.VerdictBlock: "block: this would disclose protected health information",
}

func report(w io.Writer, text string, r classifier.Result) {
	fmt.Fprintf(w, "%s\n", verdictWords[r.Verdict])
	if len(r.Findings) == 0 {
		return
	}
	u := utf16.Encode([]rune(text))
	fmt.Fprintf(w, "\n  %s\n\n", marked(u, r.Findings))
	for i, f := range r.Findings {
		fmt.Fprintf(w, "  [%d] %s %q\n      %s\n", i+1, f.Kind, string(utf16.Decode(u[clamp(f.Start, len(u)):clamp(f.End, len(u))])), f.Reason)
		switch {
		case f.Suggestion == nil:
		case *f.Suggestion == "":
			fmt.Fprintf(w, "      suggestion: remove it\n")
		default:
			fmt.Fprintf(w, "      suggestion: %q\n", *f.Suggestion)
		}
	}
}

// marked brackets each finding's span in the text, numbering them.
func marked(u []uint16, fs []classifier.Finding) string {
	var b strings.Builder
	opens := map[int][]int{}
	closes := map[int][]int{}
	for i, f := range fs {
		opens[f.Start] = append(opens[f.Start], i+1)
		closes[f.End] = append(closes[f.End], i+1)
	}
	for i := 0; i <= len(u); i++ {
		for range closes[i] {
			b.WriteString("]")
		}
		for _, n := range opens[i] {
			fmt.Fprintf(&b, "[%d:", n)
		}
		if i < len(u) {
			j := i + 1
			if u[i] >= 0xD800 && u[i] < 0xDC00 && j < len(u) {
				j++
			}
			b.WriteString(string(utf16.Decode(u[i:j])))
			i = j - 1
		}
	}
	return b.String()
}

func clamp(i, n int) int {
	if i < 0 {
		return 0
	}
	if i > n {
		return n
	}
	return i
}
