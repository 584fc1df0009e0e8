package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRelationshipCommands runs the relationship engine's commands on the
// demo (its clock is 2001-11-01) and checks what a person acts on.
func TestRelationshipCommands(t *testing.T) {
	db := demoDB(t)
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"today"}, []string{"Today, Thursday 1 November 2001", "Reconnect with Mary Hain", "why:", "rank: importance",
			"California refund talking points", "more with --all"}},
		{[]string{}, []string{"Today, Thursday 1 November 2001", "Reconnect with Mary Hain"}},
		{[]string{"today", "--all"}, []string{"Deliver to Steven J. Kean", "sign-off on the refund position"}},
		{[]string{"health", "Hain"}, []string{"Mary Hain:", "dormant", "recency", "reciprocity", "reliability", "trust",
			"total", "tie strength", "TIMELINE"}},
		{[]string{"health", "Steffes"}, []string{"James D. Steffes:", "thriving"}},
		{[]string{"map"}, []string{"DIRECTION", "DEPARTMENT", "LEVEL", "LOCATION", "OVERLOOKED", "no sponsor or mentor above you",
			"entropy"}},
		{[]string{"roi"}, []string{"13 snapshots, 2000-11-01 to 2001-11-01", "active_ties", "strength_sum", "initiatives_won"}},
		{[]string{"config"}, []string{"tie.half_life", "90d", "tie.cadence.key-ally", "14d", "tie.cadence.prospect", "none"}},
		{[]string{"analyze", "--metric", "pagerank,betweenness"}, []string{"workspace: 158 people", "pagerank", "Jeff Dasovich"}},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			checkOutput(t, db, c.args, c.want)
		})
	}
}

