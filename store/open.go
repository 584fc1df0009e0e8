package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/allyhq/ally"
)

// Options say what Open may do where there is no ally database yet.
type Options struct {
	// Create makes a new database where there is no file at the path.
	Create bool
	// TakeOverEmpty also makes one in an existing file that holds nothing:
	// zero bytes, or a SQLite database without a single table. Only an
	// explicit `ally init` asks for it: an empty file may be somebody's
	// placeholder, and another program's empty database is not ally's to
	// take.
	TakeOverEmpty bool
	// BusyTimeout is how long a writer waits for another writer; zero
	// means the default (busyTimeout).
	BusyTimeout time.Duration
}

// busyTimeout is how long a writer waits for another writer's transaction
// to end before it gives up and says so. Readers never wait: in WAL mode
// they read the last committed state while a writer works.
const busyTimeout = 10 * time.Second

// Open opens (creating when create is true) the SQLite database at path and
// applies pending migrations. It refuses a file that is not an ally
// database, a corrupt one, and one written by a newer ally. See OpenWith.
func Open(ctx context.Context, path string, create bool) (*DB, error) {
	return OpenWith(ctx, path, Options{Create: create})
}

// OpenWith opens the SQLite database at path as opt allows.
//
// What it promises, whatever moment an earlier ally was killed at:
//   - Opening writes nothing unless a migration is due, so reads never
//     take the write lock and a read-only file (a backup on read-only
//     media) can be read and exported.
//   - A new database appears at path complete or not at all: it is built
//     in a temporary file beside path (mode 0600, so that the WAL and SHM
//     files SQLite derives from it are 0600 too) and linked into place.
//   - Whether a file is ally's is decided through SQLite, which reads the
//     WAL and rolls back a hot journal, never from the main file's raw
//     bytes alone: those lag behind the WAL until a checkpoint.
//   - A refused file is left exactly as it was.
func OpenWith(ctx context.Context, path string, opt Options) (*DB, error) {
	if path == "" {
		return nil, ally.Errorf(ally.EINVALID, "database path is empty")
	}
	if strings.ContainsRune(path, 0) {
		return nil, ally.Errorf(ally.EINVALID, "database path %q contains a NUL byte", path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, ally.Errorf(ally.EINVALID, "database path %s: %v", path, err)
	}
	created := false
	st, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if walHoldsData(abs) {
			return nil, ally.Errorf(ally.EINVALID, "database %s is missing but %s-wal beside it may hold its data: "+
				"restore %s from where it went (keep the -wal file)", path, path, filepath.Base(path))
		}
		if !opt.Create && !opt.TakeOverEmpty {
			return nil, ally.Errorf(ally.ENOTFOUND, "database %s does not exist", path).WithHint(ally.HintInit)
		}
		if created, err = create(ctx, abs); err != nil {
			return nil, err
		}
	case err != nil:
		return nil, fileError(path, err)
	case st.IsDir():
		return nil, ally.Errorf(ally.EINVALID, "database %s is a directory", path)
	case !st.Mode().IsRegular():
		return nil, ally.Errorf(ally.EINVALID, "database %s is not a regular file", path)
	case st.Size() == 0:
		if walHoldsData(abs) {
			// SQLite would delete a WAL whose database has no pages.
			return nil, ally.Errorf(ally.EINVALID, "database %s is empty but %s-wal beside it may hold data: "+
				"restore %s from a backup (keep the -wal file)", path, path, filepath.Base(path))
		}
		if !opt.TakeOverEmpty {
			return nil, ally.Errorf(ally.EINVALID, "database %s is an empty file, not an ally database", path).
				WithHint(ally.HintInitHere, "path", path)
		}
		if err := initialise(ctx, abs); err != nil {
			return nil, err
		}
	default:
		if err := checkMagic(path, abs); err != nil {
			return nil, err
		}
	}

	wait := opt.BusyTimeout
	if wait <= 0 {
		wait = busyTimeout
	}
	db, err := connect(ctx, path, abs, wait)
	if err != nil {
		return nil, err
	}
	db.created = created
	empty, err := db.check(ctx)
	if err == nil && empty {
		if !opt.TakeOverEmpty {
			err = ally.Errorf(ally.EINVALID, "database %s is an empty SQLite database that is not ally's", path).
				WithHint(ally.HintInitHere, "path", path)
		} else {
			db.db.Close()
			if err = initialise(ctx, abs); err == nil {
				if db, err = connect(ctx, path, abs, wait); err == nil {
					_, err = db.check(ctx)
				}
			}
		}
	}
	if err == nil {
		err = db.migrate(ctx)
	}
	if err != nil {
		db.db.Close()
		return nil, err
	}
	return db, nil
}

