package store

// Merging two records of one person, and undoing it. A merge re-points
// every row that names the merged person to the kept one, removes what
// would otherwise name one person twice, and records all of it (table
// merges, migration 0007) so that an unmerge puts every row back as it
// was, the merged person under their original id.

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/allyhq/ally"
)

// Row is one stored row, column by column, as the database holds it
// (integers, reals, text, NULL): what a merge keeps of a row it removes or
// rewrites, so that an unmerge writes back exactly that, whatever columns
// later migrations add.
type Row map[string]any

// PersonRows are a person's own rows: the people row and the rows that
// belong to them alone.
type PersonRows struct {
	Person        Row   `json:"person"`
	Emails        []Row `json:"emails,omitempty"`
	Tags          []Row `json:"tags,omitempty"`
	Identities    []Row `json:"identities,omitempty"`
	Relationship  []Row `json:"relationship,omitempty"`
	NotDuplicates []Row `json:"not_duplicates,omitempty"`
}

// RoleChange is an interaction both people took part in where the kept
// person's role was raised to the merged one's (a cc who was also the
// sender becomes the initiator).
type RoleChange struct {
	InteractionID int64     `json:"interaction_id"`
	Before        ally.Role `json:"before"`
	After         ally.Role `json:"after"`
}

// RuleChange is an initiative's decision rule before and after a merge
// that replaced the merged person in it (a committee weight, a veto), as
// stored text.
type RuleChange struct {
	InitiativeID int64  `json:"initiative_id"`
	Before       string `json:"before"`
	After        string `json:"after"`
}

// MergeMoved lists the rows a merge re-pointed from the merged person to
// the kept one, by id (initiative id for stakes).
type MergeMoved struct {
	Interactions    []int64      `json:"interactions,omitempty"` // the merged person's part now names the kept one
	Roles           []RoleChange `json:"roles,omitempty"`
	ExchangesFrom   []int64      `json:"exchanges_from,omitempty"`
	ExchangesTo     []int64      `json:"exchanges_to,omitempty"`
	CommitmentsFrom []int64      `json:"commitments_from,omitempty"`
	CommitmentsTo   []int64      `json:"commitments_to,omitempty"`
	Stakes          []int64      `json:"stakes,omitempty"`
	StanceHistory   []int64      `json:"stance_history,omitempty"`
	RepairPlans     []int64      `json:"repair_plans,omitempty"`
	Reports         []int64      `json:"reports,omitempty"` // people whose manager was the merged person
	Relationship    bool         `json:"relationship,omitempty"`
}

// MergeBody is everything a merge changed: the kept person's rows before
// and after, the merged person's rows, what was re-pointed and what was
// removed (table → rows: the merged person's part in interactions both
// took part in, interactions and ledger entries and commitments between
// the two alone, a stake both had in one initiative with its history, the
// merged person's relationship when both had one).
type MergeBody struct {
	Kept      PersonRows       `json:"kept"`
	KeptAfter PersonRows       `json:"kept_after"`
	Merged    PersonRows       `json:"merged"`
	Moved     MergeMoved       `json:"moved"`
	Removed   map[string][]Row `json:"removed,omitempty"`
	Rules     []RuleChange     `json:"rules,omitempty"`
	// Filled names the kept person's fields that were empty and came from
	// the merged person (for the record; the rows above are what counts).
	Filled []string `json:"filled,omitempty"`
}

// MergeRecord is one recorded merge. Body is nil in lists (FindMerges).
type MergeRecord struct {
	ID     int64      `json:"id"`
	Kept   int64      `json:"kept"`
	Merged int64      `json:"merged"`
	At     time.Time  `json:"at"`
	Undone time.Time  `json:"undone,omitzero"`
	Body   *MergeBody `json:"body,omitempty"`
}

// MergePlan is what the caller decided about a merge: the kept person's
// fields and notes as the merge leaves them (emails, tags and identities
// are united here), the merged person's id, and which role the kept person
// gets in an interaction both took part in.
type MergePlan struct {
	Kept   *ally.Person
	Merged int64
	Role   func(kept, merged ally.Role) ally.Role
	Filled []string
}

// restoreOrder is the order an unmerge writes removed rows back in
// (parents first), and the tables a merge record may name.
var restoreOrder = []string{"interactions", "participants", "exchanges", "commitments", "stakes", "stance_history", "relationships"}

