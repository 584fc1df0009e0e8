package app

import (
	"testing"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/tie"
)

func TestParseDuration(t *testing.T) {
	cases := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"90d", 90 * tie.Day, true},
		{"2w", 14 * tie.Day, true},
		{"36h", 36 * time.Hour, true},
		{"1.5d", 36 * time.Hour, true},
		{"90", 0, false},
		{"d", 0, false},
		{"NaNd", 0, false},
		{"1e300d", 0, false},
		{"", 0, false},
	}
	for _, c := range cases {
		got, err := ParseDuration("half-life", c.in)
		if (err == nil) != c.ok || (c.ok && got != c.want) {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v, ok %v", c.in, got, err, c.want, c.ok)
		}
		if err != nil && ally.ErrorCode(err) != ally.EINVALID {
			t.Errorf("ParseDuration(%q): error kind %s, want invalid", c.in, ally.ErrorCode(err))
		}
	}
}

// FuzzParseDuration: never panics; errors are EINVALID; a value it accepts
// formats back to a duration that parses to the same value.
func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"90d", "2w", "36h", "1.5d", "-3d", "0d", "", "d", "9e9w", "+1h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration("x", s)
		if err != nil {
			if ally.ErrorCode(err) != ally.EINVALID {
				t.Fatalf("%q: error kind %s", s, ally.ErrorCode(err))
			}
			return
		}
		if d > 0 {
			back, err := ParseDuration("x", formatDuration(d))
			if err != nil || (back-d) > time.Millisecond || (d-back) > time.Millisecond {
				t.Fatalf("%q → %v → %q → %v, %v", s, d, formatDuration(d), back, err)
			}
		}
	})
}
