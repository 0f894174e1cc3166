package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/scrubs/scrubs/classifier"
)

// A Disguise rewrites a draft the way someone hiding a disclosure from a
// guard, or typing fast on a phone, would: it changes the letters of the
// words that carry the disclosure (the longest word of each evidence
// phrase) and keeps the rest. A guard that reads "chemo" must read
// "ch3mo", "c h e m o" and "chémo" too. Each is deterministic.
type Disguise struct {
	Name string
	Word func(w string) string    // rewrites one key word; nil when Text does the work
	Text func(text string) string // rewrites the whole draft; nil when Word does
	note string                   // what it looks like, for the table
}

// Disguises are the rewrites `scrubs eval --by-org --disguise` scores.
var Disguises = []Disguise{
	{Name: "leetspeak", Word: leet, note: "ch3m0"},
	{Name: "symbols", Word: symbols, note: "$urg@ry"},
	{Name: "censored", Word: censored, note: "ch*mo"},
	{Name: "spaced", Word: func(w string) string { return joinLetters(w, " ") }, note: "c h e m o"},
	{Name: "dotted", Word: func(w string) string { return joinLetters(w, ".") }, note: "c.h.e.m.o"},
	{Name: "emoji-split", Word: func(w string) string { return joinLetters(w, " 💜 ") }, note: "c 💜 h 💜 e"},
	{Name: "zero-width", Word: func(w string) string { return joinLetters(w, "\u200b") }, note: "ch\\u200bemo"},
	{Name: "look-alikes", Word: lookAlikes, note: "Cyrillic а, е, о, с, р"},
	{Name: "styled", Word: styled, note: "𝐜𝐡𝐞𝐦𝐨"},
	{Name: "accents", Word: accents, note: "chémo"},
	{Name: "stretched", Word: stretched, note: "chemooo"},
	{Name: "typo", Word: typo, note: "chmeo"},
	{Name: "lower case", Text: strings.ToLower, note: "no capitals anywhere"},
	{Name: "upper case", Text: strings.ToUpper, note: "ALL CAPS"},
}

// Apply returns the item's text disguised, and false when the disguise
// leaves it as it was (no evidence found in the text, or no word to change).
func (d Disguise) Apply(it Item) (string, bool) {
	if d.Text != nil {
		out := d.Text(it.Text)
		return out, out != it.Text
	}
	text := it.Text
	for _, ev := range it.Evidence {
		i := strings.Index(text, ev)
		if i < 0 {
			continue
		}
		ws, we := longestWord(ev)
		if we-ws < 3 {
			continue
		}
		word := ev[ws:we]
		text = text[:i+ws] + d.Word(word) + text[i+we:]
	}
	return text, text != it.Text
}

// longestWord returns the byte span of the longest run of letters in s
// (the first when tied).
func longestWord(s string) (int, int) {
	best, bestEnd, start := 0, 0, -1
	for i, r := range s + " " {
		if unicode.IsLetter(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 && utf8.RuneCountInString(s[start:i]) > utf8.RuneCountInString(s[best:bestEnd]) {
			best, bestEnd = start, i
		}
		start = -1
	}
	return best, bestEnd
}

func mapLetters(w string, m map[rune]string, every int) string {
	var b strings.Builder
	n := 0
	for _, r := range w {
		if s, ok := m[unicode.ToLower(r)]; ok {
			n++
			if n%every == 0 {
				b.WriteString(s)
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

func leet(w string) string {
	return mapLetters(w, map[rune]string{'a': "4", 'e': "3", 'i': "1", 'o': "0", 's': "5", 't': "7"}, 1)
}

func symbols(w string) string {
	return mapLetters(w, map[rune]string{'a': "@", 's': "$", 'i': "!"}, 1)
}

func lookAlikes(w string) string {
	return mapLetters(w, map[rune]string{'a': "а", 'e': "е", 'o': "о", 'c': "с", 'p': "р", 'x': "х"}, 1)
}

func accents(w string) string {
	return mapLetters(w, map[rune]string{'a': "á", 'e': "é", 'i': "í", 'o': "ó", 'u': "ü"}, 2)
}

// censored stars the first vowel after the first letter.
func censored(w string) string {
	rs := []rune(w)
	for i := 1; i < len(rs)-1; i++ {
		if strings.ContainsRune("aeiouAEIOU", rs[i]) {
			rs[i] = '*'
			break
		}
	}
	return string(rs)
}

// stretched repeats the last letter three times.
func stretched(w string) string {
	rs := []rune(w)
	return w + strings.Repeat(string(rs[len(rs)-1]), 2)
}

// typo swaps the two letters after the first two, as a thumb does.
func typo(w string) string {
	rs := []rune(w)
	if len(rs) < 5 {
		return w
	}
	rs[2], rs[3] = rs[3], rs[2]
	return string(rs)
}

func joinLetters(w, sep string) string {
	rs := []rune(w)
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = string(r)
	}
	return strings.Join(parts, sep)
}

// styled writes the word in mathematical bold letters, as "fancy text"
// generators do.
func styled(w string) string {
	var b strings.Builder
	for _, r := range w {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(0x1D41A + r - 'a')
		case r >= 'A' && r <= 'Z':
			b.WriteRune(0x1D400 + r - 'A')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// DisguiseScore is what became of the block drafts one disguise changed,
// each classified by the engine that never saw its organisation.
type DisguiseScore struct {
	Name, Note       string
	Changed          int     // block drafts the disguise changed
	Flagged, Blocked int     // of those, still flagged, and still block
	Worst            float64 // the lowest flagged share of one organisation (of ten or more changed)
	WorstOrg         string
}

// FlaggedRate is the share of changed block drafts still flagged.
func (d DisguiseScore) FlaggedRate() float64 { return ratio(d.Flagged, d.Changed) }

// BlockedRate is the share of changed block drafts still block.
func (d DisguiseScore) BlockedRate() float64 { return ratio(d.Blocked, d.Changed) }

// ScoreDisguises scores each disguise on every organisation's block
// drafts, after a first row for the drafts as written.
func ScoreDisguises(folds []Fold) []DisguiseScore {
	asWritten := Disguise{Name: "as written", Text: func(s string) string { return s }, note: "the block drafts themselves"}
	var out []DisguiseScore
	for _, d := range append([]Disguise{asWritten}, Disguises...) {
		row := DisguiseScore{Name: d.Name, Note: d.note, Worst: 1}
		for _, f := range folds {
			changed, flagged := 0, 0
			for _, it := range f.Org.Items {
				if it.Label != classifier.VerdictBlock {
					continue
				}
				text, ok := d.Apply(it)
				if !ok && d.Name != asWritten.Name {
					continue
				}
				draft := it.Draft
				draft.Text = text
				r := f.Engine.Classify(draft)
				changed++
				if r.Verdict != classifier.VerdictOK {
					flagged++
				}
				if r.Verdict == classifier.VerdictBlock {
					row.Blocked++
				}
			}
			row.Changed += changed
			row.Flagged += flagged
			if changed >= 10 && ratio(flagged, changed) < row.Worst {
				row.Worst, row.WorstOrg = ratio(flagged, changed), f.Org.Name
			}
		}
		out = append(out, row)
	}
	return out
}
