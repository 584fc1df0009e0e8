package graphio

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/allyhq/ally"
)

// cutOffsets returns where to cut a file of size bytes: the edges of the
// gzip header and trailer, and k random offsets in between.
func cutOffsets(size, k int, seed uint64) []int {
	cuts := []int{0, 1, 9, 10, 11, size - 9, size - 8, size - 5, size - 4, size - 1}
	rng := rand.New(rand.NewPCG(seed, 2))
	for i := 0; i < k; i++ {
		cuts = append(cuts, 1+rng.IntN(size-1))
	}
	return cuts
}

// wantTruncated checks that reading path failed with EINVALID naming the
// file, and not with the memory estimate.
func wantTruncated(t *testing.T, path string, opt ReadOptions, what string) {
	t.Helper()
	g, err := ReadFile(path, opt)
	if err == nil {
		t.Fatalf("%s: read a partial graph (%d nodes, %d edges read) with no error", what, g.N(), g.Stats().EdgesRead)
	}
	name := filepath.Base(path)
	if ally.ErrorCode(err) != ally.EINVALID || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), "gzip") {
		t.Fatalf("%s: got %s %q, want EINVALID naming %s and saying what is wrong with the gzip data", what, ally.ErrorCode(err), err, name)
	}
	if strings.Contains(err.Error(), "too big for memory") {
		t.Fatalf("%s: the size estimate trusted a broken file: %v", what, err)
	}
}

// TestReadTruncatedGzip cuts gzip files at many offsets: every cut must be
// refused, never read as if the file ended there.
func TestReadTruncatedGzip(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{
		"x.txt.gz":     gzipBytes(t, genEdgeList(200_000, 40_000, 2, false)),
		"w.txt.gz":     gzipBytes(t, genEdgeList(50_000, 10_000, 3, true)),
		"s.txt.gz":     gzipBytes(t, []byte(strings.Repeat("ann bob 2\nbob cy\n", 20_000))),
		"x.csv.gz":     gzipBytes(t, []byte("source,target,weight\n"+strings.Repeat("ann,bob,2\nbob,cy,1\n", 20_000))),
		"x.graphml.gz": gzipBytes(t, graphMLText(5_000)),
	}
	for name, gz := range files {
		cuts := cutOffsets(len(gz), 40, uint64(len(name)))
		for _, cut := range cuts {
			path := filepath.Join(dir, name)
			if err := os.WriteFile(path, gz[:cut], 0o600); err != nil {
				t.Fatal(err)
			}
			what := fmt.Sprintf("%s cut at %d of %d", name, cut, len(gz))
			wantTruncated(t, path, ReadOptions{}, what)
			wantTruncated(t, path, ReadOptions{MemoryLimit: 2 << 30}, what+" with a memory limit")
		}
	}
}

// TestReadTruncatedSharedGzip does the same with the shared ba_100k_m5
// graph, a real gzip file made by another tool.
func TestReadTruncatedSharedGzip(t *testing.T) {
	src := "../../../shared/data/graphs/ba_100k_m5.txt.gz"
	gz, err := os.ReadFile(src)
	if err != nil {
		t.Skipf("the shared graphs are not here (%v)", err)
	}
	if testing.Short() {
		t.Skip("-short")
	}
	path := filepath.Join(t.TempDir(), "ba_100k_m5.txt.gz")
	for _, cut := range cutOffsets(len(gz), 15, 7) {
		if err := os.WriteFile(path, gz[:cut], 0o600); err != nil {
			t.Fatal(err)
		}
		wantTruncated(t, path, ReadOptions{MemoryLimit: 2 << 30}, fmt.Sprintf("cut at %d of %d", cut, len(gz)))
	}
}

// TestReadCorruptGzip: a wrong checksum or length in the trailer, and
// garbage after the stream, are errors too.
func TestReadCorruptGzip(t *testing.T) {
	gz := gzipBytes(t, genEdgeList(1000, 100, 4, false))
	for _, tc := range []struct {
		what string
		edit func([]byte) []byte
		want string
	}{
		{"crc", func(b []byte) []byte { b[len(b)-8] ^= 1; return b }, "checksum"},
		{"isize", func(b []byte) []byte { b[len(b)-1] ^= 0x40; return b }, "checksum"},
		{"garbage after", func(b []byte) []byte { return append(b, "not gzip"...) }, "x.txt.gz"},
		{"data", func(b []byte) []byte { b[len(b)/2] ^= 0xff; return b }, "x.txt.gz"},
	} {
		path := writeTemp(t, "x.txt.gz", tc.edit(append([]byte(nil), gz...)))
		_, err := ReadFile(path, ReadOptions{})
		if ally.ErrorCode(err) != ally.EINVALID || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "x.txt.gz") {
			t.Errorf("%s: got %s %v, want EINVALID with %q", tc.what, ally.ErrorCode(err), err, tc.want)
		}
	}
	// The whole file still reads.
	if _, err := ReadFile(writeTemp(t, "x.txt.gz", gz), ReadOptions{MemoryLimit: 1 << 30}); err != nil {
		t.Fatal(err)
	}
}

// graphMLText is a GraphML document with n weighted edges on a ring.
func graphMLText(n int) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><graphml><key id="w" for="edge" attr.name="weight"/><graph edgedefault="undirected">` + "\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `<edge source="n%d" target="n%d"><data key="w">%d.5</data></edge>`+"\n", i, (i+1)%n, 1+i%7)
	}
	b.WriteString("</graph></graphml>\n")
	return []byte(b.String())
}

// TestEstimateGzip: the edge count estimated before reading a .gz file
// comes from the compression ratio of its start, and a trailer that says
// otherwise (a corrupt or truncated file) does not move it.
func TestEstimateGzip(t *testing.T) {
	gz := gzipBytes(t, genEdgeList(200_000, 40_000, 5, false))
	bad := append([]byte(nil), gz...)
	copy(bad[len(bad)-4:], []byte{0xff, 0xff, 0xff, 0xf0})
	for what, data := range map[string][]byte{"whole": gz, "wrong isize": bad} {
		_, err := ReadFile(writeTemp(t, "x.txt.gz", data), ReadOptions{MemoryLimit: 1})
		var edges int
		msg := ally.ErrorMessage(err)
		if i := strings.Index(msg, "about "); i >= 0 {
			fmt.Sscanf(strings.ReplaceAll(msg[i:], ",", ""), "about %d edges", &edges)
		}
		if edges < 180_000 || edges > 220_000 {
			t.Errorf("%s: %v; want an estimate of about 200,000 edges", what, err)
		}
	}
	for _, tc := range []struct{ est, isize, size, want int64 }{
		{1000, 1010, 300, 1010},                 // the trailer is exact
		{1000, 4_000_000_000, 300, 1000},        // a broken trailer is any number
		{5<<32 + 900, 1000, 2e9, 5<<32 + 1000},  // the text wrapped 2^32 five times
		{3_000_000, 2_000_000, 1000, 3_000_000}, // more than 1000 bytes of deflate can hold
	} {
		if got := refineISIZE(tc.est, tc.isize, tc.size); got != tc.want {
			t.Errorf("refineISIZE(%d, %d, %d) = %d, want %d", tc.est, tc.isize, tc.size, got, tc.want)
		}
	}
}
