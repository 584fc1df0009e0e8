package app

import (
	"context"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
)

// Workspaces lists the database's workspaces by name, never nil, and the
// name of the current one: the one Open uses when it is given no name, ""
// when none was chosen.
func Workspaces(ctx context.Context, db *store.DB) (ws []*ally.Workspace, current string, err error) {
	ws, err = db.FindWorkspaces(ctx)
	if err != nil {
		return nil, "", err
	}
	current, err = db.Meta(ctx, MetaCurrent)
	if err != nil {
		return nil, "", err
	}
	if ws == nil {
		ws = []*ally.Workspace{}
	}
	return ws, current, nil
}

// UseWorkspace makes the named workspace the current one and returns it.
// Errors: ENOTFOUND when there is no workspace of that name.
func UseWorkspace(ctx context.Context, db *store.DB, name string) (*ally.Workspace, error) {
	w, err := db.FindWorkspaceByName(ctx, name)
	if err != nil {
		return nil, err
	}
	if err := db.SetMeta(ctx, MetaCurrent, name); err != nil {
		return nil, err
	}
	return w, nil
}
