package network

import (
	"bufio"
	"compress/gzip"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The graphs the tests run on: read from the reference files, or generated
// from a seed so that the tests that need a big graph run in any clone.

// readTestGraph reads one of the reference graphs: an edge list of integer
// ids, "u v [w]" per line, plain or gzip-compressed, numbered in increasing
// order of id as the readers of package graphio number them (which cannot
// be used here: graphio imports network). The reference values are per
// node in that order.
func readTestGraph(tb testing.TB, path string) *Graph {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(bufio.NewReader(f))
		if err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
		r = zr
	}
	var us, vs []int64
	var ws []float64
	weighted := false
	sc := bufio.NewScanner(r)
	for ln := 1; sc.Scan(); ln++ {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || fields[0][0] == '#' || fields[0][0] == '%' {
			continue
		}
		if len(fields) < 2 {
			tb.Fatalf("%s:%d: expected two node ids", path, ln)
		}
		u, err1 := strconv.ParseInt(fields[0], 10, 64)
		v, err2 := strconv.ParseInt(fields[1], 10, 64)
		w := 1.0
		var err3 error
		if len(fields) > 2 {
			w, err3 = strconv.ParseFloat(fields[2], 64)
		}
		if err1 != nil || err2 != nil || err3 != nil {
			tb.Fatalf("%s:%d: not an integer edge list: %q", path, ln, sc.Text())
		}
		us, vs, ws = append(us, u), append(vs, v), append(ws, w)
		weighted = weighted || w != 1
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	ids := slices.Concat(us, vs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	var labels []string
	if len(ids) > 0 && (ids[0] != 0 || ids[len(ids)-1] != int64(len(ids)-1)) {
		for _, x := range ids {
			labels = append(labels, strconv.FormatInt(x, 10))
		}
	}
	node := func(x int64) int32 { i, _ := slices.BinarySearch(ids, x); return int32(i) }
	e := Edges{N: len(ids), Labels: labels}
	for k := range us {
		e.Src, e.Dst = append(e.Src, node(us[k])), append(e.Dst, node(vs[k]))
	}
	if weighted {
		e.W = ws
	}
	g, err := FromEdges(e)
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	return g
}

// triangleTail is the triangle 0-1-2 with a tail 2-3-4: node 2 bridges, 3
// is a cut point; Ann, Bob and Cy are in Sales, Dee and Eve in Eng.
func triangleTail() *Graph {
	g, err := FromEdges(Edges{N: 5, Src: []int32{0, 1, 2, 2, 3}, Dst: []int32{1, 2, 0, 3, 4}})
	if err != nil {
		panic(err)
	}
	g.SetAttr("name", []string{"Ann", "Bob", "Cy", "Dee", "Eve"})
	g.SetAttr("department", []string{"Sales", "Sales", "Sales", "Eng", "Eng"})
	return g
}

// barabasiAlbert is a Barabási–Albert graph: a clique of m+1 nodes, then
// every new node links to m distinct earlier ones, each chosen with
// probability proportional to its degree (by drawing a uniform end of an
// earlier edge). n nodes and about n·m edges, the same for the same seed.
func barabasiAlbert(seed uint64, n, m int) *Graph {
	r := rand.New(rand.NewPCG(seed, 3))
	var src, dst []int32
	for u := 0; u <= m; u++ {
		for v := u + 1; v <= m; v++ {
			src, dst = append(src, int32(u)), append(dst, int32(v))
		}
	}
	targets := make([]int32, 0, m)
	for v := m + 1; v < n; v++ {
		targets = targets[:0]
		for len(targets) < m {
			e := r.IntN(len(src))
			u := src[e]
			if r.IntN(2) == 0 {
				u = dst[e]
			}
			if !slices.Contains(targets, u) {
				targets = append(targets, u)
			}
		}
		for _, u := range targets {
			src, dst = append(src, int32(v)), append(dst, u)
		}
	}
	g, err := FromEdges(Edges{N: n, Src: src, Dst: dst})
	if err != nil {
		panic(err)
	}
	return g
}

// plantedPartition is a stochastic block model: k blocks of size nodes
// each (node v in block v/size), every pair inside a block joined with
// probability pIn and every pair across blocks with pOut, drawn pair by
// pair in O(n + m) by skipping geometrically distributed gaps
// (Batagelj & Brandes 2005). It returns the graph, with each node's block
// as the attribute "department" ("d0", "d1", …), and the blocks.
func plantedPartition(seed uint64, k, size int, pIn, pOut float64) (*Graph, []int32) {
	r := rand.New(rand.NewPCG(seed, 4))
	var src, dst []int32
	// pairs calls add for every success of total Bernoulli(p) trials.
	pairs := func(total int, p float64, add func(i int)) {
		lq := math.Log1p(-p)
		for i := -1; ; {
			i += 1 + int(math.Log(1-r.Float64())/lq)
			if i >= total {
				return
			}
			add(i)
		}
	}
	for a := 0; a < k; a++ {
		for b := a; b < k; b++ {
			p := pOut
			if a == b {
				p = pIn
			}
			pairs(size*size, p, func(i int) {
				u, v := a*size+i/size, b*size+i%size
				if a == b && u >= v {
					return // each pair inside a block once, as u < v
				}
				src, dst = append(src, int32(u)), append(dst, int32(v))
			})
		}
	}
	n := k * size
	g, err := FromEdges(Edges{N: n, Src: src, Dst: dst})
	if err != nil {
		panic(err)
	}
	truth := make([]int32, n)
	dept := make([]string, n)
	for v := range truth {
		truth[v] = int32(v / size)
		dept[v] = "d" + strconv.Itoa(v/size)
	}
	g.SetAttr("department", dept)
	return g, truth
}

// TestGenerators checks the generated graphs' sizes and shape.
func TestGenerators(t *testing.T) {
	ba := barabasiAlbert(1, 2000, 5)
	if ba.N() != 2000 || ba.M() != 15+1994*5 || ba.Stats().Duplicates != 0 {
		t.Errorf("barabasiAlbert: n=%d m=%d stats %+v", ba.N(), ba.M(), ba.Stats())
	}
	if _, count := Components(ba); count != 1 {
		t.Errorf("barabasiAlbert: %d components", count)
	}
	if d := slices.Max(Degree(ba)); d < 60 {
		t.Errorf("barabasiAlbert: largest degree %d; preferential attachment makes hubs", d)
	}
	g, truth := plantedPartition(1, 20, 500, 0.02, 0.0005)
	internal := 0
	for u := 0; u < g.N(); u++ {
		for _, v := range g.Neighbors(u) {
			if truth[u] == truth[v] {
				internal++
			}
		}
	}
	internal /= 2
	// Expected 20·C(500,2)·0.02 = 49,900 inside and 23,750 across blocks.
	if g.N() != 10_000 || math.Abs(float64(internal)-49_900) > 1000 || math.Abs(float64(g.M()-internal)-23_750) > 700 {
		t.Errorf("plantedPartition: n=%d, %d edges inside blocks, %d across", g.N(), internal, g.M()-internal)
	}
}
