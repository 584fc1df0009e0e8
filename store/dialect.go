package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
)

// dialect holds everything that differs between the databases ally runs on,
// so that the rest of the store is written once. Queries are written with
// '?' placeholders, and a new row's id as {id:TABLE}; rewrite turns both
// into the dialect's SQL. The SQLite dialect is in dialect_sqlite.go; the
// PostgreSQL one comes with the team server and fills the same hooks.
type dialect struct {
	name string
	// numbered placeholders ($1, $2, …) instead of '?'
	numbered bool
	// translate maps a driver error to one of the store's sentinel errors
	// (errUnique, errBusy, …), or returns nil when it has no meaning above
	// the store.
	translate func(error) error
	// constraint reads a constraint violation: which kind (UNIQUE, PRIMARY
	// KEY, NOT NULL, CHECK, FOREIGN KEY) and the table.column list the
	// driver names ("" when it names none); ok is false for other errors.
	constraint func(error) (kind, columns, message string, ok bool)
	// newID is the SQL for a new row's id in table from one parameter that
	// is a preset id or NULL for "assign one": SQLite assigns a rowid for
	// NULL, a PostgreSQL identity column needs COALESCE with its sequence.
	newID func(table string) string
	// lastInsertID: the driver reports a new row's id through
	// sql.Result.LastInsertId (SQLite), which spares a RETURNING clause and
	// a Rows object per row in bulk inserts; otherwise RETURNING id is used.
	lastInsertID bool
	// readOnly makes the open transaction refuse writes, and its second
	// result ends that on the connection before it returns to the pool
	// (SQLite's query_only is a setting of the connection, not of the
	// transaction).
	readOnly func(ctx context.Context, tx *sql.Tx) (end func(), err error)
	// deferForeignKeys makes the open transaction check foreign keys at
	// commit instead of after each statement.
	deferForeignKeys string
	// groupConcat is the aggregate joining expr over a group with sep.
	groupConcat func(expr, sep string) string
}

// rewrite turns ally's portable SQL into the dialect's: {id:TABLE} markers
// become newID, and '?' placeholders are numbered where the dialect
// numbers them.
func (d *dialect) rewrite(q string) string {
	for strings.Contains(q, "{id:") {
		i := strings.Index(q, "{id:")
		j := strings.IndexByte(q[i:], '}')
		if j < 0 {
			break
		}
		q = q[:i] + d.newID(q[i+4:i+j]) + q[i+j+1:]
	}
	return d.rebind(q)
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
