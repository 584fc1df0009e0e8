package app

// One person, many records (issue 11): the likely duplicates that no
// identity proves are suggested (Duplicates), a person decides (Merge, or
// NotDuplicate: "don't merge"), and a merge is recorded so that Unmerge
// undoes it exactly.
//
// What Unmerge allows and refuses (store.UnmergePeople has the list): it
// undoes the latest standing merge of the people involved, and refuses
// (ECONFLICT) when it could not put every row back as it was: the kept
// person's own record (fields, notes, emails, tags, identities,
// relationship) was changed since, a row the merge moved was removed or
// moved on, a decision rule it rewrote was edited, or an id it needs was
// given to a new row. What was added to the kept person after the merge
// (a new interaction, a new ledger entry) stays with the kept person.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/identity"
	"github.com/allyhq/ally/store"
)

// DuplicatePerson is one side of a suggested duplicate.
type DuplicatePerson struct {
	ID           int64    `json:"id"`
	Name         string   `json:"name"`
	Emails       []string `json:"emails,omitempty"`
	Organisation string   `json:"organisation,omitempty"`
}

// DuplicateView is a pair of people who look like one person, with how
// sure the suggestion is (0.5 to 0.99) and why, in words and as signals.
type DuplicateView struct {
	A       DuplicatePerson   `json:"a"`
	B       DuplicatePerson   `json:"b"`
	Score   float64           `json:"score"`
	Reason  string            `json:"reason"`
	Signals []identity.Signal `json:"signals,omitempty"`
}

// Duplicates suggests the pairs of people who are likely one person, best
// first (identity.Suggest), leaving out the pairs recorded as not one
// person and the pairs of merges that were undone (an unmerge says they
// are two).
func (a *App) Duplicates(ctx context.Context) ([]DuplicateView, error) {
	out := []DuplicateView{}
	err := a.view(ctx, func(tx *store.Tx) error {
		ps, err := tx.FindPeople(ctx, ally.PersonFilter{})
		if err != nil {
			return err
		}
		ids, err := tx.FindIdentities(ctx, 0)
		if err != nil {
			return err
		}
		byPerson := map[int64][]store.PersonIdentity{}
		for _, id := range ids {
			byPerson[id.PersonID] = append(byPerson[id.PersonID], id)
		}
		cands := make([]identity.Candidate, len(ps))
		byID := make(map[int64]*ally.Person, len(ps))
		for i, p := range ps {
			byID[p.ID] = p
			c := identity.Candidate{ID: p.ID, Name: p.Name, Emails: p.Emails, Organisation: p.Organisation}
			// Me's organisation is the home one, stored as empty; ally does
			// not know its name, so Me's stays unknown (it counts neither
			// way) rather than wrongly differing from a colleague's.
			for _, id := range byPerson[p.ID] {
				c.Identities = append(c.Identities, identity.Identity{Kind: identity.Kind(id.Kind), Value: id.Value})
				if id.Source != "" && !slices.Contains(c.Sources, id.Source) {
					c.Sources = append(c.Sources, id.Source)
				}
			}
			cands[i] = c
		}
		not, err := notPairs(ctx, tx)
		if err != nil {
			return err
		}
		for _, s := range identity.Suggest(cands, not) {
			pa, pb := byID[s.A], byID[s.B]
			if pa == nil || pb == nil {
				continue
			}
			out = append(out, DuplicateView{A: dupPerson(pa), B: dupPerson(pb), Score: s.Score, Reason: s.Reason, Signals: s.Signals})
		}
		return nil
	})
	return out, err
}

func dupPerson(p *ally.Person) DuplicatePerson {
	return DuplicatePerson{ID: p.ID, Name: p.Name, Emails: p.Emails, Organisation: p.Organisation}
}

// notPairs is the pairs never to suggest: recorded as not one person, or
// merged and unmerged.
func notPairs(ctx context.Context, tx *store.Tx) (map[[2]int64]bool, error) {
	out := map[[2]int64]bool{}
	ps, err := tx.FindNotDuplicates(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		out[p] = true
	}
	ms, err := tx.FindMerges(ctx)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		if !m.Undone.IsZero() {
			out[[2]int64{min(m.Kept, m.Merged), max(m.Kept, m.Merged)}] = true
		}
	}
	return out, nil
}

