package graphio

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/network"
)

// ReadEdgeList reads an edge list from r (see ReadFile); name is used in
// error messages.
func ReadEdgeList(r io.Reader, name string, opt ReadOptions) (*network.Graph, error) {
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
	min    int64 // the smallest id read
	max    int64 // the largest id read
}

// readEdgeList parses with all cores: one goroutine reads (and, for .gz,
// decompresses) blocks that end at a line boundary, the others parse blocks
// into integer id arrays, and the blocks are joined in file order so the
// result does not depend on scheduling. A string id anywhere switches to a
// second, sequential pass that maps ids through a hash table.
func readEdgeList(open func() (io.ReadCloser, error), name string, opt ReadOptions) (*network.Graph, error) {
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
				if opt.MemoryLimit > 0 && estimateBytes(total, pb.w != nil) > opt.MemoryLimit && !over {
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
			name, groupDigits(total), network.FormatBytes(estimateBytes(total, false)), network.FormatBytes(opt.MemoryLimit))
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
		// In the block, not in locals: two more live variables in this
		// loop spill registers and cost it 13% more instructions.
		pb.min = min(pb.min, ids[0], ids[1])
		pb.max = max(pb.max, ids[0], ids[1])
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
func buildFromBlocks(results []*parsedBlock, name string, opt ReadOptions) (*network.Graph, error) {
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
		slices.Sort(ids)
		uniq := slices.Compact(ids)
		if len(uniq) > math.MaxInt32 {
			return nil, ally.Errorf(ally.EINVALID, "%s: too many nodes (%d)", name, len(uniq))
		}
		n = len(uniq)
		labels = make([]string, n)
		for k, x := range uniq {
			labels[k] = strconv.FormatInt(x, 10)
		}
		find := func(x int64) int32 {
			k, _ := slices.BinarySearch(uniq, x)
			return int32(k)
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
	return network.FromEdges(network.Edges{N: n, Directed: opt.Directed, Src: src, Dst: dst, W: ws, Labels: labels})
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
