package store

import (
	"context"
	"errors"
	"regexp"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

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
		return importError(fn(tx))
	})
}

// sqliteConstraint reads SQLite's constraint message: "UNIQUE constraint
// failed: commitments.id", "NOT NULL constraint failed: people.name",
// "FOREIGN KEY constraint failed" (which names nothing).
var sqliteConstraint = regexp.MustCompile(`(UNIQUE|PRIMARY KEY|NOT NULL|CHECK|FOREIGN KEY) constraint failed(?:: ([^()]*[^() ]))?`)

// importError turns a SQLite constraint violation in err's chain into
// EINVALID; any other error is returned as it is.
func importError(err error) error {
	var e *sqlite.Error
	if err == nil || !errors.As(err, &e) || e.Code()&0xff != sqlite3.SQLITE_CONSTRAINT {
		return err
	}
	var why string
	m := sqliteConstraint.FindStringSubmatch(e.Error())
	switch {
	case m == nil:
		why = "the database refused the row (" + e.Error() + ")"
	case m[1] == "FOREIGN KEY":
		why = "the row refers to a row that is not in the file"
	default:
		cols := m[2]
		table, _, _ := strings.Cut(cols, ".")
		switch m[1] {
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
	if i := strings.LastIndex(msg, e.Error()); i >= 0 {
		msg = msg[:i] + why + msg[i+len(e.Error()):]
	} else {
		msg = why
	}
	return ally.Errorf(ally.EINVALID, "%s", msg)
}
