package network

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/allyhq/ally"
)

// ReadOptions control how a graph file is read.
type ReadOptions struct {
	// Directed reads edge lists and CSV files as directed graphs. GraphML
	// files say for themselves (edgedefault) and ignore it.
	Directed bool
	// Unweighted ignores any weight column.
	Unweighted bool
	// MemoryLimit, when positive, is the number of bytes the graph may take
	// while it is built. The reader estimates the need from the file size
	// before parsing and refuses with EINVALID and the estimate when it is
	// over; it checks again as edges arrive.
	MemoryLimit int64
	// Format forces "edgelist", "csv" or "graphml"; empty guesses from the
	// file name (.csv, .graphml, else edge list; a .gz suffix is looked
	// through).
	Format string
}

// ReadFile reads a graph from a file: an edge list ("u v [w]" per line,
// whitespace separated, '#' and '%' comment lines), a CSV file with a header
// naming the source, target and optional weight columns, or GraphML; any of
// them gzip-compressed when the name ends in .gz.
//
// Node ids may be integers or strings. When every id is an integer the nodes
// are numbered in increasing order of id (so a file with ids 0..n-1 keeps
// them), equal integers are one node whatever their spelling (7, 007, +7)
// and the label is the integer's plain form; otherwise nodes are numbered in
// order of first appearance and labelled with the id as written. Self-loops and duplicates follow the
// policy in Graph.
//
// Errors: ENOTFOUND for a missing file; EINVALID naming the file and line for
// a malformed line, a weight that is not a number within [MinWeight,
// MaxWeight] (naming the field too), an empty graph, a truncated or corrupt
// .gz file, or a graph whose estimated size exceeds opt.MemoryLimit.
func ReadFile(path string, opt ReadOptions) (*Graph, error) {
	st, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, ally.Errorf(ally.ENOTFOUND, "%s: no such file", path)
		}
		return nil, ally.Errorf(ally.EINVALID, "%s: %v", path, err)
	}
	if st.IsDir() {
		return nil, ally.Errorf(ally.EINVALID, "%s: is a directory, not a graph file", path)
	}
	name := filepath.Base(path)
	gz := strings.HasSuffix(strings.ToLower(name), ".gz")
	format := opt.Format
	if format == "" {
		format = guessFormat(name)
	}
	open := func() (io.ReadCloser, error) {
		f, err := os.Open(path)
		if err != nil {
			return nil, ally.Errorf(ally.ENOTFOUND, "%s: %v", path, err)
		}
		if !gz {
			return f, nil
		}
		zr, err := gzip.NewReader(bufio.NewReaderSize(f, 1<<20))
		if err != nil {
			f.Close()
			return nil, gzipError(name, err)
		}
		return readCloser{gzipText{zr, name}, f}, nil
	}
	if opt.MemoryLimit > 0 {
		if err := checkEstimate(path, name, st.Size(), gz, format, opt); err != nil {
			return nil, err
		}
	}
	switch format {
	case "csv":
		r, err := open()
		if err != nil {
			return nil, err
		}
		defer r.Close()
		return ReadCSV(r, name, opt)
	case "graphml":
		r, err := open()
		if err != nil {
			return nil, err
		}
		defer r.Close()
		return ReadGraphML(r, name, opt)
	case "edgelist", "":
		return readEdgeList(open, name, opt)
	}
	return nil, ally.Errorf(ally.EINVALID, "%s: unknown format %q (edgelist, csv or graphml)", name, format)
}

type readCloser struct {
	io.Reader
	f *os.File
}

func (r readCloser) Close() error { return r.f.Close() }

// gzipText reads the text of a .gz file. compress/gzip reports a stream
// that stops early as io.ErrUnexpectedEOF, which io.ReadFull and
// bufio pass on looking like a short last read: left as it is, a truncated
// file reads as if it ended there. gzipText turns every error other than
// the clean end into an EINVALID error naming the file, which the readers
// return as it is.
type gzipText struct {
	zr   *gzip.Reader
	name string
}

func (r gzipText) Read(p []byte) (int, error) {
	n, err := r.zr.Read(p)
	if err != nil && err != io.EOF {
		err = gzipError(r.name, err)
	}
	return n, err
}