// NotDuplicate records that two people are not one person ("don't
// merge"): Duplicates never suggests the pair again.
func (a *App) NotDuplicate(ctx context.Context, x, y int64) error {
	return a.update(ctx, func(tx *store.Tx) error {
		if _, err := people(ctx, tx, []int64{x, y}); err != nil {
			return err
		}
		return tx.AddNotDuplicate(ctx, x, y)
	})
}

// FieldSource says where one of the kept person's fields came from in a
// merge: "kept" (theirs, which wins when set; Other is the merged
// person's different value, dropped from the record but kept in the merge
// record) or "merged" (theirs was empty).
type FieldSource struct {
	Field string `json:"field"`
	Value string `json:"value"`
	From  string `json:"from"`
	Other string `json:"other,omitempty"`
}

// MergeCounts is what a merge moved to the kept person and what it took
// out because it would name one person twice.
type MergeCounts struct {
	Interactions  int `json:"interactions"`        // the merged person's part, now the kept one's
	Shared        int `json:"shared_interactions"` // both took part: one participant left
	Between       int `json:"interactions_between"`
	LedgerEntries int `json:"ledger_entries"`
	Commitments   int `json:"commitments"`
	// LedgerBetween and CommitmentsBetween were between the two alone:
	// taken out (a favour to oneself is none), kept in the merge record.
	LedgerBetween      int    `json:"ledger_between,omitempty"`
	CommitmentsBetween int    `json:"commitments_between,omitempty"`
	Stakes             int    `json:"stakes"`
	StakesBoth         int    `json:"stakes_both"` // both had one: the kept person's stays
	RepairPlans        int    `json:"repair_plans"`
	Reports            int    `json:"reports"`
	Emails             int    `json:"emails"`
	Tags               int    `json:"tags"`
	Identities         int    `json:"identities"`
	Rules              int    `json:"rules"`
	Relationship       string `json:"relationship,omitempty"` // "kept" (both had one), "moved" (only the merged), "" (none)
}

// MergeView is a merge done (or, from MergeOf, one that would be done).
type MergeView struct {
	MergeID int64         `json:"merge_id,omitempty"` // 0 for a preview
	Kept    *ally.Person  `json:"kept"`
	Merged  *ally.Person  `json:"merged"`
	Fields  []FieldSource `json:"fields"`
	Counts  MergeCounts   `json:"moved"`
}

// errPreview rolls back the transaction of a merge preview.
var errPreview = errors.New("merge preview")

// MergeOf says what merging merge into keep would do, without doing it:
// what a face shows before it asks. It runs the merge in a transaction it
// rolls back, so the preview is exactly what Merge would do.
func (a *App) MergeOf(ctx context.Context, keep, merge int64) (*MergeView, error) {
	v, err := a.merge(ctx, keep, merge, true)
	if errors.Is(err, errPreview) {
		err = nil
	}
	if v != nil {
		v.MergeID = 0
	}
	return v, err
}

// Merge makes two records of one person one: everything about the person
// merge (ids, emails, identities, tags, interactions, ledger, commitments,
// stakes, repair plans, reports, places in decision rules, relationship)
// moves to keep, whose record, the older history, is kept: its non-empty
// fields win, empty ones are filled from the merged person's, and the
// merged person's notes are appended under a line naming the merge. In an
// interaction both took part in, keep remains with the stronger role
// (initiator > to > cc); in an initiative both have a stake in, keep's
// stake stays; Me's relationship is keep's if any, else merge's. What
// would name one person twice is taken out (see MergeCounts) and, like
// everything else, kept in the merge record for Unmerge. One transaction:
// a refused merge changes nothing. Me can be kept, never merged away
// (EINVALID); one id twice is EINVALID; an id not in the workspace is
// ENOTFOUND.
func (a *App) Merge(ctx context.Context, keep, merge int64) (*MergeView, error) {
	return a.merge(ctx, keep, merge, false)
}

