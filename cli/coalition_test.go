package cli

import (
	"encoding/json"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestCoalitionCommands runs the coalition planner's commands on the demo
// and checks that the text holds what a person needs to act and that --json
// is valid.
func TestCoalitionCommands(t *testing.T) {
	db := demoDB(t)
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"power", "--quota", "12", "4", "4", "4", "2", "2", "1"},
			[]string{"Banzhaf swings 10,10,10,6,6,0", "SHAPLEY-SHUBIK", "23.8%", "no power: voter 6"}},
		{[]string{"power", "--quota", "7", "--names", "Kean,Delainey,Shapiro,Steffes,Haedicke", "3", "3", "2", "2", "2"},
			[]string{"Banzhaf swings 7,7,5,5,5", "Haedicke"}},
		{[]string{"power", "--goal", "1"}, []string{"VOTING POWER", "quota 7 of 12", "critical"}},
		{[]string{"goal", "show", "1"}, []string{
			"quota 7 of 12", "manage closely", "neutral → skeptic", // the existing lines
			"BASE DEPTH", "4 of 7 stakeholders", "HHI 0.26", "3 departments",
			"VOTING POWER", "BANZHAF", "SHAPLEY-SHUBIK", "Steven J. Kean, Richard Shapiro, James D. Steffes: losing any one"}},
		{[]string{"goal", "show", "2"}, []string{"BASE DEPTH", "shallow", "all support is in ENA West Power", "→ deepen",
			"DECISION", "within reach", "the smallest set of yes votes within reach", "how far 9.0"}},
		{[]string{"goal", "show", "3"}, []string{"BASE DEPTH", "DECISION", "consensus"}},
		{[]string{"path", "Lavorato"}, []string{"Warm paths from you to John J. Lavorato", "1. strength",
			"→ John J. Lavorato", "last contact 2001-07-30", "David W. Delainey", "interactions"}},
		{[]string{"find", "california refund", "-k", "5"}, []string{"Richard Shapiro", "Jordan Lee (example)",
			`shares goal "california refund settlement"`, `shares interest "california refund case"`, "REACH", "RELIABILITY"}},
		{[]string{"find", "1", "-k", "3"}, []string{"Allies for #1 California refund case", "WHY"}},
		{[]string{"goal", "grow", "1", "-k", "3"}, []string{"enlist these 3 next", "expected reach", "degree baseline",
			"random baseline", "guarantee", "Steven J. Kean"}},
		{[]string{"goal", "plan", "2"}, []string{"John J. Lavorato (blocker, power 5)", "warm path", "David W. Delainey",
			"let desks opt in", "the smallest set of yes votes within reach", "hear their concerns through a warm path, and offer the win-win", "offer", "shallow base"}},
		{[]string{"goal", "plan", "1"}, []string{"David W. Delainey (skeptic, power 5)", "warm path", "accept a cap on desk positions"}},
		// #3 was won: no moves, the follow-ups.
		{[]string{"goal", "plan", "3"}, []string{"won, so no more moves; the follow-ups", "thank Shelley Corman (champion) specifically",
			"the tie is cooling, so in person: a reason to reconnect", "record what it returned"}},
		// Dasovich's manager is Steffes: reached directly, no chain through others.
		{[]string{"path", "Steffes"}, []string{"How to reach James D. Steffes: directly, your manager", "your manager: talk to them directly"}},
		{[]string{"power", "--goal", "1"}, []string{"HOW FAR", "how far each one is"}},
		// find with an initiative: its supporters listed after, not ranked;
		// its skeptic marked.
		{[]string{"find", "1", "-k", "3"}, []string{"ALREADY ON BOARD (not ranked: they support it)", "James D. Steffes (champion)",
			"David W. Delainey: skeptic on this initiative today"}},
		// #1's committee passes today: grow says why it picks outside it.
		{[]string{"goal", "grow", "1", "-k", "2"}, []string{"passes with today's supporters", "not a voter"}},
		// #2 is decided by adoption: the stakeholders nearest to yes first.
		{[]string{"goal", "grow", "2", "-k", "4"}, []string{"VOTES", "Louise Kitchen", "one of the smallest set of yes votes within reach",
			"the vote needs 3 more voters, picked first"}},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			t.Parallel()
			checkOutput(t, db, c.args, c.want)
		})
	}
	// The words the practice does not use, in every coalition output.
	for _, args := range [][]string{{"goal", "plan", "1"}, {"goal", "plan", "2"}, {"goal", "plan", "3"}, {"goal", "show", "1"},
		{"goal", "show", "2"}, {"power", "--goal", "1"}, {"path", "Steffes"}, {"path", "Lavorato"}} {
		out := mustRun(t, db, args...)
		for _, bad := range []string{"least-effort", "least effort", "effort ", "approach the opposition", "EFFORT"} {
			if strings.Contains(out, bad) {
				t.Errorf("%v says %q:\n%s", args, bad, out)
			}
		}
		if strings.Contains(strings.Join(args, " "), "Steffes") && strings.Contains(out, "via ") {
			t.Errorf("the path to Me's manager goes through someone:\n%s", out)
		}
	}
}

