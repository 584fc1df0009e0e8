package store

import (
	"context"
	"strings"

	"github.com/allyhq/ally"
)

// Import runs fn, the writes of one imported workspace, in one write
// transaction scoped by s, as Update does: all or nothing. fn creates the workspace with
// InsertWorkspace, which scopes the transaction to it.
//
// The importer checks its file before it writes, so a constraint that the
// database still refuses is a case the check missed. It comes back as
// EINVALID naming the table and columns ("table commitments already has a
// row with this commitments.id: the file repeats a value that must be
// unique"), keeping whatever row prefix fn wrapped around the driver's
// error with %w, instead of the driver's text as an internal error.
func (db *DB) Import(ctx context.Context, s Scope, fn func(*Tx) error) error {
	return db.Update(ctx, s, func(tx *Tx) error {
		return db.importError(fn(tx))
	})
}

// importError turns a SQLite constraint violation in err's chain into
// EINVALID; any other error is returned as it is.
func (db *DB) importError(err error) error {
	kind, cols, text, ok := db.d.constraint(err)
	if !ok {
		return err
	}
	var why string
	switch kind {
	case "":
		why = "the database refused the row (" + text + ")"
	case "FOREIGN KEY":
		why = "the row refers to a row that is not in the file"
	default:
		table, _, _ := strings.Cut(cols, ".")
		switch kind {
		case "UNIQUE", "PRIMARY KEY":
			why = "table " + table + " already has a row with this " + cols + ": the file repeats a value that must be unique"
		case "NOT NULL":
			why = "table " + table + ": " + cols + " is missing"
		default:
			why = "a value is out of range (check " + cols + ")"
		}
	}
	// Keep the caller's context (a row prefix such as "commitments[1]: ")
	// and replace the driver's text with what it means.
	msg := err.Error()
	if i := strings.LastIndex(msg, text); i >= 0 {
		msg = msg[:i] + why + msg[i+len(text):]
	} else {
		msg = why
	}
	return ally.Errorf(ally.EINVALID, "%s", msg)
}
