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

// scrubs pack keygen FILE
//
// Writes a new private key to FILE (mode 0600) and prints its public key.
func cmdPackKeygen(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("pack keygen", flag.ContinueOnError)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("pack keygen takes one FILE to write the private key to")
	}
	key, err := envelope.GenerateKey(nil)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(fs.Arg(0), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
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
	fmt.Fprintln(stdout, key.Public().String())
	return nil
}

// scrubs pack root --version N --keys FILE --sign KEY... [--threshold T] [--min-pack-version M] [--expires 8760h]
//
// Writes a signed root (a key set that replaces the one in force) to
// stdout. For a rotation, sign it with the key set in force and the new
// keys: --sign OLD.key --sign NEW.key.
func cmdPackRoot(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("pack root", flag.ContinueOnError)
	version := fs.Uint64("version", 0, "root version `N`; higher than the root in force (the pinned keys are version 0)")
	keysFile := fs.String("keys", "", "`FILE` of the public keys that may sign packs under this root, one per line")
	threshold := fs.Int("threshold", 1, "how many of the keys must sign this root and the next")
	minPack := fs.Uint64("min-pack-version", 0, "refuse packs below `M` once this root is in force (set it to the current version)")
	expires := fs.Duration("expires", 365*24*time.Hour, "how long the root can come into force")
	var signers multiFlag
	fs.Var(&signers, "sign", "private key `FILE` that signs the root (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 || *version == 0 || *keysFile == "" || len(signers) == 0 {
		return fmt.Errorf("pack root takes --version N, --keys FILE and at least one --sign FILE")
	}
	keys, err := readPublicKeys(*keysFile)
	if err != nil {
		return err
	}
	var ks []envelope.PrivateKey
	for _, name := range signers {
		k, err := readPrivateKey(name)
		if err != nil {
			return err
		}
		ks = append(ks, k)
	}
	root, err := envelope.KeySet{Version: *version, Expires: time.Now().Add(*expires), Threshold: *threshold, Keys: keys, MinPackVersion: *minPack}.Sign(ks...)
	if err != nil {
		return err
	}
	data, err := root.MarshalJSON()
	if err != nil {
		return err
	}
	_, err = stdout.Write(append(data, '\n'))
	return err
}

// scrubs pack sign --key FILE --version N [--expires 720h] [--root FILE]... PACK.json
func cmdPackSign(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("pack sign", flag.ContinueOnError)
	keyFile := fs.String("key", "", "private key `FILE` (scrubs-ed25519-secret:...)")
	version := fs.Uint64("version", 0, "pack version `N`; must be higher than any version published before")
	expires := fs.Duration("expires", 30*24*time.Hour, "how long the pack stays valid")
	var rootFiles multiFlag
	fs.Var(&rootFiles, "root", "root `FILE` from \"pack root\", oldest first (repeatable)")
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
	var roots []envelope.Root
	for _, name := range rootFiles {
		data, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		var r envelope.Root
		if err := r.UnmarshalJSON(bytes.TrimSpace(data)); err != nil {
			return fmt.Errorf("%s: not a root: %v", name, err)
		}
		roots = append(roots, r)
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
	env, err := envelope.Sign(pack, *version, now, now.Add(*expires), key, roots...)
	if err != nil {
		return err
	}
	_, err = stdout.Write(append(env, '\n'))
	return err
}

// scrubs pack verify --key FILE [--min-version N] [--revoked ID]... [--out PACK.json] ENVELOPE
func cmdPackVerify(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("pack verify", flag.ContinueOnError)
	keyFile := fs.String("key", "", "`FILE` of trusted public keys, one per line (scrubs-ed25519:...)")
	minVersion := fs.Uint64("min-version", 0, "refuse versions below `N`")
	out := fs.String("out", "", "write the verified pack to `FILE`")
	at := fs.String("now", "", "check expiry as of this RFC 3339 `time` instead of now")
	var revoked multiFlag
	fs.Var(&revoked, "revoked", "refuse the key with this `ID` (repeatable)")
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
	v := envelope.Verifier{Pinned: trusted, Revoked: revoked, MinVersion: *minVersion, Now: now}
	o, err := v.Open(env)
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
