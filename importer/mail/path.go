package mail

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/allyhq/ally/importer"
)

// ReadPath reads a file (as Read does), or a directory: a maildir (its
// cur/ and new/; tmp/ holds messages still being delivered and is left
// out), a tree of maildirs (Maildir++ ".Folder" subdirectories included)
// or any directory of message and mbox files, recursively, in sorted
// order so that two reads of one tree emit the same sequence. Files of a
// directory that are not mail (maildir index files, a list of names) are
// passed over and counted in Stats.NotMail; a file named on its own that
// is not mail is a bad record. Symbolic links are not followed. Positions
// name each file as path joined with its place under it.
func ReadPath(path string, opt Options, emit func(importer.Interaction) error) (Stats, error) {
	info, err := os.Stat(path)
	if err != nil {
		return Stats{}, fmt.Errorf("read mail: %w", err)
	}
	if !info.IsDir() {
		return readFile(path, false, opt, emit)
	}
	var st Stats
	var rd *reader // one reader for every file, its buffers reused
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("read mail: %w", err)
		}
		if d.IsDir() {
			if p != path && d.Name() == "tmp" && isMaildir(filepath.Dir(p)) {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		if rd == nil {
			rd = newReader(nil, "", opt, emit)
			rd.inDir = true
		}
		fst, err := readFileWith(rd, p)
		st.add(fst)
		return err
	})
	return st, err
}

// isMaildir reports whether dir has the cur/ and new/ of a maildir.
func isMaildir(dir string) bool {
	for _, sub := range []string{"cur", "new"} {
		if fi, err := os.Stat(filepath.Join(dir, sub)); err != nil || !fi.IsDir() {
			return false
		}
	}
	return true
}

// readFile reads one file; inDir says it was found in a directory walk.
func readFile(p string, inDir bool, opt Options, emit func(importer.Interaction) error) (Stats, error) {
	rd := newReader(nil, "", opt, emit)
	rd.inDir = inDir
	return readFileWith(rd, p)
}

// readFileWith reads the file p with rd, reset for it.
func readFileWith(rd *reader, p string) (Stats, error) {
	f, err := os.Open(p)
	if err != nil {
		return Stats{}, fmt.Errorf("read mail: %w", err)
	}
	defer f.Close()
	rd.reset(f, p)
	err = rd.run()
	if rd.notMail {
		rd.st.NotMail++
	} else {
		rd.st.Files = 1
	}
	return rd.st, err
}
