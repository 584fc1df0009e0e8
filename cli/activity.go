package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/app"
)

func (c *CLI) logCmd() *cobra.Command {
	var in app.LogInput
	var with, cc, at string
	cmd := &cobra.Command{
		Use:   "log KIND --with PERSON[,PERSON…]",
		Short: "Log an interaction: one-on-one, meeting, partnership-meeting, email, call, chat, event",
		Example: `  ally log one-on-one --with Dasovich --note "walked through the tariff filing"
  ally log meeting --with "Steffes,Shapiro" --at 2001-05-02T10:00:00Z --channel video
  ally log email --with kean --cc shapiro --subject "FERC order"`,
		Args: args(1, 1),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			var err error
			in.Kind = ally.Channel(a[0])
			if err := in.Kind.Validate(); err != nil {
				return err
			}
			if with == "" {
				return ally.Errorf(ally.EUSAGE, "--with is required: who was it with?")
			}
			ctx := cmd.Context()
			if in.With, err = peopleIDs(ctx, ap, "with", with); err != nil {
				return err
			}
			if in.CC, err = peopleIDs(ctx, ap, "cc", cc); err != nil {
				return err
			}
			if in.At, err = c.date("--at", at); err != nil {
				return err
			}
			it, err := ap.Log(cmd.Context(), in)
			if err != nil {
				return err
			}
			return c.out(it, func(w io.Writer) {
				fmt.Fprintf(w, "logged %s #%d on %s with %s\n", it.Kind, it.ID, it.At.Format("2006-01-02 15:04"),
					ally.Count(len(it.Participants)-1, "person", "people"))
			})
		}),
	}
	fl := cmd.Flags()
	fl.StringVar(&with, "with", "", "who it was with (id, email or name; comma-separated)")
	fl.StringVar(&cc, "cc", "", "copied people, for email")
	fl.StringVar(&at, "at", "", "when, not after the clock (default: now): "+dateForms)
	fl.StringVar(&in.Medium, "channel", "", "how: in person, video, phone…")
	fl.StringVar(&in.Subject, "subject", "", "subject")
	fl.StringVar(&in.Note, "note", "", "what was said or agreed")
	return cmd
}

func (c *CLI) timelineCmd() *cobra.Command {
	var pg app.Page
	var withMe bool
	var with string
	cmd := &cobra.Command{
		Use:   "timeline PERSON",
		Short: "A person's interactions up to the clock, newest first",
		Example: `  ally timeline Steffes -n 20
  ally timeline Steffes -n 20 --offset 20
  ally timeline Steffes --with-me
  ally timeline Steffes --with Shapiro`,
		Args: args(1, 1),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			ctx := cmd.Context()
			id, err := personID(ctx, ap, a[0])
			if err != nil {
				return err
			}
			var other int64
			title := ""
			switch {
			case withMe && with != "":
				return ally.Errorf(ally.EUSAGE, "--with-me and --with: give one")
			case withMe:
				other, title = ap.WS.MeID, " with me"
			case with != "":
				o, err := ap.Resolve(ctx, with)
				if err != nil {
					return fieldErr("with", err)
				}
				other, title = o.ID, " with "+o.Name
			}
			p, l, err := ap.TimelineWith(ctx, id, other, pg)
			if err != nil {
				return err
			}
			withMe, err := ap.InteractionsWithMe(ctx, id)
			if err != nil {
				return err
			}
			return c.out(l.Items, func(w io.Writer) {
				mine := ""
				if p.ID != ap.WS.MeID {
					mine = fmt.Sprintf("; %d with me", withMe)
				}
				fmt.Fprintf(w, "%s%s: %s, up to %s%s\n", p.Name, title, shown(l, "interaction", "interactions"), day(ap.Now), mine)
				for _, in := range l.Items {
					fmt.Fprintf(w, "%s\t%s\n", in.At.Format("2006-01-02 15:04"), interactionLine(in, 82))
				}
			})
		}),
	}
	cmd.Flags().IntVarP(&pg.Limit, "limit", "n", 50, "how many (0 = all)")
	cmd.Flags().IntVar(&pg.Offset, "offset", 0, "skip this many of the newest first")
	cmd.Flags().BoolVar(&withMe, "with-me", false, "only the interactions I took part in")
	cmd.Flags().StringVar(&with, "with", "", "only the interactions this person took part in too")
	return cmd
}

// shown says which part of a list is shown: "all 12 interactions", "3 of
// 12 interactions shown" or "11–20 of 312 interactions shown"; the noun
// agrees with the whole list's size ("1 person shown").
func shown[T any](l app.List[T], one, many string) string {
	n := len(l.Items)
	what := many
	if l.Total == 1 {
		what = one
	}
	switch {
	case n == l.Total && l.Offset == 0:
		return fmt.Sprintf("%d %s shown", n, what)
	case n == 0:
		return fmt.Sprintf("none of %d %s shown (offset %d)", l.Total, what, l.Offset)
	case l.Offset == 0:
		return fmt.Sprintf("%d of %d %s shown", n, l.Total, what)
	}
	return fmt.Sprintf("%d–%d of %d %s shown", l.Offset+1, l.Offset+n, l.Total, what)
}

