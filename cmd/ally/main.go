// Command ally helps people build, grow and use alliances at work.
// See the README for the commands; `ally --help` lists them.
package main

import (
	"os"

	"github.com/allyhq/ally/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
