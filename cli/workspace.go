package cli

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/app"
	"github.com/allyhq/ally/demo"
	"github.com/allyhq/ally/store"
)

func (c *CLI) initCmd() *cobra.Command {
	var f personFlags
	var me, name string
	cmd := &cobra.Command{
		Use:   "init --me NAME",
		Short: "Create your workspace with you in it",
		Example: `  ally init --me "Ana Ruiz" --email ana@example.com --title "Engineering Manager" --department Platform
  ally --db ./team.db init --me "Ana Ruiz" --name team`,
		Args: args(0, 0),
		RunE: func(cmd *cobra.Command, a []string) error {
			if me == "" {
				return ally.Errorf(ally.EUSAGE, "--me NAME is required")
			}
			// init is the one command that may make a database of an
			// empty file: the user named it and asked for a new one.
			db, err := c.openDBWith(cmd.Context(), store.Options{Create: true, TakeOverEmpty: true})
			if err != nil {
				return err
			}
			p := &ally.Person{Name: me, Emails: splitList(f.email), Title: f.title, Department: f.department,
				Team: f.team, Location: f.location, Level: f.level}
			var manager *ally.Person
			if f.manager != "" {
				manager = &ally.Person{Name: f.manager}
			}
			ap, err := app.InitWith(cmd.Context(), db, app.InitInput{Name: name, Me: p, Manager: manager, Now: c.now})
			if err != nil {
				return err
			}
			return c.out(ap.WS, func(w io.Writer) {
				fmt.Fprintf(w, "workspace %q created in %s with you (%s) as Me\n", ap.WS.Name, db.Path(), p.Name)
			})
		},
	}
	cmd.Flags().StringVar(&me, "me", "", "your name")
	cmd.Flags().StringVar(&name, "name", "personal", "workspace name")
	fl := cmd.Flags()
	fl.StringVar(&f.email, "email", "", "your email address(es)")
	fl.StringVar(&f.title, "title", "", "your title")
	fl.StringVar(&f.department, "department", "", "your department")
	fl.StringVar(&f.team, "team", "", "your team")
	fl.StringVar(&f.location, "location", "", "your location")
	fl.IntVar(&f.level, "level", 0, "your level (1 = top)")
	fl.StringVar(&f.manager, "manager", "", "your manager's name (added as a person)")
	return cmd
}

func (c *CLI) demoCmd() *cobra.Command {
	var reset bool
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Create the demo workspace from Enron's real organisation and email traffic",
		Long: `Creates the workspace "demo": 156 Enron employees with their real titles and
departments and their 21,635 real internal emails (1998-2002) as interactions,
with Me as Jeff Dasovich (Government Relations). The manager chain is inferred,
and the initiatives, ledger entries and commitments are illustrative examples,
marked as such. Source and licence: demo/data/SOURCE.md.`,
		Example: `  ally demo
  ally demo --reset        # rebuild it
  ally --now 2001-06-01 person list --dir across`,
		Args: args(0, 0),
		RunE: func(cmd *cobra.Command, a []string) error {
			db, err := c.openDB(cmd.Context(), true)
			if err != nil {
				return err
			}
			bar := newProgressBar(c.Stderr)
			defer bar.done()
			w, err := demo.Build(cmd.Context(), db, demo.Options{Reset: reset, Now: c.now, Progress: bar.report})
			bar.done()
			if err != nil {
				return err
			}
			return c.out(w, func(out io.Writer) {
				fmt.Fprintf(out, "demo workspace %q created in %s (Enron, 2001; Me is Jeff Dasovich); it keeps its own clock at %s, and --now DATE looks at another day\n",
					w.Name, db.Path(), demo.Today.Format("2006-01-02"))
			})
		},
	}
	cmd.Flags().BoolVar(&reset, "reset", false, "replace an existing demo workspace")
	return cmd
}