// connect opens the connection pool on an existing file. Every pooled
// connection gets the settings below through the DSN; none of them writes
// to the file (journal_mode is set once, when ally creates the database),
// so connecting to somebody else's database changes nothing.
func connect(ctx context.Context, path, abs string, wait time.Duration) (*DB, error) {
	readOnly := !writable(abs)
	// busy_timeout first, so that a writer waits for another writer
	// instead of failing at once; foreign keys on, since SQLite leaves them
	// off by default; synchronous=NORMAL, which in WAL mode is durable
	// against application crashes and keeps the database consistent on
	// power loss; secure_delete, so that what `person rm` removes is
	// overwritten in the file rather than left on free pages;
	// _txlock=immediate so that a write transaction takes the write lock at
	// BEGIN instead of failing with SQLITE_BUSY when it upgrades later.
	// cache_size(-65536) gives each connection a 64 MiB page cache instead
	// of SQLite's 2 MiB: a large import updates four randomly ordered
	// indexes, and with the small cache their pages were written out and
	// read back (100k interactions: 4.8 s → 3.0 s, docs/benchmarks.md).
	params := fmt.Sprintf("_pragma=busy_timeout(%d)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"+
		"&_pragma=secure_delete(1)&_pragma=cache_size(-65536)&_pragma=temp_store(MEMORY)&_txlock=immediate",
		wait.Milliseconds())
	mode := "mode=rw"
	if readOnly {
		mode = "mode=ro"
	}
	db, err := dial(ctx, path, abs, mode+"&"+params)
	if err != nil && readOnly && !walHoldsData(abs) {
		// A WAL database in a directory ally cannot write has no -shm file
		// and cannot get one; with no WAL content to read, the main file is
		// the whole database and SQLite may read it as immutable.
		db, err = dial(ctx, path, abs, "mode=ro&immutable=1&"+params)
	}
	full := false
	if err != nil && !walHoldsData(abs) {
		if full, _ = diskFull(abs); full {
			// On a full disk SQLite cannot make the -shm file even to
			// read. With no WAL content the main file is the whole
			// database: read it as immutable, and refuse writes saying
			// why.
			db, err = dial(ctx, path, abs, "mode=ro&immutable=1&"+params)
		}
	}
	if err != nil {
		return nil, err
	}
	db.readOnly = readOnly || full
	db.diskFull = full
	db.wait = wait
	return db, nil
}

// dial opens a pool with the query and checks that it can read the file.
func dial(ctx context.Context, path, abs, query string) (*DB, error) {
	sqldb, err := sql.Open("sqlite", "file:"+escapePath(abs)+"?"+query)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	db := &DB{db: sqldb, d: sqliteDialect, path: path, Now: func() time.Time { return time.Now().UTC() }}
	var n int
	if err := sqldb.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n); err != nil {
		sqldb.Close()
		return nil, db.damaged(err, "open database %s", path)
	}
	return db, nil
}

// damaged describes a failure to read what every SQLite database has (its
// header, its schema): unless the cause is the machine's (a busy lock, a
// full disk, permissions), the file is damaged or not a database.
func (db *DB) damaged(err error, format string, args ...any) error {
	switch t := db.d.translate(err); {
	case errors.Is(t, errBusy), errors.Is(t, errReadOnly), errors.Is(t, errFull), errors.Is(t, errIO):
		return db.wrap(err, format, args...)
	}
	var ae *ally.Error
	if errors.As(err, &ae) {
		return err
	}
	return ally.Errorf(ally.EINVALID, "database %s is corrupt or not a database (%v)", db.path, err)
}

