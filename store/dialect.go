package store

import (
	"errors"
	"strconv"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// dialect holds everything that differs between the databases ally runs on,
// so that the rest of the store is written once. Queries are written with
// '?' placeholders and rebound for databases that number them.
type dialect struct {
	name string
	// numbered placeholders ($1, $2, …) instead of '?'
	numbered bool
	// translate maps a driver error to an ally error kind, or returns nil
	// when it has no meaning above the store.
	translate func(error) error
}

// rebind rewrites '?' placeholders for dialects that number them. It skips
// quoted strings so that a literal '?' in SQL text survives.
func (d *dialect) rebind(q string) string {
	if !d.numbered || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	n := 0
	inQuote := false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			inQuote = !inQuote
			b.WriteByte(c)
		case c == '?' && !inQuote:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// errUnique and errForeignKey are what driver constraint errors become at the
// storage edge; the methods that can hit them turn them into ally errors that
// name the field at fault.
var (
	errUnique     = errors.New("unique constraint violated")
	errForeignKey = errors.New("foreign key constraint violated")
	errCorrupt    = errors.New("database file is corrupt or not a database")
	errBusy       = errors.New("database is locked by another writer")
	errReadOnly   = errors.New("database is read-only")
	errFull       = errors.New("disk full")
	errIO         = errors.New("disk I/O error")
)

var sqliteDialect = &dialect{
	name: "sqlite",
	translate: func(err error) error {
		var e *sqlite.Error
		if !errors.As(err, &e) {
			return nil
		}
		switch e.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return errUnique
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return errForeignKey
		case sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT:
			return errCorrupt
		}
		// The rest are judged by their primary code: extended codes say
		// only which step met the condition.
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
	},
}