func (c *CLI) workspaceCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "workspace",
		Short: "List workspaces and choose the current one",
		Example: `  ally workspace list
  ally workspace use demo`,
	}
	cmd.AddCommand(&cobra.Command{
		Use: "list", Short: "List workspaces", Args: args(0, 0),
		Example: "  ally workspace list",
		RunE: func(cmd *cobra.Command, a []string) error {
			db, err := c.openDB(cmd.Context(), false)
			if err != nil {
				return err
			}
			ws, cur, err := app.Workspaces(cmd.Context(), db)
			if err != nil {
				return err
			}
			return c.out(ws, func(w io.Writer) {
				for _, x := range ws {
					mark := " "
					if x.Name == cur {
						mark = "*"
					}
					fmt.Fprintf(w, "%s %s\tcreated %s\n", mark, x.Name, day(x.Created))
				}
			})
		},
	}, &cobra.Command{
		Use: "use NAME", Short: "Make a workspace the current one", Args: args(1, 1),
		Example: "  ally workspace use demo",
		RunE: func(cmd *cobra.Command, a []string) error {
			db, err := c.openDB(cmd.Context(), false)
			if err != nil {
				return err
			}
			if _, err := app.UseWorkspace(cmd.Context(), db, a[0]); err != nil {
				return err
			}
			return c.out(map[string]string{"current": a[0]}, func(w io.Writer) { fmt.Fprintf(w, "current workspace: %s\n", a[0]) })
		},
	})
	return cmd
}

func (c *CLI) exportCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "export",
		Short:   "Export the workspace",
		Example: `  ally export json -o backup.json`,
	}
	var out string
	js := &cobra.Command{
		Use:   "json",
		Short: "The whole workspace as versioned JSON (a complete backup)",
		Example: `  ally export json > backup.json
  ally export json -o backup.json`,
		Args: args(0, 0),
		RunE: c.withApp(func(cmd *cobra.Command, ap *app.App, a []string) error {
			d, err := ap.Export(cmd.Context())
			if err != nil {
				return err
			}
			if out == "" || out == "-" {
				return d.WriteJSON(c.Stdout)
			}
			// Write to a temporary file and rename, so that a failed export
			// never leaves a truncated backup behind.
			tmp, err := os.CreateTemp(dirOf(out), ".ally-export-*")
			if err != nil {
				return ally.Errorf(ally.EINVALID, "-o %s: %v", out, err)
			}
			defer os.Remove(tmp.Name())
			if err := d.WriteJSON(tmp); err != nil {
				tmp.Close()
				return err
			}
			if err := tmp.Close(); err != nil {
				return err
			}
			if err := os.Rename(tmp.Name(), out); err != nil {
				return ally.Errorf(ally.EINVALID, "-o %s: %v", out, err)
			}
			fmt.Fprintf(c.Stderr, "exported workspace %q: %s, %s to %s\n", d.Workspace.Name, ally.Count(len(d.People), "person", "people"), ally.Count(len(d.Interactions), "interaction", "interactions"), out)
			return nil
		}),
	}
	js.Flags().StringVarP(&out, "output", "o", "", "file to write (default: standard output)")
	cmd.AddCommand(js)
	c.addFileExports(cmd)
	return cmd
}

func dirOf(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '/' {
			return path[:i+1]
		}
	}
	return "."
}

func (c *CLI) importCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "import",
		Short:   "Import data",
		Example: `  ally import json backup.json`,
	}
	var opt app.ImportOptions
	js := &cobra.Command{
		Use:   "json FILE",
		Short: "Restore a workspace from an `ally export json` file (all or nothing)",
		Example: `  ally --db restored.db import json backup.json
  ally import json backup.json --as copy`,
		Args: args(1, 1),
		RunE: func(cmd *cobra.Command, a []string) error {
			bar := newProgressBar(c.Stderr)
			defer bar.done()
			bar.report("reading "+a[0], 0, 0)
			var data []byte
			var err error
			if a[0] == "-" {
				data, err = io.ReadAll(c.Stdin)
			} else {
				data, err = os.ReadFile(a[0])
			}
			if err != nil {
				return ally.Errorf(ally.ENOTFOUND, "%s: %v", a[0], err)
			}
			d, err := app.ReadDump(a[0], data)
			if err != nil {
				return err
			}
			db, err := c.openDB(cmd.Context(), true)
			if err != nil {
				return err
			}
			opt.Now, opt.Progress = c.now, bar.report
			w, err := app.Import(cmd.Context(), db, d, opt)
			bar.done()
			if err != nil {
				return err
			}
			return c.out(w, func(out io.Writer) {
				fmt.Fprintf(out, "imported workspace %q: %s, %s, %s\n", w.Name, ally.Count(len(d.People), "person", "people"), ally.Count(len(d.Interactions), "interaction", "interactions"), ally.Count(len(d.Initiatives), "initiative", "initiatives"))
			})
		},
	}
	js.Flags().StringVar(&opt.As, "as", "", "workspace name (default: the one in the file)")
	js.Flags().BoolVar(&opt.Replace, "replace", false, "replace a workspace of the same name")
	cmd.AddCommand(js)
	c.addFileImports(cmd)
	return cmd
}
