package cli

import (
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/app"
	"github.com/allyhq/ally/coalition"
	"github.com/allyhq/ally/tie"
)

// negativeFlag matches pflag's complaint about a negative number given as
// a positional argument ("-1" looks like a shorthand flag).
var negativeFlag = regexp.MustCompile(`unknown shorthand flag: '[0-9.]' in (-[0-9.]\S*)`)

// parseVoterWeights reads power's weights: numbers, as separate arguments
// or comma-separated. Whether they make a game is app.Power's to say.
func parseVoterWeights(args []string) ([]float64, error) {
	var ws []float64
	for _, s := range args {
		for _, part := range strings.Split(s, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			w, err := strconv.ParseFloat(part, 64)
			if err != nil && !errors.Is(err, strconv.ErrRange) {
				return nil, ally.Errorf(ally.EINVALID, "weight %q is not a number", part)
			}
			ws = append(ws, w) // ±Inf when out of range: app.Power refuses it by name
		}
	}
	return ws, nil
}

// parseVoterNames reads --names: one line each, as names are, and each
// given once, so that every row of the table says whose it is.
func parseVoterNames(s string) ([]string, error) {
	names := strings.Split(s, ",")
	seen := map[string]bool{}
	for i, n := range names {
		n = strings.TrimSpace(n)
		if err := ally.CheckText("voter name", n, false); err != nil {
			return nil, err
		}
		if n != "" && seen[n] {
			return nil, ally.Errorf(ally.EINVALID, "voter name %q is given twice: give each voter once", n)
		}
		seen[n], names[i] = true, n
	}
	return names, nil
}

func (c *CLI) powerCmd() *cobra.Command {
	var quota float64
	var names, goal string
	var sample int
	var seed uint64
	cmd := &cobra.Command{
		Use:   "power --quota Q W1 W2 … | power --goal GOAL",
		Short: "Voting power of a weighted committee: Banzhaf and Shapley–Shubik indices",
		Long: `power computes the a priori voting power of every member of a weighted voting
game [quota; weights]: a coalition wins when its weights reach the quota.

Banzhaf swings count the coalitions a member turns from losing to winning;
the normalised Banzhaf index is their share of all swings, the absolute one
swings/2^(n-1). Shapley–Shubik is the share of orderings in which the member
casts the deciding vote. Counts are exact; for very large games use --sample.

With --goal, power evaluates an initiative's committee with today's stances:
who is pivotal, the minimal winning coalitions reachable from today's
supporters, and the smallest set of yes votes within reach (how far each voter
is: their stance's distance from yes, farther the weaker your tie).`,
		Example: `  ally power --quota 12 4 4 4 2 2 1
  ally power --quota 7 --names Kean,Delainey,Shapiro,Steffes,Haedicke 3 3 2 2 2
  ally power --quota 300 --sample 100000 $(seq 1 500)
  ally power --goal 1`,
		RunE: func(cmd *cobra.Command, a []string) error {
			if goal != "" {
				if len(a) > 0 || cmd.Flags().Changed("quota") {
					return ally.Errorf(ally.EUSAGE, "power: give either --goal or --quota with weights, not both (see `ally power --help`)")
				}
				return c.goalPower(cmd, goal)
			}
			if !cmd.Flags().Changed("quota") {
				return ally.Errorf(ally.EUSAGE, "power needs --quota Q and the weights (see `ally power --help`)")
			}
			if len(a) == 0 {
				return ally.Errorf(ally.EUSAGE, "power needs the voters' weights after --quota Q, e.g. `ally power --quota 12 4 4 4 2 2 1`")
			}
			in := app.PowerInput{Quota: quota, Sample: sample, Seed: seed}
			var err error
			if in.Weights, err = parseVoterWeights(a); err != nil {
				return err
			}
			if names != "" {
				if in.Names, err = parseVoterNames(names); err != nil {
					return err
				}
			}
			v, err := app.Power(in)
			if err != nil {
				return err
			}
			return c.out(v, func(w io.Writer) { printPower(w, v) })
		},
	}
	// Flags may come before, between or after the weights (--json at the
	// end is a flag). A negative weight then reads as an unknown shorthand
	// flag ("-1"), which is answered as the invalid weight it is.
	cmd.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		if m := negativeFlag.FindStringSubmatch(err.Error()); m != nil {
			switch w, err := strconv.ParseFloat(m[1], 64); {
			case err != nil && !errors.Is(err, strconv.ErrRange):
				return ally.Errorf(ally.EINVALID, "weight %q is not a number", m[1])
			case w == 0:
				return ally.Errorf(ally.EINVALID, "weight %s: write it without the minus sign", m[1])
			}
			return ally.Errorf(ally.EINVALID, "weight %s is negative: weights must not be negative", m[1])
		}
		return ally.Errorf(ally.EUSAGE, "%v (see `%s --help`)", err, cmd.CommandPath())
	})
	fl := cmd.Flags()
	fl.Float64Var(&quota, "quota", 0, "weight a coalition needs to win")
	fl.StringVar(&names, "names", "", "voters' names, comma-separated, one per weight")
	fl.IntVar(&sample, "sample", 0, "estimate from N random samples instead of exact counts (for very large games; N × voters at most 100,000,000)")
	fl.Uint64Var(&seed, "seed", 1, "random seed for --sample")
	fl.StringVar(&goal, "goal", "", "evaluate this initiative's committee with today's stances")
	return cmd
}

