// Package store keeps ally's data in SQL: SQLite (embedded, the default)
// through the pure-Go modernc driver. It is the only package that writes
// SQL. Every data method lives on Tx, which is scoped to one workspace, so a
// query cannot forget the workspace it belongs to.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/allyhq/ally"
)

//go:embed migrations
var migrations embed.FS

// applicationID marks a SQLite file as ally's ("ally" in ASCII), so that
// ally refuses to migrate somebody else's database.
const applicationID = 0x616c6c79

// DB is an open ally database.
type DB struct {
	db   *sql.DB
	d    *dialect
	path string
	// readOnly: the file or its directory cannot be written; reads and
	// exports work, writes are refused before they begin.
	readOnly bool
	// created: this Open made the database.
	created bool
	// wait is how long a writer waits for another (busy_timeout).
	wait time.Duration
	// diskFull: opened read-only because the disk had no room for SQLite's
	// shared-memory file.
	diskFull bool
	// Now is the default clock of transactions whose Scope has none (the
	// real time). Tests may replace it before the DB is shared; callers
	// pass their own clock in the Scope instead of changing it.
	Now func() time.Time
}

// Close closes the database.
func (db *DB) Close() error { return db.db.Close() }

// Path returns the database file's path.
func (db *DB) Path() string { return db.path }

// ReadOnly reports whether the database can only be read (file or
// directory permissions, read-only media).
func (db *DB) ReadOnly() bool { return db.readOnly }

// Created reports whether this Open made the database file.
func (db *DB) Created() bool { return db.created }

// Scrub moves everything committed from the write-ahead log into the
// database file and truncates the log, so that the old page images a
// deletion left in the log are gone too; secure_delete has already zeroed
// the freed pages. It is best effort: a reader that still uses the old
// pages keeps the log from being truncated, which the next Scrub or the
// last connection's close completes.
func (db *DB) Scrub(ctx context.Context) error {
	if db.readOnly {
		return nil
	}
	_, err := db.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	if errors.Is(db.d.translate(err), errBusy) {
		return nil
	}
	return db.wrap(err, "checkpoint")
}

// errReadOnly is what a write to a read-only database returns, before it
// begins.
func (db *DB) errReadOnly() error {
	if db.diskFull {
		_, free := diskFull(db.path)
		return ally.Errorf(ally.EUNAVAILABLE, "the disk holding %s is full (%d bytes free): ally can read the database but not change it; free some space and try again", db.path, free)
	}
	return ally.Errorf(ally.EFORBIDDEN, "database %s is read-only (file or directory permissions, or read-only media): ally can read and export it, not change it", db.path)
}

// wrap turns driver errors into ally errors where they mean something to the
// user; what remains is internal.
func (db *DB) wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	var ae *ally.Error
	if errors.As(err, &ae) {
		return err
	}
	switch t := db.d.translate(err); {
	case errors.Is(t, errCorrupt):
		return ally.Errorf(ally.EINVALID, "database %s is corrupt or not a database (%v)", db.path, err)
	case errors.Is(t, errBusy):
		return ally.Errorf(ally.EUNAVAILABLE, "database %s is busy: another ally is writing to it (waited %s)", db.path, db.wait).WithHint(ally.HintRetry)
	case errors.Is(t, errReadOnly):
		return db.errReadOnly()
	case errors.Is(t, errFull), errors.Is(t, errIO):
		if full, free := diskFull(db.path); full || errors.Is(t, errFull) {
			return ally.Errorf(ally.EUNAVAILABLE, "the disk holding %s is full (%d bytes free): free some space", db.path, free).WithHint(ally.HintRetry)
		}
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}

// migration is one versioned schema change embedded in the binary.
type migration struct {
	version int
	name    string
	sql     string
}

func loadMigrations(dir string) ([]migration, error) {
	entries, err := fs.ReadDir(migrations, "migrations/"+dir)
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".sql") {
			continue
		}
		v, err := strconv.Atoi(strings.SplitN(name, "_", 2)[0])
		if err != nil {
			return nil, fmt.Errorf("migration %s: name must start with its number", name)
		}
		b, err := migrations.ReadFile("migrations/" + dir + "/" + name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: name, sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migrations: %s is out of sequence", m.name)
		}
	}
	return ms, nil
}

// SchemaVersion is the newest migration this binary knows.
func SchemaVersion() int {
	ms, _ := loadMigrations("sqlite")
	return len(ms)
}