func (a *App) merge(ctx context.Context, keep, merge int64, preview bool) (*MergeView, error) {
	var v *MergeView
	err := a.update(ctx, func(tx *store.Tx) error {
		if keep == merge {
			return ally.Errorf(ally.EINVALID, "give two different people to merge (both are id %d)", keep)
		}
		ps, err := people(ctx, tx, []int64{keep, merge})
		if err != nil {
			return err
		}
		k, m := ps[0], ps[1]
		if m.ID == a.WS.MeID {
			return ally.Errorf(ally.EINVALID, "%s is Me: Me can be kept, not merged into someone else (the workspace is seen from Me); merge the other way: ally person merge me %d", m.Name, k.ID)
		}
		combined, fields := combine(k, m, k.ID == a.WS.MeID, a.Now)
		rec, err := tx.MergePeople(ctx, store.MergePlan{Kept: combined, Merged: m.ID, Role: strongerRole, Filled: filled(fields)})
		if err != nil {
			return err
		}
		after, err := person(ctx, tx, k.ID)
		if err != nil {
			return err
		}
		v = &MergeView{MergeID: rec.ID, Kept: after, Merged: m, Fields: fields, Counts: mergeCounts(rec.Body)}
		if preview {
			return errPreview
		}
		p, err := params(ctx, tx)
		if err != nil {
			return err
		}
		return writeTies(ctx, tx, p)
	})
	if err != nil && !errors.Is(err, errPreview) {
		return nil, err
	}
	return v, err
}

// roleRank orders roles by strength: who started an interaction, a direct
// recipient, a copied one.
var roleRank = map[ally.Role]int{ally.RoleInitiator: 3, ally.RoleTo: 2, ally.RoleCC: 1}

// strongerRole is the role a merged participant keeps.
func strongerRole(kept, merged ally.Role) ally.Role {
	if roleRank[merged] > roleRank[kept] {
		return merged
	}
	return kept
}

// combine is the kept person's record after a merge: their fields where
// set, the merged person's where not, the merged person's notes appended.
// Me's organisation stays empty (Me defines the home organisation).
func combine(k, m *ally.Person, keptIsMe bool, now time.Time) (*ally.Person, []FieldSource) {
	c := *k
	c.Emails, c.Tags = nil, nil
	var fields []FieldSource
	str := func(name string, dst *string, other string) {
		switch {
		case *dst == "" && other != "":
			*dst = other
			fields = append(fields, FieldSource{Field: name, Value: other, From: "merged"})
		case *dst != "":
			f := FieldSource{Field: name, Value: *dst, From: "kept"}
			if other != *dst {
				f.Other = other
			}
			fields = append(fields, f)
		}
	}
	if k.Name != m.Name {
		fields = append(fields, FieldSource{Field: "name", Value: k.Name, From: "kept", Other: m.Name})
	} else {
		fields = append(fields, FieldSource{Field: "name", Value: k.Name, From: "kept"})
	}
	str("title", &c.Title, m.Title)
	str("department", &c.Department, m.Department)
	str("team", &c.Team, m.Team)
	str("location", &c.Location, m.Location)
	if !keptIsMe {
		str("organisation", &c.Organisation, m.Organisation)
	}
	dir := string(c.DirOverride)
	str("direction_override", &dir, string(m.DirOverride))
	c.DirOverride = ally.Direction(dir)
	level := func(n int) string {
		if n == 0 {
			return ""
		}
		return fmt.Sprint(n)
	}
	lv := level(c.Level)
	str("level", &lv, level(m.Level))
	if c.Level == 0 {
		c.Level = m.Level
	}
	// The manager: the kept person's, unless it is the merged person (who
	// is going) or unset; then the merged person's, unless that is the
	// kept person (no one manages themselves).
	mgr := func(id int64) string {
		if id == 0 {
			return ""
		}
		return fmt.Sprint(id)
	}
	mm := m.ManagerID
	if mm == k.ID {
		mm = 0
	}
	if c.ManagerID == m.ID {
		c.ManagerID = 0
	}
	ms := mgr(c.ManagerID)
	str("manager_id", &ms, mgr(mm))
	if c.ManagerID == 0 {
		c.ManagerID = mm
	}
	if m.Notes != "" {
		sep := fmt.Sprintf("--- merged from %s (id %d) on %s ---", m.Name, m.ID, now.Format(time.DateOnly))
		if c.Notes == "" {
			c.Notes = sep + "\n" + m.Notes
		} else {
			c.Notes = c.Notes + "\n\n" + sep + "\n" + m.Notes
		}
		fields = append(fields, FieldSource{Field: "notes", From: "both"})
	}
	return &c, fields
}

func filled(fs []FieldSource) []string {
	var out []string
	for _, f := range fs {
		if f.From == "merged" {
			out = append(out, f.Field)
		}
	}
	return out
}

