package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestIsTerminal: the bar is drawn on a terminal only; /dev/null is a
// character device but not a terminal, so a run with stderr on /dev/null
// draws nothing (no ticker either).
func TestIsTerminal(t *testing.T) {
	open := func(name string) func(t *testing.T) *os.File {
		return func(t *testing.T) *os.File {
			f, err := os.OpenFile(name, os.O_RDWR, 0)
			if err != nil {
				// A container without a pseudo-terminal device: the
				// other cases still run.
				t.Skipf("%s cannot be opened here, so this case cannot run: %v", name, err)
			}
			t.Cleanup(func() { f.Close() })
			return f
		}
	}
	cases := []struct {
		name string
		file func(t *testing.T) *os.File
		want bool
	}{
		{"/dev/null", open(os.DevNull), false},
		{"a regular file", func(t *testing.T) *os.File {
			f, err := os.Create(filepath.Join(t.TempDir(), "err.txt"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { f.Close() })
			return f
		}, false},
		{"a pipe", func(t *testing.T) *os.File {
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { r.Close(); w.Close() })
			return w
		}, false},
		{"a pseudo-terminal", open("/dev/ptmx"), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := c.file(t)
			if got := isTerminalOut(f); got != c.want {
				t.Errorf("isTerminalOut = %v, want %v", got, c.want)
			}
			p := newProgressBar(f)
			defer p.done()
			if p.on != c.want {
				t.Errorf("bar on = %v, want %v", p.on, c.want)
			}
		})
	}
	if isTerminalOut(&bytes.Buffer{}) {
		t.Error("a buffer is a terminal")
	}
}

// TestProgressBarLaterPhase: the first second of a run draws nothing; a
// phase that starts after it is drawn at once, so that a run of many
// short phases (a demo, an import) still shows where it is.
func TestProgressBarLaterPhase(t *testing.T) {
	var buf bytes.Buffer
	p := &progressBar{w: &buf, on: true, stop: make(chan struct{})}
	p.phase("people")
	p.draw(p.start.Add(300 * time.Millisecond))
	if buf.Len() != 0 {
		t.Fatalf("drew %q in the run's first second", buf.String())
	}
	p.phase("interactions")
	p.start = p.begun.Add(1500 * time.Millisecond)
	p.units, p.total = 1, 2
	p.draw(p.start.Add(10 * time.Millisecond))
	if got := buf.String(); !strings.Contains(got, "interactions [") || !strings.Contains(got, " 50%") {
		t.Errorf("a phase after the first second: %q", got)
	}
	p.done()
}

// TestDemoSilent: with standard error not a terminal, `ally demo` and
// `ally import json` print nothing there.
func TestDemoSilent(t *testing.T) {
	dir := t.TempDir()
	errf, err := os.Create(filepath.Join(dir, "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer errf.Close()
	db := filepath.Join(dir, "ally.db")
	var out bytes.Buffer
	for _, args := range [][]string{
		{"--db", db, "demo"},
		{"--db", db, "export", "json", "-o", filepath.Join(dir, "d.json")},
		{"--db", filepath.Join(dir, "copy.db"), "import", "json", filepath.Join(dir, "d.json")},
	} {
		if code := Run(args, strings.NewReader(""), &out, errf); code != 0 {
			b, _ := os.ReadFile(errf.Name())
			t.Fatalf("%v: exit %d: %s", args, code, b)
		}
	}
	b, _ := os.ReadFile(errf.Name())
	if s := strings.ReplaceAll(string(b), "exported workspace \"demo\"", ""); strings.ContainsAny(s, "\r\033") {
		t.Errorf("stderr holds a bar: %q", b)
	}
}
