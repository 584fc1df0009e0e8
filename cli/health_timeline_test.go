package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestHealthTimelineMore: health's timeline shows the latest events and
// says how many more interactions with me there are and the command that
// lists them; a timeline that shows them all says nothing more.
func TestHealthTimelineMore(t *testing.T) {
	small := filepath.Join(t.TempDir(), "ally.db")
	mustRun(t, small, "--now", "2026-03-01", "init", "--me", "Ana Ruiz")
	mustRun(t, small, "--now", "2026-03-01", "person", "add", "Bo Park")
	for _, d := range []string{"2026-02-01", "2026-02-10"} {
		mustRun(t, small, "--now", "2026-03-01", "log", "one-on-one", "--with", "Bo Park", "--at", d)
	}
	cases := []struct {
		name, db, who string
		more          bool
	}{
		{"demo", demoDB(t), "Steffes", true},
		{"two interactions", small, "Bo Park", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := []string{"--now", "2026-03-01"}
			if c.name == "demo" {
				args = nil
			}
			out := mustRun(t, c.db, append(args, "health", c.who)...)
			var hv struct {
				Person   struct{ ID int64 }
				Health   struct{ Strength struct{ Count int } }
				Timeline []struct{ Kind string }
			}
			if err := json.Unmarshal([]byte(mustRun(t, c.db, append(args, "--json", "health", c.who)...)), &hv); err != nil {
				t.Fatal(err)
			}
			shown := 0
			for _, e := range hv.Timeline {
				if e.Kind == "interaction" {
					shown++
				}
			}
			line := fmt.Sprintf("%d more interactions with me: `ally timeline %d --with-me` lists them", hv.Health.Strength.Count-shown, hv.Person.ID)
			if got := strings.Contains(out, line); got != c.more {
				t.Errorf("%q in the output: %v, want %v\n%s", line, got, c.more, out)
			}
			if !c.more && strings.Contains(out, "more interactions") {
				t.Errorf("a timeline that shows everything says there is more:\n%s", out)
			}
		})
	}
}
