package network

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/allyhq/ally"
)

// TestWriteRefusesInfiniteWeight: a graph built in code can still sum two
// huge duplicate weights to +Inf; the writers refuse it before writing a
// byte instead of writing "+Inf", which no GraphML or GEXF reader takes.
func TestWriteRefusesInfiniteWeight(t *testing.T) {
	b := NewBuilder(false)
	b.AddEdgeLabels("a", "b", 1e308)
	b.AddEdgeLabels("b", "a", 1e308)
	b.AddEdgeLabels("b", "c", 2)
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
	cols := []Column{{Name: "m", Float: []float64{math.NaN(), math.Inf(1), 0.5}}}
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
