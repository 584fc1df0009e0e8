package cli

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/app"
	"github.com/allyhq/ally/demo"
	"github.com/allyhq/ally/tie"
)

// firstRun reports whether this is ally's first run on the default
// database: there is none yet, or there is one without a workspace (a
// first demo that was interrupted left its empty schema). It opens the
// database when it says yes.
func (c *CLI) firstRun(ctx context.Context, cmd *cobra.Command) (bool, error) {
	if cmd.Flags().Changed("db") || os.Getenv("ALLY_DB") != "" {
		return false, nil
	}
	_, err := os.Stat(c.DBPath)
	if err != nil && !os.IsNotExist(err) {
		return false, nil // Open will say what is wrong with it
	}
	db, err := c.openDB(ctx, os.IsNotExist(err))
	if err != nil {
		return false, err
	}
	ws, err := db.FindWorkspaces(ctx)
	return err == nil && len(ws) == 0 && !db.ReadOnly(), err
}

// runToday is ally's main job: today's agenda. With no database yet at the
// default location (a first run), it builds the demo workspace first.
func (c *CLI) runToday(cmd *cobra.Command, all bool) error {
	ctx := cmd.Context()
	if first, err := c.firstRun(ctx, cmd); err != nil {
		return err
	} else if first {
		// Another first run may have built it meanwhile (it waited for
		// that one's transaction): then there is nothing to build.
		if _, err := demo.Build(ctx, c.db, demo.Options{}); err != nil && ally.ErrorCode(err) != ally.ECONFLICT {
			return err
		}
		fmt.Fprintf(c.Stderr, "ally: no database yet, so %s now holds the demo workspace (Enron, 2001; Me is Jeff Dasovich).\n"+
			"      Start your own with `ally init --me NAME`; it becomes the current workspace (`ally workspace use demo` comes back here).\n", c.DBPath)
	}
	ap, err := c.app(ctx)
	if err != nil {
		return err
	}
	ag, err := ap.Today(ctx, app.TodayOptions{All: all})
	if err != nil {
		return err
	}
	return c.out(ag, func(w io.Writer) {
		fmt.Fprintf(w, "Today, %s (workspace %s)\n\n", ag.Now.Format("Monday 2 January 2006"), ap.WS.Name)
		if len(ag.Items) == 0 {
			fmt.Fprintln(w, "Nothing needs you today. Log what you do (ally log), and ally will keep watch.")
		}
		for i, it := range ag.Items {
			fmt.Fprintf(w, "%d. %s\n", i+1, it.Title)
			fmt.Fprintf(w, "   why: %s\n", it.Reason)
			fmt.Fprintf(w, "   rank: %s\n", it.Why)
		}
		if !all && ag.Total > len(ag.Items) {
			fmt.Fprintf(w, "\n%d more with --all\n", ag.Total-len(ag.Items))
		}
	})
}

func (c *CLI) todayCmd() *cobra.Command {
	var all bool
	cmd := &cobra.Command{
		Use:   "today",
		Short: "Today's agenda: whom to reach and why, ranked by importance × urgency",
		Long: `The short ranked agenda: my commitments late or due soon; theirs late (to
follow up); key relationships cooling; where I owe in the ledger (with what to
offer); initiative blockers and next steps; repair check-ins; introductions to
people new to you (up the chain, your reports, your peers), with a purpose;
and one or two people to add to grow the base (your own manager and reports
directly, never through someone else). What I owe someone comes first: an
ask of them says so and ranks behind it, and a strained relationship gets its
repair step and no asks. Each item says why it is there and how it ranks.
Running ally with no command shows it too.`,
		Example: `  ally today
  ally today --all
  ally --now 2001-10-15 today --json`,
		Args: args(0, 0),
		RunE: func(cmd *cobra.Command, a []string) error { return c.runToday(cmd, all) },
	}
	cmd.Flags().BoolVar(&all, "all", false, "every item, not only the first seven")
	return cmd
}

func (c *CLI) healthCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "health PERSON",
		Short:   "The health of your relationship with a person, part by part",
		Example: `  ally health Steffes`,
		Args:    args(1, 1),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			ctx := cmd.Context()
			id, err := personID(ctx, ap, a[0])
			if err != nil {
				return err
			}
			hv, err := ap.Health(ctx, id)
			if err != nil {
				return err
			}
			return c.out(hv, func(w io.Writer) { printHealth(w, hv) })
		}),
	}
}

