package cli

import (
	"context"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/spf13/cobra"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/app"
)

// analyzeFlags are analyze's flags: the analysis they ask app for, and how
// to show it.
type analyzeFlags struct {
	in app.AnalyzeInput
	// weighted is --weighted, which sets in.Weighted only when given, so
	// that app applies the source's default otherwise.
	weighted bool
	// metrics is --metric, a comma-separated list.
	metrics                string
	csv                    bool
	graphml, gexf, outFile string
	top                    int
	sortBy                 string
	// wide is --wide: every metric column in the text table, not only
	// those that fit 100 columns.
	wide bool
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
(source,target[,weight]), GraphML. Self-loops are dropped and duplicate
edges merged (weights summed); the counts are reported. A graph too big for
the memory available (80 %) is refused before it is read, and community
detection before anything is computed, with the estimate.

--labels adds columns (name, department…) from a node table whose first
column is the node id. Its rows are the people: a row whose id has no edge
is a person without ties, in the analysis like everyone (closeness and
constraint have no value for them, as in igraph) and counted in the summary.

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
			err := c.runAnalyze(ctx, cmd, &f)
			if ctx.Err() != nil && cmd.Context().Err() == nil {
				return ally.Errorf(ally.EINTERRUPTED, "analyze: interrupted")
			}
			return err
		},
	}
	def := app.DefaultAnalyzeInput()
	fl := cmd.Flags()
	fl.StringVar(&f.in.Source.File, "graph", "", "graph file (edge list, .csv, .graphml; .gz allowed); default: the workspace's ties")
	fl.StringVar(&f.in.Labels, "labels", "", "node table (TSV or CSV, first column the node id): attributes, and the people with no tie")
	fl.BoolVar(&f.in.Source.Directed, "directed", false, "read the edge list as directed")
	fl.BoolVar(&f.weighted, "weighted", false, "use weights: strength, weighted PageRank and Leiden, paths through strong ties (length 1/weight); on by default for the workspace")
	fl.StringVar(&f.metrics, "metric", "", "comma-separated metrics (default: all that are affordable for the graph size): "+strings.Join(app.AnalyzeMetrics(), ","))
	fl.BoolVar(&f.csv, "csv", false, "print every node's metrics as CSV")
	fl.StringVar(&f.graphml, "graphml", "", "write the graph with the metrics as GraphML to this file")
	fl.StringVar(&f.gexf, "gexf", "", "write the graph with the metrics as GEXF (Gephi) to this file")
	fl.StringVarP(&f.outFile, "output", "o", "", "write the graph with the metrics to this file (.graphml or .gexf)")
	fl.Uint64Var(&f.in.Seed, "seed", def.Seed, "random seed (Leiden, sampled betweenness)")
	fl.Float64Var(&f.in.Resolution, "resolution", def.Resolution, "Leiden modularity resolution (higher: smaller communities)")
	fl.IntVar(&f.in.LeidenIterations, "leiden-iterations", def.LeidenIterations, "Leiden iterations, -1 until stable (default: until stable up to 200k edges, else 10)")
	fl.Float64Var(&f.in.Epsilon, "epsilon", def.Epsilon, "sampled betweenness: largest error on any value")
	fl.Float64Var(&f.in.Delta, "delta", def.Delta, "sampled betweenness: probability of exceeding epsilon")
	fl.BoolVar(&f.in.Exact, "exact", false, "exact betweenness, closeness and harmonic whatever the graph size")
	fl.StringVar(&f.in.Groups, "groups", "", "node attribute that names groups (e.g. department): E-I index and bridges")
	fl.BoolVar(&f.in.PlanMeetings, "plan-meetings", false, "with --groups: propose partnership meetings between weakly connected groups")
	fl.IntVar(&f.top, "top", 20, "rows in the table")
	fl.BoolVar(&f.wide, "wide", false, "show every metric in the table (default: those that fit 100 columns)")
	fl.StringVar(&f.sortBy, "sort", "", "metric to rank the table by (default pagerank, else the first metric)")
	return cmd
}

// memoryLimit is the memory limit analyze gives app.Analyze: 0, app's
// default (a share of what the system has available). A variable so that
// tests can pretend memory is short.
var memoryLimit = func() int64 { return 0 }

// runAnalyze runs app.Analyze on the graph the flags name, with the
// progress bar on stderr, and prints the report as the flags ask.
func (c *CLI) runAnalyze(ctx context.Context, cmd *cobra.Command, f *analyzeFlags) error {
	in := f.in
	if cmd.Flags().Changed("weighted") {
		in.Weighted = &f.weighted
	}
	if f.metrics != "" {
		in.Metrics = strings.Split(f.metrics, ",")
	}
	in.MemoryLimit = memoryLimit()
	// What needs no graph is refused before the workspace is opened, in
	// the flags' words where the flags are at fault.
	if in.PlanMeetings && in.Groups == "" {
		return ally.Errorf(ally.EUSAGE, "--plan-meetings needs --groups ATTR (e.g. --groups department)")
	}
	if err := in.Validate(); err != nil {
		return err
	}
	if f.top < 0 {
		return ally.Errorf(ally.EUSAGE, "--top must not be negative")
	}
	bar := newProgressBar(c.Stderr)
	defer bar.done()
	if in.Source.File == "" {
		ap, err := c.app(ctx)
		if err != nil {
			return err
		}
		in.Source.Workspace = ap
	}
	rep, err := app.Analyze(ctx, in, bar.report)
	if err != nil {
		return err
	}
	bar.done()
	if err := writeAnalyzeFiles(rep, f); err != nil {
		return err
	}
	switch {
	case f.csv:
		return writeMetricsCSV(c.Stdout, rep.Nodes)
	case c.JSON:
		// Labels come from the user's files: escaped like every JSON
		// output (c.out), and shown visibly in text (reveal). The text is
		// printed below, without c.out's tabwriter: its tables are aligned
		// already.
		return c.out(rep, nil)
	}
	var b strings.Builder
	if err := printAnalyzeText(&b, rep, f); err != nil {
		return err
	}
	_, err = io.WriteString(c.Stdout, reveal(b.String()))
	return err
}
