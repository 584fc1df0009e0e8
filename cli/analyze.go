package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/network"
)

// analyzeMetrics are the per-node metrics `ally analyze` knows, in output
// order.
var analyzeMetrics = []string{"degree", "strength", "pagerank", "eigenvector", "betweenness", "closeness", "harmonic", "coreness", "component", "constraint", "effective_size", "community"}

// exactBudget bounds n × (adjacency entries) for the all-pairs metrics run
// by default: about 20 s on two cores. Above it betweenness is sampled with
// a stated error bound and closeness/harmonic are skipped unless asked for.
const exactBudget = 5e9

type analyzeFlags struct {
	graph, labels          string
	directed, weighted     bool
	metrics                string
	csv                    bool
	graphml, gexf, outFile string
	seed                   uint64
	resolution             float64
	leidenIters            int
	epsilon, delta         float64
	exact                  bool
	groups                 string
	planMeetings           bool
	top                    int
	sortBy                 string
}

// newAnalyzeCmd is `ally analyze`: organisation network analysis of the
// workspace's ties or of a graph file.
func newAnalyzeCmd(c *CLI) *cobra.Command {
	var f analyzeFlags
	cmd := &cobra.Command{
		Use:   "analyze",
		Short: "Find influencers, brokers, silos and bridges in a collaboration network",
		Long: `analyze reads who works with whom — the workspace's ties (tie strengths as
weights) or a graph file — and computes per-person metrics:

  degree, strength        number of ties, sum of tie strengths
  pagerank, eigenvector   influence through who you know
  betweenness             brokerage: share of shortest paths through a person
                          (exact, or sampled with a stated error bound on big graphs)
  closeness, harmonic     how near a person is to everyone else
  coreness, component     k-core number, connected component
  constraint, effective_size   Burt's structural holes (low constraint = broker)
  community               Leiden communities (modularity reported)

Graph files: edge lists "u v [weight]" (.txt, .gz), CSV with a header
(source,target[,weight]), GraphML. --labels adds columns (name, department…)
from a table whose first column is the node id. Self-loops are dropped and
duplicate edges merged (weights summed); the counts are reported. A graph
too big for the memory available (80 %) is refused before it is read, and
community detection before anything is computed, with the estimate.

With --groups ATTR it reports each group's E-I index (silos) and the bridges
between groups; --plan-meetings proposes partnership meetings for the most
weakly connected pairs of groups, the core invitees and who to invite next.

Results are the same for a given --seed on any number of cores. Ctrl-C stops.`,
		Example: `  ally analyze --graph org.txt.gz --labels people.tsv --groups department --plan-meetings
  ally analyze --graph edges.csv --metric pagerank,betweenness --csv > metrics.csv
  ally analyze --graph big.txt --metric betweenness --epsilon 0.005 --delta 0.05
  ally analyze --graph org.txt --gexf org.gexf       # open in Gephi`,
		Args: args(0, 0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			err := runAnalyze(ctx, c, cmd, &f)
			if ctx.Err() != nil && cmd.Context().Err() == nil {
				return ally.Errorf(ally.EINTERRUPTED, "analyze: interrupted")
			}
			return err
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.graph, "graph", "", "graph file (edge list, .csv, .graphml; .gz allowed); default: the workspace's ties")
	fl.StringVar(&f.labels, "labels", "", "node attributes table (TSV or CSV, first column the node id)")
	fl.BoolVar(&f.directed, "directed", false, "read the edge list as directed")
	fl.BoolVar(&f.weighted, "weighted", false, "use weights: strength, weighted PageRank and Leiden, paths through strong ties (length 1/weight); on by default for the workspace")
	fl.StringVar(&f.metrics, "metric", "", "comma-separated metrics (default: all that are affordable for the graph size): "+strings.Join(analyzeMetrics, ","))
	fl.BoolVar(&f.csv, "csv", false, "print every node's metrics as CSV")
	fl.StringVar(&f.graphml, "graphml", "", "write the graph with the metrics as GraphML to this file")
	fl.StringVar(&f.gexf, "gexf", "", "write the graph with the metrics as GEXF (Gephi) to this file")
	fl.StringVarP(&f.outFile, "output", "o", "", "write the graph with the metrics to this file (.graphml or .gexf)")
	fl.Uint64Var(&f.seed, "seed", 1, "random seed (Leiden, sampled betweenness)")
	fl.Float64Var(&f.resolution, "resolution", 1, "Leiden modularity resolution (higher: smaller communities)")
	fl.IntVar(&f.leidenIters, "leiden-iterations", 0, "Leiden iterations, -1 until stable (default: until stable up to 200k edges, else 10)")
	fl.Float64Var(&f.epsilon, "epsilon", 0.01, "sampled betweenness: largest error on any value")
	fl.Float64Var(&f.delta, "delta", 0.1, "sampled betweenness: probability of exceeding epsilon")
	fl.BoolVar(&f.exact, "exact", false, "exact betweenness, closeness and harmonic whatever the graph size")
	fl.StringVar(&f.groups, "groups", "", "node attribute that names groups (e.g. department): E-I index and bridges")
	fl.BoolVar(&f.planMeetings, "plan-meetings", false, "with --groups: propose partnership meetings between weakly connected groups")
	fl.IntVar(&f.top, "top", 20, "rows in the table")
	fl.StringVar(&f.sortBy, "sort", "", "metric to rank the table by (default pagerank, else the first metric)")
	return cmd
}

// analyzeReport is what --json prints.
type analyzeReport struct {
	Graph       graphSummary        `json:"graph"`
	Notes       []string            `json:"notes,omitempty"`
	Communities *communitySummary   `json:"communities,omitempty"`
	Sampled     *sampledSummary     `json:"sampled_betweenness,omitempty"`
	Nodes       []map[string]any    `json:"nodes"`
	Silos       *network.SiloReport `json:"silos,omitempty"`
	Meetings    []network.Meeting   `json:"meetings,omitempty"`
}

type graphSummary struct {
	Source     string `json:"source"`
	Nodes      int    `json:"nodes"`
	Edges      int    `json:"edges"`
	Directed   bool   `json:"directed"`
	Weighted   bool   `json:"weighted"`
	SelfLoops  int    `json:"self_loops_dropped"`
	Duplicates int    `json:"duplicates_merged"`
	Components int    `json:"components,omitempty"`
}

type communitySummary struct {
	Count      int     `json:"count"`
	Modularity float64 `json:"modularity"`
	Resolution float64 `json:"resolution"`
	Seed       uint64  `json:"seed"`
}

type sampledSummary struct {
	Epsilon   float64 `json:"epsilon"`
	Delta     float64 `json:"delta"`
	Samples   int     `json:"samples"`
	Guarantee string  `json:"guarantee"`
}

func runAnalyze(ctx context.Context, c *CLI, cmd *cobra.Command, f *analyzeFlags) error {
	if f.planMeetings && f.groups == "" {
		return ally.Errorf(ally.EUSAGE, "--plan-meetings needs --groups ATTR (e.g. --groups department)")
	}
	if f.top < 0 {
		return ally.Errorf(ally.EUSAGE, "--top must not be negative")
	}
	prog := newProgressBar(c.Stderr)
	defer prog.done()
	var g *network.Graph
	var err error
	source := f.graph
	if f.graph != "" {
		prog.phase("loading " + filepath.Base(f.graph))
		g, err = network.ReadFile(f.graph, network.ReadOptions{Directed: f.directed, MemoryLimit: memoryLimit()})
	} else {
		source = "workspace"
		g, err = c.workspaceGraph(ctx)
		// The workspace's edges are tie strengths, which is the point of
		// analysing it: use them unless the user says otherwise.
		if !cmd.Flags().Changed("weighted") {
			f.weighted = true
		}
	}
	if err != nil {
		return err
	}
	if f.labels != "" {
		if err := network.ReadLabelsFile(g, f.labels); err != nil {
			return err
		}
	}
	if g.N() == 0 {
		return ally.Errorf(ally.EINVALID, "the graph is empty: no people to analyse")
	}
	rep := analyzeReport{Graph: graphSummary{Source: source, Nodes: g.N(), Edges: g.M(), Directed: g.Directed(),
		Weighted: g.Weighted() && f.weighted, SelfLoops: g.Stats().SelfLoops, Duplicates: g.Stats().Duplicates}}
	if g.Weighted() && !f.weighted {
		rep.Notes = append(rep.Notes, "the graph has weights; metrics ignore them unless --weighted")
	}

	// Which metrics.
	want := map[string]bool{}
	off, _, _ := g.CSR()
	cost := float64(g.N()) * float64(off[g.N()])
	affordable := cost <= exactBudget || f.exact
	if f.metrics == "" {
		for _, m := range analyzeMetrics {
			want[m] = true
		}
		if !affordable {
			want["closeness"], want["harmonic"] = false, false
			rep.Notes = append(rep.Notes, fmt.Sprintf("graph too large for exact all-pairs metrics by default (%d nodes × %d entries): betweenness is sampled, closeness and harmonic skipped (--exact or --metric closeness to force)", g.N(), off[g.N()]))
		}
	} else {
		for _, m := range strings.Split(f.metrics, ",") {
			m = strings.TrimSpace(strings.ToLower(m))
			switch m {
			case "core", "kcore", "k-core":
				m = "coreness"
			case "components":
				m = "component"
			case "leiden", "communities":
				m = "community"
			case "effsize", "effective-size":
				m = "effective_size"
			}
			ok := false
			for _, k := range analyzeMetrics {
				ok = ok || k == m
			}
			if !ok {
				return ally.Errorf(ally.EUSAGE, "--metric: unknown metric %q (known: %s)", m, strings.Join(analyzeMetrics, ", "))
			}
			want[m] = true
		}
		if want["closeness"] || want["harmonic"] {
			affordable = true
		}
	}
	paths := network.PathOptions{}
	if f.weighted {
		paths.Paths = network.WeightIsStrength
	}

	var cols []network.Column
	var order []string
	addF := func(name string, v []float64) {
		cols = append(cols, network.Column{Name: name, Float: v})
		order = append(order, name)
	}
	addI := func(name string, v []int) {
		cols = append(cols, network.Column{Name: name, Int: v})
		order = append(order, name)
	}
	n := g.N()
	if want["community"] {
		// Leiden is the one metric whose memory grows with the edges well
		// beyond the graph's own: refuse before computing anything rather
		// than be killed halfway.
		if need, limit := network.LeidenBytes(g), memoryLimit(); limit > 0 && need > limit {
			return ally.Errorf(ally.EINVALID, "%s: community detection on %d nodes and %d edges needs about %s of memory, over the %s available; leave community out of --metric, or free memory",
				source, n, g.M(), network.FormatBytes(need), network.FormatBytes(limit))
		}
	}
	if want["degree"] {
		addI("degree", network.Degree(g))
	}
	if want["strength"] {
		addF("strength", network.Strength(g))
	}
	if want["pagerank"] {
		prog.phase("pagerank")
		v, err := network.PageRank(ctx, g, network.PageRankOptions{Weighted: f.weighted})
		if err != nil {
			return err
		}
		addF("pagerank", v)
	}
	if want["eigenvector"] {
		prog.phase("eigenvector")
		v, err := network.Eigenvector(ctx, g, network.EigenvectorOptions{Weighted: f.weighted})
		if err != nil {
			return err
		}
		addF("eigenvector", v)
	}
	if want["betweenness"] {
		if cost <= exactBudget || f.exact {
			prog.phase("betweenness")
			p := paths
			p.Progress = prog.update
			v, err := network.Betweenness(ctx, g, p)
			if err != nil {
				return err
			}
			addF("betweenness", v)
		} else {
			prog.phase("betweenness (sampled)")
			s, err := network.SampledBetweenness(ctx, g, network.SampleOptions{Epsilon: f.epsilon, Delta: f.delta, Seed: f.seed, Progress: prog.update})
			if err != nil {
				return err
			}
			addF("betweenness", s.Values)
			rep.Sampled = &sampledSummary{s.Epsilon, s.Delta, s.Samples, s.Guarantee()}
			if f.weighted {
				rep.Notes = append(rep.Notes, "sampled betweenness counts hops (weights ignored)")
			}
		}
	}
	if (want["closeness"] || want["harmonic"]) && affordable {
		prog.phase("closeness")
		p := paths
		p.Progress = prog.update
		ch, err := network.ClosenessHarmonic(ctx, g, p)
		if err != nil {
			return err
		}
		if want["closeness"] {
			addF("closeness", ch.Closeness)
		}
		if want["harmonic"] {
			addF("harmonic", ch.Harmonic)
		}
	}
	if want["coreness"] {
		addI("coreness", network.CoreNumbers(g))
	}
	comp, ncomp := network.Components(g)
	rep.Graph.Components = ncomp
	if want["component"] {
		ci := make([]int, n)
		for i, x := range comp {
			ci[i] = int(x)
		}
		addI("component", ci)
	}
	if want["constraint"] || want["effective_size"] {
		prog.phase("constraint")
		b, err := network.Constraint(ctx, g, f.weighted)
		if err != nil {
			return err
		}
		if want["constraint"] {
			addF("constraint", b.Constraint)
		}
		if want["effective_size"] {
			addF("effective_size", b.EffectiveSize)
		}
	}
	var comm network.Communities
	if want["community"] {
		prog.phase("communities (Leiden)")
		// Until stable is cheap on small graphs, but on large scale-free ones
		// it keeps finding tiny gains for minutes (31 s on 500k edges); ten
		// iterations pass igraph's modularity on 10M edges in less than its
		// time (62 s to Q 0.1969 against 75 s to 0.1953;
		// docs/benchmarks-network.md).
		iters := f.leidenIters
		if iters == 0 {
			iters = -1
			if g.M() > 200_000 {
				iters = 10
			}
		}
		comm, err = network.Leiden(ctx, g, network.LeidenOptions{Resolution: f.resolution, Weighted: f.weighted, Seed: f.seed, Iterations: iters, Progress: prog.update})
		if err != nil {
			return err
		}
		ci := make([]int, n)
		for i, x := range comm.Membership {
			ci[i] = int(x)
		}
		addI("community", ci)
		rep.Communities = &communitySummary{comm.Count, comm.Modularity, f.resolution, f.seed}
	}
	if f.groups != "" {
		gr, err := network.GroupBy(g, f.groups)
		if err != nil {
			return err
		}
		s, err := network.Silos(g, gr, f.weighted, 5)
		if err != nil {
			return err
		}
		rep.Silos = &s
		if f.planMeetings {
			ms, err := network.PlanMeetings(g, gr, network.PlanOptions{Weighted: f.weighted})
			if err != nil {
				return err
			}
			rep.Meetings = ms
		}
	}
	prog.done()

	// Files for Gephi and friends.
	for _, out := range []struct{ path, kind string }{{f.graphml, "graphml"}, {f.gexf, "gexf"}, {f.outFile, ""}} {
		if out.path == "" {
			continue
		}
		kind := out.kind
		if kind == "" {
			switch strings.ToLower(filepath.Ext(out.path)) {
			case ".graphml", ".xml":
				kind = "graphml"
			case ".gexf":
				kind = "gexf"
			default:
				return ally.Errorf(ally.EUSAGE, "-o %s: use a .graphml or .gexf file name", out.path)
			}
		}
		if err := writeGraphFile(out.path, kind, g, cols); err != nil {
			return err
		}
		rep.Notes = append(rep.Notes, "wrote "+out.path)
	}

	switch {
	case f.csv:
		return writeMetricsCSV(c.Stdout, g, cols)
	case c.JSON:
		rep.Nodes = make([]map[string]any, n)
		for i := 0; i < n; i++ {
			row := map[string]any{"id": g.Label(i)}
			for _, a := range g.AttrNames() {
				row[a] = g.Attr(a, i)
			}
			for _, col := range cols {
				row[col.Name] = colValue(col, i)
			}
			rep.Nodes[i] = row
		}
		// Labels come from the user's files: escaped like every JSON
		// output (escapeJSON), and shown visibly in text (reveal).
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
		_, err := c.Stdout.Write(escapeJSON(b.Bytes()))
		return err
	}
	var b strings.Builder
	if err := printAnalyzeText(&b, g, rep, cols, f); err != nil {
		return err
	}
	_, err = io.WriteString(c.Stdout, reveal(b.String()))
	return err
}

// workspaceGraph builds the current workspace's graph, tie strengths as
// weights.
func (c *CLI) workspaceGraph(ctx context.Context) (*network.Graph, error) {
	ap, err := c.app(ctx)
	if err != nil {
		return nil, err
	}
	return ap.WorkspaceGraph(ctx)
}

// memoryLimit is 80 % of the memory available now (Linux), or 0 (no limit)
// when it cannot be read; a variable so that tests can pretend memory is
// short.
var memoryLimit = func() int64 {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "MemAvailable:") {
			fs := strings.Fields(line)
			if len(fs) >= 2 {
				kb, err := strconv.ParseInt(fs[1], 10, 64)
				if err == nil {
					return kb * 1024 / 10 * 8
				}
			}
		}
	}
	return 0
}

