package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/allyhq/ally"
)

const initiativeCols = "id, name, purpose, win_win, rule, target, outcome, decided, created, example"

func scanInitiative(s interface{ Scan(...any) error }) (*ally.Initiative, error) {
	var g ally.Initiative
	var rule, outcome string
	var target, decided sql.NullInt64
	var created int64
	var ex int
	if err := s.Scan(&g.ID, &g.Name, &g.Purpose, &g.WinWin, &rule, &target, &outcome, &decided, &created, &ex); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(rule), &g.Rule); err != nil {
		return nil, fmt.Errorf("initiative %d: decode rule: %w", g.ID, err)
	}
	g.Target, g.Outcome, g.Decided, g.Created, g.Example = fromNullUnix(target), ally.Outcome(outcome), fromNullUnix(decided), fromUnix(created), ex != 0
	return &g, nil
}

// CreateInitiative validates and inserts an initiative. A name already used
// in the workspace is a conflict.
func (tx *Tx) CreateInitiative(ctx context.Context, g *ally.Initiative) error {
	if g.Created.IsZero() {
		g.Created = tx.now
	}
	if err := g.Validate(); err != nil {
		return err
	}
	if err := tx.checkRulePeople(ctx, &g.Rule); err != nil {
		return err
	}
	rule, err := json.Marshal(g.Rule)
	if err != nil {
		return err
	}
	err = tx.queryRow(ctx, `INSERT INTO initiatives (id, workspace_id, name, purpose, win_win, rule, target, outcome, decided, created, example)
		VALUES ({id:initiatives}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		idOrNull(g.ID), tx.ws, g.Name, g.Purpose, g.WinWin, string(rule), nullUnix(g.Target), string(g.Outcome),
		nullUnix(g.Decided), unix(g.Created), boolInt(g.Example)).Scan(&g.ID)
	if errors.Is(tx.db.d.translate(err), errUnique) {
		return ally.Errorf(ally.ECONFLICT, "an initiative named %q already exists", g.Name)
	}
	return err
}

func (tx *Tx) checkRulePeople(ctx context.Context, r *ally.Rule) error {
	for id := range r.Weights {
		if err := tx.requirePeople(ctx, id); err != nil {
			return err
		}
	}
	return tx.requirePeople(ctx, r.Vetoes...)
}

// UpdateInitiative validates and saves an initiative.
func (tx *Tx) UpdateInitiative(ctx context.Context, g *ally.Initiative) error {
	if err := g.Validate(); err != nil {
		return err
	}
	if err := tx.checkRulePeople(ctx, &g.Rule); err != nil {
		return err
	}
	rule, err := json.Marshal(g.Rule)
	if err != nil {
		return err
	}
	res, err := tx.exec(ctx, `UPDATE initiatives SET name = ?, purpose = ?, win_win = ?, rule = ?, target = ?, outcome = ?, decided = ?
		WHERE workspace_id = ? AND id = ?`,
		g.Name, g.Purpose, g.WinWin, string(rule), nullUnix(g.Target), string(g.Outcome), nullUnix(g.Decided), tx.ws, g.ID)
	if errors.Is(tx.db.d.translate(err), errUnique) {
		return ally.Errorf(ally.ECONFLICT, "an initiative named %q already exists", g.Name)
	}
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ally.Errorf(ally.ENOTFOUND, "initiative %d not found", g.ID)
	}
	return nil
}

// FindInitiativeByID returns an initiative or ENOTFOUND.
func (tx *Tx) FindInitiativeByID(ctx context.Context, id int64) (*ally.Initiative, error) {
	g, err := scanInitiative(tx.queryRow(ctx, "SELECT "+initiativeCols+" FROM initiatives WHERE workspace_id = ? AND id = ?", tx.ws, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ally.Errorf(ally.ENOTFOUND, "initiative %d not found", id)
	}
	return g, err
}

// FindInitiatives returns every initiative, by creation.
func (tx *Tx) FindInitiatives(ctx context.Context) ([]*ally.Initiative, error) {
	rows, err := tx.query(ctx, "SELECT "+initiativeCols+" FROM initiatives WHERE workspace_id = ? ORDER BY created, id", tx.ws)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*ally.Initiative
	for rows.Next() {
		g, err := scanInitiative(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// PutStake validates and saves a stake. When the stance is new or changed,
// the change is appended to the stake's history at the transaction's time
// (or at s.Updated when the caller sets it, as imports do).
func (tx *Tx) PutStake(ctx context.Context, s *ally.Stake) error {
	if err := s.Validate(); err != nil {
		return err
	}
	if _, err := tx.FindInitiativeByID(ctx, s.InitiativeID); err != nil {
		return err
	}
	if err := tx.requirePeople(ctx, s.PersonID); err != nil {
		return err
	}
	if s.Updated.IsZero() {
		s.Updated = tx.now
	}
	var prev string
	err := tx.queryRow(ctx, "SELECT stance FROM stakes WHERE workspace_id = ? AND initiative_id = ? AND person_id = ?",
		tx.ws, s.InitiativeID, s.PersonID).Scan(&prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if _, err := tx.exec(ctx, `INSERT INTO stakes (workspace_id, initiative_id, person_id, stance, power, interest, wiifm, ask, next_step, updated)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (initiative_id, person_id) DO UPDATE SET
		stance = excluded.stance, power = excluded.power, interest = excluded.interest, wiifm = excluded.wiifm,
		ask = excluded.ask, next_step = excluded.next_step, updated = excluded.updated`,
		tx.ws, s.InitiativeID, s.PersonID, string(s.Stance), s.Power, s.Interest, s.WIIFM, s.Ask, s.Next, unix(s.Updated)); err != nil {
		return err
	}
	if prev != string(s.Stance) {
		if _, err := tx.exec(ctx, `INSERT INTO stance_history (workspace_id, initiative_id, person_id, at, from_stance, to_stance)
			VALUES (?, ?, ?, ?, ?, ?)`, tx.ws, s.InitiativeID, s.PersonID, unix(s.Updated), prev, string(s.Stance)); err != nil {
			return err
		}
	}
	return nil
}

// RestoreStake writes a stake and its full history as given, for imports.
// It checks that the initiative and the person exist rather than leave it to
// the foreign keys: inside an import they are deferred to the commit (see
// CreateInteractions), where a violation names no row.
func (tx *Tx) RestoreStake(ctx context.Context, s *ally.Stake) error {
	if err := s.Validate(); err != nil {
		return err
	}
	if _, err := tx.FindInitiativeByID(ctx, s.InitiativeID); err != nil {
		return err
	}
	if err := tx.requirePeople(ctx, s.PersonID); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `INSERT INTO stakes (workspace_id, initiative_id, person_id, stance, power, interest, wiifm, ask, next_step, updated)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		tx.ws, s.InitiativeID, s.PersonID, string(s.Stance), s.Power, s.Interest, s.WIIFM, s.Ask, s.Next, unix(s.Updated)); err != nil {
		if errors.Is(tx.db.d.translate(err), errForeignKey) {
			return ally.Errorf(ally.ENOTFOUND, "stake: initiative %d or person %d not found", s.InitiativeID, s.PersonID)
		}
		return err
	}
	for _, h := range s.History {
		if _, err := tx.exec(ctx, `INSERT INTO stance_history (workspace_id, initiative_id, person_id, at, from_stance, to_stance)
			VALUES (?, ?, ?, ?, ?, ?)`, tx.ws, s.InitiativeID, s.PersonID, unix(h.At), string(h.From), string(h.To)); err != nil {
			return err
		}
	}
	return nil
}

