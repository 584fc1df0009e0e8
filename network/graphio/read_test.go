package graphio

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/network"
)

func TestReadFormats(t *testing.T) {
	for _, tc := range []struct {
		file           string
		n, m           int
		weighted       bool
		label0, label4 string
	}{
		{"triangle_tail.txt", 5, 5, false, "0", "4"},
		{"names.csv", 5, 5, true, "ann", "eve"},
		{"names.graphml", 3, 2, true, "ann", ""},
		{"florentine_marriage.txt", 15, 20, false, "0", "4"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			g, err := ReadFile(filepath.Join("testdata", tc.file), ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if g.N() != tc.n || g.M() != tc.m || g.Weighted() != tc.weighted {
				t.Fatalf("n=%d m=%d weighted=%v, want %d %d %v", g.N(), g.M(), g.Weighted(), tc.n, tc.m, tc.weighted)
			}
			if g.Label(0) != tc.label0 || (tc.label4 != "" && g.Label(4) != tc.label4) {
				t.Errorf("labels %q %q", g.Label(0), g.Label(min(4, g.N()-1)))
			}
		})
	}
	g, err := ReadFile("testdata/names.graphml", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if d := g.Attr("department", 1); d != "Eng" {
		t.Errorf("graphml attribute: %q", d)
	}
	if w := g.Weights(0); len(w) != 1 || w[0] != 2.5 {
		t.Errorf("graphml weight: %v", w)
	}
}

func TestReadGzipAndIds(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte("10 20\n20 30 2.5\n-5 10\n"))
	zw.Close()
	path := filepath.Join(dir, "e.txt.gz")
	os.WriteFile(path, buf.Bytes(), 0o644)
	g, err := ReadFile(path, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Integer ids are numbered in increasing order and keep their label.
	want := []string{"-5", "10", "20", "30"}
	for i, l := range want {
		if g.Label(i) != l {
			t.Errorf("node %d label %q, want %q", i, g.Label(i), l)
		}
	}
	if i, ok := g.Index("30"); !ok || i != 3 {
		t.Errorf("Index(30) = %d %v", i, ok)
	}
	if !g.Weighted() {
		t.Error("weight column ignored")
	}
	// Sparse non-negative ids go through the rank table.
	g, err = ReadEdgeList(strings.NewReader("7 1000000000\n7 3\n"), "x", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if g.N() != 3 || g.Label(0) != "3" || g.Label(2) != "1000000000" {
		t.Errorf("sparse ids: n=%d labels %q %q", g.N(), g.Label(0), g.Label(2))
	}
	// String ids anywhere switch to first-appearance order.
	g, err = ReadEdgeList(strings.NewReader("1 2\n2 alice\n"), "x", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if g.N() != 3 || g.Label(2) != "alice" {
		t.Errorf("string ids: n=%d label %q", g.N(), g.Label(2))
	}
}

func TestPolicySelfLoopsDuplicates(t *testing.T) {
	g, err := ReadEdgeList(strings.NewReader("0 1 2\n1 0 3\n1 1\n1 2\n"), "p", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	st := g.Stats()
	if g.M() != 2 || st.SelfLoops != 1 || st.Duplicates != 1 || st.EdgesRead != 4 {
		t.Fatalf("m=%d stats %+v", g.M(), st)
	}
	if w := g.Weights(0); w[0] != 5 {
		t.Errorf("merged weight %v, want 5 (summed)", w[0])
	}
	d, err := ReadEdgeList(strings.NewReader("0 1\n1 0\n0 1\n"), "p", ReadOptions{Directed: true})
	if err != nil {
		t.Fatal(err)
	}
	if d.M() != 2 || d.Stats().Duplicates != 1 {
		t.Errorf("directed: m=%d stats %+v", d.M(), d.Stats())
	}
}

func TestReadBadInput(t *testing.T) {
	for _, tc := range []struct {
		name, format, input string
		code, want          string
	}{
		{"one field", "edgelist", "0 1\n2\n", ally.EINVALID, "x:2: expected two node ids"},
		{"bad weight", "edgelist", "0 1\n1 2 heavy\n", ally.EINVALID, `x:2: weight "heavy" is not a number`},
		{"NaN weight", "edgelist", "0 1 NaN\n", ally.EINVALID, `x:1: weight "NaN" must be finite and positive`},
		{"negative weight", "edgelist", "# c\n0 1 -2\n", ally.EINVALID, `x:2: weight "-2" must be finite and positive`},
		{"empty", "edgelist", "# nothing\n\n", ally.EINVALID, "empty graph"},
		{"string ids bad weight", "edgelist", "a b\nb c x\n", ally.EINVALID, `x:2: weight "x" is not a number`},
		{"csv short row", "csv", "source,target\na,b\nc\n", ally.EINVALID, "x:3:"},
		{"csv bad weight", "csv", "source,target,weight\na,b,1\nb,c,-1\n", ally.EINVALID, `x:3: weight "-1"`},
		{"csv empty", "csv", "", ally.EINVALID, "empty file"},
		{"graphml broken", "graphml", "<graphml><graph><node id='a'></graph>", ally.EINVALID, "x:1:"},
		{"graphml no graph", "graphml", "<html></html>", ally.EINVALID, "not GraphML"},
		{"graphml bad weight", "graphml", `<graphml><key id="w" for="edge" attr.name="weight"/><graph><edge source="a" target="b"><data key="w">inf</data></edge></graph></graphml>`, ally.EINVALID, "must be finite"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			r := strings.NewReader(tc.input)
			switch tc.format {
			case "csv":
				_, err = ReadCSV(r, "x", ReadOptions{})
			case "graphml":
				_, err = ReadGraphML(r, "x", ReadOptions{})
			default:
				_, err = ReadEdgeList(r, "x", ReadOptions{})
			}
			if err == nil {
				t.Fatal("no error")
			}
			if ally.ErrorCode(err) != tc.code || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %s %q, want %s containing %q", ally.ErrorCode(err), err, tc.code, tc.want)
			}
		})
	}
}

func TestReadFileErrors(t *testing.T) {
	_, err := ReadFile("testdata/no-such-file.txt", ReadOptions{})
	if ally.ErrorCode(err) != ally.ENOTFOUND {
		t.Errorf("missing file: %v", err)
	}
	// A limit below the estimate is refused before parsing, with the estimate.
	_, err = ReadFile("testdata/florentine_marriage.txt", ReadOptions{MemoryLimit: 1 << 20})
	if ally.ErrorCode(err) != ally.EINVALID || !strings.Contains(err.Error(), "too big for memory") {
		t.Errorf("memory limit: %v", err)
	}
	g, err := ReadFile("testdata/florentine_marriage.txt", ReadOptions{MemoryLimit: 1 << 30})
	if err != nil || g.N() != 15 {
		t.Errorf("under the limit: %v", err)
	}
}

func TestLabels(t *testing.T) {
	g, err := ReadFile("testdata/triangle_tail.txt", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	h, err := ReadLabelsFile(g, "testdata/labels.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if h != g || g.Attr("name", 3) != "Dee" || g.Attr("department", 4) != "Eng" {
		t.Errorf("attributes: %q %q (same graph %v)", g.Attr("name", 3), g.Attr("department", 4), h == g)
	}
	for _, tc := range []struct{ in, want string }{
		{"id\tname\n0\tA\n0\tB\n", `l:3: node "0" has a second row`},
		{"id\tname\n0\tA\n9\tZ\n09\tY\n", `l:4: node "9" has a second row (the first is line 3)`},
		{"id\tname\n0\tA\n\tB\n", "l:3: empty node id"},
		{"id\tname\n0\tA\tB\n", "l:2:"},
		{"id\tname\nAnn\tA\nBob\tB\n", `l:2: none of the 2 rows names a node of the graph (the first names "Ann", the graph's first node is "0")`},
		{"", "empty file"},
		{"id\n0\n", "at least one attribute"},
	} {
		_, err := ReadLabels(g, strings.NewReader(tc.in), "l")
		if ally.ErrorCode(err) != ally.EINVALID || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %q", tc.in, err, tc.want)
		}
	}
	if _, err := ReadLabelsFile(g, "testdata/nope.tsv"); ally.ErrorCode(err) != ally.ENOTFOUND {
		t.Errorf("missing labels file: %v", err)
	}
}

// TestLabelsAddIsolated: a row naming a node with no edge is a node
// without ties, appended in the table's order, with its attributes; g is
// left as it was; integer ids are read as integers ("+9", "007") when the
// graph's are, and as written when they are strings.
func TestLabelsAddIsolated(t *testing.T) {
	g, err := ReadFile("testdata/triangle_tail.txt", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	h, err := ReadLabels(g, strings.NewReader("id\tname\n0\tAnn\n+9\tZoe\n4\tEve\n007\tYan\n5\tXi\n"), "l")
	if err != nil {
		t.Fatal(err)
	}
	if h.N() != 8 || h.M() != g.M() || g.N() != 5 || g.Attr("name", 0) != "" {
		t.Fatalf("n %d m %d; g n %d, name %q", h.N(), h.M(), g.N(), g.Attr("name", 0))
	}
	checkGraph(t, h)
	deg := network.Degree(h)
	for i, want := range []struct{ label, name string }{{"0", "Ann"}, {"1", ""}, {"4", "Eve"}, {"9", "Zoe"}, {"7", "Yan"}, {"5", "Xi"}} {
		node, ok := h.Index(want.label)
		if !ok || h.Attr("name", node) != want.name || (i >= 3) != (deg[node] == 0) {
			t.Errorf("node %s: %d %v, name %q, degree %d", want.label, node, ok, h.Attr("name", node), deg[node])
		}
	}
	if i, _ := h.Index("9"); i != 5 {
		t.Errorf("the new nodes follow the table's order: 9 is node %d", i)
	}

	// String ids: read as written.
	s, err := ReadEdgeList(strings.NewReader("ann bob\nbob 7\n"), "s", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s2, err := ReadLabels(s, strings.NewReader("id,team\nann,a\n007,b\n7,c\n"), "l")
	if err != nil {
		t.Fatal(err)
	}
	if i, ok := s2.Index("007"); s2.N() != 4 || !ok || s2.Attr("team", i) != "b" {
		t.Errorf("string ids: n %d, 007 at %d %v", s2.N(), i, ok)
	}
}

// TestLabelsIsolatedReference: the node tables of network's isolated
// reference (network/testdata/isolated) read through ReadFile and
// ReadLabelsFile give igraph's vertices: every id of the table and of the
// edge list, the table's extra ones without ties (the metrics on them are
// checked by network's TestIsolatedReference).
func TestLabelsIsolatedReference(t *testing.T) {
	const dir = "../testdata/isolated"
	for name, edges := range map[string]string{"karate": "../testdata/graphs/karate.txt", "florentine": "../testdata/graphs/florentine.txt", "hand": dir + "/hand.txt"} {
		g, err := ReadFile(edges, ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		g, err = ReadLabelsFile(g, dir+"/"+name+".labels.tsv")
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(dir + "/" + name + ".tsv")
		if err != nil {
			t.Fatal(err)
		}
		rows := strings.Split(strings.TrimSpace(string(b)), "\n")[1:]
		if len(rows) != g.N() {
			t.Errorf("%s: %d nodes, igraph %d", name, g.N(), len(rows))
		}
		deg := network.Degree(g)
		for _, r := range rows {
			f := strings.Split(r, "\t")
			node, ok := g.Index(f[0])
			if !ok || strconv.Itoa(deg[node]) != f[1] {
				t.Errorf("%s: node %s: %d %v, degree %d, igraph %s", name, f[0], node, ok, deg[node], f[1])
			}
		}
	}
}

// checkGraph verifies the CSR invariants of a successfully read graph.
func checkGraph(t *testing.T, g *network.Graph) {
	t.Helper()
	off, adj, w := g.CSR()
	if len(off) != g.N()+1 || off[g.N()] != int64(len(adj)) || (w != nil && len(w) != len(adj)) {
		t.Fatalf("CSR shape: n=%d off=%d adj=%d", g.N(), len(off), len(adj))
	}
	for u := 0; u < g.N(); u++ {
		seen := map[int32]bool{}
		for _, v := range g.Neighbors(u) {
			if int(v) == u || seen[v] || v < 0 || int(v) >= g.N() {
				t.Fatalf("row %d: bad neighbour %d", u, v)
			}
			seen[v] = true
		}
	}
	for _, x := range w {
		if !(x > 0) {
			t.Fatalf("weight %v", x)
		}
	}
}

func FuzzReadEdgeList(f *testing.F) {
	for _, s := range []string{"0 1\n1 2 3.5\n", "a b\n# c\nb c 2\n", "1 1\n1 2\n2 1\n", "-3 +4 1e3\n", "0 1\r\n1 2\r\n", "x\n", "9223372036854775807 1\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, err := ReadEdgeList(strings.NewReader(s), "fuzz", ReadOptions{})
		sameAsRef(t, []byte(s), g, err)
		if err == nil {
			checkGraph(t, g)
		}
	})
}

func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{"source,target\na,b\n", "from,to,weight\n1,2,0.5\n2,3,1\n", "u,v\n\"a,b\",c\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, err := ReadCSV(strings.NewReader(s), "fuzz", ReadOptions{})
		if err != nil {
			if ally.ErrorCode(err) != ally.EINVALID {
				t.Fatalf("error code %s: %v", ally.ErrorCode(err), err)
			}
			return
		}
		checkGraph(t, g)
	})
}

func FuzzReadGraphML(f *testing.F) {
	b, _ := os.ReadFile("testdata/names.graphml")
	f.Add(string(b))
	f.Add(`<graphml><graph edgedefault="directed"><edge source="a" target="b"/></graph></graphml>`)
	f.Fuzz(func(t *testing.T, s string) {
		g, err := ReadGraphML(strings.NewReader(s), "fuzz", ReadOptions{})
		if err != nil {
			if ally.ErrorCode(err) != ally.EINVALID {
				t.Fatalf("error code %s: %v", ally.ErrorCode(err), err)
			}
			return
		}
		checkGraph(t, g)
	})
}

func FuzzReadLabels(f *testing.F) {
	b, _ := os.ReadFile("testdata/labels.tsv")
	f.Add(string(b))
	f.Add("id,name\n0,a\n1,\"b\"\n")
	g, err := ReadFile("testdata/triangle_tail.txt", ReadOptions{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := ReadLabels(g, strings.NewReader(s), "fuzz")
		if err != nil {
			if ally.ErrorCode(err) != ally.EINVALID {
				t.Fatalf("error code %s: %v", ally.ErrorCode(err), err)
			}
			return
		}
		checkGraph(t, h)
		if g.N() != 5 || h.M() != g.M() {
			t.Fatalf("the table changed the graph: %d nodes, %d edges", g.N(), h.M())
		}
	})
}
