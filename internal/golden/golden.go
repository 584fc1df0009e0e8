// Package golden holds what the analyze golden tests of app and cli share:
// the generated ring graphs of app/testdata/analyze/make_golden.sh and a
// readable first difference between two outputs.
package golden

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// WriteRings writes the ring graphs of make_golden.sh into dir, byte for
// byte as its awk lines do: ring51k.txt (weighted, over the exact
// betweenness budget) and ring200k.txt (over the Leiden edge cap).
func WriteRings(dir string) error {
	write := func(name string, n int, weighted bool) error {
		fh, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		w := bufio.NewWriter(fh)
		for i := range n {
			if weighted {
				fmt.Fprintf(w, "%d %d %d\n", i, (i+1)%n, 1+i%3)
			} else {
				fmt.Fprintf(w, "%d %d\n", i, (i+1)%n)
			}
		}
		if err := w.Flush(); err != nil {
			fh.Close()
			return err
		}
		return fh.Close()
	}
	if err := write("ring51k.txt", 51000, true); err != nil {
		return err
	}
	return write("ring200k.txt", 200001, false)
}

// FirstDiff shows where got and want first differ, a line of each.
func FirstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got %q\nwant %q", i+1, gl, wl)
		}
	}
	return "(same lines)"
}
