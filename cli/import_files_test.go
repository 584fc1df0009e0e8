package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestImportFilesCommands: a bad file exits 4 naming the file and line and
// writes nothing; --json gives the summary the issue names; the text says
// what to run next; a re-run creates nothing.
func TestImportFilesCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ally.db")
	mustRun(t, db, "init", "--me", "Mia Chen", "--email", "mia@acme.org")
	good := filepath.Join(dir, "people.vcf")
	bad := filepath.Join(dir, "broken.vcf")
	os.WriteFile(good, []byte("BEGIN:VCARD\nVERSION:3.0\nFN:Jane Doe\nEMAIL:jane@example.com\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:Jan Doe\nEMAIL:jan@example.com\nEND:VCARD\n"), 0o600)
	os.WriteFile(bad, []byte("BEGIN:VCARD\nVERSION:3.0\nFN:Kim Ito\nEND:VCARD\nBEGIN:VCARD\nFN\nEND:VCARD\n"), 0o600)

	_, errs, code := run(t, db, "import", "vcard", good, bad)
	if code != 4 || !strings.Contains(errs, "broken.vcf:6") || !strings.Contains(errs, "--skip-bad") {
		t.Errorf("bad file: exit %d, %q; want 4 naming broken.vcf:6 and --skip-bad", code, errs)
	}
	if out := mustRun(t, db, "person", "list"); strings.Contains(out, "Jane") {
		t.Errorf("a failed import wrote people:\n%s", out)
	}
	out := mustRun(t, db, "--json", "import", "vcard", "--skip-bad", good, bad)
	var sum map[string]any
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("--json: %v\n%s", err, out)
	}
	for _, k := range []string{"files", "people_created", "people_matched", "interactions_created", "interactions_updated", "interactions_existing", "skipped", "duplicates_suggested"} {
		if _, ok := sum[k]; !ok {
			keys := make([]string, 0, len(sum))
			for k := range sum {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			t.Errorf("summary lacks %q (has %v)", k, keys)
		}
	}
	if sum["people_created"] != 3.0 || sum["files"] != 2.0 {
		t.Errorf("summary: %v", sum)
	}
	skipped, _ := sum["skipped"].([]any)
	if len(skipped) != 1 || !strings.Contains(skipped[0].(map[string]any)["file"].(string), "broken.vcf") {
		t.Errorf("skipped: %v", sum["skipped"])
	}
	text := mustRun(t, db, "import", "vcard", good)
	if !strings.Contains(text, "0 people new, 2 people matched") || !strings.Contains(text, "Next:") {
		t.Errorf("re-run:\n%s", text)
	}
	if out := mustRun(t, db, "import", "vcard", "--dry-run", good); !strings.Contains(out, "dry run, nothing written") {
		t.Errorf("dry run:\n%s", out)
	}
	if _, errs, code := run(t, db, "import", "ics", filepath.Join(dir, "none.ics")); code != 3 || !strings.Contains(errs, "none.ics") {
		t.Errorf("a missing file: exit %d, %q; want 3 naming it", code, errs)
	}
}