func (c *CLI) goalPower(cmd *cobra.Command, ref string) error {
	ap, err := c.app(cmd.Context())
	if err != nil {
		return err
	}
	id, err := goalID(cmd.Context(), ap, ref)
	if err != nil {
		return err
	}
	v, err := ap.Coalition(cmd.Context(), id)
	if err != nil {
		return err
	}
	if v.Vote == nil {
		return ally.Errorf(ally.EINVALID, "initiative %s has no decision rule: set one with `ally goal edit %s --rule \"quota=Q\" --weights P=W,…`", ref, ref)
	}
	return c.out(v.Vote, func(w io.Writer) { printVote(w, v.Vote) })
}

func printPower(w io.Writer, v *app.PowerView) {
	ws := make([]string, len(v.Voters))
	for i, p := range v.Voters {
		ws[i] = num(p.Weight)
	}
	fmt.Fprintf(w, "weighted voting game [%s; %s]: %d voters, quota %s of %s (%.0f%% of the weight)\n\n",
		num(v.Quota), strings.Join(ws, ", "), len(v.Voters), num(v.Quota), num(v.Total), 100*v.Quota/v.Total)
	if v.Method == "exact" {
		fmt.Fprintln(w, "VOTER\tWEIGHT\tSWINGS\tBANZHAF\tBANZHAF (ABSOLUTE)\tSHAPLEY-SHUBIK\t")
		for _, p := range v.Voters {
			fmt.Fprintf(w, "%s\t%s\t%s\t%.1f%%\t%.4f\t%.1f%%\t%s\n", p.Name, num(p.Weight), p.Swings, 100*p.Banzhaf, p.BanzhafAbs, 100*p.ShapleyShubik, powerTag(p))
		}
		sw := make([]string, len(v.Voters))
		for i, p := range v.Voters {
			sw[i] = p.Swings.String()
		}
		fmt.Fprintf(w, "\nBanzhaf swings %s (of %s in all)\n", strings.Join(sw, ","), v.Swings)
	} else {
		fmt.Fprintln(w, "VOTER\tWEIGHT\tBANZHAF\tBANZHAF (ABSOLUTE)\tSHAPLEY-SHUBIK\t")
		for _, p := range v.Voters {
			fmt.Fprintf(w, "%s\t%s\t%.1f%%\t%.4f ± %.4f\t%.1f%% ± %.1f\t%s\n", p.Name, num(p.Weight), 100*p.Banzhaf,
				p.BanzhafAbs, p.BanzhafAbsCI, 100*p.ShapleyShubik, 100*p.ShapleyShubikCI, powerTag(p))
		}
		fmt.Fprintln(w)
	}
	for _, n := range v.Notes {
		fmt.Fprintln(w, n)
	}
}

func powerTag(p *app.PlayerPower) string {
	switch {
	case p.Veto:
		return "veto"
	case p.Dummy:
		return "no power"
	}
	return ""
}

// num prints a weight for people: at most two decimals, no trailing zeros
// (the JSON keeps full precision).
func num(x float64) string { return strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64) }

