package graphio

import (
	"bytes"
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/network"
)

// refGraph is what refParse makes of an edge list: the nodes and the merged
// edges (undirected, self-loops dropped), or the line of the first error.
type refGraph struct {
	err      bool
	errLine  int // 0 for an error that names no line (an empty graph)
	nodes    map[string]bool
	edges    map[[2]string]float64
	weighted bool
}

// refParse is a plain reference for ReadEdgeList: whole lines, split into
// fields with bytes.Fields, every rule written out once and slowly. Node
// keys are the integer values when every id is an integer, else the ids as
// written.
func refParse(data []byte) refGraph {
	lines := bytes.Split(data, []byte{'\n'})
	if len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1]
	}
	type edge struct {
		u, v string
		w    float64
	}
	var es []edge
	for i, line := range lines {
		f := bytes.Fields(line)
		if len(f) == 0 || f[0][0] == '#' || f[0][0] == '%' {
			continue
		}
		if len(f) < 2 || !utf8.Valid(f[0]) || !utf8.Valid(f[1]) {
			return refGraph{err: true, errLine: i + 1}
		}
		w := 1.0
		if len(f) >= 3 {
			x, err := strconv.ParseFloat(string(f[2]), 64)
			if (err != nil && !errors.Is(err, strconv.ErrRange)) || !(x >= MinWeight && x <= MaxWeight) {
				return refGraph{err: true, errLine: i + 1}
			}
			w = x
		}
		es = append(es, edge{string(f[0]), string(f[1]), w})
	}
	if len(es) == 0 {
		return refGraph{err: true}
	}
	allInt := true
	for _, e := range es {
		for _, s := range []string{e.u, e.v} {
			if _, err := strconv.ParseInt(s, 10, 64); err != nil {
				allInt = false
			}
		}
	}
	r := refGraph{nodes: map[string]bool{}, edges: map[[2]string]float64{}}
	for _, e := range es {
		u, v := refKey(e.u, allInt), refKey(e.v, allInt)
		r.nodes[u], r.nodes[v] = true, true
		if e.w != 1 {
			r.weighted = true
		}
		if u == v {
			continue
		}
		if v < u {
			u, v = v, u
		}
		r.edges[[2]string{u, v}] += e.w
	}
	return r
}

func refKey(s string, allInt bool) string {
	if allInt {
		x, _ := strconv.ParseInt(s, 10, 64)
		return strconv.FormatInt(x, 10)
	}
	return s
}

var errLineRE = regexp.MustCompile(`^[^:]*:(\d+): `)

// sameAsRef checks ReadEdgeList's answer (g, err) on data against refParse.
func sameAsRef(t *testing.T, data []byte, g *network.Graph, err error) {
	t.Helper()
	ref := refParse(data)
	if ref.err || err != nil {
		if !ref.err {
			t.Fatalf("error %v; the reference reads %d nodes, %d edges", err, len(ref.nodes), len(ref.edges))
		}
		if err == nil {
			t.Fatalf("read %d nodes, %d edges; the reference fails at line %d", g.N(), g.M(), ref.errLine)
		}
		if ally.ErrorCode(err) != ally.EINVALID {
			t.Fatalf("error code %s: %v", ally.ErrorCode(err), err)
		}
		line := 0
		if m := errLineRE.FindStringSubmatch(err.Error()); m != nil {
			line, _ = strconv.Atoi(m[1])
		}
		if line != ref.errLine {
			t.Fatalf("error %q names line %d; the reference fails at line %d", err, line, ref.errLine)
		}
		return
	}
	allInt := true
	for i := 0; i < g.N(); i++ {
		if _, err := strconv.ParseInt(g.Label(i), 10, 64); err != nil {
			allInt = false
		}
	}
	if g.N() != len(ref.nodes) || g.M() != len(ref.edges) || g.Weighted() != ref.weighted {
		t.Fatalf("%d nodes, %d edges, weighted %v; the reference has %d, %d, %v", g.N(), g.M(), g.Weighted(), len(ref.nodes), len(ref.edges), ref.weighted)
	}
	for i := 0; i < g.N(); i++ {
		if k := refKey(g.Label(i), allInt); !ref.nodes[k] {
			t.Fatalf("node %q is not in the reference", k)
		}
	}
	eachEdge(g, func(u, v int, w float64) {
		a, b := refKey(g.Label(u), allInt), refKey(g.Label(v), allInt)
		if b < a {
			a, b = b, a
		}
		want, ok := ref.edges[[2]string{a, b}]
		if !ok {
			t.Fatalf("edge %s–%s is not in the reference", a, b)
		}
		// An unweighted graph merges duplicates without counting them.
		if g.Weighted() && math.Abs(w-want) > 1e-12*want {
			t.Fatalf("edge %s–%s weighs %v; the reference says %v", a, b, w, want)
		}
	})
}

