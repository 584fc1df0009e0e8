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

// TieSummary is what EachTieSummary reads of a pair: the fields of its
// aggregate that tie.Strength reads, and Count and Last.
type TieSummary struct {
	A, B      int64
	LogVolume float64
	Channels  uint8
	MinInit   int64 // min(InitA, InitB): tie.Strength reads the two only through it
	Count     int64
	Last      time.Time
}

// Agg returns an aggregate with the summary's fields, InitA and InitB both
// MinInit and First zero: tie.Strength gives it the strength of the stored
// pair at any time (store tests check it on random aggregates).
func (s *TieSummary) Agg() tie.PairAgg {
	return tie.PairAgg{A: s.A, B: s.B, LogVolume: s.LogVolume, Channels: s.Channels, InitA: s.MinInit, InitB: s.MinInit,
		Count: s.Count, Last: s.Last}
}

// Packed columns of EachTieSummary: the pair in one integer when its ids
// are below 2³¹ (checked on the ends of the two indexes first); the low 48
// bits of Last with the channel bits; Count with MinInit, or -1 when one of
// Count, InitA and InitB is not in [0, 2³¹) or Last not in [−2⁴⁷, 2⁴⁷), and
// the row is then read again unpacked (never in practice: Count is at most
// the workspace's interactions, Last a date between 1900 and 2199). Bit
// operations and one CASE cost SQLite less than a column costs the transfer.
const (
	tieSumPair  = "a * 4294967296 + b"
	tieSumLast  = "(last & 281474976710655) * 256 + (channels & 255)"
	tieSumCount = "CASE WHEN (count | init_a | init_b) BETWEEN 0 AND 2147483647 AND last BETWEEN -140737488355328 AND 140737488355327 " +
		"THEN count * 2147483648 + CASE WHEN init_a < init_b THEN init_a ELSE init_b END ELSE -1 END"
	tieSumPlain = "a, b, log_volume, channels, CASE WHEN init_a < init_b THEN init_a ELSE init_b END, count, last"
)

// EachTieSummary calls fn with the summary of every pair of the workspace,
// in no particular order, and stops at fn's first error. fn must not keep s.
//
// It is FindTies(0) for the readers of every pair's strength (App.Ties:
// the ally finder, warm paths, the coalition views), at a fraction of the
// cost. Reading a row costs SQLite's step (about 0.3 µs) and, for each
// column, its transfer to Go (about 0.12 µs: two calls into SQLite, each
// taking the connection's mutex, and a boxed value); on 4M pairs the nine
// columns of FindTies took 5.0–7.4 s and a slice of 425 MB, these four
// 3.1–3.7 s and no slice (docs/benchmarks-relationships.md).
func (tx *Tx) EachTieSummary(ctx context.Context, fn func(s *TieSummary) error) error {
	// The ends of the ids, each in its own subquery so that each is one
	// seek of an index (the primary key for a, ties_b for b).
	var ends [4]sql.NullInt64
	if err := tx.queryRow(ctx, `SELECT (SELECT min(a) FROM ties WHERE workspace_id = ?), (SELECT max(a) FROM ties WHERE workspace_id = ?),
		(SELECT min(b) FROM ties WHERE workspace_id = ?), (SELECT max(b) FROM ties WHERE workspace_id = ?)`,
		tx.ws, tx.ws, tx.ws, tx.ws).Scan(&ends[0], &ends[1], &ends[2], &ends[3]); err != nil {
		return err
	}
	if !ends[0].Valid { // no pairs
		return nil
	}
	if min(ends[0].Int64, ends[2].Int64) < 0 || max(ends[1].Int64, ends[3].Int64) > math.MaxInt32 {
		return tx.eachTieSummaryPlain(ctx, "", fn)
	}
	rows, err := tx.query(ctx, "SELECT "+tieSumPair+", log_volume, "+tieSumLast+", "+tieSumCount+" FROM ties WHERE workspace_id = ?", tx.ws)
	if err != nil {
		return err
	}
	defer rows.Close()
	var s TieSummary
	var pair, last, count int64
	var odd [][2]int64 // pairs whose values do not fit the packed columns
	for rows.Next() {
		if err := rows.Scan(&pair, &s.LogVolume, &last, &count); err != nil {
			return err
		}
		s.A, s.B = pair>>32, pair&math.MaxUint32
		if count < 0 {
			odd = append(odd, [2]int64{s.A, s.B})
			continue
		}
		s.Channels, s.Last = uint8(last), fromUnix(last<<8>>16) // sign-extended from 48 bits
		s.Count, s.MinInit = count>>31, count&math.MaxInt32
		if err := fn(&s); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	for _, p := range odd {
		if err := tx.eachTieSummaryPlain(ctx, " AND a = ? AND b = ?", fn, p[0], p[1]); err != nil {
			return err
		}
	}
	return nil
}

// eachTieSummaryPlain is EachTieSummary with one column per field, for the
// pairs of the workspace that match where (with its args).
func (tx *Tx) eachTieSummaryPlain(ctx context.Context, where string, fn func(s *TieSummary) error, args ...any) error {
	rows, err := tx.query(ctx, "SELECT "+tieSumPlain+" FROM ties WHERE workspace_id = ?"+where, append([]any{tx.ws}, args...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var s TieSummary
	var ch int
	var last int64
	for rows.Next() {
		if err := rows.Scan(&s.A, &s.B, &s.LogVolume, &ch, &s.MinInit, &s.Count, &last); err != nil {
			return err
		}
		s.Channels, s.Last = uint8(ch), fromUnix(last)
		if err := fn(&s); err != nil {
			return err
		}
	}
	return rows.Err()
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