func printHealth(w io.Writer, hv *app.HealthView) {
	h := hv.Health
	fmt.Fprintf(w, "%s: %d/100, %s\n", hv.Person.Name, h.Total, h.Label)
	fmt.Fprintf(w, "  %s\n\n", h.LabelReason)
	fmt.Fprintln(w, "PART\tPOINTS\tWHY")
	for _, p := range h.Parts {
		fmt.Fprintf(w, "%s\t%d/%d\t%s\n", p.Name, p.Points, p.Max, p.Explain)
	}
	fmt.Fprintf(w, "total\t%d/100\t\n\n", h.Total)
	fmt.Fprintf(w, "tie strength\t%.2f\t%s\n", h.Scaled, hv.Strength)
	if b := h.Balance; b.Entries() > 0 {
		plain := app.Balance{Given: b.GivenSize, Received: b.ReceivedSize, Balance: b.NetSize, Entries: b.Entries()}
		fmt.Fprintf(w, "ledger\t%s\t%s; decayed for the reciprocity part: %+.1f\n", signed(b.NetSize), ledgerLine(plain), b.Net)
	} else {
		fmt.Fprintf(w, "ledger\t0\tnothing exchanged yet\n")
	}
	fmt.Fprintf(w, "my reliability to them\t%.0f%%\t%s\n", 100*h.Mine.Score, h.Mine.Explain())
	fmt.Fprintf(w, "theirs to me\t%.0f%%\t%s\n", 100*h.Theirs.Score, h.Theirs.Explain())
	if len(hv.Timeline) > 0 {
		fmt.Fprintln(w, "\nTIMELINE")
		shown := 0
		for _, e := range hv.Timeline {
			fmt.Fprintf(w, "%s\t%s\t%s\n", day(e.At), e.Kind, e.Text)
			if e.Kind == tie.EventInteraction {
				shown++
			}
		}
		// The tie strength counts every interaction with me up to the
		// clock, the number `ally timeline --with-me` pages through. The
		// id, not the name, so that the command is right for a name two
		// people share.
		if more := int(h.Strength.Count) - shown; more > 0 {
			what, them := "interactions", "them"
			if more == 1 {
				what, them = "interaction", "it"
			}
			fmt.Fprintf(w, "%d more %s with me: `ally timeline %d --with-me` lists %s\n", more, what, hv.Person.ID, them)
		}
	}
}

func (c *CLI) mapCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "map",
		Short: "Coverage of your network by direction, department, level and location, and what is overlooked",
		Example: `  ally map
  ally map --json`,
		Args: args(0, 0),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			m, err := ap.Map(cmd.Context())
			if err != nil {
				return err
			}
			return c.out(m, func(w io.Writer) { printMap(w, m) })
		}),
	}
}

func printMap(w io.Writer, m *tie.CoverageResult) {
	fmt.Fprintf(w, "%d people; %d in your network; %d allies\n", m.People, m.Network, m.Allies)
	fmt.Fprintf(w, "diversity: allies span %d of %d departments, entropy %.2f bits, evenness %.2f\n\n",
		m.DeptsCovered, m.DeptsTotal, m.DeptEntropy, m.DeptEvenness)
	table := func(title string, bs []tie.Bucket, limit int) {
		fmt.Fprintf(w, "%s\tPEOPLE\tNETWORK\tALLIES\tKEY ALLIES\t\n", title)
		sorted := bs
		if limit > 0 && len(bs) > limit {
			sorted = append([]tie.Bucket(nil), bs...)
			sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Network > sorted[j].Network })
			sorted = sorted[:limit]
		}
		for _, b := range sorted {
			fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t%s\n", b.Name, b.People, b.Network, b.Allies, b.KeyAllies, bar(b.Allies))
		}
		if len(sorted) < len(bs) {
			fmt.Fprintf(w, "(%d more; --json lists all)\t\t\t\t\t\n", len(bs)-len(sorted))
		}
		fmt.Fprintln(w, "\t\t\t\t\t")
	}
	table("DIRECTION", m.ByDirection, 0)
	table("DEPARTMENT", m.ByDepartment, 12)
	table("LEVEL", m.ByLevel, 0)
	table("LOCATION", m.ByLocation, 8)
	if len(m.ByOrganisation) > 0 {
		table("OUTSIDE, BY ORGANISATION", m.ByOrganisation, 12)
	}
	if len(m.Findings) > 0 {
		fmt.Fprintln(w, "OVERLOOKED")
		for _, f := range m.Findings {
			fmt.Fprintf(w, "- %s\n", f.Reason)
			if f.Suggest != "" {
				fmt.Fprintf(w, "  → %s\n", f.Suggest)
			}
		}
	}
}

