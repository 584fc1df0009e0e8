package graphio

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/network"
)

// dotGraph is what parseDOT reads of WriteDOT's output.
type dotGraph struct {
	directed bool
	nodes    []map[string]string // by index: attribute → value, unescaped
	edges    []dotEdge
}

type dotEdge struct {
	u, v   int
	weight string // "" when the edge has none
}

// parseDOT reads the statements WriteDOT writes, one a line, and fails on
// anything else: a header, "N [attrs];" with N the next index, "U -- V
// [weight=…];" (-> for a digraph), and "}". Quoted strings are read by the
// DOT grammar (\" is a quote, \\ a backslash kept as written) and then
// unescaped as Graphviz does a label (\\ → \, \n → line feed).
func parseDOT(data []byte) (*dotGraph, error) {
	s := string(data)
	g := &dotGraph{}
	switch {
	case strings.HasPrefix(s, "graph G {\n"):
		s = s[len("graph G {\n"):]
	case strings.HasPrefix(s, "digraph G {\n"):
		g.directed = true
		s = s[len("digraph G {\n"):]
	default:
		return nil, fmt.Errorf("no graph header: %.40q", s)
	}
	if !strings.HasSuffix(s, "}\n") {
		return nil, fmt.Errorf("no closing brace")
	}
	s = s[:len(s)-2]
	arrow := " -- "
	if g.directed {
		arrow = " -> "
	}
	for n, line := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		if line == "" {
			continue
		}
		if !strings.HasPrefix(line, "  ") || !strings.HasSuffix(line, ";") {
			return nil, fmt.Errorf("line %d: %q is not a statement", n+2, line)
		}
		line = line[2 : len(line)-1]
		head, attrs, _ := strings.Cut(line, " [")
		a, err := parseAttrs(attrs, line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", n+2, err)
		}
		if u, v, ok := strings.Cut(head, arrow); ok {
			ui, err1 := strconv.Atoi(u)
			vi, err2 := strconv.Atoi(v)
			if err1 != nil || err2 != nil || ui >= len(g.nodes) || vi >= len(g.nodes) {
				return nil, fmt.Errorf("line %d: edge %q between unknown nodes", n+2, head)
			}
			g.edges = append(g.edges, dotEdge{ui, vi, a["weight"]})
			continue
		}
		if id, err := strconv.Atoi(head); err != nil || id != len(g.nodes) {
			return nil, fmt.Errorf("line %d: node %q out of order", n+2, head)
		}
		g.nodes = append(g.nodes, a)
	}
	return g, nil
}

// parseAttrs reads `k=v, …]`, each k and v an ID (see id).
func parseAttrs(s, line string) (map[string]string, error) {
	a := map[string]string{}
	if s == "" {
		return a, nil
	}
	if !strings.HasSuffix(s, "]") {
		return nil, fmt.Errorf("%q: attributes do not end with ]", line)
	}
	s = s[:len(s)-1]
	for len(s) > 0 {
		var k, v string
		var err error
		if k, s, err = id(s); err != nil {
			return nil, err
		}
		if !strings.HasPrefix(s, "=") {
			return nil, fmt.Errorf("%q: no = after %q", line, k)
		}
		if v, s, err = id(s[1:]); err != nil {
			return nil, err
		}
		if _, dup := a[k]; dup {
			return nil, fmt.Errorf("%q: %s twice", line, k)
		}
		a[k] = v
		s = strings.TrimPrefix(s, ", ")
	}
	return a, nil
}

// id reads one DOT ID at the start of s: a quoted string (see quoted), or
// a bare identifier or numeral, which must be what dotID writes bare.
func id(s string) (string, string, error) {
	if strings.HasPrefix(s, `"`) {
		return quoted(s)
	}
	i := strings.IndexAny(s, "=,]")
	if i < 0 {
		i = len(s)
	}
	if v := s[:i]; isDOTName(v) || isDOTNumeral(v) {
		return v, s[i:], nil
	}
	return "", s, fmt.Errorf("%.20q: not an ID", s)
}

