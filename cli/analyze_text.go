package cli

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/app"
	"github.com/allyhq/ally/network"
)

// printAnalyzeText prints the report for a person to read: the graph, the
// notes, the top of the table by --sort, the groups and the meetings.
func printAnalyzeText(w io.Writer, rep *app.AnalyzeReport, f *analyzeFlags) error {
	g, cols := rep.Nodes.Graph, rep.Nodes.Columns
	bw := bufio.NewWriter(w)
	s := rep.Graph
	kind := "undirected"
	if s.Directed {
		kind = "directed"
	}
	if s.Weighted {
		kind += ", weighted"
	}
	fmt.Fprintf(bw, "%s: %d people", s.Source, s.Nodes)
	if s.Isolated > 0 {
		// The people without ties are the ones an analysis should show:
		// said in the first line, not left for the reader to count.
		fmt.Fprintf(bw, " (%d without ties)", s.Isolated)
	}
	fmt.Fprintf(bw, ", %d ties (%s), %s", s.Edges, kind, ally.Count(s.Components, "component", "components"))
	if s.SelfLoops > 0 || s.Duplicates > 0 {
		fmt.Fprintf(bw, "; %s dropped, %s merged", ally.Count(s.SelfLoops, "self-loop", "self-loops"), ally.Count(s.Duplicates, "duplicate tie", "duplicate ties"))
	}
	fmt.Fprintln(bw)
	if c := rep.Communities; c != nil {
		fmt.Fprintf(bw, "communities (Leiden, resolution %g, seed %d): %d, modularity %.4f\n", c.Resolution, c.Seed, c.Count, c.Modularity)
	}
	if rep.Sampled != nil {
		fmt.Fprintln(bw, rep.Sampled.Guarantee)
	}
	for _, n := range rep.Notes {
		fmt.Fprintln(bw, "note: "+n)
	}
	if len(cols) > 0 && f.top > 0 {
		key := f.sortBy
		if key == "" {
			key = "pagerank"
		}
		sortCol := -1
		for i := range cols {
			if cols[i].Name == key {
				sortCol = i
			}
		}
		if sortCol < 0 {
			if f.sortBy != "" {
				return ally.Errorf(ally.EUSAGE, "--sort %s: not among the computed metrics", f.sortBy)
			}
			sortCol = 0
		}
		idx := make([]int, g.N())
		for i := range idx {
			idx[i] = i
		}
		val := func(i int) float64 {
			switch v := rep.Nodes.Value(sortCol, i).(type) {
			case float64:
				return v
			case int:
				return float64(v)
			}
			return math.Inf(-1)
		}
		sort.SliceStable(idx, func(a, b int) bool { return val(idx[a]) > val(idx[b]) })
		fmt.Fprintf(bw, "\ntop %d by %s:\n", min(f.top, g.N()), cols[sortCol].Name)
		printNodeTable(bw, rep, idx[:min(f.top, len(idx))], sortCol, f.wide)
	}
	if sr := rep.Silos; sr != nil {
		fmt.Fprintf(bw, "\ngroups by %s (E-I index: −1 closed silo, +1 all ties outward); whole network E-I %.3f\n", f.in.Groups, sr.EI)
		tw := analyzeTab(bw)
		fmt.Fprintln(tw, "group\tpeople\tinternal ties\texternal ties\tE-I")
		gs := append([]network.GroupStat(nil), sr.Groups...)
		sort.SliceStable(gs, func(a, b int) bool { return gs[a].EI < gs[b].EI })
		for _, x := range gs {
			fmt.Fprintf(tw, "%s\t%d\t%g\t%g\t%.3f\n", x.Name, x.Size, x.Internal, x.External, x.EI)
		}
		tw.Flush()
		if len(sr.Brokers) > 0 {
			fmt.Fprintln(bw, "\nbrokers across groups:")
			for _, b := range sr.Brokers {
				fmt.Fprintf(bw, "  %s (%s): %g cross-group ties to %s\n", g.Label(b.Node), g.Attr(f.in.Groups, b.Node), b.Cross, ally.Count(b.Groups, "group", "groups"))
			}
		}
		names := groupNames(sr)
		if len(sr.Pairs) > 0 && !f.in.PlanMeetings {
			fmt.Fprintln(bw, "\nweakest links between groups (ties / expected for their size):")
			for _, p := range sr.Pairs[:min(5, len(sr.Pairs))] {
				fmt.Fprintf(bw, "  %s – %s: %g ties, %.1f expected (%.2f)\n", names[p.A], names[p.B], p.Ties, p.Expected, p.Ratio)
			}
		}
	}
	for i, m := range rep.Meetings {
		if i == 0 {
			fmt.Fprintln(bw, "\npartnership meetings to plan (weakest links first):")
		}
		fmt.Fprintf(bw, "\n%d. %s – %s: %g ties where %.1f are expected for their size (%.0f%%)\n", i+1, m.GroupA, m.GroupB, m.Ties, m.Expected, 100*m.Ratio)
		if len(m.Core) == 0 {
			fmt.Fprintln(bw, "   core: nobody holds a tie between these groups yet")
		}
		for _, p := range m.Core {
			fmt.Fprintf(bw, "   core: %s — %s\n", personName(g, p.Node), p.Why)
		}
		for _, p := range m.Next {
			fmt.Fprintf(bw, "   next: %s — %s\n", personName(g, p.Node), p.Why)
		}
	}
	return bw.Flush()
}

// tableWidth is the width the node table fits unless --wide is given: a
// terminal of 100 columns.
const tableWidth = 100

