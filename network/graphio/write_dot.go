package graphio

import (
	"bufio"
	"io"
	"strconv"
	"strings"

	"github.com/allyhq/ally/network"
)

// WriteDOT writes g in Graphviz's DOT language (for dot, neato, sfdp,
// Gephi's and networkx's DOT readers): "graph" with "--" edges when g is
// undirected, "digraph" with "->" when it is directed.
//
// Nodes are named by their index (0, 1, …), as in GEXF, and carry the
// node's label as the label attribute, then the node attributes and cols
// as attributes of the same names; a NaN or infinite value is left out.
// Naming nodes by index keeps every node statement valid whatever the
// label holds, and DOT has no escape that gives back every label as the
// node name itself (a name's backslashes are kept as written). An edge of
// a weighted graph has its weight as weight=.
//
// An attribute name or value is written bare when it is a DOT identifier
// (ASCII letters, digits and _, not starting with a digit, not a keyword)
// or a DOT numeral (0.25, -3; not 1e-05, whose exponent DOT lacks), so
// that readers which keep the quotes of a quoted value (pydot, and so
// networkx's read_dot) give plain names and numbers. Anything else is a
// double-quoted string, escaped as Graphviz reads a label (escString): a
// backslash is written \\, a double quote \", a line feed \n (a carriage
// return before a line feed is dropped, any other one becomes \n too, as
// DOT has no escape of its own for it), and bytes that are not UTF-8
// become U+FFFD, since Graphviz reads UTF-8. A node attribute named
// "label" is written as "attr_label" so that it does not replace the
// node's label.
func WriteDOT(w io.Writer, g *network.Graph, cols []network.Column) error {
	all, err := checkColumns(g, cols)
	if err != nil {
		return err
	}
	names := make([]string, len(all))
	for i, c := range all {
		name := c.Name
		if name == "label" {
			name = "attr_label"
		}
		names[i] = dotID(name)
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	kind, arrow := "graph", " -- "
	if g.Directed() {
		kind, arrow = "digraph", " -> "
	}
	bw.WriteString(kind)
	bw.WriteString(" G {\n")
	var num []byte
	for v := 0; v < g.N(); v++ {
		num = strconv.AppendInt(num[:0], int64(v), 10)
		bw.WriteString("  ")
		bw.Write(num)
		bw.WriteString(" [label=")
		bw.WriteString(dotID(g.Label(v)))
		for i, c := range all {
			if s, ok := colValue(c, v); ok {
				bw.WriteString(", ")
				bw.WriteString(names[i])
				bw.WriteByte('=')
				bw.WriteString(dotID(s))
			}
		}
		bw.WriteString("];\n")
	}
	eachEdge(g, func(u, v int, wt float64) {
		bw.WriteString("  ")
		num = strconv.AppendInt(num[:0], int64(u), 10)
		bw.Write(num)
		bw.WriteString(arrow)
		num = strconv.AppendInt(num[:0], int64(v), 10)
		bw.Write(num)
		if g.Weighted() {
			bw.WriteString(" [weight=")
			bw.WriteString(dotID(strconv.FormatFloat(wt, 'g', -1, 64)))
			bw.WriteByte(']')
		}
		bw.WriteString(";\n")
	})
	bw.WriteString("}\n")
	return bw.Flush() // bufio keeps the first write error
}

// dotID returns s as a DOT ID: bare when it is an identifier or a
// numeral, else quoted by dotQuote.
func dotID(s string) string {
	if isDOTName(s) || isDOTNumeral(s) {
		return s
	}
	return dotQuote(s)
}

// isDOTName reports whether s is a DOT identifier, ASCII only, that is
// not one of the keywords (which DOT reads in any case).
func isDOTName(s string) bool {
	if s == "" || '0' <= s[0] && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	switch strings.ToLower(s) {
	case "node", "edge", "graph", "digraph", "subgraph", "strict":
		return false
	}
	return true
}

// isDOTNumeral reports whether s is [-]?(.[0-9]+ | [0-9]+(.[0-9]*)?).
func isDOTNumeral(s string) bool {
	s = strings.TrimPrefix(s, "-")
	digits, dot := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9':
			digits++
		case c == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return digits > 0
}

// dotQuote returns s as a DOT double-quoted string, escaped as WriteDOT
// says.
func dotQuote(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if !strings.ContainsAny(s, "\\\"\n\r") {
		return `"` + s + `"`
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				continue
			}
			b.WriteString(`\n`)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
