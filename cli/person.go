package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
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

func (c *CLI) personRmCmd() *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "rm PERSON",
		Short: "Remove a person and everything about them (asks first; --yes for scripts)",
		Long: `Removes a person with their emails, tags, notes, Me's relationship with them,
ledger entries, commitments, stakes and repair plans, and their part in every
interaction (an interaction left with no one else goes too). On a terminal it
says what will go and asks; without a terminal it needs --yes. ` + "`ally person export`" + `
first keeps a copy of what is removed.`,
		Example: `  ally person rm "Cy Diaz"
  ally person rm 42 --yes`,
		Args: args(1, 1),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			id, err := personID(cmd.Context(), ap, a[0])
			if err != nil {
				return err
			}
			r, err := ap.RemovalOf(cmd.Context(), id)
			if err != nil {
				return err
			}
			what := removalText(r)
			if !yes {
				if !isTerminal(c.Stdin) {
					return ally.Errorf(ally.EUSAGE, "person rm would remove %s; with no terminal to ask on, add --yes to remove them", what)
				}
				fmt.Fprint(c.Stderr, reveal("Remove "+what+"? This cannot be undone. [y/N] ")) // names cannot act on the terminal
				if !confirmed(c.Stdin) {
					fmt.Fprintf(c.Stderr, "nothing removed\n")
					return nil
				}
			}
			if r, err = ap.RemovePerson(cmd.Context(), id); err != nil {
				return err
			}
			return c.out(r, func(w io.Writer) { fmt.Fprintf(w, "removed %s\n", removalText(r)) })
		}),
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "remove without asking")
	return cmd
}

// removalText says whom a removal takes and what with them: "Cy Diaz (id
// 3) with 12 interactions (5 of them go, 7 stay without them), 2 ledger
// entries, …".
func removalText(r *app.Removal) string {
	n := r.Counts
	var parts []string
	if n.Interactions > 0 {
		s := plural(n.Interactions, "interaction", "interactions")
		switch {
		case n.Dropped == n.Interactions:
			s += " (which go with them)"
		case n.Dropped == 0:
			s += " (which stay for the others in them, without them)"
		default:
			s += fmt.Sprintf(" (%d go; %d stay for the others in them, without them)", n.Dropped, n.Interactions-n.Dropped)
		}
		parts = append(parts, s)
	}
	for _, x := range []struct {
		n         int
		one, many string
	}{{n.LedgerEntries, "ledger entry", "ledger entries"}, {n.Commitments, "commitment", "commitments"},
		{n.Stakes, "stake", "stakes"}, {n.RepairPlans, "repair plan", "repair plans"}, {n.Tags, "tag", "tags"}} {
		if x.n > 0 {
			parts = append(parts, plural(x.n, x.one, x.many))
		}
	}
	if n.Relationship {
		parts = append(parts, "my relationship with them")
	}
	if n.Notes {
		parts = append(parts, "their notes")
	}
	s := fmt.Sprintf("%s (id %d)", r.Person.Name, r.Person.ID)
	if len(parts) == 0 {
		return s + ", who has nothing else recorded"
	}
	return s + " with " + joinAnd(parts)
}

// joinAnd joins "a", "b" and "c" as "a, b and c".
func joinAnd(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

// isTerminal reports whether r is a terminal the user can answer on: a
// character device, and not the null device (a script's </dev/null is one
// too). The standard library has no isatty; this is its portable part.
func isTerminal(r io.Reader) bool {
	f, ok := r.(interface{ Stat() (os.FileInfo, error) })
	if !ok {
		return false
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return err != nil || !os.SameFile(st, null)
}

// confirmed reads one line of answer: y or yes, in any case, is yes.
func confirmed(r io.Reader) bool {
	line, _ := bufio.NewReader(r).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return true
	}
	return false
}

func (c *CLI) personExportCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "export PERSON [-o FILE]",
		Short: "Everything ally holds about one person, as JSON",
		Long: `Writes everything the workspace holds about one person as JSON: their record
(emails, tags, notes), my relationship with them, every interaction they took
part in (the others by name only), the ledger entries and commitments between
us, their stakes and votes in initiatives, and the repair plans about them.
What a colleague may ask to see; the file is readable by you alone.`,
		Example: `  ally person export "Cy Diaz" -o cy.json
  ally person export cy@example.com | jq .counts`,
		Args: args(1, 1),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			id, err := personID(cmd.Context(), ap, a[0])
			if err != nil {
				return err
			}
			x, err := ap.ExportPerson(cmd.Context(), id)
			if err != nil {
				return err
			}
			write := func(w io.Writer) error {
				enc := json.NewEncoder(w)
				enc.SetIndent("", "  ")
				return enc.Encode(x)
			}
			if out == "" || out == "-" {
				var b bytes.Buffer
				if err := write(&b); err != nil {
					return err
				}
				_, err := c.Stdout.Write(escapeJSON(b.Bytes())) // names cannot act on the terminal
				return err
			}
			if err := writePrivate(out, write); err != nil {
				return err
			}
			fmt.Fprintln(c.Stderr, reveal(fmt.Sprintf("exported %s: %s, %s, %s, %s, %s to %s", x.Person.Name,
				plural(len(x.Interactions), "interaction", "interactions"), plural(len(x.Ledger), "ledger entry", "ledger entries"),
				plural(len(x.Commitments), "commitment", "commitments"), plural(len(x.Stakes), "stake", "stakes"),
				plural(len(x.RepairPlans), "repair plan", "repair plans"), out)))
			return nil
		}),
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "file to write (default: standard output)")
	return cmd
}

// writePrivate writes a file readable by its owner alone (os.CreateTemp
// makes it 0600) through a temporary file renamed into place, so that a
// failed write leaves no partial file.
func writePrivate(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return ally.Errorf(ally.EINVALID, "-o %s: %v", path, err)
	}
	err = write(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return ally.Errorf(ally.EINVALID, "-o %s: %v", path, err)
	}
	return nil
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
		fmt.Fprintln(w, shown(l, "people"))
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
	fmt.Fprintln(w, shown(up, "people")+", with me at the head of the chain")
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
		row("contact", fmt.Sprintf("%s with me up to %s", plural(d.Interacted, "interaction", "interactions"), day(d.Now)))
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
			shown(app.List[*app.InteractionView]{Items: d.Timeline, Total: d.TimelineTotal}, "interactions"), whose)
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
		units(b.Given), units(b.Received), signed(b.Balance), balanceWord(b.Balance), plural(b.Entries, "entry", "entries"))
}

// units prints a size-weighted sum: whole numbers as such, others to one
// decimal.
func units(x float64) string { return strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64) }

// plural says "1 entry", "3 entries".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

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
