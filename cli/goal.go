package cli

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/app"
)

func (c *CLI) goalCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "goal",
		Aliases: []string{"initiative"},
		Short:   "Initiatives that need a coalition, and each stakeholder's stake",
		Example: `  ally goal new "Move gas trading online" --purpose "…" --rule "quota=3" --weights "Lavorato=2,Kitchen=1,Arnold=1"
  ally goal list
  ally goal stake 1 Lavorato --stance skeptic --power 5 --interest 4 --ask "sponsor the pilot"
  ally goal show 1`,
	}
	cmd.AddCommand(c.goalNewCmd(), c.goalListCmd(), c.goalShowCmd(), c.goalEditCmd(), c.goalStakeCmd(), c.goalGrowCmd(), c.goalPlanCmd())
	return cmd
}

type goalFlags struct {
	name, purpose, winwin, rule, weights, target, outcome string
}

func (f *goalFlags) bind(cmd *cobra.Command, edit bool) {
	fl := cmd.Flags()
	if edit {
		fl.StringVar(&f.name, "name", "", "new name")
		fl.StringVar(&f.outcome, "outcome", "", "open|won|lost|abandoned")
	}
	fl.StringVar(&f.purpose, "purpose", "", "why it matters")
	fl.StringVar(&f.winwin, "win-win", "", "what is in it for the people you need")
	fl.StringVar(&f.rule, "rule", "", `decision rule: "quota=Q" (committee), "unanimity", "consensus veto=P,…", "adoption share=0.6", "none"`)
	fl.StringVar(&f.weights, "weights", "", "committee votes: PERSON=WEIGHT,…")
	fl.StringVar(&f.target, "target", "", "target date")
}

// input reads the flags given. current reads the rule of the initiative
// edited; it is nil for a new one.
func (f *goalFlags) input(c *CLI, cmd *cobra.Command, ap *app.App, current func() (ally.Rule, error)) (app.GoalInput, error) {
	var in app.GoalInput
	ch := cmd.Flags().Changed
	if ch("name") {
		in.Name = &f.name
	}
	if ch("purpose") {
		in.Purpose = &f.purpose
	}
	if ch("win-win") {
		in.WinWin = &f.winwin
	}
	if ch("rule") || ch("weights") {
		r, err := f.decisionRule(cmd.Context(), ap, ch("rule"), current)
		if err != nil {
			return in, err
		}
		in.Rule = &r
	}
	if ch("target") {
		t, err := c.date("--target", f.target)
		if err != nil {
			return in, err
		}
		in.Target = &t
	}
	if ch("outcome") {
		o := ally.Outcome(f.outcome)
		in.Outcome = &o
	}
	return in, nil
}

// decisionRule reads --rule and --weights (see ally.ParseRule) and finds
// the people they name as every command does (a name, an email address, an
// id, "me"). --weights without --rule on an initiative whose rule is a
// committee changes its voters and keeps its quota: the use case takes the
// whole rule, so current (nil for a new initiative) reads the quota first.
func (f *goalFlags) decisionRule(ctx context.Context, ap *app.App, rule bool, current func() (ally.Rule, error)) (ally.Rule, error) {
	d, err := ally.ParseRule(f.rule, f.weights)
	if err != nil {
		return ally.Rule{}, err
	}
	if !rule && current != nil {
		cur, err := current()
		if err != nil {
			return ally.Rule{}, err
		}
		if cur.Kind == ally.RuleCommittee {
			d.Kind, d.Quota = ally.RuleCommittee, cur.Quota
		}
	}
	return d.Resolve(func(ref string) (*ally.Person, error) { return ap.Resolve(ctx, ref) })
}

