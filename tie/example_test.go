package tie_test

import (
	"fmt"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/tie"
)

// The store keeps one PairAgg per pair, adds each new interaction's
// contributions to it, and evaluates strength at any now in O(1).
func ExampleStrength() {
	p := tie.DefaultParams()
	day := func(d int) time.Time { return time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d) }
	ins := []ally.Interaction{
		{ID: 1, Kind: ally.ChanOneOnOne, At: day(0), Participants: []ally.Participant{{PersonID: 1, Role: ally.RoleInitiator}, {PersonID: 2, Role: ally.RoleTo}}},
		{ID: 2, Kind: ally.ChanEmail, At: day(10), Participants: []ally.Participant{{PersonID: 2, Role: ally.RoleInitiator}, {PersonID: 1, Role: ally.RoleTo}}},
	}
	var agg tie.PairAgg // what the store loads for pair (1, 2); zero when new
	for _, in := range ins {
		cs, err := tie.Contributions(in, p)
		if err != nil {
			panic(err)
		}
		if err := agg.Add(cs...); err != nil {
			panic(err)
		}
	}
	fmt.Println(tie.Strength(agg, day(10), p).Explain())
	fmt.Println(tie.Strength(agg, day(100), p).Explain())
	// Output:
	// volume 1.43 × reciprocity 1.17 × multiplexity 1.10 = 1.83 (2 interactions on 2 channels)
	// volume 0.71 × reciprocity 1.17 × multiplexity 1.10 = 0.91 (2 interactions on 2 channels)
}