// MergePeople carries out a merge in tx and records it: every row naming
// plan.Merged names plan.Kept.ID instead, the merged person's emails,
// tags and identities join the kept one's, and the merged person's row is
// deleted. Refusals: ENOTFOUND for a person not in the workspace, EINVALID
// for one person twice or a manager chain that would loop.
func (tx *Tx) MergePeople(ctx context.Context, plan MergePlan) (*MergeRecord, error) {
	k, m := plan.Kept.ID, plan.Merged
	if k == m {
		return nil, ally.Errorf(ally.EINVALID, "person %d cannot be merged with themselves", k)
	}
	if err := tx.requirePeople(ctx, k, m); err != nil {
		return nil, err
	}
	if err := plan.Kept.Validate(); err != nil {
		return nil, err
	}
	b := &MergeBody{Removed: map[string][]Row{}, Filled: plan.Filled}
	var err error
	if b.Kept, err = tx.personRows(ctx, k); err != nil {
		return nil, err
	}
	if b.Merged, err = tx.personRows(ctx, m); err != nil {
		return nil, err
	}
	if err := tx.mergeInteractions(ctx, b, k, m, plan.Role); err != nil {
		return nil, err
	}
	if err := tx.mergeLedger(ctx, b, k, m); err != nil {
		return nil, err
	}
	if err := tx.mergeStakes(ctx, b, k, m); err != nil {
		return nil, err
	}
	if err := tx.mergeRules(ctx, b, k, m); err != nil {
		return nil, err
	}
	// Me's relationship: the kept person's if any, else the merged one's.
	if len(b.Merged.Relationship) > 0 {
		if len(b.Kept.Relationship) > 0 {
			b.Removed["relationships"] = b.Merged.Relationship
			if _, err := tx.exec(ctx, "DELETE FROM relationships WHERE workspace_id = ? AND person_id = ?", tx.ws, m); err != nil {
				return nil, err
			}
		} else {
			b.Moved.Relationship = true
			if _, err := tx.exec(ctx, "UPDATE relationships SET person_id = ? WHERE workspace_id = ? AND person_id = ?", k, tx.ws, m); err != nil {
				return nil, err
			}
		}
	}
	if b.Moved.RepairPlans, err = tx.repoint(ctx, "repair_plans", "person_id", k, m); err != nil {
		return nil, err
	}
	if b.Moved.Reports, err = tx.ids(ctx, "SELECT id FROM people WHERE workspace_id = ? AND manager_id = ? AND id <> ? ORDER BY id", tx.ws, m, k); err != nil {
		return nil, err
	}
	if _, err := tx.exec(ctx, "UPDATE people SET manager_id = ? WHERE workspace_id = ? AND manager_id = ? AND id <> ?", k, tx.ws, m, k); err != nil {
		return nil, err
	}
	// Emails after the kept person's own, in their order; tags united;
	// identities moved. "Not a duplicate" pairs of the merged person go
	// with them (recorded): the kept person never said so.
	if _, err := tx.exec(ctx, `UPDATE person_emails SET person_id = ?,
		position = position + 1 + COALESCE((SELECT MAX(position) FROM person_emails WHERE workspace_id = ? AND person_id = ?), -1)
		WHERE workspace_id = ? AND person_id = ?`, k, tx.ws, k, tx.ws, m); err != nil {
		return nil, err
	}
	if _, err := tx.exec(ctx, `INSERT INTO tags (workspace_id, person_id, kind, value)
		SELECT workspace_id, ?, kind, value FROM tags WHERE workspace_id = ? AND person_id = ? ON CONFLICT DO NOTHING`, k, tx.ws, m); err != nil {
		return nil, err
	}
	if err := tx.MoveIdentities(ctx, m, k); err != nil {
		return nil, err
	}
	p := *plan.Kept
	if p.ManagerID == m {
		return nil, ally.Errorf(ally.EINVALID, "manager: %s cannot keep the merged person as manager", p.Name)
	}
	if err := tx.checkManager(ctx, &p); err != nil {
		return nil, err
	}
	if _, err := tx.exec(ctx, `UPDATE people SET name = ?, title = ?, department = ?, team = ?, location = ?,
		organisation = ?, manager_id = ?, level = ?, dir_override = ?, notes = ?, updated = ?
		WHERE workspace_id = ? AND id = ?`,
		p.Name, p.Title, p.Department, p.Team, p.Location, p.Organisation, nullID(p.ManagerID), p.Level,
		string(p.DirOverride), p.Notes, unix(tx.now), tx.ws, k); err != nil {
		return nil, err
	}
	// The merged person's row goes; the cascades take what is left of
	// theirs (tags, "not a duplicate" pairs, all recorded above).
	if _, err := tx.exec(ctx, "DELETE FROM people WHERE workspace_id = ? AND id = ?", tx.ws, m); err != nil {
		return nil, err
	}
	if b.KeptAfter, err = tx.personRows(ctx, k); err != nil {
		return nil, err
	}
	body, err := json.Marshal(b)
	if err != nil {
		return nil, err
	}
	rec := &MergeRecord{Kept: k, Merged: m, At: tx.now, Body: b}
	err = tx.queryRow(ctx, `INSERT INTO merges (id, workspace_id, kept, merged, at, body) VALUES ({id:merges}, ?, ?, ?, ?, ?) RETURNING id`,
		nil, tx.ws, k, m, unix(tx.now), string(body)).Scan(&rec.ID)
	return rec, err
}