func (c *CLI) goalNewCmd() *cobra.Command {
	var f goalFlags
	cmd := &cobra.Command{
		Use:     "new NAME",
		Short:   "Create an initiative",
		Example: `  ally goal new "Shared risk dashboard" --purpose "one view of trading risk" --target 2001-09-30 --rule "quota=4" --weights "Kitchen=2,Lavorato=2,Arnold=1"`,
		Args:    args(1, 1),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			in, err := f.input(c, cmd, ap, nil)
			if err != nil {
				return err
			}
			in.Name = &a[0]
			g, err := ap.NewGoal(cmd.Context(), in)
			if err != nil {
				return err
			}
			return c.out(g, func(w io.Writer) { fmt.Fprintf(w, "initiative #%d: %s\n", g.ID, g.Name) })
		}),
	}
	f.bind(cmd, false)
	return cmd
}

func (c *CLI) goalEditCmd() *cobra.Command {
	var f goalFlags
	cmd := &cobra.Command{
		Use:     "edit GOAL",
		Short:   "Change an initiative (only the flags given)",
		Example: `  ally goal edit 1 --outcome won`,
		Args:    args(1, 1),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			cur, err := ap.ResolveGoal(cmd.Context(), a[0])
			if err != nil {
				return err
			}
			in, err := f.input(c, cmd, ap, func() (ally.Rule, error) { return cur.Rule, nil })
			if err != nil {
				return err
			}
			g, err := ap.EditGoal(cmd.Context(), cur.ID, in)
			if err != nil {
				return err
			}
			return c.out(g, func(w io.Writer) { fmt.Fprintf(w, "initiative #%d updated: %s (%s)\n", g.ID, g.Name, g.Outcome) })
		}),
	}
	f.bind(cmd, true)
	return cmd
}

func (c *CLI) goalListCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "list",
		Short:   "List initiatives with their support",
		Example: `  ally goal list`,
		Args:    args(0, 0),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			l, err := ap.ListGoals(cmd.Context(), app.Page{})
			if err != nil {
				return err
			}
			gs := l.Items
			return c.out(gs, func(w io.Writer) {
				fmt.Fprintln(w, "ID\tINITIATIVE\tOUTCOME\tTARGET\tSTAKES\tSUPPORT\tOPPOSITION\tRULE")
				for _, g := range gs {
					ex := ""
					if g.Example {
						ex = " (example)"
					}
					fmt.Fprintf(w, "%d\t%s%s\t%s\t%s\t%d\t%.0f%%\t%.0f%%\t%s\n", g.ID, g.Name, ex, g.Outcome, day(g.Target),
						len(g.Stakes), 100*g.Support, 100*g.Opposition, dash(string(g.Rule.Kind)))
				}
			})
		}),
	}
}

func (c *CLI) goalShowCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "show GOAL",
		Short:   "An initiative's coalition: stakes, stance mix, power-interest grid, history",
		Example: `  ally goal show 1`,
		Args:    args(1, 1),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			id, err := goalID(cmd.Context(), ap, a[0])
			if err != nil {
				return err
			}
			g, err := ap.ShowGoal(cmd.Context(), id)
			if err != nil {
				return err
			}
			return c.out(g, func(w io.Writer) { printGoal(w, g) })
		}),
	}
}

