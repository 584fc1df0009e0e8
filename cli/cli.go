// Package cli is ally's command line: it parses flags, calls package app and
// prints the results as text or, with --json, as JSON. It holds no business
// logic of its own.
package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/app"
	"github.com/allyhq/ally/store"
)

// CLI holds the global flags and the output streams of one invocation.
type CLI struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer

	DBPath    string
	JSON      bool
	NowFlag   string
	Workspace string

	db  *store.DB
	now time.Time
	// manualSnapshot: the command is `ally snapshot`, which takes its own
	// snapshot instead of the automatic monthly one.
	manualSnapshot bool
	// running: a command's RunE has started, so an error that is not an
	// *ally.Error is ally's own (internal), not cobra's (usage).
	running bool
}

// Run executes ally with the arguments and returns the process exit code.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := &CLI{Stdin: stdin, Stdout: stdout, Stderr: stderr}
	root := c.rootCmd()
	markRunning(root, &c.running)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(context.Background())
	if c.db != nil {
		if err != nil && c.db.Created() {
			// A command that made the database and then failed leaves no
			// empty database behind (a demo that met a full disk).
			c.db.RemoveIfEmpty(context.Background())
		}
		c.db.Close()
	}
	if err == nil {
		return 0
	}
	var ae *ally.Error
	if !errors.As(err, &ae) && !c.running {
		// An error that is not ally's and arose before any command ran is
		// cobra's own: an unknown command or flag, a missing argument or
		// required flag. It is judged by where it arose, not by its text.
		err = ally.Errorf(ally.EUSAGE, "%s (see `ally --help`)", err.Error())
	}
	fmt.Fprintln(stderr, "ally: "+reveal(ally.ErrorMessage(err))) // messages quote names
	if h := hintText(ally.ErrorHint(err)); h != "" {
		fmt.Fprintln(stderr, "      "+reveal(h))
	}
	return exitCode(err)
}

func (c *CLI) rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "ally",
		Short: "Build, grow and use alliances at work",
		Long: `ally maps the people you work with up, down, across and outside your
organisation, keeps the reciprocity ledger and your commitments, and plans the
coalitions your initiatives need. Everything stays in a local SQLite database.`,
		Example: `  ally demo                      # a demo workspace from Enron's real email traffic
  ally person list --dir across
  ally log one-on-one --with "Jeff Dasovich" --note "pricing review"
  ally goal show 1`,
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("db") && strings.TrimSpace(c.DBPath) == "" {
				return ally.Errorf(ally.EUSAGE, "--db is empty: give a database file, or leave --db out for the default (%s)", DefaultDBPath())
			}
			return c.setup()
		},
		// ally with no command is ally's main job: today's agenda.
		Args: func(cmd *cobra.Command, a []string) error {
			if len(a) > 0 {
				return unknownCommand(cmd, a[0])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, a []string) error { return c.runToday(cmd, false) },
	}
	pf := root.PersistentFlags()
	pf.StringVar(&c.DBPath, "db", "", "database file (default $ALLY_DB, else $XDG_DATA_HOME/ally/ally.db)")
	pf.BoolVar(&c.JSON, "json", false, "print machine-readable JSON")
	pf.StringVar(&c.NowFlag, "now", "", "fixed clock, YYYY-MM-DD or RFC 3339 (default: the real time)")
	pf.StringVarP(&c.Workspace, "workspace", "w", "", "workspace name (default $ALLY_WORKSPACE, else the current one)")
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(
		c.initCmd(), c.demoCmd(), c.workspaceCmd(),
		c.personCmd(), c.tagCmd(), c.logCmd(), c.timelineCmd(),
		c.giveCmd(app.FromMe), c.giveCmd(app.ToMe), c.ledgerCmd(),
		c.promiseCmd(app.FromMe), c.promiseCmd(app.ToMe), c.closeCmd("done", ally.CommitKept), c.closeCmd("release", ally.CommitReleased),
		c.closeCmd("broken", ally.CommitBroken), c.commitmentsCmd(),
		c.relCmd(), c.goalCmd(), c.todayCmd(), c.healthCmd(), c.mapCmd(), c.repairCmd(), c.endCmd(),
		c.snapshotCmd(), c.roiCmd(), c.configCmd(), newAnalyzeCmd(c), c.exportCmd(), c.importCmd(),
		c.powerCmd(), c.findCmd(), c.pathCmd(),
	)
	return root
}

