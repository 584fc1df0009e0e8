package network

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"github.com/allyhq/ally"
)

// randomGraph builds a reproducible random graph for brute-force checks.
func randomGraph(seed uint64, n, m int, directed, weighted bool) *Graph {
	r := rand.New(rand.NewPCG(seed, 1))
	b := NewBuilder(directed)
	for i := 0; i < n; i++ {
		b.AddNode(string(rune('a'+i%26))+strings.Repeat("'", i/26), nil)
	}
	for k := 0; k < m; k++ {
		w := 1.0
		if weighted {
			w = float64(1 + r.IntN(3))
		}
		b.AddEdge(r.IntN(n), r.IntN(n), w)
	}
	g, err := b.Build()
	if err != nil {
		panic(err)
	}
	return g
}

// bruteForce computes all-pairs distances and shortest-path counts by
// Floyd–Warshall and derives betweenness, closeness and harmonic from the
// definitions.
func bruteForce(g *Graph, lengthOf func(w float64) float64) (bt, cl, hm []float64) {
	n := g.N()
	inf := math.Inf(1)
	d := make([][]float64, n)
	s := make([][]float64, n)
	for i := range d {
		d[i] = make([]float64, n)
		s[i] = make([]float64, n)
		for j := range d[i] {
			d[i][j] = inf
		}
		d[i][i] = 0
		s[i][i] = 1
		ws := g.Weights(i)
		for k, j := range g.Neighbors(i) {
			w := 1.0
			if ws != nil {
				w = ws[k]
			}
			d[i][j] = lengthOf(w)
			s[i][j] = 1
		}
	}
	for k := 0; k < n; k++ {
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				if i == j || i == k || j == k {
					continue
				}
				if x := d[i][k] + d[k][j]; x < d[i][j]-1e-12 {
					d[i][j] = x
				}
			}
		}
	}
	// Path counts by increasing distance: σ_ij = Σ over last hops.
	for i := 0; i < n; i++ {
		order := make([]int, n)
		for j := range order {
			order[j] = j
		}
		for a := 1; a < n; a++ {
			for b := a; b > 0 && d[i][order[b]] < d[i][order[b-1]]; b-- {
				order[b], order[b-1] = order[b-1], order[b]
			}
		}
		for _, j := range order {
			if j == i || math.IsInf(d[i][j], 1) {
				continue
			}
			s[i][j] = 0
			for u := 0; u < n; u++ {
				ws := g.Weights(u)
				for k, v := range g.Neighbors(u) {
					if int(v) != j {
						continue
					}
					w := 1.0
					if ws != nil {
						w = ws[k]
					}
					if math.Abs(d[i][u]+lengthOf(w)-d[i][j]) < 1e-12 {
						s[i][j] += s[i][u]
					}
				}
			}
		}
	}
	bt, cl, hm = make([]float64, n), make([]float64, n), make([]float64, n)
	for v := 0; v < n; v++ {
		sum, reach := 0.0, 0
		for t := 0; t < n; t++ {
			if t != v && !math.IsInf(d[v][t], 1) {
				sum += d[v][t]
				reach++
				hm[v] += 1 / d[v][t]
			}
		}
		if sum > 0 {
			cl[v] = float64(reach) / sum
		} else {
			cl[v] = math.NaN() // igraph's closeness of a node that reaches none
		}
		hm[v] /= float64(n - 1)
		for a := 0; a < n; a++ {
			for c := 0; c < n; c++ {
				if a == c || a == v || c == v || math.IsInf(d[a][c], 1) {
					continue
				}
				if math.Abs(d[a][v]+d[v][c]-d[a][c]) < 1e-12 {
					bt[v] += s[a][v] * s[v][c] / s[a][c]
				}
			}
		}
		norm := 1 / (float64(n-1) * float64(n-2))
		bt[v] *= norm // ordered pairs: same as 2/((n-1)(n-2)) over unordered
	}
	return bt, cl, hm
}