func bar(n int) string {
	if n > 30 {
		return strings.Repeat("█", 30) + "…"
	}
	return strings.Repeat("█", n)
}

func (c *CLI) repairCmd() *cobra.Command {
	var cause, outcome string
	var steps []string
	var check int64
	cmd := &cobra.Command{
		Use:   "repair PERSON --cause TEXT | repair --check ID [--outcome repaired|ended]",
		Short: "Open a repair plan for a strained relationship, or record a check-in",
		Long: `Opens a plan to mend a strained relationship: its cause and dated check-ins
(default: a one-on-one in 3 days to listen first, a check-in in 2 weeks to
deliver something they value, a review in 6 weeks) that appear in today's
agenda when due. Until it is steady again, today asks nothing of them; keep it
between the two of you and refrain from gossip about it. --check ID marks the
next step done; with --outcome it closes the plan.`,
		Example: `  ally repair Hain --cause "I missed the hearing I promised to cover"
  ally repair Hain --cause "…" --step "2001-11-05=coffee, listen" --step "+3w=joint brief"
  ally repair --check 1
  ally repair --check 1 --outcome repaired`,
		Args: args(0, 1),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			if check != 0 {
				if len(a) > 0 {
					return ally.Errorf(ally.EUSAGE, "--check takes a plan id, not a person")
				}
				r, err := ap.RepairCheck(cmd.Context(), check, outcome)
				if err != nil {
					return err
				}
				return c.out(r, func(w io.Writer) { printRepair(w, r, "") })
			}
			if len(a) != 1 || cause == "" {
				return ally.Errorf(ally.EUSAGE, "repair needs a PERSON and --cause TEXT (or --check ID)")
			}
			var ss []ally.RepairStep
			for _, s := range steps {
				st, err := c.step(s)
				if err != nil {
					return err
				}
				ss = append(ss, st)
			}
			id, err := personID(cmd.Context(), ap, a[0])
			if err != nil {
				return err
			}
			r, p, err := ap.OpenRepair(cmd.Context(), id, cause, ss)
			if err != nil {
				return err
			}
			return c.out(r, func(w io.Writer) { printRepair(w, r, p.Name) })
		}),
	}
	fl := cmd.Flags()
	fl.StringVar(&cause, "cause", "", "what strained the relationship")
	fl.StringArrayVar(&steps, "step", nil, "a step DATE=WHAT (repeatable; default: three check-ins)")
	fl.Int64Var(&check, "check", 0, "mark the next step of this plan done")
	fl.StringVar(&outcome, "outcome", "", "with --check: close the plan (repaired, ended, …)")
	return cmd
}

func printRepair(w io.Writer, r *ally.RepairPlan, name string) {
	status := "open"
	if !r.Closed.IsZero() {
		status = "closed " + day(r.Closed) + ": " + r.Outcome
	}
	who := ""
	if name != "" {
		who = " with " + name
	}
	fmt.Fprintf(w, "repair plan #%d%s (%s): %s\n", r.ID, who, status, r.Cause)
	for _, s := range r.Steps {
		done := "due " + day(s.Due)
		if !s.Done.IsZero() {
			done = "done " + day(s.Done)
		}
		fmt.Fprintf(w, "  %s\t%s\n", done, s.What)
	}
}

func (c *CLI) endCmd() *cobra.Command {
	var note string
	cmd := &cobra.Command{
		Use:     "end PERSON --note TEXT",
		Short:   "End an alliance gracefully: history kept, no more nudges",
		Example: `  ally end Zipper --note "moved to EnronOnline full time; parted on good terms"`,
		Args:    args(1, 1),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			if strings.TrimSpace(note) == "" {
				return ally.Errorf(ally.EUSAGE, "--note is required: say why it ends, for your future self")
			}
			id, err := personID(cmd.Context(), ap, a[0])
			if err != nil {
				return err
			}
			r, p, open, err := ap.End(cmd.Context(), id, note)
			if err != nil {
				return err
			}
			return c.out(r, func(w io.Writer) {
				fmt.Fprintf(w, "ended the alliance with %s: %s\n", p.Name, note)
				if open > 0 {
					fmt.Fprintf(w, "%s with them %s: keep them (ally done ID) or release them (ally release ID)\n", ally.Count(open, "open commitment", "open commitments"), map[bool]string{true: "remains", false: "remain"}[open == 1])
				}
			})
		}),
	}
	cmd.Flags().StringVar(&note, "note", "", "why it ends")
	return cmd
}

