package graphio

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/allyhq/ally"
)

// FuzzReadFileGzip feeds any bytes to ReadFile as a .gz edge list, with a
// memory limit so that the size estimate runs too. Whatever compress/gzip
// itself refuses must be an EINVALID error naming the file; what it reads
// whole must give the graph (or the error) the plain reference gives for
// the text. The estimate may refuse only text that is really large.
func FuzzReadFileGzip(f *testing.F) {
	small := gzipBytes(f, []byte("0 1\n1 2 3\n2 0\n"))
	f.Add(small)
	f.Add(small[:len(small)-4])
	f.Add(small[:len(small)-8])
	f.Add(small[:12])
	f.Add(append(append([]byte(nil), small...), small...)) // two members
	f.Add(append(append([]byte(nil), small...), 0, 0, 0, 0))
	f.Add(gzipBytes(f, []byte("ann bob 2\nbob cy\n# c\n")))
	f.Add(gzipBytes(f, []byte(strings.Repeat("\n", 200_000))))
	f.Add(gzipBytes(f, genEdgeList(2000, 300, 9, true)))
	var named bytes.Buffer
	zw := gzip.NewWriter(&named)
	zw.Name, zw.Comment, zw.Extra = "e.txt", "a comment", []byte{1, 2, 3, 4}
	zw.Write([]byte("5 6\n"))
	zw.Close()
	f.Add(named.Bytes())
	f.Add([]byte{})
	f.Add([]byte{0x1f, 0x8b})
	path := filepath.Join(f.TempDir(), "x.txt.gz")
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		g, err := ReadFile(path, ReadOptions{MemoryLimit: 80 << 20})
		var text []byte
		zr, zerr := gzip.NewReader(bytes.NewReader(data))
		if zerr == nil {
			text, zerr = io.ReadAll(io.LimitReader(zr, 64<<20))
		}
		if zerr != nil {
			if err == nil {
				t.Fatalf("compress/gzip says %v; ReadFile read %d nodes", zerr, g.N())
			}
			if ally.ErrorCode(err) != ally.EINVALID || !strings.Contains(err.Error(), "x.txt.gz") {
				t.Fatalf("got %s %v, want EINVALID naming x.txt.gz", ally.ErrorCode(err), err)
			}
			return
		}
		if err != nil && strings.Contains(err.Error(), "too big for memory") {
			if len(text) < 100_000 {
				t.Fatalf("%d bytes of text refused: %v", len(text), err)
			}
			return
		}
		sameAsRef(t, text, g, err)
	})
}

// FuzzReadEdgeListBlocks reads the fuzzed text cut into blocks of 1 to 256
// bytes instead of 4 MiB, so that every input crosses block boundaries
// everywhere (inside numbers, weights, CRLF, comments, long lines), and
// compares the result with the plain reference parser. TestReadBlockBoundary
// does the same at the real size.
func FuzzReadEdgeListBlocks(f *testing.F) {
	for _, s := range []struct {
		text string
		bs   uint8
	}{
		{"0 1\n4 5\n5 6\n", 3}, {"41234 5\n1 2\n", 2}, {"4 5 2.75\n1 2 3\n", 6},
		{"4 5\r\n5 6\r\n", 4}, {"# a comment\n4 5\n", 5}, {"\n\n4 5", 0}, {"4 5\n5 ann\n", 1},
		{"4 5\n6\n", 0}, {"1 2\n4 5 x\n", 7}, {"1 0 3\n2 1\n", 2}, {"4 5 2.5\u00a0\n", 7},
		{"% c\n" + strings.Repeat("1 2 0.5\n", 40), 31},
	} {
		f.Add([]byte(s.text), s.bs)
	}
	defer func(old int) { blockSize = old }(blockSize)
	f.Fuzz(func(t *testing.T, text []byte, bs uint8) {
		blockSize = 1 + int(bs)
		g, err := ReadEdgeList(bytes.NewReader(text), "fuzz", ReadOptions{})
		sameAsRef(t, text, g, err)
	})
}