func TestPathMetricsBruteForce(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name               string
		directed, weighted bool
		paths              PathWeight
		length             func(float64) float64
	}{
		{"undirected hops", false, false, Hops, func(float64) float64 { return 1 }},
		{"directed hops", true, false, Hops, func(float64) float64 { return 1 }},
		{"undirected lengths", false, true, WeightIsLength, func(w float64) float64 { return w }},
		{"directed strengths", true, true, WeightIsStrength, func(w float64) float64 { return 1 / w }},
	} {
		for seed := uint64(1); seed <= 4; seed++ {
			g := randomGraph(seed, 30, 70, tc.directed, tc.weighted)
			bt, cl, hm := bruteForce(g, tc.length)
			if !tc.weighted {
				bt, cl, hm = bruteForce(g, func(float64) float64 { return 1 })
			}
			got, err := Betweenness(ctx, g, PathOptions{Paths: tc.paths})
			if err != nil {
				t.Fatal(err)
			}
			within(t, tc.name, "betweenness", got, bt, 1e-9)
			c, err := ClosenessHarmonic(ctx, g, PathOptions{Paths: tc.paths})
			if err != nil {
				t.Fatal(err)
			}
			within(t, tc.name, "closeness", c.Closeness, cl, 1e-9)
			within(t, tc.name, "harmonic", c.Harmonic, hm, 1e-9)
		}
	}
}

// TestDeterministicAcrossCores checks that results are bit-identical with
// one core and with all of them, on a generated Barabási–Albert graph of
// 20,000 nodes and 100,000 edges.
func TestDeterministicAcrossCores(t *testing.T) {
	n := 20_000
	if testing.Short() {
		// CI's race run: still three chunks of 4096 nodes for the parallel
		// loops, at a third of the time (Leiden takes 4 s a run on 20,000
		// nodes under -race).
		n = 10_000
	}
	g := barabasiAlbert(11, n, 5)
	ctx := context.Background()
	// Betweenness on a smaller graph keeps the suite short; it still spans
	// every lane and many sources per lane.
	small := randomGraph(11, 3000, 12000, false, false)
	// Leiden's local moving takes its parallel path on this graph too.
	oldMin := moveParallelMin
	moveParallelMin = 0
	defer func() { moveParallelMin = oldMin }()
	run := func() (pr, bt []float64, comm []int32) {
		pr, _ = PageRank(ctx, g, PageRankOptions{})
		bt, _ = Betweenness(ctx, small, PathOptions{})
		c, _ := Leiden(ctx, g, LeidenOptions{Seed: 5})
		return pr, bt, c.Membership
	}
	old := runtime.GOMAXPROCS(1)
	pr1, bt1, c1 := run()
	runtime.GOMAXPROCS(max(2, old))
	pr2, bt2, c2 := run()
	runtime.GOMAXPROCS(old)
	for i := range bt1 {
		if bt1[i] != bt2[i] {
			t.Fatalf("betweenness of node %d differs between 1 and %d cores: %v/%v", i, max(2, old), bt1[i], bt2[i])
		}
	}
	for i := range pr1 {
		if pr1[i] != pr2[i] || c1[i] != c2[i] {
			t.Fatalf("node %d differs between 1 and %d cores: %v/%v %v/%v", i, max(2, old), pr1[i], pr2[i], c1[i], c2[i])
		}
	}
}

// TestCancel: every long computation returns context.Canceled when its
// context is cancelled.
func TestCancel(t *testing.T) {
	g := barabasiAlbert(12, 20_000, 5)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Betweenness(ctx, g, PathOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("betweenness: %v", err)
	}
	if _, err := ClosenessHarmonic(ctx, g, PathOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("closeness: %v", err)
	}
	if _, err := PageRank(ctx, g, PageRankOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("pagerank: %v", err)
	}
	if _, err := Leiden(ctx, g, LeidenOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("leiden: %v", err)
	}
	if _, err := SampledBetweenness(ctx, g, SampleOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("sampled: %v", err)
	}
}

func TestProgress(t *testing.T) {
	g := randomGraph(3, 300, 900, false, false)
	last, calls := 0, 0
	_, err := Betweenness(context.Background(), g, PathOptions{Progress: func(done, total int) {
		calls++
		if done < last || total != 300 {
			t.Errorf("progress %d/%d after %d", done, total, last)
		}
		last = done
	}})
	if err != nil || last != 300 || calls == 0 {
		t.Errorf("progress ended at %d after %d calls: %v", last, calls, err)
	}
}

