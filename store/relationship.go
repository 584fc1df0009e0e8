package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/allyhq/ally"
)

func joinRoles(rs []ally.RelRole) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	return strings.Join(s, ",")
}

func splitRoles(s string) []ally.RelRole {
	if s == "" {
		return nil
	}
	var out []ally.RelRole
	for _, r := range strings.Split(s, ",") {
		out = append(out, ally.RelRole(r))
	}
	return out
}

// FindRelationship returns Me's relationship with the person, or ENOTFOUND
// when none has been recorded.
func (tx *Tx) FindRelationship(ctx context.Context, person int64) (*ally.Relationship, error) {
	r, err := scanRelationship(tx.queryRow(ctx, `SELECT person_id, tier, status, roles, trust, note, updated
		FROM relationships WHERE workspace_id = ? AND person_id = ?`, tx.ws, person))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ally.Errorf(ally.ENOTFOUND, "no relationship recorded with person %d", person)
	}
	return r, err
}

func scanRelationship(s interface{ Scan(...any) error }) (*ally.Relationship, error) {
	var r ally.Relationship
	var tier, status, roles string
	var updated int64
	if err := s.Scan(&r.PersonID, &tier, &status, &roles, &r.Trust, &r.Note, &updated); err != nil {
		return nil, err
	}
	r.Tier, r.Status, r.Roles, r.Updated = ally.Tier(tier), ally.RelStatus(status), splitRoles(roles), fromUnix(updated)
	return &r, nil
}

// FindRelationships returns every recorded relationship, by person id.
func (tx *Tx) FindRelationships(ctx context.Context) ([]*ally.Relationship, error) {
	rows, err := tx.query(ctx, `SELECT person_id, tier, status, roles, trust, note, updated
		FROM relationships WHERE workspace_id = ? ORDER BY person_id`, tx.ws)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*ally.Relationship
	for rows.Next() {
		r, err := scanRelationship(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// PutRelationship validates and saves Me's relationship with a person.
func (tx *Tx) PutRelationship(ctx context.Context, r *ally.Relationship) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if err := tx.requirePeople(ctx, r.PersonID); err != nil {
		return err
	}
	if r.Updated.IsZero() {
		r.Updated = tx.now
	}
	_, err := tx.exec(ctx, `INSERT INTO relationships (workspace_id, person_id, tier, status, roles, trust, note, updated)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (workspace_id, person_id) DO UPDATE SET
		tier = excluded.tier, status = excluded.status, roles = excluded.roles, trust = excluded.trust,
		note = excluded.note, updated = excluded.updated`,
		tx.ws, r.PersonID, string(r.Tier), string(r.Status), joinRoles(r.Roles), r.Trust, r.Note, unix(r.Updated))
	return err
}
