package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/allyhq/ally"
)

// CreateWorkspace creates a workspace in a transaction of its own. A name
// already in use is a conflict.
func (db *DB) CreateWorkspace(ctx context.Context, w *ally.Workspace) error {
	return db.Update(ctx, In(0), func(tx *Tx) error { return tx.InsertWorkspace(ctx, w) })
}

// FindWorkspaces returns every workspace, by name.
func (db *DB) FindWorkspaces(ctx context.Context) ([]*ally.Workspace, error) {
	var out []*ally.Workspace
	err := db.View(ctx, In(0), func(tx *Tx) error {
		rows, err := tx.query(ctx, "SELECT id, name, COALESCE(me_id, 0), created FROM workspaces ORDER BY name")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var w ally.Workspace
			var created int64
			if err := rows.Scan(&w.ID, &w.Name, &w.MeID, &created); err != nil {
				return err
			}
			w.Created = fromUnix(created)
			out = append(out, &w)
		}
		return rows.Err()
	})
	return out, err
}

// FindWorkspaceByName returns the named workspace or ENOTFOUND.
func (db *DB) FindWorkspaceByName(ctx context.Context, name string) (*ally.Workspace, error) {
	ws, err := db.FindWorkspaces(ctx)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, w := range ws {
		if w.Name == name {
			return w, nil
		}
		names = append(names, w.Name)
	}
	if len(names) == 0 {
		return nil, ally.Errorf(ally.ENOTFOUND, "workspace %q not found: the database has no workspace", name).WithHint(ally.HintInit)
	}
	return nil, ally.Errorf(ally.ENOTFOUND, "workspace %q not found (have: %s)", name, strings.Join(names, ", "))
}

// DeleteWorkspace deletes a workspace and everything in it.
func (db *DB) DeleteWorkspace(ctx context.Context, id int64) error {
	return db.Update(ctx, In(id), func(tx *Tx) error {
		// People reference each other (manager) and are referenced from many
		// tables; the cascade from workspaces removes them all in one statement.
		_, err := tx.exec(ctx, "DELETE FROM workspaces WHERE id = ?", tx.ws)
		return err
	})
}

// SetMe records which person is the workspace's user.
func (tx *Tx) SetMe(ctx context.Context, personID int64) error {
	_, err := tx.exec(ctx, "UPDATE workspaces SET me_id = ? WHERE id = ?", nullID(personID), tx.ws)
	return err
}

// FindWorkspace returns the transaction's workspace.
func (tx *Tx) FindWorkspace(ctx context.Context) (*ally.Workspace, error) {
	var w ally.Workspace
	var created int64
	err := tx.queryRow(ctx, "SELECT id, name, COALESCE(me_id, 0), created FROM workspaces WHERE id = ?", tx.ws).
		Scan(&w.ID, &w.Name, &w.MeID, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ally.Errorf(ally.ENOTFOUND, "workspace %d not found", tx.ws)
	}
	if err != nil {
		return nil, err
	}
	w.Created = fromUnix(created)
	return &w, nil
}

// Meta returns a database-wide setting, or "" when unset.
func (db *DB) Meta(ctx context.Context, key string) (string, error) {
	var v string
	err := db.db.QueryRowContext(ctx, db.d.rewrite("SELECT value FROM meta WHERE key = ?"), key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, db.wrap(err, "read setting %s", key)
}

// SetMeta sets a database-wide setting.
func (db *DB) SetMeta(ctx context.Context, key, value string) error {
	return db.Update(ctx, In(0), func(tx *Tx) error { return tx.SetMeta(ctx, key, value) })
}

// SetMeta sets a database-wide setting inside the transaction, so that it
// commits with the rest (init makes its workspace current in the same
// transaction that creates it).
func (tx *Tx) SetMeta(ctx context.Context, key, value string) error {
	_, err := tx.exec(ctx, "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value)
	return err
}

// Setting returns a workspace setting, or "" when unset.
func (tx *Tx) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := tx.queryRow(ctx, "SELECT value FROM settings WHERE workspace_id = ? AND key = ?", tx.ws, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// Settings returns every workspace setting.
func (tx *Tx) Settings(ctx context.Context) (map[string]string, error) {
	rows, err := tx.query(ctx, "SELECT key, value FROM settings WHERE workspace_id = ? ORDER BY key", tx.ws)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		m[k] = v
	}
	return m, rows.Err()
}

// SetSetting sets a workspace setting; an empty value removes it.
func (tx *Tx) SetSetting(ctx context.Context, key, value string) error {
	if value == "" {
		_, err := tx.exec(ctx, "DELETE FROM settings WHERE workspace_id = ? AND key = ?", tx.ws, key)
		return err
	}
	_, err := tx.exec(ctx, `INSERT INTO settings (workspace_id, key, value) VALUES (?, ?, ?)
		ON CONFLICT (workspace_id, key) DO UPDATE SET value = excluded.value`, tx.ws, key, value)
	return err
}

// InsertWorkspace creates a workspace inside this transaction and scopes the
// transaction to it, so that an import creates the workspace and its
// contents all or nothing.
func (tx *Tx) InsertWorkspace(ctx context.Context, w *ally.Workspace) error {
	if err := w.Validate(); err != nil {
		return err
	}
	if w.Created.IsZero() {
		w.Created = tx.now
	}
	err := tx.queryRow(ctx, "INSERT INTO workspaces (id, name, me_id, created) VALUES ({id:workspaces}, ?, NULL, ?) RETURNING id",
		idOrNull(w.ID), w.Name, unix(w.Created)).Scan(&w.ID)
	if errors.Is(tx.db.d.translate(err), errUnique) {
		return ally.Errorf(ally.ECONFLICT, "workspace %q already exists", w.Name)
	}
	if err != nil {
		return err
	}
	tx.ws = w.ID
	return nil
}

// DeleteWorkspaceNamed deletes the named workspace, if there is one, inside
// this transaction. It reports whether one was deleted.
func (tx *Tx) DeleteWorkspaceNamed(ctx context.Context, name string) (bool, error) {
	res, err := tx.exec(ctx, "DELETE FROM workspaces WHERE name = ?", name)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// DatabaseEmpty reports whether the database holds any workspace at all; an
// import into an empty database keeps the file's ids.
func (tx *Tx) DatabaseEmpty(ctx context.Context) (bool, error) {
	var n int
	err := tx.queryRow(ctx, "SELECT count(*) FROM workspaces").Scan(&n)
	return n == 0, err
}
