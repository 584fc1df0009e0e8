package graphio

import (
	"bytes"
	"compress/gzip"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// genEdgeList returns m random edges among n nodes as "u v\n" lines (with a
// weight column when weighted), the same for a given seed.
func genEdgeList(m, n int, seed uint64, weighted bool) []byte {
	rng := rand.New(rand.NewPCG(seed, 1))
	var b []byte
	for i := 0; i < m; i++ {
		b = strconv.AppendInt(b, int64(rng.IntN(n)), 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(rng.IntN(n)), 10)
		if weighted {
			b = append(b, ' ')
			b = strconv.AppendFloat(b, float64(1+rng.IntN(1000))/8, 'g', -1, 64)
		}
		b = append(b, '\n')
	}
	return b
}

func gzipBytes(tb testing.TB, data []byte) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func writeTemp(tb testing.TB, name string, data []byte) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

// benchRead reads path b.N times with a memory limit, as ally analyze does,
// so that the size estimate is part of the figure.
func benchRead(b *testing.B, path string, m int) {
	st, err := os.Stat(path)
	if err != nil {
		b.Skipf("%s: %v", path, err)
	}
	b.SetBytes(st.Size())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		g, err := ReadFile(path, ReadOptions{MemoryLimit: 16 << 30})
		if err != nil {
			b.Fatal(err)
		}
		if m > 0 && g.Stats().EdgesRead != m {
			b.Fatalf("%d edges read, want %d", g.Stats().EdgesRead, m)
		}
	}
}

// The read benchmarks: 2M generated edges as text and gzip, and the shared
// ba_100k_m5 graph (500k edges) when ../shared is there.
func BenchmarkReadText2M(b *testing.B) {
	benchRead(b, writeTemp(b, "e.txt", genEdgeList(2_000_000, 400_000, 1, false)), 2_000_000)
}

func BenchmarkReadTextWeighted2M(b *testing.B) {
	benchRead(b, writeTemp(b, "e.txt", genEdgeList(2_000_000, 400_000, 1, true)), 2_000_000)
}

func BenchmarkReadGzip2M(b *testing.B) {
	benchRead(b, writeTemp(b, "e.txt.gz", gzipBytes(b, genEdgeList(2_000_000, 400_000, 1, false))), 2_000_000)
}

func BenchmarkReadSharedBA100k(b *testing.B) {
	benchRead(b, "../../../shared/data/graphs/ba_100k_m5.txt.gz", 0)
}
