// Package store keeps ally's data in SQL: SQLite (embedded, the default)
// through the pure-Go modernc driver. It is the only package that writes
// SQL. Every data method lives on Tx, which is scoped to one workspace, so a
// query cannot forget the workspace it belongs to.
package store

import (
	"context"
	"database/sql"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
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
	// Now is the clock; tests and --now replace it.
	Now func() time.Time
}

// Open opens (creating when create is true) the SQLite database at path and
// applies pending migrations. It refuses a file that is not an ally
// database, a corrupt one, and one written by a newer ally.
func Open(ctx context.Context, path string, create bool) (*DB, error) {
	if path == "" {
		return nil, ally.Errorf(ally.EINVALID, "database path is empty")
	}
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if !create {
			return nil, ally.Errorf(ally.ENOTFOUND, "database %s does not exist; run `ally init --me NAME` or `ally demo` first", path)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("create database directory: %w", err)
		}
	case err != nil:
		return nil, ally.Errorf(ally.EINVALID, "database %s: %v", path, err)
	case st.IsDir():
		return nil, ally.Errorf(ally.EINVALID, "database %s is a directory", path)
	default:
		if err := checkHeader(ctx, path); err != nil {
			return nil, err
		}
	}

	// Settings, applied to every pooled connection through the DSN:
	// busy_timeout first, so that a locked database waits instead of failing
	// while journal_mode is being set; WAL so that readers never block the
	// writer; foreign keys on, since SQLite leaves them off by default;
	// synchronous=NORMAL, which in WAL mode is durable against application
	// crashes and keeps the database consistent on power loss; and
	// _txlock=immediate so that a write transaction takes the write lock at
	// BEGIN instead of failing with SQLITE_BUSY when it upgrades later.
	// cache_size(-65536) gives each connection a 64 MiB page cache instead
	// of SQLite's 2 MiB: a large import updates four randomly ordered
	// indexes, and with the small cache their pages were written out and
	// read back (100k interactions: 4.8 s → 3.0 s, docs/benchmarks.md).
	dsn := "file:" + path + "?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=cache_size(-65536)&_pragma=temp_store(MEMORY)&_txlock=immediate"
	sqldb, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	db := &DB{db: sqldb, d: sqliteDialect, path: path, Now: func() time.Time { return time.Now().UTC() }}
	if err := db.migrate(ctx); err != nil {
		sqldb.Close()
		return nil, err
	}
	return db, nil
}

// checkHeader refuses, before any connection can change it (WAL mode is
// set on connect), a file that is not a SQLite database or one that belongs
// to another application: its application id (offset 68 of the header) is
// another's, or unset on a database that already has tables (looked at
// through a read-only connection).
func checkHeader(ctx context.Context, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return ally.Errorf(ally.EINVALID, "database %s cannot be read: %v", path, err)
	}
	defer f.Close()
	var h [100]byte
	n, err := io.ReadFull(f, h[:])
	if n == 0 {
		return nil // an empty file is a new database
	}
	if err != nil || string(h[:16]) != "SQLite format 3\x00" {
		return ally.Errorf(ally.EINVALID, "database %s is corrupt or not a database (no SQLite header)", path)
	}
	switch id := binary.BigEndian.Uint32(h[68:72]); id {
	case applicationID:
		return nil
	case 0:
		ro, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
		if err != nil {
			return fmt.Errorf("open database: %w", err)
		}
		defer ro.Close()
		var tables int
		if err := ro.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'").Scan(&tables); err != nil {
			return ally.Errorf(ally.EINVALID, "database %s is corrupt or not a database (%v)", path, err)
		}
		if tables > 0 {
			return ally.Errorf(ally.EINVALID, "database %s is not an ally database", path)
		}
		return nil
	default:
		return ally.Errorf(ally.EINVALID, "database %s is not an ally database (application id %#x)", path, id)
	}
}

// Close closes the database.
func (db *DB) Close() error { return db.db.Close() }

// Path returns the database file's path.
func (db *DB) Path() string { return db.path }

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
	if t := db.d.translate(err); errors.Is(t, errCorrupt) {
		return ally.Errorf(ally.EINVALID, "database %s is corrupt or not a database (%v)", db.path, err)
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
// leaves the schema at a known version. Applied migrations are never edited:
// a change is a new file.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := loadMigrations("sqlite")
	if err != nil {
		return err
	}
	var appID int64
	if err := db.db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return db.wrap(err, "read application id")
	}
	var tables int
	if err := db.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'").Scan(&tables); err != nil {
		return db.wrap(err, "read schema")
	}
	if appID != applicationID && (appID != 0 || tables > 0) {
		return ally.Errorf(ally.EINVALID, "database %s is not an ally database", db.path)
	}
	if _, err := db.db.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", applicationID)); err != nil {
		return db.wrap(err, "set application id")
	}
	if _, err := db.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied INTEGER NOT NULL)`); err != nil {
		return db.wrap(err, "create migrations table")
	}
	var have int
	if err := db.db.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM migrations").Scan(&have); err != nil {
		return db.wrap(err, "read schema version")
	}
	if have > len(ms) {
		return ally.Errorf(ally.EINVALID, "database %s has schema version %d, newer than this ally knows (%d): upgrade ally", db.path, have, len(ms))
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
	return tx.tx.ExecContext(ctx, tx.db.d.rebind(q), args...)
}

func (tx *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return tx.tx.QueryContext(ctx, tx.db.d.rebind(q), args...)
}

func (tx *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(ctx, tx.db.d.rebind(q), args...)
}

func (tx *Tx) prepare(ctx context.Context, q string) (*sql.Stmt, error) {
	return tx.tx.PrepareContext(ctx, tx.db.d.rebind(q))
}

// Update runs fn in a write transaction scoped to workspace ws. The
// transaction commits when fn returns nil and rolls back otherwise, so a
// failed command changes nothing.
func (db *DB) Update(ctx context.Context, ws int64, fn func(*Tx) error) error {
	return db.run(ctx, ws, false, fn)
}

// View runs fn in a read-only transaction scoped to workspace ws.
func (db *DB) View(ctx context.Context, ws int64, fn func(*Tx) error) error {
	return db.run(ctx, ws, true, fn)
}

func (db *DB) run(ctx context.Context, ws int64, readOnly bool, fn func(*Tx) error) error {
	// Read transactions are deferred (no write lock) even though the DSN asks
	// for immediate ones: ReadOnly makes database/sql start them with BEGIN.
	sqltx, err := db.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: readOnly})
	if err != nil {
		return db.wrap(err, "begin")
	}
	// Times are stored in whole seconds; the transaction's clock is too, so
	// that what a command returns is what a later read sees.
	tx := &Tx{tx: sqltx, db: db, ws: ws, now: db.Now().UTC().Truncate(time.Second)}
	if !readOnly {
		if err := fn(tx); err != nil {
			sqltx.Rollback()
			return db.wrap(err, "transaction")
		}
		return db.wrap(sqltx.Commit(), "commit")
	}
	// The driver ignores ReadOnly; query_only makes a write inside View an
	// error instead of a change silently rolled back. It is a setting of the
	// connection, so it is switched off on the same connection, inside the
	// transaction, before the connection goes back to the pool.
	if _, err := sqltx.ExecContext(ctx, "PRAGMA query_only = ON"); err != nil {
		sqltx.Rollback()
		return db.wrap(err, "begin read")
	}
	err = fn(tx)
	if _, rerr := sqltx.ExecContext(context.WithoutCancel(ctx), "PRAGMA query_only = OFF"); rerr != nil && err == nil {
		err = rerr
	}
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
