package store

import (
	"cmp"
	"context"
	"database/sql"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/allyhq/ally/tie"
)

const tieCols = "a, b, log_volume, channels, init_a, init_b, count, first, last"

func scanTies(rows interface {
	Next() bool
	Scan(...any) error
	Err() error
}) ([]tie.PairAgg, error) {
	var out []tie.PairAgg
	for rows.Next() {
		var t tie.PairAgg
		var ch int
		var first, last int64
		if err := rows.Scan(&t.A, &t.B, &t.LogVolume, &ch, &t.InitA, &t.InitB, &t.Count, &first, &last); err != nil {
			return nil, err
		}
		t.Channels, t.First, t.Last = uint8(ch), fromUnix(first), fromUnix(last)
		out = append(out, t)
	}
	return out, rows.Err()
}

// FindTies returns the pair aggregates of person (both sides), or every
// pair of the workspace when person is 0, ordered by (a, b).
func (tx *Tx) FindTies(ctx context.Context, person int64) ([]tie.PairAgg, error) {
	return tx.FindTiesOver(ctx, person, math.Inf(-1))
}

// FindTiesOver is FindTies for one person keeping only the pairs whose
// LogVolume is at least minLogVolume (person 0: every pair, unfiltered). SQLite tests the bound on the
// index entries, so the pairs below it cost no transfer to Go (which is
// most of the cost of a row: see docs/benchmarks-relationships.md).
func (tx *Tx) FindTiesOver(ctx context.Context, person int64, minLogVolume float64) ([]tie.PairAgg, error) {
	if person == 0 {
		rows, err := tx.query(ctx, "SELECT "+tieCols+" FROM ties WHERE workspace_id = ? ORDER BY a, b", tx.ws)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		return scanTies(rows)
	}
	// Two index range scans (ties_b on b, the primary key on a) rather than
	// an OR, which SQLite would answer with a full scan. The rows are put in
	// (a, b) order in Go, not by an ORDER BY on the UNION ALL: to merge the
	// two branches in order SQLite planned the b branch as a scan of the
	// whole workspace along the primary key (which is in (a, b) order)
	// instead of a search of ties_b, i.e. one read of every pair of the
	// workspace per call — about 1 s per person on a workspace of 4 million
	// pairs, which made `ally today` (one call per ally) take 45 s. See
	// docs/benchmarks-relationships.md.
	q := "SELECT " + tieCols + " FROM ties WHERE workspace_id = ? AND b = ? UNION ALL " +
		"SELECT " + tieCols + " FROM ties WHERE workspace_id = ? AND a = ?"
	args := []any{tx.ws, person, tx.ws, person}
	if !math.IsInf(minLogVolume, -1) {
		q = "SELECT " + tieCols + " FROM ties WHERE workspace_id = ? AND b = ? AND log_volume >= ? UNION ALL " +
			"SELECT " + tieCols + " FROM ties WHERE workspace_id = ? AND a = ? AND log_volume >= ?"
		args = []any{tx.ws, person, minLogVolume, tx.ws, person, minLogVolume}
	}
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ts, err := scanTies(rows)
	if err != nil {
		return nil, err
	}
	// Each branch comes in index order, so this is nearly sorted already.
	slices.SortFunc(ts, func(x, y tie.PairAgg) int {
		if c := cmp.Compare(x.A, y.A); c != 0 {
			return c
		}
		return cmp.Compare(x.B, y.B)
	})
	return ts, nil
}

// FindTie returns the aggregate of the pair of people a and b (in either
// order), or a zero PairAgg when they never shared an interaction: one
// primary-key lookup.
func (tx *Tx) FindTie(ctx context.Context, a, b int64) (tie.PairAgg, error) {
	if a > b {
		a, b = b, a
	}
	rows, err := tx.query(ctx, "SELECT "+tieCols+" FROM ties WHERE workspace_id = ? AND a = ? AND b = ?", tx.ws, a, b)
	if err != nil {
		return tie.PairAgg{}, err
	}
	defer rows.Close()
	ts, err := scanTies(rows)
	if err != nil || len(ts) == 0 {
		return tie.PairAgg{}, err
	}
	return ts[0], nil
}

// FindTiesAmong returns the aggregates of the pairs with both people in ids.
func (tx *Tx) FindTiesAmong(ctx context.Context, ids []int64) ([]tie.PairAgg, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	ph := strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")
	args := []any{tx.ws}
	for _, id := range ids {
		args = append(args, id)
	}
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := tx.query(ctx, "SELECT "+tieCols+" FROM ties WHERE workspace_id = ? AND a IN ("+ph+") AND b IN ("+ph+") ORDER BY 1, 2", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return scanTies(rows)
}

// PutTies writes pair aggregates, replacing the rows of the same pairs.
func (tx *Tx) PutTies(ctx context.Context, ts []tie.PairAgg) error {
	st, err := tx.prepare(ctx, `INSERT INTO ties (workspace_id, `+tieCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (workspace_id, a, b) DO UPDATE SET log_volume = excluded.log_volume, channels = excluded.channels,
		init_a = excluded.init_a, init_b = excluded.init_b, count = excluded.count, first = excluded.first, last = excluded.last`)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, t := range ts {
		if _, err := st.ExecContext(ctx, tx.ws, t.A, t.B, t.LogVolume, int(t.Channels), t.InitA, t.InitB, t.Count,
			unix(t.First), unix(t.Last)); err != nil {
			return err
		}
	}
	return nil
}

// DeleteTies removes every pair aggregate of the workspace (before a rebuild).
func (tx *Tx) DeleteTies(ctx context.Context) error {
	_, err := tx.exec(ctx, "DELETE FROM ties WHERE workspace_id = ?", tx.ws)
	return err
}

// InteractionSpan returns the times of the workspace's first and latest
// interactions (zero when there are none). The interactions_at index
// answers both from its ends: min and max are asked in two subqueries
// because SQLite seeks an index end only for a lone min() or max(); with
// both in one SELECT it reads the workspace's whole range of the index,
// which cost ~170 ms per call on 1M interactions, i.e. most of `ally
// today` and `ally health` (see docs/benchmarks-relationships.md).
func (tx *Tx) InteractionSpan(ctx context.Context) (first, last time.Time, err error) {
	var lo, hi sql.NullInt64
	if err := tx.queryRow(ctx, `SELECT (SELECT min(at) FROM interactions WHERE workspace_id = ?),
		(SELECT max(at) FROM interactions WHERE workspace_id = ?)`, tx.ws, tx.ws).Scan(&lo, &hi); err != nil {
		return first, last, err
	}
	return fromNullUnix(lo), fromNullUnix(hi), nil
}
