package network

// This file is the graph and every way to make one (Builder, FromEdges,
// WithNodes, Undirected, the CSR they share): one concern, kept together
// although it passes 600 lines, so that the invariants of the CSR are
// checked in one place.

import (
	"maps"
	"math"
	"slices"
	"strconv"
	"sync"

	"github.com/allyhq/ally"
)

// Graph is an immutable graph in compressed sparse row (CSR) form: the
// neighbours of node u are Adj[Off[u]:Off[u+1]], with the matching weights in
// W when the graph is weighted. Nodes are the integers 0..N()-1; each has a
// label (a person's id or name, or the id used in the file it came from) and
// optional string attributes (department, team, …).
//
// An undirected graph stores every edge in both rows. A directed graph stores
// out-neighbours in Off/Adj/W and in-neighbours in the In* arrays.
//
// Policy, applied by every constructor (Builder, FromEdges and so the
// readers of network/graphio): self-loops are dropped and counted in
// Stats().SelfLoops; duplicate edges (the same ordered pair in a directed
// graph, the same unordered pair in an undirected one) are merged into one,
// their weights summed, and counted in Stats().Duplicates. Weights must be
// finite and positive.
//
// Memory: 4 bytes per adjacency entry (int32 indices), 8 more when weighted,
// 8 bytes per node for the offsets; an undirected graph with m edges holds 2m
// entries, a directed one m out-entries and m in-entries.
type Graph struct {
	n        int
	m        int
	directed bool
	weighted bool

	off []int64
	adj []int32
	w   []float64

	inOff []int64
	inAdj []int32
	inW   []float64

	// labels is nil when node i is labelled strconv.Itoa(i).
	labels    []string
	indexOnce sync.Once
	index     map[string]int32

	attrNames []string
	attrs     map[string][]string

	stats Stats
}

// Stats records what the constructor did with the input: edges read, the
// self-loops dropped and the duplicate edges merged.
type Stats struct {
	EdgesRead  int // edge records read, before the policy was applied
	SelfLoops  int // self-loops dropped
	Duplicates int // duplicate edges merged into an earlier one
}

// N returns the number of nodes.
func (g *Graph) N() int { return g.n }

// M returns the number of edges (an undirected edge counts once).
func (g *Graph) M() int { return g.m }

// Directed reports whether the edges are ordered pairs.
func (g *Graph) Directed() bool { return g.directed }

// Weighted reports whether the edges carry weights (when false every weight
// is 1).
func (g *Graph) Weighted() bool { return g.weighted }

// Stats reports the self-loops and duplicates the constructor handled.
func (g *Graph) Stats() Stats { return g.stats }

// Neighbors returns the out-neighbours of u (all neighbours when undirected).
// The slice aliases the graph and must not be modified.
func (g *Graph) Neighbors(u int) []int32 { return g.adj[g.off[u]:g.off[u+1]] }

// Weights returns the weights matching Neighbors(u), or nil when the graph
// is unweighted.
func (g *Graph) Weights(u int) []float64 {
	if g.w == nil {
		return nil
	}
	return g.w[g.off[u]:g.off[u+1]]
}

// InNeighbors returns the in-neighbours of u (all neighbours when undirected).
func (g *Graph) InNeighbors(u int) []int32 {
	if !g.directed {
		return g.Neighbors(u)
	}
	return g.inAdj[g.inOff[u]:g.inOff[u+1]]
}

// InWeights returns the weights matching InNeighbors(u), or nil.
func (g *Graph) InWeights(u int) []float64 {
	if !g.directed {
		return g.Weights(u)
	}
	if g.inW == nil {
		return nil
	}
	return g.inW[g.inOff[u]:g.inOff[u+1]]
}

// CSR exposes the out-adjacency arrays (offsets, neighbours, weights or nil)
// for callers that iterate the whole graph; they alias the graph.
func (g *Graph) CSR() (off []int64, adj []int32, w []float64) { return g.off, g.adj, g.w }

// Label returns the label of node i.
func (g *Graph) Label(i int) string {
	if g.labels == nil {
		return strconv.Itoa(i)
	}
	return g.labels[i]
}