func (c *CLI) giveCmd(way app.Way) *cobra.Command {
	in := app.ExchangeInput{Way: way}
	var kind, size, at string
	use, short, example := "give PERSON WHAT", "Record something you gave (help, knowledge, resource, introduction, recognition, advocacy)",
		`  ally give Dasovich "intro to the FERC staff lawyer" --kind introduction --size medium --currency contacts`
	if way == app.ToMe {
		use, short, example = "got PERSON WHAT", "Record something you received",
			`  ally got Shapiro "reviewed my filing overnight" --kind help --size large`
	}
	cmd := &cobra.Command{
		Use: use, Short: short, Example: example,
		Args: args(2, 2),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			var err error
			if in.Person, err = personID(cmd.Context(), ap, a[0]); err != nil {
				return err
			}
			in.What = a[1]
			in.Kind, in.Size = ally.ExchangeKind(kind), ally.Size(size)
			if in.At, err = c.date("--at", at); err != nil {
				return err
			}
			e, p, err := ap.Give(cmd.Context(), in)
			if err != nil {
				return err
			}
			return c.out(e, func(w io.Writer) {
				verb := "gave"
				if way == app.ToMe {
					verb = "received from"
				}
				fmt.Fprintf(w, "ledger #%d: %s %s: %s (%s, %s)\n", e.ID, verb, p.Name, e.What, e.Kind, e.Size)
			})
		}),
	}
	fl := cmd.Flags()
	fl.StringVar(&kind, "kind", "help", "help|knowledge|resource|introduction|recognition|advocacy")
	fl.StringVar(&size, "size", "small", "small|medium|large (weights 1, 2, 4)")
	fl.StringVar(&in.Currency, "currency", "", "the currency it pays in (recognition, information, …)")
	fl.StringVar(&at, "at", "", "when, not after the clock (default: now): "+dateForms)
	return cmd
}

func (c *CLI) ledgerCmd() *cobra.Command {
	var entries bool
	cmd := &cobra.Command{
		Use:   "ledger [PERSON]",
		Short: "The reciprocity ledger: balances with everyone, or one person's entries",
		Long: `The reciprocity ledger as it stands at the clock. A balance is given minus
received, size-weighted: a small favour counts 1, a medium one 2, a large one
4. person show and health say the same balance in the same words; health's
reciprocity part also weighs the entries decayed (an old favour counts less,
half-life 180 days) and labels that figure so.`,
		Example: `  ally ledger
  ally ledger Dasovich`,
		Args: args(0, 1),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			var err error
			var id int64
			if len(a) == 1 {
				if id, err = personID(cmd.Context(), ap, a[0]); err != nil {
					return err
				}
			}
			l, err := ap.Ledger(cmd.Context(), id)
			if err != nil {
				return err
			}
			return c.out(l, func(w io.Writer) {
				fmt.Fprintln(w, "PERSON\tGIVEN\tRECEIVED\tBALANCE\t\tLAST")
				for _, b := range l.Balances {
					fmt.Fprintf(w, "%s\t%.0f\t%.0f\t%+.0f\t%s\t%s\n", b.Name, b.Given, b.Received, b.Balance, balanceWord(b.Balance), b.Last)
				}
				if id != 0 || entries {
					fmt.Fprintln(w, "\nDATE\tFROM\tTO\tWHAT\tKIND\tSIZE")
					for _, e := range l.Entries {
						ex := ""
						if e.Example {
							ex = " (example)"
						}
						fmt.Fprintf(w, "%s\t%s\t%s\t%s%s\t%s\t%s\n", day(e.At), e.From, e.To, e.What, ex, e.Kind, e.Size)
					}
				}
			})
		}),
	}
	cmd.Flags().BoolVar(&entries, "entries", false, "list every entry too")
	return cmd
}

func (c *CLI) promiseCmd(way app.Way) *cobra.Command {
	var due string
	var force bool
	use, short, example := "promise PERSON WHAT --due DATE", "Record a commitment you made",
		`  ally promise Dasovich "send the rate-case numbers" --due +3d`
	if way == app.ToMe {
		use, short, example = "expect PERSON WHAT --due DATE", "Record a commitment someone made to you",
			`  ally expect Shapiro "legal view on the filing" --due 2001-05-10`
	}
	cmd := &cobra.Command{
		Use: use, Short: short, Example: example,
		Args: args(2, 2),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			if due == "" {
				return ally.Errorf(ally.EUSAGE, "--due is required: %s", dateForms)
			}
			d, err := c.date("--due", due)
			if err != nil {
				return err
			}
			pid, err := personID(cmd.Context(), ap, a[0])
			if err != nil {
				return err
			}
			cm, p, err := ap.Promise(cmd.Context(), app.PromiseInput{Person: pid, Way: way, What: a[1], Due: d, Force: force})
			if err != nil {
				return err
			}
			return c.out(cm, func(w io.Writer) {
				who := "you → " + p.Name
				if way == app.ToMe {
					who = p.Name + " → you"
				}
				fmt.Fprintf(w, "commitment #%d (%s): %s, due %s\n", cm.ID, who, cm.What, day(cm.Due))
			})
		}),
	}
	cmd.Flags().StringVar(&due, "due", "", "due date: "+dateForms)
	cmd.Flags().BoolVar(&force, "force", false, "accept a due date more than 30 days before the clock")
	return cmd
}