func TestSmallGraphValues(t *testing.T) {
	g := triangleTail()
	ctx := context.Background()
	bt, _ := Betweenness(ctx, g, PathOptions{Raw: true})
	want := []float64{0, 0, 4, 3, 0}
	within(t, "triangle_tail", "raw betweenness", bt, want, 1e-12)
	if got := CoreNumbers(g); got[0] != 2 || got[2] != 2 || got[3] != 1 || got[4] != 1 {
		t.Errorf("core numbers %v", got)
	}
	br, _ := Constraint(ctx, g, false)
	// Node 4 has one contact: constraint 1, effective size 1.
	if br.Constraint[4] != 1 || br.EffectiveSize[4] != 1 {
		t.Errorf("leaf constraint %v effective size %v", br.Constraint[4], br.EffectiveSize[4])
	}
	// Node 0: contacts 1 and 2 are tied, effective size 2 - 2·1/2 = 1.
	if math.Abs(br.EffectiveSize[0]-1) > 1e-12 {
		t.Errorf("effective size of 0: %v", br.EffectiveSize[0])
	}
	pr, _ := PageRank(ctx, g, PageRankOptions{Personalization: []float64{1, 0, 0, 0, 0}})
	if pr[0] < pr[4] || math.Abs(sum(pr)-1) > 1e-12 {
		t.Errorf("personalised pagerank %v", pr)
	}
	if _, err := PageRank(ctx, g, PageRankOptions{Damping: 1.5}); err == nil {
		t.Error("damping 1.5 accepted")
	}
}

func sum(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s
}

func TestSilosAndMeetings(t *testing.T) {
	g := triangleTail()
	gr, err := GroupBy(g, "department")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Silos(g, gr, false, 3)
	if err != nil {
		t.Fatal(err)
	}
	// Sales {0,1,2}: 3 internal ties, 1 external (2-3): E-I = (1-3)/4.
	if s := rep.Groups[0]; s.Name != "Sales" || s.Internal != 3 || s.External != 1 || s.EI != -0.5 {
		t.Errorf("Sales: %+v", s)
	}
	if len(rep.Pairs) != 1 || rep.Pairs[0].Ties != 1 || len(rep.Pairs[0].Bridges) != 1 || rep.Pairs[0].Bridges[0].U != 2 {
		t.Errorf("pairs %+v", rep.Pairs)
	}
	if _, err := GroupBy(g, "nope"); err == nil {
		t.Error("unknown attribute accepted")
	}
	ms, err := PlanMeetings(g, gr, PlanOptions{})
	if err != nil || len(ms) != 1 {
		t.Fatalf("meetings %v %v", ms, err)
	}
	m := ms[0]
	if len(m.Core) != 2 || m.Core[0].Node != 2 || m.Core[1].Node != 3 {
		t.Errorf("core %+v", m.Core)
	}
	// 0 and 1 know 2, who knows Dee (3): each could meet one person in Eng.
	if len(m.Next) < 2 || m.Next[0].Node != 0 || !strings.Contains(m.Next[0].Why, "Eng") {
		t.Errorf("next %+v", m.Next)
	}
}

// TestPlanMeetingsSBM plans meetings between the departments of a planted
// partition of 10,000 people in 20 departments of 500 (the shape of the
// shared sbm_org_10k): every pair of departments is less connected than
// chance, so every meeting has a ratio below 1, a core and people to
// invite next.
func TestPlanMeetingsSBM(t *testing.T) {
	g, _ := plantedPartition(3, 20, 500, 0.02, 0.0005)
	gr, _ := GroupBy(g, "department")
	ms, err := PlanMeetings(g, gr, PlanOptions{Meetings: 3})
	if err != nil || len(ms) != 3 {
		t.Fatalf("%v %v", ms, err)
	}
	for _, m := range ms {
		if m.Ratio >= 1 || len(m.Core) == 0 || len(m.Next) == 0 {
			t.Errorf("meeting %s–%s: ratio %.2f core %d next %d", m.GroupA, m.GroupB, m.Ratio, len(m.Core), len(m.Next))
		}
	}
}