// setup resolves the global flags once per invocation.
func (c *CLI) setup() error {
	if c.DBPath == "" {
		c.DBPath = DefaultDBPath()
	}
	if c.Workspace == "" {
		c.Workspace = os.Getenv("ALLY_WORKSPACE")
	}
	if c.NowFlag != "" {
		t, err := parseNow(c.NowFlag, time.Now())
		if err != nil {
			return err
		}
		c.now = t
	}
	return nil
}

// DefaultDBPath is $ALLY_DB, else $XDG_DATA_HOME/ally/ally.db, else
// ~/.local/share/ally/ally.db.
func DefaultDBPath() string {
	if p := os.Getenv("ALLY_DB"); p != "" {
		return p
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "ally", "ally.db")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "ally.db"
	}
	return filepath.Join(home, ".local", "share", "ally", "ally.db")
}

// openDB opens the database; create allows a new file.
func (c *CLI) openDB(ctx context.Context, create bool) (*store.DB, error) {
	return c.openDBWith(ctx, store.Options{Create: create})
}

// openDBWith opens the database as opt allows.
func (c *CLI) openDBWith(ctx context.Context, opt store.Options) (*store.DB, error) {
	if c.db != nil {
		return c.db, nil
	}
	db, err := store.OpenWith(ctx, c.DBPath, opt)
	if err != nil {
		return nil, err
	}
	// The clock (--now) is not set on the database: it travels with each
	// use case (app.Open, InitInput, ImportOptions).
	c.db = db
	return db, nil
}

// app opens the database and the chosen workspace.
func (c *CLI) app(ctx context.Context) (*app.App, error) {
	db, err := c.openDB(ctx, false)
	if err != nil {
		return nil, err
	}
	ap, err := app.Open(ctx, db, c.Workspace, c.now)
	if err != nil {
		return nil, err
	}
	c.now = ap.Now
	c.monthlySnapshot(ctx, ap)
	return ap, nil
}

// monthlySnapshot takes the month's return-on-alliances snapshot on the
// first command of a month (app.MonthlySnapshot decides). Not with --now:
// a look at another date is not a record the user asked for (`ally --now
// D snapshot` takes one on purpose). A failure does not fail the command
// the user ran; it is said on stderr, and the next command tries again.
func (c *CLI) monthlySnapshot(ctx context.Context, ap *app.App) {
	if c.NowFlag != "" || c.manualSnapshot {
		return
	}
	if _, err := ap.MonthlySnapshot(ctx); err != nil && ctx.Err() == nil {
		fmt.Fprintf(c.Stderr, "ally: this month's snapshot was not taken (%s); ally snapshot takes one\n", ally.ErrorMessage(err))
	}
}

// out prints v as JSON with --json, otherwise runs text. Either way user
// text cannot act on the terminal: text output goes through reveal (before
// the tabwriter, so that columns are measured on what is shown) and JSON
// through escapeJSON.
func (c *CLI) out(v any, text func(w io.Writer)) error {
	if c.JSON {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetIndent("", "  ")
		if err := enc.Encode(v); err != nil {
			return err
		}
		_, err := c.Stdout.Write(escapeJSON(b.Bytes()))
		return err
	}
	var b strings.Builder
	text(&b)
	tw := tabwriter.NewWriter(c.Stdout, 0, 0, 2, ' ', 0)
	io.WriteString(tw, reveal(b.String()))
	return tw.Flush()
}

// args checks the number of positional arguments, as a usage error.
func args(min, max int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, a []string) error {
		if len(a) < min || (max >= 0 && len(a) > max) {
			want := strconv.Itoa(min)
			switch {
			case max < 0:
				want = "at least " + want
			case max != min:
				want = fmt.Sprintf("%d to %d", min, max)
			}
			noun := "arguments"
			if min == 1 && max == 1 {
				noun = "argument"
			}
			return ally.Errorf(ally.EUSAGE, "%s takes %s %s, got %d (see `%s --help`)", cmd.Name(), want, noun, len(a), cmd.CommandPath())
		}
		return nil
	}
}

func day(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format("2006-01-02")
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
