package cli

import (
	"bufio"
	"encoding/csv"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/app"
	"github.com/allyhq/ally/network"
	"github.com/allyhq/ally/network/graphio"
)

// writeAnalyzeFiles writes the graph with its metrics to the files the
// flags name (--graphml, --gexf, -o), for Gephi and friends, and notes each
// in the report.
func writeAnalyzeFiles(rep *app.AnalyzeReport, f *analyzeFlags) error {
	for _, out := range []struct{ path, kind string }{{f.graphml, "graphml"}, {f.gexf, "gexf"}, {f.outFile, ""}} {
		if out.path == "" {
			continue
		}
		kind := out.kind
		if kind == "" {
			switch strings.ToLower(filepath.Ext(out.path)) {
			case ".graphml", ".xml":
				kind = "graphml"
			case ".gexf":
				kind = "gexf"
			default:
				return ally.Errorf(ally.EUSAGE, "-o %s: use a .graphml or .gexf file name", out.path)
			}
		}
		if err := writeGraphFile(out.path, kind, rep.Nodes.Graph, rep.Nodes.Columns); err != nil {
			return err
		}
		rep.Notes = append(rep.Notes, "wrote "+out.path)
	}
	return nil
}

// writeGraphFile writes the graph with its metrics for Gephi and friends.
// The file carries every person's metrics and attributes (their tier among
// them), so it is created 0600 whatever the umask, like the exports. It is
// written to a temporary file in the same directory and renamed into place,
// so that a failed write leaves neither a partial file nor a truncated
// earlier one. A path that is not a regular file (a pipe, /dev/stdout) is
// written directly, since renaming would replace it, and a symbolic link is
// followed so that it keeps naming the file it names.
func writeGraphFile(path, kind string, g *network.Graph, cols []network.Column) error {
	write := func(w io.Writer) error {
		if kind == "gexf" {
			return graphio.WriteGEXF(w, g, cols)
		}
		return graphio.WriteGraphML(w, g, cols)
	}
	return writeFile(path, write)
}

// writeMetricsCSV prints every node's id, attributes and metrics as CSV
// (--csv).
func writeMetricsCSV(w io.Writer, t app.NodeTable) error {
	g := t.Graph
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	header := append([]string{"id"}, g.AttrNames()...)
	for _, c := range t.Columns {
		header = append(header, c.Name)
	}
	cw.Write(header)
	row := make([]string, len(header))
	for i := 0; i < g.N(); i++ {
		row = row[:0]
		row = append(row, g.Label(i))
		for _, a := range g.AttrNames() {
			row = append(row, g.Attr(a, i))
		}
		for c := range t.Columns {
			row = append(row, colString(t, c, i))
		}
		cw.Write(row)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// colString is column col's value for node i as CSV and the table show it:
// eight significant digits, "" for a value that is not a number.
func colString(t app.NodeTable, col, i int) string {
	switch v := t.Value(col, i).(type) {
	case nil:
		return ""
	case float64:
		return strconv.FormatFloat(v, 'g', 8, 64)
	case int:
		return strconv.Itoa(v)
	case string:
		return v
	}
	return ""
}
