package store_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
)

const (
	benchPeople       = 200
	benchInteractions = 100_000
)

// benchWorkspace creates a workspace with benchPeople people and returns
// their ids; the first is the "hub" whose timeline BenchmarkTimeline1000 reads.
func benchWorkspace(tb testing.TB, db *store.DB) (int64, []int64) {
	tb.Helper()
	w := mustWorkspace(tb, db, "bench")
	ids := make([]int64, benchPeople)
	err := db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error {
		for i := range ids {
			p := &ally.Person{Name: fmt.Sprintf("Person %03d", i), Emails: []string{fmt.Sprintf("p%03d@example.com", i)}}
			if err := tx.CreatePerson(ctx, p); err != nil {
				return err
			}
			ids[i] = p.ID
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return w.ID, ids
}

// benchEmails generates n email interactions among people, each with one
// initiator and one to three recipients, over three years, from a fixed
// seed. Every 50th is sent by people[0], so the hub has well over 1,000.
func benchEmails(n int, people []int64) []*ally.Interaction {
	r := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	span := int64(3 * 365 * 24 * time.Hour / time.Second)
	out := make([]*ally.Interaction, n)
	for i := range out {
		k := 2 + r.IntN(3) // initiator + 1–3 recipients
		pa := make([]ally.Participant, 0, k)
		seen := map[int64]bool{}
		for len(pa) < k {
			id := people[r.IntN(len(people))]
			if len(pa) == 0 && i%50 == 0 {
				id = people[0]
			}
			if seen[id] {
				continue
			}
			seen[id] = true
			role := ally.RoleTo
			if len(pa) == 0 {
				role = ally.RoleInitiator
			} else if r.IntN(4) == 0 {
				role = ally.RoleCC
			}
			pa = append(pa, ally.Participant{PersonID: id, Role: role})
		}
		out[i] = &ally.Interaction{Kind: ally.ChanEmail, At: start.Add(time.Duration(r.Int64N(span)) * time.Second),
			Subject: fmt.Sprintf("message %d", i), Source: ally.SourceEmail, ExternalID: fmt.Sprintf("<%d@bench>", i), Participants: pa}
	}
	return out
}

// BenchmarkCreateInteractions100k writes 100,000 email interactions in one
// transaction into a fresh database file of 200 people. One op is the whole
// 100k.
//
// Besides ns/op it reports cpu-ms/op, the process's CPU time (all threads,
// garbage collection included) over the timed part.
func BenchmarkCreateInteractions100k(b *testing.B) {
	var cpu time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := mustOpen(b)
		ws, people := benchWorkspace(b, db)
		ins := benchEmails(benchInteractions, people)
		b.StartTimer()
		c0 := cpuTime()
		var n int
		err := db.Update(ctx, store.In(ws), func(tx *store.Tx) (err error) {
			n, err = tx.CreateInteractions(ctx, ins)
			return err
		})
		cpu += cpuTime() - c0
		b.StopTimer()
		if err != nil || n != benchInteractions {
			b.Fatalf("CreateInteractions = %d, %v", n, err)
		}
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
}

// BenchmarkTimeline1000 reads the newest 1,000 interactions of one person,
// with their participants, from a database of 100,000. It also reports
// cpu-ms/op (see BenchmarkCreateInteractions100k).
func BenchmarkTimeline1000(b *testing.B) {
	db := mustOpen(b)
	ws, people := benchWorkspace(b, db)
	if err := db.Update(ctx, store.In(ws), func(tx *store.Tx) error {
		_, err := tx.CreateInteractions(ctx, benchEmails(benchInteractions, people))
		return err
	}); err != nil {
		b.Fatal(err)
	}
	f := store.InteractionFilter{PersonID: people[0], Limit: 1000}
	var total int
	err := db.View(ctx, store.In(ws), func(tx *store.Tx) error {
		all, err := tx.FindInteractions(ctx, store.InteractionFilter{PersonID: people[0]})
		total = len(all)
		return err
	})
	if err != nil || total < 1000 {
		b.Fatalf("the hub has %d interactions (%v), want at least 1,000", total, err)
	}
	c0, n := cpuTime(), 0
	for b.Loop() {
		n++
		var ins []*ally.Interaction
		err := db.View(ctx, store.In(ws), func(tx *store.Tx) (err error) {
			ins, err = tx.FindInteractions(ctx, f)
			return err
		})
		if err != nil || len(ins) != 1000 || len(ins[999].Participants) < 2 {
			b.Fatalf("timeline: %d interactions, %v", len(ins), err)
		}
	}
	b.ReportMetric(float64((cpuTime()-c0).Microseconds())/1000/float64(n), "cpu-ms/op")
	// After the loop: b.Loop's first call resets the timer, which drops
	// metrics reported before it.
	b.ReportMetric(float64(total), "hub-interactions")
}
