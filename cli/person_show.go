package cli

// What ally shows of one person: `ally person show`.

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/app"
)

func (c *CLI) personShowCmd() *cobra.Command {
	var n int
	cmd := &cobra.Command{
		Use:     "show PERSON",
		Short:   "Show everything about a person: relationship, ledger, commitments, stakes, timeline",
		Example: `  ally person show "Dasovich"`,
		Args:    args(1, 1),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			id, err := personID(cmd.Context(), ap, a[0])
			if err != nil {
				return err
			}
			d, err := ap.ShowPerson(cmd.Context(), id, n)
			if err != nil {
				return err
			}
			return c.out(d, func(w io.Writer) { printPerson(w, d) })
		}),
	}
	cmd.Flags().IntVarP(&n, "timeline", "n", 10, "how many recent interactions to show")
	return cmd
}

func printPerson(w io.Writer, d *app.PersonDetail) {
	p := d.Person
	dir := string(d.Direction)
	if d.Me {
		dir = "me"
	}
	if p.Organisation != "" {
		dir += ", " + p.Organisation
	}
	fmt.Fprintf(w, "%s (id %d)\t%s\n", p.Name, p.ID, dir)
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(w, "  %s\t%s\n", k, v)
		}
	}
	row("email", strings.Join(p.Emails, ", "))
	row("title", p.Title)
	row("department", p.Department)
	row("team", p.Team)
	row("location", p.Location)
	row("organisation", p.Organisation)
	row("manager", d.ManagerName)
	if p.Level > 0 {
		row("level", fmt.Sprint(p.Level))
	}
	row("reports", strings.Join(d.Reports, ", "))
	for _, k := range []ally.TagKind{ally.TagInterest, ally.TagGoal, ally.TagSkill, ally.TagCurrency} {
		var vs []string
		for _, t := range p.Tags {
			if t.Kind == k {
				vs = append(vs, t.Value)
			}
		}
		row(map[ally.TagKind]string{ally.TagInterest: "interests", ally.TagGoal: "goals", ally.TagSkill: "skills",
			ally.TagCurrency: "values"}[k], strings.Join(vs, ", "))
	}
	row("notes", p.Notes)
	if r := d.Relationship; r != nil {
		var roles []string
		for _, ro := range r.Roles {
			roles = append(roles, string(ro))
		}
		trust := "not rated"
		if r.Trust > 0 {
			trust = fmt.Sprintf("%d/5", r.Trust)
		}
		rel := fmt.Sprintf("%s, %s, trust %s", r.Tier, r.Status, trust)
		if len(roles) > 0 {
			rel += ", " + strings.Join(roles, ", ")
		}
		row("relationship", rel)
	}
	if !d.Me {
		row("contact", fmt.Sprintf("%s with me up to %s", ally.Count(d.Interacted, "interaction", "interactions"), day(d.Now)))
	}
	if h := d.Health; h != nil {
		var parts []string
		for _, p := range h.Parts {
			parts = append(parts, fmt.Sprintf("%s %d/%d", p.Name, p.Points, p.Max))
		}
		row("health", fmt.Sprintf("%d/100, %s (%s); tie strength %.2f", h.Total, h.Label, strings.Join(parts, ", "), h.Scaled))
		if h.Mine.N() > 0 || h.Theirs.N() > 0 {
			row("reliability", fmt.Sprintf("mine %.0f%%, theirs %.0f%%", 100*h.Mine.Score, 100*h.Theirs.Score))
		}
	}
	if b := d.Balance; b != nil {
		row("ledger", ledgerLine(*b))
	}
	for _, cm := range d.Commitments {
		who := "me → " + cm.To
		if !cm.Mine {
			who = cm.From + " → me"
		}
		row("commitment", fmt.Sprintf("#%d %s: %s, due %s (%s)", cm.ID, who, cm.What, day(cm.Due), cm.State))
	}
	for _, s := range d.Stakes {
		row("stake", fmt.Sprintf("%s: %s, power %d, interest %d", s.Initiative, s.Stance, s.Power, s.Interest))
	}
	for _, r := range d.Repairs {
		row("repair", fmt.Sprintf("#%d opened %s: %s %s", r.ID, day(r.Opened), r.Cause, r.Outcome))
	}
	if len(d.Timeline) > 0 {
		whose := ", with me or not"
		if d.Me {
			whose = ""
		}
		fmt.Fprintf(w, "  timeline\t%s, newest first%s\n",
			shown(app.List[*app.InteractionView]{Items: d.Timeline, Total: d.TimelineTotal}, "interaction", "interactions"), whose)
		// The first column is as wide as its widest cell (the heading's
		// name, or the date) and two spaces: a row fits 100 columns.
		first := max(len([]rune(fmt.Sprintf("%s (id %d)", p.Name, p.ID))), len("  2006-01-02 15:04")) + 2
		for _, in := range d.Timeline {
			fmt.Fprintf(w, "  %s\t%s\n", in.At.Format("2006-01-02 15:04"), interactionLine(in, max(100-first, 40)))
		}
	}
}

// interactionLine words an interaction in at most n characters: "email
// with me, Richard Shapiro and 2 others: FW: SEC Inquiry" (three names at
// most, me first, the subject and the note cut with …).
func interactionLine(in *app.InteractionView, n int) string {
	names := in.Names
	if in.WithMe && len(names) > 0 {
		names = append([]string{"me"}, names[1:]...)
	}
	if len(names) > 3 {
		names = append(names[:2:2], fmt.Sprintf("%d others", len(names)-2))
	}
	row := string(in.Kind)
	if len(names) > 0 {
		row += " with " + joinAnd(names)
	}
	for _, t := range []string{in.Subject, in.Note} {
		if t = strings.TrimSpace(t); t != "" {
			row += ": " + t
		}
	}
	return cut(oneLine(row), n)
}

// cut shortens s to at most n characters, ending it with "…" when cut.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// oneLine puts a note's lines on one.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// ledgerLine is the ledger balance with a person as every command words
// it: the plain size-weighted sums (small 1, medium 2, large 4, as the
// ledger's help and the README say), which `ally ledger` lists and the
// entries add up to.
func ledgerLine(b app.Balance) string {
	return fmt.Sprintf("given %s, received %s, balance %s: %s (%s, size-weighted)",
		units(b.Given), units(b.Received), signed(b.Balance), balanceWord(b.Balance), ally.Count(b.Entries, "entry", "entries"))
}

// units prints a size-weighted sum: whole numbers as such, others to one
// decimal.
func units(x float64) string { return strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64) }

func signed(x float64) string {
	if x > 0 {
		return "+" + units(x)
	}
	return units(x)
}

func balanceWord(b float64) string {
	switch {
	case b > 0:
		return "they owe me"
	case b < 0:
		return "I owe them"
	}
	return "even"
}
