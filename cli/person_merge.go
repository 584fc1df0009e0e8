package cli

// One person, many records (issue 11): `ally person duplicates` suggests,
// `ally person merge` makes two records one, `ally person unmerge` undoes
// a recorded merge.

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/app"
)

// addMergeCmds adds `person duplicates`, `person merge` and `person
// unmerge`.
func (c *CLI) addMergeCmds(cmd *cobra.Command) {
	cmd.AddCommand(c.personDuplicatesCmd(), c.personMergeCmd(), c.personUnmergeCmd())
}

func (c *CLI) personDuplicatesCmd() *cobra.Command {
	var not bool
	cmd := &cobra.Command{
		Use:   "duplicates [--not PERSON PERSON]",
		Short: "People who look like one person, with why and how sure (merge them, or say they are not)",
		Long: `Lists pairs of people who are likely one person: the same name in another
source, "J. Arnold" and "John Arnold" at one domain, Bob and Robert. Each pair
has a score (0.5 to 0.99, best first) and the reason. Nothing is merged: merge a
pair with ` + "`ally person merge`" + `, or record with --not that two people are
not one person ("don't merge"), and the pair is never suggested again. A merge
that was undone is not suggested again either.`,
		Example: `  ally person duplicates
  ally person duplicates --not "J. Arnold" john.arnold@enron.com
  ally person duplicates --json | jq '.[0]'`,
		Args: args(0, 2),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			ctx := cmd.Context()
			if not {
				if len(a) != 2 {
					return ally.Errorf(ally.EUSAGE, "--not needs the two people who are not one person")
				}
				ids, err := peopleIDs(ctx, ap, "person", a...)
				if err != nil {
					return err
				}
				if err := ap.NotDuplicate(ctx, ids[0], ids[1]); err != nil {
					return err
				}
				return c.out(map[string]any{"not_duplicates": ids}, func(w io.Writer) {
					fmt.Fprintf(w, "recorded: %s and %s are not one person; they will not be suggested again\n", a[0], a[1])
				})
			}
			if len(a) > 0 {
				return ally.Errorf(ally.EUSAGE, "duplicates takes no people, except with --not")
			}
			ds, err := ap.Duplicates(ctx)
			if err != nil {
				return err
			}
			return c.out(ds, func(w io.Writer) {
				if len(ds) == 0 {
					fmt.Fprintln(w, "no likely duplicates")
					return
				}
				fmt.Fprintf(w, "%s, best first:\n", ally.Count(len(ds), "likely duplicate", "likely duplicates"))
				for _, d := range ds {
					fmt.Fprintf(w, "  %.2f  %s ~ %s\n", d.Score, dupText(d.A), dupText(d.B))
					fmt.Fprintf(w, "        %s\n", d.Reason)
					fmt.Fprintf(w, "        merge: ally person merge %d %d   not one person: ally person duplicates --not %d %d\n", d.A.ID, d.B.ID, d.A.ID, d.B.ID)
				}
			})
		}),
	}
	cmd.Flags().BoolVar(&not, "not", false, "record that the two people given are not one person")
	return cmd
}

// dupText is "Ana Lima (id 3, ana@acme.org, Acme)".
func dupText(p app.DuplicatePerson) string {
	parts := []string{"id " + strconv.FormatInt(p.ID, 10)}
	parts = append(parts, p.Emails...)
	if p.Organisation != "" {
		parts = append(parts, p.Organisation)
	}
	return fmt.Sprintf("%s (%s)", p.Name, strings.Join(parts, ", "))
}

func (c *CLI) personMergeCmd() *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "merge KEEP OTHER",
		Short: "Make two records of one person one: OTHER's everything moves to KEEP (asks first; --yes for scripts)",
		Long: `Merges OTHER into KEEP: OTHER's emails, identities, tags, interactions, ledger
entries, commitments, stakes, repair plans, reports and places in decision
rules move to KEEP, and OTHER's record goes. KEEP's record and history are
kept: its fields win where set, empty ones are filled from OTHER's, and OTHER's
notes are added below KEEP's under a line naming the merge. Where both took
part in one interaction, KEEP stays once with the stronger role; where both
have a stake in one initiative, KEEP's stays; my relationship is KEEP's if
there is one, else OTHER's. Me can be KEEP, never OTHER.

Nothing is lost: the merge is recorded with everything needed to undo it, and
` + "`ally person unmerge`" + ` puts both records back exactly. On a terminal it says
what will move and asks; without a terminal it needs --yes.`,
		Example: `  ally person merge "John Arnold" "J. Arnold"
  ally person merge 3 7 --yes`,
		Args: args(2, 2),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			ctx := cmd.Context()
			keep, err := personID(ctx, ap, a[0])
			if err != nil {
				return fieldErr("KEEP", err)
			}
			other, err := personID(ctx, ap, a[1])
			if err != nil {
				return fieldErr("OTHER", err)
			}
			v, err := ap.MergeOf(ctx, keep, other)
			if err != nil {
				return err
			}
			if !yes {
				if !isTerminal(c.Stdin) {
					return ally.Errorf(ally.EUSAGE, "person merge would %s; with no terminal to ask on, add --yes to merge", mergeText(v, false))
				}
				fmt.Fprint(c.Stderr, reveal("Merge: "+mergeText(v, false)+"? It can be undone with ally person unmerge. [y/N] "))
				if !confirmed(c.Stdin) {
					fmt.Fprintf(c.Stderr, "nothing merged\n")
					return nil
				}
			}
			if v, err = ap.Merge(ctx, keep, other); err != nil {
				return err
			}
			return c.out(v, func(w io.Writer) {
				fmt.Fprintf(w, "merged: %s\n", mergeText(v, true))
				fmt.Fprintf(w, "undo with: ally person unmerge %d\n", v.MergeID)
			})
		}),
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "merge without asking")
	return cmd
}

