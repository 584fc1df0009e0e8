package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/allyhq/ally/internal/golden"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/internal/race"
	"github.com/allyhq/ally/network"
)

// goldenDir holds the reference graphs and what `ally analyze` printed on
// them before the analysis moved from cli to app (its README says how).
const goldenDir = "testdata/analyze"

// TestAnalyzeGolden: Analyze's report, marshalled as `ally --json analyze`
// marshals it, is byte for byte what ally printed before the analysis moved
// into app, for the same inputs typed rather than given as flags. The
// cases are cases.tsv's JSON ones; every JSON golden has a case here.
func TestAnalyzeGolden(t *testing.T) {
	def := DefaultAnalyzeInput()
	with := func(f func(*AnalyzeInput)) AnalyzeInput {
		in := def
		f(&in)
		return in
	}
	file := func(name string) GraphSource { return GraphSource{File: name} }
	cases := map[string]AnalyzeInput{
		"florentine.json": with(func(in *AnalyzeInput) { in.Source = file("florentine.txt") }),
		// --top and --sort shape the text table only.
		"florentine_labels.json": with(func(in *AnalyzeInput) {
			in.Source, in.Labels = file("florentine.txt"), "florentine.labels.tsv"
		}),
		"karate_plan.json": with(func(in *AnalyzeInput) {
			in.Source, in.Labels, in.Groups, in.PlanMeetings = file("karate.txt"), "karate.labels.tsv", "club", true
		}),
		"karate_groups.json": with(func(in *AnalyzeInput) {
			in.Source, in.Labels, in.Groups, in.Seed = file("karate.txt"), "karate.labels.tsv", "club", 3
		}),
		"karate_directed.json": with(func(in *AnalyzeInput) {
			in.Source = GraphSource{File: "karate.txt", Directed: true}
			in.Metrics = []string{"degree", "pagerank", "betweenness", "closeness", "harmonic"}
		}),
		"lesmis.json": with(func(in *AnalyzeInput) { in.Source = file("lesmis.txt") }),
		"lesmis_weighted.json": with(func(in *AnalyzeInput) {
			in.Source, in.Labels, in.Weighted = file("lesmis.txt"), "lesmis.labels.tsv", ptr(true)
			in.Metrics = []string{"core", "Leiden", "effsize", "components", "strength", "closeness"}
			in.Seed, in.Resolution, in.LeidenIterations = 7, 1.5, 3
		}),
		"davis_plan.json": with(func(in *AnalyzeInput) {
			in.Source, in.Labels, in.Groups, in.PlanMeetings = file("davis.txt"), "davis.labels.tsv", "bipartite", true
			in.Metrics, in.Exact = []string{"pagerank", "constraint"}, true
		}),
		"unknown_sort_json.json": with(func(in *AnalyzeInput) {
			in.Source, in.Metrics = file("florentine.txt"), []string{"degree"}
		}),
		// The rings, over the exact budget and the Leiden edge cap.
		"ring51k.json.sha256": with(func(in *AnalyzeInput) {
			in.Source, in.Weighted, in.Epsilon = file("ring51k.txt"), ptr(true), 0.2
		}),
		"ring51k_between.json.sha256": with(func(in *AnalyzeInput) {
			in.Source, in.Metrics = file("ring51k.txt"), []string{"betweenness", "degree"}
			in.Epsilon, in.Delta, in.Seed = 0.3, 0.2, 5
		}),
		"ring200k.json.sha256": with(func(in *AnalyzeInput) {
			in.Source, in.Metrics = file("ring200k.txt"), []string{"community"}
		}),
	}
	goldens, _ := filepath.Glob(filepath.Join(goldenDir, "*.json*"))
	if len(goldens) == 0 {
		t.Fatal("no goldens in " + goldenDir)
	}
	for _, path := range goldens {
		if _, ok := cases[filepath.Base(path)]; !ok {
			t.Errorf("%s has no case in TestAnalyzeGolden", path)
		}
	}
	dir, err := filepath.Abs(goldenDir)
	if err != nil {
		t.Fatal(err)
	}
	rings, written := t.TempDir(), false
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			// The paths are relative, as they were given to ally, because
			// the report names its source as given.
			if strings.HasPrefix(name, "ring") {
				if testing.Short() || race.Enabled {
					t.Skip("the rings take seconds, a minute under the race detector, and check bytes, not concurrency")
				}
				if !written {
					if err := golden.WriteRings(rings); err != nil {
						t.Fatal(err)
					}
					written = true
				}
				t.Chdir(rings)
			} else {
				t.Chdir(dir)
			}
			rep, err := Analyze(context.Background(), in, nil)
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			enc := json.NewEncoder(&b)
			enc.SetIndent("", "  ")
			if err := enc.Encode(rep); err != nil {
				t.Fatal(err)
			}
			got := b.Bytes()
			if base, ok := strings.CutSuffix(name, ".sha256"); ok {
				sum := sha256.Sum256(got)
				got = []byte(hex.EncodeToString(sum[:]) + "  " + base + "\n")
			}
			if !bytes.Equal(got, want) {
				t.Errorf("the report differs from %s:\n%s", name, golden.FirstDiff(string(got), string(want)))
			}
		})
	}
}

