package store

import (
	"context"
	"database/sql"
	"errors"
	"regexp"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// sqliteDialect is SQLite through modernc.org/sqlite: the embedded default.
// Everything the store does that only SQLite does is here (and, for the
// file itself, in open.go).
var sqliteDialect = &dialect{
	name:         "sqlite",
	translate:    sqliteTranslate,
	constraint:   sqliteConstraint,
	newID:        func(string) string { return "?" }, // NULL in an INTEGER PRIMARY KEY assigns a rowid
	lastInsertID: true,
	readOnly: func(ctx context.Context, tx *sql.Tx) (func(), error) {
		// The driver ignores sql.TxOptions.ReadOnly; query_only makes a
		// write inside View an error instead of a change silently rolled
		// back. It is a setting of the connection, so it is switched off
		// on the same connection, inside the transaction, before the
		// connection goes back to the pool.
		if _, err := tx.ExecContext(ctx, "PRAGMA query_only = ON"); err != nil {
			return func() {}, err
		}
		return func() { tx.ExecContext(context.WithoutCancel(ctx), "PRAGMA query_only = OFF") }, nil
	},
	deferForeignKeys: "PRAGMA defer_foreign_keys = ON",
	groupConcat:      func(expr, sep string) string { return "group_concat(" + expr + ", '" + sep + "')" },
}

func sqliteTranslate(err error) error {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return nil
	}
	switch e.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return errUnique
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return errForeignKey
	}
	// The rest are judged by their primary code: extended codes say only
	// which step met the condition.
	switch e.Code() & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return errBusy
	case sqlite3.SQLITE_READONLY:
		return errReadOnly
	case sqlite3.SQLITE_FULL:
		return errFull
	case sqlite3.SQLITE_IOERR:
		return errIO
	case sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT:
		return errCorrupt
	}
	return nil
}

// sqliteConstraintText reads SQLite's constraint message: "UNIQUE
// constraint failed: commitments.id", "NOT NULL constraint failed:
// people.name", "FOREIGN KEY constraint failed" (which names nothing).
var sqliteConstraintText = regexp.MustCompile(`(UNIQUE|PRIMARY KEY|NOT NULL|CHECK|FOREIGN KEY) constraint failed(?:: ([^()]*[^() ]))?`)

func sqliteConstraint(err error) (kind, columns, message string, ok bool) {
	var e *sqlite.Error
	if err == nil || !errors.As(err, &e) || e.Code()&0xff != sqlite3.SQLITE_CONSTRAINT {
		return "", "", "", false
	}
	m := sqliteConstraintText.FindStringSubmatch(e.Error())
	if m == nil {
		return "", "", e.Error(), true
	}
	return m[1], m[2], e.Error(), true
}