// printVote prints an initiative's decision rule evaluated with today's
// stances; for a committee with each voter's power.
func printVote(w io.Writer, v *app.VoteView) {
	status := fmt.Sprintf("%s short", num(v.Deficit))
	if v.Passes {
		status = "passes today"
	} else if v.Deficit == 0 {
		status = "does not pass"
	}
	if v.Kind == string(ally.RuleCommittee) {
		fmt.Fprintf(w, "\nVOTING POWER\t(quota %s of %s; supporters hold %s: %s)\n", num(v.Quota), num(v.Total), num(v.YesWeight), status)
		fmt.Fprintln(w, "VOTER\tWEIGHT\tSTANCE\tBANZHAF\tSHAPLEY-SHUBIK\tSWINGS\tTIE\tHOW FAR\tTODAY")
		for _, x := range v.Voters {
			sw := "-"
			if x.Swings != nil {
				sw = x.Swings.String()
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%.1f%%\t%.1f%%\t%s\t%.2f\t%.1f\t%s\n", x.Name, num(x.Weight), x.Stance,
				100*x.Banzhaf, 100*x.ShapleyShubik, sw, x.Tie, x.Effort, voterToday(x))
		}
	} else {
		fmt.Fprintf(w, "\nDECISION\t(%s: %s of %s votes needed; supporters have %s: %s)\n", v.Kind, num(v.Quota), num(v.Total), num(v.YesWeight), status)
	}
	if v.PowerNote != "" {
		fmt.Fprintf(w, "  note\t%s\n", v.PowerNote)
	}
	if len(v.Critical) > 0 {
		fmt.Fprintf(w, "  pivotal\t%s: losing any one of them loses the vote\n", strings.Join(v.Critical, ", "))
	}
	if len(v.Swing) > 0 {
		fmt.Fprintf(w, "  pivotal\t%s: any one of them saying yes wins it\n", strings.Join(v.Swing, ", "))
	}
	if v.LeastEffort != nil {
		fmt.Fprintf(w, "  within reach\t%s (weight %s; how far in all %.1f): the smallest set of yes votes within reach\n", strings.Join(v.LeastEffort.People, " + "), num(v.LeastEffort.Weight), v.LeastEffort.Effort)
	}
	if len(v.Minimal) > 0 {
		var ms []string
		for i, r := range v.Minimal {
			if i == 5 {
				ms = append(ms, fmt.Sprintf("… %d more", len(v.Minimal)-5))
				break
			}
			ms = append(ms, fmt.Sprintf("%s (how far %.1f)", strings.Join(r.People, " + "), r.Effort))
		}
		fmt.Fprintf(w, "  winnable with\t%s\n", strings.Join(ms, "; "))
	}
	for _, r := range v.Reasons {
		fmt.Fprintf(w, "  \t%s\n", r)
	}
	switch {
	case v.Kind == string(ally.RuleCommittee):
		fmt.Fprintln(w, "  \thow far each one is = stance distance × (1 + 3 × (1 − your tie strength)), 0 for a yes; Banzhaf and Shapley–Shubik are a priori power")
	case v.LeastEffort != nil || len(v.Minimal) > 0:
		fmt.Fprintln(w, "  \thow far each one is = stance distance × (1 + 3 × (1 − your tie strength)), 0 for a yes")
	}
}

func voterToday(x *app.VoterView) string {
	switch {
	case x.Critical:
		return "critical"
	case x.Swing:
		return "swing"
	}
	return ""
}

// printCoalition adds the base depth and the decision to `goal show`.
func printCoalition(w io.Writer, v *app.CoalitionView) {
	if v == nil {
		return
	}
	b := v.Base
	fmt.Fprintln(w, "\nBASE DEPTH")
	fmt.Fprintf(w, "  supporters\t%d of %d stakeholders (%d champion(s)), %.0f%% of stakeholder power; net support %+.2f\n",
		b.Supporters, b.Stakeholders, b.Champions, 100*b.SupportShare, b.NetSupport)
	levels := make([]string, len(b.Levels))
	for i, l := range b.Levels {
		levels[i] = strconv.Itoa(l)
	}
	fmt.Fprintf(w, "  spans\t%d department(s): %s; levels %s\n", len(b.Departments), dash(strings.Join(b.Departments, ", ")), dash(strings.Join(levels, ", ")))
	fmt.Fprintf(w, "  concentration\tHHI %.2f over supporters' power (1/%d = %.2f would be even); largest share %.0f%%\n",
		b.HHI, max(b.Supporters, 1), 1/float64(max(b.Supporters, 1)), 100*b.TopShare)
	if !b.Shallow {
		fmt.Fprintln(w, "  depth\tdeep enough: three or more supporters, no one dominant, more than one department")
	}
	for _, f := range b.Flags {
		fmt.Fprintf(w, "  shallow\t%s\n", f.Reason)
		fmt.Fprintf(w, "  → deepen\t%s\n", f.Deepen)
	}
	if v.Vote != nil {
		printVote(w, v.Vote)
	}
}

