package app

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/internal/sysmem"
	"github.com/allyhq/ally/network"
	"github.com/allyhq/ally/network/graphio"
)

// analyzeMetrics are the per-node metrics Analyze knows, in the order of
// the report's columns.
var analyzeMetrics = []string{"degree", "strength", "pagerank", "eigenvector", "betweenness", "closeness", "harmonic", "coreness", "component", "constraint", "effective_size", "community"}

// metricAliases are the other names people give the metrics (igraph's,
// networkx's, the plural), so that a request in any of them is understood.
var metricAliases = map[string]string{
	"core": "coreness", "kcore": "coreness", "k-core": "coreness",
	"components": "component",
	"leiden":     "community", "communities": "community",
	"effsize": "effective_size", "effective-size": "effective_size",
}

// AnalyzeMetrics returns the names of the per-node metrics Analyze
// computes, in the order of the report's columns.
func AnalyzeMetrics() []string { return slices.Clone(analyzeMetrics) }

// The analysis policy: what Analyze computes when the input does not say.
const (
	// exactBudget bounds n × (adjacency entries) for the all-pairs
	// metrics run by default: about 20 s on two cores. Above it
	// betweenness is sampled with a stated error bound, and closeness and
	// harmonic are skipped unless asked for.
	exactBudget = 5e9
	// Until stable is cheap on small graphs, but on large scale-free ones
	// Leiden keeps finding tiny gains for minutes (31 s on 500k edges);
	// ten iterations pass igraph's modularity on 10M edges in less than
	// its time (62 s to Q 0.1969 against 75 s to 0.1953;
	// docs/benchmarks-network.md). So: until stable up to leidenEdgeCap
	// edges, leidenCappedIterations above.
	leidenEdgeCap          = 200_000
	leidenCappedIterations = 10
	// siloBrokers is how many brokers and bridges the silo report lists.
	siloBrokers = 5
)

// AnalyzeInput says what Analyze reads and computes: values a web form or
// a JSON body can fill. Zero values mean the defaults, except that seed 0
// is a seed like any other and resolution 0 runs at 1 but is reported as
// given; DefaultAnalyzeInput holds the defaults of `ally analyze`.
type AnalyzeInput struct {
	// Source is the graph to analyse.
	Source GraphSource
	// Labels names a table of node attributes (TSV or CSV, first column
	// the node id) added to the graph before the analysis. Its rows are
	// the people: a row whose id has no edge is a node without ties,
	// counted in GraphSummary.Isolated and in every metric.
	Labels string
	// Weighted uses the edge weights: strength, weighted PageRank,
	// eigenvector and Leiden, paths through strong ties (length 1/weight).
	// Nil means the source's default: on for a workspace, whose weights
	// are tie strengths, off for a file.
	Weighted *bool
	// Metrics names the per-node metrics to compute (see AnalyzeMetrics;
	// case, surrounding spaces and the usual aliases such as "k-core" or
	// "leiden" are accepted). Empty means every metric affordable for the
	// graph's size: above the exact budget betweenness is sampled and
	// closeness and harmonic are left out.
	Metrics []string
	// Exact computes exact betweenness, closeness and harmonic whatever the
	// graph's size.
	Exact bool
	// Seed fixes Leiden's and sampled betweenness's random choices.
	Seed uint64
	// Resolution is Leiden's modularity resolution (0 runs at 1).
	Resolution float64
	// LeidenIterations bounds Leiden's iterations: 0 means until stable up
	// to 200,000 edges and 10 above, negative until stable.
	LeidenIterations int
	// Epsilon and Delta are sampled betweenness's bound: with probability
	// at least 1 − Delta every value is within Epsilon of the exact one.
	Epsilon, Delta float64
	// Groups names the node attribute (e.g. department) whose values group
	// the nodes for the silo report: E-I index and bridges.
	Groups string
	// PlanMeetings proposes partnership meetings between the most weakly
	// connected groups; it needs Groups.
	PlanMeetings bool
	// MemoryLimit is the memory, in bytes, the graph and community
	// detection may need: a file or a Leiden run estimated over it is
	// refused before it starts. 0 means 80 % of what the system has
	// available at each check; negative means no limit.
	MemoryLimit int64
}

