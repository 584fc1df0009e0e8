package cli

import "github.com/spf13/cobra"

// addFileExports adds the exports in open formats beside `export json`:
// csv tables and vCard.
func (c *CLI) addFileExports(cmd *cobra.Command) {}