// Index returns the node whose label is label.
func (g *Graph) Index(label string) (int, bool) {
	if g.labels == nil {
		i, err := strconv.Atoi(label)
		if err != nil || i < 0 || i >= g.n || strconv.Itoa(i) != label {
			return 0, false
		}
		return i, true
	}
	g.indexOnce.Do(func() {
		if g.index != nil {
			return
		}
		g.index = make(map[string]int32, len(g.labels))
		for i, l := range g.labels {
			g.index[l] = int32(i)
		}
	})
	i, ok := g.index[label]
	return int(i), ok
}

// AttrNames returns the names of the node attributes, in the order they were
// first set.
func (g *Graph) AttrNames() []string { return append([]string(nil), g.attrNames...) }

// Attr returns node i's value of attribute name ("" when unset).
func (g *Graph) Attr(name string, i int) string {
	if a := g.attrs[name]; a != nil {
		return a[i]
	}
	return ""
}

// AttrValues returns the per-node values of attribute name, or nil when no
// node has it. The slice aliases the graph.
func (g *Graph) AttrValues(name string) []string { return g.attrs[name] }

// SetAttr sets attribute name for every node (values[i] for node i). It is
// how a labels file or the workspace attaches departments and names; it
// returns EINVALID when len(values) != N().
func (g *Graph) SetAttr(name string, values []string) error {
	if len(values) != g.n {
		return ally.Errorf(ally.EINVALID, "attribute %q: %d values for %d nodes", name, len(values), g.n)
	}
	if g.attrs == nil {
		g.attrs = map[string][]string{}
	}
	if _, ok := g.attrs[name]; !ok {
		g.attrNames = append(g.attrNames, name)
	}
	g.attrs[name] = values
	return nil
}

// Degree returns the number of neighbours of every node: out-degree plus
// in-degree for a directed graph (igraph's mode="all"). Cost O(n).
func Degree(g *Graph) []int {
	d := make([]int, g.n)
	for u := 0; u < g.n; u++ {
		d[u] = int(g.off[u+1] - g.off[u])
		if g.directed {
			d[u] += int(g.inOff[u+1] - g.inOff[u])
		}
	}
	return d
}

// Strength returns the sum of the weights of every node's edges (out plus in
// when directed); it equals Degree for an unweighted graph. Cost O(m).
func Strength(g *Graph) []float64 {
	s := make([]float64, g.n)
	for u := 0; u < g.n; u++ {
		s[u] = rowSum(g.Weights(u), len(g.Neighbors(u)))
		if g.directed {
			s[u] += rowSum(g.InWeights(u), len(g.InNeighbors(u)))
		}
	}
	return s
}

func rowSum(w []float64, n int) float64 {
	if w == nil {
		return float64(n)
	}
	t := 0.0
	for _, x := range w {
		t += x
	}
	return t
}

// Undirected returns g itself when it is undirected, otherwise the graph
// with every arc turned into an undirected edge (u→v and v→u become one
// edge whose weight is their sum). Labels and attributes are shared.
// Cost O(n + m).
func (g *Graph) Undirected() *Graph {
	if !g.directed {
		return g
	}
	src := make([]int32, 0, g.m)
	dst := make([]int32, 0, g.m)
	var ws []float64
	if g.weighted {
		ws = make([]float64, 0, g.m)
	}
	for u := 0; u < g.n; u++ {
		for k, v := range g.Neighbors(u) {
			src = append(src, int32(u))
			dst = append(dst, v)
			if ws != nil {
				ws = append(ws, g.w[g.off[u]+int64(k)])
			}
		}
	}
	h, err := buildCSR(g.n, false, src, dst, ws)
	if err != nil {
		panic("network: Undirected: " + err.Error()) // g's own edges are valid
	}
	h.labels, h.attrs, h.attrNames = g.labels, g.attrs, g.attrNames
	return h
}

