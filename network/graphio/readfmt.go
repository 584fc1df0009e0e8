package graphio

import (
	"encoding/csv"
	"encoding/xml"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/network"
)

var (
	sourceNames = []string{"source", "src", "from", "u", "node1", "source_id", "from_id", "person1", "a"}
	targetNames = []string{"target", "dst", "to", "v", "node2", "target_id", "to_id", "person2", "b"}
	weightNames = []string{"weight", "w", "strength", "value", "count"}
)

func findColumn(header []string, names []string) int {
	for _, want := range names {
		for i, h := range header {
			if strings.EqualFold(strings.TrimSpace(h), want) {
				return i
			}
		}
	}
	return -1
}

// ReadCSV reads an edge list in CSV form. The first row is a header; the
// source and target columns are found by name (source/target, from/to, src/
// dst, u/v, node1/node2, …), falling back to the first two columns, and an
// optional weight column by name (weight, w, strength, value, count). Other
// columns are ignored. Ids and policy as in ReadFile.
func ReadCSV(r io.Reader, name string, opt ReadOptions) (*network.Graph, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, ally.Errorf(ally.EINVALID, "%s: empty file: expected a header row", name)
	}
	if err != nil {
		return nil, csvErr(name, err)
	}
	header = append([]string(nil), header...)
	if len(header) < 2 {
		return nil, ally.Errorf(ally.EINVALID, "%s:1: the header needs at least two columns (source, target), found %d", name, len(header))
	}
	si, ti := findColumn(header, sourceNames), findColumn(header, targetNames)
	if si < 0 || ti < 0 || si == ti {
		si, ti = 0, 1
	}
	wi := -1
	if !opt.Unweighted {
		wi = findColumn(header, weightNames)
	}
	var t tokenEdges
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvErr(name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) <= si || len(rec) <= ti || (wi >= 0 && len(rec) <= wi) {
			return nil, ally.Errorf(ally.EINVALID, "%s:%d: %d fields, the header has %d", name, line, len(rec), len(header))
		}
		u, v := strings.TrimSpace(rec[si]), strings.TrimSpace(rec[ti])
		if u == "" || v == "" {
			return nil, ally.Errorf(ally.EINVALID, "%s:%d: empty node id", name, line)
		}
		if !utf8.ValidString(u) || !utf8.ValidString(v) {
			return nil, ally.Errorf(ally.EINVALID, "%s:%d: node id is not valid UTF-8", name, line)
		}
		w := 1.0
		if wi >= 0 {
			ws := strings.TrimSpace(rec[wi])
			var ok bool
			if w, ok = parseWeight(ws); !ok {
				return nil, ally.Errorf(ally.EINVALID, "%s:%d: weight %q is not a number (column %q)", name, line, ws, header[wi])
			}
			if p := weightProblem(w); p != "" {
				return nil, ally.Errorf(ally.EINVALID, "%s:%d: weight %q %s (column %q)", name, line, ws, p, header[wi])
			}
		}
		t.add(strings.Clone(u), strings.Clone(v), w)
	}
	return t.build(name, opt.Directed, opt.Unweighted)
}

func csvErr(name string, err error) error {
	var e *ally.Error
	if errors.As(err, &e) {
		return e // a broken .gz file, already named
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return ally.Errorf(ally.EINVALID, "%s:%d: %v", name, pe.Line, pe.Err)
	}
	return ally.Errorf(ally.EINVALID, "%s: %v", name, err)
}