// escapePath writes a file path into a SQLite URI: '%', '?' and '#' would
// otherwise be read as an escape, the start of the query and a fragment
// ("h#x.db" became "h"). The driver splits the DSN at its first '?', so no
// raw '?' may remain in the path either.
func escapePath(p string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(filepath.ToSlash(p))
}

// check reads, through SQLite, whether the database is ally's: its
// application id, or no table at all (empty reports that). Anything else is
// another application's file and is refused.
func (db *DB) check(ctx context.Context) (empty bool, err error) {
	var appID int64
	if err := db.db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return false, db.damaged(err, "read application id")
	}
	var tables int
	if err := db.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'").Scan(&tables); err != nil {
		return false, db.damaged(err, "read schema")
	}
	switch {
	case appID == applicationID:
		return false, nil
	case appID == 0 && tables == 0:
		return true, nil
	case appID == 0:
		return false, ally.Errorf(ally.EINVALID, "database %s is not an ally database (it holds another program's tables)", db.path)
	default:
		return false, ally.Errorf(ally.EINVALID, "database %s is not an ally database (application id %#x)", db.path, appID)
	}
}

// checkMagic refuses, before SQLite opens it, a file that is not a SQLite
// database at all: SQLite would otherwise report it only on the first read,
// and a file that is not a database is never ally's to touch.
func checkMagic(path, abs string) error {
	f, err := os.Open(abs)
	if err != nil {
		return fileError(path, err)
	}
	defer f.Close()
	var h [16]byte
	if _, err := io.ReadFull(f, h[:]); err != nil || string(h[:]) != "SQLite format 3\x00" {
		return ally.Errorf(ally.EINVALID, "database %s is not a SQLite database (no SQLite header): ally leaves it as it is", path)
	}
	return nil
}

// create makes a new ally database at abs: the schema is written to a
// temporary file in the same directory and linked to abs, so that abs
// never exists half-made. It reports false when another process created
// abs first (its database is then opened instead).
func create(ctx context.Context, abs string) (bool, error) {
	dir := filepath.Dir(abs)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return false, fileError(abs, err)
	}
	removeStale(abs)
	f, err := os.CreateTemp(dir, "."+filepath.Base(abs)+".new-*") // mode 0600
	if err != nil {
		return false, fileError(abs, err)
	}
	tmp := f.Name()
	f.Close()
	defer removeFiles(tmp)
	if err := initialise(ctx, tmp); err != nil {
		return false, err
	}
	// link, unlike rename, never replaces a file that appeared meanwhile.
	if err := os.Link(tmp, abs); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return false, nil
		}
		if _, serr := os.Lstat(abs); serr == nil {
			return false, nil
		}
		// A file system without hard links: rename, having just seen that
		// nothing is there.
		if err := os.Rename(tmp, abs); err != nil {
			return false, fileError(abs, err)
		}
	}
	return true, nil
}

