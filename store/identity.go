package store

import (
	"context"
	"errors"
	"fmt"
)

// PersonIdentity is one stored way to recognise a person beyond their
// email addresses: Kind and Value as package identity normalised them, and
// the source that brought it ("vcard", "org", "ics"…).
type PersonIdentity struct {
	PersonID int64  `json:"person_id"`
	Kind     string `json:"kind"`
	Value    string `json:"value"`
	Source   string `json:"source,omitempty"`
}

// AddIdentity records an identity of a person. The same identity already
// on that person is a no-op; on another person of the workspace it is a
// conflict (an identity is one person's).
func (tx *Tx) AddIdentity(ctx context.Context, id PersonIdentity) error {
	if id.Kind == "" || id.Value == "" {
		return fmt.Errorf("identity of person %d without kind or value", id.PersonID)
	}
	res, err := tx.exec(ctx, `INSERT INTO person_identities (workspace_id, person_id, kind, value, source)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, tx.ws, id.PersonID, id.Kind, id.Value, id.Source)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	var owner int64
	err = tx.queryRow(ctx, "SELECT person_id FROM person_identities WHERE workspace_id = ? AND kind = ? AND value = ?",
		tx.ws, id.Kind, id.Value).Scan(&owner)
	if err != nil {
		return err
	}
	if owner != id.PersonID {
		return errors.Join(errIdentityTaken, fmt.Errorf("%s %s belongs to person %d", id.Kind, id.Value, owner))
	}
	return nil
}

var errIdentityTaken = errors.New("identity belongs to another person")

// FindIdentities returns the identities of one person, or of everyone in
// the workspace when person is 0, by person then kind and value.
func (tx *Tx) FindIdentities(ctx context.Context, person int64) ([]PersonIdentity, error) {
	q, args := "SELECT person_id, kind, value, source FROM person_identities WHERE workspace_id = ?", []any{tx.ws}
	if person != 0 {
		q += " AND person_id = ?"
		args = append(args, person)
	}
	rows, err := tx.query(ctx, q+" ORDER BY person_id, kind, value", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PersonIdentity
	for rows.Next() {
		var id PersonIdentity
		if err := rows.Scan(&id.PersonID, &id.Kind, &id.Value, &id.Source); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// DeleteIdentity removes one identity of a person (an unmerge gives it
// back to the person it came from).
func (tx *Tx) DeleteIdentity(ctx context.Context, id PersonIdentity) error {
	_, err := tx.exec(ctx, "DELETE FROM person_identities WHERE workspace_id = ? AND person_id = ? AND kind = ? AND value = ?",
		tx.ws, id.PersonID, id.Kind, id.Value)
	return err
}

// MoveIdentities gives every identity of person from to person to (a
// merge).
func (tx *Tx) MoveIdentities(ctx context.Context, from, to int64) error {
	_, err := tx.exec(ctx, "UPDATE person_identities SET person_id = ? WHERE workspace_id = ? AND person_id = ?", to, tx.ws, from)
	return err
}

// ExternalInteraction is what the store holds of an imported interaction
// for a re-import to decide: its id and iCalendar sequence.
type ExternalInteraction struct {
	ID       int64
	Sequence int
}

// FindExternalInteractions returns the imported interactions of a source
// by external id, so that an import can tell new records from stored ones
// (and a newer calendar export from an older one) without a query each.
func (tx *Tx) FindExternalInteractions(ctx context.Context, source string) (map[string]ExternalInteraction, error) {
	rows, err := tx.query(ctx, "SELECT external_id, id, sequence FROM interactions WHERE workspace_id = ? AND source = ? AND external_id <> ''", tx.ws, source)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]ExternalInteraction{}
	for rows.Next() {
		var ext string
		var x ExternalInteraction
		if err := rows.Scan(&ext, &x.ID, &x.Sequence); err != nil {
			return nil, err
		}
		out[ext] = x
	}
	return out, rows.Err()
}
