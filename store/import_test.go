package store_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
)

// importInto runs fn in db.Import inside a new workspace "imported" with two
// people (ids 1 and 2 into an empty database) and one interaction between
// them: the interaction turns on the deferred foreign keys of a bulk
// import, as in a real one.
func importInto(t *testing.T, db *store.DB, fn func(tx *store.Tx) error) error {
	t.Helper()
	return db.Import(ctx, store.Scope{}, func(tx *store.Tx) error {
		if err := tx.InsertWorkspace(ctx, &ally.Workspace{Name: "imported"}); err != nil {
			return err
		}
		for _, n := range []string{"Ana", "Bo"} {
			if err := tx.CreatePerson(ctx, &ally.Person{Name: n}); err != nil {
				return err
			}
		}
		in := &ally.Interaction{Kind: ally.ChanCall, At: t0,
			Participants: []ally.Participant{{PersonID: 1, Role: ally.RoleInitiator}, {PersonID: 2, Role: ally.RoleTo}}}
		if err := tx.CreateInteraction(ctx, in); err != nil {
			return err
		}
		return fn(tx)
	})
}

// A constraint the importer's own check missed comes back from the import
// path as EINVALID naming the table and column, not as the driver's text
// ("constraint failed: UNIQUE constraint failed: commitments.id (1555)",
// exit 1), whether or not a row prefix wraps it; nothing is written.
func TestImportNamesTheConstraint(t *testing.T) {
	commitment := func(id int64) *ally.Commitment {
		return &ally.Commitment{ID: id, FromID: 1, ToID: 2, What: "deck", Due: t0, Created: t0}
	}
	tests := []struct {
		name string
		fn   func(tx *store.Tx) error
		msgs []string
	}{
		{"repeated id", func(tx *store.Tx) error {
			if err := tx.CreateCommitment(ctx, commitment(7)); err != nil {
				return err
			}
			return tx.CreateCommitment(ctx, commitment(7))
		}, []string{"table commitments", "commitments.id", "repeat"}},
		{"repeated id under a row prefix", func(tx *store.Tx) error {
			if err := tx.CreateCommitment(ctx, commitment(7)); err != nil {
				return err
			}
			if err := tx.CreateCommitment(ctx, commitment(7)); err != nil {
				return fmt.Errorf("commitments[1]: %w", err)
			}
			return nil
		}, []string{"commitments[1]: ", "table commitments", "commitments.id"}},
		{"repeated stake", func(tx *store.Tx) error {
			g := &ally.Initiative{Name: "Platform"}
			if err := tx.CreateInitiative(ctx, g); err != nil {
				return err
			}
			s := &ally.Stake{InitiativeID: g.ID, PersonID: 1, Power: 3, Interest: 3, Updated: t0}
			if err := tx.RestoreStake(ctx, s); err != nil {
				return err
			}
			return tx.RestoreStake(ctx, s)
		}, []string{"table stakes", "stakes.initiative_id, stakes.person_id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := mustOpen(t)
			err := importInto(t, db, tt.fn)
			wantCode(t, err, ally.EINVALID, tt.msgs...)
			if ws, _ := db.FindWorkspaces(ctx); len(ws) != 0 {
				t.Errorf("a failed import left %d workspaces", len(ws))
			}
		})
	}
}

// Inside an import the foreign keys are checked at commit (CreateInteractions
// defers them), where a violation is a bare "FOREIGN KEY constraint
// failed" with no row. RestoreStake checks its references itself.
func TestRestoreStakeInImportChecksReferences(t *testing.T) {
	tests := []struct {
		name  string
		stake func(g int64) *ally.Stake
		msg   string
	}{
		{"missing person", func(g int64) *ally.Stake {
			return &ally.Stake{InitiativeID: g, PersonID: 99, Power: 3, Interest: 3, Updated: t0}
		}, "person 99"},
		{"missing initiative", func(g int64) *ally.Stake {
			return &ally.Stake{InitiativeID: g + 50, PersonID: 1, Power: 3, Interest: 3, Updated: t0}
		}, "initiative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := mustOpen(t)
			err := importInto(t, db, func(tx *store.Tx) error {
				g := &ally.Initiative{Name: "Platform", Created: t0.Add(-time.Hour)}
				if err := tx.CreateInitiative(ctx, g); err != nil {
					return err
				}
				return tx.RestoreStake(ctx, tt.stake(g.ID))
			})
			wantCode(t, err, ally.ENOTFOUND, tt.msg)
			if ws, _ := db.FindWorkspaces(ctx); len(ws) != 0 {
				t.Errorf("a failed import left %d workspaces", len(ws))
			}
		})
	}
}