func (c *CLI) closeCmd(name string, status ally.CommitmentStatus) *cobra.Command {
	short := map[string]string{
		"done":    "Mark a commitment kept",
		"release": "Release a commitment by mutual agreement (it counts neither way)",
		"broken":  "Mark a commitment broken",
	}[name]
	return &cobra.Command{
		Use: name + " ID", Short: short, Example: "  ally " + name + " 12",
		Args: args(1, 1),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			id, err := strconv.ParseInt(strings.TrimPrefix(a[0], "#"), 10, 64)
			if err != nil {
				return ally.Errorf(ally.EUSAGE, "commitment id %q is not a number", a[0])
			}
			cm, err := ap.CloseCommitment(cmd.Context(), id, status)
			if err != nil {
				return err
			}
			return c.out(cm, func(w io.Writer) {
				late := ""
				if status == ally.CommitKept && !cm.OnTime() {
					late = " (late)"
				}
				fmt.Fprintf(w, "commitment #%d %s%s: %s\n", cm.ID, cm.Status, late, cm.What)
			})
		}),
	}
}

func (c *CLI) commitmentsCmd() *cobra.Command {
	var f app.CommitmentFilter
	cmd := &cobra.Command{
		Use:   "commitments",
		Short: "Open commitments both ways, by due date",
		Example: `  ally commitments
  ally commitments --late`,
		Args: args(0, 0),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			l, err := ap.Commitments(cmd.Context(), f)
			if err != nil {
				return err
			}
			cs := l.Items
			return c.out(cs, func(w io.Writer) {
				fmt.Fprintln(w, "ID\tDUE\tSTATE\tWHO\tWHAT")
				for _, cm := range cs {
					who := "me → " + cm.To
					if !cm.Mine {
						who = cm.From + " → me"
					}
					state := string(cm.State)
					if cm.State == ally.CommitLate {
						state = fmt.Sprintf("late %dd", -cm.DaysDue)
					} else if cm.State == ally.CommitOpen {
						state = fmt.Sprintf("in %dd", cm.DaysDue)
					}
					ex := ""
					if cm.Example {
						ex = " (example)"
					}
					fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s%s\n", cm.ID, day(cm.Due), state, who, cm.What, ex)
				}
				fmt.Fprintf(w, "%d commitments\n", len(cs))
			})
		}),
	}
	cmd.Flags().BoolVar(&f.Late, "late", false, "only those past their due date")
	cmd.Flags().BoolVar(&f.Closed, "all", false, "include kept, broken and released ones")
	return cmd
}

func (c *CLI) relCmd() *cobra.Command {
	var tier, status, role, note string
	var trust int
	cmd := &cobra.Command{
		Use:   "rel PERSON",
		Short: "Set your relationship with a person: tier, status, roles, trust",
		Example: `  ally rel Dasovich --tier key-ally --status ally --trust 4
  ally rel Kean --role sponsor,mentor`,
		Args: args(1, 1),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			var in app.RelInput
			ch := cmd.Flags().Changed
			if ch("tier") {
				t := ally.Tier(tier)
				in.Tier = &t
			}
			if ch("status") {
				s := ally.RelStatus(status)
				in.Status = &s
			}
			if ch("role") {
				var rs []ally.RelRole
				for _, r := range splitList(role) {
					rs = append(rs, ally.RelRole(r))
				}
				in.Roles = &rs
			}
			if ch("trust") {
				in.Trust = &trust
			}
			if ch("note") {
				in.Note = &note
			}
			pid, err := personID(cmd.Context(), ap, a[0])
			if err != nil {
				return err
			}
			r, p, err := ap.SetRelationship(cmd.Context(), pid, in)
			if err != nil {
				return err
			}
			return c.out(r, func(w io.Writer) {
				var roles []string
				for _, ro := range r.Roles {
					roles = append(roles, string(ro))
				}
				fmt.Fprintf(w, "%s: %s, %s, trust %d, roles %s\n", p.Name, r.Tier, r.Status, r.Trust, dash(strings.Join(roles, ",")))
			})
		}),
	}
	fl := cmd.Flags()
	fl.StringVar(&tier, "tier", "", "key-ally|ally|network|prospect")
	fl.StringVar(&status, "status", "", "prospect|engaged|ally|strained|dormant|ended")
	fl.StringVar(&role, "role", "", "mentor,mentee,sponsor,partner (replaces the list; \"\" clears)")
	fl.IntVar(&trust, "trust", 0, "trust 1-5")
	fl.StringVar(&note, "note", "", "a note on the relationship")
	return cmd
}