func (c *CLI) snapshotCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "snapshot",
		Short: "Record today's metrics for the return-on-alliances trend",
		Long: `Record the workspace's metrics now, for ally roi. The first command of
each month (on the workspace's clock, without --now) takes that month's
snapshot by itself; this one is for a snapshot at another moment, or for a
past date with --now.`,
		Example: `  ally snapshot
  ally --now 2001-12-01 snapshot`,
		Args: args(0, 0),
		RunE: c.manual(c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			s, err := ap.Snapshot(cmd.Context())
			if err != nil {
				return err
			}
			return c.out(s, func(w io.Writer) {
				fmt.Fprintf(w, "snapshot #%d at %s\n", s.ID, day(s.At))
				keys := make([]string, 0, len(s.Metrics))
				for k := range s.Metrics {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				for _, k := range keys {
					fmt.Fprintf(w, "  %s\t%s\n", k, strconv.FormatFloat(s.Metrics[k], 'f', -1, 64))
				}
			})
		})),
	}
}

// manual marks the command as `ally snapshot`, which takes its snapshot
// itself: the automatic monthly one would make it two.
func (c *CLI) manual(run func(*cobra.Command, []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, a []string) error {
		c.manualSnapshot = true
		return run(cmd, a)
	}
}

func (c *CLI) roiCmd() *cobra.Command {
	var metrics string
	cmd := &cobra.Command{
		Use:   "roi",
		Short: "Return on alliances: each metric's trend over your snapshots",
		Long: `Each metric's trend over the workspace's snapshots (one is taken
automatically by the first command of each month; ally snapshot takes one
by hand), and the initiatives' outcomes against the support they had: each
won or lost initiative's power-weighted support on the day it was decided,
beside the open ones' support now.`,
		Example: `  ally roi
  ally roi --metric allies,strength_sum,support_won`,
		Args: args(0, 0),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			r, err := ap.ROI(cmd.Context(), splitList(metrics))
			if err != nil {
				return err
			}
			return c.out(r, func(w io.Writer) {
				first, last := "", ""
				if len(r.Trends) > 0 && len(r.Trends[0].Points) > 0 {
					pts := r.Trends[0].Points
					first, last = day(pts[0].At), day(pts[len(pts)-1].At)
				}
				switch r.Snapshots {
				case 0:
					fmt.Fprintln(w, "No snapshots yet: the first command of each month takes one (not with --now); ally snapshot takes one by hand.")
					writeOutcomes(w, r.Outcomes)
					return
				case 1:
					fmt.Fprintf(w, "1 snapshot, %s: the trends start with next month's (taken by the first command of each month)\n", first)
				default:
					fmt.Fprintf(w, "%d snapshots, %s to %s\n", r.Snapshots, first, last)
				}
				if l := roiReading(r.Trends); l != "" {
					fmt.Fprintln(w, l)
				}
				fmt.Fprintln(w)
				fmt.Fprintln(w, "METRIC\tTREND\tFIRST\tLAST\tCHANGE")
				dates := trendDates(r.Trends)
				for _, t := range r.Trends {
					fmt.Fprintf(w, "%s\t%s\t%.2f\t%.2f\t%+.2f\n", t.Metric, alignedSpark(t, dates), t.First, t.Last, t.Change)
				}
				writeOutcomes(w, r.Outcomes)
			})
		}),
	}
	cmd.Flags().StringVar(&metrics, "metric", "", "metrics to show, comma-separated (default: all)")
	return cmd
}

