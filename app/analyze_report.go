package app

import (
	"encoding/json"
	"math"

	"github.com/allyhq/ally/network"
)

// AnalyzeReport is what Analyze found. Marshalled to JSON it is what
// `ally --json analyze` prints.
type AnalyzeReport struct {
	Graph GraphSummary `json:"graph"`
	// Notes say what the analysis left out or how it read the input.
	Notes       []string          `json:"notes,omitempty"`
	Communities *CommunitySummary `json:"communities,omitempty"`
	Sampled     *SampledSummary   `json:"sampled_betweenness,omitempty"`
	// Nodes holds every node's metrics.
	Nodes NodeTable `json:"nodes"`
	// Silos and Meetings are there when the input named Groups (and asked
	// for PlanMeetings).
	Silos    *network.SiloReport `json:"silos,omitempty"`
	Meetings []network.Meeting   `json:"meetings,omitempty"`
}

// GraphSummary describes the graph analysed.
type GraphSummary struct {
	// Source is the file's path as given, or "workspace".
	Source     string `json:"source"`
	Nodes      int    `json:"nodes"`
	Edges      int    `json:"edges"`
	Directed   bool   `json:"directed"`
	Weighted   bool   `json:"weighted"` // the graph has weights and the metrics used them
	SelfLoops  int    `json:"self_loops_dropped"`
	Duplicates int    `json:"duplicates_merged"`
	Components int    `json:"components,omitempty"`
	// Isolated counts the people without ties: nodes with no edge, such
	// as the rows of a node table whom the graph file never names.
	// Omitted when 0, like Components, so that the JSON of a graph with
	// none is what it was.
	Isolated int `json:"isolated,omitempty"`
}

// CommunitySummary describes the Leiden communities.
type CommunitySummary struct {
	Count      int     `json:"count"`
	Modularity float64 `json:"modularity"`
	Resolution float64 `json:"resolution"` // as the input gave it
	Seed       uint64  `json:"seed"`
}

// SampledSummary is the guarantee of sampled betweenness.
type SampledSummary struct {
	Epsilon   float64 `json:"epsilon"`
	Delta     float64 `json:"delta"`
	Samples   int     `json:"samples"`
	Guarantee string  `json:"guarantee"` // the guarantee in words
}

// NodeTable is the metrics of every node: the graph analysed (its labels
// and attributes) and one column per metric computed, in the order of
// AnalyzeMetrics. It stays columns until it is marshalled, so that a
// report on ten million nodes costs no row objects unless JSON is asked for.
type NodeTable struct {
	Graph   *network.Graph
	Columns []network.Column
}

// Value is column col's value for node i: a float64, an int or a string,
// or nil for a value that is not a number (NaN or infinite), which JSON
// cannot hold.
func (t NodeTable) Value(col, i int) any {
	c := t.Columns[col]
	switch {
	case c.Float != nil:
		if math.IsNaN(c.Float[i]) || math.IsInf(c.Float[i], 0) {
			return nil
		}
		return c.Float[i]
	case c.Int != nil:
		return c.Int[i]
	}
	return c.String[i]
}

// MarshalJSON writes one object per node, in node order: "id" its label,
// then its attributes and its metrics, each under its own name (a later
// one replaces an earlier one of the same name, so a node attribute "id",
// which the workspace's graph has, is the id shown).
func (t NodeTable) MarshalJSON() ([]byte, error) {
	g := t.Graph
	if g == nil {
		return []byte("[]"), nil
	}
	names := g.AttrNames()
	rows := make([]map[string]any, g.N())
	for i := range rows {
		row := map[string]any{"id": g.Label(i)}
		for _, a := range names {
			row[a] = g.Attr(a, i)
		}
		for c, col := range t.Columns {
			row[col.Name] = t.Value(c, i)
		}
		rows[i] = row
	}
	return json.Marshal(rows)
}