// columnPriority is the order in which the metric columns are given a
// place in the table when not all fit: influence and brokerage first, then
// the ties, the communities and structural holes; the component (one
// number for most graphs) last. The table keeps the metrics' own order.
var columnPriority = []string{"pagerank", "betweenness", "degree", "strength", "community", "constraint",
	"eigenvector", "closeness", "harmonic", "effective_size", "coreness", "component"}

// printNodeTable prints the rows idx of the node table: the id, up to two
// attributes, and the metric columns that fit tableWidth (the sort column
// first, then by columnPriority), or all of them when wide. A footer names
// the columns left out, and says that PageRank is shown ×n.
func printNodeTable(w io.Writer, rep *app.AnalyzeReport, idx []int, sortCol int, wide bool) {
	g, cols := rep.Nodes.Graph, rep.Nodes.Columns
	names := g.AttrNames()
	if len(names) > 2 {
		names = names[:2]
	}
	// cells[c] is column c's header and rows; the first 1+len(names) are
	// the id and the attributes, always shown.
	var cells [][]string
	fixed := []string{"id"}
	fixed = append(fixed, names...)
	for k, name := range fixed {
		col := []string{name}
		for _, i := range idx {
			if k == 0 {
				col = append(col, g.Label(i))
			} else {
				col = append(col, g.Attr(name, i))
			}
		}
		cells = append(cells, col)
	}
	scaled := false
	for ci, c := range cols {
		col := []string{c.Name}
		for _, i := range idx {
			v := colString(rep.Nodes, ci, i)
			if c.Float != nil && v != "" {
				if c.Name == "pagerank" {
					// A share of 1 among n people: ×n, 1.00 the average,
					// so that it reads on a million nodes too.
					v = strconv.FormatFloat(c.Float[i]*float64(g.N()), 'f', 2, 64)
					scaled = true
				} else {
					v = metricText(c.Float[i])
				}
			}
			col = append(col, v)
		}
		cells = append(cells, col)
	}
	widths := make([]int, len(cells))
	for c, col := range cells {
		for _, v := range col {
			widths[c] = max(widths[c], utf8.RuneCountInString(v))
		}
	}
	show := make([]bool, len(cells))
	for c := range fixed {
		show[c] = true
	}
	// width is the line's width with the columns shown: each column is as
	// wide as its widest cell and two spaces, the last one without them.
	width := func() int {
		n := 0
		for c := range cells {
			if show[c] {
				n += widths[c] + 2
			}
		}
		return n - 2
	}
	first := len(fixed)
	show[first+sortCol] = true
	if wide {
		for c := range show {
			show[c] = true
		}
	} else {
		for _, name := range priorityOf(rep) {
			for ci, c := range cols {
				if c.Name == name && !show[first+ci] {
					show[first+ci] = true
					if width() > tableWidth {
						show[first+ci] = false
					}
				}
			}
		}
	}
	tw := analyzeTab(w)
	for r := range cells[0] {
		var row []string
		for c, col := range cells {
			if show[c] {
				row = append(row, col[r])
			}
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	tw.Flush()
	var hidden []string
	for ci, c := range cols {
		if !show[first+ci] {
			hidden = append(hidden, c.Name)
		}
	}
	if len(hidden) > 0 {
		for _, l := range wrap("not shown: "+strings.Join(hidden, ", ")+" (--wide shows every column)", tableWidth) {
			fmt.Fprintln(w, l)
		}
	}
	for ci, c := range cols {
		if c.Name == "pagerank" && scaled && show[first+ci] {
			fmt.Fprintf(w, "pagerank shown ×n (n = %d): 1.00 = average; --csv and --json give the share itself\n", g.N())
		}
	}
}

// wrap breaks s at spaces into lines of at most width runes (a longer
// word stays whole), each after the first indented by two spaces.
func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		switch {
		case line == "":
			line = word
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) > width:
			lines = append(lines, line)
			line = "  " + word
		default:
			line += " " + word
		}
	}
	return append(lines, line)
}

// priorityOf is columnPriority for the report's graph: without weights,
// strength repeats degree and comes last.
func priorityOf(rep *app.AnalyzeReport) []string {
	if rep.Graph.Weighted {
		return columnPriority
	}
	out := make([]string, 0, len(columnPriority))
	for _, name := range columnPriority {
		if name != "strength" {
			out = append(out, name)
		}
	}
	return append(out, "strength")
}

// metricText shows a metric with four decimals, or in scientific form
// with two significant digits when four decimals would show a value that
// is not zero as 0.0000 (betweenness on a large graph).
func metricText(v float64) string {
	if v != 0 && math.Abs(v) < 0.00005 {
		return strconv.FormatFloat(v, 'g', 2, 64)
	}
	return strconv.FormatFloat(v, 'f', 4, 64)
}

// analyzeTab aligns the tables of the text report.
func analyzeTab(w io.Writer) *tabwriter.Writer { return tabwriter.NewWriter(w, 0, 0, 2, ' ', 0) }

// groupNames are the silo report's group names, by group index.
func groupNames(sr *network.SiloReport) []string {
	out := make([]string, len(sr.Groups))
	for i, x := range sr.Groups {
		out[i] = x.Name
	}
	return out
}

// personName is the node's "name" attribute with its id, or the id alone.
func personName(g *network.Graph, i int) string {
	for _, a := range []string{"name", "Name", "label"} {
		if v := g.Attr(a, i); v != "" {
			return fmt.Sprintf("%s (%s)", v, g.Label(i))
		}
	}
	return g.Label(i)
}
