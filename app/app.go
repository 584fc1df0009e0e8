// Package app holds ally's use cases: each loads what it needs from the
// store, calls the analysis packages and saves, so that the CLI, the web app
// and the API present results without holding logic of their own.
package app

import (
	"context"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
)

// MetaCurrent is the database setting that names the workspace commands use
// when --workspace is not given.
const MetaCurrent = "current_workspace"

// App is one workspace opened for a command or a request.
type App struct {
	DB *store.DB
	WS *ally.Workspace
	// Now is the clock reading every use case of this App works with: one
	// reading per command keeps results consistent and --now reproducible.
	Now time.Time
}

// SettingClock is the workspace setting that fixes its clock (RFC 3339):
// the demo workspace sets it so that its 2001 data is seen as of 2001.
const SettingClock = "clock"

// parseClock reads the clock setting. Import checks a file's clock with it,
// so that a clock Open cannot read is refused before it is stored.
func parseClock(v string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, ally.Errorf(ally.EINVALID, "%q is not an RFC 3339 time (e.g. 2001-11-01T12:00:00Z)", v)
	}
	return t, nil
}

// Open opens the named workspace, or the database's current one when name
// is empty (the only one, if there is exactly one). A zero now means the
// workspace's clock setting, if it has one, or else the real time.
func Open(ctx context.Context, db *store.DB, name string, now time.Time) (*App, error) {
	if name == "" {
		cur, err := db.Meta(ctx, MetaCurrent)
		if err != nil {
			return nil, err
		}
		name = cur
	}
	if name == "" {
		ws, err := db.FindWorkspaces(ctx)
		if err != nil {
			return nil, err
		}
		switch len(ws) {
		case 0:
			return nil, ally.Errorf(ally.ENOTFOUND, "the database has no workspace").WithHint(ally.HintInit)
		case 1:
			name = ws[0].Name
		default:
			return nil, ally.Errorf(ally.EUSAGE, "the database has %d workspaces and none is current", len(ws)).WithHint(ally.HintChooseWorkspace)
		}
	}
	w, err := db.FindWorkspaceByName(ctx, name)
	if err != nil {
		return nil, err
	}
	if now.IsZero() {
		now = time.Now()
		err := db.View(ctx, store.In(w.ID), func(tx *store.Tx) error {
			v, err := tx.Setting(ctx, SettingClock)
			if err != nil || v == "" {
				return err
			}
			t, err := parseClock(v)
			if err != nil {
				return prefix("workspace setting "+SettingClock, err)
			}
			now = t
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	// Rows written through this App are stamped with its clock, which every
	// transaction carries in its scope (see view and update): the DB itself
	// is shared and holds no caller's clock.
	return &App{DB: db, WS: w, Now: now.UTC().Truncate(time.Second)}, nil
}

// view runs fn in a read transaction on the app's workspace.
func (a *App) view(ctx context.Context, fn func(*store.Tx) error) error {
	return a.DB.View(ctx, a.scope(), fn)
}

// update runs fn in a write transaction on the app's workspace.
func (a *App) update(ctx context.Context, fn func(*store.Tx) error) error {
	return a.DB.Update(ctx, a.scope(), fn)
}

// scope is the app's workspace and clock, for each transaction.
func (a *App) scope() store.Scope { return store.Scope{Workspace: a.WS.ID, Now: a.Now} }

// Init creates a workspace named name with Me in it and makes it current
// (see InitWith).
func Init(ctx context.Context, db *store.DB, name string, me *ally.Person) (*App, error) {
	return InitWith(ctx, db, InitInput{Name: name, Me: me})
}

// InitInput is what a new workspace starts with.
type InitInput struct {
	Name    string       // the workspace's name; default "personal"
	Me      *ally.Person // the user
	Manager *ally.Person // Me's manager, a new person; nil for none
	Now     time.Time    // the clock rows are stamped with; zero: the real time
}

// InitWith creates a workspace with Me in it, and Me's manager when one is
// given, and makes it current: all in one transaction, so that a failed or
// interrupted init leaves nothing behind.
func InitWith(ctx context.Context, db *store.DB, in InitInput) (*App, error) {
	name, me, manager := in.Name, in.Me, in.Manager
	if name == "" {
		name = "personal"
	}
	if me.Organisation != "" {
		return nil, ally.Errorf(ally.EINVALID, "organisation: Me defines the home organisation; leave it empty")
	}
	if err := me.Validate(); err != nil {
		return nil, err
	}
	w := &ally.Workspace{Name: name}
	now := in.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.UTC().Truncate(time.Second)
	err := db.Update(ctx, store.Scope{Now: now}, func(tx *store.Tx) error {
		if err := tx.InsertWorkspace(ctx, w); err != nil {
			return err
		}
		if manager != nil {
			if err := tx.CreatePerson(ctx, manager); err != nil {
				return prefix("manager", err)
			}
			me.ManagerID = manager.ID
		}
		if err := tx.CreatePerson(ctx, me); err != nil {
			return err
		}
		if err := tx.SetMe(ctx, me.ID); err != nil {
			return err
		}
		return tx.SetMeta(ctx, MetaCurrent, name)
	})
	if err != nil {
		return nil, err
	}
	w.MeID = me.ID
	return &App{DB: db, WS: w, Now: now}, nil
}

// Me returns the workspace's user.
func (a *App) Me(ctx context.Context) (*ally.Person, error) {
	if err := a.requireMe(); err != nil {
		return nil, err
	}
	var me *ally.Person
	err := a.view(ctx, func(tx *store.Tx) (err error) {
		me, err = tx.FindPersonByID(ctx, a.WS.MeID)
		return err
	})
	return me, err
}
