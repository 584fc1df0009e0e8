// Package network is ally's graph engine: who works with whom, as a compact
// graph, and the measures that alliance building depends on — who is
// central (degree, strength, PageRank, eigenvector, closeness, harmonic),
// who brokers between others (betweenness, exact or sampled with a stated
// error bound; Burt's constraint and effective size), how the organisation
// clusters (components, k-cores, Leiden communities with their modularity),
// where the silos are (E-I index per group), which ties bridge them, and
// which partnership meetings would connect weakly connected groups.
//
// A Graph is immutable and stored in compressed sparse row form with int32
// node indices and float64 weights. It is built by a Builder from labelled
// nodes and weighted edges (the workspace's people and tie strengths), or
// by FromEdges from edge arrays, which is how the readers of package
// network/graphio (edge lists, CSV, GraphML, plain or gzip) build the
// graphs they read.
//
// The package is pure: it does no I/O (files are graphio's), uses only the
// standard library, keeps no clock, and draws randomness from seeds its
// callers pass in. Every result is the
// same for the same input and seed whatever the number of cores: parallel
// loops cut their work at boundaries fixed by the input and combine partial
// results in a fixed order. Long computations take a context.Context,
// which they check regularly, and an optional Progress callback.
//
// Errors are *ally.Error values: EINVALID for bad input (an edge to a node
// that does not exist, a weight that is not finite and positive, an
// attribute or option out of range).
//
// Conventions follow igraph and networkx so results can be compared with
// them (the tests do, against reference values computed by igraph 0.10):
// PageRank with damping 0.85 summing to 1, eigenvector centrality with unit
// Euclidean length, betweenness normalised by 2/((n−1)(n−2)), closeness
// within the component, harmonic centrality divided by n−1, igraph's
// constraint.
package network