// TestBuilder: nodes with attributes and weighted edges, the label index,
// and the refusal of a weight that is not a number.
func TestBuilder(t *testing.T) {
	b := NewBuilder(false)
	ann := b.AddNode("ann", map[string]string{"department": "Sales"})
	bob := b.AddNode("bob", map[string]string{"department": "Eng", "title": "CTO"})
	b.AddEdge(ann, bob, 0.5)
	b.AddEdge(bob, b.AddNode("cy & co", nil), 2)
	if again := b.AddNode("ann", map[string]string{"title": "CEO"}); again != ann {
		t.Errorf("adding ann again: node %d, want %d", again, ann)
	}
	g, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if g.N() != 3 || g.M() != 2 || !g.Weighted() || g.Attr("title", 1) != "CTO" || g.Attr("title", 0) != "CEO" || g.Attr("department", 2) != "" {
		t.Fatalf("built n=%d m=%d weighted=%v", g.N(), g.M(), g.Weighted())
	}
	if i, ok := g.Index("cy & co"); !ok || i != 2 {
		t.Errorf("Index: %d %v", i, ok)
	}
	bad := NewBuilder(false)
	bad.AddNode("x", nil)
	bad.AddEdge(0, 0, math.NaN())
	if _, err := bad.Build(); err == nil {
		t.Error("NaN weight accepted")
	}
}

// TestFromEdges: the policy (self-loops dropped, duplicates merged with
// their weights summed), labels and a given index, and the refusals.
func TestFromEdges(t *testing.T) {
	g, err := FromEdges(Edges{N: 3, Src: []int32{0, 1, 1, 2}, Dst: []int32{1, 0, 1, 0}, W: []float64{2, 3, 1, 0.5},
		Labels: []string{"ann", "bob", "cy"}, Index: map[string]int32{"ann": 0, "bob": 1, "cy": 2}})
	if err != nil {
		t.Fatal(err)
	}
	st := g.Stats()
	if g.M() != 2 || st.EdgesRead != 4 || st.SelfLoops != 1 || st.Duplicates != 1 || g.Weights(0)[0] != 5 {
		t.Errorf("m=%d stats %+v weights of ann %v", g.M(), st, g.Weights(0))
	}
	if i, ok := g.Index("cy"); !ok || i != 2 || g.Label(1) != "bob" {
		t.Errorf("Index(cy) = %d %v, label 1 %q", i, ok, g.Label(1))
	}
	d, err := FromEdges(Edges{N: 3, Directed: true, Src: []int32{0, 1, 0}, Dst: []int32{1, 0, 1}})
	if err != nil || d.M() != 2 || d.Stats().Duplicates != 1 || d.Label(2) != "2" || len(d.InNeighbors(1)) != 1 {
		t.Errorf("directed: %v, m=%d stats %+v", err, d.M(), d.Stats())
	}
	for name, e := range map[string]Edges{
		"negative node":   {N: 2, Src: []int32{-1}, Dst: []int32{1}},
		"node past N":     {N: 2, Src: []int32{0}, Dst: []int32{2}},
		"NaN weight":      {N: 2, Src: []int32{0}, Dst: []int32{1}, W: []float64{math.NaN()}},
		"infinite weight": {N: 2, Src: []int32{0}, Dst: []int32{1}, W: []float64{math.Inf(1)}},
		"zero weight":     {N: 2, Src: []int32{0, 1}, Dst: []int32{1, 1}, W: []float64{1, 0}},
		"short targets":   {N: 2, Src: []int32{0, 1}, Dst: []int32{1}},
		"short weights":   {N: 2, Src: []int32{0, 1}, Dst: []int32{1, 0}, W: []float64{1}},
		"short labels":    {N: 2, Labels: []string{"a"}},
		"short index":     {N: 2, Labels: []string{"a", "b"}, Index: map[string]int32{"a": 0}},
		"negative N":      {N: -1},
	} {
		if _, err := FromEdges(e); ally.ErrorCode(err) != ally.EINVALID {
			t.Errorf("%s: got %v, want EINVALID", name, err)
		}
	}
}