func colValue(c network.Column, i int) any {
	switch {
	case c.Float != nil:
		if math.IsNaN(c.Float[i]) || math.IsInf(c.Float[i], 0) {
			return nil
		}
		return c.Float[i]
	case c.Int != nil:
		return c.Int[i]
	}
	return c.String[i]
}

func colString(c network.Column, i int) string {
	switch v := colValue(c, i).(type) {
	case nil:
		return ""
	case float64:
		return strconv.FormatFloat(v, 'g', 8, 64)
	case int:
		return strconv.Itoa(v)
	case string:
		return v
	}
	return ""
}

// writeGraphFile writes the graph with its metrics for Gephi and friends.
// The file carries every person's metrics and attributes (their tier among
// them), so it is created 0600 whatever the umask, like the exports. It is
// written to a temporary file in the same directory and renamed into place,
// so that a failed write leaves neither a partial file nor a truncated
// earlier one. A path that is not a regular file (a pipe, /dev/stdout) is
// written directly, since renaming would replace it, and a symbolic link is
// followed so that it keeps naming the file it names.
func writeGraphFile(path, kind string, g *network.Graph, cols []network.Column) error {
	write := func(w io.Writer) error {
		if kind == "gexf" {
			return network.WriteGEXF(w, g, cols)
		}
		return network.WriteGraphML(w, g, cols)
	}
	target := path
	if st, err := os.Stat(path); err == nil {
		if !st.Mode().IsRegular() {
			fh, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
			if err != nil {
				return ally.Errorf(ally.EINVALID, "%s: %v", path, err)
			}
			err = write(fh)
			if cerr := fh.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return fmt.Errorf("write %s: %w", path, err)
			}
			return nil
		}
		if t, err := filepath.EvalSymlinks(path); err == nil {
			target = t
		}
	}
	// os.CreateTemp creates the file 0600.
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".*.tmp")
	if err != nil {
		return ally.Errorf(ally.EINVALID, "%s: %v", path, err)
	}
	err = write(tmp)
	if err == nil {
		err = tmp.Sync() // the data is on disk before the name points at it
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), target)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func writeMetricsCSV(w io.Writer, g *network.Graph, cols []network.Column) error {
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	header := append([]string{"id"}, g.AttrNames()...)
	for _, c := range cols {
		header = append(header, c.Name)
	}
	cw.Write(header)
	row := make([]string, len(header))
	for i := 0; i < g.N(); i++ {
		row = row[:0]
		row = append(row, g.Label(i))
		for _, a := range g.AttrNames() {
			row = append(row, g.Attr(a, i))
		}
		for _, c := range cols {
			row = append(row, colString(c, i))
		}
		cw.Write(row)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

func printAnalyzeText(w io.Writer, g *network.Graph, rep analyzeReport, cols []network.Column, f *analyzeFlags) error {
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
		var sortCol *network.Column
		for i := range cols {
			if cols[i].Name == key {
				sortCol = &cols[i]
			}
		}
		if sortCol == nil {
			if f.sortBy != "" {
				return ally.Errorf(ally.EUSAGE, "--sort %s: not among the computed metrics", f.sortBy)
			}
			sortCol = &cols[0]
		}
		idx := make([]int, g.N())
		for i := range idx {
			idx[i] = i
		}
		val := func(i int) float64 {
			switch v := colValue(*sortCol, i).(type) {
			case float64:
				return v
			case int:
				return float64(v)
			}
			return math.Inf(-1)
		}
		sort.SliceStable(idx, func(a, b int) bool { return val(idx[a]) > val(idx[b]) })
		fmt.Fprintf(bw, "\ntop %d by %s:\n", min(f.top, g.N()), sortCol.Name)
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
			for _, c := range cols {
				v := colString(c, i)
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
		fmt.Fprintf(bw, "\ngroups by %s (E-I index: −1 closed silo, +1 all ties outward); whole network E-I %.3f\n", f.groups, sr.EI)
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
				fmt.Fprintf(bw, "  %s (%s): %g cross-group ties to %d group(s)\n", g.Label(b.Node), g.Attr(f.groups, b.Node), b.Cross, b.Groups)
			}
		}
		names := groupNames(sr)
		if len(sr.Pairs) > 0 && !f.planMeetings {
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

func analyzeTab(w io.Writer) *tabwriter.Writer { return tabwriter.NewWriter(w, 0, 0, 2, ' ', 0) }

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

// progressBar draws a one-line bar on stderr when stderr is a terminal and
// the current phase has run for more than a second. A ticker redraws it
// with the elapsed time, so that a phase that reports rarely (a Leiden
// iteration on a million nodes takes seconds) still shows it is alive.
type progressBar struct {
	w       io.Writer
	on      bool
	mu      sync.Mutex
	name    string
	start   time.Time
	last    time.Time
	drawn   bool
	units   int
	total   int
	stop    chan struct{}
	stopped sync.Once
}

func newProgressBar(w io.Writer) *progressBar {
	p := &progressBar{w: w}
	if fh, ok := w.(*os.File); ok {
		if st, err := fh.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.on = true
			p.stop = make(chan struct{})
			go p.tick()
		}
	}
	return p
}

func (p *progressBar) tick() {
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case now := <-t.C:
			p.mu.Lock()
			p.draw(now)
			p.mu.Unlock()
		}
	}
}

