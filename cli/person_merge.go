package cli

import "github.com/spf13/cobra"

// addMergeCmds adds `person duplicates`, `person merge` and `person
// unmerge`.
func (c *CLI) addMergeCmds(cmd *cobra.Command) {}
