// Command assets fills the Workers build's static-assets directory with
// the repository files the pages serve (pages.Files: the classifier
// module, its loader, the extension's content and shared code) and the
// extension's built packages, when built (extpkg.Files: the zips the
// Worker serves as the CRX, signed with its SCRUBS_EXTENSION_KEY, and the
// .xpi), at their paths in the repository. A Worker script cannot carry them (the module
// alone is 7.6 MB); the Worker reads them back through its ASSETS binding
// and serves them with the same handler as the native server, which reads
// them from the repository.
//
//	go run ./server/workers/assets -root . -o server/workers/build/assets
//
// The directory is emptied first, so nothing else is ever published; one
// that holds anything this command does not write is refused, not emptied.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"

	"github.com/scrubs/scrubs/server/extpkg"
	"github.com/scrubs/scrubs/server/pages"
)

func main() {
	root := flag.String("root", ".", "the repository `directory`")
	out := flag.String("o", "server/workers/build/assets", "the assets `directory` (replaced)")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("assets: ")
	n, size, err := copyServed(os.DirFS(*root), *out)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("   %s: %d files, %d KiB\n", *out, n, size/1024)
}

func copyServed(repo fs.FS, out string) (n int, size int64, err error) {
	files, err := pages.Files(repo)
	if err != nil {
		return 0, 0, fmt.Errorf("%w (scripts/build-wasm makes the module)", err)
	}
	for _, f := range extpkg.Files {
		if _, err := fs.Stat(repo, f); err != nil {
			// A Worker without them answers /extension/ with a 404 that
			// says to build; the pages need nothing of them.
			log.Printf("%s is not built (scripts/build-extension): the Worker will not serve the extension's packages", f)
			continue
		}
		files = append(files, f)
	}
	if err := replaceable(out); err != nil {
		return 0, 0, err
	}
	if err := os.RemoveAll(out); err != nil {
		return 0, 0, err
	}
	for _, f := range files {
		data, err := fs.ReadFile(repo, f)
		if err != nil {
			return 0, 0, err
		}
		dst := filepath.Join(out, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return 0, 0, err
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			return 0, 0, err
		}
		size += int64(len(data))
	}
	return len(files), size, nil
}

// replaceable refuses an out that holds more than a previous run wrote
// (a mistyped -o must not empty the repository).
func replaceable(out string) error {
	entries, err := os.ReadDir(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Name() != "wasm" && e.Name() != "extension" {
			return fmt.Errorf("%s holds %s, which this command did not write: not emptying it", out, e.Name())
		}
	}
	return nil
}