// ReadGraphML reads a GraphML document: nodes (in document order), edges
// with an optional weight (the edge key whose attr.name is "weight"), node
// data as attributes (by attr.name), and edgedefault for the direction.
// Edges to undeclared nodes create them. Policy as in ReadFile.
func ReadGraphML(r io.Reader, name string, opt ReadOptions) (*network.Graph, error) {
	dec := xml.NewDecoder(r)
	type key struct{ name, dom string }
	keys := map[string]key{}
	var t tokenEdges
	directed := false
	nodeAttrs := map[string]map[string]string{} // node id -> attr -> value
	var attrOrder []string
	seenAttr := map[string]bool{}
	var curNode string
	inEdge := false
	var eu, ev string
	ew := 1.0
	var dataKey string
	var text strings.Builder
	inData := false
	graphs := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			var e *ally.Error
			if errors.As(err, &e) {
				return nil, e // a broken .gz file, already named
			}
			line, _ := dec.InputPos()
			return nil, ally.Errorf(ally.EINVALID, "%s:%d: %v", name, line, err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			at := func(n string) string {
				for _, a := range e.Attr {
					if a.Name.Local == n {
						return a.Value
					}
				}
				return ""
			}
			switch e.Name.Local {
			case "key":
				keys[at("id")] = key{at("attr.name"), at("for")}
			case "graph":
				graphs++
				if graphs == 1 {
					directed = at("edgedefault") == "directed"
				}
			case "node":
				curNode = at("id")
				if curNode == "" {
					line, _ := dec.InputPos()
					return nil, ally.Errorf(ally.EINVALID, "%s:%d: node without an id", name, line)
				}
				if _, ok := nodeAttrs[curNode]; !ok {
					nodeAttrs[curNode] = nil
					t.declared = append(t.declared, curNode)
				}
			case "edge":
				eu, ev = at("source"), at("target")
				if eu == "" || ev == "" {
					line, _ := dec.InputPos()
					return nil, ally.Errorf(ally.EINVALID, "%s:%d: edge without source or target", name, line)
				}
				inEdge, ew = true, 1
				if d := at("directed"); d == "true" {
					directed = true
				}
			case "data":
				dataKey, inData = at("key"), true
				text.Reset()
			}
		case xml.CharData:
			if inData {
				text.Write(e)
			}
		case xml.EndElement:
			switch e.Name.Local {
			case "data":
				inData = false
				k, ok := keys[dataKey]
				kname := k.name
				if !ok || kname == "" {
					kname = dataKey
				}
				val := strings.TrimSpace(text.String())
				if inEdge {
					if strings.EqualFold(kname, "weight") && !opt.Unweighted {
						w, ok := parseWeight(val)
						line, _ := dec.InputPos()
						if !ok {
							return nil, ally.Errorf(ally.EINVALID, "%s:%d: weight %q is not a number (edge %s–%s, data key %q)", name, line, val, eu, ev, dataKey)
						}
						if p := weightProblem(w); p != "" {
							return nil, ally.Errorf(ally.EINVALID, "%s:%d: weight %q %s (edge %s–%s, data key %q)", name, line, val, p, eu, ev, dataKey)
						}
						ew = w
					}
				} else if curNode != "" {
					m := nodeAttrs[curNode]
					if m == nil {
						m = map[string]string{}
						nodeAttrs[curNode] = m
					}
					m[kname] = val
					if !seenAttr[kname] {
						seenAttr[kname] = true
						attrOrder = append(attrOrder, kname)
					}
				}
			case "node":
				curNode = ""
			case "edge":
				if inEdge {
					t.add(eu, ev, ew)
				}
				inEdge = false
			}
		}
	}
	if graphs == 0 {
		return nil, ally.Errorf(ally.EINVALID, "%s: no <graph> element: not GraphML", name)
	}
	g, err := t.build(name, directed, opt.Unweighted)
	if err != nil {
		return nil, err
	}
	for _, a := range attrOrder {
		vals := make([]string, g.N())
		for i := 0; i < g.N(); i++ {
			vals[i] = nodeAttrs[g.Label(i)][a]
		}
		if err := g.SetAttr(a, vals); err != nil {
			return nil, err
		}
	}
	return g, nil
}

// ReadLabelsFile reads a labels file (see ReadLabels). ENOTFOUND when the
// file does not exist.
func ReadLabelsFile(g *network.Graph, path string) (*network.Graph, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, ally.Errorf(ally.ENOTFOUND, "%s: no such file", path)
		}
		return nil, ally.Errorf(ally.EINVALID, "%s: %v", path, err)
	}
	defer f.Close()
	return ReadLabels(g, f, filepath.Base(path))
}