// TestCoalitionJSON checks the numbers behind the text.
func TestCoalitionJSON(t *testing.T) {
	db := demoDB(t)
	t.Run("grow beats random and matches degree", func(t *testing.T) {
		t.Parallel()
		var g struct {
			Picks []struct {
				Name string  `json:"name"`
				Gain float64 `json:"gain"`
			} `json:"picks"`
			Reach, Base struct{ Mean, CI95 float64 }
			Degree      struct{ Reach struct{ Mean, CI95 float64 } } `json:"degree_baseline"`
			Random      struct{ Reach struct{ Mean, CI95 float64 } } `json:"random_baseline"`
		}
		if err := json.Unmarshal([]byte(mustRun(t, db, "--json", "goal", "grow", "1", "-k", "3")), &g); err != nil {
			t.Fatal(err)
		}
		if len(g.Picks) != 3 {
			t.Fatalf("%d picks, want 3", len(g.Picks))
		}
		if g.Reach.Mean <= g.Base.Mean {
			t.Errorf("reach %.1f does not exceed the supporters' own %.1f", g.Reach.Mean, g.Base.Mean)
		}
		if g.Reach.Mean < g.Random.Reach.Mean {
			t.Errorf("IMM reach %.1f below the random baseline %.1f", g.Reach.Mean, g.Random.Reach.Mean)
		}
		if g.Reach.Mean+g.Reach.CI95+g.Degree.Reach.CI95 < g.Degree.Reach.Mean {
			t.Errorf("IMM reach %.1f±%.1f clearly below the degree baseline %.1f", g.Reach.Mean, g.Reach.CI95, g.Degree.Reach.Mean)
		}
	})
	t.Run("find ranks matching tags first", func(t *testing.T) {
		t.Parallel()
		var f struct {
			Allies []struct {
				Name    string   `json:"name"`
				Matched []string `json:"matched"`
				Score   float64  `json:"score"`
			} `json:"allies"`
		}
		if err := json.Unmarshal([]byte(mustRun(t, db, "--json", "find", "california refund", "-k", "4")), &f); err != nil {
			t.Fatal(err)
		}
		if len(f.Allies) != 4 {
			t.Fatalf("%d allies, want 4", len(f.Allies))
		}
		for i, a := range f.Allies[:2] {
			if len(a.Matched) == 0 {
				t.Errorf("candidate %d (%s) matches nothing, yet ranks above people who share the goal", i+1, a.Name)
			}
		}
		if f.Allies[0].Name != "Richard Shapiro" {
			t.Errorf("first candidate %s, want Richard Shapiro (shares the goal california refund settlement)", f.Allies[0].Name)
		}
	})
	t.Run("power of the committee", func(t *testing.T) {
		t.Parallel()
		var v struct {
			Voters []struct {
				Swings        json.Number `json:"swings"`
				ShapleyShubik float64     `json:"shapley_shubik"`
			} `json:"voters"`
		}
		if err := json.Unmarshal([]byte(mustRun(t, db, "--json", "power", "--quota", "12", "4", "4", "4", "2", "2", "1")), &v); err != nil {
			t.Fatal(err)
		}
		var sw []string
		var ss float64
		for _, x := range v.Voters {
			sw = append(sw, x.Swings.String())
			ss += x.ShapleyShubik
		}
		if got := strings.Join(sw, ","); got != "10,10,10,6,6,0" {
			t.Errorf("swings %s, want 10,10,10,6,6,0", got)
		}
		if ss < 0.999999 || ss > 1.000001 {
			t.Errorf("Shapley–Shubik indices sum to %v, want 1", ss)
		}
	})
	t.Run("plan reasons are values the CLI words", func(t *testing.T) {
		t.Parallel()
		var v struct {
			Moves []struct {
				Name    string   `json:"name"`
				Stance  string   `json:"stance"`
				Why     []string `json:"why"`
				Reasons []struct {
					Kind string   `json:"kind"`
					Via  []string `json:"via"`
					Flag string   `json:"flag"`
				} `json:"reasons"`
			} `json:"moves"`
		}
		if err := json.Unmarshal([]byte(mustRun(t, db, "--json", "goal", "plan", "2")), &v); err != nil {
			t.Fatal(err)
		}
		kinds := map[string]bool{}
		for _, m := range v.Moves {
			if len(m.Why) != len(m.Reasons) || len(m.Why) == 0 {
				t.Fatalf("%s: %d reasons worded as %q", m.Name, len(m.Reasons), m.Why)
			}
			for i, r := range m.Reasons {
				kinds[r.Kind] = true
				w := m.Why[i]
				switch r.Kind {
				case "warm-path":
					if !strings.HasPrefix(w, "opposes ("+m.Stance+"); a warm path through "+strings.Join(r.Via, " → ")) {
						t.Errorf("%s: warm path via %v worded %q", m.Name, r.Via, w)
					}
				case "shallow-base":
					if r.Flag == "" || !strings.HasPrefix(w, "deepens a shallow base: ") {
						t.Errorf("%s: shallow base %q worded %q", m.Name, r.Flag, w)
					}
				case "least-effort":
					if !strings.HasPrefix(w, "one of the smallest set of yes votes within reach (3 people; how far in all ") {
						t.Errorf("%s: least effort worded %q", m.Name, w)
					}
				}
			}
		}
		for _, k := range []string{"warm-path", "shallow-base", "least-effort"} {
			if !kinds[k] {
				t.Errorf("no %s reason in the plan of #2 (kinds %v)", k, kinds)
			}
		}
	})
	t.Run("paths are ordered and explained", func(t *testing.T) {
		t.Parallel()
		var p struct {
			Paths []struct {
				Strength float64 `json:"strength"`
				Cost     float64 `json:"cost"`
				Hops     []struct {
					From     string  `json:"from"`
					To       string  `json:"to"`
					Strength float64 `json:"strength"`
				} `json:"hops"`
			} `json:"paths"`
		}
		if err := json.Unmarshal([]byte(mustRun(t, db, "--json", "path", "Lavorato", "-k", "4")), &p); err != nil {
			t.Fatal(err)
		}
		if len(p.Paths) != 4 {
			t.Fatalf("%d paths, want 4", len(p.Paths))
		}
		for i, x := range p.Paths {
			if i > 0 && x.Cost < p.Paths[i-1].Cost {
				t.Errorf("path %d costs less than path %d", i+1, i)
			}
			if n := len(x.Hops); n == 0 || x.Hops[0].From != "Jeff Dasovich" || x.Hops[n-1].To != "John J. Lavorato" {
				t.Errorf("path %d does not lead from Me to Lavorato: %+v", i+1, x.Hops)
			}
		}
	})
}