// GraphSource is the graph Analyze reads: a workspace's ties, or a graph
// file.
type GraphSource struct {
	// Workspace, when set, is analysed: its people as nodes, its ties as
	// undirected edges weighted by tie strength at the workspace's clock
	// (see WorkspaceGraph).
	Workspace *App
	// File is read when Workspace is nil: an edge list "u v [weight]"
	// (.txt), CSV with a header (source,target[,weight]) or GraphML, each
	// possibly gzipped. Self-loops are dropped and duplicate edges merged.
	File string
	// Directed reads File's edge list or CSV as directed.
	Directed bool
}

// DefaultAnalyzeInput returns the input of a plain `ally analyze`: seed 1,
// resolution 1, and sampled betweenness within 0.01 with probability 0.9.
// Faces start from it so that the same request gets the same answer.
func DefaultAnalyzeInput() AnalyzeInput {
	return AnalyzeInput{Seed: 1, Resolution: 1, Epsilon: 0.01, Delta: 0.1}
}

// Validate checks what can be checked without the graph. Analyze calls it
// first; a face may call it before it opens the workspace, so that a
// request that cannot succeed is refused before any work.
// Errors: EUSAGE.
func (in AnalyzeInput) Validate() error {
	if in.PlanMeetings && in.Groups == "" {
		return ally.Errorf(ally.EUSAGE, "a meeting plan needs groups: the node attribute that names them (e.g. department)")
	}
	return nil
}

// Analyze reads the graph of in.Source and computes the per-node metrics,
// communities, silos and meeting plans that in asks for, within the
// policy's budgets (see AnalyzeInput). The result depends only on the
// input (and a workspace's data and clock), not on the number of cores.
//
// progress, when not nil, is told each phase as it starts (done and total
// 0) and then how far it has got, for phases that count their work; it is
// never called concurrently. Analyze stops with ctx.Err() when ctx is done.
//
// Errors: EUSAGE for an unknown metric or PlanMeetings without Groups;
// ENOTFOUND for a file that does not exist; EINVALID for a file that
// cannot be read, an empty graph, an unknown Groups attribute, a negative
// Resolution, Epsilon or Delta outside (0, 1), or a graph or community
// detection estimated over the memory limit.
func Analyze(ctx context.Context, in AnalyzeInput, progress func(phase string, done, total int)) (*AnalyzeReport, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	ph := phaser(progress)
	g, source, weighted, err := in.load(ctx, ph)
	if err != nil {
		return nil, err
	}
	var added int
	if in.Labels != "" {
		// Every row of the node table is a person: those with no edge
		// join the graph without ties (graphio.ReadLabels), and every
		// metric counts them, as igraph does the vertices of a graph.
		n := g.N()
		if g, err = graphio.ReadLabelsFile(g, in.Labels); err != nil {
			return nil, err
		}
		added = g.N() - n
	}
	if g.N() == 0 {
		return nil, ally.Errorf(ally.EINVALID, "the graph is empty: no people to analyse")
	}
	rep := &AnalyzeReport{Graph: GraphSummary{Source: source, Nodes: g.N(), Edges: g.M(), Directed: g.Directed(),
		Weighted: g.Weighted() && weighted, SelfLoops: g.Stats().SelfLoops, Duplicates: g.Stats().Duplicates,
		Isolated: isolated(g)}}
	rep.Nodes.Graph = g
	if added > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%s adds %s with no tie in %s (analysed without ties)", filepath.Base(in.Labels), nPeople(added), filepath.Base(source)))
	}
	if g.Weighted() && !weighted {
		rep.Notes = append(rep.Notes, "the graph has weights; metrics ignore them unless weighted metrics are asked for")
	}
	plan, err := planMetrics(g, in.Metrics, in.Exact)
	if err != nil {
		return nil, err
	}
	rep.Notes = append(rep.Notes, plan.notes...)
	want := plan.want
	if want["community"] {
		// Leiden is the one metric whose memory grows with the edges well
		// beyond the graph's own: refuse before computing anything rather
		// than be killed halfway. The limit is read again here, after the
		// graph took its share.
		if need, limit := network.LeidenBytes(g), in.memoryLimit(); limit > 0 && need > limit {
			return nil, ally.Errorf(ally.EINVALID, "%s: community detection on %d nodes and %d edges needs about %s of memory, over the %s available; leave community out of the metrics, or free memory",
				source, g.N(), g.M(), network.FormatBytes(need), network.FormatBytes(limit))
		}
	}
	if err := computeMetrics(ctx, rep, in, weighted, plan, ph); err != nil {
		return nil, err
	}
	if in.Groups != "" {
		gr, err := network.GroupBy(g, in.Groups)
		if err != nil {
			return nil, err
		}
		s, err := network.Silos(g, gr, weighted, siloBrokers)
		if err != nil {
			return nil, err
		}
		rep.Silos = &s
		if in.PlanMeetings {
			ms, err := network.PlanMeetings(g, gr, network.PlanOptions{Weighted: weighted})
			if err != nil {
				return nil, err
			}
			rep.Meetings = ms
		}
	}
	return rep, nil
}

