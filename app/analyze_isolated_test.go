package app

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/allyhq/ally"
)

// isolatedDir holds network's reference graphs with people who have no
// tie, and igraph's values on them (its SOURCE.md says how they were made).
const isolatedDir = "../network/testdata/isolated/"

// TestAnalyzeIsolated: a node table naming people with no edge (issue 10,
// §5) is analysed rather than refused: they are nodes, the summary counts
// them and a note says the table added them, every metric has a value
// for them (igraph's: closeness and constraint none), the groups and the
// meeting plan include them, and the JSON report holds them.
func TestAnalyzeIsolated(t *testing.T) {
	in := DefaultAnalyzeInput()
	in.Source.File, in.Labels = isolatedDir+"hand.txt", isolatedDir+"hand.labels.tsv"
	in.Groups, in.PlanMeetings = "department", true
	rep := ok(Analyze(bg, in, nil))(t)
	if s := rep.Graph; s.Nodes != 10 || s.Edges != 7 || s.Isolated != 2 || s.Components != 4 {
		t.Errorf("summary %+v, want 10 nodes, 7 edges, 2 isolated, 4 components", s)
	}
	if !strings.Contains(strings.Join(rep.Notes, "\n"), "hand.labels.tsv adds 2 people with no tie in hand.txt") {
		t.Errorf("notes %q", rep.Notes)
	}
	g := rep.Nodes.Graph
	col := map[string]int{}
	for i, c := range rep.Nodes.Columns {
		col[c.Name] = i
	}
	hal, found := g.Index("7")
	if !found || g.Attr("name", hal) != "Hal" || g.Attr("department", hal) != "Ops" {
		t.Fatalf("Hal: node %d %v, %q %q", hal, found, g.Attr("name", hal), g.Attr("department", hal))
	}
	// igraph's values for Hal (network/testdata/isolated/hand.tsv); his
	// component is numbered in node order, the table's Kim (10) before him.
	for name, want := range map[string]any{"degree": 0, "pagerank": 0.01807228916, "betweenness": 0.0, "harmonic": 0.0,
		"closeness": nil, "constraint": nil, "effective_size": nil, "coreness": 0, "component": 3} {
		got := rep.Nodes.Value(col[name], hal)
		if f, isF := got.(float64); isF {
			if w, _ := want.(float64); math.Abs(f-w) > 1e-6 {
				t.Errorf("Hal's %s = %v, igraph %v", name, got, want)
			}
		} else if got != want {
			t.Errorf("Hal's %s = %v, igraph %v", name, got, want)
		}
	}
	comm := rep.Nodes.Columns[col["community"]].Int
	for i := range comm {
		if i != hal && comm[i] == comm[hal] {
			t.Errorf("Hal shares community %d with %s", comm[hal], g.Label(i))
		}
	}
	people := 0
	for _, gs := range rep.Silos.Groups {
		people += gs.Size
	}
	if people != 10 {
		t.Errorf("the groups hold %d people, want 10", people)
	}
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"isolated":2`) || !strings.Contains(string(b), `"name":"Hal"`) {
		t.Errorf("JSON report: %.300s", b)
	}

	// Without the table the graph file's people are all there is; a
	// table none of whose ids is the graph's is refused, not read as a
	// crowd of people without ties.
	in.Labels, in.Groups, in.PlanMeetings = "", "", false
	if s := ok(Analyze(bg, in, nil))(t).Graph; s.Nodes != 8 || s.Isolated != 0 {
		t.Errorf("without labels: %+v", s)
	}
	byName := filepath.Join(t.TempDir(), "by-name.csv")
	if err := os.WriteFile(byName, []byte("name,department\nAnn,Sales\nBob,Eng\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	in.Source.File, in.Labels = "testdata/analyze/karate.txt", byName
	_, err = Analyze(bg, in, nil)
	wantErr(t, err, ally.EINVALID, "none of the", "rows names a node of the graph")
}
