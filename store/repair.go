package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/allyhq/ally"
)

// CreateRepairPlan validates and inserts a repair plan.
func (tx *Tx) CreateRepairPlan(ctx context.Context, r *ally.RepairPlan) error {
	if r.Opened.IsZero() {
		r.Opened = tx.now
	}
	if err := r.Validate(); err != nil {
		return err
	}
	if err := tx.requirePeople(ctx, r.PersonID); err != nil {
		return err
	}
	steps, err := json.Marshal(r.Steps)
	if err != nil {
		return err
	}
	return tx.queryRow(ctx, `INSERT INTO repair_plans (id, workspace_id, person_id, cause, opened, steps, outcome, closed)
		VALUES ({id:repair_plans}, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		idOrNull(r.ID), tx.ws, r.PersonID, r.Cause, unix(r.Opened), string(steps), r.Outcome, nullUnix(r.Closed)).Scan(&r.ID)
}

// UpdateRepairPlan saves a repair plan's steps and outcome.
func (tx *Tx) UpdateRepairPlan(ctx context.Context, r *ally.RepairPlan) error {
	if err := r.Validate(); err != nil {
		return err
	}
	steps, err := json.Marshal(r.Steps)
	if err != nil {
		return err
	}
	res, err := tx.exec(ctx, `UPDATE repair_plans SET cause = ?, steps = ?, outcome = ?, closed = ? WHERE workspace_id = ? AND id = ?`,
		r.Cause, string(steps), r.Outcome, nullUnix(r.Closed), tx.ws, r.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ally.Errorf(ally.ENOTFOUND, "repair plan %d not found", r.ID)
	}
	return nil
}

// FindRepairPlans returns the repair plans for a person (0 = all), oldest first.
func (tx *Tx) FindRepairPlans(ctx context.Context, person int64) ([]*ally.RepairPlan, error) {
	q := "SELECT id, person_id, cause, opened, steps, outcome, closed FROM repair_plans WHERE workspace_id = ?"
	args := []any{tx.ws}
	if person != 0 {
		q += " AND person_id = ?"
		args = append(args, person)
	}
	rows, err := tx.query(ctx, q+" ORDER BY opened, id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*ally.RepairPlan
	for rows.Next() {
		var r ally.RepairPlan
		var opened int64
		var steps string
		var closed sql.NullInt64
		if err := rows.Scan(&r.ID, &r.PersonID, &r.Cause, &opened, &steps, &r.Outcome, &closed); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(steps), &r.Steps); err != nil {
			return nil, err
		}
		r.Opened, r.Closed = fromUnix(opened), fromNullUnix(closed)
		out = append(out, &r)
	}
	return out, rows.Err()
}

// CreateSnapshot inserts a snapshot of the workspace's metrics.
func (tx *Tx) CreateSnapshot(ctx context.Context, s *ally.Snapshot) error {
	if s.At.IsZero() {
		return ally.Errorf(ally.EINVALID, "snapshot date is required")
	}
	body, err := json.Marshal(struct {
		Metrics     map[string]float64       `json:"metrics"`
		Initiatives []ally.InitiativeSupport `json:"initiatives,omitempty"`
	}{s.Metrics, s.Initiatives})
	if err != nil {
		return err
	}
	return tx.queryRow(ctx, "INSERT INTO snapshots (id, workspace_id, at, body) VALUES ({id:snapshots}, ?, ?, ?) RETURNING id",
		idOrNull(s.ID), tx.ws, unix(s.At), string(body)).Scan(&s.ID)
}

// FindSnapshots returns the workspace's snapshots, oldest first.
func (tx *Tx) FindSnapshots(ctx context.Context) ([]*ally.Snapshot, error) {
	rows, err := tx.query(ctx, "SELECT id, at, body FROM snapshots WHERE workspace_id = ? ORDER BY at, id", tx.ws)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*ally.Snapshot
	for rows.Next() {
		var s ally.Snapshot
		var at int64
		var body string
		if err := rows.Scan(&s.ID, &at, &body); err != nil {
			return nil, err
		}
		var b struct {
			Metrics     map[string]float64       `json:"metrics"`
			Initiatives []ally.InitiativeSupport `json:"initiatives,omitempty"`
		}
		if err := json.Unmarshal([]byte(body), &b); err != nil {
			return nil, err
		}
		s.At, s.Metrics, s.Initiatives = fromUnix(at), b.Metrics, b.Initiatives
		out = append(out, &s)
	}
	return out, rows.Err()
}

// LatestSnapshotAt returns the date of the workspace's newest snapshot, or
// the zero time when it has none: the monthly snapshot asks it on every
// command, so it reads one index entry, not the snapshots' bodies.
func (tx *Tx) LatestSnapshotAt(ctx context.Context) (time.Time, error) {
	var at sql.NullInt64
	if err := tx.queryRow(ctx, "SELECT max(at) FROM snapshots WHERE workspace_id = ?", tx.ws).Scan(&at); err != nil {
		return time.Time{}, err
	}
	return fromNullUnix(at), nil
}
