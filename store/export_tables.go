package store

import (
	"context"
	"fmt"

	"github.com/allyhq/ally"
)

// EachInteraction calls fn for every interaction of the workspace, oldest
// first (by at, then id), one row at a time, so that `ally export csv
// interactions` writes a workspace of millions of interactions without
// holding them. The interaction passed to fn is reused for the next row:
// fn must copy what it keeps. The private note is not read (Note is
// empty): the exports that stream interactions are for other programs and
// other people, and a note is its author's alone.
//
// fn must not use tx: the rows are still open while it runs.
func (tx *Tx) EachInteraction(ctx context.Context, fn func(*ally.Interaction) error) error {
	rows, err := tx.query(ctx, `SELECT id, kind, at, medium, subject, source, external_id, sequence, parts
		FROM interactions WHERE workspace_id = ? ORDER BY at, id`, tx.ws)
	if err != nil {
		return err
	}
	defer rows.Close()
	var in ally.Interaction
	for rows.Next() {
		var at int64
		var kind, source, parts string
		in = ally.Interaction{}
		if err := rows.Scan(&in.ID, &kind, &at, &in.Medium, &in.Subject, &source, &in.ExternalID, &in.Sequence, &parts); err != nil {
			return err
		}
		in.Kind, in.Source, in.At = ally.Channel(kind), ally.Source(source), fromUnix(at)
		if in.Participants, err = parseParts(parts); err != nil {
			return fmt.Errorf("interaction %d: %w", in.ID, err)
		}
		if err := fn(&in); err != nil {
			return err
		}
	}
	return rows.Err()
}
