package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/allyhq/ally"
)

const personCols = `p.id, p.name, p.title, p.department, p.team, p.location, p.organisation,
	COALESCE(p.manager_id, 0), p.level, p.dir_override, p.notes, p.created, p.updated`

func scanPerson(s interface{ Scan(...any) error }) (*ally.Person, error) {
	var p ally.Person
	var created, updated int64
	var dir string
	if err := s.Scan(&p.ID, &p.Name, &p.Title, &p.Department, &p.Team, &p.Location, &p.Organisation,
		&p.ManagerID, &p.Level, &dir, &p.Notes, &created, &updated); err != nil {
		return nil, err
	}
	p.DirOverride = ally.Direction(dir)
	p.Created, p.Updated = fromUnix(created), fromUnix(updated)
	return &p, nil
}

// CreatePerson validates and inserts a person with their emails and tags.
// An email already used in the workspace is a conflict; a manager that is
// not in the workspace is not found. A preset p.ID is kept (imports).
func (tx *Tx) CreatePerson(ctx context.Context, p *ally.Person) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if err := tx.checkManager(ctx, p); err != nil {
		return err
	}
	if p.Created.IsZero() {
		p.Created = tx.now
	}
	if p.Updated.IsZero() {
		p.Updated = p.Created
	}
	err := tx.queryRow(ctx, `INSERT INTO people (id, workspace_id, name, title, department, team, location,
		organisation, manager_id, level, dir_override, notes, created, updated)
		VALUES ({id:people}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		idOrNull(p.ID), tx.ws, p.Name, p.Title, p.Department, p.Team, p.Location, p.Organisation,
		nullID(p.ManagerID), p.Level, string(p.DirOverride), p.Notes, unix(p.Created), unix(p.Updated)).Scan(&p.ID)
	if err != nil {
		if errors.Is(tx.db.d.translate(err), errUnique) {
			return ally.Errorf(ally.ECONFLICT, "person id %d already exists", p.ID)
		}
		return err
	}
	if err := tx.writeEmails(ctx, p); err != nil {
		return err
	}
	return tx.writeTags(ctx, p)
}

// checkManager makes sure the manager is in the workspace and that setting it
// does not close a loop in the org chart.
func (tx *Tx) checkManager(ctx context.Context, p *ally.Person) error {
	seen := map[int64]bool{p.ID: p.ID != 0}
	for m := p.ManagerID; m != 0; {
		if seen[m] {
			return ally.Errorf(ally.EINVALID, "manager: %s would be their own manager through the chain", p.Name)
		}
		seen[m] = true
		var next sql.NullInt64
		err := tx.queryRow(ctx, "SELECT manager_id FROM people WHERE workspace_id = ? AND id = ?", tx.ws, m).Scan(&next)
		if errors.Is(err, sql.ErrNoRows) {
			if m == p.ManagerID {
				return ally.Errorf(ally.ENOTFOUND, "manager: person %d not found", m)
			}
			return nil
		}
		if err != nil {
			return err
		}
		m = next.Int64
	}
	return nil
}

func (tx *Tx) writeEmails(ctx context.Context, p *ally.Person) error {
	if _, err := tx.exec(ctx, "DELETE FROM person_emails WHERE workspace_id = ? AND person_id = ?", tx.ws, p.ID); err != nil {
		return err
	}
	for i, e := range p.Emails {
		_, err := tx.exec(ctx, "INSERT INTO person_emails (workspace_id, person_id, email, position) VALUES (?, ?, ?, ?)",
			tx.ws, p.ID, e, i)
		if errors.Is(tx.db.d.translate(err), errUnique) {
			other, _ := tx.FindPersonByEmail(ctx, e)
			if other != nil {
				return ally.Errorf(ally.ECONFLICT, "email %s already belongs to %s (id %d)", e, other.Name, other.ID)
			}
			return ally.Errorf(ally.ECONFLICT, "email %s is already in use", e)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) writeTags(ctx context.Context, p *ally.Person) error {
	if _, err := tx.exec(ctx, "DELETE FROM tags WHERE workspace_id = ? AND person_id = ?", tx.ws, p.ID); err != nil {
		return err
	}
	seen := map[ally.Tag]bool{}
	for _, t := range p.Tags {
		if seen[t] {
			continue
		}
		seen[t] = true
		if _, err := tx.exec(ctx, "INSERT INTO tags (workspace_id, person_id, kind, value) VALUES (?, ?, ?, ?)",
			tx.ws, p.ID, string(t.Kind), t.Value); err != nil {
			return err
		}
	}
	return nil
}

// UpdatePerson validates and saves every field of an existing person,
// replacing their emails and tags.
func (tx *Tx) UpdatePerson(ctx context.Context, p *ally.Person) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if err := tx.checkManager(ctx, p); err != nil {
		return err
	}
	p.Updated = tx.now
	res, err := tx.exec(ctx, `UPDATE people SET name = ?, title = ?, department = ?, team = ?, location = ?,
		organisation = ?, manager_id = ?, level = ?, dir_override = ?, notes = ?, updated = ?
		WHERE workspace_id = ? AND id = ?`,
		p.Name, p.Title, p.Department, p.Team, p.Location, p.Organisation, nullID(p.ManagerID), p.Level,
		string(p.DirOverride), p.Notes, unix(p.Updated), tx.ws, p.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ally.Errorf(ally.ENOTFOUND, "person %d not found", p.ID)
	}
	if err := tx.writeEmails(ctx, p); err != nil {
		return err
	}
	return tx.writeTags(ctx, p)
}

// DeletePerson removes a person and, through the schema's cascades, their
// participation, ledger entries, commitments, stakes and relationship.
// Interactions left with fewer than two participants are removed too.
func (tx *Tx) DeletePerson(ctx context.Context, id int64) error {
	// The interactions' copy of their participants (the parts column)
	// drops the person too.
	if _, err := tx.exec(ctx, `UPDATE interactions SET parts = COALESCE((
		SELECT `+tx.db.d.groupConcat("x", ",")+` FROM (
			SELECT p.person_id || ':' || p.role AS x FROM participants p
			WHERE p.interaction_id = interactions.id AND p.person_id <> ? ORDER BY p.role, p.person_id)), '')
		WHERE workspace_id = ? AND id IN (SELECT interaction_id FROM participants WHERE workspace_id = ? AND person_id = ?)`,
		id, tx.ws, tx.ws, id); err != nil {
		return err
	}
	res, err := tx.exec(ctx, "DELETE FROM people WHERE workspace_id = ? AND id = ?", tx.ws, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ally.Errorf(ally.ENOTFOUND, "person %d not found", id)
	}
	_, err = tx.exec(ctx, `DELETE FROM interactions WHERE workspace_id = ? AND id IN (
		SELECT i.id FROM interactions i LEFT JOIN participants pa ON pa.interaction_id = i.id
		WHERE i.workspace_id = ? GROUP BY i.id HAVING count(pa.person_id) < 2)`, tx.ws, tx.ws)
	return err
}

// FindPersonByID returns a person with emails and tags, or ENOTFOUND.
func (tx *Tx) FindPersonByID(ctx context.Context, id int64) (*ally.Person, error) {
	p, err := scanPerson(tx.queryRow(ctx, "SELECT "+personCols+" FROM people p WHERE p.workspace_id = ? AND p.id = ?", tx.ws, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ally.Errorf(ally.ENOTFOUND, "person %d not found", id)
	}
	if err != nil {
		return nil, err
	}
	if err := tx.attachPeople(ctx, []*ally.Person{p}); err != nil {
		return nil, err
	}
	return p, nil
}

// FindPersonByEmail returns the person with the email, or ENOTFOUND.
func (tx *Tx) FindPersonByEmail(ctx context.Context, email string) (*ally.Person, error) {
	var id int64
	err := tx.queryRow(ctx, "SELECT person_id FROM person_emails WHERE workspace_id = ? AND email = ?",
		tx.ws, ally.NormalizeEmail(email)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ally.Errorf(ally.ENOTFOUND, "no person with email %s", email)
	}
	if err != nil {
		return nil, err
	}
	return tx.FindPersonByID(ctx, id)
}

// FindPeople returns the people that match the filter's department,
// organisation, tag, tier and fragment (of name, email or organisation),
// by name. Direction is filtered by the app
// layer, which knows Me.
func (tx *Tx) FindPeople(ctx context.Context, f ally.PersonFilter) ([]*ally.Person, error) {
	return tx.findPeople(ctx, f, true)
}

// FindPeopleByRef returns the people whose name or email holds fragment,
// in any case, by name: the candidates for what a user typed to name a
// person (an organisation is not a reference to one of its people).
func (tx *Tx) FindPeopleByRef(ctx context.Context, fragment string) ([]*ally.Person, error) {
	return tx.findPeople(ctx, ally.PersonFilter{Query: fragment}, false)
}

// findPeople is FindPeople; withOrg says whether the fragment also
// matches the organisation.
func (tx *Tx) findPeople(ctx context.Context, f ally.PersonFilter, withOrg bool) ([]*ally.Person, error) {
	where := []string{"p.workspace_id = ?"}
	args := []any{tx.ws}
	if f.Department != "" {
		where = append(where, "lower(p.department) = lower(?)")
		args = append(args, f.Department)
	}
	if f.Organisation != "" {
		where = append(where, "lower(p.organisation) = lower(?)")
		args = append(args, strings.TrimSpace(f.Organisation))
	}
	if f.Tag != "" {
		kind, value, ok := strings.Cut(f.Tag, ":")
		if ok {
			where = append(where, "EXISTS (SELECT 1 FROM tags t WHERE t.person_id = p.id AND t.kind = ? AND t.value = ?)")
			args = append(args, kind, strings.ToLower(value))
		} else {
			where = append(where, "EXISTS (SELECT 1 FROM tags t WHERE t.person_id = p.id AND t.value = ?)")
			args = append(args, strings.ToLower(f.Tag))
		}
	}
	if f.Tier != "" {
		where = append(where, "EXISTS (SELECT 1 FROM relationships r WHERE r.workspace_id = p.workspace_id AND r.person_id = p.id AND r.tier = ?)")
		args = append(args, string(f.Tier))
	}
	if f.Query != "" {
		org := ""
		pat := "%" + likeEscape(strings.ToLower(f.Query)) + "%"
		args = append(args, pat)
		if withOrg {
			org = ` OR lower(p.organisation) LIKE ? ESCAPE '\'`
			args = append(args, pat)
		}
		where = append(where, `(lower(p.name) LIKE ? ESCAPE '\'`+org+`
			OR EXISTS (SELECT 1 FROM person_emails e WHERE e.person_id = p.id AND e.email LIKE ? ESCAPE '\'))`)
		args = append(args, pat)
	}
	rows, err := tx.query(ctx, "SELECT "+personCols+" FROM people p WHERE "+strings.Join(where, " AND ")+" ORDER BY p.name, p.id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*ally.Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, tx.attachPeople(ctx, out)
}