// ring returns a cycle of n nodes, built in memory.
func ring(t *testing.T, n int) *network.Graph {
	t.Helper()
	b := network.NewBuilder(false)
	for i := range n {
		b.AddNode(itoa(i), nil)
	}
	for i := range n {
		b.AddEdge(i, (i+1)%n, 1)
	}
	return ok(b.Build())(t)
}

// TestPlanMetrics: the metrics a request runs, against the exact budget.
func TestPlanMetrics(t *testing.T) {
	small, big := ring(t, 100), ring(t, 51000) // n × 2n: 2e4, 5.2e9
	all := slices.Clone(analyzeMetrics)
	noAllPairs := slices.DeleteFunc(slices.Clone(all), func(m string) bool { return m == "closeness" || m == "harmonic" })
	cases := []struct {
		name      string
		g         *network.Graph
		metrics   []string
		exact     bool
		want      []string
		allPairs  bool
		exactBetw bool
		note      string
	}{
		{"small: everything exact", small, nil, false, all, true, true, ""},
		{"big: sampled, no closeness", big, nil, false, noAllPairs, false, false, "graph too large for exact all-pairs metrics by default (51000 nodes × 102000 entries)"},
		{"big, exact", big, nil, true, all, true, true, ""},
		{"big, closeness named", big, []string{"closeness"}, false, []string{"closeness"}, true, false, ""},
		{"big, betweenness named: sampled", big, []string{"betweenness"}, false, []string{"betweenness"}, true, false, ""},
		{"big, betweenness named, exact", big, []string{"betweenness"}, true, []string{"betweenness"}, true, true, ""},
		{"aliases", small, []string{" K-Core", "leiden", "Components", "effective-size", "effsize", "communities", "core", "kcore"}, false,
			[]string{"coreness", "component", "effective_size", "community"}, true, true, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := planMetrics(c.g, c.metrics, c.exact)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range analyzeMetrics {
				if p.want[m] {
					got = append(got, m)
				}
			}
			slices.Sort(got)
			want := slices.Sorted(slices.Values(c.want))
			if !slices.Equal(got, want) {
				t.Errorf("metrics %v, want %v", got, want)
			}
			if p.allPairs != c.allPairs || p.exactBetweenness != c.exactBetw {
				t.Errorf("all-pairs %v, exact betweenness %v; want %v, %v", p.allPairs, p.exactBetweenness, c.allPairs, c.exactBetw)
			}
			if note := strings.Join(p.notes, "; "); (c.note == "") != (note == "") || !strings.Contains(note, c.note) {
				t.Errorf("notes %q, want %q", note, c.note)
			}
		})
	}
	for _, m := range []string{"bogus", "", "page rank"} {
		_, err := planMetrics(small, []string{"degree", m}, false)
		wantErr(t, err, ally.EUSAGE, fmt.Sprintf("unknown metric %q (known: degree, strength,", m))
	}
}

// TestLeidenIterations: until stable up to 200,000 edges, ten above, and
// what was asked for when something was.
func TestLeidenIterations(t *testing.T) {
	cases := []struct{ requested, edges, want int }{
		{0, 0, -1},
		{0, 200_000, -1},
		{0, 200_001, 10},
		{0, 10_000_000, 10},
		{-1, 10_000_000, -1},
		{3, 100, 3},
		{25, 10_000_000, 25},
	}
	for _, c := range cases {
		if got := leidenIterations(c.requested, c.edges); got != c.want {
			t.Errorf("leidenIterations(%d, %d) = %d, want %d", c.requested, c.edges, got, c.want)
		}
	}
}

