package main

// The crash test: ally killed at random moments of its first init, its
// first demo, an import into a new database and a loop of writes. After
// every kill the database must open, pass SQLite's integrity and foreign
// key checks, hold each import whole or not at all, keep every write that
// was acknowledged, and let the next command succeed. The child processes
// are this test binary itself, run as ally (see TestMain), so that no
// separate build is needed. docs/reliability.md has the figures.

import (
	"bufio"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/allyhq/ally/cli"
)

// TestMain makes the test binary ally itself when ALLY_AS_ALLY is set, and
// a loop of acknowledged writes when ALLY_WRITE_LOOP is.
func TestMain(m *testing.M) {
	switch {
	case os.Getenv("ALLY_AS_ALLY") != "":
		os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	case os.Getenv("ALLY_WRITE_LOOP") != "":
		writeLoop(os.Getenv("ALLY_WRITE_LOOP"))
		return
	}
	os.Exit(m.Run())
}

// writeLoop logs interactions one command at a time and prints the
// subject of each that ally acknowledged, until it is killed.
func writeLoop(db string) {
	out := bufio.NewWriter(os.Stdout)
	var sink strings.Builder
	for i := 0; ; i++ {
		subject := "w" + strconv.Itoa(i)
		code := cli.Run([]string{"--db", db, "log", "one-on-one", "--with", "Bo Lee", "--subject", subject}, nil, &sink, &sink)
		if code == 0 {
			fmt.Fprintln(out, subject)
			out.Flush()
		}
		sink.Reset()
	}
}

// ally runs the test binary as ally and returns its output and exit code.
func ally(t *testing.T, args ...string) (string, int) {
	t.Helper()
	cmd := child(args...)
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return string(out), code
}

func child(args ...string) *exec.Cmd {
	self, _ := os.Executable()
	cmd := exec.Command(self, args...)
	cmd.Env = append(os.Environ(), "ALLY_AS_ALLY=1", "ALLY_WORKSPACE=")
	return cmd
}

func mustAlly(t *testing.T, args ...string) string {
	t.Helper()
	out, code := ally(t, args...)
	if code != 0 {
		t.Fatalf("ally %s: exit %d: %s", strings.Join(args, " "), code, out)
	}
	return out
}

// killAfter starts ally, waits d and sends sig; it reports whether the
// process was still running when the signal came.
func killAfter(t *testing.T, d time.Duration, sig syscall.Signal, args ...string) bool {
	t.Helper()
	cmd := child(args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
		return false
	case <-time.After(d):
	}
	cmd.Process.Signal(sig)
	<-done
	return true
}

// consistent checks a database after a kill with SQLite's own checks.
func consistent(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var ok string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("%s: integrity_check: %q %v", path, ok, err)
	}
	rows, err := db.Query("PRAGMA foreign_key_check")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if rows.Next() {
		t.Fatalf("%s: foreign_key_check reports a violation", path)
	}
}

// counts returns the number of rows of the tables an import writes, for
// the workspace named.
func counts(t *testing.T, path, ws string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var parts []string
	for _, table := range []string{"people", "interactions", "participants", "exchanges", "commitments", "initiatives", "stakes", "snapshots", "ties"} {
		var n int
		q := "SELECT count(*) FROM " + table + " WHERE workspace_id = (SELECT id FROM workspaces WHERE name = ?)"
		if err := db.QueryRow(q, ws).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		parts = append(parts, table+"="+strconv.Itoa(n))
	}
	return strings.Join(parts, " ")
}

// hasWorkspace runs `ally workspace list`, which must succeed after any
// kill that left a database file, and reports whether the workspace is
// there.
func hasWorkspace(t *testing.T, path, ws string) bool {
	t.Helper()
	if _, err := os.Stat(path); os.IsNotExist(err) {
		return false // killed before it made the database
	}
	out := mustAlly(t, "--db", path, "--json", "workspace", "list")
	return strings.Contains(out, `"name": "`+ws+`"`)
}

// crashRun is one kind of kill: the command to interrupt, and what must
// hold after each kill.
type crashRun struct {
	name string
	args func(db string) []string
	// after checks the database a kill left; with rerun it also runs the
	// command again where the kill left nothing (every fourth kill: a
	// demo takes seconds).
	after func(t *testing.T, db string, rerun bool) (whole bool)
}

// signals: mostly SIGKILL (nothing runs after it), and the signals a
// closed terminal or Ctrl-C sends.
var signals = []syscall.Signal{syscall.SIGKILL, syscall.SIGKILL, syscall.SIGKILL, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP}

