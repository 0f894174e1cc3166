//go:build js && wasm

// Package assetfs reads the Worker's static assets (the [assets]
// directory in wrangler.toml, filled by server/workers/assets) as an
// fs.FS, through the assets binding, so the pages package serves them
// exactly as it serves the repository natively: the same allowlist, the
// same path checks, the same headers. wrangler.toml runs the Worker
// before the assets (run_worker_first), so no asset is served any other
// way.
//
// It calls the binding's fetch itself rather than through an
// http.Client: net/http's client would add about 1 MB (gzipped) to a
// Worker that is already near the size limit.
package assetfs

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"syscall/js"
	"time"
)

// FS reads files through an assets binding.
type FS struct{ binding js.Value }

// New reads through binding (cloudflare.GetBinding("ASSETS")).
func New(binding js.Value) *FS { return &FS{binding: binding} }

// ReadFile fetches name whole; fs.ReadFile uses it.
func (f *FS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) || name == "." {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrInvalid}
	}
	// The host is not looked at: the binding serves this Worker's assets.
	u := url.URL{Scheme: "https", Host: "assets.invalid", Path: "/" + name}
	init := js.Global().Get("Object").New()
	init.Set("redirect", "manual")
	resp, err := await(f.binding.Call("fetch", u.String(), init))
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	switch status := resp.Get("status").Int(); status {
	case 200:
	case 404:
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
	default:
		// A redirect (html_handling) or an error: not a file of ours.
		return nil, &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("assets answered %d", status)}
	}
	buf, err := await(resp.Call("arrayBuffer"))
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	arr := js.Global().Get("Uint8Array").New(buf)
	data := make([]byte, arr.Get("length").Int())
	js.CopyBytesToGo(data, arr)
	return data, nil
}

// await waits for a promise.
func await(promise js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	done := make(chan result, 1)
	then := js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- result{v: args[0]}
		return nil
	})
	defer then.Release()
	catch := js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- result{err: errors.New(js.Global().Get("String").Invoke(args[0]).String())}
		return nil
	})
	defer catch.Release()
	promise.Call("then", then, catch)
	r := <-done
	return r.v, r.err
}

// Open reads the file whole (the pages read every file whole anyway).
func (f *FS) Open(name string) (fs.File, error) {
	data, err := f.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return &file{Reader: bytes.NewReader(data), name: path.Base(name), size: int64(len(data))}, nil
}

type file struct {
	*bytes.Reader
	name string
	size int64
}

func (f *file) Stat() (fs.FileInfo, error) { return f, nil }
func (f *file) Close() error               { return nil }

func (f *file) Name() string       { return f.name }
func (f *file) Size() int64        { return f.size }
func (f *file) Mode() fs.FileMode  { return 0o444 }
func (f *file) ModTime() time.Time { return time.Time{} }
func (f *file) IsDir() bool        { return false }
func (f *file) Sys() any           { return nil }