// quoted reads one DOT double-quoted string at the start of s and returns
// it unescaped as a label, and the rest.
func quoted(s string) (string, string, error) {
	if s == "" || s[0] != '"' {
		return "", s, fmt.Errorf("%.20q: not a quoted string", s)
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			return b.String(), s[i+1:], nil
		case '\n', '\r':
			return "", s, fmt.Errorf("raw line break in a string")
		case '\\':
			if i+1 == len(s) {
				return "", s, fmt.Errorf("unterminated escape")
			}
			i++
			switch s[i] {
			case '\\':
				b.WriteByte('\\')
			case '"':
				b.WriteByte('"')
			case 'n':
				b.WriteByte('\n')
			default:
				return "", s, fmt.Errorf("escape \\%c WriteDOT does not write", s[i])
			}
		default:
			b.WriteByte(c)
		}
	}
	return "", s, fmt.Errorf("unterminated string")
}

// awkwardGraph has labels and attributes with every character DOT must
// escape, a DOT keyword as a label, and a node attribute named label.
func awkwardGraph(t testing.TB, directed bool) (*network.Graph, []network.Column) {
	t.Helper()
	b := network.NewBuilder(directed)
	a := b.AddNode(`Ann "the boss"`, map[string]string{"department": "R&D\\Lab", "label": "x"})
	bb := b.AddNode("back\\", map[string]string{"department": "two\nlines"})
	c := b.AddNode("node", map[string]string{"department": "crlf\r\nend"})
	d := b.AddNode("-> ; { } [ ] = , //", nil)
	b.AddEdge(a, bb, 0.5)
	b.AddEdge(bb, c, 2)
	b.AddEdge(c, a, 1)
	b.AddEdge(c, d, 3)
	g, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	cols := []network.Column{
		{Name: "pagerank", Float: []float64{1e-05, 0.25, math.NaN(), 0.5}},
		{Name: "core", Int: []int{2, 2, 2, 1}},
		{Name: "effective size", Float: []float64{1, 2, 3, 4}},
	}
	return g, cols
}

func TestWriteDOT(t *testing.T) {
	for _, tc := range []struct {
		name     string
		directed bool
	}{
		{"undirected", false},
		{"directed", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, cols := awkwardGraph(t, tc.directed)
			var buf bytes.Buffer
			if err := WriteDOT(&buf, g, cols); err != nil {
				t.Fatal(err)
			}
			p, err := parseDOT(buf.Bytes())
			if err != nil {
				t.Fatalf("%v\n%s", err, buf.Bytes())
			}
			if p.directed != tc.directed || len(p.nodes) != g.N() || len(p.edges) != g.M() {
				t.Fatalf("directed %v, %d nodes, %d edges; want %v, %d, %d\n%s", p.directed, len(p.nodes), len(p.edges), tc.directed, g.N(), g.M(), buf.Bytes())
			}
			for v, want := range []map[string]string{
				{"label": `Ann "the boss"`, "department": "R&D\\Lab", "attr_label": "x", "pagerank": "1e-05", "core": "2", "effective size": "1"},
				{"label": "back\\", "department": "two\nlines", "attr_label": "", "pagerank": "0.25", "core": "2", "effective size": "2"},
				{"label": "node", "department": "crlf\nend", "attr_label": "", "core": "2", "effective size": "3"}, // NaN left out
				{"label": "-> ; { } [ ] = , //", "department": "", "attr_label": "", "pagerank": "0.5", "core": "1", "effective size": "4"},
			} {
				if fmt.Sprint(p.nodes[v]) != fmt.Sprint(want) {
					t.Errorf("node %d = %q, want %q", v, p.nodes[v], want)
				}
			}
			weights := map[[2]int]string{}
			for _, e := range p.edges {
				weights[[2]int{e.u, e.v}] = e.weight
			}
			for _, e := range []struct {
				u, v int
				w    string
			}{{0, 1, "0.5"}, {1, 2, "2"}, {2, 0, "1"}, {2, 3, "3"}} {
				if !tc.directed && e.u > e.v {
					e.u, e.v = e.v, e.u
				}
				if got, ok := weights[[2]int{e.u, e.v}]; !ok || got != e.w {
					t.Errorf("edge %d–%d: weight %q (present %v), want %q", e.u, e.v, got, ok, e.w)
				}
			}
		})
	}
}

