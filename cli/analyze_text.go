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
	fmt.Fprintf(bw, "%s: %d people, %d ties (%s), %d component(s)", s.Source, s.Nodes, s.Edges, kind, s.Components)
	if s.SelfLoops > 0 || s.Duplicates > 0 {
		fmt.Fprintf(bw, "; %d self-loop(s) dropped, %d duplicate tie(s) merged", s.SelfLoops, s.Duplicates)
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
		tw := analyzeTab(bw)
		head := []string{"id"}
		names := g.AttrNames()
		if len(names) > 2 {
			names = names[:2]
		}
		head = append(head, names...)
		for _, c := range cols {
			head = append(head, c.Name)
		}
		fmt.Fprintln(tw, strings.Join(head, "\t"))
		for _, i := range idx[:min(f.top, len(idx))] {
			row := []string{g.Label(i)}
			for _, a := range names {
				row = append(row, g.Attr(a, i))
			}
			for ci, c := range cols {
				v := colString(rep.Nodes, ci, i)
				if c.Float != nil && v != "" {
					v = strconv.FormatFloat(c.Float[i], 'f', 4, 64)
				}
				row = append(row, v)
			}
			fmt.Fprintln(tw, strings.Join(row, "\t"))
		}
		tw.Flush()
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
				fmt.Fprintf(bw, "  %s (%s): %g cross-group ties to %d group(s)\n", g.Label(b.Node), g.Attr(f.in.Groups, b.Node), b.Cross, b.Groups)
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