func (c *CLI) findCmd() *cobra.Command {
	var k int
	cmd := &cobra.Command{
		Use:   "find GOAL|TEXT",
		Short: "Ally finder: who could help with an initiative or a topic, and why",
		Long: `find ranks people by what they share with the goal (BM25 text match over their
tags, goals and notes), how warmly you can reach them (the strongest chain of
ties), their influence (PageRank on the tie network), diversity (a department
or level the coalition lacks) and reliability (commitments kept on time).

GOAL is an initiative's id or exact name: its purpose is the query; its
supporters are not ranked but listed after, as already on board, and its
skeptics and blockers are marked as such. Anything else is free text, and
candidates who hold a stake in an open initiative are marked with it.`,
		Example: `  ally find "california refund"
  ally find 2 -k 5
  ally --json find "gas pricing"`,
		Args: args(1, -1),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			if cmd.Flags().Changed("k") && k < 1 {
				return ally.Errorf(ally.EINVALID, "-k %d: ask for at least one candidate", k)
			}
			// The words are an initiative when they name one (its id or
			// exact name), otherwise the text to match.
			in := app.FindInput{Text: strings.Join(a, " "), K: k}
			g, err := ap.LookupGoal(cmd.Context(), in.Text)
			if err != nil {
				return err
			}
			if g != nil {
				in.Goal, in.Text = g.ID, ""
			}
			f, err := ap.FindAllies(cmd.Context(), in)
			if err != nil {
				return err
			}
			return c.out(f, func(w io.Writer) { printFind(w, f) })
		}),
	}
	cmd.Flags().IntVarP(&k, "k", "k", 0, "how many candidates (default 10)")
	return cmd
}

func printFind(w io.Writer, f *app.AllyFinding) {
	what := fmt.Sprintf("%q", f.Query)
	if f.Goal != "" {
		what = fmt.Sprintf("#%d %s", f.GoalID, f.Goal)
	}
	fmt.Fprintf(w, "Allies for %s: top %d of %d candidates\n", what, len(f.Allies), f.Candidates)
	fmt.Fprintf(w, "score = %.0f%% shared interests + %.0f%% reach + %.0f%% influence + %.0f%% diversity + %.0f%% reliability (each part 0–1)\n",
		100*coalition.WeightText, 100*coalition.WeightReach, 100*coalition.WeightInfluence, 100*coalition.WeightDiversity, 100*coalition.WeightReliability)
	for _, n := range f.Notes {
		fmt.Fprintln(w, "note: "+n)
	}
	fmt.Fprintln(w, "\n#\tNAME\tDEPARTMENT\tSCORE\tSHARED\tREACH\tINFLUENCE\tDIVERSITY\tRELIABILITY")
	for i, x := range f.Allies {
		fmt.Fprintf(w, "%d\t%s\t%s\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\n", i+1, x.Name, dash(x.Department), x.Score, x.Text, x.Reach, x.Influence, x.Diversity, x.Reliability)
	}
	fmt.Fprintln(w, "\nWHY")
	for i, x := range f.Allies {
		why := x.Reasons
		for _, st := range x.Stakes {
			switch {
			case st.GoalID == f.GoalID && f.GoalID != 0:
				why = append([]string{fmt.Sprintf("%s on this initiative today: hear their concerns, then offer the win-win", st.Stance)}, why...)
			case st.Stance.Supports():
				why = append(why, fmt.Sprintf("already a %s of #%d %s", st.Stance, st.GoalID, st.Goal))
			default:
				why = append(why, fmt.Sprintf("%s on #%d %s", st.Stance, st.GoalID, st.Goal))
			}
		}
		fmt.Fprintf(w, "%d. %s: %s\n", i+1, x.Name, strings.Join(why, "; "))
	}
	if len(f.OnBoard) > 0 {
		var on []string
		for _, x := range f.OnBoard {
			on = append(on, fmt.Sprintf("%s (%s)", x.Name, x.Stance))
		}
		fmt.Fprintf(w, "\nALREADY ON BOARD (not ranked: they support it)\n  %s\n", strings.Join(on, ", "))
	}
}

