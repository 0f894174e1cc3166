package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/scrubs/scrubs/classifier"
	"github.com/scrubs/scrubs/classifier/envelope"
)

// scrubs pack keygen [--endorsed-by OLD.key] FILE
//
// Writes a new private key to FILE (mode 0600) and prints its public key.
// With --endorsed-by, the old key vouches for the new one: the endorsement
// is written to FILE.endorsement, for "pack sign --endorsement".
func cmdPackKeygen(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("pack keygen", flag.ContinueOnError)
	oldFile := fs.String("endorsed-by", "", "private key `FILE` of the current key, which vouches for the new one")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("pack keygen takes one FILE to write the private key to")
	}
	name := fs.Arg(0)
	var old envelope.PrivateKey
	if *oldFile != "" {
		var err error
		if old, err = readPrivateKey(*oldFile); err != nil {
			return err
		}
	}
	key, err := envelope.GenerateKey(nil)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintln(f, key.String()); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if !old.IsZero() {
		e, err := envelope.Endorse(key.Public(), old).MarshalJSON()
		if err != nil {
			return err
		}
		if err := os.WriteFile(name+".endorsement", append(e, '\n'), 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintln(stdout, key.Public().String())
	return nil
}

// scrubs pack sign --key FILE --version N [--expires 720h] [--endorsement FILE]... PACK.json
func cmdPackSign(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("pack sign", flag.ContinueOnError)
	keyFile := fs.String("key", "", "private key `FILE` (scrubs-ed25519-secret:...)")
	version := fs.Uint64("version", 0, "pack version `N`; must be higher than any version published before")
	expires := fs.Duration("expires", 30*24*time.Hour, "how long the pack stays valid")
	var endorsements multiFlag
	fs.Var(&endorsements, "endorsement", "endorsement `FILE` from \"pack keygen --endorsed-by\" (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 || *keyFile == "" || *version == 0 {
		return fmt.Errorf("pack sign takes --key FILE, --version N and one PACK file")
	}
	key, err := readPrivateKey(*keyFile)
	if err != nil {
		return err
	}
	var es []envelope.Endorsement
	for _, name := range endorsements {
		data, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		var e envelope.Endorsement
		if err := e.UnmarshalJSON(bytes.TrimSpace(data)); err != nil {
			return fmt.Errorf("%s: not an endorsement: %v", name, err)
		}
		es = append(es, e)
	}
	name := fs.Arg(0)
	pack, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	if err := validatePack(name, pack, stdout); err != nil {
		return err
	}
	now := time.Now()
	env, err := envelope.Sign(pack, *version, now, now.Add(*expires), key, es...)
	if err != nil {
		return err
	}
	_, err = stdout.Write(append(env, '\n'))
	return err
}

// scrubs pack verify --key FILE [--min-version N] [--out PACK.json] ENVELOPE
func cmdPackVerify(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("pack verify", flag.ContinueOnError)
	keyFile := fs.String("key", "", "`FILE` of trusted public keys, one per line (scrubs-ed25519:...)")
	minVersion := fs.Uint64("min-version", 0, "refuse versions below `N`")
	out := fs.String("out", "", "write the verified pack to `FILE`")
	at := fs.String("now", "", "check expiry as of this RFC 3339 `time` instead of now")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 || *keyFile == "" {
		return fmt.Errorf("pack verify takes --key FILE and one ENVELOPE file")
	}
	trusted, err := readPublicKeys(*keyFile)
	if err != nil {
		return err
	}
	now := time.Now()
	if *at != "" {
		if now, err = time.Parse(time.RFC3339, *at); err != nil {
			return fmt.Errorf("--now: %v", err)
		}
	}
	name := fs.Arg(0)
	env, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	o, err := envelope.Open(env, trusted, *minVersion, now)
	if err != nil {
		return fmt.Errorf("%s: refused (%s): %w", name, envelope.Code(err), err)
	}
	if *out != "" {
		if err := os.WriteFile(*out, o.Pack, 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "%s: ok: version %d, signed by %s, issued %s, expires %s, pack %d bytes\n",
		name, o.Version, o.KeyID, o.Issued.Format(time.RFC3339), o.Expires.Format(time.RFC3339), len(o.Pack))
	return nil
}

func validatePack(name string, pack []byte, stdout io.Writer) error {
	p, err := classifier.ParsePack(pack)
	if err == nil {
		_, err = classifier.Compile(p)
	}
	var ve *classifier.ValidationError
	if errors.As(err, &ve) {
		for _, pr := range ve.Problems {
			fmt.Fprintf(os.Stderr, "%s: %s: %s\n", name, pr.Path, pr.Message)
		}
		return fmt.Errorf("%s: %d problem(s); not signed", name, len(ve.Problems))
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

func readPrivateKey(name string) (envelope.PrivateKey, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return envelope.PrivateKey{}, err
	}
	k, err := envelope.ParsePrivateKey(string(data))
	if err != nil {
		return envelope.PrivateKey{}, fmt.Errorf("%s: %v", name, err)
	}
	return k, nil
}

// readPublicKeys reads public keys, one per line; blank lines and lines
// starting with # are skipped. A private key is accepted for its public
// half.
func readPublicKeys(name string) ([]envelope.PublicKey, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var keys []envelope.PublicKey
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, err := envelope.ParsePublicKey(line)
		if err != nil {
			priv, perr := envelope.ParsePrivateKey(line)
			if perr != nil {
				return nil, fmt.Errorf("%s:%d: %v", name, n, err)
			}
			k = priv.Public()
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%s: no public keys", name)
	}
	return keys, nil
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(s string) error { *m = append(*m, s); return nil }