// WithNodes returns g with more nodes and no more edges: g's nodes, then
// one isolated node per label, in order, the edges those of g (shared, not
// copied). Attributes carry over, the new nodes' values empty; the labels
// are those of g, then labels. It is how a node table adds the people who
// have no tie in a graph file (graphio.ReadLabels). g is not modified.
//
// When g's nodes are labelled by their numbers (no Labels given) and the
// new labels continue the numbering ("34", "35", … after 34 nodes), the
// new graph needs no labels either; otherwise it holds one label per node.
// Cost O(n + k) for k new labels: the offsets are copied, the adjacency is
// not.
//
// Errors: EINVALID for a label that already names a node of g or repeats
// in labels, or more than 2^31−1 nodes.
func (g *Graph) WithNodes(labels []string) (*Graph, error) {
	n, k := g.n, len(labels)
	if k > math.MaxInt32-n {
		return nil, ally.Errorf(ally.EINVALID, "%d nodes and %d more: the number of nodes must be in [0, %d]", n, k, math.MaxInt32)
	}
	fresh := make(map[string]bool, k)
	numbered := g.labels == nil
	for i, l := range labels {
		if _, ok := g.Index(l); ok || fresh[l] {
			return nil, ally.Errorf(ally.EINVALID, "node %q is already in the graph", l)
		}
		fresh[l] = true
		numbered = numbered && l == strconv.Itoa(n+i)
	}
	h := &Graph{n: n + k, m: g.m, directed: g.directed, weighted: g.weighted,
		off: extendOffsets(g.off, k), adj: g.adj, w: g.w, stats: g.stats}
	if g.directed {
		h.inOff, h.inAdj, h.inW = extendOffsets(g.inOff, k), g.inAdj, g.inW
	}
	if !numbered {
		h.labels = make([]string, 0, n+k)
		for i := 0; i < n; i++ {
			h.labels = append(h.labels, g.Label(i))
		}
		h.labels = append(h.labels, labels...)
	}
	for _, name := range g.attrNames {
		vals := make([]string, n+k)
		copy(vals, g.attrs[name])
		if err := h.SetAttr(name, vals); err != nil {
			return nil, err
		}
	}
	return h, nil
}

// extendOffsets returns CSR offsets with k empty rows appended.
func extendOffsets(off []int64, k int) []int64 {
	out := make([]int64, len(off)+k)
	copy(out, off)
	end := off[len(off)-1]
	for i := len(off); i < len(out); i++ {
		out[i] = end
	}
	return out
}

// Builder assembles a Graph from labelled nodes and weighted edges, for
// graphs that come from somewhere other than a file (the workspace, tests).
// The zero value is not usable; call NewBuilder.
type Builder struct {
	directed bool
	labels   []string
	index    map[string]int32
	attrs    map[string][]string
	names    []string
	src, dst []int32
	w        []float64
	weighted bool
	err      error
}

// NewBuilder returns an empty builder for a directed or undirected graph.
func NewBuilder(directed bool) *Builder {
	return &Builder{directed: directed, index: map[string]int32{}, attrs: map[string][]string{}}
}

// AddNode adds a node with a unique label and optional attributes and
// returns its index; adding a label again returns the existing node and
// merges the attributes (later values win).
func (b *Builder) AddNode(label string, attrs map[string]string) int {
	i, ok := b.index[label]
	if !ok {
		i = int32(len(b.labels))
		b.index[label] = i
		b.labels = append(b.labels, label)
		for _, name := range b.names {
			b.attrs[name] = append(b.attrs[name], "")
		}
	}
	// Attribute names are added in sorted order so that the column order
	// does not depend on Go's map iteration order.
	for _, k := range slices.Sorted(maps.Keys(attrs)) {
		col, ok := b.attrs[k]
		if !ok {
			col = make([]string, len(b.labels))
			b.names = append(b.names, k)
		}
		col[i] = attrs[k]
		b.attrs[k] = col
	}
	return int(i)
}

