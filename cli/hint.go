package cli

import (
	"github.com/spf13/cobra"

	"github.com/allyhq/ally"
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
	case ally.HintAllowDuplicate:
		return "if this is another person named " + h.Args["name"] + ", add --allow-duplicate with an --email that tells them apart"
	}
	return ""
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
				return ally.Errorf(ally.EUSAGE, "unknown command %q for %q (see `%s --help`)", args[0], cmd.CommandPath(), cmd.CommandPath())
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
