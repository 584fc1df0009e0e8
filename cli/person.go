package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/app"
)

// personFlags binds the fields of a person to flags; only flags the user
// set are applied, so edit changes just those.
type personFlags struct {
	name, email, title, department, team, location, org, manager, notes, dir string
	level                                                                    int
}

func (f *personFlags) bind(cmd *cobra.Command, withName bool) {
	fl := cmd.Flags()
	if withName {
		fl.StringVar(&f.name, "name", "", "full name")
	}
	fl.StringVar(&f.email, "email", "", "email address(es), comma-separated")
	fl.StringVar(&f.title, "title", "", "job title")
	fl.StringVar(&f.department, "department", "", "department")
	fl.StringVar(&f.team, "team", "", "team")
	fl.StringVar(&f.location, "location", "", "location")
	fl.StringVar(&f.org, "org", "", "organisation, for people outside Me's own (empty: internal)")
	fl.StringVar(&f.manager, "manager", "", "manager (id, email or name); \"\" to clear")
	fl.IntVar(&f.level, "level", 0, "level in the organisation (1 = top)")
	fl.StringVar(&f.notes, "notes", "", "private notes")
	fl.StringVar(&f.dir, "dir", "", "override the derived direction: up|down|across|outside, or auto")
}

// input is the fields the flags given set, the manager resolved to an id.
func (f *personFlags) input(cmd *cobra.Command, ap *app.App) (app.PersonInput, error) {
	var in app.PersonInput
	ch := cmd.Flags().Changed
	str := func(flag string, v *string) *string {
		if ch(flag) {
			return v
		}
		return nil
	}
	in.Name = str("name", &f.name)
	in.Title = str("title", &f.title)
	in.Department = str("department", &f.department)
	in.Team = str("team", &f.team)
	in.Location = str("location", &f.location)
	in.Organisation = str("org", &f.org)
	in.Notes = str("notes", &f.notes)
	if ch("manager") {
		var id int64
		if strings.TrimSpace(f.manager) != "" {
			var err error
			if id, err = personID(cmd.Context(), ap, f.manager); err != nil {
				return in, fieldErr("manager", err)
			}
		}
		in.Manager = &id
	}
	in.Direction = str("dir", &f.dir)
	if ch("email") {
		es := splitList(f.email)
		in.Emails = &es
	}
	if ch("level") {
		in.Level = &f.level
	}
	return in, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (c *CLI) personCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "person",
		Aliases: []string{"people"},
		Short:   "Add, list, show, edit and remove people",
		Example: `  ally person add "Ana Ruiz" --email ana@example.com --department Finance --manager "Lou Grant"
  ally person list --dir across --department Legal
  ally person show ana@example.com`,
	}
	cmd.AddCommand(c.personAddCmd(), c.personListCmd(), c.personShowCmd(), c.personEditCmd(), c.personRmCmd())
	return cmd
}

func (c *CLI) personAddCmd() *cobra.Command {
	var f personFlags
	cmd := &cobra.Command{
		Use:     "add NAME",
		Short:   "Add a person",
		Example: `  ally person add "Ana Ruiz" --email ana@example.com --title "VP Finance" --department Finance`,
		Args:    args(1, 1),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			in, err := f.input(cmd, ap)
			if err != nil {
				return err
			}
			in.Name = &a[0]
			p, err := ap.AddPerson(cmd.Context(), in)
			if err != nil {
				return err
			}
			return c.out(p, func(w io.Writer) { fmt.Fprintf(w, "added %s (id %d)\n", p.Name, p.ID) })
		}),
	}
	f.bind(cmd, false)
	return cmd
}

func (c *CLI) personEditCmd() *cobra.Command {
	var f personFlags
	cmd := &cobra.Command{
		Use:     "edit PERSON",
		Short:   "Change a person's fields (only the flags given)",
		Example: `  ally person edit ana --title "CFO" --manager me`,
		Args:    args(1, 1),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			id, err := personID(cmd.Context(), ap, a[0])
			if err != nil {
				return err
			}
			in, err := f.input(cmd, ap)
			if err != nil {
				return err
			}
			p, err := ap.EditPerson(cmd.Context(), id, in)
			if err != nil {
				return err
			}
			return c.out(p, func(w io.Writer) { fmt.Fprintf(w, "updated %s (id %d)\n", p.Name, p.ID) })
		}),
	}
	f.bind(cmd, true)
	return cmd
}

func (c *CLI) personRmCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "rm PERSON",
		Short:   "Remove a person and their records",
		Example: `  ally person rm 42`,
		Args:    args(1, 1),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			id, err := personID(cmd.Context(), ap, a[0])
			if err != nil {
				return err
			}
			p, err := ap.RemovePerson(cmd.Context(), id)
			if err != nil {
				return err
			}
			return c.out(p, func(w io.Writer) { fmt.Fprintf(w, "removed %s (id %d)\n", p.Name, p.ID) })
		}),
	}
}

