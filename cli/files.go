package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/allyhq/ally"
)

// writeFile writes what write produces to the file at path, readable by
// its owner alone (os.CreateTemp makes it 0600: exports hold private
// notes), through a temporary file beside it that is synced and renamed
// into place, so that a failed write leaves no partial file and the old
// one whole. A path that is not a regular file (a FIFO, /dev/stdout) is
// written in place; a symbolic link is followed, so the link stays.
func writeFile(path string, write func(io.Writer) error) error {
	target := path
	if st, err := os.Stat(path); err == nil {
		if !st.Mode().IsRegular() {
			fh, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
			if err != nil {
				return ally.Errorf(ally.EINVALID, "%s: %v", path, err)
			}
			err = write(fh)
			if cerr := fh.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return fmt.Errorf("write %s: %w", path, err)
			}
			return nil
		}
		if t, err := filepath.EvalSymlinks(path); err == nil {
			target = t
		}
	}
	// os.CreateTemp creates the file 0600.
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".*.tmp")
	if err != nil {
		return ally.Errorf(ally.EINVALID, "%s: %v", path, err)
	}
	err = write(tmp)
	if err == nil {
		err = tmp.Sync() // the data is on disk before the name points at it
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), target)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