// TestAnalyzeMemoryLimit: a limit given is the limit, a negative one none,
// and by default a share of the system's memory (none where it is not known).
func TestAnalyzeMemoryLimit(t *testing.T) {
	if got := (AnalyzeInput{MemoryLimit: 1 << 20}).memoryLimit(); got != 1<<20 {
		t.Errorf("given 1 MiB: %d", got)
	}
	if got := (AnalyzeInput{MemoryLimit: -1}).memoryLimit(); got != 0 {
		t.Errorf("given none: %d", got)
	}
	if got := (AnalyzeInput{}).memoryLimit(); got < 0 {
		t.Errorf("default: %d", got)
	}
}

// TestAnalyzeRefusesLeidenOverMemory: community detection estimated over
// the limit is refused before anything is computed; the other metrics run
// under the same limit. (A file that small would be refused as it is read:
// the reader's estimates start at 64 MiB.)
func TestAnalyzeRefusesLeidenOverMemory(t *testing.T) {
	var phases []string
	progress := func(phase string, done, total int) { phases = append(phases, phase) }
	in := DefaultAnalyzeInput()
	in.Source.Workspace, in.Metrics, in.MemoryLimit = smallWorkspace(t), []string{"pagerank", "community"}, 1<<10
	_, err := Analyze(bg, in, progress)
	wantErr(t, err, ally.EINVALID, "workspace: community detection on 4 nodes and 4 edges needs about", "over the 1 KiB available; leave community out")
	if len(phases) > 0 {
		t.Errorf("phases before the refusal: %q", phases)
	}
	in.Metrics = []string{"pagerank"}
	if rep, err := Analyze(bg, in, nil); err != nil || len(rep.Nodes.Columns) != 1 {
		t.Errorf("pagerank alone: %v", err)
	}
}

// TestAnalyzeProgress: each phase is announced once, in order, before its
// counts, and the counts of a phase stay within its total.
func TestAnalyzeProgress(t *testing.T) {
	t.Chdir(goldenDir)
	var phases []string
	busy := false
	progress := func(phase string, done, total int) {
		if busy {
			t.Error("progress called concurrently")
		}
		busy = true
		defer func() { busy = false }()
		switch {
		case done == 0 && total == 0:
			phases = append(phases, phase)
		case len(phases) == 0 || phases[len(phases)-1] != phase:
			t.Errorf("counts for %q, which was not announced (phases %q)", phase, phases)
		case done < 0 || done > total:
			t.Errorf("%s: %d of %d", phase, done, total)
		}
	}
	in := DefaultAnalyzeInput()
	in.Source = GraphSource{File: "karate.txt"}
	if _, err := Analyze(bg, in, progress); err != nil {
		t.Fatal(err)
	}
	want := []string{"loading karate.txt", "pagerank", "eigenvector", "betweenness", "closeness", "constraint", "communities (Leiden)"}
	if !slices.Equal(phases, want) {
		t.Errorf("phases %q, want %q", phases, want)
	}
}

