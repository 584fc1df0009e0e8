package app

import (
	"context"
	"testing"
)

// pid resolves a reference as a face would before calling a use case.
func pid(tb testing.TB, a *App, ref string) int64 {
	tb.Helper()
	p, err := a.Resolve(context.Background(), ref)
	if err != nil {
		tb.Fatalf("resolve %q: %v", ref, err)
	}
	return p.ID
}

// pids resolves references, each maybe a comma-separated list.
func pids(tb testing.TB, a *App, refs ...string) []int64 {
	tb.Helper()
	ids, err := a.ResolveAll(context.Background(), refs)
	if err != nil {
		tb.Fatalf("resolve %q: %v", refs, err)
	}
	return ids
}

// gid resolves an initiative's reference as a face would.
func gid(tb testing.TB, a *App, ref string) int64 {
	tb.Helper()
	g, err := a.ResolveGoal(context.Background(), ref)
	if err != nil {
		tb.Fatalf("resolve initiative %q: %v", ref, err)
	}
	return g.ID
}

// findText is FindInput for words that name no initiative.
func findText(text string, k int) FindInput { return FindInput{Text: text, K: k} }
