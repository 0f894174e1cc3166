package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/mailru/easyjson/jwriter"
	"github.com/scrubs/scrubs/classifier"
	"github.com/scrubs/scrubs/classifier/envelope"
	"github.com/scrubs/scrubs/classifier/queue"
	"github.com/scrubs/scrubs/classifier/queue/crypt"
)

// scrubs age keygen [-o FILE]
//
// Makes an age X25519 key for a privacy officer, as age-keygen does: the
// identity file (secret) goes to FILE (mode 0600, never overwritten) or
// stdout, the public key to stdout (with -o) or stderr. The public key
// goes in the pack's queue.officers.
func cmdAgeKeygen(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("age keygen", flag.ContinueOnError)
	out := fs.String("o", "", "write the identity (secret key) to `FILE` (mode 0600) instead of stdout")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("age keygen takes no arguments")
	}
	k, err := crypt.GenerateKey()
	if err != nil {
		return err
	}
	file := crypt.IdentityFile(k, time.Now())
	if *out == "" {
		fmt.Fprintf(os.Stderr, "Public key: %s\n", k.Recipient)
		_, err := io.WriteString(stdout, file)
		return err
	}
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(f, file); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintln(stdout, k.Recipient)
	return nil
}

// queueFlags are what decrypt and decide share: the officer's identity and
// the signed pack whose officers the request must be encrypted to.
type queueFlags struct {
	identity          multiFlag
	envelope, keyFile string
	packFile          string
	at                string
}

func (q *queueFlags) register(fs *flag.FlagSet) {
	fs.Var(&q.identity, "identity", "age identity `FILE` (AGE-SECRET-KEY-1..., from scrubs age keygen or age-keygen; repeatable)")
	fs.StringVar(&q.envelope, "envelope", "", "the signed pack envelope `FILE` (GET /v1/pack) whose queue.officers the request must be encrypted to; needs --key")
	fs.StringVar(&q.keyFile, "key", "", "`FILE` of the server's public signing keys, one per line, to check --envelope")
	fs.StringVar(&q.packFile, "pack", "", "or a pack `FILE` (JSON) you trust, instead of --envelope")
	fs.StringVar(&q.at, "now", "", "check expiry as of this RFC 3339 `time` instead of now")
}

// load reads the identities, the officers and the item.
func (q *queueFlags) load(itemFile string) (*queue.Item, []string, *classifier.Queue, time.Time, []string, error) {
	var zero time.Time
	fail := func(err error) (*queue.Item, []string, *classifier.Queue, time.Time, []string, error) {
		return nil, nil, nil, zero, nil, err
	}
	if len(q.identity) == 0 {
		return fail(errors.New("--identity FILE is required (the officer's age secret key)"))
	}
	var idText strings.Builder
	for _, name := range q.identity {
		data, err := os.ReadFile(name)
		if err != nil {
			return fail(err)
		}
		idText.Write(data)
		idText.WriteByte('\n')
	}
	if _, err := crypt.ParseIdentities(idText.String()); err != nil {
		return fail(fmt.Errorf("--identity: %v", err))
	}
	now := time.Now()
	if q.at != "" {
		var err error
		if now, err = time.Parse(time.RFC3339, q.at); err != nil {
			return fail(fmt.Errorf("--now: %v", err))
		}
	}
	var packBytes []byte
	switch {
	case q.envelope != "" && q.keyFile != "":
		trusted, err := readPublicKeys(q.keyFile)
		if err != nil {
			return fail(err)
		}
		env, err := os.ReadFile(q.envelope)
		if err != nil {
			return fail(err)
		}
		// the officers in force now, even in a pack whose envelope has
		// since expired: what matters is who the organisation signed
		v := envelope.Verifier{Pinned: trusted, Now: time.Now()}
		o, err := v.Open(env)
		if errors.Is(err, envelope.ErrExpired) {
			o, err = (&envelope.Verifier{Pinned: trusted, Now: time.Unix(1, 0)}).Open(env)
		}
		if err != nil {
			return fail(fmt.Errorf("%s: refused (%s): %w", q.envelope, envelope.Code(err), err))
		}
		packBytes = o.Pack
	case q.packFile != "":
		data, err := os.ReadFile(q.packFile)
		if err != nil {
			return fail(err)
		}
		packBytes = data
	default:
		return fail(errors.New("name the officers to check the request against: --envelope FILE --key FILE (the signed pack) or --pack FILE; `age -d -i KEY` reads a file with no checks at all"))
	}
	p, err := classifier.ParsePack(packBytes)
	if err != nil {
		return fail(fmt.Errorf("the pack: %w", err))
	}
	if p.Queue == nil || len(p.Queue.Officers) == 0 {
		return fail(queue.ErrNoOfficers)
	}
	data, err := os.ReadFile(itemFile)
	if err != nil {
		return fail(err)
	}
	var item queue.Item
	if err := classifier.DecodeJSON(bytes.TrimSpace(data), item.UnmarshalEasyJSON); err != nil {
		return fail(fmt.Errorf("%s: not a queue item (GET /v1/queue/ID): %w", itemFile, err))
	}
	if item.File == "" {
		return fail(fmt.Errorf("%s: the item holds no request file (decided items keep only the decision)", itemFile))
	}
	return &item, []string{idText.String()}, p.Queue, now, p.Queue.Keys(), nil
}

func (q *queueFlags) open(itemFile string) (*queue.Request, *classifier.Queue, error) {
	item, idText, pq, now, officers, err := q.load(itemFile)
	if err != nil {
		return nil, nil, err
	}
	ids, _ := crypt.ParseIdentities(idText[0])
	r, err := crypt.Open(item.File, &item.Meta, ids, officers, now)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: refused (%s): %w", itemFile, queue.Code(err), err)
	}
	return r, pq, nil
}

