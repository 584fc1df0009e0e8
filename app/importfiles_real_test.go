package app

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestImportRealFiles: every real file in ../shared/data imports without
// a crash (--skip-bad lists the broken-on-purpose records), and importing
// them all again creates nothing: the external ids are stable on real
// data. The readers' own tests compare what each file holds with Python's
// readers.
func TestImportRealFiles(t *testing.T) {
	root := filepath.Join("..", "..", "shared", "data")
	if _, err := os.Stat(root); err != nil {
		t.Skip("../shared/data is not beside the repository (CI has it): the real files cannot be read")
	}
	find := func(dir, ext string) []string {
		var out []string
		filepath.WalkDir(filepath.Join(root, dir), func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (ext == "" || filepath.Ext(p) == ext) {
				out = append(out, p)
			}
			return nil
		})
		return out
	}
	a := importApp(t)
	runs := []FileImport{
		{Kind: ImportVCard, Files: find("vcard", ".vcf")},
		// The test calendars span decades: a window around all of them.
		{Kind: ImportICS, Files: find("ics", ".ics"), From: time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)},
		{Kind: ImportMail, Files: []string{filepath.Join(root, "mbox"), filepath.Join(root, "mail-rfc822"), filepath.Join(root, "enron-mbox")}, All: true},
	}
	for _, in := range runs {
		in.SkipBad = true
		if len(in.Files) == 0 {
			t.Fatalf("%s: no files found", in.Kind)
		}
		first, err := a.ImportFiles(bg, in)
		if err != nil {
			t.Fatalf("%s: %v", in.Kind, err)
		}
		if first.PeopleCreated == 0 {
			t.Errorf("%s: nobody arrived: %+v", in.Kind, first)
		}
		if in.Kind != ImportVCard && first.InteractionsCreated == 0 {
			t.Errorf("%s: no interactions arrived: %+v", in.Kind, first)
		}
		again, err := a.ImportFiles(bg, in)
		if err != nil {
			t.Fatalf("%s again: %v", in.Kind, err)
		}
		if again.PeopleCreated != 0 || again.InteractionsCreated != 0 || again.InteractionsUpdated != 0 {
			t.Errorf("%s again: %+v, want nothing new", in.Kind, again)
		}
		t.Logf("%s: %d files, %d people, %d interactions, %d skipped", in.Kind, first.Files, first.PeopleCreated, first.InteractionsCreated, len(first.Skipped))
	}
}
