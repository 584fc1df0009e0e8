package app_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"github.com/allyhq/ally/app"
	"github.com/allyhq/ally/demo"
	"github.com/allyhq/ally/store"
)

// Benchmarks of the ally finder (issue 9 point 9: one warm-path search
// from Me gives every candidate's reach, instead of one search per
// candidate):
//
//	go test -run XXX -bench 'FindDemo|Find10k1M' -benchtime 5x ./app/
//
// and of App.Ties, which the finder reads first (most of its time on 10k
// people):
//
//	go test -run XXX -bench Ties10k1M -benchtime 5x ./app/

var findDemo struct {
	once sync.Once
	a    *app.App
	err  error
}

func demoApp(b *testing.B) *app.App {
	findDemo.once.Do(func() {
		ctx := context.Background()
		db, err := store.Open(ctx, filepath.Join(b.TempDir(), "demo.db"), true)
		if err != nil {
			findDemo.err = err
			return
		}
		if _, err := demo.Build(ctx, db, demo.Options{}); err != nil {
			findDemo.err = err
			return
		}
		findDemo.a, findDemo.err = app.Open(ctx, db, "demo", demo.Today)
	})
	if findDemo.err != nil {
		b.Fatal(findDemo.err)
	}
	return findDemo.a
}

// BenchmarkFindDemo: `ally find "california refund"` on the demo (156
// people, 21,635 emails).
func BenchmarkFindDemo(b *testing.B) {
	a := demoApp(b)
	ctx := context.Background()
	for b.Loop() {
		f, err := a.FindAllies(ctx, app.FindInput{Text: "california refund", K: 10})
		if err != nil {
			b.Fatal(err)
		}
		if len(f.Allies) == 0 {
			b.Fatal("no candidates")
		}
	}
}

// BenchmarkFind10k1M: the finder on the 10,000-person workspace of
// scale_bench_test.go, for a department's goal.
func BenchmarkFind10k1M(b *testing.B) {
	a := scaleApp(b)
	ctx := context.Background()
	for b.Loop() {
		f, err := a.FindAllies(ctx, app.FindInput{Text: "Dept 07", K: 10})
		if err != nil {
			b.Fatal(err)
		}
		if len(f.Allies) == 0 {
			b.Fatal("no candidates")
		}
	}
}

// BenchmarkTies10k1M: App.Ties on the same workspace, every person and
// the strength of every pair (4.09M edges): what the finder, warm paths
// and the coalition views load first.
func BenchmarkTies10k1M(b *testing.B) {
	a := scaleApp(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		t, err := a.Ties(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if len(t.Edges) == 0 {
			b.Fatal("no ties")
		}
	}
}
