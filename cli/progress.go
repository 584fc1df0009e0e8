package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// progressBar draws a one-line bar on stderr when stderr is a terminal and
// the run has gone on for more than a second: the current phase, its
// fraction when it has one, and its elapsed time. A run that ends within a
// second shows nothing; one of many short phases (a demo, an import) shows
// each phase it reaches after that. A ticker redraws it, so that a phase
// that reports rarely (a Leiden iteration on a million nodes takes
// seconds) still shows it is alive.
type progressBar struct {
	w       io.Writer
	on      bool
	mu      sync.Mutex
	name    string
	begun   time.Time // the first phase's start
	start   time.Time // the current phase's
	last    time.Time
	drawn   bool
	units   int
	total   int
	stop    chan struct{}
	stopped sync.Once
	// current is the phase report last saw; only report uses it, and app
	// never calls it concurrently.
	current string
}

func newProgressBar(w io.Writer) *progressBar {
	p := &progressBar{w: w}
	if isTerminalOut(w) {
		p.on = true
		p.stop = make(chan struct{})
		go p.tick()
	}
	return p
}

// isTerminalOut reports whether w is a terminal (see isTerminalFd).
func isTerminalOut(w io.Writer) bool {
	fh, ok := w.(*os.File)
	return ok && isTerminalFd(fh.Fd())
}

func (p *progressBar) tick() {
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case now := <-t.C:
			p.mu.Lock()
			p.draw(now)
			p.mu.Unlock()
		}
	}
}

func (p *progressBar) phase(name string) {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
	p.name, p.start, p.units, p.total = name, time.Now(), 0, 0
	if p.begun.IsZero() {
		p.begun = p.start
	}
}

// report is the progress callback app.Analyze and app.Import call: a
// phase it has not seen starts the bar afresh, then the counts move it.
func (p *progressBar) report(phase string, done, total int) {
	if phase != p.current {
		p.current = phase
		p.phase(phase)
	}
	p.update(done, total)
}

func (p *progressBar) update(done, total int) {
	if !p.on || total <= 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.units, p.total = done, total
	if now := time.Now(); now.Sub(p.last) >= 100*time.Millisecond {
		p.draw(now)
	}
}

// draw writes the bar; the caller holds p.mu.
func (p *progressBar) draw(now time.Time) {
	if p.name == "" || now.Sub(p.begun) < time.Second {
		return
	}
	p.last = now
	elapsed := now.Sub(p.start).Round(time.Second)
	if p.total <= 0 {
		fmt.Fprintf(p.w, "\r%s %v\033[K", p.name, elapsed)
	} else {
		const width = 30
		fill := width * p.units / p.total
		fmt.Fprintf(p.w, "\r%s [%s%s] %3d%% %v\033[K", p.name, strings.Repeat("=", fill), strings.Repeat(" ", width-fill), 100*p.units/p.total, elapsed)
	}
	p.drawn = true
}

func (p *progressBar) clear() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
		p.drawn = false
	}
}

// done clears the bar and stops the ticker; it may be called more than once.
func (p *progressBar) done() {
	if !p.on {
		return
	}
	p.stopped.Do(func() { close(p.stop) })
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
	p.name = ""
}
