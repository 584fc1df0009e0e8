package cli

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/app"
)

// addFileExports adds the exports in open formats beside `export json`:
// csv tables and vCard.
func (c *CLI) addFileExports(cmd *cobra.Command) {
	cmd.AddCommand(c.exportCSVCmd(), c.exportVCardCmd())
}

// tableNouns are the words the summary counts each table's rows in.
var tableNouns = map[string][2]string{
	app.TablePeople:       {"person", "people"},
	app.TableInteractions: {"interaction", "interactions"},
	app.TableLedger:       {"ledger entry", "ledger entries"},
	app.TableCommitments:  {"commitment", "commitments"},
}

func (c *CLI) exportCSVCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "csv " + strings.Join(app.ExportTableNames, "|") + " [-o FILE]",
		Short: "One table as CSV, for a spreadsheet or another program",
		Long: `Writes one table of the workspace as CSV: UTF-8, a header row, RFC 4180
quoting. A cell that starts with = + - @, a tab or a carriage return gets a
leading ' so that a spreadsheet shows it instead of running it as a formula;
ally's own importers take that quote off again.

  people        everyone, Me included (the "me" column): id, name, email and
                phone (several separated by ;), title, department, team,
                location, organisation, manager_id, manager_email,
                manager_name, level, direction_override, tags (kind:value;…).
                ` + "`ally import org`" + ` reads it back.
  interactions  the format ` + "`ally import interactions`" + ` reads: id, at (UTC), kind,
                from (who started it), to, cc, subject, and medium and source
                for the reader. People are named by their first email address
                ("Name <address>"), or by their id in the people table when
                they have none: import that table first, and the log into an
                empty workspace gives the same interactions.
  ledger        every exchange: who gave what to whom (ids and names), whether
                Me gave or received, kind, size and its weight, currency.
  commitments   every promise (Me's) and expectation (someone's to Me), with
                the names, due day, status, state as of now (late) and whether
                a kept one was kept on time.

Private notes (on people, interactions, relationships) are left out of every
table: a note is its author's alone. Only ` + "`ally export json`" + `, the owner's
backup, holds them.`,
		Example: `  ally export csv people -o people.csv
  ally export csv interactions > interactions.csv
  ally export csv ledger -o ledger.csv`,
		Args:      args(1, 1),
		ValidArgs: app.ExportTableNames,
		RunE: func(cmd *cobra.Command, a []string) error {
			table := a[0]
			if !slices.Contains(app.ExportTableNames, table) {
				return ally.Errorf(ally.EUSAGE, "no table %q; the tables are %s", table, strings.Join(app.ExportTableNames, ", "))
			}
			return c.withApp(func(cmd *cobra.Command, ap *app.App, _ []string) error {
				nouns := tableNouns[table]
				return c.writeExport(out, table, nouns[0], nouns[1], func(w io.Writer) (int, error) {
					return ap.ExportTable(cmd.Context(), table, w)
				})
			})(cmd, a)
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "file to write (default or -: standard output)")
	return cmd
}

func (c *CLI) exportVCardCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "vcard [-o FILE]",
		Short: "Everyone but Me as vCard 4.0, for an address book",
		Long: `Writes a vCard 4.0 card for every person of the workspace but Me (it is an
address book of your contacts; your own card would be a second you in a
workspace that imports it): name, email addresses, phones, organisation,
department and team (ORG), title and location. A person's UID is the one
their imported card had; a person without one gets a UID made from the
workspace and their id (a name-based UUID), the same at every export, so
that an address book updates its cards instead of adding them again.
Private notes are left out.`,
		Example: `  ally export vcard -o contacts.vcf
  ally export vcard > contacts.vcf`,
		Args: args(0, 0),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			return c.writeExport(out, "vcard", "card", "cards", func(w io.Writer) (int, error) {
				return ap.ExportVCard(cmd.Context(), w)
			})
		}),
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "file to write (default or -: standard output)")
	return cmd
}

// exportSummary is what an export to a file reports (--json prints it).
type exportSummary struct {
	Export string `json:"export"`
	Rows   int    `json:"rows"`
	File   string `json:"file"`
}

// writeExport writes an export to the file out through writeFile (a
// temporary file renamed into place, 0600), or to standard output when
// out is "" or "-". To a file it reports how many rows it wrote: on
// standard error, or as JSON on standard output with --json. To a
// terminal the output is shown as every text output is (reveal: a
// character that would act on the terminal is shown as a code); to a pipe
// or a file the bytes go as they are.
func (c *CLI) writeExport(out, what, one, many string, write func(io.Writer) (int, error)) error {
	var n int
	if out == "" || out == "-" {
		if !isTerminalOut(c.Stdout) {
			_, err := write(c.Stdout)
			return err
		}
		var b bytes.Buffer
		if _, err := write(&b); err != nil {
			return err
		}
		_, err := io.WriteString(c.Stdout, reveal(b.String()))
		return err
	}
	err := writeFile(out, func(w io.Writer) (err error) {
		n, err = write(w)
		return err
	})
	if err != nil {
		return err
	}
	if c.JSON {
		return c.out(exportSummary{Export: what, Rows: n, File: out}, nil)
	}
	fmt.Fprintln(c.Stderr, reveal(fmt.Sprintf("exported %s to %s", ally.Count(n, one, many), out)))
	return nil
}
