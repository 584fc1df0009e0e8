//go:build unix

package store

import (
	"path/filepath"
	"syscall"
)

// diskFull reports whether the file system holding path has (almost) no
// space left for an unprivileged writer, and how many bytes it has. SQLite
// reports a full disk as SQLITE_FULL on writes but as a plain I/O error
// when it cannot grow the shared-memory file on a read, so ally asks the
// file system instead of trusting the code.
func diskFull(path string) (bool, int64) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(filepath.Dir(path), &st); err != nil {
		return false, 0
	}
	free := int64(st.Bavail) * int64(st.Bsize)
	return free < 64<<10, free
}