// gzipError says what is wrong with a broken .gz file.
func gzipError(name string, err error) error {
	var corrupt flate.CorruptInputError
	switch {
	case err == io.EOF:
		return ally.Errorf(ally.EINVALID, "%s: empty file, not gzip data", name)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return ally.Errorf(ally.EINVALID, "%s: the gzip stream ends early (truncated file?)", name)
	case errors.Is(err, gzip.ErrChecksum):
		return ally.Errorf(ally.EINVALID, "%s: the gzip checksum or length does not match the data (corrupt or truncated file?)", name)
	case errors.Is(err, gzip.ErrHeader):
		return ally.Errorf(ally.EINVALID, "%s: not gzip data, or something other than gzip data after the end of the stream", name)
	case errors.As(err, &corrupt):
		return ally.Errorf(ally.EINVALID, "%s: corrupt gzip data at byte %d of the compressed stream", name, int64(corrupt))
	}
	return ally.Errorf(ally.EINVALID, "%s: %v", name, err)
}

// readError is the EINVALID error for a failed read of name: an *ally.Error
// already says what went wrong (a broken .gz file) and is kept as it is.
func readError(name string, err error) error {
	var e *ally.Error
	if errors.As(err, &e) {
		return e
	}
	return ally.Errorf(ally.EINVALID, "%s: %v", name, err)
}

// fill reads into buf until it is full or the reader fails. Unlike
// io.ReadFull it returns io.EOF for a clean end however much was read, so
// that an io.ErrUnexpectedEOF from the reader itself (a truncated stream)
// stays an error.
func fill(r io.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		k, err := r.Read(buf[n:])
		n += k
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

func guessFormat(name string) string {
	n := strings.TrimSuffix(strings.ToLower(name), ".gz")
	switch {
	case strings.HasSuffix(n, ".csv"):
		return "csv"
	case strings.HasSuffix(n, ".graphml") || strings.HasSuffix(n, ".xml"):
		return "graphml"
	}
	return "edgelist"
}

// MinWeight and MaxWeight bound the edge weights the readers accept: a
// weight outside them, or not a number, is refused with EINVALID naming the
// file, the line and the field.
//
// Why these bounds: the metrics add weights up, and some multiply two such
// sums. A graph ally can hold has int32 node numbers and every edge in
// memory, so fewer than 2^40 adjacency entries; with weights at most 1e12
// any sum of weights (a strength, a community's total, the graph's 2m) stays
// under 2^40 × 1e12 ≈ 1.1e24 and a product of two sums (modularity's
// k_i·K_c) under 1.3e48, far from float64's largest 1.8e308 — a weight of
// 1e308 passed the old "finite" check, overflowed to +Inf and made
// modularity and PageRank NaN. Weights at least 1e-12 keep 1/w (the length
// of a tie strength on a path) at most 1e12 and the product of two weights,
// 1e-24, far above float64's smallest normal 2.2e-308 — a weight of 5e-324
// gave infinite closeness and NaN PageRank. Tie strengths (message counts,
// hours, scores) are many orders of magnitude inside.
const (
	MinWeight = 1e-12
	MaxWeight = 1e12
)

// weightProblem says what is wrong with weight w, or "" when it is within
// [MinWeight, MaxWeight].
func weightProblem(w float64) string {
	switch {
	case w >= MinWeight && w <= MaxWeight:
		return ""
	case !(w > 0) || math.IsInf(w, 0):
		return "must be finite and positive"
	case w > MaxWeight:
		return "is over " + shortFloat(MaxWeight) + ", the largest weight ally accepts"
	}
	return "is under " + shortFloat(MinWeight) + ", the smallest weight ally accepts"
}

// shortFloat writes 1e12 as people do, not as 1e+12.
func shortFloat(x float64) string {
	return strings.Replace(strconv.FormatFloat(x, 'g', -1, 64), "e+", "e", 1)
}

// parseWeight parses a weight as written in a CSV or GraphML file; a number
// too large for float64 reads as ±Inf, which weightProblem then refuses.
func parseWeight(s string) (float64, bool) {
	w, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, false
	}
	return w, true
}

// Bytes the edge-list reader holds per edge while building: two int64 ids
// while parsing, two int32 ids, two int32 adjacency entries, a merge marker;
// weights add 8 bytes while parsing, 8 as an array and 16 in the rows.
const (
	bytesPerEdge         = 40
	bytesPerWeightedEdge = 72
)