func printGoal(w io.Writer, g *app.GoalView) {
	ex := ""
	if g.Example {
		ex = "  (illustrative example)"
	}
	fmt.Fprintf(w, "#%d %s%s\n", g.ID, g.Name, ex)
	if g.Purpose != "" {
		fmt.Fprintf(w, "  purpose\t%s\n", g.Purpose)
	}
	if g.WinWin != "" {
		fmt.Fprintf(w, "  win-win\t%s\n", g.WinWin)
	}
	if g.RuleText != "" {
		fmt.Fprintf(w, "  decided by\t%s\n", g.RuleText)
	}
	if !g.Decided.IsZero() {
		fmt.Fprintf(w, "  outcome\t%s on %s, target %s\n", g.Outcome, day(g.Decided), day(g.Target))
	} else {
		fmt.Fprintf(w, "  outcome\t%s, target %s\n", g.Outcome, day(g.Target))
	}
	var mix []string
	for _, s := range ally.Stances {
		if n := g.StanceMix[string(s)]; n > 0 {
			mix = append(mix, fmt.Sprintf("%d %s", n, s))
		}
	}
	fmt.Fprintf(w, "  support\t%.0f%% of stakeholder power supports, %.0f%% opposes (%s)\n", 100*g.Support, 100*g.Opposition, dash(strings.Join(mix, ", ")))
	fmt.Fprintln(w, "\nSTAKEHOLDER\tSTANCE\tPOWER\tINTEREST\tGRID\tASK\tNEXT")
	for _, s := range g.Stakes {
		fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%s\t%s\t%s\n", s.Name, s.Stance, s.Power, s.Interest, s.Quadrant, dash(s.Ask), dash(s.Next))
	}
	grid := map[string][]string{}
	for _, s := range g.Stakes {
		grid[s.Quadrant] = append(grid[s.Quadrant], s.Name)
	}
	fmt.Fprintln(w, "\nPOWER-INTEREST GRID")
	for _, q := range []string{"manage closely", "keep satisfied", "keep informed", "monitor"} {
		fmt.Fprintf(w, "  %s\t%s\n", q, dash(strings.Join(grid[q], ", ")))
	}
	var hist []string
	for _, s := range g.Stakes {
		for _, h := range s.History {
			if h.From != "" {
				hist = append(hist, fmt.Sprintf("  %s\t%s\t%s → %s", day(h.At), s.Name, h.From, h.To))
			}
		}
	}
	if len(hist) > 0 {
		sort.Strings(hist)
		fmt.Fprintln(w, "\nSTANCE CHANGES")
		for _, h := range hist {
			fmt.Fprintln(w, h)
		}
	}
	printCoalition(w, g.Coalition)
}

func (c *CLI) goalStakeCmd() *cobra.Command {
	var stance, wiifm, ask, next string
	var power, interest int
	cmd := &cobra.Command{
		Use:   "stake GOAL PERSON",
		Short: "Set a person's stake in an initiative (stance changes are kept as history)",
		Example: `  ally goal stake 1 Lavorato --stance skeptic --power 5 --interest 4 \
      --wiifm "fewer surprises in the book" --ask "sponsor a 4-week pilot" --next "1:1 after the Monday desk meeting"`,
		Args: args(2, 2),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			var err error
			var in app.StakeInput
			if in.Goal, err = goalID(cmd.Context(), ap, a[0]); err != nil {
				return err
			}
			if in.Person, err = personID(cmd.Context(), ap, a[1]); err != nil {
				return err
			}
			ch := cmd.Flags().Changed
			if ch("stance") {
				s := ally.Stance(stance)
				in.Stance = &s
			}
			if ch("power") {
				in.Power = &power
			}
			if ch("interest") {
				in.Interest = &interest
			}
			if ch("wiifm") {
				in.WIIFM = &wiifm
			}
			if ch("ask") {
				in.Ask = &ask
			}
			if ch("next") {
				in.Next = &next
			}
			s, err := ap.SetStake(cmd.Context(), in)
			if err != nil {
				return err
			}
			return c.out(s, func(w io.Writer) {
				fmt.Fprintf(w, "%s: %s, power %d, interest %d\n", s.Name, s.Stance, s.Power, s.Interest)
			})
		}),
	}
	fl := cmd.Flags()
	fl.StringVar(&stance, "stance", "", "champion|supporter|neutral|unknown|skeptic|blocker")
	fl.IntVar(&power, "power", 3, "power over the decision, 1-5")
	fl.IntVar(&interest, "interest", 3, "interest in it, 1-5")
	fl.StringVar(&wiifm, "wiifm", "", "what is in it for them")
	fl.StringVar(&ask, "ask", "", "what you will ask of them")
	fl.StringVar(&next, "next", "", "the next step with them")
	return cmd
}