// TestCoalitionBadInput checks the planner's refusals: one line, the right
// exit code, nothing crashes.
func TestCoalitionBadInput(t *testing.T) {
	db := demoDB(t)
	mustRun(t, db, "goal", "new", "Nobody asked yet")
	mustRun(t, db, "person", "add", "Ivo Island", "--department", "Nowhere")
	many := []string{"power", "--quota", "300"}
	for i := 1; i <= 401; i++ {
		many = append(many, strconv.Itoa(i))
	}
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"quota above total", []string{"power", "--quota", "20", "4", "4"}, 4, "above the total weight 8"},
		{"quota zero", []string{"power", "--quota", "0", "4", "4"}, 4, "must be positive"},
		{"quota negative", []string{"power", "--quota", "-3", "4", "4"}, 4, "must be positive"},
		{"negative weight", []string{"power", "--quota", "3", "4", "-1"}, 4, "must not be negative"},
		{"weight not a number", []string{"power", "--quota", "3", "4", "x"}, 4, `weight "x" is not a number`},
		{"names do not match", []string{"power", "--quota", "3", "--names", "a,b", "1", "2", "3"}, 4, "2 names for 3 weights"},
		{"no quota", []string{"power", "4", "4"}, 2, "--quota"},
		{"too many players", many, 4, "--sample"},
		{"goal has no rule", []string{"power", "--goal", "4"}, 4, "no decision rule"},
		{"find k too large", []string{"find", "gas", "-k", "500"}, 4, "more than the"},
		{"find k zero", []string{"find", "gas", "-k", "0"}, 4, "at least one"},
		{"grow k too large", []string{"goal", "grow", "1", "-k", "500"}, 4, "more than the"},
		{"grow no stakes", []string{"goal", "grow", "Nobody asked"}, 4, "no stakeholders yet"},
		{"plan no stakes", []string{"goal", "plan", "Nobody asked"}, 4, "no stakeholders yet"},
		{"plan unknown goal", []string{"goal", "plan", "99"}, 3, "initiative 99 not found"},
		{"path unknown person", []string{"path", "Nobody Atall"}, 3, "no person matches"},
		{"path to me", []string{"path", "Dasovich"}, 4, "is you"},
		{"path nobody reaches", []string{"path", "Ivo Island"}, 3, "no chain of ties from you to Ivo Island"},
		{"path k zero", []string{"path", "Lavorato", "-k", "0"}, 4, "at least one"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, errs, code := run(t, db, c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d (%s)", code, c.code, errs)
			}
			if !strings.Contains(errs, c.want) {
				t.Errorf("stderr %q lacks %q", errs, c.want)
			}
			// One line of message, and at most one of hint below it.
			lines := strings.Split(strings.TrimSpace(errs), "\n")
			if len(lines) > 2 || len(lines) == 2 && !strings.HasPrefix(lines[1], "      ") {
				t.Errorf("error is %d lines, want a message and at most one hint: %q", len(lines), errs)
			}
		})
	}
	t.Run("sampled estimate for a large game", func(t *testing.T) {
		args := append([]string{"power", "--sample", "2000"}, many[1:]...)
		out := mustRun(t, db, args...)
		if !strings.Contains(out, "sampled estimate from 2000") || !strings.Contains(out, "±") {
			t.Errorf("sampled power:\n%s", out[max(0, len(out)-400):])
		}
	})
}

// TestRoundedForPeople: the text of the coalition commands and today
// prints no number with more than two decimals, while the JSON keeps full
// precision.
func TestRoundedForPeople(t *testing.T) {
	db := demoDB(t)
	long := regexp.MustCompile(`\d\.\d{3,}`)
	for _, args := range [][]string{{"goal", "plan", "1"}, {"goal", "plan", "2"}, {"goal", "show", "1"}, {"power", "--goal", "1"},
		{"find", "1"}, {"find", "california refund"}, {"goal", "grow", "1"}, {"path", "Lavorato"}, {"today", "--all"}} {
		if m := long.FindString(mustRun(t, db, args...)); m != "" {
			t.Errorf("%v prints %s", args, m)
		}
	}
	var p struct {
		Paths []struct {
			Strength float64 `json:"strength"`
		} `json:"paths"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, db, "--json", "path", "Lavorato", "-k", "4")), &p); err != nil {
		t.Fatal(err)
	}
	full := false
	for _, x := range p.Paths {
		full = full || math.Abs(x.Strength*1000-math.Round(x.Strength*1000)) > 1e-6
	}
	if !full {
		t.Errorf("path strengths %+v all have three decimals at most: the JSON should keep full precision", p.Paths)
	}
}
