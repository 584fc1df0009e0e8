package store

import (
	"context"
	"database/sql"
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
	q := "SELECT " + tieCols + " FROM ties WHERE workspace_id = ?"
	args := []any{tx.ws}
	if person != 0 {
		// Two index range scans (primary key on a, ties_b on b) rather than
		// an OR, which SQLite would answer with a full scan.
		q = "SELECT " + tieCols + " FROM ties WHERE workspace_id = ? AND a = ? UNION ALL " +
			"SELECT " + tieCols + " FROM ties WHERE workspace_id = ? AND b = ?"
		args = []any{tx.ws, person, tx.ws, person}
	}
	rows, err := tx.query(ctx, q+" ORDER BY 1, 2", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return scanTies(rows)
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
// answers both from its ends.
func (tx *Tx) InteractionSpan(ctx context.Context) (first, last time.Time, err error) {
	var lo, hi sql.NullInt64
	if err := tx.queryRow(ctx, "SELECT min(at), max(at) FROM interactions WHERE workspace_id = ?", tx.ws).Scan(&lo, &hi); err != nil {
		return first, last, err
	}
	return fromNullUnix(lo), fromNullUnix(hi), nil
}