// DeleteStake removes a person's stake in an initiative with its history.
func (tx *Tx) DeleteStake(ctx context.Context, initiative, person int64) error {
	res, err := tx.exec(ctx, "DELETE FROM stakes WHERE workspace_id = ? AND initiative_id = ? AND person_id = ?", tx.ws, initiative, person)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ally.Errorf(ally.ENOTFOUND, "person %d has no stake in initiative %d", person, initiative)
	}
	_, err = tx.exec(ctx, "DELETE FROM stance_history WHERE workspace_id = ? AND initiative_id = ? AND person_id = ?", tx.ws, initiative, person)
	return err
}

// FindStakes returns the stakes of an initiative (0 = every initiative) with
// their stance histories, by initiative and person.
func (tx *Tx) FindStakes(ctx context.Context, initiative int64) ([]*ally.Stake, error) {
	q := `SELECT initiative_id, person_id, stance, power, interest, wiifm, ask, next_step, updated
		FROM stakes WHERE workspace_id = ?`
	hq := `SELECT initiative_id, person_id, at, from_stance, to_stance FROM stance_history WHERE workspace_id = ?`
	args := []any{tx.ws}
	if initiative != 0 {
		q += " AND initiative_id = ?"
		hq += " AND initiative_id = ?"
		args = append(args, initiative)
	}
	rows, err := tx.query(ctx, q+" ORDER BY initiative_id, person_id", args...)
	if err != nil {
		return nil, err
	}
	type key struct{ g, p int64 }
	byKey := map[key]*ally.Stake{}
	var out []*ally.Stake
	for rows.Next() {
		var s ally.Stake
		var stance string
		var updated int64
		if err := rows.Scan(&s.InitiativeID, &s.PersonID, &stance, &s.Power, &s.Interest, &s.WIIFM, &s.Ask, &s.Next, &updated); err != nil {
			rows.Close()
			return nil, err
		}
		s.Stance, s.Updated = ally.Stance(stance), fromUnix(updated)
		out = append(out, &s)
		byKey[key{s.InitiativeID, s.PersonID}] = &s
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	hrows, err := tx.query(ctx, hq+" ORDER BY at, id", args...)
	if err != nil {
		return nil, err
	}
	defer hrows.Close()
	for hrows.Next() {
		var g, p, at int64
		var from, to string
		if err := hrows.Scan(&g, &p, &at, &from, &to); err != nil {
			return nil, err
		}
		if s := byKey[key{g, p}]; s != nil {
			s.History = append(s.History, ally.StanceChange{At: fromUnix(at), From: ally.Stance(from), To: ally.Stance(to)})
		}
	}
	return out, hrows.Err()
}
