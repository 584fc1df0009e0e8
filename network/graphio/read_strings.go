package graphio

import (
	"bufio"
	"bytes"
	"io"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/network"
)

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
func (t *tokenEdges) build(name string, directed, unweighted bool) (*network.Graph, error) {
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
		slices.Sort(ids)
		for _, x := range slices.Compact(ids) {
			addLabel(strconv.FormatInt(x, 10))
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
	return network.FromEdges(network.Edges{N: len(labels), Directed: directed, Src: src, Dst: dst, W: ws, Labels: labels, Index: index})
}

// readEdgeListStrings is the sequential pass for files with string ids.
func readEdgeListStrings(open func() (io.ReadCloser, error), name string, opt ReadOptions) (*network.Graph, error) {
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
		if !utf8.Valid(f[0]) || !utf8.Valid(f[1]) {
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
		if opt.MemoryLimit > 0 && len(t.src)%(1<<16) == 0 && 2*estimateBytes(int64(len(t.src)), t.weighted) > opt.MemoryLimit {
			return nil, ally.Errorf(ally.EINVALID, "%s: too big for memory: more than %s edges need more than %s, over the limit of %s",
				name, groupDigits(int64(len(t.src))), network.FormatBytes(2*estimateBytes(int64(len(t.src)), t.weighted)), network.FormatBytes(opt.MemoryLimit))
		}
		if err != nil {
			break
		}
	}
	return t.build(name, opt.Directed, opt.Unweighted)
}
