package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/scrubs/scrubs/classifier"
)

// draftEngine classifies one draft and returns the result as one line of
// JSON, so the native engine and the WebAssembly module are compared byte
// for byte.
type draftEngine interface {
	ClassifyJSON(draft []byte) ([]byte, error)
}

type nativeEngine struct{ e *classifier.Engine }

func (n nativeEngine) ClassifyJSON(draft []byte) ([]byte, error) {
	d, err := classifier.ParseDraft(draft)
	if err != nil {
		return nil, err
	}
	return n.e.Classify(d).MarshalJSON()
}

// packFlags are the flags every command that classifies shares.
type packFlags struct {
	org, pack string
}

func (f *packFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.org, "org", "", "organisation profile `FILE` (JSON: name, aliases, phones, faxes, emails, addresses, websites, staff)")
	fs.StringVar(&f.pack, "pack", "", "rule pack `FILE` (default: the built-in rules)")
}

// packJSON returns the pack the flags describe as JSON, for engines that
// take it across a boundary.
func (f *packFlags) packJSON() ([]byte, error) {
	p, err := f.load()
	if err != nil {
		return nil, err
	}
	return p.MarshalJSON()
}

// load reads the pack and organisation the flags name.
func (f *packFlags) load() (*classifier.Pack, error) {
	var p *classifier.Pack
	if f.pack != "" {
		data, err := os.ReadFile(f.pack)
		if err != nil {
			return nil, err
		}
		if p, err = classifier.ParsePack(data); err != nil {
			return nil, fmt.Errorf("%s: %w", f.pack, err)
		}
	} else {
		p = &classifier.Pack{Schema: classifier.PackSchema, Name: "built-in rules", Base: "default"}
	}
	if f.org != "" {
		data, err := os.ReadFile(f.org)
		if err != nil {
			return nil, err
		}
		var org classifier.Org
		if err := org.UnmarshalJSON(data); err != nil {
			return nil, fmt.Errorf("%s: %w", f.org, err)
		}
		cp := *p
		cp.Org = org
		p = &cp
	}
	return p, nil
}

// engine compiles the pack the flags describe.
func (f *packFlags) engine() (*classifier.Engine, error) {
	if f.pack == "" && f.org == "" {
		return classifier.Default(), nil
	}
	p, err := f.load()
	if err != nil {
		return nil, err
	}
	return classifier.Compile(p)
}