// migrate applies the migrations newer than the database's version, each in
// its own transaction together with the version record, so that a crash
// leaves the schema at a known version. It reads and writes nothing more
// when the schema is current. Applied migrations are never edited: a change
// is a new file.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := loadMigrations("sqlite")
	if err != nil {
		return err
	}
	var have int
	if err := db.db.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM migrations").Scan(&have); err != nil {
		// ally's id without ally's record of its schema.
		return db.damaged(err, "read schema version")
	}
	if have > len(ms) {
		return ally.Errorf(ally.EINVALID, "database %s has schema version %d, newer than this ally knows (%d)", db.path, have, len(ms)).WithHint(ally.HintUpgrade)
	}
	if have < len(ms) && db.readOnly {
		return ally.Errorf(ally.EFORBIDDEN, "database %s has schema version %d and this ally needs %d, but the file is read-only: "+
			"copy it somewhere writable to upgrade it", db.path, have, len(ms))
	}
	for _, m := range ms[have:] {
		tx, err := db.db.BeginTx(ctx, nil)
		if err != nil {
			return db.wrap(err, "migrate")
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			tx.Rollback()
			return db.wrap(err, "migration %s", m.name)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO migrations (version, name, applied) VALUES (?, ?, ?)",
			m.version, m.name, db.Now().Unix()); err != nil {
			tx.Rollback()
			return db.wrap(err, "record migration %s", m.name)
		}
		if err := tx.Commit(); err != nil {
			return db.wrap(err, "commit migration %s", m.name)
		}
	}
	return nil
}

// Tx is a transaction scoped to one workspace. All data methods live here so
// that helpers compose inside one transaction and every query carries the
// workspace.
type Tx struct {
	tx  *sql.Tx
	db  *DB
	ws  int64
	now time.Time
}

// Workspace returns the id of the workspace the transaction is scoped to.
func (tx *Tx) Workspace() int64 { return tx.ws }

// Now returns the transaction's clock reading, the same for every row it writes.
func (tx *Tx) Now() time.Time { return tx.now }

func (tx *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return tx.tx.ExecContext(ctx, tx.db.d.rewrite(q), args...)
}

func (tx *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return tx.tx.QueryContext(ctx, tx.db.d.rewrite(q), args...)
}

func (tx *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(ctx, tx.db.d.rewrite(q), args...)
}

func (tx *Tx) prepare(ctx context.Context, q string) (*sql.Stmt, error) {
	return tx.tx.PrepareContext(ctx, tx.db.d.rewrite(q))
}

// Scope is what a transaction carries with it: the workspace its queries
// are confined to and the clock reading its rows are stamped with. It
// travels with each call, never as state on the shared DB, so that any
// number of goroutines (web requests, an import beside a read) can use one
// DB at once, each with its own clock.
type Scope struct {
	// Workspace is the workspace id; 0 before one exists (creating one with
	// InsertWorkspace scopes the transaction to it).
	Workspace int64
	// Now is the caller's clock; the zero time means DB.Now at the start of
	// the transaction.
	Now time.Time
}

// In returns the scope of workspace ws with the default clock.
func In(ws int64) Scope { return Scope{Workspace: ws} }

// Update runs fn in a write transaction scoped by s. The transaction
// commits when fn returns nil and rolls back otherwise, so a failed command
// changes nothing.
func (db *DB) Update(ctx context.Context, s Scope, fn func(*Tx) error) error {
	return db.run(ctx, s, false, fn)
}

// View runs fn in a read-only transaction scoped by s.
func (db *DB) View(ctx context.Context, s Scope, fn func(*Tx) error) error {
	return db.run(ctx, s, true, fn)
}

func (db *DB) run(ctx context.Context, s Scope, readOnly bool, fn func(*Tx) error) error {
	if !readOnly && db.readOnly {
		return db.errReadOnly()
	}
	// Read transactions are deferred (no write lock) even though the DSN asks
	// for immediate ones: ReadOnly makes database/sql start them with BEGIN.
	sqltx, err := db.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: readOnly})
	if err != nil {
		return db.wrap(err, "begin")
	}
	// Times are stored in whole seconds; the transaction's clock is too, so
	// that what a command returns is what a later read sees.
	now := s.Now
	if now.IsZero() {
		now = db.Now()
	}
	tx := &Tx{tx: sqltx, db: db, ws: s.Workspace, now: now.UTC().Truncate(time.Second)}
	// fn may leave by a panic or runtime.Goexit (t.Fatal in a test): the
	// transaction must still end, or the connection keeps the write lock
	// (and query_only) and every later writer waits out its timeout.
	returned := false
	endRead := func() {}
	defer func() {
		if !returned {
			endRead()
			sqltx.Rollback()
		}
	}()
	if !readOnly {
		err := fn(tx)
		returned = true
		if err != nil {
			sqltx.Rollback()
			return db.wrap(err, "transaction")
		}
		return db.wrap(sqltx.Commit(), "commit")
	}
	if endRead, err = db.d.readOnly(ctx, sqltx); err != nil {
		return db.wrap(err, "begin read")
	}
	err = fn(tx)
	returned = true
	endRead()
	sqltx.Rollback()
	return db.wrap(err, "read")
}

// unix converts a time to the stored form; the zero time is stored as NULL
// where a column allows it (see nullUnix).
func unix(t time.Time) int64 { return t.Unix() }

func fromUnix(s int64) time.Time { return time.Unix(s, 0).UTC() }

func nullUnix(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.Unix(), Valid: true}
}

func fromNullUnix(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return fromUnix(n.Int64)
}

func nullID(id int64) sql.NullInt64 {
	return sql.NullInt64{Int64: id, Valid: id != 0}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// idOrNull passes a preset id through to an INSERT, or NULL so that the
// database assigns one. Imports preset ids to keep them stable.
func idOrNull(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
