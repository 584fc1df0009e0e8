package graphio

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/network"
)

// TestWriteRefusesInfiniteWeight: a graph built in code can still sum two
// huge duplicate weights to +Inf; the writers refuse it before writing a
// byte instead of writing "+Inf", which no GraphML or GEXF reader takes.
func TestWriteRefusesInfiniteWeight(t *testing.T) {
	b := network.NewBuilder(false)
	a, bb, c := b.AddNode("a", nil), b.AddNode("b", nil), b.AddNode("c", nil)
	b.AddEdge(a, bb, 1e308)
	b.AddEdge(bb, a, 1e308)
	b.AddEdge(bb, c, 2)
	g, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	for name, write := range map[string]func(*bytes.Buffer) error{
		"graphml": func(w *bytes.Buffer) error { return WriteGraphML(w, g, nil) },
		"gexf":    func(w *bytes.Buffer) error { return WriteGEXF(w, g, nil) },
	} {
		var buf bytes.Buffer
		err := write(&buf)
		if ally.ErrorCode(err) != ally.EINVALID || !strings.Contains(err.Error(), "a–b") {
			t.Errorf("%s: got %v, want EINVALID naming the edge a–b", name, err)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: wrote %d bytes before refusing", name, buf.Len())
		}
	}
}

// TestWriteNaNColumn: NaN and infinite metric values are left out of the
// node data rather than written.
func TestWriteNaNColumn(t *testing.T) {
	g, err := ReadEdgeList(strings.NewReader("0 1 2\n1 2 3\n"), "x", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cols := []network.Column{{Name: "m", Float: []float64{math.NaN(), math.Inf(1), 0.5}}}
	for name, write := range map[string]func(*bytes.Buffer) error{
		"graphml": func(w *bytes.Buffer) error { return WriteGraphML(w, g, cols) },
		"gexf":    func(w *bytes.Buffer) error { return WriteGEXF(w, g, cols) },
	} {
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			t.Fatal(err)
		}
		s := strings.ToLower(buf.String())
		if strings.Contains(s, "nan") || strings.Contains(s, "inf") || !strings.Contains(s, "0.5") {
			t.Errorf("%s:\n%s", name, buf.String())
		}
	}
}

// TestWriteGraphMLRoundTrip: a built graph with attributes and metric
// columns written as GraphML reads back with the same nodes, edges and
// values; GEXF names the columns; a column of the wrong length is refused.
func TestWriteGraphMLRoundTrip(t *testing.T) {
	b := network.NewBuilder(false)
	ann := b.AddNode("ann", map[string]string{"department": "Sales"})
	bob := b.AddNode("bob", map[string]string{"department": "Eng", "title": "CTO"})
	cy := b.AddNode("cy & co", nil)
	b.AddEdge(ann, bob, 0.5)
	b.AddEdge(bob, cy, 2)
	g, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	cols := []network.Column{{Name: "pagerank", Float: []float64{0.2, 0.5, math.NaN()}}, {Name: "core", Int: []int{1, 1, 1}}}
	var buf bytes.Buffer
	if err := WriteGraphML(&buf, g, cols); err != nil {
		t.Fatal(err)
	}
	back, err := ReadGraphML(&buf, "round trip", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if back.N() != 3 || back.M() != 2 || back.Attr("pagerank", 1) != "0.5" || back.Attr("department", 0) != "Sales" || back.Label(2) != "cy & co" {
		t.Errorf("graphml round trip: n=%d m=%d pagerank %q label %q", back.N(), back.M(), back.Attr("pagerank", 1), back.Label(2))
	}
	if w := back.Weights(1); len(w) != 2 || w[0]+w[1] != 2.5 {
		t.Errorf("graphml round trip: weights of bob %v", w)
	}
	buf.Reset()
	if err := WriteGEXF(&buf, g, cols); err != nil || !strings.Contains(buf.String(), `title="pagerank"`) {
		t.Errorf("gexf: %v", err)
	}
	if err := WriteGEXF(&buf, g, []network.Column{{Name: "short", Int: []int{1}}}); ally.ErrorCode(err) != ally.EINVALID {
		t.Errorf("short column: %v, want EINVALID", err)
	}
}