// AddEdge adds the edge u–v (u→v when directed) between nodes returned by
// AddNode, with weight w (use 1 for an unweighted graph; the graph is
// weighted as soon as one weight differs from 1). An invalid index or a
// weight that is not finite and positive makes Build fail with EINVALID.
func (b *Builder) AddEdge(u, v int, w float64) {
	if b.err != nil {
		return
	}
	if u < 0 || v < 0 || u >= len(b.labels) || v >= len(b.labels) {
		b.err = ally.Errorf(ally.EINVALID, "edge %d–%d: node index out of range (%d nodes)", u, v, len(b.labels))
		return
	}
	if !(w > 0) || math.IsInf(w, 0) {
		b.err = ally.Errorf(ally.EINVALID, "edge %s–%s: weight %v must be finite and positive", b.labels[u], b.labels[v], w)
		return
	}
	if w != 1 {
		b.weighted = true
	}
	b.src = append(b.src, int32(u))
	b.dst = append(b.dst, int32(v))
	b.w = append(b.w, w)
}

// Build returns the graph, applying the self-loop and duplicate policy of
// Graph. It returns EINVALID for the first bad edge added.
func (b *Builder) Build() (*Graph, error) {
	if b.err != nil {
		return nil, b.err
	}
	var w []float64
	if b.weighted {
		w = b.w
	}
	g, err := buildCSR(len(b.labels), b.directed, b.src, b.dst, w)
	if err != nil {
		return nil, err
	}
	g.labels = append([]string(nil), b.labels...)
	for _, name := range b.names {
		if err := g.SetAttr(name, b.attrs[name]); err != nil {
			return nil, err
		}
	}
	return g, nil
}

// Edges is a graph given as parallel edge arrays, the form a fast parser
// produces: edge k joins Src[k] and Dst[k] (Src[k]→Dst[k] when Directed)
// with weight W[k].
type Edges struct {
	N        int       // the number of nodes, numbered 0..N-1
	Directed bool      // the edges are ordered pairs
	Src, Dst []int32   // the endpoints, each in [0, N)
	W        []float64 // the weights, finite and positive; nil for an unweighted graph
	// Labels names the nodes, one label per node; nil labels node i with
	// strconv.Itoa(i) and costs no memory.
	Labels []string
	// Index maps every label to its node when the caller has that map
	// already (a reader of string ids does); nil lets Graph.Index build it
	// on first use.
	Index map[string]int32
}

// FromEdges builds a graph from edge arrays in O(N + len(Src)), applying
// the self-loop and duplicate policy of Graph. It is the constructor of the
// file readers (package network/graphio), which parse millions of edges
// straight into int32 arrays: a Builder would look up a label and append
// three values per edge, and hold a second copy of the arrays while
// building. The graph keeps Labels and Index, which must not be modified
// afterwards; Src, Dst and W are only read.
//
// Errors: EINVALID for arrays of different lengths, an endpoint outside
// [0, N), a weight that is not finite and positive, Labels or Index not of
// length N, or N outside [0, 2^31−1].
func FromEdges(e Edges) (*Graph, error) {
	n := e.N
	switch {
	case n < 0 || n > math.MaxInt32:
		return nil, ally.Errorf(ally.EINVALID, "%d nodes: the number of nodes must be in [0, %d]", n, math.MaxInt32)
	case len(e.Dst) != len(e.Src) || (e.W != nil && len(e.W) != len(e.Src)):
		return nil, ally.Errorf(ally.EINVALID, "edge arrays of different lengths: %d sources, %d targets, %d weights", len(e.Src), len(e.Dst), len(e.W))
	case e.Labels != nil && len(e.Labels) != n:
		return nil, ally.Errorf(ally.EINVALID, "%d labels for %d nodes", len(e.Labels), n)
	case e.Index != nil && len(e.Index) != n:
		return nil, ally.Errorf(ally.EINVALID, "an index of %d labels for %d nodes", len(e.Index), n)
	}
	g, err := buildCSR(n, e.Directed, e.Src, e.Dst, e.W)
	if err != nil {
		return nil, err
	}
	g.labels, g.index = e.Labels, e.Index
	return g, nil
}