func (c *CLI) pathCmd() *cobra.Command {
	var k int
	cmd := &cobra.Command{
		Use:   "path PERSON",
		Short: "Warm paths: the strongest chains of ties from you to a person",
		Long: `path lists the k strongest chains of ties from you to a person (strength is the
product of the ties' strengths; k shortest loopless paths), preferring chains
through your allies and people you trust. Each hop shows its strength and the
last contact between the two people.`,
		Example: `  ally path Lavorato
  ally path "Louise Kitchen" -k 5`,
		Args: args(1, 1),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			if cmd.Flags().Changed("k") && k < 1 {
				return ally.Errorf(ally.EINVALID, "-k %d: ask for at least one path", k)
			}
			if k > app.MaxPaths {
				return ally.Errorf(ally.EINVALID, "-k %d: ally lists at most %d warm paths", k, app.MaxPaths)
			}
			id, err := personID(cmd.Context(), ap, a[0])
			if err != nil {
				return err
			}
			v, err := ap.WarmPaths(cmd.Context(), id, k)
			if err != nil {
				return err
			}
			return c.out(v, func(w io.Writer) { printPaths(w, v) })
		}),
	}
	cmd.Flags().IntVarP(&k, "k", "k", 3, "how many alternative paths")
	return cmd
}

func printPaths(w io.Writer, v *app.PathsView) {
	switch {
	case v.Strained:
		fmt.Fprintf(w, "How to reach %s: directly, to repair a strained relationship\n", v.Name)
	case v.Line == app.LineManager:
		fmt.Fprintf(w, "How to reach %s: directly, your manager\n", v.Name)
	case v.Line == app.LineReport:
		fmt.Fprintf(w, "How to reach %s: directly, your direct report\n", v.Name)
	default:
		fmt.Fprintf(w, "Warm paths from you to %s: strongest chains first, preferring allies and people you trust\n", v.Name)
		fmt.Fprintln(w, "(a chain's strength is the product of its ties' strengths, 0–1)")
	}
	for i, p := range v.Paths {
		via := "direct"
		if len(p.Via) > 0 {
			via = "via " + strings.Join(p.Via, " → ")
		}
		fmt.Fprintf(w, "\n%d. strength %.2f, %s, %d hop(s)\n", i+1, p.Strength, via, len(p.Hops))
		printHops(w, p)
		for _, y := range p.Why {
			fmt.Fprintf(w, "   %s\n", y)
		}
	}
	for _, n := range v.Notes {
		fmt.Fprintln(w, "\nnote: "+n)
	}
}

func printHops(w io.Writer, p *app.PathView) {
	for j, h := range p.Hops {
		from := h.From
		if j == 0 {
			from = "you"
		}
		fmt.Fprintf(w, "   %s → %s\tstrength %.2f\t%d interactions\tlast contact %s\t%s\n", from, h.To, h.Strength, h.Count, day(h.Last), h.Rel)
	}
}

func (c *CLI) goalGrowCmd() *cobra.Command {
	var k int
	var seed uint64
	var eps float64
	cmd := &cobra.Command{
		Use:   "grow GOAL",
		Short: "Whom to enlist next so that support spreads furthest (influence maximisation)",
		Long: `grow picks the k people to win over next so that support spreads furthest
through the tie network: influence maximisation under the independent cascade
model (an active person wins over each contact once, with a probability from
their tie strength), with you and today's supporters as fixed seeds and
blockers left out. It uses IMM (Tang, Shi & Xiao 2015), which guarantees a
(1 − 1/e − ε) share of the best possible reach with high probability, and
compares the picks with the degree and random baselines on the same sample.
When a decision rule makes it a vote (a committee, or the stakeholders under
unanimity, consensus or adoption) the voters decide, so the voters nearest to
yes (the smallest set of yes votes within reach) are picked first, and the
notes say why any pick falls outside the vote.`,
		Example: `  ally goal grow 1 -k 3
  ally goal grow "West desks" -k 5 --seed 7`,
		Args: args(1, 1),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			if cmd.Flags().Changed("k") && k < 1 {
				return ally.Errorf(ally.EINVALID, "-k %d: ask for at least one person", k)
			}
			if !(eps > 0 && eps < 1) {
				return ally.Errorf(ally.EINVALID, "--epsilon %g must be between 0 and 1", eps)
			}
			id, err := goalID(cmd.Context(), ap, a[0])
			if err != nil {
				return err
			}
			v, err := ap.Grow(cmd.Context(), id, app.GrowInput{K: k, Seed: seed, Epsilon: eps})
			if err != nil {
				return err
			}
			return c.out(v, func(w io.Writer) { printGrow(w, v) })
		}),
	}
	cmd.Flags().IntVarP(&k, "k", "k", 3, "how many people to pick")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "random seed (results are reproducible for a seed)")
	cmd.Flags().Float64Var(&eps, "epsilon", app.GrowEpsilon, "IMM's approximation slack ε: smaller is slower and closer to the best")
	return cmd
}

