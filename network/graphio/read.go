package graphio

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"errors"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/network"
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
// order of first appearance and labelled with the id as written. Self-loops
// and duplicates follow the policy of network.Graph.
//
// Errors: ENOTFOUND for a missing file; EINVALID naming the file and line for
// a malformed line, a weight that is not a number within [MinWeight,
// MaxWeight] (naming the field too), an empty graph, a truncated or corrupt
// .gz file, or a graph whose estimated size exceeds opt.MemoryLimit.
func ReadFile(path string, opt ReadOptions) (*network.Graph, error) {
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
