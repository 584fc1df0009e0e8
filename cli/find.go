package cli

// The ally finder and warm paths: `ally find` and `ally path`.

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/app"
	"github.com/allyhq/ally/coalition"
)

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
		fmt.Fprintf(w, "\n%d. strength %.2f, %s, %s\n", i+1, p.Strength, via, ally.Count(len(p.Hops), "hop", "hops"))
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