func mergeCounts(b *store.MergeBody) MergeCounts {
	mv := b.Moved
	n := MergeCounts{Interactions: len(mv.Interactions), Between: len(b.Removed["interactions"]),
		LedgerEntries: len(mv.ExchangesFrom) + len(mv.ExchangesTo), Commitments: len(mv.CommitmentsFrom) + len(mv.CommitmentsTo),
		LedgerBetween: len(b.Removed["exchanges"]), CommitmentsBetween: len(b.Removed["commitments"]),
		Stakes: len(mv.Stakes), StakesBoth: len(b.Removed["stakes"]), RepairPlans: len(mv.RepairPlans), Reports: len(mv.Reports),
		Emails: len(b.Merged.Emails), Tags: len(b.Merged.Tags), Identities: len(b.Merged.Identities), Rules: len(b.Rules)}
	// The merged person's part removed from shared interactions: their
	// participant rows beyond those of interactions between the two alone.
	n.Shared = len(b.Removed["participants"]) - 2*n.Between
	switch {
	case mv.Relationship:
		n.Relationship = "moved"
	case len(b.Removed["relationships"]) > 0:
		n.Relationship = "kept"
	}
	return n
}

// MergeSummary is one recorded merge in a list.
type MergeSummary struct {
	ID         int64     `json:"id"`
	KeptID     int64     `json:"kept_id"`
	Kept       string    `json:"kept"`
	MergedID   int64     `json:"merged_id"`
	Merged     string    `json:"merged"`
	At         time.Time `json:"at"`
	Undone     time.Time `json:"undone,omitzero"`
	Undoable   bool      `json:"undoable"`
	WhyNotUndo string    `json:"why_not,omitempty"`
}

// Merges lists the recorded merges, newest first, with whether each can
// be undone now and, if not, why.
func (a *App) Merges(ctx context.Context) ([]MergeSummary, error) {
	out := []MergeSummary{}
	err := a.view(ctx, func(tx *store.Tx) error {
		ms, err := tx.FindMerges(ctx)
		if err != nil {
			return err
		}
		names, err := nameMap(ctx, tx)
		if err != nil {
			return err
		}
		for _, m := range ms {
			s := MergeSummary{ID: m.ID, KeptID: m.Kept, Kept: names[m.Kept], MergedID: m.Merged, At: m.At, Undone: m.Undone}
			if full, err := tx.FindMerge(ctx, m.ID); err == nil {
				if n, ok := full.Body.Merged.Person["name"].(string); ok {
					s.Merged = n
				}
			}
			if s.Kept == "" {
				s.Kept = fmt.Sprintf("person %d (removed)", m.Kept)
			}
			out = append(out, s)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Whether each could be undone: the unmerge itself, rolled back.
	for i := range out {
		if !out[i].Undone.IsZero() {
			continue
		}
		_, err := a.unmerge(ctx, out[i].ID, true)
		out[i].Undoable = errors.Is(err, errPreview)
		if !out[i].Undoable && err != nil {
			out[i].WhyNotUndo = ally.ErrorMessage(err)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID > out[j].ID })
	return out, nil
}

// UnmergeView is an undone merge: the merged person back under their
// original id, and the kept person as before the merge.
type UnmergeView struct {
	MergeID int64        `json:"merge_id"`
	Kept    *ally.Person `json:"kept"`
	Merged  *ally.Person `json:"merged"`
}

// Unmerge undoes a recorded merge exactly (see the top of this file for
// what it refuses, ECONFLICT), in one transaction, and recomputes the tie
// strengths. ENOTFOUND for a merge id not recorded in the workspace.
func (a *App) Unmerge(ctx context.Context, mergeID int64) (*UnmergeView, error) {
	return a.unmerge(ctx, mergeID, false)
}

func (a *App) unmerge(ctx context.Context, mergeID int64, preview bool) (*UnmergeView, error) {
	var v *UnmergeView
	err := a.update(ctx, func(tx *store.Tx) error {
		rec, err := tx.UnmergePeople(ctx, mergeID)
		if err != nil {
			return err
		}
		v = &UnmergeView{MergeID: rec.ID}
		if v.Kept, err = person(ctx, tx, rec.Kept); err != nil {
			return err
		}
		if v.Merged, err = person(ctx, tx, rec.Merged); err != nil {
			return err
		}
		if preview {
			return errPreview
		}
		p, err := params(ctx, tx)
		if err != nil {
			return err
		}
		return writeTies(ctx, tx, p)
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}
