package graphio

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"io"
	"os"
	"strconv"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/network"
)

// Bytes the edge-list reader holds per edge while building: two int64 ids
// while parsing, two int32 ids, two int32 adjacency entries, a merge marker;
// weights add 8 bytes while parsing, 8 as an array and 16 in the rows.
const (
	bytesPerEdge         = 40
	bytesPerWeightedEdge = 72
)

// estimateBytes estimates the peak memory needed to build a graph of m edges
// (weighted or not) from an edge list: about 40 bytes an edge, 72 with
// weights, plus the read buffers.
func estimateBytes(m int64, weighted bool) int64 {
	per := int64(bytesPerEdge)
	if weighted {
		per = bytesPerWeightedEdge
	}
	return m*per + 64<<20
}

// estimateSample is how much text checkEstimate reads: enough for the
// bytes per line and, in a .gz file, for the compression ratio (about 1 ms
// of decompression).
const estimateSample = 256 << 10

// maxDeflateRatio is the most text one byte of deflate data can stand for
// (a run of 258 bytes coded in 2 bits: 1032:1).
const maxDeflateRatio = 1032

// checkEstimate samples the start of the (decompressed) file to estimate the
// number of edges from the text size and refuses before parsing when the
// estimate is over the limit.
//
// The text size of a .gz file is the compressed size times the compression
// ratio of the sample. The gzip trailer's ISIZE (the text size modulo 2^32)
// only refines that when it agrees with it within a factor of 2: the last
// four bytes of a truncated or corrupt file are any number, and trusting
// them refused a small cut file as "about 345,378,557 edges". A file that
// cannot be sampled is left to the reader, which says what is wrong with it.
func checkEstimate(path, name string, size int64, gz bool, format string, opt ReadOptions) error {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	cr := &countingReader{r: bufio.NewReaderSize(f, 64<<10)}
	var r io.Reader = cr
	if gz {
		zr, err := gzip.NewReader(cr)
		if err != nil {
			return nil
		}
		r = zr
	}
	buf := make([]byte, estimateSample)
	k, err := fill(r, buf)
	buf = buf[:k]
	text := size
	switch {
	case err == io.EOF:
		text = int64(k) // the whole text is in the sample
	case err != nil:
		return nil
	case gz:
		text = int64(float64(size) * float64(k) / float64(max(cr.n, 1)))
		var b [4]byte
		if _, err := f.ReadAt(b[:], size-4); err == nil {
			text = refineISIZE(text, int64(binary.LittleEndian.Uint32(b[:])), size)
		}
	}
	lines := bytes.Count(buf, []byte{'\n'})
	if lines == 0 {
		lines = 1
	}
	weighted := false
	if format == "edgelist" && !opt.Unweighted {
		if i := bytes.IndexByte(buf, '\n'); i > 0 {
			weighted = len(bytes.Fields(buf[:i])) >= 3
		}
	}
	edges := int64(float64(text) / (float64(len(buf)+1) / float64(lines)))
	need := estimateBytes(edges, weighted)
	if format != "edgelist" {
		need *= 2 // string ids and generic parsing
	}
	if need > opt.MemoryLimit {
		return ally.Errorf(ally.EINVALID, "%s: too big for memory: about %s edges would need about %s, over the limit of %s",
			name, groupDigits(edges), network.FormatBytes(need), network.FormatBytes(opt.MemoryLimit))
	}
	return nil
}

// refineISIZE returns the text size that the gzip trailer's isize (the size
// modulo 2^32) says, taking the wrap nearest to est, when that is within a
// factor of 2 of est and possible for deflate; otherwise est.
func refineISIZE(est, isize, size int64) int64 {
	const wrap = 1 << 32
	t := isize
	if est > isize {
		t += (est - isize + wrap/2) / wrap * wrap
	}
	if t < est/2 || t > 2*est || t > maxDeflateRatio*size {
		return est
	}
	return t
}

// countingReader counts the bytes read through it. It is an io.ByteReader
// so that compress/gzip reads from it directly, without a buffer of its own
// that would read ahead and spoil the count.
type countingReader struct {
	r *bufio.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *countingReader) ReadByte() (byte, error) {
	b, err := c.r.ReadByte()
	if err == nil {
		c.n++
	}
	return b, err
}

func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}
