//go:build !unix

package store

// diskFull cannot ask the file system on this platform; SQLITE_FULL still
// says so on writes.
func diskFull(path string) (bool, int64) { return false, 0 }