// TestTodayDeterministic checks that the agenda is the same, item for item,
// on repeated runs with a fixed clock, and that its health parts sum to the
// total shown.
func TestTodayDeterministic(t *testing.T) {
	db := demoDB(t)
	first := mustRun(t, db, "--json", "--now", "2001-10-20", "today", "--all")
	for i := 0; i < 3; i++ {
		if again := mustRun(t, db, "--json", "--now", "2001-10-20", "today", "--all"); again != first {
			t.Fatal("today --all differs between runs with the same --now")
		}
	}
	var h struct {
		Health struct {
			Total int
			Parts []struct{ Points, Max int }
		} `json:"health"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, db, "--json", "health", "Kean")), &h); err != nil {
		t.Fatal(err)
	}
	sum, max := 0, 0
	for _, p := range h.Health.Parts {
		sum += p.Points
		max += p.Max
	}
	if sum != h.Health.Total || max != 100 {
		t.Errorf("health parts sum to %d of %d, total shown %d", sum, max, h.Health.Total)
	}
}

// TestRepairAndEnd walks a repair plan and a graceful ending through the
// agenda.
func TestRepairAndEnd(t *testing.T) {
	db := demoDB(t)
	out := mustRun(t, db, "repair", "Hain", "--cause", "I missed the hearing I promised to cover")
	if !strings.Contains(out, "repair plan #1 with Mary Hain (open)") || !strings.Contains(out, "due 2001-11-04") {
		t.Fatalf("repair:\n%s", out)
	}
	if show := mustRun(t, db, "person", "show", "Hain"); !strings.Contains(show, "strained") {
		t.Errorf("repair should mark the relationship strained:\n%s", show)
	}
	today := mustRun(t, db, "--now", "2001-11-04", "today", "--all")
	if !strings.Contains(today, "Mary Hain") || !strings.Contains(today, "one-on-one: listen first") {
		t.Errorf("the due check-in is not on the agenda:\n%s", today)
	}
	if out := mustRun(t, db, "--now", "2001-11-04", "repair", "--check", "1"); !strings.Contains(out, "done 2001-11-04") {
		t.Errorf("check-in:\n%s", out)
	}
	if out := mustRun(t, db, "repair", "--check", "1", "--outcome", "repaired"); !strings.Contains(out, "closed 2001-11-01: repaired") {
		t.Errorf("close:\n%s", out)
	}
	if _, errs, code := run(t, db, "repair", "--check", "1"); code != 5 || !strings.Contains(errs, "already closed") {
		t.Errorf("check a closed plan: exit %d %q", code, errs)
	}

	out = mustRun(t, db, "end", "Sanders", "--note", "left for private practice; parted well")
	if !strings.Contains(out, "ended the alliance with Richard B. Sanders") || !strings.Contains(out, "1 open commitment") {
		t.Errorf("end:\n%s", out)
	}
	if today := mustRun(t, db, "today", "--all"); strings.Contains(today, "Richard B. Sanders") {
		t.Errorf("an ended relationship still gets nudges:\n%s", today)
	}
	if show := mustRun(t, db, "person", "show", "Sanders"); !strings.Contains(show, "timeline") || !strings.Contains(show, "ended") {
		t.Errorf("history of an ended relationship should stay visible:\n%s", show)
	}
}

// TestSnapshotAndConfig records a snapshot and changes the half-life.
func TestSnapshotAndConfig(t *testing.T) {
	db := demoDB(t)
	mustRun(t, db, "--now", "2001-12-01", "snapshot")
	if out := mustRun(t, db, "--now", "2001-12-01", "roi", "--metric", "active_ties"); !strings.Contains(out, "14 snapshots") {
		t.Errorf("roi after a snapshot:\n%s", out)
	}
	// On the workspace's clock (2001-11-01) the December snapshot is in
	// the future: one clock for every read.
	if out := mustRun(t, db, "roi", "--metric", "active_ties"); !strings.Contains(out, "13 snapshots") {
		t.Errorf("roi on the workspace clock sees a later snapshot:\n%s", out)
	}
	before := mustRun(t, db, "--json", "health", "Kean")
	mustRun(t, db, "config", "tie.half_life", "30d")
	if out := mustRun(t, db, "config", "tie.half_life"); !strings.Contains(out, "30d") {
		t.Errorf("config get:\n%s", out)
	}
	if after := mustRun(t, db, "--json", "health", "Kean"); after == before {
		t.Error("a new half-life changed nothing in health")
	}
	mustRun(t, db, "config", "tie.half_life", "")
	if again := mustRun(t, db, "--json", "health", "Kean"); again != before {
		t.Error("restoring the default half-life did not restore health")
	}
}

// TestRelationshipBadInput covers the relationship engine's bad input.
func TestRelationshipBadInput(t *testing.T) {
	db := demoDB(t)
	before := mustRun(t, db, "export", "json")
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"zero half-life", []string{"config", "tie.half_life", "0d"}, 4, "half-life must be positive"},
		{"negative cadence", []string{"config", "tie.cadence.ally", "--", "-3d"}, 4, "cadence of ally must be positive"},
		{"no unit", []string{"config", "tie.half_life", "90"}, 4, "needs a unit"},
		{"unknown setting", []string{"config", "tie.colour", "red"}, 4, "is not one of"},
		{"now before the data", []string{"--now", "1990-01-01", "today"}, 4, "before the data's first date 1998-11-13"},
		{"unknown person health", []string{"health", "Nobody Atall"}, 3, "no person matches"},
		{"repair unknown person", []string{"repair", "Nobody Atall", "--cause", "x"}, 3, "no person matches"},
		{"repair without cause", []string{"repair", "Hain"}, 2, "--cause"},
		{"end without note", []string{"end", "Hain"}, 2, "--note is required"},
		{"roi unknown metric", []string{"roi", "--metric", "happiness"}, 4, `metric "happiness" is not recorded`},
		{"health of me", []string{"health", "me"}, 4, "between Me and someone else"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errs, code := run(t, db, c.args...)
			if code != c.code || !strings.Contains(errs, c.want) {
				t.Errorf("exit %d %q; want %d and %q", code, errs, c.code, c.want)
			}
		})
	}
	if after := mustRun(t, db, "export", "json"); after != before {
		t.Error("bad input changed the database")
	}
}

// TestFirstRunBuildsDemo runs the README's main command on a machine with
// no database: ally with no arguments builds the demo and shows the agenda.
func TestFirstRunBuildsDemo(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_DATA_HOME", dir)
	t.Setenv("ALLY_DB", "")
	var out, errb strings.Builder
	if code := Run(nil, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "Today, Thursday 1 November 2001") || !strings.Contains(errb.String(), "demo workspace") {
		t.Errorf("first run:\nstdout %s\nstderr %s", out.String(), errb.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "ally", "ally.db")); err != nil {
		t.Errorf("the default database was not created: %v", err)
	}
	// The second run uses it as it is.
	errb.Reset()
	out.Reset()
	if code := Run(nil, strings.NewReader(""), &out, &errb); code != 0 || strings.Contains(errb.String(), "demo workspace") {
		t.Errorf("second run: exit %d, %s", code, errb.String())
	}
}

// TestAnalyzeRefusesLeidenOverMemory checks that analyze refuses community
// detection, before computing anything, when its estimated memory is over
// what is available, and still runs the other metrics.
func TestAnalyzeRefusesLeidenOverMemory(t *testing.T) {
	db := demoDB(t)
	old := memoryLimit
	memoryLimit = func() int64 { return 64 << 10 }
	defer func() { memoryLimit = old }()
	out, errs, code := run(t, db, "analyze", "--metric", "pagerank,community")
	if code != 4 || !strings.Contains(errs, "workspace: community detection on 158 nodes") || !strings.Contains(errs, "leave community out of the metrics") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	if out != "" {
		t.Errorf("printed results before refusing: %q", out)
	}
	if out := mustRun(t, db, "analyze", "--metric", "pagerank"); !strings.Contains(out, "pagerank") {
		t.Errorf("pagerank alone:\n%s", out)
	}
}