// TestWriteDOTUnweighted: an unweighted graph's edges carry no weight, and
// a graph without attributes has only the labels.
func TestWriteDOTUnweighted(t *testing.T) {
	g, err := ReadEdgeList(strings.NewReader("a b\nb c\n"), "x", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteDOT(&buf, g, nil); err != nil {
		t.Fatal(err)
	}
	want := "graph G {\n  0 [label=a];\n  1 [label=b];\n  2 [label=c];\n  0 -- 1;\n  1 -- 2;\n}\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

// TestWriteDOTRefuses: an infinite weight and a column of the wrong length
// are refused before a byte is written, as by the other writers; invalid
// UTF-8 is replaced so that Graphviz reads the file.
func TestWriteDOTRefuses(t *testing.T) {
	b := network.NewBuilder(false)
	a, bb := b.AddNode("a", nil), b.AddNode("b\xff", nil)
	b.AddEdge(a, bb, 1e308)
	b.AddEdge(bb, a, 1e308)
	g, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteDOT(&buf, g, nil); ally.ErrorCode(err) != ally.EINVALID || buf.Len() != 0 {
		t.Errorf("infinite weight: %v, %d bytes written", err, buf.Len())
	}
	b = network.NewBuilder(false)
	b.AddEdge(b.AddNode("a", nil), b.AddNode("b\xff", nil), 1)
	g2, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteDOT(&buf, g2, []network.Column{{Name: "m", Int: []int{1}}}); ally.ErrorCode(err) != ally.EINVALID || buf.Len() != 0 {
		t.Errorf("short column: %v, %d bytes written", err, buf.Len())
	}
	if err := WriteDOT(&buf, g2, nil); err != nil {
		t.Fatal(err)
	}
	if p, err := parseDOT(buf.Bytes()); err != nil || p.nodes[1]["label"] != "b\uFFFD" {
		t.Errorf("invalid UTF-8: %v %v\n%s", err, p, buf.Bytes())
	}
}

// TestWriteDOTGraphviz reads WriteDOT's output with Graphviz itself: gvpr
// (of Debian's graphviz package) prints what it parsed, node and edge
// counts, directedness and each node's label, and dot lays the graph out
// without a warning. Skipped when Graphviz is not installed.
func TestWriteDOTGraphviz(t *testing.T) {
	gvpr, err := exec.LookPath("gvpr")
	if err != nil {
		t.Skip("gvpr not found (apt-get install graphviz): DOT output not checked with Graphviz")
	}
	dot, err := exec.LookPath("dot")
	if err != nil {
		t.Skip("dot not found (apt-get install graphviz)")
	}
	for _, directed := range []bool{false, true} {
		g, cols := awkwardGraph(t, directed)
		var buf bytes.Buffer
		if err := WriteDOT(&buf, g, cols); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "g.dot")
		if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		// gvpr gives the strings as the DOT grammar reads them (\" is a
		// quote, other escapes are left for the label's renderer).
		prog := `N { print("N ", $.name, "\t", aget($, "label"), "\t", aget($, "pagerank")) } E { print("E ", $.tail.name, " ", $.head.name, " ", aget($, "weight")) } END_G { print("G ", nNodes($G), " ", nEdges($G), " ", isDirect($G)) }`
		out, err := exec.Command(gvpr, prog, path).CombinedOutput()
		if err != nil {
			t.Fatalf("gvpr: %v\n%s\n%s", err, out, buf.Bytes())
		}
		want := fmt.Sprintf("G %d %d %d", g.N(), g.M(), map[bool]int{false: 0, true: 1}[directed])
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if lines[len(lines)-1] != want {
			t.Errorf("gvpr: %q, want %q", lines[len(lines)-1], want)
		}
		nodes := map[string]string{}
		edges := 0
		for _, l := range lines {
			switch {
			case strings.HasPrefix(l, "N "):
				id, rest, _ := strings.Cut(l[2:], "\t")
				nodes[id] = rest
			case strings.HasPrefix(l, "E "):
				edges++
				if f := strings.Fields(l); len(f) != 4 {
					t.Errorf("gvpr edge without weight: %q", l)
				}
			}
		}
		if len(nodes) != g.N() || edges != g.M() {
			t.Errorf("gvpr read %d nodes and %d edges, want %d and %d", len(nodes), edges, g.N(), g.M())
		}
		for v := 0; v < g.N(); v++ {
			// The grammar's reading: backslashes as written, \n not yet a line feed.
			label := strings.NewReplacer(`\`, `\\`, "\n", `\n`).Replace(g.Label(v))
			pr, _ := colValue(cols[0], v)
			if got, w := nodes[strconv.Itoa(v)], label+"\t"+pr; got != w {
				t.Errorf("gvpr node %d: %q, want %q", v, got, w)
			}
		}
		out, err = exec.Command(dot, "-Tplain", path).CombinedOutput()
		if err != nil || strings.Contains(string(out), "Warning") || strings.Contains(string(out), "Error") {
			t.Errorf("dot: %v\n%s", err, out)
		}
	}
}

// FuzzWriteDOT: whatever the labels and attribute values, the output is
// DOT that parseDOT reads back with the same labels and values (invalid
// UTF-8 replaced, CRLF as LF, a lone CR as LF).
func FuzzWriteDOT(f *testing.F) {
	f.Add("Ann \"the boss\"", "R&D\\Lab", "x\ny")
	f.Add("back\\", "", "\\\"")
	f.Add("\r", "\r\n", "\xff\xfe")
	f.Fuzz(func(t *testing.T, l1, l2, attr string) {
		if l1 == l2 {
			return
		}
		b := network.NewBuilder(false)
		u, v := b.AddNode(l1, map[string]string{"a": attr}), b.AddNode(l2, nil)
		b.AddEdge(u, v, 1.5)
		g, err := b.Build()
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := WriteDOT(&buf, g, nil); err != nil {
			t.Fatal(err)
		}
		p, err := parseDOT(buf.Bytes())
		if err != nil {
			t.Fatalf("%v\n%q", err, buf.Bytes())
		}
		norm := func(s string) string {
			s = strings.ToValidUTF8(s, "\uFFFD")
			return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
		}
		if len(p.nodes) != 2 || len(p.edges) != 1 || p.edges[0].weight != "1.5" {
			t.Fatalf("%d nodes, %d edges: %q", len(p.nodes), len(p.edges), buf.Bytes())
		}
		for i := 0; i < 2; i++ {
			if got := p.nodes[i]["label"]; got != norm(g.Label(i)) {
				t.Errorf("label %q reads back as %q", g.Label(i), got)
			}
			if got := p.nodes[i]["a"]; got != norm(g.Attr("a", i)) {
				t.Errorf("attribute %q reads back as %q", g.Attr("a", i), got)
			}
		}
	})
}

// BenchmarkWriteDOT writes a random graph of 100k weighted edges among 20k
// nodes with two metric columns.
func BenchmarkWriteDOT(b *testing.B) {
	g, err := ReadEdgeList(bytes.NewReader(genEdgeList(100_000, 20_000, 1, true)), "x", ReadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	pr := make([]float64, g.N())
	core := make([]int, g.N())
	for i := range pr {
		pr[i] = 1 / float64(i+1)
		core[i] = i % 7
	}
	cols := []network.Column{{Name: "pagerank", Float: pr}, {Name: "coreness", Int: core}}
	var buf bytes.Buffer
	if err := WriteDOT(&buf, g, cols); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		buf.Reset()
		if err := WriteDOT(&buf, g, cols); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(g.M())*float64(b.N)/b.Elapsed().Seconds(), "edges/s")
}

// TestWriteDOTNetworkx reads WriteDOT's output with networkx's read_dot
// (through pydot), as a networkx user would: the same nodes, edges,
// weights and bare attribute names. pydot 1.4.2 (Debian 12) reads the line
// ends between statements as one more node named "\n"; the check leaves
// that node out. Skipped when /usr/bin/python3 lacks networkx or pydot
// (apt-get install python3-networkx python3-pydot).
func TestWriteDOTNetworkx(t *testing.T) {
	const py = "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import networkx, pydot").Run(); err != nil {
		t.Skipf("%s with networkx and pydot not available (%v): DOT output not checked with networkx", py, err)
	}
	g, cols := awkwardGraph(t, false)
	var buf bytes.Buffer
	if err := WriteDOT(&buf, g, cols); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "g.dot")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	script := `import sys, networkx as nx
g = nx.nx_pydot.read_dot(sys.argv[1])
g.remove_nodes_from([n for n in list(g.nodes) if n == "\\n"])
print(g.number_of_nodes(), g.number_of_edges(), int(g.is_directed()))
for u, v, d in sorted(g.edges(data=True)):
    print(u, v, d.get("weight"))
print(g.nodes["1"]["core"], g.nodes["1"]["pagerank"], g.nodes["0"]["attr_label"], sorted(g.nodes["0"]))
`
	out, err := exec.Command(py, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("networkx: %v\n%s", err, out)
	}
	want := "4 4 0\n0 1 0.5\n0 2 1\n1 2 2\n2 3 3\n" +
		`2 0.25 x ['"effective size"', 'attr_label', 'core', 'department', 'label', 'pagerank']` + "\n"
	if string(out) != want {
		t.Errorf("networkx read:\n%s\nwant:\n%s", out, want)
	}
}