// ReadLabels reads a node table and returns g with its rows: a header row,
// then one row per node; the first column is the node id as in the graph
// file, the others become attributes named by the header (name,
// department, …). Columns are separated by tabs when the header has a
// tab, else by commas.
//
// The table is the list of people: a row whose id has no edge in the graph
// is a node too, with no tie, appended after g's nodes in the table's
// order (network.Graph.WithNodes), so that the person without ties is in
// the analysis; nodes without a row get empty values. When every node of
// g has an integer label, an id that is an integer is read as that integer
// ("007" is node 7), as the graph readers number integer ids. The graph
// returned is g, its attributes set, when every row names a node of g,
// else a new graph sharing g's edges (g is then left as it was).
//
// Errors: EINVALID naming the line for a row with the wrong number of
// fields, an empty id or a repeated one, and for a table none of whose
// rows names a node of g (its first column is not the graph's node ids:
// read as it is, every row would be a person without ties).
func ReadLabels(g *network.Graph, r io.Reader, name string) (*network.Graph, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, ally.Errorf(ally.EINVALID, "%s: %v", name, err)
	}
	first := string(data)
	if i := strings.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	cr := csv.NewReader(strings.NewReader(string(data)))
	if strings.Contains(first, "\t") {
		cr.Comma = '\t'
		cr.LazyQuotes = true
	}
	header, err := cr.Read()
	if err == io.EOF {
		return nil, ally.Errorf(ally.EINVALID, "%s: empty file: expected a header row", name)
	}
	if err != nil {
		return nil, csvErr(name, err)
	}
	if len(header) < 2 {
		return nil, ally.Errorf(ally.EINVALID, "%s:1: the header needs an id column and at least one attribute", name)
	}
	for i, h := range header {
		header[i] = strings.TrimSpace(h)
		if header[i] == "" {
			return nil, ally.Errorf(ally.EINVALID, "%s:1: column %d has no name", name, i+1)
		}
		if !utf8.ValidString(header[i]) {
			return nil, ally.Errorf(ally.EINVALID, "%s:1: column %d name is not valid UTF-8", name, i+1)
		}
	}
	n := g.N()
	cols := make([][]string, len(header)-1)
	for i := range cols {
		cols[i] = make([]string, n)
	}
	seen := make([]bool, n)
	ids := nodeIDs{g: g}
	var extra []string           // the rows' ids with no node in g, in order
	extraRow := map[string]int{} // their line numbers
	matched, firstExtra := 0, 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvErr(name, err)
		}
		line, _ := cr.FieldPos(0)
		id := strings.TrimSpace(rec[0])
		if id == "" {
			return nil, ally.Errorf(ally.EINVALID, "%s:%d: empty node id", name, line)
		}
		if !utf8.ValidString(id) {
			return nil, ally.Errorf(ally.EINVALID, "%s:%d: node id is not valid UTF-8", name, line)
		}
		node, id, ok := ids.find(id)
		if !ok {
			if prev, dup := extraRow[id]; dup {
				return nil, ally.Errorf(ally.EINVALID, "%s:%d: node %q has a second row (the first is line %d)", name, line, id, prev)
			}
			if len(extra) == 0 {
				firstExtra = line
			}
			extraRow[id] = line
			extra = append(extra, id)
			for i := range cols {
				cols[i] = append(cols[i], rec[i+1])
			}
			continue
		}
		if seen[node] {
			return nil, ally.Errorf(ally.EINVALID, "%s:%d: node %q has a second row", name, line, id)
		}
		seen[node] = true
		matched++
		for i := range cols {
			cols[i][node] = rec[i+1]
		}
	}
	if matched == 0 && len(extra) > 0 && n > 0 {
		return nil, ally.Errorf(ally.EINVALID, "%s:%d: none of the %d rows names a node of the graph (the first names %q, the graph's first node is %q): the first column must hold the node ids of the graph file",
			name, firstExtra, len(extra), extra[0], g.Label(0))
	}
	if len(extra) > 0 {
		if g, err = g.WithNodes(extra); err != nil {
			return nil, err
		}
	}
	for i, c := range cols {
		if err := g.SetAttr(header[i+1], c); err != nil {
			return nil, err
		}
	}
	return g, nil
}

// nodeIDs finds the node a table's id names, reading integers as the graph
// readers do when the graph's ids are integers.
type nodeIDs struct {
	g *network.Graph
	// integer is whether every label of g is an integer in its plain
	// form, found out when an id first needs it (known).
	integer, known bool
}

// find returns the node id names and the id as the graph would label it
// (an integer's plain form when the graph's ids are integers); ok is false
// when no node has it.
func (s *nodeIDs) find(id string) (node int, label string, ok bool) {
	if node, ok := s.g.Index(id); ok {
		return node, id, true
	}
	x, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return 0, id, false
	}
	plain := strconv.FormatInt(x, 10)
	if plain == id {
		return 0, id, false
	}
	if !s.known {
		s.integer, s.known = true, true
		for i := 0; i < s.g.N() && s.integer; i++ {
			l := s.g.Label(i)
			y, err := strconv.ParseInt(l, 10, 64)
			s.integer = err == nil && strconv.FormatInt(y, 10) == l
		}
	}
	if !s.integer {
		return 0, id, false
	}
	node, ok = s.g.Index(plain)
	return node, plain, ok
}
