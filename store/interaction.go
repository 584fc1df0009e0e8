package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/allyhq/ally"
)

// CreateInteractions validates and inserts interactions with their
// participants, using prepared statements so that a large import stays
// fast. An interaction whose (source, external id) is already stored is
// skipped, which makes re-importing the same file a no-op. It returns how
// many were inserted.
func (tx *Tx) CreateInteractions(ctx context.Context, ins []*ally.Interaction) (int, error) {
	insI, err := tx.prepare(ctx, `INSERT INTO interactions (id, workspace_id, kind, at, medium, subject, note, source, external_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`)
	if err != nil {
		return 0, err
	}
	defer insI.Close()
	insP, err := tx.prepare(ctx, `INSERT INTO participants (workspace_id, interaction_id, person_id, role, at) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return 0, err
	}
	defer insP.Close()
	n := 0
	for i, in := range ins {
		if err := in.Validate(); err != nil {
			if len(ins) > 1 {
				return 0, ally.Errorf(ally.EINVALID, "interaction %d: %s", i+1, ally.ErrorMessage(err))
			}
			return 0, err
		}
		err := insI.QueryRowContext(ctx, idOrNull(in.ID), tx.ws, string(in.Kind), unix(in.At), in.Medium, in.Subject, in.Note,
			string(in.Source), in.ExternalID).Scan(&in.ID)
		if errors.Is(err, sql.ErrNoRows) {
			// Already imported: look up its id so callers can refer to it.
			if err := tx.queryRow(ctx, "SELECT id FROM interactions WHERE workspace_id = ? AND source = ? AND external_id = ?",
				tx.ws, string(in.Source), in.ExternalID).Scan(&in.ID); err != nil {
				return 0, err
			}
			continue
		}
		if err != nil {
			return 0, err
		}
		for _, p := range in.Participants {
			if _, err := insP.ExecContext(ctx, tx.ws, in.ID, p.PersonID, string(p.Role), unix(in.At)); err != nil {
				if errors.Is(tx.db.d.translate(err), errForeignKey) {
					return 0, ally.Errorf(ally.ENOTFOUND, "with: person %d not found", p.PersonID)
				}
				return 0, err
			}
		}
		n++
	}
	// The participants' foreign keys point at people by id alone; make sure
	// they are people of this workspace.
	var stray int64
	if err := tx.queryRow(ctx, `SELECT COALESCE(MIN(pa.person_id), 0) FROM participants pa JOIN people p ON p.id = pa.person_id
		WHERE pa.workspace_id = ? AND p.workspace_id <> ?`, tx.ws, tx.ws).Scan(&stray); err != nil {
		return 0, err
	}
	if stray != 0 {
		return 0, ally.Errorf(ally.ENOTFOUND, "with: person %d not found", stray)
	}
	return n, nil
}

// CreateInteraction inserts one interaction.
func (tx *Tx) CreateInteraction(ctx context.Context, in *ally.Interaction) error {
	_, err := tx.CreateInteractions(ctx, []*ally.Interaction{in})
	return err
}

// InteractionFilter selects interactions. Zero fields do not filter.
type InteractionFilter struct {
	PersonID int64     // interactions this person took part in
	Since    time.Time // at >= Since
	Until    time.Time // at < Until
	Limit    int       // at most this many, newest first; 0 = all
}

// FindInteractions returns the interactions matching the filter, newest
// first, with their participants. For one person it walks the timeline
// index, so a page of a long history costs the page, not the history.
func (tx *Tx) FindInteractions(ctx context.Context, f InteractionFilter) ([]*ally.Interaction, error) {
	// ids selects the page of interaction ids; both queries below reuse it,
	// so the participants are read for the page alone.
	var ids strings.Builder
	args := []any{tx.ws}
	if f.PersonID != 0 {
		ids.WriteString("SELECT pa.interaction_id FROM participants pa WHERE pa.workspace_id = ? AND pa.person_id = ?")
		args = append(args, f.PersonID)
		if !f.Since.IsZero() {
			ids.WriteString(" AND pa.at >= ?")
			args = append(args, unix(f.Since))
		}
		if !f.Until.IsZero() {
			ids.WriteString(" AND pa.at < ?")
			args = append(args, unix(f.Until))
		}
		ids.WriteString(" ORDER BY pa.at DESC, pa.interaction_id DESC")
	} else {
		ids.WriteString("SELECT i.id FROM interactions i WHERE i.workspace_id = ?")
		if !f.Since.IsZero() {
			ids.WriteString(" AND i.at >= ?")
			args = append(args, unix(f.Since))
		}
		if !f.Until.IsZero() {
			ids.WriteString(" AND i.at < ?")
			args = append(args, unix(f.Until))
		}
		ids.WriteString(" ORDER BY i.at DESC, i.id DESC")
	}
	if f.Limit > 0 {
		ids.WriteString(" LIMIT ?")
		args = append(args, f.Limit)
	}
	rows, err := tx.query(ctx, `SELECT i.id, i.kind, i.at, i.medium, i.subject, i.note, i.source, i.external_id
		FROM interactions i WHERE i.id IN (`+ids.String()+`) ORDER BY i.at DESC, i.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	var out []*ally.Interaction
	byID := map[int64]*ally.Interaction{}
	for rows.Next() {
		var in ally.Interaction
		var at int64
		var kind, source string
		if err := rows.Scan(&in.ID, &kind, &at, &in.Medium, &in.Subject, &in.Note, &source, &in.ExternalID); err != nil {
			rows.Close()
			return nil, err
		}
		in.Kind, in.Source, in.At = ally.Channel(kind), ally.Source(source), fromUnix(at)
		out = append(out, &in)
		byID[in.ID] = &in
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	prows, err := tx.query(ctx, `SELECT pa.interaction_id, pa.person_id, pa.role FROM participants pa
		WHERE pa.interaction_id IN (`+ids.String()+`) ORDER BY pa.interaction_id, pa.role, pa.person_id`, args...)
	if err != nil {
		return nil, err
	}
	defer prows.Close()
	for prows.Next() {
		var iid, pid int64
		var role string
		if err := prows.Scan(&iid, &pid, &role); err != nil {
			return nil, err
		}
		if in := byID[iid]; in != nil {
			in.Participants = append(in.Participants, ally.Participant{PersonID: pid, Role: ally.Role(role)})
		}
	}
	return out, prows.Err()
}

// DeleteInteraction removes an interaction.
func (tx *Tx) DeleteInteraction(ctx context.Context, id int64) error {
	res, err := tx.exec(ctx, "DELETE FROM interactions WHERE workspace_id = ? AND id = ?", tx.ws, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ally.Errorf(ally.ENOTFOUND, "interaction %d not found", id)
	}
	return nil
}

// ContactStat summarises Me's (or anyone's) contact with one person.
type ContactStat struct {
	PersonID int64
	Count    int
	Last     time.Time
}

// ContactStats returns, for every person who shared an interaction with
// person me, how many they shared and when the last one was.
func (tx *Tx) ContactStats(ctx context.Context, me int64) (map[int64]ContactStat, error) {
	rows, err := tx.query(ctx, `SELECT o.person_id, count(*), max(o.at) FROM participants m
		JOIN participants o ON o.interaction_id = m.interaction_id AND o.person_id <> m.person_id
		WHERE m.workspace_id = ? AND m.person_id = ? GROUP BY o.person_id`, tx.ws, me)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]ContactStat{}
	for rows.Next() {
		var s ContactStat
		var last int64
		if err := rows.Scan(&s.PersonID, &s.Count, &last); err != nil {
			return nil, err
		}
		s.Last = fromUnix(last)
		out[s.PersonID] = s
	}
	return out, rows.Err()
}