func printGrow(w io.Writer, v *app.GrowView) {
	fmt.Fprintf(w, "#%d %s: enlist these %d next\n", v.GoalID, v.Goal, v.K)
	fmt.Fprintf(w, "already active\t%s\n\n", strings.Join(v.Supporters, ", "))
	voters := slices.ContainsFunc(v.Picks, func(p *app.GrowPick) bool { return p.Voter })
	if voters {
		fmt.Fprintln(w, "#\tNAME\tDEPARTMENT\tSTANCE\tVOTES\tADDS (EXPECTED PEOPLE)")
	} else {
		fmt.Fprintln(w, "#\tNAME\tDEPARTMENT\tSTANCE\tADDS (EXPECTED PEOPLE)")
	}
	for i, p := range v.Picks {
		switch {
		case !voters:
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t+%.1f\n", i+1, p.Name, dash(p.Department), dash(p.Stance), p.Gain)
		case p.Voter:
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t+%.1f\n", i+1, p.Name, dash(p.Department), dash(p.Stance), num(p.Votes), p.Gain)
		default:
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t-\t+%.1f\n", i+1, p.Name, dash(p.Department), dash(p.Stance), p.Gain)
		}
	}
	fmt.Fprintf(w, "\nexpected reach\t%.1f ± %.1f of %d people (supporters alone: %.1f ± %.1f)\n",
		v.Reach.Mean, v.Reach.CI95, v.People, v.Base.Mean, v.Base.CI95)
	fmt.Fprintln(w, "compared on the same sample (± is the 95% interval):")
	fmt.Fprintf(w, "  these picks\t%.1f ± %.1f\n", v.Reach.Mean, v.Reach.CI95)
	fmt.Fprintf(w, "  degree baseline\t%.1f ± %.1f\t%s\n", v.Degree.Reach.Mean, v.Degree.Reach.CI95, strings.Join(v.Degree.People, ", "))
	fmt.Fprintf(w, "  random baseline\t%.1f ± %.1f\t%s\n", v.Random.Reach.Mean, v.Random.Reach.CI95, strings.Join(v.Random.People, ", "))
	fmt.Fprintf(w, "\nwhy these\t")
	for i, p := range v.Picks {
		if i > 0 {
			fmt.Fprint(w, "\n\t")
		}
		fmt.Fprintf(w, "%s %s", p.Name, p.Why)
	}
	fmt.Fprintf(w, "\nmodel\t%s\n", v.Model)
	fmt.Fprintf(w, "guarantee\t%s (ε = %.2f, %d reverse-reachable sets)\n", v.Guarantee, v.Epsilon, v.RRSets)
	for _, n := range v.Notes {
		fmt.Fprintf(w, "note\t%s\n", n)
	}
}

func (c *CLI) goalPlanCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "plan GOAL",
		Short: "The next best moves for an initiative: who, why, what to offer, what to ask",
		Long: `plan ranks the next moves for an initiative: shore up a critical supporter whose
tie is cooling, win a swing voter, win the smallest set of yes votes within
reach, reconnect with cooling supporters, hear out blockers through a warm path
with the win-win, deepen a shallow base, engage the powerful and interested.
Each move says why, what you owe the person first (a late promise to deliver,
a favour to give back, a strained tie to repair: then no ask at all), the
win-win to offer (from what they value) and the ask; your own manager and
reports are reached directly. A decided initiative gets its follow-ups
instead: thank the supporters, record what it returned. A tie
is cooling by the rule ` + "`ally today`" + ` uses: its health (` + "`ally health`" + `) is
labelled cooling or dormant, mostly for want of contact within the cadence
of the person's tier (` + "`ally config tie.cadence.TIER`" + `).`,
		Example: `  ally goal plan 2
  ally --json goal plan "California refund"`,
		Args: args(1, 1),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			id, err := goalID(cmd.Context(), ap, a[0])
			if err != nil {
				return err
			}
			v, err := ap.Plan(cmd.Context(), id)
			if err != nil {
				return err
			}
			for _, m := range v.Moves {
				m.Why = moveWhy(v, m)
			}
			return c.out(v, func(w io.Writer) { printPlan(w, v) })
		}),
	}
}

