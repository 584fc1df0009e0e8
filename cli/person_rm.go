package cli

// Forgetting and exporting a person: the two privacy rights a colleague
// can ask for (`ally person rm`, `ally person export`).

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/app"
)

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
		s := ally.Count(n.Interactions, "interaction", "interactions")
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
			parts = append(parts, ally.Count(x.n, x.one, x.many))
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
			if err := writeFile(out, write); err != nil {
				return err
			}
			fmt.Fprintln(c.Stderr, reveal(fmt.Sprintf("exported %s: %s, %s, %s, %s, %s to %s", x.Person.Name,
				ally.Count(len(x.Interactions), "interaction", "interactions"), ally.Count(len(x.Ledger), "ledger entry", "ledger entries"),
				ally.Count(len(x.Commitments), "commitment", "commitments"), ally.Count(len(x.Stakes), "stake", "stakes"),
				ally.Count(len(x.RepairPlans), "repair plan", "repair plans"), out)))
			return nil
		}),
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "file to write (default: standard output)")
	return cmd
}