func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("the crash test takes a few minutes; CI runs it (go test without -short)")
	}
	kills := 20
	if v, err := strconv.Atoi(os.Getenv("ALLY_CRASH_KILLS")); err == nil && v > 0 {
		kills = v
	}
	seed := uint64(time.Now().UnixNano())
	if v, err := strconv.ParseUint(os.Getenv("ALLY_CRASH_SEED"), 10, 64); err == nil {
		seed = v
	}
	t.Logf("seed %d (ALLY_CRASH_SEED=%d reproduces the kill times)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 1))

	// Reference: what a whole demo and a whole import hold.
	ref := t.TempDir()
	refDB := filepath.Join(ref, "ref.db")
	mustAlly(t, "--db", refDB, "demo")
	wantDemo := counts(t, refDB, "demo")
	dump := filepath.Join(ref, "demo.json")
	mustAlly(t, "--db", refDB, "-w", "demo", "export", "json", "-o", dump)
	imp := filepath.Join(ref, "imported.db")
	mustAlly(t, "--db", imp, "import", "json", dump)
	wantImport := counts(t, imp, "demo")

	runs := []crashRun{
		{"first init", func(db string) []string {
			return []string{"--db", db, "init", "--me", "Ana Ruiz", "--manager", "Lou Grant"}
		},
			func(t *testing.T, db string, rerun bool) bool {
				if !hasWorkspace(t, db, "personal") {
					mustAlly(t, "--db", db, "init", "--me", "Ana Ruiz", "--manager", "Lou Grant")
					mustAlly(t, "--db", db, "person", "show", "Lou Grant")
					return false
				}
				mustAlly(t, "--db", db, "person", "show", "me")
				return true
			}},
		{"first demo", func(db string) []string { return []string{"--db", db, "demo"} },
			func(t *testing.T, db string, rerun bool) bool {
				whole := hasWorkspace(t, db, "demo")
				if whole {
					if got := counts(t, db, "demo"); got != wantDemo {
						t.Fatalf("a killed demo left a partial workspace:\n got %s\nwant %s", got, wantDemo)
					}
				} else if rerun {
					mustAlly(t, "--db", db, "demo")
				}
				if whole || rerun {
					mustAlly(t, "--db", db, "today")
				}
				return whole
			}},
		{"import json into a new database", func(db string) []string { return []string{"--db", db, "import", "json", dump} },
			func(t *testing.T, db string, rerun bool) bool {
				whole := hasWorkspace(t, db, "demo")
				if whole {
					if got := counts(t, db, "demo"); got != wantImport {
						t.Fatalf("a killed import left a partial workspace:\n got %s\nwant %s", got, wantImport)
					}
				} else if rerun {
					mustAlly(t, "--db", db, "import", "json", dump)
				}
				if whole || rerun {
					mustAlly(t, "--db", db, "person", "list")
				}
				return whole
			}},
	}
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			// How long the whole command takes (the quickest of three
			// runs), so that the kills fall inside it; a kill that comes
			// too late shortens the span for the next.
			var span time.Duration
			for i := 0; i < 3; i++ {
				probe := filepath.Join(t.TempDir(), "probe.db")
				t0 := time.Now()
				mustAlly(t, r.args(probe)...)
				if d := time.Since(t0); span == 0 || d < span {
					span = d
				}
			}
			measured := span
			var interrupted, whole, attempts int
			for ; interrupted < kills && attempts < 4*kills; attempts++ {
				db := filepath.Join(t.TempDir(), "ally.db")
				sig := signals[rng.IntN(len(signals))]
				d := time.Duration(rng.Int64N(int64(span)))
				if !killAfter(t, d, sig, r.args(db)...) {
					span = span * 4 / 5
					continue
				}
				interrupted++
				if _, err := os.Stat(db); err == nil {
					consistent(t, db)
				}
				if r.after(t, db, interrupted%4 == 1) {
					whole++
				}
				if _, err := os.Stat(db); err == nil {
					consistent(t, db)
				}
			}
			t.Logf("%s (%s): %d of %d kills landed inside the command, %d left it whole, %d left nothing; every database opened and the next command succeeded",
				r.name, measured.Round(time.Millisecond), interrupted, attempts, whole, interrupted-whole)
			if interrupted < kills {
				t.Errorf("only %d of %d kills landed inside the command", interrupted, attempts)
			}
		})
	}

	t.Run("write loop", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "ally.db")
		mustAlly(t, "--db", db, "init", "--me", "Ana Ruiz")
		mustAlly(t, "--db", db, "person", "add", "Bo Lee")
		acked := map[string]bool{}
		for i := 0; i < kills; i++ {
			self, _ := os.Executable()
			cmd := exec.Command(self)
			cmd.Env = append(os.Environ(), "ALLY_WRITE_LOOP="+db)
			stdout, _ := cmd.StdoutPipe()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			lines := make(chan string)
			go func() {
				sc := bufio.NewScanner(stdout)
				for sc.Scan() {
					lines <- sc.Text()
				}
				close(lines)
			}()
			deadline := time.After(time.Duration(100+rng.IntN(400)) * time.Millisecond)
			var stuck <-chan time.Time
		loop:
			for {
				select {
				case s, ok := <-lines:
					if !ok {
						break loop
					}
					acked[s] = true
				case <-deadline:
					cmd.Process.Signal(signals[rng.IntN(len(signals))])
					deadline = nil
					// A signal ignored when the test started stays ignored
					// in its children (SIGHUP under nohup): the loop would
					// then run for ever. It still ends by a kill.
					stuck = time.After(5 * time.Second)
				case <-stuck:
					cmd.Process.Kill()
					stuck = nil
				}
			}
			cmd.Wait()
			consistent(t, db)
		}
		// Every acknowledged write is there.
		sqldb, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		defer sqldb.Close()
		rows, err := sqldb.Query("SELECT subject FROM interactions")
		if err != nil {
			t.Fatal(err)
		}
		have := map[string]bool{}
		for rows.Next() {
			var s string
			rows.Scan(&s)
			have[s] = true
		}
		rows.Close()
		lost := 0
		for s := range acked {
			if !have[s] {
				lost++
			}
		}
		t.Logf("write loop: %d kills, %d writes acknowledged, %d lost, %d in the database", kills, len(acked), lost, len(have))
		if lost > 0 {
			t.Errorf("%d acknowledged writes were lost", lost)
		}
		if len(acked) == 0 {
			t.Error("no write was acknowledged: the loop did not run")
		}
		mustAlly(t, "--db", db, "timeline", "Bo Lee", "-n", "1")
	})
}
