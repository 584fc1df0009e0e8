package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestAnalyzeIsolated: `analyze --graph … --labels …` with rows naming
// people who have no edge succeeds (it said "node 7 is not in the graph"):
// the summary line counts them, a note says the table added them, the
// CSV has a row for each and the JSON summary their number (issue 10, §5).
func TestAnalyzeIsolated(t *testing.T) {
	const dir = "../network/testdata/isolated/"
	db := filepath.Join(t.TempDir(), "none.db")
	args := []string{"analyze", "--graph", dir + "hand.txt", "--labels", dir + "hand.labels.tsv", "--groups", "department"}
	out, errs, code := run(t, db, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	first, _, _ := strings.Cut(out, "\n")
	if want := "hand.txt: 10 people (2 without ties), 7 ties (undirected), 4 components"; !strings.HasSuffix(first, want) {
		t.Errorf("summary line %q, want …%q", first, want)
	}
	if !strings.Contains(out, "note: hand.labels.tsv adds 2 people with no tie in hand.txt (analysed without ties)") {
		t.Errorf("no note on the people the table added:\n%s", out)
	}

	out, errs, code = run(t, db, append(args, "--csv")...)
	if code != 0 {
		t.Fatalf("--csv: exit %d: %s", code, errs)
	}
	var hal string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "7,") {
			hal = line
		}
	}
	if !strings.Contains(hal, "Hal") || !strings.Contains(hal, "Ops") {
		t.Errorf("--csv: Hal's row %q in\n%s", hal, out)
	}

	out, errs, code = run(t, db, append([]string{"--json"}, args...)...)
	if code != 0 {
		t.Fatalf("--json: exit %d: %s", code, errs)
	}
	var rep struct {
		Graph struct{ Nodes, Isolated int }
		Nodes []map[string]any
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("--json: %v\n%s", err, out)
	}
	if rep.Graph.Nodes != 10 || rep.Graph.Isolated != 2 || len(rep.Nodes) != 10 {
		t.Errorf("--json: graph %+v, %d node rows", rep.Graph, len(rep.Nodes))
	}
}