func (p *progressBar) phase(name string) {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
	p.name, p.start, p.units, p.total = name, time.Now(), 0, 0
}

func (p *progressBar) update(done, total int) {
	if !p.on || total <= 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.units, p.total = done, total
	if now := time.Now(); now.Sub(p.last) >= 100*time.Millisecond {
		p.draw(now)
	}
}

// draw writes the bar; the caller holds p.mu.
func (p *progressBar) draw(now time.Time) {
	if p.name == "" || now.Sub(p.start) < time.Second {
		return
	}
	p.last = now
	elapsed := now.Sub(p.start).Round(time.Second)
	if p.total <= 0 {
		fmt.Fprintf(p.w, "\r%s %v\033[K", p.name, elapsed)
	} else {
		const width = 30
		fill := width * p.units / p.total
		fmt.Fprintf(p.w, "\r%s [%s%s] %3d%% %v\033[K", p.name, strings.Repeat("=", fill), strings.Repeat(" ", width-fill), 100*p.units/p.total, elapsed)
	}
	p.drawn = true
}

func (p *progressBar) clear() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
		p.drawn = false
	}
}

// done clears the bar and stops the ticker; it may be called more than once.
func (p *progressBar) done() {
	if !p.on {
		return
	}
	p.stopped.Do(func() { close(p.stop) })
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
	p.name = ""
}
