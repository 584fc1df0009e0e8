package cli

import (
	"errors"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/app"
)

// hintText words a hint as the command line's next step; "" for none.
func hintText(h *ally.Hint) string {
	if h == nil {
		return ""
	}
	switch h.Action {
	case ally.HintInit:
		return "start with `ally init --me NAME`, or `ally demo` for the demo workspace"
	case ally.HintInitHere:
		return "`ally --db " + shellQuote(h.Args["path"]) + " init --me NAME` makes an ally database of it"
	case ally.HintChooseWorkspace:
		return "choose one with --workspace NAME (`ally workspace list` lists them, `ally workspace use NAME` makes one current)"
	case ally.HintResetDemo:
		return "`ally workspace use demo` makes it the current workspace; `ally demo --reset` rebuilds it"
	case ally.HintImportAs:
		return "import it under another name with --as NAME, or replace it with --replace"
	case ally.HintRetry:
		return "try again"
	case ally.HintSample:
		return "rerun with --sample " + h.Args["sample"] + " for an estimate"
	case ally.HintGiveWeights:
		return "give them with --weights PERSON=WEIGHT,…"
	case ally.HintEditRule:
		return "change the rule first: `ally goal edit " + h.Args["id"] + " --rule …`"
	case ally.HintUpgrade:
		return "upgrade ally to read it"
	case ally.HintSetStatus:
		return "set its status first: `ally rel " + h.Args["id"] + " --status " + h.Args["status"] + "`"
	case ally.HintCloseRepair:
		return "close it: `ally repair --check " + h.Args["id"] + " --outcome repaired` (or ended)"
	case ally.HintSkipBad:
		return "nothing was imported; fix the file, or rerun with --skip-bad to import the rest and list what was skipped"
	case ally.HintSnapshot:
		return "run `ally snapshot` (monthly, say) to start the trend"
	case ally.HintAddStake:
		return "add them with `ally goal stake " + h.Args["id"] + " PERSON --stance …`"
	case ally.HintSetClock:
		return "give a --now on or after " + h.Args["from"]
	case ally.HintForce:
		return "if it is meant, add --force"
	case ally.HintCreateManager:
		return "add --create-manager to create " + h.Args["name"] + " as a new person, or `ally person add` them first"
	case ally.HintDidYouMean:
		return "did you mean " + orList(strings.Split(h.Args["names"], "\n")) + "?"
	case ally.HintAllowDuplicate:
		return "if this is another person named " + h.Args["name"] + ", add --allow-duplicate with an --email that tells them apart"
	}
	return ""
}

// orList words names as "a", "a or b", "a, b or c".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// unknownCommand is the usage error for a word that names no subcommand
// of cmd, with the subcommands it may have meant as a did-you-mean.
func unknownCommand(cmd *cobra.Command, word string) error {
	e := ally.Errorf(ally.EUSAGE, "unknown command %q for %q (see `%s --help`)", word, cmd.CommandPath(), cmd.CommandPath())
	if !cmd.HasParent() {
		e = ally.Errorf(ally.EUSAGE, "unknown command %q (see `ally --help`)", word)
	}
	// app.Closest rather than cobra's SuggestionsFor, whose Levenshtein
	// distance counts a swap as two edits and offers every name within
	// its distance ("lsit": edit or list); this is the rule flags and
	// people are offered by.
	var names []string
	for _, sub := range cmd.Commands() {
		if sub.IsAvailableCommand() {
			names = append(names, sub.Name())
		}
	}
	var near []string
	for _, s := range app.Closest(word, names, 3) {
		near = append(near, "`"+cmd.CommandPath()+" "+s+"`")
	}
	if len(near) > 0 {
		e = e.WithHint(ally.HintDidYouMean, "names", strings.Join(near, "\n"))
	}
	return e
}

// flagError is the usage error for a flag cobra could not parse; for an
// unknown long flag, the command's flags it may have meant are offered.
func flagError(cmd *cobra.Command, err error) error {
	e := ally.Errorf(ally.EUSAGE, "%v (see `%s --help`)", err, cmd.CommandPath())
	var ne *pflag.NotExistError
	if !errors.As(err, &ne) || ne.GetSpecifiedShortnames() != "" {
		return e
	}
	var names []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			names = append(names, f.Name)
		}
	})
	var near []string
	for _, n := range app.Closest(ne.GetSpecifiedName(), names, 3) {
		near = append(near, "--"+n)
	}
	if len(near) > 0 {
		e = e.WithHint(ally.HintDidYouMean, "names", strings.Join(near, "\n"))
	}
	return e
}

// shellQuote quotes a path for a command the user may paste.
func shellQuote(s string) string {
	for _, r := range s {
		if !(r == '/' || r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			out := "'"
			for _, r := range s {
				if r == '\'' {
					out += `'\''`
				} else {
					out += string(r)
				}
			}
			return out + "'"
		}
	}
	return s
}

// markRunning makes every command record, as its RunE starts, that the
// command itself is running (see CLI.running). A group of commands (ally
// person, ally goal) gets a RunE too: with no argument it shows its help;
// with one, that is an unknown command, which cobra would otherwise answer
// with the help and exit 0.
func markRunning(cmd *cobra.Command, running *bool) {
	if cmd.RunE == nil && cmd.Run == nil && cmd.HasSubCommands() {
		cmd.Args = cobra.ArbitraryArgs
		cmd.RunE = func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return unknownCommand(cmd, args[0])
			}
			return cmd.Help()
		}
	}
	if f := cmd.RunE; f != nil {
		cmd.RunE = func(cmd *cobra.Command, args []string) error {
			*running = true
			return f(cmd, args)
		}
	}
	for _, sub := range cmd.Commands() {
		markRunning(sub, running)
	}
}