// load reads the source's graph and says what to call it and whether its
// weights are used.
func (in AnalyzeInput) load(ctx context.Context, ph phaser) (g *network.Graph, source string, weighted bool, err error) {
	src := in.Source
	switch {
	case src.Workspace != nil && src.File != "":
		return nil, "", false, ally.Errorf(ally.EINVALID, "analyze: give a workspace or a graph file, not both")
	case src.Workspace != nil:
		// The workspace's edges are tie strengths, which is the point of
		// analysing it: use them unless the input says otherwise.
		g, err = src.Workspace.WorkspaceGraph(ctx)
		return g, "workspace", in.Weighted == nil || *in.Weighted, err
	case src.File != "":
		ph.start("loading " + filepath.Base(src.File))
		g, err = graphio.ReadFile(src.File, graphio.ReadOptions{Directed: src.Directed, MemoryLimit: in.memoryLimit()})
		return g, src.File, in.Weighted != nil && *in.Weighted, err
	}
	return nil, "", false, ally.Errorf(ally.EINVALID, "analyze: give a workspace or a graph file")
}

// memoryLimit is the limit of AnalyzeInput.MemoryLimit in bytes, 0 for
// none. The default is read at each check because the memory available
// falls as the graph is built.
func (in AnalyzeInput) memoryLimit() int64 {
	switch {
	case in.MemoryLimit > 0:
		return in.MemoryLimit
	case in.MemoryLimit < 0:
		return 0
	}
	// A fifth is left for what the estimates do not count (the runtime,
	// the report, the rest of the system).
	if avail, ok := sysmem.Available(); ok {
		return avail / 10 * 8
	}
	return 0
}

// metricPlan is what computeMetrics runs: the metrics wanted, whether the
// all-pairs ones are run exactly, and the notes that say what was left out.
type metricPlan struct {
	want map[string]bool
	// cost is n × adjacency entries, the work of one all-pairs metric.
	cost float64
	// allPairs runs closeness and harmonic (when wanted).
	allPairs bool
	// exactBetweenness runs exact betweenness rather than sampled.
	exactBetweenness bool
	notes            []string
}

// planMetrics applies the policy to the metrics asked for (none: every one
// the budget affords) on g. Errors: EUSAGE for an unknown metric.
func planMetrics(g *network.Graph, metrics []string, exact bool) (metricPlan, error) {
	off, _, _ := g.CSR()
	entries := off[g.N()]
	p := metricPlan{want: map[string]bool{}, cost: float64(g.N()) * float64(entries)}
	affordable := p.cost <= exactBudget || exact
	p.exactBetweenness = affordable
	if len(metrics) == 0 {
		for _, m := range analyzeMetrics {
			p.want[m] = true
		}
		if !affordable {
			p.want["closeness"], p.want["harmonic"] = false, false
			p.notes = append(p.notes, fmt.Sprintf("graph too large for exact all-pairs metrics by default (%d nodes × %d entries): betweenness is sampled, closeness and harmonic skipped (ask for exact metrics, or for closeness by name, to force them)", g.N(), entries))
		}
		p.allPairs = affordable
		return p, nil
	}
	for _, m := range metrics {
		m, err := metricName(m)
		if err != nil {
			return metricPlan{}, err
		}
		p.want[m] = true
	}
	// Closeness and harmonic asked for by name are run whatever they
	// cost: the user chose them.
	p.allPairs = true
	return p, nil
}

// metricName is the metric's canonical name. Errors: EUSAGE.
func metricName(m string) (string, error) {
	m = strings.TrimSpace(strings.ToLower(m))
	if a, ok := metricAliases[m]; ok {
		m = a
	}
	if !slices.Contains(analyzeMetrics, m) {
		return "", ally.Errorf(ally.EUSAGE, "unknown metric %q (known: %s)", m, strings.Join(analyzeMetrics, ", "))
	}
	return m, nil
}

