package graphio

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/network"
)

// metricsFinite runs every weighted metric on g and fails on a value that
// is NaN or infinite: what ally analyze would print or fail to encode.
func metricsFinite(t *testing.T, g *network.Graph) {
	t.Helper()
	ctx := context.Background()
	check := func(what string, vs ...float64) {
		t.Helper()
		for i, v := range vs {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Errorf("%s[%d] = %v", what, i, v)
				return
			}
		}
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	check("strength", network.Strength(g)...)
	pr, err := network.PageRank(ctx, g, network.PageRankOptions{Weighted: true})
	must(err)
	check("pagerank", pr...)
	ev, err := network.Eigenvector(ctx, g, network.EigenvectorOptions{Weighted: true})
	must(err)
	check("eigenvector", ev...)
	for _, p := range []network.PathWeight{network.WeightIsStrength, network.WeightIsLength} {
		b, err := network.Betweenness(ctx, g, network.PathOptions{Paths: p})
		must(err)
		check(fmt.Sprintf("betweenness %d", p), b...)
		c, err := network.ClosenessHarmonic(ctx, g, network.PathOptions{Paths: p})
		must(err)
		check(fmt.Sprintf("closeness %d", p), c.Closeness...)
		check(fmt.Sprintf("harmonic %d", p), c.Harmonic...)
	}
	br, err := network.Constraint(ctx, g, true)
	must(err)
	check("constraint", br.Constraint...)
	check("effective size", br.EffectiveSize...)
	comm, err := network.Leiden(ctx, g, network.LeidenOptions{Weighted: true, Seed: 1})
	must(err)
	check("modularity", comm.Modularity)
	gr := network.Groups{Of: comm.Membership}
	for k := 0; k < comm.Count; k++ {
		gr.Names = append(gr.Names, fmt.Sprintf("c%d", k))
	}
	s, err := network.Silos(g, gr, true, 5)
	must(err)
	check("E-I", s.EI)
	for _, x := range s.Groups {
		check("group "+x.Name, x.Internal, x.External, x.EI)
	}
	for _, p := range s.Pairs {
		check("pair", p.Ties, p.Expected, p.Ratio)
	}
}

// weightedRing is two rings of k nodes joined by one edge, every weight w
// except a few set to w2, as an edge list.
func weightedRing(k int, w, w2 string) string {
	var b strings.Builder
	for r := 0; r < 2; r++ {
		for i := 0; i < k; i++ {
			ww := w
			if i%3 == 0 {
				ww = w2
			}
			fmt.Fprintf(&b, "%d %d %s\n", r*k+i, r*k+(i+1)%k, ww)
			fmt.Fprintf(&b, "%d %d %s\n", r*k+i, r*k+(i+2)%k, ww)
		}
	}
	fmt.Fprintf(&b, "0 %d %s\n", k, w)
	// Duplicates are merged by summing their weights: the sum must stay in
	// bounds too.
	fmt.Fprintf(&b, "1 2 %s\n1 2 %s\n", w, w)
	return b.String()
}

// TestExtremeWeightsFinite: the largest and smallest weights the readers
// accept, alone and mixed, give finite values for every metric.
func TestExtremeWeightsFinite(t *testing.T) {
	hi, lo := fmt.Sprint(MaxWeight), fmt.Sprint(MinWeight)
	for _, tc := range [][2]string{{hi, hi}, {lo, lo}, {hi, lo}, {"1", lo}, {"1", hi}} {
		t.Run(tc[0]+"_"+tc[1], func(t *testing.T) {
			g, err := ReadEdgeList(strings.NewReader(weightedRing(30, tc[0], tc[1])), "x", ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			metricsFinite(t, g)
			d, err := ReadEdgeList(strings.NewReader(weightedRing(30, tc[0], tc[1])), "x", ReadOptions{Directed: true})
			if err != nil {
				t.Fatal(err)
			}
			metricsFinite(t, d)
		})
	}
}

// TestReadWeightBounds: every reader refuses a weight out of bounds with
// EINVALID naming the file, the line and the field, and accepts the bounds
// themselves.
func TestReadWeightBounds(t *testing.T) {
	formats := []struct {
		name  string
		read  func(s string) (*network.Graph, error)
		doc   func(w string) string
		where string // the line and field the error names
	}{
		{"edgelist", func(s string) (*network.Graph, error) { return ReadEdgeList(strings.NewReader(s), "x", ReadOptions{}) },
			func(w string) string { return "0 1 2\n# c\n1 2 " + w + "\n" }, "x:3:|field 3"},
		{"edgelist strings", func(s string) (*network.Graph, error) { return ReadEdgeList(strings.NewReader(s), "x", ReadOptions{}) },
			func(w string) string { return "a b 2\n# c\nb c " + w + "\n" }, "x:3:|field 3"},
		{"csv", func(s string) (*network.Graph, error) { return ReadCSV(strings.NewReader(s), "x", ReadOptions{}) },
			func(w string) string { return "source,target,weight\na,b,2\nb,c," + w + "\n" }, `x:3:|column "weight"`},
		{"graphml", func(s string) (*network.Graph, error) { return ReadGraphML(strings.NewReader(s), "x", ReadOptions{}) },
			func(w string) string {
				return "<graphml><key id=\"k\" for=\"edge\" attr.name=\"weight\"/><graph>\n<edge source=\"a\" target=\"b\"/>\n" +
					"<edge source=\"b\" target=\"c\"><data key=\"k\">" + w + "</data></edge></graph></graphml>"
			}, `x:3:|key "k"`},
	}
	for _, f := range formats {
		for _, w := range []string{"1e308", "1.0000001e12", "1e13", "9.9e-13", "5e-324", "1e400", "1e-400", "NaN", "-Inf", "-1", "0"} {
			_, err := f.read(f.doc(w))
			if ally.ErrorCode(err) != ally.EINVALID {
				t.Errorf("%s, weight %s: got %v, want EINVALID", f.name, w, err)
				continue
			}
			for _, want := range append(strings.Split(f.where, "|"), `weight "`+w+`"`) {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("%s, weight %s: %q does not say %q", f.name, w, err, want)
				}
			}
		}
		for _, w := range []string{"1e12", "1e-12", "1000000000000", "0.000000000001"} {
			g, err := f.read(f.doc(w))
			if err != nil {
				t.Errorf("%s, weight %s: %v", f.name, w, err)
				continue
			}
			metricsFinite(t, g)
		}
	}
}
