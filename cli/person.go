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
	createManager, allowDuplicate                                            bool
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
	fl.BoolVar(&f.createManager, "create-manager", false, "create the --manager as a new person when no one matches")
	fl.BoolVar(&f.allowDuplicate, "allow-duplicate", false, "allow a name another person has (needs an --email to tell them apart)")
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
	in.AllowDuplicate = f.allowDuplicate
	if f.createManager && strings.TrimSpace(f.manager) == "" {
		return in, ally.Errorf(ally.EUSAGE, "--create-manager needs --manager NAME: the name of the manager to create")
	}
	if ch("manager") {
		var id int64
		if name := strings.TrimSpace(f.manager); name != "" {
			var err error
			id, err = personID(cmd.Context(), ap, name)
			switch {
			case ally.ErrorCode(err) == ally.ENOTFOUND && f.createManager && !strings.Contains(name, "@") && strings.Trim(name, "0123456789") != "":
				in.NewManager = name
			case ally.ErrorCode(err) == ally.ENOTFOUND:
				return in, ally.Errorf(ally.ENOTFOUND, "manager: no person matches %q", name).
					WithHint(ally.HintCreateManager, "name", name)
			case err != nil:
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
  ally person show ana@example.com
  ally person export ana@example.com -o ana.json`,
	}
	cmd.AddCommand(c.personAddCmd(), c.personListCmd(), c.personShowCmd(), c.personEditCmd(), c.personRmCmd(), c.personExportCmd())
	c.addMergeCmds(cmd)
	return cmd
}

func (c *CLI) personAddCmd() *cobra.Command {
	var f personFlags
	cmd := &cobra.Command{
		Use:   "add NAME",
		Short: "Add a person",
		Long: `Adds a person. A name someone in the workspace already has (in any case) is
refused: if it is another person, add --allow-duplicate with an --email that
tells the two apart; they are then referred to by email or id. --manager
names the manager; with --create-manager a manager nobody matches is added as
a new person.`,
		Example: `  ally person add "Ana Ruiz" --email ana@example.com --title "VP Finance" --department Finance
  ally person add "Raj Patel" --org Acme --title "Account lead" --manager "Kim Lee" --create-manager
  ally person add "Cy Diaz" --allow-duplicate --email cy.diaz@beta.org`,
		Args: args(1, 1),
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
		Use:   "edit PERSON",
		Short: "Change a person's fields (only the flags given)",
		Example: `  ally person edit ana --title "CFO" --manager me
  ally person edit Lou --manager "Mia Chen" --create-manager`,
		Args: args(1, 1),
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

func (c *CLI) personListCmd() *cobra.Command {
	var f app.ListFilter
	var dir, tier string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List people, filtered by direction, department, organisation, tag or tier",
		Long: `Lists people by name with their direction, organisation and relationship.
--dir up lists Me's management chain in chain order instead: Me, then Me's
manager (step 1), theirs (step 2) and so on, each with their manager.`,
		Example: `  ally person list --dir across
  ally person list --dir up
  ally person list --org Acme
  ally person list --department "ENA Legal" --tag interest:regulation`,
		Args: args(0, 0),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			f.Direction, f.Tier = ally.Direction(dir), ally.Tier(tier)
			l, err := ap.ListPeople(cmd.Context(), f)
			if err != nil {
				return err
			}
			ps := l.Items
			return c.out(ps, func(w io.Writer) { printPeople(w, l, f.Direction == ally.DirUp && ap.WS.MeID != 0) })
		}),
	}
	fl := cmd.Flags()
	fl.StringVar(&dir, "dir", "", "direction: up|down|across|outside")
	fl.StringVar(&f.Department, "department", "", "department (exact, any case)")
	fl.StringVar(&f.Organisation, "org", "", "organisation outside (exact, any case)")
	fl.StringVar(&f.Tag, "tag", "", "tag value, or kind:value")
	fl.StringVar(&tier, "tier", "", "relationship tier: key-ally|ally|network|prospect")
	fl.StringVarP(&f.Query, "query", "q", "", "fragment of name, email or organisation")
	fl.BoolVar(&f.IncludeMe, "me", false, "include Me")
	fl.IntVarP(&f.Limit, "limit", "n", 0, "at most this many (0 = all)")
	fl.IntVar(&f.Offset, "offset", 0, "skip this many first")
	return cmd
}

// printPeople prints a list of people; chain: Me's management chain, Me
// first (see app.ListPeople), with each one's step up it and manager.
func printPeople(w io.Writer, l app.List[*app.PersonView], chain bool) {
	org := false
	for _, p := range l.Items {
		org = org || p.Organisation != ""
	}
	head := "ID\tNAME\tDIR\tTITLE\tDEPARTMENT"
	if chain {
		head = "STEP\tID\tNAME\tDIR\tTITLE\tMANAGER"
	}
	if org {
		head += "\tORGANISATION"
	}
	fmt.Fprintln(w, head+"\tTIER\tSTATUS")
	for _, p := range l.Items {
		tier, status := "-", "-"
		if p.Relationship != nil {
			tier, status = string(p.Relationship.Tier), string(p.Relationship.Status)
		}
		d := string(p.Direction)
		if p.Me {
			d = "me"
		}
		row := fmt.Sprintf("%d\t%s\t%s\t%s\t%s", p.ID, p.Name, d, dash(p.Title), dash(p.Department))
		if chain {
			step := "-"
			switch {
			case p.Me:
				step = "me"
			case p.ChainStep > 0:
				step = fmt.Sprint(p.ChainStep)
			}
			row = fmt.Sprintf("%s\t%d\t%s\t%s\t%s\t%s", step, p.ID, p.Name, d, dash(p.Title), dash(p.ManagerName))
		}
		if org {
			row += "\t" + dash(p.Organisation)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\n", row, tier, status)
	}
	if !chain {
		fmt.Fprintln(w, shown(l, "person", "people"))
		return
	}
	// Me heads the chain, and is not one of the people up it.
	up := l
	up.Total--
	if len(up.Items) > 0 && up.Items[0].Me {
		up.Items = up.Items[1:]
	} else if up.Offset > 0 {
		up.Offset--
	}
	fmt.Fprintln(w, shown(up, "person", "people")+", with me at the head of the chain")
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
