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

// localGraphs holds the four small reference graphs (karate, florentine,
// lesmis, davis) and their igraph values, copied from the shared folder so
// that the correctness checks run in any clone (see testdata/SOURCE.md).
const localGraphs = "testdata/graphs"

// sharedGraphs is where the project keeps its big benchmark graphs (the
// BA graphs and sbm_org_10k) and their igraph values, relative to this
// package. Only the checks against those igraph values need them, and skip
// when the folder is not beside the checkout; the tests that just need a
// big graph generate one (graphs_test.go).
const sharedGraphs = "../../shared/data/graphs"

// smallGraphs are the graphs in localGraphs: they must never skip.
var smallGraphs = map[string]bool{"karate": true, "florentine": true, "lesmis": true, "davis": true}

type reference struct {
	cols map[string][]float64
	info map[string]any
}

// loadShared reads a reference graph and its reference values: the small
// ones from testdata, the big ones from the shared folder, skipping with a
// message when that folder is absent. A graph whose reference values are
// missing returns a nil reference.
func loadShared(t testing.TB, name string) (*Graph, *reference) {
	t.Helper()
	dir := sharedGraphs
	if smallGraphs[name] {
		dir = localGraphs
	}
	path := ""
	for _, f := range []string{name + ".txt", name + ".txt.gz"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			path = filepath.Join(dir, f)
		}
	}
	if path == "" {
		if dir == localGraphs {
			t.Fatalf("graph %s missing from %s: it ships with the repository", name, localGraphs)
		}
		t.Skipf("shared graph %s not found in %s (the project's data directory is not checked out beside the repo)", name, sharedGraphs)
	}
	g := readTestGraph(t, path)
	ref := &reference{cols: map[string][]float64{}}
	f, err := os.Open(filepath.Join(dir, "reference", name+".tsv"))
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
	if err := sc.Err(); err != nil {
		t.Fatalf("reference %s: %v", name, err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "reference", name+".json"))
	if err != nil {
		t.Fatalf("reference %s: %v", name, err)
	}
	if err := json.Unmarshal(b, &ref.info); err != nil {
		t.Fatalf("reference %s: %v", name, err)
	}
	return g, ref
}

// TestLocalGraphsMatchShared checks that the copies in testdata are the
// shared files byte for byte, when the shared folder is here to compare.
func TestLocalGraphsMatchShared(t *testing.T) {
	if _, err := os.Stat(sharedGraphs); err != nil {
		t.Skipf("shared graphs not here to compare with (%v)", err)
	}
	for name := range smallGraphs {
		for _, f := range []string{name + ".txt", "reference/" + name + ".tsv", "reference/" + name + ".json"} {
			local, err := os.ReadFile(filepath.Join(localGraphs, f))
			if err != nil {
				t.Fatal(err)
			}
			shared, err := os.ReadFile(filepath.Join(sharedGraphs, f))
			if err != nil {
				t.Fatal(err)
			}
			if string(local) != string(shared) {
				t.Errorf("%s differs from the shared copy", f)
			}
		}
	}
}
