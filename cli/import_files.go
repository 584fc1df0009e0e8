package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/app"
)

// addFileImports adds the importers of a user's files beside `import
// json`: vcard, ics, mail, org and interactions.
func (c *CLI) addFileImports(cmd *cobra.Command) {
	type spec struct {
		kind, use, short, long, example string
		flags                           func(*cobra.Command, *app.FileImport, *importFlags)
	}
	specs := []spec{
		{app.ImportVCard, "vcard FILE…", "Contacts from vCard files (2.1, 3.0, 4.0)",
			`Each card becomes a person, or is matched to one by an email address, a phone
number or the card's UID. Name, emails, phones, organisation, title and
department (ORG units) are read; notes only with --notes; photos never.`,
			`  ally import vcard contacts.vcf
  ally import vcard --dry-run ~/Downloads/*.vcf`,
			func(cmd *cobra.Command, in *app.FileImport, _ *importFlags) {
				cmd.Flags().BoolVar(&in.Notes, "notes", false, "keep the cards' notes (private to you)")
			}},
		{app.ImportICS, "ics FILE…", "Meetings from iCalendar files: your calendar",
			`A calendar file is your calendar: each meeting becomes an interaction of yours
with its organizer and attendees, even where the file does not list you.
Recurring meetings are expanded inside the window (default: the 365 days to
the clock); cancelled events, declined invitations, rooms and resources are
left out. A meeting over 20 attendees is large: kept, and weighed less by the
tie engine, unless --max-attendees skips it. Importing a newer export of the
same calendar updates the meetings that changed.`,
			`  ally import ics calendar.ics
  ally import ics work.ics --from 2026-01-01 --to 2026-07-01 --max-attendees 20`,
			func(cmd *cobra.Command, in *app.FileImport, f *importFlags) {
				cmd.Flags().StringVar(&f.from, "from", "", "first day of the window (default: a year before --to)")
				cmd.Flags().StringVar(&f.to, "to", "", "end of the window (default: the clock)")
				cmd.Flags().IntVar(&in.MaxAttendees, "max-attendees", 0, "skip meetings with more attendees (default: keep all)")
			}},
		{app.ImportMail, "mail PATH…", "Mail headers from mbox files, maildir directories and .eml files",
			`Headers only (From, To, Cc, Date, Message-ID, Subject): bodies are never read
into ally. Mail you sent or received is an interaction of yours (you are
recognised by your addresses, and --me-address for more); mail between
others only with --all. List and bulk mail is left out; a message found in
two files is one.`,
			`  ally import mail ~/mail/sent.mbox ~/Maildir
  ally import mail archive.mbox --me-address me@old-job.com`,
			func(cmd *cobra.Command, in *app.FileImport, _ *importFlags) {
				cmd.Flags().StringSliceVar(&in.MeAddresses, "me-address", nil, "another address of yours (repeatable)")
				cmd.Flags().BoolVar(&in.All, "all", false, "also mail between other people (the organisation view)")
			}},
		{app.ImportOrg, "org FILE.csv", "People and managers from an org chart or people list (CSV)",
			`A header row names the columns: name, email, title, department, team,
location, organisation, manager_email or manager_id, id (others with --map).
Comma, semicolon or tab. Managers may come in any order; a reporting cycle or
an ambiguous manager is an error naming the rows, and nothing is written.`,
			`  ally import org people.csv
  ally import org hr.csv --map "Full Name=name" --map "Reports To=manager_email"`,
			func(cmd *cobra.Command, in *app.FileImport, _ *importFlags) {
				cmd.Flags().StringArrayVar(&in.Map, "map", nil, `"Column=field" for a column of another name (repeatable)`)
			}},
		{app.ImportInteractions, "interactions FILE.csv", "An interaction log from another system (CSV)",
			`Columns from and to (people by email or id, several separated by ;), at
(RFC 3339, YYYY-MM-DD[ HH:MM] or Unix seconds), and optionally kind, channel,
subject, id. A log is the organisation's record and is imported whole: you
need not be in it.`,
			`  ally import interactions log.csv
  ally import interactions calls.csv --kind call --map "When=at"`,
			func(cmd *cobra.Command, in *app.FileImport, f *importFlags) {
				cmd.Flags().StringArrayVar(&in.Map, "map", nil, `"Column=field" for a column of another name (repeatable)`)
				cmd.Flags().StringVar(&f.kind, "kind", "", "the kind of every row without one (one-on-one, meeting, email, call, chat, event…)")
			}},
	}
	for _, s := range specs {
		var in app.FileImport
		var f importFlags
		sub := &cobra.Command{
			Use: s.use, Short: s.short, Long: s.long + `

All or nothing: a record that cannot be read stops the import, naming the
file and line, and nothing is written; --skip-bad imports the rest and lists
what it skipped. Importing the same files again creates nothing new.`,
			Example: s.example,
			Args:    args(1, -1),
		}
		kind := s.kind
		sub.RunE = c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			in.Kind, in.Files = kind, a
			if err := f.apply(c, &in); err != nil {
				return err
			}
			bar := newProgressBar(c.Stderr)
			defer bar.done()
			in.Progress = bar.report
			sum, err := ap.ImportFiles(cmd.Context(), in)
			bar.done()
			if err != nil {
				return err
			}
			return c.out(sum, func(w io.Writer) { writeImportSummary(w, sum) })
		})
		sub.Flags().BoolVar(&in.DryRun, "dry-run", false, "read, match and report; write nothing")
		sub.Flags().BoolVar(&in.SkipBad, "skip-bad", false, "skip the records that cannot be read, and list them")
		s.flags(sub, &in, &f)
		cmd.AddCommand(sub)
	}
}