// TestAnalyzeCancelled: a cancelled context stops the analysis with its
// error, which the CLI turns into EINTERRUPTED.
func TestAnalyzeCancelled(t *testing.T) {
	t.Chdir(goldenDir)
	ctx, cancel := context.WithCancel(bg)
	cancel()
	in := DefaultAnalyzeInput()
	in.Source = GraphSource{File: "lesmis.txt"}
	if _, err := Analyze(ctx, in, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// TestAnalyzeInputErrors: the requests Analyze refuses, each before it
// reads a graph it does not need.
func TestAnalyzeInputErrors(t *testing.T) {
	t.Chdir(goldenDir)
	cases := []struct {
		name string
		in   AnalyzeInput
		code string
		msg  string
	}{
		{"no source", AnalyzeInput{}, ally.EINVALID, "give a workspace or a graph file"},
		{"two sources", AnalyzeInput{Source: GraphSource{File: "karate.txt", Workspace: &App{}}}, ally.EINVALID, "not both"},
		{"meetings without groups", AnalyzeInput{Source: GraphSource{File: "missing.txt"}, PlanMeetings: true}, ally.EUSAGE, "a meeting plan needs groups"},
		{"missing file", AnalyzeInput{Source: GraphSource{File: "missing.txt"}, Metrics: []string{"bogus"}}, ally.ENOTFOUND, "missing.txt"},
		{"unknown metric", AnalyzeInput{Source: GraphSource{File: "karate.txt"}, Metrics: []string{"bogus"}}, ally.EUSAGE, `unknown metric "bogus"`},
		{"unknown group", AnalyzeInput{Source: GraphSource{File: "karate.txt"}, Groups: "department"}, ally.EINVALID, `no node attribute "department"`},
		{"missing labels", AnalyzeInput{Source: GraphSource{File: "karate.txt"}, Labels: "missing.tsv"}, ally.ENOTFOUND, "missing.tsv"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Analyze(bg, c.in, nil)
			wantErr(t, err, c.code, c.msg)
		})
	}
}

// TestAnalyzeWorkspace: the workspace is analysed with its tie strengths
// as weights unless the input says otherwise, its people as nodes.
func TestAnalyzeWorkspace(t *testing.T) {
	a := smallWorkspace(t)
	in := DefaultAnalyzeInput()
	in.Source.Workspace, in.Groups = a, "department"
	rep := ok(Analyze(bg, in, nil))(t)
	if s := rep.Graph; s.Source != "workspace" || s.Nodes != 4 || !s.Weighted || s.Edges == 0 {
		t.Errorf("graph %+v", s)
	}
	if rep.Silos == nil || len(rep.Silos.Groups) != 2 {
		t.Errorf("silos %+v", rep.Silos)
	}
	in.Weighted = ptr(false)
	rep = ok(Analyze(bg, in, nil))(t)
	if rep.Graph.Weighted || len(rep.Notes) == 0 || !strings.Contains(rep.Notes[0], "ignore them") {
		t.Errorf("unweighted: %+v, notes %q", rep.Graph, rep.Notes)
	}
	// Marshalled, each node's "id" is the person's id (an attribute of the
	// workspace's graph), as `ally --json analyze` has always shown it.
	var out struct{ Nodes []map[string]any }
	if err := json.Unmarshal(ok(json.Marshal(rep))(t), &out); err != nil {
		t.Fatal(err)
	}
	me := slices.IndexFunc(out.Nodes, func(n map[string]any) bool { return n["direction"] == "me" })
	if len(out.Nodes) != 4 || me < 0 || out.Nodes[me]["id"] != itoa(int(a.WS.MeID)) {
		t.Errorf("nodes %v", out.Nodes)
	}
}

// smallWorkspace is Me and three people in two departments, with ties
// from three meetings.
func smallWorkspace(t *testing.T) *App {
	t.Helper()
	db := mustDB(t)
	ok(Init(bg, db, "team", &ally.Person{Name: "Mia Me", Department: "Eng"}))(t)
	a := ok(Open(bg, db, "team", exportNow))(t)
	for _, p := range []struct{ name, dept string }{{"Ana", "Eng"}, {"Bo", "Sales"}, {"Cy", "Sales"}} {
		ok(a.AddPerson(bg, PersonInput{Name: ptr(p.name), Department: ptr(p.dept)}))(t)
	}
	for _, with := range [][]string{{"Ana"}, {"Bo", "Cy"}, {"Bo"}} {
		ok(a.Log(bg, LogInput{Kind: ally.ChanMeeting, With: pids(t, a, with...), At: exportNow.AddDate(0, 0, -3)}))(t)
	}
	return a
}

// TestNodeTableValue: NaN and infinities are nil, JSON's null; numbers
// and strings are themselves.
func TestNodeTableValue(t *testing.T) {
	tb := NodeTable{Columns: []network.Column{
		{Name: "f", Float: []float64{1.5, math.NaN(), math.Inf(-1)}},
		{Name: "i", Int: []int{7, 8, 9}},
		{Name: "s", String: []string{"a", "b", "c"}},
	}}
	want := [][]any{{1.5, nil, nil}, {7, 8, 9}, {"a", "b", "c"}}
	for c := range want {
		for i, w := range want[c] {
			if got := tb.Value(c, i); got != w {
				t.Errorf("Value(%d, %d) = %v, want %v", c, i, got, w)
			}
		}
	}
	if b, err := json.Marshal(NodeTable{}); err != nil || string(b) != "[]" {
		t.Errorf("empty table: %s %v", b, err)
	}
}
