package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestProgressBar checks what the bar draws: nothing in a phase's first
// second, the elapsed time for a phase that has reported no fraction yet,
// the fraction once it has, and a cleared line at the end.
func TestProgressBar(t *testing.T) {
	var buf bytes.Buffer
	p := &progressBar{w: &buf, on: true, stop: make(chan struct{})}
	p.phase("communities (Leiden)")
	p.draw(p.start.Add(500 * time.Millisecond))
	if buf.Len() != 0 {
		t.Fatalf("drew %q within the first second", buf.String())
	}
	p.draw(p.start.Add(3 * time.Second))
	if got := buf.String(); !strings.Contains(got, "communities (Leiden) 3s") || strings.Contains(got, "%") {
		t.Errorf("before any fraction: %q", got)
	}
	buf.Reset()
	p.units, p.total = 1, 4
	p.draw(p.start.Add(12 * time.Second))
	if got := buf.String(); !strings.Contains(got, " 25% 12s") || !strings.Contains(got, "[=======       ") {
		t.Errorf("at one quarter: %q", got)
	}
	buf.Reset()
	p.done()
	p.done() // twice is allowed
	if got := buf.String(); got != "\r\033[K" {
		t.Errorf("done wrote %q, want the line cleared", got)
	}
	p.draw(p.start.Add(20 * time.Second))
	if strings.Contains(buf.String(), "Leiden") {
		t.Errorf("drew after done: %q", buf.String())
	}
}