// mergeText says what a merge moves: "move A. Lima (id 7) into Ana Lima
// (id 3): 4 interactions (2 both were in keep Ana Lima once), …; from A.
// Lima: title, location". done words it as done.
func mergeText(v *app.MergeView, done bool) string {
	n := v.Counts
	var parts []string
	if all := n.Interactions + n.Shared; all > 0 {
		s := ally.Count(all, "interaction", "interactions")
		if n.Shared > 0 {
			s += fmt.Sprintf(" (%d both were in: %s stays in them once)", n.Shared, v.Kept.Name)
		}
		parts = append(parts, s)
	}
	for _, x := range []struct {
		n         int
		one, many string
	}{{n.LedgerEntries, "ledger entry", "ledger entries"}, {n.Commitments, "commitment", "commitments"},
		{n.Stakes + n.StakesBoth, "stake", "stakes"}, {n.RepairPlans, "repair plan", "repair plans"},
		{n.Reports, "report", "reports"}, {n.Emails, "email", "emails"}, {n.Identities, "identity", "identities"},
		{n.Tags, "tag", "tags"}, {n.Rules, "place in a decision rule", "places in decision rules"}} {
		if x.n > 0 {
			s := ally.Count(x.n, x.one, x.many)
			if x.one == "stake" && n.StakesBoth > 0 {
				s += fmt.Sprintf(" (%d in an initiative both have a stake in: %s's stays)", n.StakesBoth, v.Kept.Name)
			}
			parts = append(parts, s)
		}
	}
	switch n.Relationship {
	case "moved":
		parts = append(parts, "my relationship with them")
	case "kept":
		parts = append(parts, "my relationship with them ("+v.Kept.Name+"'s stays)")
	}
	verb := "move"
	if done {
		verb = "moved"
	}
	s := fmt.Sprintf("%s %s (id %d) into %s (id %d)", verb, v.Merged.Name, v.Merged.ID, v.Kept.Name, v.Kept.ID)
	if len(parts) > 0 {
		s += ": " + joinAnd(parts)
	} else {
		s += ", who has nothing else recorded"
	}
	if between := n.Between + n.LedgerBetween + n.CommitmentsBetween; between > 0 {
		s += fmt.Sprintf("; %s between the two records alone leave the workspace for the merge record (one person with themselves is no contact)",
			ally.Count(between, "entry", "entries"))
	}
	var filled []string
	for _, f := range v.Fields {
		if f.From == "merged" {
			filled = append(filled, strings.ReplaceAll(f.Field, "_", " "))
		}
	}
	if len(filled) > 0 {
		s += fmt.Sprintf("; from %s's record: %s", v.Merged.Name, strings.Join(filled, ", "))
	}
	for _, f := range v.Fields {
		if f.Field == "notes" {
			s += "; their notes are added below " + v.Kept.Name + "'s"
		}
	}
	return s
}

func (c *CLI) personUnmergeCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "unmerge [MERGE-ID]",
		Short: "Undo a merge exactly (without an id: list the recorded merges)",
		Long: `Undoes a recorded merge: the merged person comes back under their own id with
everything that was theirs, and the kept person's record is as it was before.
Without an id, lists the recorded merges, newest first, and whether each can be
undone. An unmerge is refused when it could not restore exactly: the kept
person's record (fields, notes, emails, tags) was changed since, something the
merge moved was removed or moved on, a decision rule it rewrote was edited, or
a later merge of the same people stands (undo that one first). What was added
to the kept person after the merge stays with them.`,
		Example: `  ally person unmerge
  ally person unmerge 2`,
		Args: args(0, 1),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			ctx := cmd.Context()
			if len(a) == 0 {
				ms, err := ap.Merges(ctx)
				if err != nil {
					return err
				}
				return c.out(ms, func(w io.Writer) {
					if len(ms) == 0 {
						fmt.Fprintln(w, "no merges recorded")
						return
					}
					for _, m := range ms {
						state := "undo: ally person unmerge " + strconv.FormatInt(m.ID, 10)
						switch {
						case !m.Undone.IsZero():
							state = "undone " + m.Undone.Format(time.DateOnly)
						case !m.Undoable:
							state = "cannot be undone: " + m.WhyNotUndo
						}
						fmt.Fprintf(w, "#%d\t%s\t%s (id %d) into %s (id %d)\t%s\n", m.ID, m.At.Format(time.DateOnly),
							m.Merged, m.MergedID, m.Kept, m.KeptID, state)
					}
				})
			}
			id, err := strconv.ParseInt(strings.TrimPrefix(a[0], "#"), 10, 64)
			if err != nil || id <= 0 {
				return ally.Errorf(ally.EUSAGE, "MERGE-ID: %q is not a merge id (a number; ally person unmerge lists them)", a[0])
			}
			u, err := ap.Unmerge(ctx, id)
			if err != nil {
				return err
			}
			return c.out(u, func(w io.Writer) {
				fmt.Fprintf(w, "unmerged: %s (id %d) is back, apart from %s (id %d)\n", u.Merged.Name, u.Merged.ID, u.Kept.Name, u.Kept.ID)
			})
		}),
	}
	return cmd
}