func printPlan(w io.Writer, v *app.PlanView) {
	if v.Outcome != "" && v.Outcome != ally.OutcomeOpen {
		fmt.Fprintf(w, "#%d %s: %s, so no more moves; the follow-ups\n", v.GoalID, v.Goal, v.Outcome)
		printFollowUps(w, v)
		return
	}
	fmt.Fprintf(w, "#%d %s: next moves\n", v.GoalID, v.Goal)
	for _, s := range v.Summary {
		fmt.Fprintf(w, "  - %s\n", s)
	}
	if len(v.Moves) == 0 {
		fmt.Fprintln(w, "\nno moves: the coalition is complete for now")
	}
	for _, m := range v.Moves {
		fmt.Fprintf(w, "\n%d. %s (%s, power %d): %s\n", m.Rank, m.Name, m.Stance, m.Power, moveVerb(m))
		fmt.Fprintf(w, "   why\t%s\n", strings.Join(m.Why, "; "))
		switch {
		case m.New && len(m.First) > 0:
			fmt.Fprintf(w, "   first\tintroduce yourself (no contact yet) and learn what they need; then %s\n", debtWords(m.First))
		case m.New:
			fmt.Fprintln(w, "   first\tintroduce yourself (no contact yet) and learn what they need")
		case len(m.First) > 0:
			fmt.Fprintf(w, "   first\t%s\n", debtWords(m.First))
		}
		if m.Path != nil {
			fmt.Fprintf(w, "   warm path\t%s\n", pathLine(m.Path))
		}
		fmt.Fprintf(w, "   offer\t%s\n", m.Offer)
		switch {
		case m.HoldAsk && m.Ask != "":
			fmt.Fprintf(w, "   ask\tnothing until the relationship is repaired (later: %s)\n", m.Ask)
		case m.HoldAsk:
			fmt.Fprintln(w, "   ask\tnothing until the relationship is repaired")
		case (m.New || len(m.First) > 0) && m.Ask != "" && m.Kind != "reconnect" && m.Kind != "shore-up":
			fmt.Fprintf(w, "   ask\t%s, once the above is done\n", m.Ask)
		default:
			fmt.Fprintf(w, "   ask\t%s\n", dash(m.Ask))
		}
		switch {
		case m.Next != "" && m.HoldAsk:
			fmt.Fprintf(w, "   next step\tafter the repair: %s\n", m.Next)
		case m.Next != "":
			fmt.Fprintf(w, "   next step\t%s\n", m.Next)
		}
	}
	if len(v.FollowUps) > 0 {
		fmt.Fprintln(w, "")
		printFollowUps(w, v)
	}
}

// printFollowUps words an initiative's follow-ups.
func printFollowUps(w io.Writer, v *app.PlanView) {
	for i, f := range v.FollowUps {
		var s string
		switch f.Kind {
		case app.FollowThank:
			s = fmt.Sprintf("thank %s (%s) specifically: what their support made possible", f.Name, f.Stance)
			if slices.ContainsFunc(v.Cooling, func(c *app.CoolingTie) bool { return c.ID == f.ID }) {
				s += "; the tie is cooling, so in person: a reason to reconnect"
			}
		case app.FollowDebrief:
			s = fmt.Sprintf("ask %s (%s) what would have changed their mind, and listen: the next initiative needs them", f.Name, f.Stance)
		case app.FollowRecord:
			if v.Outcome == "" || v.Outcome == ally.OutcomeOpen {
				s = "the target date has passed: record the outcome (won, lost or abandoned), or set a new target"
			} else {
				s = "record what it returned and what you learned, in a note on the initiative: the next coalition starts from it"
			}
		default:
			s = string(f.Kind)
		}
		if len(f.First) > 0 {
			s += "; first " + debtWords(f.First)
		}
		fmt.Fprintf(w, "  %d. %s\n", i+1, s)
	}
}

