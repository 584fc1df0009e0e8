package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
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
	insSQL := `INSERT INTO interactions (id, workspace_id, kind, at, medium, subject, note, source, external_id, sequence, parts)
		VALUES ({id:interactions}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`
	if !tx.db.d.lastInsertID {
		insSQL += " RETURNING id"
	}
	insI, err := tx.prepare(ctx, insSQL)
	if err != nil {
		return 0, err
	}
	defer insI.Close()
	// Participant rows are written one per statement on purpose: a
	// multi-row INSERT makes SQLite keep a statement journal (a temp file
	// holding every page the statement touches, so that it can undo half a
	// statement), which measured slower, not faster.
	insP, err := tx.prepare(ctx, `INSERT INTO participants (workspace_id, interaction_id, person_id, role, at) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return 0, err
	}
	defer insP.Close()
	// The participants' foreign keys point at people by id alone, so a
	// person of another workspace would pass them. Each distinct person is
	// checked once per call by primary key. (This replaced a scan of every
	// participant row of the workspace after the inserts, which cost ~90 ms
	// per call on a workspace of 100k interactions: see
	// docs/benchmarks-store.md.)
	isPerson, err := tx.prepare(ctx, "SELECT 1 FROM people WHERE workspace_id = ? AND id = ?")
	if err != nil {
		return 0, err
	}
	defer isPerson.Close()
	// Foreign keys are checked at commit instead of after each row: an
	// immediate check makes SQLite keep a statement journal for every insert
	// (so that it could undo the row), which was a tenth of a bulk import.
	// The people are checked here first, so no violation is expected.
	if _, err := tx.exec(ctx, tx.db.d.deferForeignKeys); err != nil {
		return 0, err
	}
	known := map[int64]bool{}
	n := 0
	for i, in := range ins {
		if err := in.Validate(); err != nil {
			if len(ins) > 1 {
				return 0, ally.Errorf(ally.EINVALID, "interaction %d: %s", i+1, ally.ErrorMessage(err))
			}
			return 0, err
		}
		sortParticipants(in.Participants)
		inserted, err := tx.insertInteraction(ctx, insI, in)
		if err != nil {
			return 0, err
		}
		if !inserted {
			// Already imported: look up its id so callers can refer to it.
			// Without an external id the conflict can only be a preset id
			// already in use, which is not a re-import (looking it up by an
			// empty external id would pick an unrelated interaction).
			if in.ExternalID == "" {
				return 0, ally.Errorf(ally.ECONFLICT, "interaction id %d already exists", in.ID)
			}
			err := tx.queryRow(ctx, "SELECT id FROM interactions WHERE workspace_id = ? AND source = ? AND external_id = ?",
				tx.ws, string(in.Source), in.ExternalID).Scan(&in.ID)
			if errors.Is(err, sql.ErrNoRows) {
				return 0, ally.Errorf(ally.ECONFLICT, "interaction id %d already exists", in.ID)
			}
			if err != nil {
				return 0, err
			}
			continue
		}
		for _, p := range in.Participants {
			if !known[p.PersonID] {
				var one int
				err := isPerson.QueryRowContext(ctx, tx.ws, p.PersonID).Scan(&one)
				if errors.Is(err, sql.ErrNoRows) {
					return 0, ally.Errorf(ally.ENOTFOUND, "with: person %d not found", p.PersonID)
				}
				if err != nil {
					return 0, err
				}
				known[p.PersonID] = true
			}
			if _, err := insP.ExecContext(ctx, tx.ws, in.ID, p.PersonID, string(p.Role), unix(in.At)); err != nil {
				if errors.Is(tx.db.d.translate(err), errForeignKey) {
					return 0, ally.Errorf(ally.ENOTFOUND, "with: person %d not found", p.PersonID)
				}
				return 0, err
			}
		}
		n++
	}
	return n, nil
}

// insertInteraction runs the prepared insert of CreateInteractions and sets
// in.ID; inserted is false when the (source, external id) was there
// already. Where the driver reports the new id (SQLite) an Exec spares
// database/sql a Rows object per interaction; elsewhere the statement ends
// in RETURNING id and no row means the conflict.
func (tx *Tx) insertInteraction(ctx context.Context, st *sql.Stmt, in *ally.Interaction) (inserted bool, err error) {
	args := []any{idOrNull(in.ID), tx.ws, string(in.Kind), unix(in.At), in.Medium, in.Subject, in.Note,
		string(in.Source), in.ExternalID, in.Sequence, formatParts(in.Participants)}
	if !tx.db.d.lastInsertID {
		err := st.QueryRowContext(ctx, args...).Scan(&in.ID)
		if errors.Is(err, sql.ErrNoRows) {
			return false, nil
		}
		return err == nil, err
	}
	res, err := st.ExecContext(ctx, args...)
	if err != nil {
		return false, err
	}
	if k, err := res.RowsAffected(); err != nil || k == 0 {
		return false, err
	}
	in.ID, err = res.LastInsertId()
	return err == nil, err
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
	Offset   int       // after skipping this many of the newest
}

// interactionsWhere writes the FROM and WHERE clauses of filter f (its
// limit and offset aside) and returns their arguments. For one person it
// reads the participants' timeline index, joined to the interactions when
// their columns are wanted.
func (tx *Tx) interactionsWhere(q *strings.Builder, f InteractionFilter, join bool) []any {
	args := []any{tx.ws}
	col := "i.at"
	if f.PersonID != 0 {
		q.WriteString("FROM participants pa ")
		if join {
			q.WriteString("JOIN interactions i ON i.id = pa.interaction_id ")
		}
		q.WriteString("WHERE pa.workspace_id = ? AND pa.person_id = ?")
		args = append(args, f.PersonID)
		col = "pa.at"
	} else {
		q.WriteString("FROM interactions i WHERE i.workspace_id = ?")
	}
	if !f.Since.IsZero() {
		q.WriteString(" AND " + col + " >= ?")
		args = append(args, unix(f.Since))
	}
	if !f.Until.IsZero() {
		q.WriteString(" AND " + col + " < ?")
		args = append(args, unix(f.Until))
	}
	return args
}

// CountInteractions counts the interactions matching f, its limit and
// offset aside: the total beside a page of FindInteractions.
func (tx *Tx) CountInteractions(ctx context.Context, f InteractionFilter) (int, error) {
	var q strings.Builder
	q.WriteString("SELECT count(*) ")
	args := tx.interactionsWhere(&q, f, false)
	var n int
	err := tx.queryRow(ctx, q.String(), args...).Scan(&n)
	return n, err
}

// FindInteractions returns the interactions matching the filter, newest
// first (ties by id), with their participants by role then person. For one
// person it walks the timeline index backwards and reads each interaction's
// row, participants included (the parts column): a page costs the page, not
// the history, and needs no sort.
func (tx *Tx) FindInteractions(ctx context.Context, f InteractionFilter) ([]*ally.Interaction, error) {
	var q strings.Builder
	q.WriteString("SELECT i.id, i.kind, i.at, i.medium, i.subject, i.note, i.source, i.external_id, i.sequence, i.parts ")
	args := tx.interactionsWhere(&q, f, true)
	if f.PersonID != 0 {
		q.WriteString(" ORDER BY pa.at DESC, pa.interaction_id DESC")
	} else {
		q.WriteString(" ORDER BY i.at DESC, i.id DESC")
	}
	switch {
	case f.Limit > 0:
		q.WriteString(" LIMIT ?")
		args = append(args, f.Limit)
	case f.Offset > 0:
		q.WriteString(" LIMIT -1") // SQLite takes an OFFSET only after a LIMIT
	}
	if f.Offset > 0 {
		q.WriteString(" OFFSET ?")
		args = append(args, f.Offset)
	}
	rows, err := tx.query(ctx, q.String(), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*ally.Interaction
	for rows.Next() {
		var in ally.Interaction
		var at int64
		var kind, source, parts string
		if err := rows.Scan(&in.ID, &kind, &at, &in.Medium, &in.Subject, &in.Note, &source, &in.ExternalID, &in.Sequence, &parts); err != nil {
			return nil, err
		}
		in.Kind, in.Source, in.At = ally.Channel(kind), ally.Source(source), fromUnix(at)
		if in.Participants, err = parseParts(parts); err != nil {
			return nil, fmt.Errorf("interaction %d: %w", in.ID, err)
		}
		out = append(out, &in)
	}
	return out, rows.Err()
}

// sortParticipants orders participants by role, then person, the order
// the parts column keeps and readers see.
func sortParticipants(ps []ally.Participant) {
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].Role != ps[j].Role {
			return ps[i].Role < ps[j].Role
		}
		return ps[i].PersonID < ps[j].PersonID
	})
}

// formatParts renders participants as "id:role,…".
func formatParts(ps []ally.Participant) string {
	b := make([]byte, 0, 16*len(ps))
	for i, p := range ps {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, p.PersonID, 10)
		b = append(b, ':')
		b = append(b, p.Role...)
	}
	return string(b)
}

// parseParts reads what formatParts wrote.
func parseParts(s string) ([]ally.Participant, error) {
	if s == "" {
		return nil, nil
	}
	out := make([]ally.Participant, 0, strings.Count(s, ",")+1)
	for len(s) > 0 {
		item := s
		if k := strings.IndexByte(s, ','); k >= 0 {
			item, s = s[:k], s[k+1:]
		} else {
			s = ""
		}
		id, role, ok := strings.Cut(item, ":")
		pid, err := strconv.ParseInt(id, 10, 64)
		if !ok || err != nil {
			return nil, fmt.Errorf("participants %q are not id:role pairs", item)
		}
		out = append(out, ally.Participant{PersonID: pid, Role: ally.Role(role)})
	}
	return out, nil
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