// leidenIterations is the number of Leiden iterations to run on a graph of
// m edges when requested were asked for (see AnalyzeInput), as
// network.LeidenOptions.Iterations counts them.
func leidenIterations(requested, m int) int {
	if requested != 0 {
		return requested
	}
	if m > leidenEdgeCap {
		return leidenCappedIterations
	}
	return -1
}

// computeMetrics runs the plan on rep's graph and adds the columns, in the
// order of analyzeMetrics, with the communities' and the sample's
// summaries.
func computeMetrics(ctx context.Context, rep *AnalyzeReport, in AnalyzeInput, weighted bool, plan metricPlan, ph phaser) error {
	g, want := rep.Nodes.Graph, plan.want
	addF := func(name string, v []float64) {
		rep.Nodes.Columns = append(rep.Nodes.Columns, network.Column{Name: name, Float: v})
	}
	addI := func(name string, v []int) {
		rep.Nodes.Columns = append(rep.Nodes.Columns, network.Column{Name: name, Int: v})
	}
	paths := network.PathOptions{}
	if weighted {
		paths.Paths = network.WeightIsStrength
	}
	if want["degree"] {
		addI("degree", network.Degree(g))
	}
	if want["strength"] {
		addF("strength", network.Strength(g))
	}
	if want["pagerank"] {
		ph.start("pagerank")
		v, err := network.PageRank(ctx, g, network.PageRankOptions{Weighted: weighted})
		if err != nil {
			return err
		}
		addF("pagerank", v)
	}
	if want["eigenvector"] {
		ph.start("eigenvector")
		v, err := network.Eigenvector(ctx, g, network.EigenvectorOptions{Weighted: weighted})
		if err != nil {
			return err
		}
		addF("eigenvector", v)
	}
	if want["betweenness"] {
		if plan.exactBetweenness {
			p := paths
			p.Progress = ph.start("betweenness")
			v, err := network.Betweenness(ctx, g, p)
			if err != nil {
				return err
			}
			addF("betweenness", v)
		} else {
			s, err := network.SampledBetweenness(ctx, g, network.SampleOptions{Epsilon: in.Epsilon, Delta: in.Delta, Seed: in.Seed, Progress: ph.start("betweenness (sampled)")})
			if err != nil {
				return err
			}
			addF("betweenness", s.Values)
			rep.Sampled = &SampledSummary{s.Epsilon, s.Delta, s.Samples, s.Guarantee()}
			if weighted {
				rep.Notes = append(rep.Notes, "sampled betweenness counts hops (weights ignored)")
			}
		}
	}
	if (want["closeness"] || want["harmonic"]) && plan.allPairs {
		p := paths
		p.Progress = ph.start("closeness")
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
		addI("component", ints(comp))
	}
	if want["constraint"] || want["effective_size"] {
		ph.start("constraint")
		b, err := network.Constraint(ctx, g, weighted)
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
	if want["community"] {
		comm, err := network.Leiden(ctx, g, network.LeidenOptions{Resolution: in.Resolution, Weighted: weighted, Seed: in.Seed,
			Iterations: leidenIterations(in.LeidenIterations, g.M()), Progress: ph.start("communities (Leiden)")})
		if err != nil {
			return err
		}
		addI("community", ints(comm.Membership))
		rep.Communities = &CommunitySummary{comm.Count, comm.Modularity, in.Resolution, in.Seed}
	}
	return nil
}

// isolated counts the nodes with no tie (in or out).
func isolated(g *network.Graph) int {
	k := 0
	for _, d := range network.Degree(g) {
		if d == 0 {
			k++
		}
	}
	return k
}

// nPeople is "1 person" or "n people".
func nPeople(n int) string {
	if n == 1 {
		return "1 person"
	}
	return fmt.Sprintf("%d people", n)
}

// ints widens a membership to the int column the report holds.
func ints(m []int32) []int {
	out := make([]int, len(m))
	for i, x := range m {
		out[i] = int(x)
	}
	return out
}

// phaser is Analyze's progress callback, nil for none.
type phaser func(phase string, done, total int)

// start reports that the phase begins and returns the network.Progress
// that reports how far it has got; both do nothing without a callback.
func (p phaser) start(phase string) network.Progress {
	if p == nil {
		return nil
	}
	p(phase, 0, 0)
	return func(done, total int) { p(phase, done, total) }
}