// importFlags are the flags that need parsing before the use case.
type importFlags struct{ from, to, kind string }

func (f *importFlags) apply(c *CLI, in *app.FileImport) error {
	var err error
	if in.From, _, err = parseDay("--from", f.from, c.now); err != nil {
		return err
	}
	var whole bool
	if in.To, whole, err = parseDay("--to", f.to, c.now); err != nil {
		return err
	}
	if whole {
		in.To = in.To.AddDate(0, 0, 1) // --to names the window's last day
	}
	if !in.From.IsZero() && !in.To.IsZero() && !in.From.Before(in.To) {
		return ally.Errorf(ally.EINVALID, "--from %s is not before --to %s", f.from, f.to)
	}
	if f.kind != "" {
		in.Channel = ally.Channel(f.kind)
	}
	return nil
}

// writeImportSummary says what an import did in one short paragraph, and
// what to run next.
func writeImportSummary(w io.Writer, s *app.ImportSummary) {
	verb := "imported"
	if s.DryRun {
		verb = "would import (dry run, nothing written)"
	}
	people := fmt.Sprintf("%s new, %s matched to people already here", ally.Count(s.PeopleCreated, "person", "people"), ally.Count(s.PeopleMatched, "person", "people"))
	if s.Kind == app.ImportVCard || s.Kind == app.ImportOrg {
		fmt.Fprintf(w, "%s %s: %s.\n", verb, ally.Count(s.Files, "file", "files"), people)
	} else {
		fmt.Fprintf(w, "%s %s: %s, %s updated, %s already there; %s.\n", verb, ally.Count(s.Files, "file", "files"),
			ally.Count(s.InteractionsCreated, "new interaction", "new interactions"), ally.Count(s.InteractionsUpdated, "interaction", "interactions"),
			ally.Count(s.InteractionsExisting, "interaction", "interactions"), people)
	}
	var left []string
	for _, x := range []struct {
		n          int
		one, other string
	}{
		{s.Bulk, "list or bulk message", "list or bulk messages"},
		{s.BadAddresses, "recipient that is not an address", "recipients that are not addresses"},
		{s.NotMine, "message between other people (--all imports them)", "messages between other people (--all imports them)"},
		{s.TooLarge, "meeting over --max-attendees", "meetings over --max-attendees"},
		{s.Alone, "record with nobody else in it", "records with nobody else in them"},
		{s.Cancelled, "cancelled meeting", "cancelled meetings"},
		{s.Declined, "declined meeting", "declined meetings"},
		{s.OutsideWindow, "occurrence outside the window", "occurrences outside the window"},
	} {
		if x.n > 0 {
			left = append(left, ally.Count(x.n, x.one, x.other))
		}
	}
	if len(left) > 0 {
		fmt.Fprintf(w, "Left out: %s.\n", strings.Join(left, ", "))
	}
	if s.LargeKept > 0 {
		fmt.Fprintf(w, "%s of over %d attendees kept (weighed less; --max-attendees skips them).\n", ally.Count(s.LargeKept, "large meeting", "large meetings"), app.LargeMeeting)
	}
	if len(s.Skipped) > 0 {
		fmt.Fprintf(w, "Skipped %s that could not be read:\n", ally.Count(len(s.Skipped), "record", "records"))
		for i, k := range s.Skipped {
			if i == 20 {
				fmt.Fprintf(w, "  … %d more (--json lists them all)\n", len(s.Skipped)-i)
				break
			}
			if k.Line > 0 {
				fmt.Fprintf(w, "  %s:%d: %s\n", k.File, k.Line, k.Reason)
			} else {
				fmt.Fprintf(w, "  %s: %s\n", k.File, k.Reason)
			}
		}
	}
	var next []string
	if s.DuplicatesSuggested > 0 {
		next = append(next, fmt.Sprintf("`ally person duplicates` (%s to review)", ally.Count(s.DuplicatesSuggested, "likely duplicate", "likely duplicates")))
	}
	if s.DryRun {
		next = append(next, "the same command without --dry-run")
	} else {
		next = append(next, "`ally today`")
	}
	fmt.Fprintf(w, "Next: %s.\n", strings.Join(next, ", then "))
}
