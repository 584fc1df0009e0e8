package app

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
)

// TestConcurrentCallersKeepTheirClocks drives the use cases from many
// goroutines on one database, each caller with its own clock, as a web
// server's requests would: every row a caller writes must carry that
// caller's time. When the clock was state on the shared DB (set by each
// Open), callers stamped each other's rows. Run with -race.
func TestConcurrentCallersKeepTheirClocks(t *testing.T) {
	db, err := store.Open(bg, filepath.Join(t.TempDir(), "ally.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := Init(bg, db, "team", &ally.Person{Name: "Ana Ruiz"}); err != nil {
		t.Fatal(err)
	}
	const callers, rounds = 8, 6
	base := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	clock := func(g int) time.Time { return base.Add(time.Duration(g) * 24 * time.Hour) }
	var wg sync.WaitGroup
	errs := make(chan error, callers*rounds)
	for g := 0; g < callers; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for r := 0; r < rounds; r++ {
				// Each round opens its own App, as each request would.
				a, err := Open(bg, db, "team", clock(g))
				if err != nil {
					errs <- err
					return
				}
				name := fmt.Sprintf("Caller%d Person%d", g, r)
				p, err := a.AddPerson(bg, PersonInput{Name: &name})
				if err != nil {
					errs <- err
					return
				}
				if _, err := a.Log(bg, LogInput{Kind: ally.ChanOneOnOne, With: []int64{p.ID}}); err != nil {
					errs <- fmt.Errorf("log with %s: %w", name, err)
					return
				}
				if _, _, err := a.Promise(bg, PromiseInput{Person: p.ID, Way: FromMe, What: "follow up", Due: clock(g).Add(72 * time.Hour)}); err != nil {
					errs <- fmt.Errorf("promise to %s: %w", name, err)
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	// Read as of the last caller's clock: a read sees nothing after its own.
	a, err := Open(bg, db, "team", clock(callers))
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for g := 0; g < callers; g++ {
		for r := 0; r < rounds; r++ {
			name := fmt.Sprintf("Caller%d Person%d", g, r)
			p, err := a.Resolve(bg, name)
			if err != nil {
				t.Fatal(err)
			}
			if !p.Created.Equal(clock(g)) {
				t.Errorf("%s was created at %s by a caller whose clock read %s", name, p.Created, clock(g))
			}
			_, l, err := a.Timeline(bg, p.ID, Page{Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			if its := l.Items; len(its) != 1 || l.Total != 1 || !its[0].At.Equal(clock(g)) {
				t.Errorf("%s: interactions %v, want one at %s", name, l, clock(g))
			}
			checked++
		}
	}
	l, err := a.Commitments(bg, CommitmentFilter{Closed: true})
	if err != nil {
		t.Fatal(err)
	}
	cs := l.Items
	if len(cs) != callers*rounds {
		t.Fatalf("%d commitments, want %d", len(cs), callers*rounds)
	}
	for _, c := range cs {
		var g, r int
		if _, err := fmt.Sscanf(c.To, "Caller%d Person%d", &g, &r); err != nil {
			continue
		}
		if !c.Created.Equal(clock(g)) {
			t.Errorf("commitment to %s created at %s, want its caller's %s", c.To, c.Created, clock(g))
		}
	}
	if checked != callers*rounds {
		t.Fatalf("checked %d people", checked)
	}
}