// trendDates are the dates of the trends' points, oldest first, each once:
// the snapshots of the window.
func trendDates(ts []tie.TrendResult) []time.Time {
	var out []time.Time
	for _, t := range ts {
		for _, p := range t.Points {
			out = append(out, p.At)
		}
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return slices.CompactFunc(out, func(a, b time.Time) bool { return a.Equal(b) })
}

// alignedSpark is t's sparkline with one mark per date of the window: a
// dot where the snapshot of that date lacks the metric (support_won before
// anything was won), so that every line is as long as the window and a
// column is one date.
func alignedSpark(t tie.TrendResult, dates []time.Time) string {
	marks := []rune(t.Spark)
	if len(marks) != len(t.Points) {
		return t.Spark
	}
	var b strings.Builder
	i := 0
	for _, d := range dates {
		if i < len(t.Points) && t.Points[i].At.Equal(d) {
			b.WriteRune(marks[i])
			i++
		} else {
			b.WriteRune('·')
		}
	}
	return b.String()
}

// writeOutcomes prints the initiatives against the support they had:
// the decided ones at their decision, the open ones now, and a line that
// compares the won with the lost.
func writeOutcomes(w io.Writer, o app.Outcomes) {
	if len(o.Initiatives) == 0 {
		return
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Initiatives against the support they had (power-weighted, from the stance history):")
	fmt.Fprintln(w, "OUTCOME\tWHEN\tSUPPORT\tINITIATIVE")
	for _, g := range o.Initiatives {
		when := "now"
		switch {
		case g.Outcome == ally.OutcomeOpen:
		case g.At.IsZero():
			when = "date unknown, now"
		default:
			when = day(g.At)
		}
		fmt.Fprintf(w, "%s\t%s\t%.0f%% (%s)\t%s\n", g.Outcome, when, 100*g.Support, ally.Count(g.Supporters, "supporter", "supporters"), g.Name)
	}
	fmt.Fprintln(w, outcomesReading(o))
}

// outcomesReading says in one line how the won compare with the lost.
func outcomesReading(o app.Outcomes) string {
	pct := func(p *float64) string { return fmt.Sprintf("%.0f%%", 100**p) }
	decided := o.Won + o.Lost
	switch {
	case decided == 0:
		return "None won or lost yet: when one is decided, record it (ally goal edit G --outcome won|lost) to see whether the base you built decides."
	case o.Lost == 0:
		return fmt.Sprintf("Won %d of %d decided, with %s support on average when decided; none lost.", o.Won, decided, pct(o.WonSupport))
	case o.Won == 0:
		return fmt.Sprintf("Lost %d of %d decided, with %s support on average when decided; none won.", o.Lost, decided, pct(o.LostSupport))
	}
	return fmt.Sprintf("Won %d of %d decided: the won had %s support on average when decided, the lost %s.", o.Won, decided, pct(o.WonSupport), pct(o.LostSupport))
}

// roiReading reads the main trends in one line: "since November 2000:
// allies up from 15 to 19, active ties up from 23 to 43, …"; "" when the
// window has one snapshot or none of them.
func roiReading(ts []tie.TrendResult) string {
	names := []struct{ metric, words string }{
		{"allies", "allies"}, {"network_size", "network"}, {"active_ties", "active ties"}, {"strength_sum", "tie strength"},
	}
	num := func(v float64) string {
		if v == math.Trunc(v) {
			return strconv.FormatFloat(v, 'f', 0, 64)
		}
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	var parts []string
	var since time.Time
	for _, n := range names {
		for _, t := range ts {
			if t.Metric != n.metric || len(t.Points) < 2 {
				continue
			}
			if since.IsZero() || t.Points[0].At.Before(since) {
				since = t.Points[0].At
			}
			switch {
			case num(t.First) == num(t.Last):
				parts = append(parts, fmt.Sprintf("%s steady at %s", n.words, num(t.Last)))
			case t.Last > t.First:
				parts = append(parts, fmt.Sprintf("%s up from %s to %s", n.words, num(t.First), num(t.Last)))
			default:
				parts = append(parts, fmt.Sprintf("%s down from %s to %s", n.words, num(t.First), num(t.Last)))
			}
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "since " + since.Format("January 2006") + ": " + strings.Join(parts, ", ")
}

func (c *CLI) configCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "config [KEY [VALUE]]",
		Short: "Show or set the relationship engine's settings (half-life, cadences)",
		Long: `Settings of the workspace's relationship engine:
  tie.half_life            tie strength halves after this long without contact (default 90d)
  tie.cadence.key-ally     expected time between contacts (default 14d)
  tie.cadence.ally         (default 30d)
  tie.cadence.network      (default 90d)
  tie.cadence.prospect     (default none)
Durations take d, w or h ("90d", "2w"); "none" removes a cadence; "" restores
the default. A new half-life recomputes every tie.`,
		Example: `  ally config
  ally config tie.half_life 60d
  ally config tie.cadence.key-ally 7d`,
		Args: args(0, 2),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			if len(a) == 2 {
				if err := ap.SetConfig(cmd.Context(), a[0], a[1]); err != nil {
					return err
				}
			}
			cfg, err := ap.Config(cmd.Context())
			if err != nil {
				return err
			}
			if len(a) >= 1 {
				v, ok := cfg[a[0]]
				if !ok {
					return ally.Errorf(ally.EINVALID, "setting %q is not one of %s", a[0], strings.Join(app.SettingKeys(), ", "))
				}
				cfg = map[string]string{a[0]: v}
			}
			return c.out(cfg, func(w io.Writer) {
				for _, k := range app.SettingKeys() {
					if v, ok := cfg[k]; ok {
						fmt.Fprintf(w, "%s\t%s\n", k, v)
					}
				}
			})
		}),
	}
}
