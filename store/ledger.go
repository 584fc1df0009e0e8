package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/allyhq/ally"
)

// CreateExchange validates and inserts a ledger entry.
func (tx *Tx) CreateExchange(ctx context.Context, e *ally.Exchange) error {
	if err := e.Validate(); err != nil {
		return err
	}
	if err := tx.requirePeople(ctx, e.FromID, e.ToID); err != nil {
		return err
	}
	return tx.queryRow(ctx, `INSERT INTO exchanges (id, workspace_id, at, from_id, to_id, what, kind, size, currency, example)
		VALUES ({id:exchanges}, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		idOrNull(e.ID), tx.ws, unix(e.At), e.FromID, e.ToID, e.What, string(e.Kind), string(e.Size), e.Currency,
		boolInt(e.Example)).Scan(&e.ID)
}

// FindExchanges returns the ledger entries involving person (0 = all), oldest first.
func (tx *Tx) FindExchanges(ctx context.Context, person int64) ([]*ally.Exchange, error) {
	q := `SELECT id, at, from_id, to_id, what, kind, size, currency, example FROM exchanges WHERE workspace_id = ?`
	args := []any{tx.ws}
	if person != 0 {
		q += " AND (from_id = ? OR to_id = ?)"
		args = append(args, person, person)
	}
	rows, err := tx.query(ctx, q+" ORDER BY at, id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*ally.Exchange
	for rows.Next() {
		var e ally.Exchange
		var at int64
		var kind, size string
		var ex int
		if err := rows.Scan(&e.ID, &at, &e.FromID, &e.ToID, &e.What, &kind, &size, &e.Currency, &ex); err != nil {
			return nil, err
		}
		e.At, e.Kind, e.Size, e.Example = fromUnix(at), ally.ExchangeKind(kind), ally.Size(size), ex != 0
		out = append(out, &e)
	}
	return out, rows.Err()
}

// requirePeople returns ENOTFOUND unless every id is a person of the workspace.
func (tx *Tx) requirePeople(ctx context.Context, ids ...int64) error {
	for _, id := range ids {
		var one int
		err := tx.queryRow(ctx, "SELECT 1 FROM people WHERE workspace_id = ? AND id = ?", tx.ws, id).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return ally.Errorf(ally.ENOTFOUND, "person %d not found", id)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

const commitmentCols = "id, from_id, to_id, what, due, created, status, closed, example"

func scanCommitment(s interface{ Scan(...any) error }) (*ally.Commitment, error) {
	var c ally.Commitment
	var due, created int64
	var closed sql.NullInt64
	var status string
	var ex int
	if err := s.Scan(&c.ID, &c.FromID, &c.ToID, &c.What, &due, &created, &status, &closed, &ex); err != nil {
		return nil, err
	}
	c.Due, c.Created, c.Closed = fromUnix(due), fromUnix(created), fromNullUnix(closed)
	c.Status, c.Example = ally.CommitmentStatus(status), ex != 0
	return &c, nil
}

// CreateCommitment validates and inserts a commitment.
func (tx *Tx) CreateCommitment(ctx context.Context, c *ally.Commitment) error {
	if c.Created.IsZero() {
		c.Created = tx.now
	}
	if err := c.Validate(); err != nil {
		return err
	}
	if err := tx.requirePeople(ctx, c.FromID, c.ToID); err != nil {
		return err
	}
	return tx.queryRow(ctx, `INSERT INTO commitments (id, workspace_id, from_id, to_id, what, due, created, status, closed, example)
		VALUES ({id:commitments}, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		idOrNull(c.ID), tx.ws, c.FromID, c.ToID, c.What, unix(c.Due), unix(c.Created), string(c.Status),
		nullUnix(c.Closed), boolInt(c.Example)).Scan(&c.ID)
}

// UpdateCommitment saves a commitment's status and closing time.
func (tx *Tx) UpdateCommitment(ctx context.Context, c *ally.Commitment) error {
	if err := c.Validate(); err != nil {
		return err
	}
	res, err := tx.exec(ctx, `UPDATE commitments SET what = ?, due = ?, status = ?, closed = ? WHERE workspace_id = ? AND id = ?`,
		c.What, unix(c.Due), string(c.Status), nullUnix(c.Closed), tx.ws, c.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ally.Errorf(ally.ENOTFOUND, "commitment %d not found", c.ID)
	}
	return nil
}

// FindCommitmentByID returns a commitment or ENOTFOUND.
func (tx *Tx) FindCommitmentByID(ctx context.Context, id int64) (*ally.Commitment, error) {
	c, err := scanCommitment(tx.queryRow(ctx, "SELECT "+commitmentCols+" FROM commitments WHERE workspace_id = ? AND id = ?", tx.ws, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ally.Errorf(ally.ENOTFOUND, "commitment %d not found", id)
	}
	return c, err
}

// FindCommitments returns the commitments involving person (0 = all), with
// open ones only when openOnly, by due date.
func (tx *Tx) FindCommitments(ctx context.Context, person int64, openOnly bool) ([]*ally.Commitment, error) {
	q := "SELECT " + commitmentCols + " FROM commitments WHERE workspace_id = ?"
	args := []any{tx.ws}
	if person != 0 {
		q += " AND (from_id = ? OR to_id = ?)"
		args = append(args, person, person)
	}
	if openOnly {
		q += " AND status = 'open'"
	}
	rows, err := tx.query(ctx, q+" ORDER BY due, id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*ally.Commitment
	for rows.Next() {
		c, err := scanCommitment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
