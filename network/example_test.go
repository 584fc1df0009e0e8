package network_test

import (
	"context"
	"fmt"

	"github.com/allyhq/ally/network"
)

// Build a graph from people and tie strengths, then find who brokers
// between the two teams.
func ExampleBuilder() {
	b := network.NewBuilder(false)
	node := map[string]int{}
	for _, p := range []struct{ name, team string }{
		{"ann", "sales"}, {"bob", "sales"}, {"cy", "sales"}, {"dee", "eng"}, {"eve", "eng"},
	} {
		node[p.name] = b.AddNode(p.name, map[string]string{"team": p.team})
	}
	for _, t := range []struct {
		a, b     string
		strength float64
	}{{"ann", "bob", 2}, {"bob", "cy", 1}, {"ann", "cy", 1}, {"cy", "dee", 0.5}, {"dee", "eve", 3}} {
		b.AddEdge(node[t.a], node[t.b], t.strength)
	}
	g, err := b.Build()
	if err != nil {
		panic(err)
	}
	bt, _ := network.Betweenness(context.Background(), g, network.PathOptions{})
	for v := 0; v < g.N(); v++ {
		fmt.Printf("%s %s %.3f\n", g.Label(v), g.Attr("team", v), bt[v])
	}
	// Output:
	// ann sales 0.000
	// bob sales 0.000
	// cy sales 0.667
	// dee eng 0.500
	// eve eng 0.000
}
