package cli

import (
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/app"
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
	fmt.Fprintf(w, "  supporters\t%d of %d stakeholders (%s), %.0f%% of stakeholder power; net support %+.2f\n",
		b.Supporters, b.Stakeholders, ally.Count(b.Champions, "champion", "champions"), 100*b.SupportShare, b.NetSupport)
	levels := make([]string, len(b.Levels))
	for i, l := range b.Levels {
		levels[i] = strconv.Itoa(l)
	}
	fmt.Fprintf(w, "  spans\t%s: %s; levels %s\n", ally.Count(len(b.Departments), "department", "departments"), dash(strings.Join(b.Departments, ", ")), dash(strings.Join(levels, ", ")))
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