// scrubs queue decrypt --identity FILE (--envelope ENV --key PUB | --pack PACK) [--json] ITEM.json
func cmdQueueDecrypt(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("queue decrypt", flag.ContinueOnError)
	var q queueFlags
	q.register(fs)
	asJSON := fs.Bool("json", false, "print the request as JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("queue decrypt takes one ITEM file (the JSON of GET /v1/queue/ID)")
	}
	r, pq, err := q.open(fs.Arg(0))
	if err != nil {
		return err
	}
	if *asJSON {
		var w jwriter.Writer
		r.MarshalEasyJSON(&w)
		b, err := w.BuildBytes()
		if err != nil {
			return err
		}
		_, err = stdout.Write(append(b, '\n'))
		return err
	}
	printRequest(stdout, r, pq)
	return nil
}

func printRequest(w io.Writer, r *queue.Request, pq *classifier.Queue) {
	day := func(t int64) string { return time.Unix(t, 0).UTC().Format("2006-01-02 15:04 UTC") }
	staff := r.Staff
	if staff == "" {
		staff = "(not named by policy)"
	}
	mode := r.Mode
	if mode == "" {
		mode = "post"
	}
	fmt.Fprintf(w, "request %s: checked (encrypted to the signed pack's officers, matches its item)\n", r.ID)
	fmt.Fprintf(w, "from:     %s\n", staff)
	fmt.Fprintf(w, "where:    %s, a %s\n", r.Site, mode)
	fmt.Fprintf(w, "verdict:  %s (%s)\n", r.Verdict, strings.Join(r.Kinds, ", "))
	fmt.Fprintf(w, "asked:    %s; expires %s\n", day(r.Created), day(r.Expires))
	var names []string
	for _, o := range pq.Officers { // in the pack's order
		if slices.Contains(r.Recipients, o.Key) {
			names = append(names, o.Name)
		}
	}
	fmt.Fprintf(w, "readers:  %s\n", strings.Join(names, ", "))
	if r.Note != "" {
		fmt.Fprintf(w, "note:     %s\n", r.Note)
	}
	if r.ReplyingTo != "" {
		fmt.Fprintf(w, "\nreplying to:\n%s\n", indent(r.ReplyingTo))
	}
	fmt.Fprintf(w, "\ndraft:\n%s\n", indent(r.Draft))
	if len(r.Findings) > 0 {
		fmt.Fprintf(w, "\nfindings:\n")
		u := utf16Slicer(r.Draft)
		for _, f := range r.Findings {
			fmt.Fprintf(w, "  %-22s %q  %s\n", f.Kind, u(f.Start, f.End), f.Reason)
		}
	}
}

func indent(s string) string {
	return "  " + strings.ReplaceAll(s, "\n", "\n  ")
}

// utf16Slicer cuts s by UTF-16 offsets, as findings give them.
func utf16Slicer(s string) func(start, end int) string {
	var idx []int // byte offset of each UTF-16 unit
	for i, r := range s {
		idx = append(idx, i)
		if r >= 0x10000 {
			idx = append(idx, i)
		}
	}
	idx = append(idx, len(s))
	return func(start, end int) string {
		if start < 0 || end < start || end >= len(idx) {
			return ""
		}
		return s[idx[start]:idx[end]]
	}
}

// scrubs queue decide --identity FILE (--envelope ENV --key PUB | --pack PACK) --officer NAME
//
//	(--approve | --reject | --rewrite FILE) [--comment TEXT] ITEM.json
//
// Prints the body for POST /v1/queue/ID/decision: the decision encrypted
// to the request's reply key, and its clear metadata.
func cmdQueueDecide(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("queue decide", flag.ContinueOnError)
	var q queueFlags
	q.register(fs)
	approve := fs.Bool("approve", false, "approve the draft as it is")
	reject := fs.Bool("reject", false, "reject it")
	rewriteFile := fs.String("rewrite", "", "suggest the text in `FILE` instead (it is approved as written)")
	comment := fs.String("comment", "", "a comment for the staff member")
	officer := fs.String("officer", "", "your `NAME` as the pack's queue.officers gives it (default: the name of the key that opened the request)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	n := 0
	for _, b := range []bool{*approve, *reject, *rewriteFile != ""} {
		if b {
			n++
		}
	}
	if fs.NArg() != 1 || n != 1 {
		return fmt.Errorf("queue decide takes one of --approve, --reject or --rewrite FILE, and one ITEM file")
	}
	r, pq, err := q.open(fs.Arg(0))
	if err != nil {
		return err
	}
	outcome, rewrite := queue.Approved, ""
	switch {
	case *reject:
		outcome = queue.Rejected
	case *rewriteFile != "":
		data, err := os.ReadFile(*rewriteFile)
		if err != nil {
			return err
		}
		outcome, rewrite = queue.Rewrite, strings.TrimRight(string(data), "\n")
	}
	name := *officer
	if name == "" {
		for _, idFile := range q.identity {
			data, _ := os.ReadFile(idFile)
			if ids, err := crypt.ParseIdentities(string(data)); err == nil {
				for _, id := range ids {
					if o, ok := pq.Officer(id.Recipient().String()); ok {
						name = o.Name
					}
				}
			}
		}
	}
	if name == "" {
		return errors.New("--officer NAME: your key is not one of the pack's officers")
	}
	file, meta, err := crypt.Decide(r, outcome, name, *comment, rewrite, time.Now())
	if err != nil {
		return err
	}
	body := queue.DecisionItem{DecisionMeta: meta, File: file}
	var w jwriter.Writer
	body.MarshalEasyJSON(&w)
	b, err := w.BuildBytes()
	if err != nil {
		return err
	}
	_, err = stdout.Write(append(b, '\n'))
	return err
}
