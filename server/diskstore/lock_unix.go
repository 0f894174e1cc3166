//go:build unix

package diskstore

import (
	"fmt"
	"os"
	"syscall"
)

// lockDir takes an exclusive lock on name, so two servers never share a
// store. The kernel drops it when the process dies, even by kill -9.
func lockDir(name string) (func(), error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: another server is using this data directory", name)
	}
	return func() { f.Close() }, nil
}
