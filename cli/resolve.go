package cli

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/app"
)

// The use cases take people and initiatives by id; what the user types (a
// name fragment, an email address, an id, "me") is resolved here, in the
// face, through the app's lookup helpers.

// personID resolves what the user typed for a person to their id.
func personID(ctx context.Context, ap *app.App, ref string) (int64, error) {
	p, err := ap.Resolve(ctx, ref)
	if err != nil {
		return 0, err
	}
	return p.ID, nil
}

// goalID resolves what the user typed for an initiative to its id.
func goalID(ctx context.Context, ap *app.App, ref string) (int64, error) {
	g, err := ap.ResolveGoal(ctx, ref)
	if err != nil {
		return 0, err
	}
	return g.ID, nil
}

// peopleIDs resolves comma-separated lists of people to ids; field names
// the flag in the error, as the app's own field errors do.
func peopleIDs(ctx context.Context, ap *app.App, field string, refs ...string) ([]int64, error) {
	ids, err := ap.ResolveAll(ctx, refs)
	if err != nil {
		return nil, fieldErr(field, err)
	}
	return ids, nil
}

// fieldErr puts a field's name in front of an ally error's message,
// keeping its kind and hint.
func fieldErr(field string, err error) error {
	e := ally.Errorf(ally.ErrorCode(err), "%s: %s", field, ally.ErrorMessage(err))
	e.Hint, e.Err = ally.ErrorHint(err), err
	return e
}

// withApp is the RunE of a command that works on the current workspace:
// it opens the workspace (the database, Me, the clock) and hands it to fn,
// so that no command repeats the opening.
func (c *CLI) withApp(fn func(cmd *cobra.Command, ap *app.App, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		ap, err := c.app(cmd.Context())
		if err != nil {
			return err
		}
		return fn(cmd, ap, args)
	}
}