// debtWords words what you owe someone before an ask, in order.
func debtWords(ds []tie.Debt) string {
	var out []string
	for _, d := range ds {
		switch d.Kind {
		case tie.DebtRepair:
			out = append(out, "repair the relationship: "+tie.RepairAdvice)
		case tie.DebtDeliver:
			out = append(out, fmt.Sprintf("deliver “%s”, promised for %s (%s late)", d.What, day(d.Due), countOf(d.DaysLate, "day", "days")))
		case tie.DebtGiveBack:
			if d.OweSize > 0 {
				out = append(out, fmt.Sprintf("give back: you owe %s in the ledger (size-weighted; %.1f weighed by age)", num(d.OweSize), d.Owe))
			} else {
				out = append(out, fmt.Sprintf("give back: you owe %.1f weighed by age (what they gave is more recent)", d.Owe))
			}
		default:
			out = append(out, string(d.Kind))
		}
	}
	return strings.Join(out, "; then ")
}

// moveWhy words a move's reasons, one phrase each.
func moveWhy(v *app.PlanView, m *app.MoveView) []string {
	out := make([]string, 0, len(m.Reasons))
	for _, r := range m.Reasons {
		out = append(out, reasonWords(v, m, r))
	}
	return out
}

func reasonWords(v *app.PlanView, m *app.MoveView, r *app.MoveReason) string {
	switch r.Kind {
	case coalition.ReasonCriticalCooling:
		return "critical to the vote (losing them loses it) and the tie is cooling"
	case coalition.ReasonSwing:
		return fmt.Sprintf("their vote alone closes the gap of %s", num(r.Deficit))
	case coalition.ReasonLeastEffort:
		return fmt.Sprintf("one of the smallest set of yes votes within reach (%s; how far in all %.1f)", countOf(r.People, "person", "people"), r.Effort)
	case coalition.ReasonCooling:
		return "a supporter whose tie is cooling: support fades without contact"
	case coalition.ReasonWarmPath:
		switch {
		case m.HoldAsk:
			return "opposes (" + m.Stance + "); the relationship is strained: repair it face to face first"
		case m.Line == app.LineManager:
			return "opposes (" + m.Stance + "); your manager: talk to them directly"
		case m.Line == app.LineReport:
			return "opposes (" + m.Stance + "); your direct report: talk to them directly"
		}
		if m.Path != nil {
			return "opposes (" + m.Stance + "); " + pathWhy(m.Path)
		}
		s := fmt.Sprintf("opposes (%s); reachable through a chain of strength %.2f", m.Stance, r.Strength)
		if len(r.Via) > 0 {
			s += " via " + strings.Join(r.Via, " → ")
		}
		return s
	case coalition.ReasonShallowBase:
		for _, f := range v.Flags {
			if f.Code == r.Flag {
				return "deepens a shallow base: " + f.Reason
			}
		}
		return "deepens a shallow base"
	case coalition.ReasonManageClosely:
		return "high power and high interest: manage closely"
	}
	return string(r.Kind)
}

// pathWhy says in words how a warm path reaches someone.
func pathWhy(p *app.PathView) string {
	if len(p.Via) == 0 {
		return fmt.Sprintf("you have a direct tie (strength %.2f): ask them yourself", p.Strength)
	}
	last := p.Hops[len(p.Hops)-2]
	s := "a warm path through " + strings.Join(p.Via, " → ")
	if last.Rel != "" {
		s += " (" + last.Rel + ")"
	}
	return s + fmt.Sprintf(", chain strength %.2f", p.Strength)
}

func pathLine(p *app.PathView) string {
	var b strings.Builder
	b.WriteString("you")
	for _, h := range p.Hops {
		last := ""
		if !h.Last.IsZero() {
			last = ", last " + day(h.Last)
		}
		fmt.Fprintf(&b, " → %s (%.2f%s)", h.To, h.Strength, last)
	}
	fmt.Fprintf(&b, "; strength %.2f", p.Strength)
	return b.String()
}

func moveVerb(m *app.MoveView) string {
	switch m.Kind {
	case "shore-up":
		return "shore up a critical supporter"
	case "win-swing":
		return "win a swing vote"
	case "win-least":
		return "win their vote: one of the smallest set of yes votes within reach"
	case "reconnect":
		return "reconnect: the tie is cooling"
	case "approach":
		switch {
		case m.HoldAsk:
			return "repair the relationship first, then hear their concerns"
		case m.Line != "":
			return "hear their concerns directly, and offer the win-win"
		}
		return "hear their concerns through a warm path, and offer the win-win"
	case "deepen":
		return "deepen the base"
	case "engage-high":
		return "engage: high power and interest"
	}
	return m.Kind
}

// countOf words a count: "1 person", "3 people".
func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