// buildCSR builds a graph from edge arrays, dropping self-loops and merging
// duplicates (summing weights). w may be nil (unweighted). It returns
// EINVALID for an endpoint outside [0, n) or a weight that is not finite
// and positive, checked in the passes that build the rows so that the
// checks cost no pass over the edges of their own (one takes 1.5 ms on
// 2M edges, a read of them 100 ms).
func buildCSR(n int, directed bool, src, dst []int32, w []float64) (*Graph, error) {
	g := &Graph{n: n, directed: directed, weighted: w != nil}
	g.stats.EdgesRead = len(src)
	off := make([]int64, n+1)
	for i, u := range src {
		v := dst[i]
		if uint32(u) >= uint32(n) || uint32(v) >= uint32(n) {
			return nil, ally.Errorf(ally.EINVALID, "edge %d: %d–%d: node index out of range (%d nodes)", i, u, v, n)
		}
		if u == v {
			continue
		}
		off[u+1]++
		if !directed {
			off[v+1]++
		}
	}
	for u := 0; u < n; u++ {
		off[u+1] += off[u]
	}
	adj := make([]int32, off[n])
	var ws []float64
	if w != nil {
		ws = make([]float64, off[n])
	}
	pos := make([]int64, n)
	copy(pos, off[:n])
	loops := 0
	for i, u := range src {
		v := dst[i]
		var wi float64
		if ws != nil {
			wi = w[i]
			if !(wi > 0) || wi > math.MaxFloat64 {
				return nil, ally.Errorf(ally.EINVALID, "edge %d: weight %v must be finite and positive", i, wi)
			}
		}
		if u == v {
			loops++
			continue
		}
		p := pos[u]
		adj[p] = v
		if ws != nil {
			ws[p] = wi
		}
		pos[u]++
		if !directed {
			p = pos[v]
			adj[p] = u
			if ws != nil {
				ws[p] = wi
			}
			pos[v]++
		}
	}
	pos = nil
	g.stats.SelfLoops = loops
	dups := dedupRows(n, off, &adj, &ws)
	if !directed {
		dups /= 2
	}
	g.stats.Duplicates = dups
	g.off, g.adj, g.w = off, adj, ws
	if directed {
		g.m = len(adj)
		g.inOff, g.inAdj, g.inW = transpose(n, off, adj, ws)
	} else {
		g.m = len(adj) / 2
	}
	return g, nil
}

// dedupRows removes repeated neighbours within each row (keeping the first
// occurrence, summing weights) and compacts the arrays in place. It returns
// the number of entries removed. One pass with a per-node marker: O(n + nnz).
func dedupRows(n int, off []int64, adjp *[]int32, wp *[]float64) int {
	adj, w := *adjp, *wp
	mark := make([]int32, n)
	for i := range mark {
		mark[i] = -1
	}
	var where []int64
	if w != nil {
		where = make([]int64, n)
	}
	var write int64
	start := off[0]
	for u := 0; u < n; u++ {
		end := off[u+1]
		rowStart := write
		for k := start; k < end; k++ {
			v := adj[k]
			if mark[v] == int32(u) {
				if w != nil {
					w[where[v]] += w[k]
				}
				continue
			}
			mark[v] = int32(u)
			if w != nil {
				where[v] = write
				w[write] = w[k]
			}
			adj[write] = v
			write++
		}
		start = end
		off[u] = rowStart
	}
	removed := len(adj) - int(write)
	off[n] = write
	if removed > 0 {
		*adjp = adj[:write:write]
		if w != nil {
			*wp = w[:write:write]
		}
	}
	return removed
}

// transpose returns the in-adjacency of a directed CSR.
func transpose(n int, off []int64, adj []int32, w []float64) ([]int64, []int32, []float64) {
	in := make([]int64, n+1)
	for _, v := range adj {
		in[v+1]++
	}
	for u := 0; u < n; u++ {
		in[u+1] += in[u]
	}
	iadj := make([]int32, len(adj))
	var iw []float64
	if w != nil {
		iw = make([]float64, len(adj))
	}
	pos := make([]int64, n)
	copy(pos, in[:n])
	for u := 0; u < n; u++ {
		for k := off[u]; k < off[u+1]; k++ {
			v := adj[k]
			p := pos[v]
			iadj[p] = int32(u)
			if w != nil {
				iw[p] = w[k]
			}
			pos[v]++
		}
	}
	return in, iadj, iw
}
