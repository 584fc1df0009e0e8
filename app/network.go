package app

import (
	"context"
	"strconv"

	"github.com/allyhq/ally/network"
)

// WorkspaceGraph builds the workspace's collaboration graph, the one
// Analyze reads for GraphSource.Workspace: every person a node (labelled by
// name, with "#id" added where names repeat; attributes id, department,
// title, team, location, level, direction, tier), every tie an undirected
// edge weighted by its strength (0–1) at App.Now.
func (a *App) WorkspaceGraph(ctx context.Context) (*network.Graph, error) {
	t, err := a.Ties(ctx)
	if err != nil {
		return nil, err
	}
	seen := map[string]int{}
	for _, p := range t.People {
		seen[p.Name]++
	}
	b := network.NewBuilder(false)
	for _, p := range t.People {
		label := p.Name
		if seen[p.Name] > 1 {
			label += " #" + strconv.FormatInt(p.ID, 10)
		}
		attrs := map[string]string{"id": strconv.FormatInt(p.ID, 10), "department": p.Department, "title": p.Title,
			"team": p.Team, "location": p.Location, "direction": string(t.Dirs[p.ID])}
		if p.Level > 0 {
			attrs["level"] = strconv.Itoa(p.Level)
		}
		if p.ID == a.WS.MeID {
			attrs["direction"] = "me"
		}
		if r := t.Rels[p.ID]; r != nil {
			attrs["tier"] = string(r.Tier)
		}
		b.AddNode(label, attrs)
	}
	for _, e := range t.Edges {
		b.AddEdge(e.A, e.B, e.Strength)
	}
	return b.Build()
}
