// Package graphio reads and writes the graph files ally analyses, turning
// them into network.Graph values and back.
//
// Readers: ReadFile reads a file by name, plain or gzip-compressed (a .gz
// suffix): an edge list ("u v [w]" per line, '#' and '%' comments; the
// default), CSV with a header naming the source, target and weight columns
// (.csv), or GraphML (.graphml, .xml), or the format ReadOptions.Format
// names. ReadEdgeList, ReadCSV and ReadGraphML read the same formats from
// an io.Reader. ReadLabelsFile and ReadLabels attach node attributes
// (name, department, …) from a TSV or CSV table keyed by node id; a row
// whose id has no edge adds that person as a node without ties.
//
// Writers: WriteGraphML and WriteGEXF (Gephi's format) write a graph with
// its node attributes and metric columns, for Gephi, Cytoscape, yEd,
// igraph and networkx.
//
// Edge lists of integer ids take a fast path: one goroutine reads (and
// decompresses) the file in 4 MiB blocks cut at line ends, the others parse
// blocks into int32 arrays in parallel, and the blocks are joined in file
// order, so that the graph is the same whatever the number of cores; a
// string id anywhere falls back to a sequential pass through a hash table.
// Every reader refuses a weight outside [MinWeight, MaxWeight] and names
// the file, the line and the field of the first bad record.
//
// Memory: with ReadOptions.MemoryLimit set, ReadFile estimates the memory
// the graph will need from the file size and a sample of its start (its
// compression ratio, for a .gz file) and refuses with EINVALID and the
// estimate before parsing when it is over the limit; the readers check
// again as edges arrive. A graph that does not fit is refused in a
// message, not by the kernel's out-of-memory killer halfway through.
//
// Why a package of its own: package network holds the graph and the
// algorithms and does no file I/O, so that the algorithms can be read,
// tested and reused without the parsers, and the parsers changed without
// touching the algorithms. graphio builds graphs through network.FromEdges,
// the one constructor network exports for bulk building from edge arrays.
//
// Errors are *ally.Error values: ENOTFOUND for a missing file, EINVALID for
// anything wrong with its content (naming the file and line).
package graphio