// EstimateBytes estimates the peak memory needed to build a graph of m edges
// (weighted or not) from an edge list: about 40 bytes an edge, 72 with
// weights, plus the read buffers.
func EstimateBytes(m int64, weighted bool) int64 {
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
	need := EstimateBytes(edges, weighted)
	if format != "edgelist" {
		need *= 2 // string ids and generic parsing
	}
	if need > opt.MemoryLimit {
		return ally.Errorf(ally.EINVALID, "%s: too big for memory: about %s edges would need about %s, over the limit of %s",
			name, groupDigits(edges), FormatBytes(need), FormatBytes(opt.MemoryLimit))
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

// FormatBytes writes a byte count for messages about memory: GiB with one
// decimal, whole MiB, or KiB.
func FormatBytes(b int64) string {
	switch {
	case b >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(b)/(1<<30))
	case b >= 1<<20:
		return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20))
	}
	return fmt.Sprintf("%d KiB", (b+1023)/1024)
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

// ReadEdgeList reads an edge list from r (see ReadFile); name is used in
// error messages.
func ReadEdgeList(r io.Reader, name string, opt ReadOptions) (*Graph, error) {
	// The integer fast path may discover a string id and restart, so the
	// input is buffered; files go through ReadFile, which reopens instead.
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, readError(name, err)
	}
	open := func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
	return readEdgeList(open, name, opt)
}

// blockSize is how much text each parser takes at a time. A variable only
// so that a fuzz target can cut an input into many tiny blocks.
var blockSize = 4 << 20

type rawBlock struct {
	idx  int
	data []byte
}

type parsedBlock struct {
	u, v   []int64
	w      []float64 // nil when no line of the block has a weight
	lines  int
	errLn  int // line within the block of the first error (1-based), 0 if none
	errMsg string
	nonInt bool
	min    int64
	max    int64
}

// readEdgeList parses with all cores: one goroutine reads (and, for .gz,
// decompresses) blocks that end at a line boundary, the others parse blocks
// into integer id arrays, and the blocks are joined in file order so the
// result does not depend on scheduling. A string id anywhere switches to a
// second, sequential pass that maps ids through a hash table.
func readEdgeList(open func() (io.ReadCloser, error), name string, opt ReadOptions) (*Graph, error) {
	r, err := open()
	if err != nil {
		return nil, err
	}
	blocks := make(chan rawBlock, 4)
	var readErr error
	stop := make(chan struct{})
	go func() {
		defer close(blocks)
		defer r.Close()
		var carry []byte
		for idx := 0; ; idx++ {
			buf := make([]byte, len(carry), blockSize+len(carry))
			copy(buf, carry)
			k, err := fill(r, buf[len(carry):cap(buf)])
			buf = buf[:len(carry)+k]
			eof := err == io.EOF
			if err != nil && !eof {
				readErr = err
				return
			}
			carry = nil
			if !eof {
				if i := bytes.LastIndexByte(buf, '\n'); i >= 0 {
					carry = buf[i+1:]
					buf = buf[:i+1]
				} else {
					// A line longer than a block: keep growing it.
					carry = buf
					idx--
					continue
				}
			}
			select {
			case blocks <- rawBlock{idx, buf}:
			case <-stop:
				return
			}
			if eof {
				return
			}
		}
	}()
	var (
		mu       sync.Mutex
		results  []*parsedBlock
		total    int64
		over     bool
		wg       sync.WaitGroup
		stopOnce sync.Once
	)
	workers := runtime.GOMAXPROCS(0)
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range blocks {
				pb := parseBlock(b.data, opt.Unweighted)
				mu.Lock()
				for len(results) <= b.idx {
					results = append(results, nil)
				}
				results[b.idx] = pb
				total += int64(len(pb.u))
				stopNow := pb.nonInt || pb.errLn > 0
				if opt.MemoryLimit > 0 && EstimateBytes(total, pb.w != nil) > opt.MemoryLimit && !over {
					over = true
					stopNow = true
				}
				mu.Unlock()
				if stopNow {
					stopOnce.Do(func() { close(stop) })
				}
			}
		}()
	}
	wg.Wait()
	if readErr != nil {
		return nil, readError(name, readErr)
	}
	// Report the first problem in file order; blocks after a stop may be
	// missing, but every block before the first problem is present.
	line := 0
	nonInt := false
	for _, pb := range results {
		if pb == nil {
			break
		}
		if pb.errLn > 0 {
			return nil, ally.Errorf(ally.EINVALID, "%s:%d: %s", name, line+pb.errLn, pb.errMsg)
		}
		if pb.nonInt {
			nonInt = true
			break
		}
		line += pb.lines
	}
	if over {
		return nil, ally.Errorf(ally.EINVALID, "%s: too big for memory: more than %s edges need more than %s, over the limit of %s",
			name, groupDigits(total), FormatBytes(EstimateBytes(total, false)), FormatBytes(opt.MemoryLimit))
	}
	if nonInt {
		results = nil
		return readEdgeListStrings(open, name, opt)
	}
	return buildFromBlocks(results, name, opt)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' }

