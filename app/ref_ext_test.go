package app_test

import (
	"context"
	"testing"

	"github.com/allyhq/ally/app"
)

// findInput reads words as `ally find` does: an initiative when they name
// one, otherwise text to match.
func findInput(tb testing.TB, a *app.App, words string, k int) app.FindInput {
	tb.Helper()
	g, err := a.LookupGoal(context.Background(), words)
	if err != nil {
		tb.Fatal(err)
	}
	if g != nil {
		return app.FindInput{Goal: g.ID, K: k}
	}
	return app.FindInput{Text: words, K: k}
}

// goalID resolves an initiative's reference as a face would.
func goalID(tb testing.TB, a *app.App, ref string) int64 {
	tb.Helper()
	g, err := a.ResolveGoal(context.Background(), ref)
	if err != nil {
		tb.Fatalf("resolve initiative %q: %v", ref, err)
	}
	return g.ID
}
