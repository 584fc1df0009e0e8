package app

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
)

// FuzzImport imports each input into a real SQLite database (store.Open, no
// mocks) and checks the import's promises: no panic; success, or an
// *ally.Error that is EINVALID or ECONFLICT (never internal, exit 1); on
// failure no workspace added and the current workspace unchanged; on
// success, the workspace's export imports again (into a database that is no
// longer empty, so with new ids) and exports the same content.
//
// One database serves every input of a fuzzing process; each input starts
// with it empty (so that the import keeps the file's ids, as a restore
// does) and leaves it empty.
//
//	go test ./app -run '^$' -fuzz FuzzImport -fuzztime 150s
func FuzzImport(f *testing.F) {
	f.Add([]byte(smallDump))
	f.Add([]byte("\ufeff" + smallDump))
	for _, s := range brokenDumps {
		f.Add([]byte(s))
	}
	f.Add(fullExport(f))
	// Valid variants of the small dump, so that mutations start from files
	// that reach the writes: a committee, imported mail, every setting.
	for _, r := range [][2]string{
		{`"rule": {"kind": "consensus", "vetoes": [2]}`, `"rule": {"kind": "committee", "quota": 2, "weights": {"1": 1, "2": 1.5}}`},
		{`"source": "manual"}`, `"source": "email", "external_id": "<m1@x.org>"}`},
		{`"settings": {"tie.cadence.ally": "30d"}`, `"settings": {"clock": "2024-02-01T00:00:00Z", "tie.half_life": "60d", "tie.cadence.key-ally": "2w", "tie.cadence.prospect": "none"}`},
	} {
		f.Add([]byte(strings.Replace(smallDump, r[0], r[1], 1)))
	}

	db, err := store.Open(bg, filepath.Join(f.TempDir(), "ally.db"), true)
	if err != nil {
		f.Fatal(err)
	}
	db.Now = func() time.Time { return exportNow }
	f.Cleanup(func() { db.Close() })

	f.Fuzz(func(t *testing.T, data []byte) {
		defer clearDB(t, db)
		d, err := ReadDump("fuzz.json", data)
		if err != nil {
			wantKind(t, "ReadDump", err, ally.EINVALID)
			return
		}
		w, err := Import(bg, db, d, ImportOptions{})
		if err != nil {
			wantKind(t, "Import", err, ally.EINVALID, ally.ECONFLICT)
			if ws := ok(db.FindWorkspaces(bg))(t); len(ws) != 0 {
				t.Fatalf("a failed import (%v) left workspace %q", err, ws[0].Name)
			}
			if cur := ok(db.Meta(bg, MetaCurrent))(t); cur != "" {
				t.Fatalf("a failed import (%v) set the current workspace to %q", err, cur)
			}
			return
		}
		first := exportJSON(t, db, w.Name)
		again, err := ReadDump("again.json", first)
		if err != nil {
			t.Fatalf("the export of an imported file does not read: %v\n%s", err, first)
		}
		if _, err := Import(bg, db, again, ImportOptions{As: w.Name + " again"}); err != nil {
			t.Fatalf("the export of an imported file does not import: %v\n%s", err, first)
		}
		second := ok(ReadDump("second.json", exportJSON(t, db, w.Name+" again")))(t)
		second.Workspace.Name = again.Workspace.Name
		if a, b := normalise(t, again), normalise(t, second); !bytes.Equal(a, b) {
			t.Fatalf("export → import → export changed the content:\n%s", lineDiff(a, b))
		}
	})
}

// fullExport is the export of buildWorkspace: every kind of row.
func fullExport(tb testing.TB) []byte {
	db := mustDB(tb)
	buildWorkspace(tb, db)
	return exportJSON(tb, db, "team")
}

// wantKind fails unless err is an *ally.Error of one of the codes.
func wantKind(t *testing.T, what string, err error, codes ...string) {
	t.Helper()
	var e *ally.Error
	if !errors.As(err, &e) {
		t.Fatalf("%s failed with %T %v, want an *ally.Error (%s)", what, err, err, strings.Join(codes, " or "))
	}
	for _, c := range codes {
		if e.Code == c {
			return
		}
	}
	t.Fatalf("%s failed with code %s: %v; want %s", what, e.Code, err, strings.Join(codes, " or "))
}

// clearDB deletes every workspace and the current-workspace setting, so
// that the next input starts with an empty database.
func clearDB(t *testing.T, db *store.DB) {
	for _, w := range ok(db.FindWorkspaces(bg))(t) {
		if err := db.DeleteWorkspace(bg, w.ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SetMeta(bg, MetaCurrent, ""); err != nil {
		t.Fatal(err)
	}
}