func (c *CLI) personListCmd() *cobra.Command {
	var f app.ListFilter
	var dir, tier string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List people, filtered by direction, department, tag or tier",
		Example: `  ally person list --dir across
  ally person list --department "ENA Legal" --tag interest:regulation`,
		Args: args(0, 0),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			f.Direction, f.Tier = ally.Direction(dir), ally.Tier(tier)
			l, err := ap.ListPeople(cmd.Context(), f)
			if err != nil {
				return err
			}
			ps := l.Items
			return c.out(ps, func(w io.Writer) {
				fmt.Fprintln(w, "ID\tNAME\tDIR\tTITLE\tDEPARTMENT\tTIER\tSTATUS")
				for _, p := range ps {
					tier, status := "-", "-"
					if p.Relationship != nil {
						tier, status = string(p.Relationship.Tier), string(p.Relationship.Status)
					}
					d := string(p.Direction)
					if p.Me {
						d = "me"
					}
					fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", p.ID, p.Name, d, dash(p.Title), dash(p.Department), tier, status)
				}
				fmt.Fprintln(w, shown(l, "people"))
			})
		}),
	}
	fl := cmd.Flags()
	fl.StringVar(&dir, "dir", "", "direction: up|down|across|outside")
	fl.StringVar(&f.Department, "department", "", "department (exact, any case)")
	fl.StringVar(&f.Tag, "tag", "", "tag value, or kind:value")
	fl.StringVar(&tier, "tier", "", "relationship tier: key-ally|ally|network|prospect")
	fl.StringVarP(&f.Query, "query", "q", "", "fragment of name or email")
	fl.BoolVar(&f.IncludeMe, "me", false, "include Me")
	fl.IntVarP(&f.Limit, "limit", "n", 0, "at most this many (0 = all)")
	fl.IntVar(&f.Offset, "offset", 0, "skip this many first")
	return cmd
}

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
		row("relationship", fmt.Sprintf("%s, %s, trust %s %s", r.Tier, r.Status, trust, strings.Join(roles, ",")))
	}
	if !d.Me {
		row("contact", fmt.Sprintf("%d interactions with me", d.Interacted))
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
		row("ledger", fmt.Sprintf("given %.0f, received %.0f, balance %+.0f (%s)", b.Given, b.Received, b.Balance, balanceWord(b.Balance)))
	}
	for _, cm := range d.Commitments {
		row("commitment", fmt.Sprintf("#%d %s → %s: %s, due %s (%s)", cm.ID, cm.From, cm.To, cm.What, day(cm.Due), cm.State))
	}
	for _, s := range d.Stakes {
		row("stake", fmt.Sprintf("%s: %s, power %d, interest %d", s.Initiative, s.Stance, s.Power, s.Interest))
	}
	for _, r := range d.Repairs {
		row("repair", fmt.Sprintf("#%d opened %s: %s %s", r.ID, day(r.Opened), r.Cause, r.Outcome))
	}
	if len(d.Timeline) > 0 {
		fmt.Fprintln(w, "  timeline")
		for _, in := range d.Timeline {
			fmt.Fprintf(w, "  %s\t%s with %s\t%s\n", in.At.Format("2006-01-02 15:04"), in.Kind, strings.Join(in.Names, ", "), in.Subject+in.Note)
		}
	}
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

func (c *CLI) tagCmd() *cobra.Command {
	var remove bool
	cmd := &cobra.Command{
		Use:   "tag PERSON KIND:VALUE…",
		Short: "Tag a person (or me) with interests, goals, skills and currencies",
		Long: `Tags describe what a person cares about. KIND is interest, goal, skill or
currency; currencies are what they value in exchange (Cohen and Bradford):
vision, excellence, ethics, resources, help, information, challenge,
recognition, visibility, reputation, contacts, acceptance, personal-support,
understanding, gratitude, ownership, self-concept.`,
		Example: `  ally tag me goal:"energy trading desk" skill:pricing
  ally tag Dasovich interest:regulation currency:recognition
  ally tag Dasovich --rm interest:regulation`,
		Args: args(2, -1),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			var tags []ally.Tag
			for _, s := range a[1:] {
				tg, err := parseTag(s)
				if err != nil {
					return err
				}
				tags = append(tags, tg)
			}
			id, err := personID(cmd.Context(), ap, a[0])
			if err != nil {
				return err
			}
			tag := ap.Tag
			if remove {
				tag = ap.Untag
			}
			p, err := tag(cmd.Context(), id, tags)
			if err != nil {
				return err
			}
			return c.out(p, func(w io.Writer) {
				var ts []string
				for _, t := range p.Tags {
					ts = append(ts, string(t.Kind)+":"+t.Value)
				}
				fmt.Fprintf(w, "%s: %s\n", p.Name, dash(strings.Join(ts, ", ")))
			})
		}),
	}
	cmd.Flags().BoolVar(&remove, "rm", false, "remove the tags instead of adding them")
	return cmd
}
