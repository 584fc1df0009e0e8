package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/allyhq/ally/internal/golden"

	"github.com/allyhq/ally/internal/race"
)

// analyzeGoldens holds the cases and goldens of `ally analyze`, made with
// the binary of the commit before the analysis moved from cli to app (see
// its README.md).
const analyzeGoldens = "../app/testdata/analyze"

// TestAnalyzeGoldenCLI runs every case of cases.tsv and compares what ally
// prints, byte for byte, with what it printed before the analysis moved
// into app: JSON, text, CSV, and the errors with their exit codes.
func TestAnalyzeGoldenCLI(t *testing.T) {
	dir, err := filepath.Abs(analyzeGoldens)
	if err != nil {
		t.Fatal(err)
	}
	cases, err := os.ReadFile(filepath.Join(dir, "cases.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	rings, written := t.TempDir(), false
	n := 0
	for line := range strings.Lines(string(cases)) {
		line = strings.TrimSuffix(line, "\n")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, args, found := strings.Cut(line, "\t")
		if !found {
			t.Fatalf("cases.tsv: %q has no tab", line)
		}
		n++
		t.Run(name, func(t *testing.T) {
			wantFile := name
			if strings.HasPrefix(name, "ring") && strings.HasSuffix(name, ".json") {
				wantFile += ".sha256"
			}
			want, err := os.ReadFile(filepath.Join(dir, wantFile))
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(args, "ring") {
				if testing.Short() || race.Enabled {
					t.Skip("the rings take seconds, a minute under the race detector, and check bytes, not concurrency")
				}
				if !written {
					if err := golden.WriteRings(rings); err != nil {
						t.Fatal(err)
					}
					written = true
				}
				t.Chdir(rings)
			} else {
				t.Chdir(dir)
			}
			out, errs, code := run(t, "none.db", strings.Fields(args)...)
			got := out
			switch {
			case strings.HasSuffix(name, ".err"):
				got = fmt.Sprintf("exit %d\n%s", code, errs)
			case code != 0 || errs != "":
				t.Fatalf("exit %d: %s", code, errs)
			case wantFile != name:
				sum := sha256.Sum256([]byte(out))
				got = hex.EncodeToString(sum[:]) + "  " + name + "\n"
			}
			if got != string(want) {
				t.Errorf("ally %s differs from %s:\n%s", args, wantFile, golden.FirstDiff(got, string(want)))
			}
		})
	}
	if n < 20 {
		t.Errorf("only %d cases in cases.tsv", n)
	}
}

// TestAnalyzeChecksBeforeOpening: a request that cannot succeed whatever
// the graph is refused before the database is opened; the metrics are
// checked on the graph, after it (as they always were).
func TestAnalyzeChecksBeforeOpening(t *testing.T) {
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"analyze", "--plan-meetings"}, 2, "--plan-meetings needs --groups"},
		{[]string{"analyze", "--top", "-1"}, 2, "--top must not be negative"},
		{[]string{"analyze", "--plan-meetings", "--top", "-1"}, 2, "--plan-meetings needs --groups"},
		{[]string{"analyze", "--metric", "bogus"}, 3, "none.db"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "none.db")
			_, errs, code := run(t, db, c.args...)
			if code != c.code || !strings.Contains(errs, c.msg) {
				t.Errorf("exit %d, %q; want exit %d, %q", code, errs, c.code, c.msg)
			}
			if _, err := os.Stat(db); err == nil {
				t.Error("analyze created the database")
			}
		})
	}
}

// TestAnalyzeInterrupted: Ctrl-C stops a long analysis with EINTERRUPTED,
// exit 130, and prints nothing on standard output.
func TestAnalyzeInterrupted(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 51,000-node ring")
	}
	dir := t.TempDir()
	if err := golden.WriteRings(dir); err != nil {
		t.Fatal(err)
	}
	// While the test listens for SIGINT, SIGINT does not end the test
	// binary; ally's own listener hears it too.
	sig := make(chan os.Signal, 16)
	signal.Notify(sig, os.Interrupt)
	defer signal.Stop(sig)
	type result struct {
		out, errs string
		code      int
	}
	done := make(chan result, 1)
	go func() {
		// Exact betweenness on 51,000 nodes takes minutes: it is still
		// running when the signal comes.
		out, errs, code := run(t, filepath.Join(dir, "none.db"), "analyze", "--graph", filepath.Join(dir, "ring51k.txt"), "--metric", "betweenness", "--exact")
		done <- result{out, errs, code}
	}()
	// Signal until ally has stopped: the first signals may come before it
	// listens.
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(2 * time.Minute)
	for {
		select {
		case r := <-done:
			if r.code != 130 || !strings.Contains(r.errs, "analyze: interrupted") || r.out != "" {
				t.Errorf("exit %d, stderr %q, stdout %.80q", r.code, r.errs, r.out)
			}
			return
		case <-tick.C:
			if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
				t.Fatal(err)
			}
		case <-deadline:
			t.Fatal("analyze did not stop on SIGINT")
		}
	}
}
