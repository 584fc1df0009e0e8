package app

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/allyhq/ally"
)

// bareWorkspace imports a workspace of Me and n people without ties, with
// a goal that person 2 supports: the shape on which IMM needs the most RR
// sets (nobody wins anybody over, so the best k reach about k).
func bareWorkspace(t *testing.T, n int) *App {
	t.Helper()
	created := exportNow.AddDate(0, -1, 0)
	d := &Dump{Format: DumpFormat, Version: DumpVersion, Workspace: DumpWorkspace{Name: "bare", MeID: 1, Created: created}}
	for i := 1; i <= n+1; i++ {
		d.People = append(d.People, &ally.Person{ID: int64(i), Name: fmt.Sprintf("Person %d", i), Created: created})
	}
	d.Initiatives = []*ally.Initiative{{ID: 1, Name: "Platform", Outcome: ally.OutcomeOpen, Created: created}}
	d.Stakes = []*ally.Stake{{InitiativeID: 1, PersonID: 2, Stance: ally.StanceSupporter, Power: 3, Interest: 3, Updated: created}}
	db := mustDB(t)
	ok(Import(bg, db, d, ImportOptions{}))(t)
	return ok(Open(bg, db, "bare", exportNow))(t)
}

// Grow's work is bounded by IMM's budget. When the budget stops the sample
// the view says the result is approximate and gives the ε the sets drawn
// guarantee (above the one asked, and "none" past 1 − 1/e), instead of
// drawing the 10⁸ sets a large workspace asked for (9.4 GB at 200,000
// people) or claiming the ε asked.
func TestGrowBudget(t *testing.T) {
	a := bareWorkspace(t, 1000)
	tests := []struct {
		name       string
		in         GrowInput
		approx     bool
		guarantee  string
		epsAtLeast float64
	}{
		{"within the default budget", GrowInput{K: 2, Seed: 1}, false, "reach at least 43%", 0.2},
		{"steps cap", GrowInput{K: 2, Seed: 1, MaxSteps: 1_000_000}, true, "reach at least", 0.2},
		{"steps cap, no guarantee left", GrowInput{K: 2, Seed: 1, MaxSteps: 20_000}, true, "none for this run", 1 - 1/2.718281828},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			v := ok(a.Grow(bg, gid(t, a, "Platform"), tt.in))(t)
			if len(v.Picks) != 2 || v.EpsilonAsked != 0.2 {
				t.Fatalf("picks %d, ε asked %g", len(v.Picks), v.EpsilonAsked)
			}
			if v.Approximate != tt.approx {
				t.Fatalf("approximate = %v, want %v (ε %g, %d RR sets, notes %q)", v.Approximate, tt.approx, v.Epsilon, v.RRSets, v.Notes)
			}
			if !strings.Contains(v.Guarantee, tt.guarantee) {
				t.Errorf("guarantee %q does not contain %q", v.Guarantee, tt.guarantee)
			}
			note := strings.Join(v.Notes, "\n")
			if !tt.approx {
				if v.Epsilon != 0.2 || strings.Contains(note, "approximate") {
					t.Errorf("ε %g, notes %q", v.Epsilon, v.Notes)
				}
				return
			}
			if !(v.Epsilon > tt.epsAtLeast) {
				t.Errorf("ε %g, want above %g", v.Epsilon, tt.epsAtLeast)
			}
			if want := fmt.Sprintf("guarantee holds for ε = %.2f", v.Epsilon); !strings.Contains(note, "approximate") || !strings.Contains(note, want) {
				t.Errorf("notes %q do not say the result is approximate (%s)", v.Notes, want)
			}
			t.Logf("%s: ε %.3f from %d RR sets in %v", tt.name, v.Epsilon, v.RRSets, time.Since(start).Round(time.Millisecond))
		})
	}
}