// parseBlock parses whole lines of integer ids and optional weights.
func parseBlock(data []byte, unweighted bool) *parsedBlock {
	pb := &parsedBlock{min: math.MaxInt64, max: math.MinInt64}
	est := len(data) / 12
	pb.u = make([]int64, 0, est)
	pb.v = make([]int64, 0, est)
	i, n := 0, len(data)
	for i < n {
		pb.lines++
		// Find the end of the line first: errors and comments skip to it.
		end := i
		for end < n && data[end] != '\n' {
			end++
		}
		line := data[i:end]
		i = end + 1
		j := 0
		for j < len(line) && isSpace(line[j]) {
			j++
		}
		if j == len(line) || line[j] == '#' || line[j] == '%' {
			continue
		}
		var ids [2]int64
		for f := 0; f < 2; f++ {
			if j >= len(line) {
				pb.errLn, pb.errMsg = pb.lines, fmt.Sprintf("expected two node ids, found %d field", f)
				if f != 1 {
					pb.errMsg += "s"
				}
				return pb
			}
			start := j
			neg := false
			if line[j] == '-' || line[j] == '+' {
				neg = line[j] == '-'
				j++
			}
			var x uint64
			digits := 0
			for j < len(line) && line[j] >= '0' && line[j] <= '9' {
				if x > (math.MaxInt64-9)/10 {
					pb.nonInt = true // too long for an integer: treat as a string id
					return pb
				}
				x = x*10 + uint64(line[j]-'0')
				j++
				digits++
			}
			if digits == 0 || (j < len(line) && !isSpace(line[j])) {
				_ = start
				pb.nonInt = true
				return pb
			}
			ids[f] = int64(x)
			if neg {
				ids[f] = -ids[f]
			}
			for j < len(line) && isSpace(line[j]) {
				j++
			}
		}
		w := 1.0
		if j < len(line) && !unweighted {
			k := j
			for k < len(line) && !isSpace(line[k]) {
				k++
			}
			var ok bool
			w, ok = parseFloat(line[j:k])
			if !ok && !isASCII(line[j:k]) {
				// Perhaps a Unicode space (a no-break space) ends the
				// weight: the string pass splits fields at those.
				pb.nonInt = true
				return pb
			}
			if !ok {
				pb.errLn, pb.errMsg = pb.lines, fmt.Sprintf("weight %q is not a number (field 3)", line[j:k])
				return pb
			}
			if !(w >= MinWeight && w <= MaxWeight) {
				pb.errLn, pb.errMsg = pb.lines, fmt.Sprintf("weight %q %s (field 3)", line[j:k], weightProblem(w))
				return pb
			}
		}
		if w != 1 && pb.w == nil {
			pb.w = make([]float64, len(pb.u), cap(pb.u))
			for t := range pb.w {
				pb.w[t] = 1
			}
		}
		pb.u = append(pb.u, ids[0])
		pb.v = append(pb.v, ids[1])
		if pb.w != nil {
			pb.w = append(pb.w, w)
		}
		for _, x := range ids {
			if x < pb.min {
				pb.min = x
			}
			if x > pb.max {
				pb.max = x
			}
		}
	}
	return pb
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// parseFloat parses a decimal number; plain "123" and "1.25" take a fast
// path that is exact (mantissa below 2^53 divided by a power of ten that is
// exact in float64), anything else goes to strconv.
func parseFloat(b []byte) (float64, bool) {
	var m uint64
	frac := -1
	digits := 0
	for i, c := range b {
		switch {
		case c >= '0' && c <= '9':
			if m >= 1<<49 {
				goto slow
			}
			m = m*10 + uint64(c-'0')
			digits++
		case c == '.' && frac < 0:
			frac = len(b) - i - 1
		default:
			goto slow
		}
	}
	if digits == 0 {
		goto slow
	}
	if frac <= 0 {
		return float64(m), true
	}
	if frac <= 22 {
		return float64(m) / pow10[frac], true
	}
slow:
	return parseWeight(string(b))
}

var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// buildFromBlocks maps integer ids to node indices and builds the CSR.
func buildFromBlocks(results []*parsedBlock, name string, opt ReadOptions) (*Graph, error) {
	var m int
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	weighted := false
	for _, pb := range results {
		m += len(pb.u)
		if len(pb.u) > 0 {
			lo = min(lo, pb.min)
			hi = max(hi, pb.max)
		}
		if pb.w != nil {
			weighted = true
		}
	}
	if m == 0 {
		return nil, ally.Errorf(ally.EINVALID, "%s: empty graph: no edges", name)
	}
	src := make([]int32, 0, m)
	dst := make([]int32, 0, m)
	var ws []float64
	if weighted {
		ws = make([]float64, 0, m)
	}
	var labels []string
	var n int
	if lo >= 0 && hi < math.MaxInt32 && hi < 4*int64(m)+1<<20 {
		// Dense ids: a presence bitmap decides between the identity and a
		// rank table.
		present := make([]bool, hi+1)
		for _, pb := range results {
			for k := range pb.u {
				present[pb.u[k]] = true
				present[pb.v[k]] = true
			}
		}
		rank := make([]int32, hi+1)
		cnt := int32(0)
		for id, p := range present {
			rank[id] = cnt
			if p {
				cnt++
			}
		}
		n = int(cnt)
		identity := int64(cnt) == hi+1
		if !identity {
			labels = make([]string, 0, n)
			for id, p := range present {
				if p {
					labels = append(labels, strconv.Itoa(id))
				}
			}
		}
		for bi, pb := range results {
			for k := range pb.u {
				if identity {
					src = append(src, int32(pb.u[k]))
					dst = append(dst, int32(pb.v[k]))
				} else {
					src = append(src, rank[pb.u[k]])
					dst = append(dst, rank[pb.v[k]])
				}
			}
			if weighted {
				ws = appendWeights(ws, pb)
			}
			results[bi] = nil // let the block go
		}
	} else {
		ids := make([]int64, 0, 2*m)
		for _, pb := range results {
			ids = append(ids, pb.u...)
			ids = append(ids, pb.v...)
		}
		sort.Slice(ids, func(a, b int) bool { return ids[a] < ids[b] })
		uniq := ids[:0]
		for k, x := range ids {
			if k == 0 || x != ids[k-1] {
				uniq = append(uniq, x)
			}
		}
		if len(uniq) > math.MaxInt32 {
			return nil, ally.Errorf(ally.EINVALID, "%s: too many nodes (%d)", name, len(uniq))
		}
		n = len(uniq)
		labels = make([]string, n)
		for k, x := range uniq {
			labels[k] = strconv.FormatInt(x, 10)
		}
		find := func(x int64) int32 {
			return int32(sort.Search(len(uniq), func(k int) bool { return uniq[k] >= x }))
		}
		for _, pb := range results {
			for k := range pb.u {
				src = append(src, find(pb.u[k]))
				dst = append(dst, find(pb.v[k]))
			}
			if weighted {
				ws = appendWeights(ws, pb)
			}
		}
	}
	g := buildCSR(n, opt.Directed, src, dst, ws)
	g.labels = labels
	return g, nil
}

func appendWeights(ws []float64, pb *parsedBlock) []float64 {
	if pb.w != nil {
		return append(ws, pb.w...)
	}
	for range pb.u {
		ws = append(ws, 1)
	}
	return ws
}

// tokenEdges collects edges with string endpoints for the slower readers
// (string ids, CSV, GraphML) and maps them to node indices.
type tokenEdges struct {
	src, dst []string
	w        []float64
	weighted bool
	// nodes declared before any edge (GraphML), in order.
	declared []string
}

func (t *tokenEdges) add(u, v string, w float64) {
	t.src = append(t.src, u)
	t.dst = append(t.dst, v)
	t.w = append(t.w, w)
	if w != 1 {
		t.weighted = true
	}
}

// build numbers the nodes (by integer value when every id is an integer,
// else by first appearance) and builds the graph.
func (t *tokenEdges) build(name string, directed, unweighted bool) (*Graph, error) {
	if len(t.src) == 0 && len(t.declared) == 0 {
		return nil, ally.Errorf(ally.EINVALID, "%s: empty graph: no edges", name)
	}
	allInt := len(t.declared) == 0
	if allInt {
		for _, list := range [][]string{t.src, t.dst} {
			for _, s := range list {
				if _, err := strconv.ParseInt(s, 10, 64); err != nil {
					allInt = false
					break
				}
			}
		}
	}
	index := map[string]int32{}
	var labels []string
	addLabel := func(s string) {
		if _, ok := index[s]; !ok {
			index[s] = int32(len(labels))
			labels = append(labels, s)
		}
	}
	// tok maps each id as written to its node: index itself, except that
	// integers written differently ("7", "007", "+7") are one node labelled
	// 7, as the integer fast path of the edge-list reader numbers them, so
	// that a file reads the same whichever pass reads it.
	tok := index
	if allInt {
		value := map[string]int64{}
		var ids []int64
		for _, list := range [][]string{t.src, t.dst} {
			for _, s := range list {
				if _, ok := value[s]; !ok {
					x, _ := strconv.ParseInt(s, 10, 64)
					value[s] = x
					ids = append(ids, x)
				}
			}
		}
		sort.Slice(ids, func(a, b int) bool { return ids[a] < ids[b] })
		for k, x := range ids {
			if k == 0 || x != ids[k-1] {
				addLabel(strconv.FormatInt(x, 10))
			}
		}
		tok = make(map[string]int32, len(value))
		for s, x := range value {
			tok[s] = index[strconv.FormatInt(x, 10)]
		}
	} else {
		for _, s := range t.declared {
			addLabel(s)
		}
		for k := range t.src {
			addLabel(t.src[k])
			addLabel(t.dst[k])
		}
	}
	if len(labels) > math.MaxInt32 {
		return nil, ally.Errorf(ally.EINVALID, "%s: too many nodes (%d)", name, len(labels))
	}
	src := make([]int32, len(t.src))
	dst := make([]int32, len(t.dst))
	for k := range t.src {
		src[k] = tok[t.src[k]]
		dst[k] = tok[t.dst[k]]
	}
	var ws []float64
	if t.weighted && !unweighted {
		ws = t.w
	}
	g := buildCSR(len(labels), directed, src, dst, ws)
	g.labels = labels
	g.index = index
	g.indexOnce.Do(func() {})
	return g, nil
}

// readEdgeListStrings is the sequential pass for files with string ids.
func readEdgeListStrings(open func() (io.ReadCloser, error), name string, opt ReadOptions) (*Graph, error) {
	r, err := open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	br := bufio.NewReaderSize(r, 1<<20)
	var t tokenEdges
	intern := map[string]string{}
	str := func(b []byte) string {
		if s, ok := intern[string(b)]; ok {
			return s
		}
		s := string(b)
		intern[s] = s
		return s
	}
	for ln := 1; ; ln++ {
		line, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			// An extremely long line: collect it whole.
			full := append([]byte(nil), line...)
			for err == bufio.ErrBufferFull {
				line, err = br.ReadSlice('\n')
				full = append(full, line...)
			}
			line = full
		}
		// A failed read is an error even with part of a line in hand: the
		// rest of the file is missing.
		if err != nil && err != io.EOF {
			return nil, readError(name, err)
		}
		if len(line) == 0 && err != nil {
			break
		}
		f := bytes.Fields(line)
		if len(f) == 0 || f[0][0] == '#' || f[0][0] == '%' {
			if err != nil {
				break
			}
			continue
		}
		if len(f) < 2 {
			return nil, ally.Errorf(ally.EINVALID, "%s:%d: expected two node ids, found 1 field", name, ln)
		}
		if !utf8Valid(f[0]) || !utf8Valid(f[1]) {
			return nil, ally.Errorf(ally.EINVALID, "%s:%d: node id is not valid UTF-8", name, ln)
		}
		w := 1.0
		if len(f) >= 3 && !opt.Unweighted {
			var ok bool
			w, ok = parseFloat(f[2])
			if !ok {
				return nil, ally.Errorf(ally.EINVALID, "%s:%d: weight %q is not a number (field 3)", name, ln, f[2])
			}
			if p := weightProblem(w); p != "" {
				return nil, ally.Errorf(ally.EINVALID, "%s:%d: weight %q %s (field 3)", name, ln, f[2], p)
			}
		}
		t.add(str(f[0]), str(f[1]), w)
		if opt.MemoryLimit > 0 && len(t.src)%(1<<16) == 0 && 2*EstimateBytes(int64(len(t.src)), t.weighted) > opt.MemoryLimit {
			return nil, ally.Errorf(ally.EINVALID, "%s: too big for memory: more than %s edges need more than %s, over the limit of %s",
				name, groupDigits(int64(len(t.src))), FormatBytes(2*EstimateBytes(int64(len(t.src)), t.weighted)), FormatBytes(opt.MemoryLimit))
		}
		if err != nil {
			break
		}
	}
	return t.build(name, opt.Directed, opt.Unweighted)
}

func utf8Valid(b []byte) bool { return utf8.Valid(b) }
