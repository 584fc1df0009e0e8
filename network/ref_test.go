package network

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// sharedGraphs is where the project keeps its benchmark graphs and the
// igraph reference values, relative to this package.
const sharedGraphs = "../../shared/data/graphs"

type reference struct {
	cols map[string][]float64
	info map[string]any
}

// loadShared reads a shared graph and its reference values, or skips.
func loadShared(t testing.TB, name string) (*Graph, *reference) {
	t.Helper()
	path := ""
	for _, f := range []string{name + ".txt", name + ".txt.gz"} {
		if _, err := os.Stat(filepath.Join(sharedGraphs, f)); err == nil {
			path = filepath.Join(sharedGraphs, f)
		}
	}
	if path == "" {
		t.Skipf("shared graph %s not found in %s (the project's data directory is not checked out beside the repo)", name, sharedGraphs)
	}
	g, err := ReadFile(path, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ref := &reference{cols: map[string][]float64{}}
	f, err := os.Open(filepath.Join(sharedGraphs, "reference", name+".tsv"))
	if err != nil {
		return g, nil
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan()
	header := strings.Split(sc.Text(), "\t")
	for sc.Scan() {
		for i, s := range strings.Split(sc.Text(), "\t") {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatalf("reference %s: %v", name, err)
			}
			ref.cols[header[i]] = append(ref.cols[header[i]], v)
		}
	}
	if b, err := os.ReadFile(filepath.Join(sharedGraphs, "reference", name+".json")); err == nil {
		json.Unmarshal(b, &ref.info)
	}
	return g, ref
}
