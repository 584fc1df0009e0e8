package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/allyhq/ally/app"
	"github.com/allyhq/ally/demo"
)

// One clock, one number (issue 10, §1): on the demo, whose emails run on
// to 2002 while its clock reads 2001-11-01, a person's page, their health,
// their timeline and the count of interactions with Me see nothing after
// the clock, and give the same number of interactions with Me: those Me
// took part in, up to the clock. Checked at the demo's clock and on
// 2001-06-01.
func TestInteractionFacesAgreeOnDemo(t *testing.T) {
	ctx := context.Background()
	refs := []string{"Steffes", "Mary Hain", "Richard Shapiro", "Steven J. Kean", "Lavorato", "Louise Kitchen", "Tycholiz"}
	for name, now := range map[string]time.Time{"demo clock": {}, "2001-06-01": time.Date(2001, 6, 1, 12, 0, 0, 0, time.UTC)} {
		t.Run(name, func(t *testing.T) {
			a := rulesDemo(t, now)
			later, err := app.Open(ctx, a.DB, demo.Name, time.Date(2003, 1, 1, 0, 0, 0, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			hidden := 0 // people with interactions after the clock
			for _, ref := range refs {
				p, err := a.Resolve(ctx, ref)
				if err != nil {
					t.Fatal(err)
				}
				d, err := a.ShowPerson(ctx, p.ID, 5)
				if err != nil {
					t.Fatal(err)
				}
				h, err := a.Health(ctx, p.ID)
				if err != nil {
					t.Fatal(err)
				}
				withMe, err := a.InteractionsWithMe(ctx, p.ID)
				if err != nil {
					t.Fatal(err)
				}
				_, tl, err := a.Timeline(ctx, p.ID, app.Page{})
				if err != nil {
					t.Fatal(err)
				}
				_, mine, err := a.TimelineWith(ctx, p.ID, a.WS.MeID, app.Page{Limit: 3})
				if err != nil {
					t.Fatal(err)
				}
				counted := 0 // the timeline's interactions that Me took part in
				for _, in := range tl.Items {
					if in.At.After(a.Now) {
						t.Fatalf("%s: the timeline shows %s, after the clock %s", p.Name, in.At, a.Now)
					}
					for _, pa := range in.Participants {
						if pa.PersonID == a.WS.MeID {
							counted++
							break
						}
					}
				}
				for _, in := range d.Timeline {
					if in.At.After(a.Now) {
						t.Errorf("%s: person show lists %s, after the clock %s", p.Name, in.At, a.Now)
					}
				}
				if d.Interacted == 0 {
					t.Errorf("%s: no interactions with Me: the comparison proves little", p.Name)
				}
				if n := int(h.Health.Strength.Count); d.Interacted != n || withMe != n || counted != n || mine.Total != n {
					t.Errorf("%s: interactions with me: person show %d, health %d, count %d, timeline %d, timeline with me %d",
						p.Name, d.Interacted, n, withMe, counted, mine.Total)
				}
				if d.TimelineTotal != tl.Total || len(tl.Items) != tl.Total {
					t.Errorf("%s: person show counts %d interactions, timeline %d (%d listed)", p.Name, d.TimelineTotal, tl.Total, len(tl.Items))
				}
				_, all, err := later.Timeline(ctx, p.ID, app.Page{Limit: 1})
				if err != nil {
					t.Fatal(err)
				}
				if all.Total > tl.Total {
					hidden++
				}
			}
			if hidden == 0 {
				t.Errorf("no one has interactions after the clock: the test proves little")
			}
		})
	}
}