// FindPeopleNamed returns the people whose name is name in any case
// (Unicode simple folding, which SQLite's lower() lacks), by id, with their
// emails and tags. It reads every name once: O(n) for n people.
func (tx *Tx) FindPeopleNamed(ctx context.Context, name string) ([]*ally.Person, error) {
	name = strings.TrimSpace(name)
	rows, err := tx.query(ctx, "SELECT id, name FROM people WHERE workspace_id = ? ORDER BY id", tx.ws)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		var n string
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return nil, err
		}
		if strings.EqualFold(strings.TrimSpace(n), name) {
			ids = append(ids, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]*ally.Person, 0, len(ids))
	for _, id := range ids {
		p, err := tx.FindPersonByID(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// attachPeople loads emails and tags for the people in two queries, whatever
// their number.
func (tx *Tx) attachPeople(ctx context.Context, ps []*ally.Person) error {
	if len(ps) == 0 {
		return nil
	}
	byID := make(map[int64]*ally.Person, len(ps))
	for _, p := range ps {
		byID[p.ID] = p
	}
	// One query for the workspace beats an IN list for large lists and is
	// cheap for small workspaces; for a single person, filter by id.
	emailQ := "SELECT person_id, email FROM person_emails WHERE workspace_id = ? ORDER BY person_id, position"
	tagQ := "SELECT person_id, kind, value FROM tags WHERE workspace_id = ? ORDER BY person_id, kind, value"
	args := []any{tx.ws}
	if len(ps) == 1 {
		emailQ = "SELECT person_id, email FROM person_emails WHERE workspace_id = ? AND person_id = ? ORDER BY position"
		tagQ = "SELECT person_id, kind, value FROM tags WHERE workspace_id = ? AND person_id = ? ORDER BY kind, value"
		args = append(args, ps[0].ID)
	}
	rows, err := tx.query(ctx, emailQ, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var e string
		if err := rows.Scan(&id, &e); err != nil {
			rows.Close()
			return err
		}
		if p := byID[id]; p != nil {
			p.Emails = append(p.Emails, e)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = tx.query(ctx, tagQ, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var k, v string
		if err := rows.Scan(&id, &k, &v); err != nil {
			return err
		}
		if p := byID[id]; p != nil {
			p.Tags = append(p.Tags, ally.Tag{Kind: ally.TagKind(k), Value: v})
		}
	}
	return rows.Err()
}

// SetManager sets a person's manager without touching anything else (not
// even the updated time), for imports that create people before their
// managers exist.
func (tx *Tx) SetManager(ctx context.Context, person, manager int64) error {
	p, err := tx.FindPersonByID(ctx, person)
	if err != nil {
		return err
	}
	p.ManagerID = manager
	if err := tx.checkManager(ctx, p); err != nil {
		return err
	}
	_, err = tx.exec(ctx, "UPDATE people SET manager_id = ? WHERE workspace_id = ? AND id = ?", nullID(manager), tx.ws, person)
	return err
}