// blockPrefix returns a valid edge list of exactly size bytes ending in a
// newline: a few edges, then one long comment line to fill the block.
func blockPrefix(size int) []byte {
	head := "0 1\n1 2 2.5\n2 3\n"
	if size < len(head)+2 {
		panic("prefix too short")
	}
	b := make([]byte, 0, size)
	b = append(b, head...)
	b = append(b, '#')
	for len(b) < size-1 {
		b = append(b, 'x')
	}
	return append(b, '\n')
}

// TestReadBlockBoundary puts the awkward cases right at the 4 MiB boundary
// where the reader cuts the file into blocks for the parallel parsers:
// what the blocks make of them must be what a plain line reader makes.
func TestReadBlockBoundary(t *testing.T) {
	cases := []struct {
		name string
		at   int // bytes of the tail before the boundary
		tail string
	}{
		{"line ends at the boundary", 0, "4 5\n5 6\n"},
		{"newline is the first byte after", 3, "4 5\n5 6\n"},
		{"number split", 2, "41234 5\n5 6\n"},
		{"number split before a newline", 6, "4 5 7 6\n7 8"},
		{"weight split", 6, "4 5 2.75\n5 6\n"},
		{"CRLF split", 4, "4 5\r\n5 6\r\n"},
		{"CR before the boundary, LF after", 4, "4 5\r\n"},
		{"comment split", 5, "# a comment\n4 5\n"},
		{"percent comment split", 1, "% c\n4 5\n"},
		{"blank lines at the boundary", 1, "\n\n\n4 5\n"},
		{"no newline at the end", 2, "4 5"},
		{"file ends at the boundary", 4, "4 5\n"},
		{"file ends one past the boundary", 3, "4 5\n"},
		{"string id after the boundary", 1, "4 5\n5 ann\nann 4 3\n"},
		{"string id split", 2, "4 ann\n"},
		{"bad line after the boundary", 0, "4 5\n6\n"},
		{"bad line split", 1, "4 5 x\n"},
		{"bad weight after the boundary", 2, "4 5\n5 6 1e13\n"},
		{"bad line in the second string pass", 1, "4 ann\nbob\n"},
		{"duplicate across the boundary", 2, "1 0 3\n2 1\n"},
		{"line longer than a block", 5, "# " + strings.Repeat("y", blockSize+100) + "\n4 5\n"},
		{"edge line longer than a block", 5, "4 5 " + strings.Repeat("7", blockSize+100) + "\n"},
		{"spaces longer than a block", 5, "4 " + strings.Repeat(" ", blockSize+10) + "5\n"},
		{"third block", -blockSize + 3, "4 5\n5 6\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data := append(blockPrefix(blockSize-tc.at), tc.tail...)
			g, err := ReadEdgeList(bytes.NewReader(data), "x", ReadOptions{})
			sameAsRef(t, data, g, err)
			// The same through a .gz file, whose reads come in pieces.
			path := writeTemp(t, "x.txt.gz", gzipBytes(t, data))
			g, err = ReadFile(path, ReadOptions{MemoryLimit: 8 << 30})
			sameAsRef(t, data, g, err)
		})
	}
}

// TestRefParse checks the reference itself on a few hand-made inputs.
func TestRefParse(t *testing.T) {
	r := refParse([]byte("1 2 2\n2 1\n# c\n3 3\n"))
	if r.err || len(r.nodes) != 3 || len(r.edges) != 1 || r.edges[[2]string{"1", "2"}] != 3 {
		t.Errorf("%+v", r)
	}
	if r := refParse([]byte("1 2\n\n3\n")); !r.err || r.errLine != 3 {
		t.Errorf("%+v", r)
	}
}

// TestReadSameWhicheverPath: a file reads the same whether the fast integer
// pass takes it or gives it up to the string pass, which splits fields at
// any Unicode space and must number equal integers as one node.
func TestReadSameWhicheverPath(t *testing.T) {
	for _, s := range []string{
		"4 5 2.5\u00a0x\n",              // a no-break space after the weight
		"4 5 2.5\u00a0\n6 7\n",          // and at the end of the line
		"0 1\n-0 9223372036854775807\n", // too long for the fast pass: 0 and -0 are one node
		"007 7 2\n+7 8\n9223372036854775807 8\n",
	} {
		g, err := ReadEdgeList(strings.NewReader(s), "x", ReadOptions{})
		t.Run(strconv.Quote(s), func(t *testing.T) { sameAsRef(t, []byte(s), g, err) })
	}
	g, err := ReadCSV(strings.NewReader("source,target\n007,7\n7,8\n+8,9\n"), "x", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if g.N() != 3 || g.M() != 2 || g.Label(0) != "7" {
		t.Errorf("csv: n=%d m=%d label %q, want 3 nodes (7, 8, 9) and 2 edges", g.N(), g.M(), g.Label(0))
	}
	if i, ok := g.Index("8"); !ok || i != 1 {
		t.Errorf("csv: Index(8) = %d %v", i, ok)
	}
}
