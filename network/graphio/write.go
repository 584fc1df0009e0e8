package graphio

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/network"
)

// colKind returns the type of c's values in GraphML and in GEXF.
func colKind(c network.Column) (graphml, gexf string) {
	switch {
	case c.Float != nil:
		return "double", "double"
	case c.Int != nil:
		return "long", "long"
	}
	return "string", "string"
}

// colValue writes c's value for node i; false for a NaN or infinite float,
// which is left out.
func colValue(c network.Column, i int) (string, bool) {
	switch {
	case c.Float != nil:
		f := c.Float[i]
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return "", false
		}
		return strconv.FormatFloat(f, 'g', -1, 64), true
	case c.Int != nil:
		return strconv.Itoa(c.Int[i]), true
	}
	return c.String[i], true
}

// colLen is the number of values in c.
func colLen(c network.Column) int {
	switch {
	case c.Float != nil:
		return len(c.Float)
	case c.Int != nil:
		return len(c.Int)
	}
	return len(c.String)
}

// checkColumns returns the node attributes of g followed by cols. It also
// refuses a graph with a weight that is not finite: the readers bound
// weights, but a Builder's duplicates sum, and 1e308 + 1e308 is +Inf, which
// strconv would write as "+Inf" where GraphML and GEXF want a number. The
// check comes before the first byte so that nothing half-written is left.
func checkColumns(g *network.Graph, cols []network.Column) ([]network.Column, error) {
	for u := 0; u < g.N(); u++ {
		for i, w := range g.Weights(u) {
			if math.IsNaN(w) || math.IsInf(w, 0) {
				return nil, ally.Errorf(ally.EINVALID, "edge %s–%s: weight %v is not a finite number; the graph cannot be written", g.Label(u), g.Label(int(g.Neighbors(u)[i])), w)
			}
		}
	}
	var all []network.Column
	for _, name := range g.AttrNames() {
		all = append(all, network.Column{Name: name, String: g.AttrValues(name)})
	}
	for _, c := range cols {
		if colLen(c) != g.N() {
			return nil, ally.Errorf(ally.EINVALID, "column %q has %d values for %d nodes", c.Name, colLen(c), g.N())
		}
		all = append(all, c)
	}
	return all, nil
}

func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// WriteGraphML writes g as GraphML with the node attributes and cols as
// node data (for Gephi, Cytoscape, yEd, igraph, networkx), edge weights as
// the edge key "weight". NaN values are left out. Node ids are the labels.
func WriteGraphML(w io.Writer, g *network.Graph, cols []network.Column) error {
	all, err := checkColumns(g, cols)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	fmt.Fprintln(bw, `<?xml version="1.0" encoding="UTF-8"?>`)
	fmt.Fprintln(bw, `<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">`)
	for i, c := range all {
		t, _ := colKind(c)
		fmt.Fprintf(bw, "  <key id=\"d%d\" for=\"node\" attr.name=\"%s\" attr.type=\"%s\"/>\n", i, xmlEscape(c.Name), t)
	}
	if g.Weighted() {
		fmt.Fprintln(bw, `  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>`)
	}
	dir := "undirected"
	if g.Directed() {
		dir = "directed"
	}
	fmt.Fprintf(bw, "  <graph id=\"G\" edgedefault=\"%s\">\n", dir)
	for v := 0; v < g.N(); v++ {
		fmt.Fprintf(bw, "    <node id=\"%s\">", xmlEscape(g.Label(v)))
		for i, c := range all {
			if s, ok := colValue(c, v); ok {
				fmt.Fprintf(bw, "<data key=\"d%d\">%s</data>", i, xmlEscape(s))
			}
		}
		fmt.Fprintln(bw, "</node>")
	}
	eachEdge(g, func(u, v int, wt float64) {
		fmt.Fprintf(bw, "    <edge source=\"%s\" target=\"%s\"", xmlEscape(g.Label(u)), xmlEscape(g.Label(v)))
		if g.Weighted() {
			fmt.Fprintf(bw, "><data key=\"weight\">%s</data></edge>\n", strconv.FormatFloat(wt, 'g', -1, 64))
		} else {
			fmt.Fprintln(bw, "/>")
		}
	})
	fmt.Fprintln(bw, "  </graph>\n</graphml>")
	return bw.Flush()
}

// WriteGEXF writes g as GEXF 1.3 (Gephi's format) with the node attributes
// and cols as node attributes and edge weights.
func WriteGEXF(w io.Writer, g *network.Graph, cols []network.Column) error {
	all, err := checkColumns(g, cols)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	dir := "undirected"
	if g.Directed() {
		dir = "directed"
	}
	fmt.Fprintln(bw, `<?xml version="1.0" encoding="UTF-8"?>`)
	fmt.Fprintln(bw, `<gexf xmlns="http://gexf.net/1.3" version="1.3">`)
	fmt.Fprintf(bw, "  <graph mode=\"static\" defaultedgetype=\"%s\">\n", dir)
	fmt.Fprintln(bw, `    <attributes class="node">`)
	for i, c := range all {
		_, t := colKind(c)
		fmt.Fprintf(bw, "      <attribute id=\"%d\" title=\"%s\" type=\"%s\"/>\n", i, xmlEscape(c.Name), t)
	}
	fmt.Fprintln(bw, "    </attributes>\n    <nodes>")
	for v := 0; v < g.N(); v++ {
		l := xmlEscape(g.Label(v))
		fmt.Fprintf(bw, "      <node id=\"%d\" label=\"%s\"><attvalues>", v, l)
		for i, c := range all {
			if s, ok := colValue(c, v); ok {
				fmt.Fprintf(bw, "<attvalue for=\"%d\" value=\"%s\"/>", i, xmlEscape(s))
			}
		}
		fmt.Fprintln(bw, "</attvalues></node>")
	}
	fmt.Fprintln(bw, "    </nodes>\n    <edges>")
	id := 0
	eachEdge(g, func(u, v int, wt float64) {
		fmt.Fprintf(bw, "      <edge id=\"%d\" source=\"%d\" target=\"%d\" weight=\"%s\"/>\n", id, u, v, strconv.FormatFloat(wt, 'g', -1, 64))
		id++
	})
	fmt.Fprintln(bw, "    </edges>\n  </graph>\n</gexf>")
	return bw.Flush()
}

// eachEdge calls fn once per edge (u < v for undirected graphs).
func eachEdge(g *network.Graph, fn func(u, v int, w float64)) {
	for u := 0; u < g.N(); u++ {
		ws := g.Weights(u)
		for i, v := range g.Neighbors(u) {
			if !g.Directed() && int(v) < u {
				continue
			}
			wt := 1.0
			if ws != nil {
				wt = ws[i]
			}
			fn(u, int(v), wt)
		}
	}
}
