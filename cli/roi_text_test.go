package cli

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestROIText: every sparkline is as long as the window (a snapshot
// without the metric is a dot), and a line reads the main trends in words.
func TestROIText(t *testing.T) {
	out := mustRun(t, demoDB(t), "roi")
	cases := []struct{ metric, spark string }{
		{"allies", ""}, {"active_ties", ""}, {"support_open", "·"}, {"support_won", "·"},
	}
	lines := map[string]string{}
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Fields(l); len(f) > 1 {
			lines[f[0]] = f[1]
		}
	}
	for _, c := range cases {
		spark, ok := lines[c.metric]
		if !ok {
			t.Fatalf("no %s row in\n%s", c.metric, out)
		}
		if n := utf8.RuneCountInString(spark); n != 13 {
			t.Errorf("%s: sparkline %q of %d, want 13 (one a snapshot)", c.metric, spark, n)
		}
		if c.spark != "" && !strings.Contains(spark, c.spark) {
			t.Errorf("%s: %q has no %q for the snapshots without it", c.metric, spark, c.spark)
		}
	}
	if !strings.Contains(out, "since November 2000: allies steady at 15, network steady at 19, active ties up from 23 to 43") {
		t.Errorf("no reading of the trends in\n%s", out)
	}
}
