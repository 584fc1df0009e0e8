package network

// Column is one per-node value to report or export (a metric or an
// attribute): exactly one of Float, Int or String is set, with one value
// per node. It lives beside Graph rather than with the writers in
// network/graphio because it is the shape of a node table in general: the
// analysis report holds its metrics as Columns, and the writers take them.
type Column struct {
	Name   string
	Float  []float64
	Int    []int
	String []string
}
