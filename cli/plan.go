package cli

// Growing and planning a coalition: `ally goal grow` and `ally goal plan`.

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/app"
	"github.com/allyhq/ally/coalition"
	"github.com/allyhq/ally/tie"
)

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
		if m.Power == 0 {
			// A voter named by the rule with no stake recorded: no power
			// or stance was given, so none is shown.
			fmt.Fprintf(w, "\n%d. %s (a voter, no stake recorded yet): %s\n", m.Rank, m.Name, moveVerb(m))
		} else {
			fmt.Fprintf(w, "\n%d. %s (%s, power %d): %s\n", m.Rank, m.Name, m.Stance, m.Power, moveVerb(m))
		}
		fmt.Fprintf(w, "   why\t%s\n", strings.Join(m.Why, "; "))
		meet := "introduce yourself (no contact yet) and learn what they need"
		switch m.Line {
		case app.LineManager:
			meet = "a one-on-one with your manager (no contact recorded yet): learn their priorities"
		case app.LineReport:
			meet = "a one-on-one with your report (no contact recorded yet): learn their goals"
		}
		switch {
		case m.New && len(m.First) > 0:
			fmt.Fprintf(w, "   first\t%s; then %s\n", meet, debtWords(m.First))
		case m.New:
			fmt.Fprintf(w, "   first\t%s\n", meet)
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
			out = append(out, fmt.Sprintf("deliver “%s”, promised for %s (%s late)", d.What, day(d.Due), ally.Count(d.DaysLate, "day", "days")))
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
		return fmt.Sprintf("one of the smallest set of yes votes within reach (%s; how far in all %.1f)", ally.Count(r.People, "person", "people"), r.Effort)
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
				// The flag's why is in the summary above; here its
				// first clause is enough ("only 1 supporter").
				short, _, _ := strings.Cut(f.Reason, ": ")
				return "deepens a shallow base: " + short
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