// initialise writes ally's application id and schema into an empty file in
// one rollback-journal transaction (a kill leaves a hot journal that the
// next read-write open rolls back), then switches the file to WAL mode,
// which closing the connection leaves checkpointed into the main file.
func initialise(ctx context.Context, path string) error {
	sqldb, err := sql.Open("sqlite", "file:"+escapePath(path)+"?mode=rw&_pragma=busy_timeout(10000)")
	if err != nil {
		return fmt.Errorf("create database: %w", err)
	}
	defer sqldb.Close()
	db := &DB{db: sqldb, d: sqliteDialect, path: path}
	ms, err := loadMigrations("sqlite")
	if err != nil {
		return err
	}
	conn, err := sqldb.Conn(ctx)
	if err != nil {
		return db.wrap(err, "create database")
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return db.wrap(err, "create database")
	}
	defer tx.Rollback()
	var tables int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&tables); err != nil {
		return db.wrap(err, "create database")
	}
	if tables > 0 {
		return ally.Errorf(ally.ECONFLICT, "database %s was written by another program meanwhile", path)
	}
	stmts := []string{fmt.Sprintf("PRAGMA application_id = %d", applicationID), migrationsTable}
	for _, s := range stmts {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return db.wrap(err, "create database")
		}
	}
	now := time.Now().Unix()
	for _, m := range ms {
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return db.wrap(err, "migration %s", m.name)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO migrations (version, name, applied) VALUES (?, ?, ?)", m.version, m.name, now); err != nil {
			return db.wrap(err, "record migration %s", m.name)
		}
	}
	if err := tx.Commit(); err != nil {
		return db.wrap(err, "create database")
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA journal_mode = WAL"); err != nil {
		return db.wrap(err, "create database")
	}
	return nil
}

const migrationsTable = `CREATE TABLE IF NOT EXISTS migrations (
	version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied INTEGER NOT NULL)`

// removeStale removes temporary files that a create killed long ago left
// beside abs. They hold a schema and no data; a create in progress is
// never that old.
func removeStale(abs string) {
	old, _ := filepath.Glob(filepath.Join(filepath.Dir(abs), "."+globEscape(filepath.Base(abs))+".new-*"))
	for _, p := range old {
		if st, err := os.Stat(p); err == nil && time.Since(st.ModTime()) > 10*time.Minute {
			os.Remove(p)
		}
	}
}

func globEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "*", `\*`, "?", `\?`, "[", `\[`).Replace(s)
}

// RemoveIfEmpty closes the database and, when it holds no workspace,
// removes its files: a command that created the database and then failed
// leaves nothing behind. The check runs under the write lock, so a
// workspace another ally committed meanwhile keeps the file.
func (db *DB) RemoveIfEmpty(ctx context.Context) (bool, error) {
	if db.readOnly {
		return false, db.Close()
	}
	var n int
	err := db.Update(ctx, In(0), func(tx *Tx) error {
		return tx.queryRow(ctx, "SELECT count(*) FROM workspaces").Scan(&n)
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil || n > 0 {
		return false, err
	}
	removeFiles(db.path)
	return true, nil
}

// removeFiles removes a database file with its journal, WAL and SHM.
func removeFiles(path string) {
	for _, s := range []string{"", "-journal", "-wal", "-shm"} {
		os.Remove(path + s)
	}
}

// walHoldsData reports whether a non-empty WAL file sits beside abs.
func walHoldsData(abs string) bool {
	st, err := os.Stat(abs + "-wal")
	return err == nil && st.Size() > 0
}

// writable reports whether ally can change the database: the file opens
// for writing, and the directory takes the -wal and -shm files SQLite makes
// (or they exist already).
func writable(abs string) bool {
	f, err := os.OpenFile(abs, os.O_RDWR, 0)
	if err != nil {
		return false
	}
	f.Close()
	for _, s := range []string{"-wal", "-shm"} {
		if f, err := os.OpenFile(abs+s, os.O_RDWR, 0); err == nil {
			f.Close()
			continue
		}
		probe, err := os.CreateTemp(filepath.Dir(abs), ".ally-probe-*")
		if err != nil {
			return false
		}
		probe.Close()
		os.Remove(probe.Name())
		break
	}
	return true
}

// fileError describes a failure of the file system around the database.
func fileError(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return ally.Errorf(ally.EFORBIDDEN, "database %s: permission denied", path)
	case errors.Is(err, fs.ErrNotExist):
		return ally.Errorf(ally.ENOTFOUND, "database %s: %v", path, errors.Unwrap(err))
	}
	if full, free := diskFull(path); full {
		return ally.Errorf(ally.EUNAVAILABLE, "the disk holding %s is full (%d bytes free): free some space and try again", path, free)
	}
	return ally.Errorf(ally.EINVALID, "database %s: %v", path, err)
}
