package network

import (
	"bufio"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// isolatedCases are the graphs of testdata/isolated: an edge list and a
// node table whose rows include people with no edge, and igraph's values
// on the graph of every row (see testdata/isolated/SOURCE.md).
var isolatedCases = map[string]string{
	"karate":     "testdata/graphs/karate.txt",
	"florentine": "testdata/graphs/florentine.txt",
	"hand":       "testdata/isolated/hand.txt",
}

// isolatedGraph reads case name as `ally analyze --labels` would: the
// edge list, then the table's ids with no edge appended as isolated nodes
// (graphio.ReadLabels does the same through WithNodes; graphio cannot be
// used here). It returns the graph and the reference, its columns in the
// graph's node order (the reference is in increasing order of id).
func isolatedGraph(t *testing.T, name string) (*Graph, *reference) {
	t.Helper()
	g := withTable(t, readTestGraph(t, isolatedCases[name]), name)
	ref := isolatedRef(t, g, name)
	b, err := os.ReadFile(filepath.Join("testdata/isolated", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &ref.info); err != nil {
		t.Fatalf("%s.json: %v", name, err)
	}
	return g, ref
}

// withTable appends the ids of testdata/isolated/NAME.labels.tsv that
// name no node of g.
func withTable(t *testing.T, g *Graph, name string) *Graph {
	t.Helper()
	var extra []string
	for _, row := range readTSV(t, filepath.Join("testdata/isolated", name+".labels.tsv"))[1:] {
		if _, ok := g.Index(row[0]); !ok {
			extra = append(extra, row[0])
		}
	}
	g, err := g.WithNodes(extra)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// isolatedRef reads testdata/isolated/NAME.tsv, its columns in g's node
// order.
func isolatedRef(t *testing.T, g *Graph, name string) *reference {
	t.Helper()
	rows := readTSV(t, filepath.Join("testdata/isolated", name+".tsv"))
	if len(rows)-1 != g.N() {
		t.Fatalf("%s: %d nodes, the reference has %d", name, g.N(), len(rows)-1)
	}
	ref := &reference{cols: map[string][]float64{}}
	for _, h := range rows[0][1:] {
		ref.cols[h] = make([]float64, g.N())
	}
	for _, row := range rows[1:] {
		i, ok := g.Index(row[0])
		if !ok {
			t.Fatalf("%s: reference node %s is not in the graph", name, row[0])
		}
		for c, s := range row[1:] {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatalf("%s.tsv: %v", name, err)
			}
			ref.cols[rows[0][c+1]][i] = v
		}
	}
	return ref
}

func readTSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if sc.Text() != "" {
			rows = append(rows, strings.Split(sc.Text(), "\t"))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestIsolatedReference: on a graph whose node table names people with no
// edge, every metric is igraph's on the graph where those vertices exist,
// to the tolerances of TestReferenceMetrics: PageRank spreads their rank
// as dangling nodes', betweenness and harmonic divide by the full n,
// closeness and constraint are NaN for them, they are components, cores
// (0) and Leiden communities of their own.
func TestIsolatedReference(t *testing.T) {
	ctx := context.Background()
	for name := range isolatedCases {
		t.Run(name, func(t *testing.T) {
			g, ref := isolatedGraph(t, name)
			if iso := int(ref.info["isolated"].(float64)); iso == 0 {
				t.Fatalf("%s: the case has no isolated node", name)
			}
			if g.N() != int(ref.info["nodes"].(float64)) || g.M() != int(ref.info["edges"].(float64)) {
				t.Errorf("%d nodes, %d edges; igraph %v, %v", g.N(), g.M(), ref.info["nodes"], ref.info["edges"])
			}
			within(t, name, "degree", ints(Degree(g)), ref.cols["degree"], 0)
			within(t, name, "strength", Strength(g), ref.cols["strength"], 1e-9)
			within(t, name, "coreness", ints(CoreNumbers(g)), ref.cols["coreness"], 0)
			comp, count := Components(g)
			cf := make([]float64, len(comp))
			for i, c := range comp {
				cf[i] = float64(c)
			}
			// Components are numbered in node order, igraph's in order of
			// id: the same partition, compared as one.
			samePartition(t, name, "component", cf, ref.cols["component"])
			if count != int(ref.info["components"].(float64)) {
				t.Errorf("%d components, igraph %v", count, ref.info["components"])
			}
			ev, br := checkCentralities(t, ctx, name, g, ref)
			for i, d := range Degree(g) {
				if d == 0 && ev[i] != 0 {
					t.Errorf("eigenvector of isolated node %s = %g, not 0", g.Label(i), ev[i])
				}
			}
			within(t, name, "effective_size", br.EffectiveSize, ref.cols["effective_size"], 1e-6)

			// Leiden: the modularity of igraph's best of ten seeds, as
			// TestLeidenModularity asks, and every isolated person in a
			// community of their own.
			want := ref.info["leiden_modularity_best_of_10"].(float64)
			best := -1.0
			deg := Degree(g)
			for seed := uint64(1); seed <= 10; seed++ {
				c, err := Leiden(ctx, g, LeidenOptions{Seed: seed, Iterations: -1})
				if err != nil {
					t.Fatal(err)
				}
				best = max(best, c.Modularity)
				size := map[int32]int{}
				for _, x := range c.Membership {
					size[x]++
				}
				for i, d := range deg {
					if d == 0 && size[c.Membership[i]] != 1 {
						t.Errorf("seed %d: isolated node %s shares community %d with %d others", seed, g.Label(i), c.Membership[i], size[c.Membership[i]]-1)
					}
				}
			}
			if best < want-0.002 {
				t.Errorf("best of 10 seeds: modularity %.6f below igraph's %.6f - 0.002", best, want)
			}
		})
	}
}

// TestIsolatedReferenceDirected: the hand graph read as directed (as
// `ally analyze --directed` reads it), its people without ties added:
// PageRank (isolated and sink nodes dangling), betweenness, and closeness
// and harmonic along out-links are igraph's (hand_directed.tsv).
func TestIsolatedReferenceDirected(t *testing.T) {
	ctx := context.Background()
	e := Edges{Directed: true}
	var ids []int
	var us, vs []int
	for _, row := range readTSV(t, isolatedCases["hand"]) {
		f := strings.Fields(row[0])
		if f[0][0] == '#' {
			continue
		}
		u, _ := strconv.Atoi(f[0])
		v, _ := strconv.Atoi(f[1])
		w, _ := strconv.ParseFloat(f[2], 64)
		us, vs, e.W = append(us, u), append(vs, v), append(e.W, w)
		ids = append(ids, u, v)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	for _, x := range ids {
		e.Labels = append(e.Labels, strconv.Itoa(x))
	}
	for k := range us {
		u, _ := slices.BinarySearch(ids, us[k])
		v, _ := slices.BinarySearch(ids, vs[k])
		e.Src, e.Dst = append(e.Src, int32(u)), append(e.Dst, int32(v))
	}
	e.N = len(ids)
	g, err := FromEdges(e)
	if err != nil {
		t.Fatal(err)
	}
	g = withTable(t, g, "hand")
	ref := isolatedRef(t, g, "hand_directed")
	const name = "hand_directed"
	within(t, name, "degree", ints(Degree(g)), ref.cols["degree"], 0)
	pr, err := PageRank(ctx, g, PageRankOptions{})
	if err != nil {
		t.Fatal(err)
	}
	within(t, name, "pagerank", pr, ref.cols["pagerank"], 1e-6)
	prw, err := PageRank(ctx, g, PageRankOptions{Weighted: true})
	if err != nil {
		t.Fatal(err)
	}
	within(t, name, "pagerank_weighted", prw, ref.cols["pagerank_weighted"], 1e-6)
	bt, err := Betweenness(ctx, g, PathOptions{})
	if err != nil {
		t.Fatal(err)
	}
	within(t, name, "betweenness", bt, ref.cols["betweenness"], 1e-6)
	ch, err := ClosenessHarmonic(ctx, g, PathOptions{})
	if err != nil {
		t.Fatal(err)
	}
	within(t, name, "closeness", ch.Closeness, ref.cols["closeness"], 1e-6)
	within(t, name, "harmonic", ch.Harmonic, ref.cols["harmonic"], 1e-6)
}

// samePartition checks that got and want put the same nodes together.
func samePartition(t *testing.T, name, metric string, got, want []float64) {
	t.Helper()
	fwd, back := map[float64]float64{}, map[float64]float64{}
	for i := range got {
		if g, ok := fwd[want[i]]; ok && g != got[i] {
			t.Fatalf("%s %s: node %d is %v, igraph's partition says %v", name, metric, i, got[i], g)
		}
		if w, ok := back[got[i]]; ok && w != want[i] {
			t.Fatalf("%s %s: node %d is %v, igraph's partition says otherwise (%v)", name, metric, i, got[i], w)
		}
		fwd[want[i]], back[got[i]] = got[i], want[i]
	}
}

// TestWithNodes: the new nodes are isolated and labelled, every row and
// attribute of the old graph is kept, g itself is untouched, numbered
// labels stay implicit when the new labels continue them, and a label
// already in the graph is refused.
func TestWithNodes(t *testing.T) {
	for _, directed := range []bool{false, true} {
		g, err := FromEdges(Edges{N: 3, Directed: directed, Src: []int32{0, 1}, Dst: []int32{1, 2}, W: []float64{2, 3}})
		if err != nil {
			t.Fatal(err)
		}
		if err := g.SetAttr("name", []string{"Ann", "Bob", "Cy"}); err != nil {
			t.Fatal(err)
		}
		h, err := g.WithNodes([]string{"3", "4"})
		if err != nil {
			t.Fatal(err)
		}
		if h.labels != nil {
			t.Errorf("directed %v: labels 3, 4 continue the numbering but were materialised", directed)
		}
		if h.N() != 5 || h.M() != 2 || g.N() != 3 || h.Directed() != directed || !h.Weighted() {
			t.Fatalf("directed %v: n %d m %d (g n %d)", directed, h.N(), h.M(), g.N())
		}
		for u := 0; u < 3; u++ {
			if !slices.Equal(h.Neighbors(u), g.Neighbors(u)) || !slices.Equal(h.InNeighbors(u), g.InNeighbors(u)) {
				t.Errorf("directed %v: node %d's row changed", directed, u)
			}
		}
		for u := 3; u < 5; u++ {
			if len(h.Neighbors(u)) != 0 || len(h.InNeighbors(u)) != 0 || h.Label(u) != strconv.Itoa(u) || h.Attr("name", u) != "" {
				t.Errorf("directed %v: new node %d: %v %v %q %q", directed, u, h.Neighbors(u), h.InNeighbors(u), h.Label(u), h.Attr("name", u))
			}
		}
		if h.Attr("name", 1) != "Bob" || len(g.AttrValues("name")) != 3 {
			t.Errorf("directed %v: attributes: %q, g's %d values", directed, h.Attr("name", 1), len(g.AttrValues("name")))
		}
		k, err := h.WithNodes([]string{"Dee", "9"})
		if err != nil {
			t.Fatal(err)
		}
		if i, ok := k.Index("Dee"); !ok || i != 5 || k.Label(2) != "2" || k.Label(6) != "9" {
			t.Errorf("directed %v: labels after materialising: Dee=%d,%v %q %q", directed, i, ok, k.Label(2), k.Label(6))
		}
		if d := Degree(k); d[5] != 0 || d[6] != 0 || d[1] != 2 {
			t.Errorf("directed %v: degrees %v", directed, d)
		}
		for _, bad := range [][]string{{"1"}, {"x", "x"}} {
			if _, err := g.WithNodes(bad); err == nil || !strings.Contains(err.Error(), "already in the graph") {
				t.Errorf("directed %v: WithNodes(%q): %v", directed, bad, err)
			}
		}
	}
	// No new label: the same graph, a copy of its offsets.
	g := triangleTail()
	h, err := g.WithNodes(nil)
	if err != nil || h.N() != g.N() || h.Attr("department", 4) != "Eng" {
		t.Errorf("no new nodes: %v", err)
	}
	if c, err := ClosenessHarmonic(context.Background(), h, PathOptions{}); err != nil || math.IsNaN(c.Closeness[0]) {
		t.Errorf("closeness of a connected node: %v %v", c.Closeness, err)
	}
}
