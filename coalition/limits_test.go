package coalition

import (
	"strings"
	"testing"
	"time"

	"github.com/allyhq/ally"
)

// TestEstimatePowerIndicesBound checks that a sample beyond MaxSampleDraws
// is refused at once with a message that states the limit, and that the
// largest allowed one runs.
func TestEstimatePowerIndicesBound(t *testing.T) {
	small := Game{Quota: 3, Weights: []int64{2, 2, 1}}
	big := Game{Quota: 300, Weights: make([]int64, 500)}
	for i := range big.Weights {
		big.Weights[i] = int64(i%7 + 1)
	}
	tests := []struct {
		name    string
		g       Game
		samples int
		msg     string // "" when allowed
	}{
		{"without end", small, 99_999_999_999, "a sample of 99999999999 for 3 voters is beyond the limit of 100000000 voter draws (a few seconds of work): sample at most 33333333"},
		{"largest int", small, int(^uint(0) >> 1), "beyond the limit"},
		{"500 voters", big, 200_001, "a sample of 200001 for 500 voters is beyond the limit of 100000000 voter draws (a few seconds of work): sample at most 200000"},
		{"500 voters at the limit", big, 200_000, ""},
		{"zero", small, 0, "samples must be positive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.msg == "" && testing.Short() {
				t.Skip("the largest sample takes a few seconds")
			}
			start := time.Now()
			_, err := EstimatePowerIndices(tt.g, tt.samples, 1)
			// A refusal does no sampling: one beyond the limit would run
			// for hours, so a generous bound tells the two apart. The
			// allowed sample's time is a benchmark's business
			// (BenchmarkEstimatePowerIndicesLimit), not a test's: on a loaded
			// machine it took 12–16 s.
			if d := time.Since(start); tt.msg != "" && d > 10*time.Second {
				t.Errorf("the refusal took %v", d)
			}
			if tt.msg == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if ally.ErrorCode(err) != ally.EINVALID || err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("error %v, want EINVALID containing %q", err, tt.msg)
			}
		})
	}
}

// BenchmarkEstimatePowerIndicesLimit: the largest sample the estimator
// takes, 200,000 coalitions and orderings of 500 voters (MaxSampleDraws
// voter draws): "a few seconds of work", as the refusal's message says.
func BenchmarkEstimatePowerIndicesLimit(b *testing.B) {
	g := Game{Quota: 300, Weights: make([]int64, 500)}
	for i := range g.Weights {
		g.Weights[i] = int64(i%7 + 1)
	}
	for b.Loop() {
		if _, err := EstimatePowerIndices(g, MaxSampleDraws/500, 1); err != nil {
			b.Fatal(err)
		}
	}
}