// mergeInteractions handles participation: an interaction of the two alone
// is removed (one person with themselves is no contact); in one both took
// part in with others, the merged person's part is removed and the kept
// one gets role(kept, merged); elsewhere the merged person's part names
// the kept one.
func (tx *Tx) mergeInteractions(ctx context.Context, b *MergeBody, k, m int64, role func(kept, merged ally.Role) ally.Role) error {
	type part struct {
		in           int64
		kRole, mRole string
		others       int
	}
	rows, err := tx.query(ctx, `SELECT pm.interaction_id, COALESCE(pk.role, ''), pm.role,
		(SELECT count(*) FROM participants o WHERE o.interaction_id = pm.interaction_id AND o.person_id NOT IN (?, ?))
		FROM participants pm LEFT JOIN participants pk ON pk.interaction_id = pm.interaction_id AND pk.person_id = ?
		WHERE pm.workspace_id = ? AND pm.person_id = ? ORDER BY pm.interaction_id`, k, m, k, tx.ws, m)
	if err != nil {
		return err
	}
	var parts []part
	for rows.Next() {
		var p part
		if err := rows.Scan(&p.in, &p.kRole, &p.mRole, &p.others); err != nil {
			rows.Close()
			return err
		}
		parts = append(parts, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var touched []int64
	for _, p := range parts {
		switch {
		case p.kRole == "":
			b.Moved.Interactions = append(b.Moved.Interactions, p.in)
			if _, err := tx.exec(ctx, "UPDATE participants SET person_id = ? WHERE workspace_id = ? AND interaction_id = ? AND person_id = ?", k, tx.ws, p.in, m); err != nil {
				return err
			}
			touched = append(touched, p.in)
		case p.others == 0:
			in, err := tx.rowsOf(ctx, "interactions", "id = ?", p.in)
			if err != nil {
				return err
			}
			ps, err := tx.rowsOf(ctx, "participants", "interaction_id = ?", p.in)
			if err != nil {
				return err
			}
			b.Removed["interactions"] = append(b.Removed["interactions"], in...)
			b.Removed["participants"] = append(b.Removed["participants"], ps...)
			if _, err := tx.exec(ctx, "DELETE FROM interactions WHERE workspace_id = ? AND id = ?", tx.ws, p.in); err != nil {
				return err
			}
		default:
			ps, err := tx.rowsOf(ctx, "participants", "interaction_id = ? AND person_id = ?", p.in, m)
			if err != nil {
				return err
			}
			b.Removed["participants"] = append(b.Removed["participants"], ps...)
			if _, err := tx.exec(ctx, "DELETE FROM participants WHERE workspace_id = ? AND interaction_id = ? AND person_id = ?", tx.ws, p.in, m); err != nil {
				return err
			}
			if r := role(ally.Role(p.kRole), ally.Role(p.mRole)); r != ally.Role(p.kRole) {
				b.Moved.Roles = append(b.Moved.Roles, RoleChange{InteractionID: p.in, Before: ally.Role(p.kRole), After: r})
				if _, err := tx.exec(ctx, "UPDATE participants SET role = ? WHERE workspace_id = ? AND interaction_id = ? AND person_id = ?", string(r), tx.ws, p.in, k); err != nil {
					return err
				}
			}
			touched = append(touched, p.in)
		}
	}
	return tx.refreshParts(ctx, touched)
}

// refreshParts rewrites the interactions' copy of their participants
// (the parts column) from the participants table.
func (tx *Tx) refreshParts(ctx context.Context, ids []int64) error {
	for _, id := range ids {
		if _, err := tx.exec(ctx, `UPDATE interactions SET parts = COALESCE((
			SELECT `+tx.db.d.groupConcat("x", ",")+` FROM (
				SELECT p.person_id || ':' || p.role AS x FROM participants p
				WHERE p.interaction_id = interactions.id ORDER BY p.role, p.person_id)), '')
			WHERE workspace_id = ? AND id = ?`, tx.ws, id); err != nil {
			return err
		}
	}
	return nil
}

// mergeLedger re-points ledger entries and commitments; those between the
// two alone are removed (a favour to oneself is none).
func (tx *Tx) mergeLedger(ctx context.Context, b *MergeBody, k, m int64) (err error) {
	for _, t := range []string{"exchanges", "commitments"} {
		between, err := tx.rowsOf(ctx, t, "((from_id = ? AND to_id = ?) OR (from_id = ? AND to_id = ?)) ORDER BY id", k, m, m, k)
		if err != nil {
			return err
		}
		if len(between) > 0 {
			b.Removed[t] = between
			if _, err := tx.exec(ctx, "DELETE FROM "+t+" WHERE workspace_id = ? AND ((from_id = ? AND to_id = ?) OR (from_id = ? AND to_id = ?))", tx.ws, k, m, m, k); err != nil {
				return err
			}
		}
	}
	if b.Moved.ExchangesFrom, err = tx.repoint(ctx, "exchanges", "from_id", k, m); err != nil {
		return err
	}
	if b.Moved.ExchangesTo, err = tx.repoint(ctx, "exchanges", "to_id", k, m); err != nil {
		return err
	}
	if b.Moved.CommitmentsFrom, err = tx.repoint(ctx, "commitments", "from_id", k, m); err != nil {
		return err
	}
	b.Moved.CommitmentsTo, err = tx.repoint(ctx, "commitments", "to_id", k, m)
	return err
}

// mergeStakes keeps the kept person's stake where both had one in an
// initiative (the other, with its stance history, is recorded and
// removed) and re-points the merged person's other stakes.
func (tx *Tx) mergeStakes(ctx context.Context, b *MergeBody, k, m int64) error {
	both := "initiative_id IN (SELECT initiative_id FROM stakes WHERE workspace_id = ? AND person_id = ?)"
	for t, order := range map[string]string{"stakes": "initiative_id", "stance_history": "id"} {
		rows, err := tx.rowsOf(ctx, t, "person_id = ? AND "+both+" ORDER BY "+order, m, tx.ws, k)
		if err != nil {
			return err
		}
		if len(rows) > 0 {
			b.Removed[t] = rows
		}
	}
	for _, t := range []string{"stance_history", "stakes"} {
		if _, err := tx.exec(ctx, "DELETE FROM "+t+" WHERE workspace_id = ? AND person_id = ? AND "+both, tx.ws, m, tx.ws, k); err != nil {
			return err
		}
	}
	var err error
	if b.Moved.Stakes, err = tx.ids(ctx, "SELECT initiative_id FROM stakes WHERE workspace_id = ? AND person_id = ? ORDER BY initiative_id", tx.ws, m); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, "UPDATE stakes SET person_id = ? WHERE workspace_id = ? AND person_id = ?", k, tx.ws, m); err != nil {
		return err
	}
	b.Moved.StanceHistory, err = tx.repoint(ctx, "stance_history", "person_id", k, m)
	return err
}

// mergeRules replaces the merged person in decision rules: a committee
// weight moves to the kept person unless they have one (theirs stays), a
// veto becomes the kept person's.
func (tx *Tx) mergeRules(ctx context.Context, b *MergeBody, k, m int64) error {
	rows, err := tx.query(ctx, "SELECT id, rule FROM initiatives WHERE workspace_id = ? ORDER BY id", tx.ws)
	if err != nil {
		return err
	}
	var changes []RuleChange
	for rows.Next() {
		var c RuleChange
		if err := rows.Scan(&c.InitiativeID, &c.Before); err != nil {
			rows.Close()
			return err
		}
		var r ally.Rule
		if err := json.Unmarshal([]byte(c.Before), &r); err != nil {
			rows.Close()
			return fmt.Errorf("initiative %d: decode rule: %w", c.InitiativeID, err)
		}
		w, weighted := r.Weights[m]
		if !weighted && !slices.Contains(r.Vetoes, m) {
			continue
		}
		if weighted {
			delete(r.Weights, m)
			if _, ok := r.Weights[k]; !ok {
				r.Weights[k] = w
			}
		}
		for i, v := range r.Vetoes {
			if v == m {
				r.Vetoes[i] = k
			}
		}
		slices.Sort(r.Vetoes)
		r.Vetoes = slices.Compact(r.Vetoes)
		after, err := json.Marshal(r)
		if err != nil {
			rows.Close()
			return err
		}
		c.After = string(after)
		changes = append(changes, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range changes {
		if _, err := tx.exec(ctx, "UPDATE initiatives SET rule = ? WHERE workspace_id = ? AND id = ?", c.After, tx.ws, c.InitiativeID); err != nil {
			return err
		}
	}
	b.Rules = changes
	return nil
}

// repoint sets column to k where it is m in table, and returns the ids of
// the rows it changed.
func (tx *Tx) repoint(ctx context.Context, table, column string, k, m int64) ([]int64, error) {
	ids, err := tx.ids(ctx, "SELECT id FROM "+table+" WHERE workspace_id = ? AND "+column+" = ? ORDER BY id", tx.ws, m)
	if err != nil || len(ids) == 0 {
		return ids, err
	}
	_, err = tx.exec(ctx, "UPDATE "+table+" SET "+column+" = ? WHERE workspace_id = ? AND "+column+" = ?", k, tx.ws, m)
	return ids, err
}

// ids runs a query of one integer column.
func (tx *Tx) ids(ctx context.Context, q string, args ...any) ([]int64, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// personRows reads a person's own rows.
func (tx *Tx) personRows(ctx context.Context, id int64) (PersonRows, error) {
	var pr PersonRows
	ps, err := tx.rowsOf(ctx, "people", "id = ?", id)
	if err != nil {
		return pr, err
	}
	if len(ps) != 1 {
		return pr, ally.Errorf(ally.ENOTFOUND, "person %d not found", id)
	}
	pr.Person = ps[0]
	for _, x := range []struct {
		dst        *[]Row
		table, key string
	}{{&pr.Emails, "person_emails", "person_id = ? ORDER BY position"},
		{&pr.Tags, "tags", "person_id = ? ORDER BY kind, value"},
		{&pr.Identities, "person_identities", "person_id = ? ORDER BY kind, value"},
		{&pr.Relationship, "relationships", "person_id = ?"}} {
		if *x.dst, err = tx.rowsOf(ctx, x.table, x.key, id); err != nil {
			return pr, err
		}
	}
	pr.NotDuplicates, err = tx.rowsOf(ctx, "not_duplicates", "(a = ? OR b = ?) ORDER BY a, b", id, id)
	return pr, err
}

// rowsOf reads whole rows of table in the workspace (all columns, so that
// a restore is exact whatever the schema holds).
func (tx *Tx) rowsOf(ctx context.Context, table, where string, args ...any) ([]Row, error) {
	rows, err := tx.query(ctx, "SELECT * FROM "+table+" WHERE workspace_id = ? AND "+where, append([]any{tx.ws}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out []Row
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		r := Row{}
		for i, c := range cols {
			if b, ok := vals[i].([]byte); ok {
				vals[i] = string(b)
			}
			r[c] = vals[i]
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// identRE is what a table or column name in a merge record may be: the
// record is read back from the database, and names are put into SQL.
var identRE = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

// insertRow writes a recorded row back into table, in this workspace.
func (tx *Tx) insertRow(ctx context.Context, table string, r Row) error {
	if !slices.Contains(restoreOrder, table) && !slices.Contains([]string{"people", "person_emails", "tags", "not_duplicates"}, table) {
		return fmt.Errorf("merge record names table %q", table)
	}
	cols := make([]string, 0, len(r))
	for c := range r {
		if !identRE.MatchString(c) {
			return fmt.Errorf("merge record names column %q of %s", c, table)
		}
		cols = append(cols, c)
	}
	sort.Strings(cols)
	args := make([]any, len(cols))
	for i, c := range cols {
		args[i] = sqlValue(r[c])
		if c == "workspace_id" {
			args[i] = tx.ws
		}
	}
	_, err := tx.exec(ctx, "INSERT INTO "+table+" ("+strings.Join(cols, ", ")+") VALUES ("+strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ")+")", args...)
	switch t := tx.db.d.translate(err); {
	case errors.Is(t, errUnique):
		return ally.Errorf(ally.ECONFLICT, "cannot restore a row of %s (%s): the place it held is taken since the merge", table, rowKey(table, r))
	case errors.Is(t, errForeignKey):
		return ally.Errorf(ally.ECONFLICT, "cannot restore a row of %s (%s): what it belongs to was removed since the merge", table, rowKey(table, r))
	}
	return err
}

// rowKey names a row in an error.
func rowKey(table string, r Row) string {
	var parts []string
	for _, c := range []string{"id", "interaction_id", "initiative_id", "person_id", "email", "kind", "value"} {
		if v, ok := r[c]; ok {
			parts = append(parts, fmt.Sprintf("%s %v", c, v))
		}
	}
	return strings.Join(parts, ", ")
}

// sqlValue turns a value decoded from a record (json.Number for numbers)
// back into what the driver stores.
func sqlValue(v any) any {
	n, ok := v.(json.Number)
	if !ok {
		return v
	}
	if i, err := strconv.ParseInt(string(n), 10, 64); err == nil {
		return i
	}
	f, _ := n.Float64()
	return f
}

// sameRows reports whether two sets of rows hold the same values, whether
// read now or decoded from a record.
func sameRows(a, b []Row) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}

// normRows makes rows read now compare with rows decoded from a record.
func normRows(rs []Row) []Row {
	if len(rs) == 0 {
		return nil
	}
	b, _ := json.Marshal(rs)
	var out []Row
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	_ = dec.Decode(&out)
	return out
}

const mergeCols = "id, kept, merged, at, undone"

func scanMerge(s interface{ Scan(...any) error }) (*MergeRecord, error) {
	var r MergeRecord
	var at int64
	var undone sql.NullInt64
	if err := s.Scan(&r.ID, &r.Kept, &r.Merged, &at, &undone); err != nil {
		return nil, err
	}
	r.At, r.Undone = fromUnix(at), fromNullUnix(undone)
	return &r, nil
}

// FindMerges returns the workspace's recorded merges, newest first,
// without their bodies.
func (tx *Tx) FindMerges(ctx context.Context) ([]*MergeRecord, error) {
	rows, err := tx.query(ctx, "SELECT "+mergeCols+" FROM merges WHERE workspace_id = ? ORDER BY id DESC", tx.ws)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*MergeRecord
	for rows.Next() {
		r, err := scanMerge(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// FindMerge returns one recorded merge with its body, or ENOTFOUND.
func (tx *Tx) FindMerge(ctx context.Context, id int64) (*MergeRecord, error) {
	var body string
	var r MergeRecord
	var at int64
	var undone sql.NullInt64
	err := tx.queryRow(ctx, "SELECT "+mergeCols+", body FROM merges WHERE workspace_id = ? AND id = ?", tx.ws, id).
		Scan(&r.ID, &r.Kept, &r.Merged, &at, &undone, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ally.Errorf(ally.ENOTFOUND, "no merge with id %d", id)
	}
	if err != nil {
		return nil, err
	}
	r.At, r.Undone = fromUnix(at), fromNullUnix(undone)
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	r.Body = &MergeBody{}
	if err := dec.Decode(r.Body); err != nil {
		return nil, fmt.Errorf("merge %d: decode body: %w", id, err)
	}
	return &r, nil
}

// UnmergePeople undoes a recorded merge: the merged person comes back
// under their original id with every row the merge moved or removed, and
// the kept person's rows are as they were before it. It refuses with
// ECONFLICT what it cannot restore exactly: a merge already undone, a
// later merge of either person still standing, a kept person whose record
// (fields, notes, emails, tags, identities, relationship) changed since,
// rows the merge moved that were since removed or changed hands, a
// decision rule edited since, or an id taken since. Rows added to the kept
// person after the merge stay with the kept person.
func (tx *Tx) UnmergePeople(ctx context.Context, id int64) (*MergeRecord, error) {
	rec, err := tx.FindMerge(ctx, id)
	if err != nil {
		return nil, err
	}
	if !rec.Undone.IsZero() {
		return nil, ally.Errorf(ally.ECONFLICT, "merge %d was undone on %s", id, rec.Undone.Format(time.DateOnly))
	}
	var later int64
	err = tx.queryRow(ctx, `SELECT id FROM merges WHERE workspace_id = ? AND id > ? AND undone IS NULL
		AND (kept IN (?, ?) OR merged IN (?, ?)) ORDER BY id DESC LIMIT 1`, tx.ws, id, rec.Kept, rec.Merged, rec.Kept, rec.Merged).Scan(&later)
	if err == nil {
		return nil, ally.Errorf(ally.ECONFLICT, "merge %d is newer and involves the same people: unmerge %d first", later, later)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	b, k, m := rec.Body, rec.Kept, rec.Merged
	if err := tx.unmergeCheck(ctx, rec); err != nil {
		return nil, err
	}
	// The merged person first (their manager, if any, must still exist),
	// then their emails back from the kept person, tags, identities.
	mp := copyRow(b.Merged.Person)
	if mgr := mp["manager_id"]; mgr != nil {
		if err := tx.requirePeople(ctx, sqlValue(mgr).(int64)); err != nil {
			return nil, ally.Errorf(ally.ECONFLICT, "cannot unmerge: the merged person's manager (person %v) was removed since the merge", mgr)
		}
	}
	if err := tx.insertRow(ctx, "people", mp); err != nil {
		return nil, err
	}
	if _, err := tx.exec(ctx, "DELETE FROM person_emails WHERE workspace_id = ? AND person_id = ?", tx.ws, k); err != nil {
		return nil, err
	}
	if _, err := tx.exec(ctx, "DELETE FROM tags WHERE workspace_id = ? AND person_id = ?", tx.ws, k); err != nil {
		return nil, err
	}
	for _, x := range []struct {
		table string
		rows  []Row
	}{{"person_emails", b.Kept.Emails}, {"person_emails", b.Merged.Emails}, {"tags", b.Kept.Tags}, {"tags", b.Merged.Tags},
		{"not_duplicates", b.Merged.NotDuplicates}} {
		for _, r := range x.rows {
			if err := tx.insertRow(ctx, x.table, r); err != nil {
				return nil, err
			}
		}
	}
	for _, r := range b.Merged.Identities {
		if _, err := tx.exec(ctx, "UPDATE person_identities SET person_id = ? WHERE workspace_id = ? AND person_id = ? AND kind = ? AND value = ?",
			m, tx.ws, k, r["kind"], r["value"]); err != nil {
			return nil, err
		}
	}
	if b.Moved.Relationship {
		if _, err := tx.exec(ctx, "UPDATE relationships SET person_id = ? WHERE workspace_id = ? AND person_id = ?", m, tx.ws, k); err != nil {
			return nil, err
		}
	}
	// The kept person's row as it was (fields, notes, manager, times).
	if err := tx.restorePersonRow(ctx, b.Kept.Person); err != nil {
		return nil, err
	}
	// What was re-pointed points back.
	mv := b.Moved
	back := func(q string, ids []int64) error {
		for _, x := range ids {
			if _, err := tx.exec(ctx, q, m, tx.ws, x, k); err != nil {
				return err
			}
		}
		return nil
	}
	for _, x := range []struct {
		q   string
		ids []int64
	}{{"UPDATE participants SET person_id = ? WHERE workspace_id = ? AND interaction_id = ? AND person_id = ?", mv.Interactions},
		{"UPDATE exchanges SET from_id = ? WHERE workspace_id = ? AND id = ? AND from_id = ?", mv.ExchangesFrom},
		{"UPDATE exchanges SET to_id = ? WHERE workspace_id = ? AND id = ? AND to_id = ?", mv.ExchangesTo},
		{"UPDATE commitments SET from_id = ? WHERE workspace_id = ? AND id = ? AND from_id = ?", mv.CommitmentsFrom},
		{"UPDATE commitments SET to_id = ? WHERE workspace_id = ? AND id = ? AND to_id = ?", mv.CommitmentsTo},
		{"UPDATE stakes SET person_id = ? WHERE workspace_id = ? AND initiative_id = ? AND person_id = ?", mv.Stakes},
		{"UPDATE stance_history SET person_id = ? WHERE workspace_id = ? AND id = ? AND person_id = ?", mv.StanceHistory},
		{"UPDATE repair_plans SET person_id = ? WHERE workspace_id = ? AND id = ? AND person_id = ?", mv.RepairPlans},
		{"UPDATE people SET manager_id = ? WHERE workspace_id = ? AND id = ? AND manager_id = ?", mv.Reports}} {
		if err := back(x.q, x.ids); err != nil {
			return nil, err
		}
	}
	touched := slices.Clone(mv.Interactions)
	for _, rc := range mv.Roles {
		if _, err := tx.exec(ctx, "UPDATE participants SET role = ? WHERE workspace_id = ? AND interaction_id = ? AND person_id = ?",
			string(rc.Before), tx.ws, rc.InteractionID, k); err != nil {
			return nil, err
		}
		touched = append(touched, rc.InteractionID)
	}
	for _, t := range restoreOrder {
		for _, r := range b.Removed[t] {
			if err := tx.insertRow(ctx, t, r); err != nil {
				return nil, err
			}
			if t == "participants" {
				if in, ok := sqlValue(r["interaction_id"]).(int64); ok {
					touched = append(touched, in)
				}
			}
		}
	}
	slices.Sort(touched)
	if err := tx.refreshParts(ctx, slices.Compact(touched)); err != nil {
		return nil, err
	}
	for _, c := range b.Rules {
		if _, err := tx.exec(ctx, "UPDATE initiatives SET rule = ? WHERE workspace_id = ? AND id = ?", c.Before, tx.ws, c.InitiativeID); err != nil {
			return nil, err
		}
	}
	if _, err := tx.exec(ctx, "UPDATE merges SET undone = ? WHERE workspace_id = ? AND id = ?", unix(tx.now), tx.ws, id); err != nil {
		return nil, err
	}
	rec.Undone = tx.now
	return rec, nil
}

// restorePersonRow writes every column of a recorded people row back over
// the current one.
func (tx *Tx) restorePersonRow(ctx context.Context, r Row) error {
	var cols []string
	for c := range r {
		if c == "id" || c == "workspace_id" {
			continue
		}
		if !identRE.MatchString(c) {
			return fmt.Errorf("merge record names column %q of people", c)
		}
		cols = append(cols, c)
	}
	sort.Strings(cols)
	var args []any
	for _, c := range cols {
		args = append(args, sqlValue(r[c]))
	}
	set := strings.Join(cols, " = ?, ") + " = ?"
	_, err := tx.exec(ctx, "UPDATE people SET "+set+" WHERE workspace_id = ? AND id = ?", append(args, tx.ws, sqlValue(r["id"]))...)
	return err
}

// unmergeCheck refuses an unmerge that could not restore exactly (see
// UnmergePeople), before anything is written.
func (tx *Tx) unmergeCheck(ctx context.Context, rec *MergeRecord) error {
	b, k, m := rec.Body, rec.Kept, rec.Merged
	conflict := func(format string, args ...any) error {
		return ally.Errorf(ally.ECONFLICT, "cannot unmerge merge %d exactly: "+format, append([]any{rec.ID}, args...)...)
	}
	// Person ids are unique across workspaces (one rowid sequence), and
	// SQLite hands the highest freed id to the next new row.
	var one int
	err := tx.queryRow(ctx, "SELECT 1 FROM people WHERE id = ?", m).Scan(&one)
	if err == nil {
		return conflict("person id %d, the merged person's, has been given to someone else since", m)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	now, err := tx.personRows(ctx, k)
	if ally.ErrorCode(err) == ally.ENOTFOUND {
		return conflict("the kept person (id %d) was removed since", k)
	}
	if err != nil {
		return err
	}
	now.NotDuplicates, b.KeptAfter.NotDuplicates = nil, nil
	for _, x := range []struct {
		what      string
		now, then []Row
	}{{"record (fields, notes)", []Row{now.Person}, []Row{b.KeptAfter.Person}}, {"emails", now.Emails, b.KeptAfter.Emails},
		{"tags", now.Tags, b.KeptAfter.Tags}, {"identities", now.Identities, b.KeptAfter.Identities},
		{"relationship", now.Relationship, b.KeptAfter.Relationship}} {
		if !sameRows(normRows(x.now), x.then) {
			return conflict("%s's %s changed since the merge (undo that change first)", nameOf(now.Person), x.what)
		}
	}
	mv := b.Moved
	for _, x := range []struct {
		what, q string
		ids     []int64
	}{{"interaction", "SELECT count(*) FROM participants WHERE workspace_id = ? AND person_id = ? AND interaction_id = ?", mv.Interactions},
		{"ledger entry", "SELECT count(*) FROM exchanges WHERE workspace_id = ? AND from_id = ? AND id = ?", mv.ExchangesFrom},
		{"ledger entry", "SELECT count(*) FROM exchanges WHERE workspace_id = ? AND to_id = ? AND id = ?", mv.ExchangesTo},
		{"commitment", "SELECT count(*) FROM commitments WHERE workspace_id = ? AND from_id = ? AND id = ?", mv.CommitmentsFrom},
		{"commitment", "SELECT count(*) FROM commitments WHERE workspace_id = ? AND to_id = ? AND id = ?", mv.CommitmentsTo},
		{"stake in initiative", "SELECT count(*) FROM stakes WHERE workspace_id = ? AND person_id = ? AND initiative_id = ?", mv.Stakes},
		{"stance change", "SELECT count(*) FROM stance_history WHERE workspace_id = ? AND person_id = ? AND id = ?", mv.StanceHistory},
		{"repair plan", "SELECT count(*) FROM repair_plans WHERE workspace_id = ? AND person_id = ? AND id = ?", mv.RepairPlans},
		{"report (person)", "SELECT count(*) FROM people WHERE workspace_id = ? AND manager_id = ? AND id = ?", mv.Reports}} {
		for _, id := range x.ids {
			var n int
			if err := tx.queryRow(ctx, x.q, tx.ws, k, id).Scan(&n); err != nil {
				return err
			}
			if n != 1 {
				return conflict("%s %d that the merge moved to %s was removed or moved since", x.what, id, nameOf(now.Person))
			}
		}
	}
	for _, rc := range mv.Roles {
		var role string
		err := tx.queryRow(ctx, "SELECT role FROM participants WHERE workspace_id = ? AND interaction_id = ? AND person_id = ?", tx.ws, rc.InteractionID, k).Scan(&role)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && role != string(rc.After)) {
			return conflict("interaction %d that both took part in was changed or removed since", rc.InteractionID)
		}
		if err != nil {
			return err
		}
	}
	for _, r := range b.Removed["participants"] {
		in := sqlValue(r["interaction_id"])
		if !rowExists(b.Removed["interactions"], "id", in) {
			var n int
			if err := tx.queryRow(ctx, "SELECT count(*) FROM interactions WHERE workspace_id = ? AND id = ?", tx.ws, in).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return conflict("interaction %v that both took part in was removed since", in)
			}
		}
	}
	for _, c := range b.Rules {
		var rule string
		err := tx.queryRow(ctx, "SELECT rule FROM initiatives WHERE workspace_id = ? AND id = ?", tx.ws, c.InitiativeID).Scan(&rule)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && rule != c.After) {
			return conflict("the decision rule of initiative %d was changed or removed since", c.InitiativeID)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func rowExists(rs []Row, col string, v any) bool {
	for _, r := range rs {
		if sqlValue(r[col]) == v {
			return true
		}
	}
	return false
}

func copyRow(r Row) Row {
	out := make(Row, len(r))
	for k, v := range r {
		out[k] = v
	}
	return out
}

func nameOf(r Row) string {
	if s, ok := r["name"].(string); ok {
		return s
	}
	return "the kept person"
}

// AddNotDuplicate records that two people are not one person, so that
// they are never suggested as duplicates again; recording it twice is no
// error. ENOTFOUND for a person not in the workspace.
func (tx *Tx) AddNotDuplicate(ctx context.Context, a, b int64) error {
	if a == b {
		return ally.Errorf(ally.EINVALID, "a person is always their own duplicate: give two people")
	}
	if err := tx.requirePeople(ctx, a, b); err != nil {
		return err
	}
	a, b = min(a, b), max(a, b)
	_, err := tx.exec(ctx, "INSERT INTO not_duplicates (workspace_id, a, b, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", tx.ws, a, b, unix(tx.now))
	return err
}

// FindNotDuplicates returns the pairs recorded as not one person, each
// with the lower id first.
func (tx *Tx) FindNotDuplicates(ctx context.Context) ([][2]int64, error) {
	rows, err := tx.query(ctx, "SELECT a, b FROM not_duplicates WHERE workspace_id = ? ORDER BY a, b", tx.ws)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][2]int64
	for rows.Next() {
		var p [2]int64
		if err := rows.Scan(&p[0], &p[1]); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
