package app

import (
	"context"
	"slices"
	"sort"
	"strconv"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
)

// PersonView is a person with what Me's workspace knows about them.
type PersonView struct {
	*ally.Person
	Direction    ally.Direction     `json:"direction,omitempty"` // "" for Me
	Me           bool               `json:"me,omitempty"`
	ManagerName  string             `json:"manager,omitempty"`
	Relationship *ally.Relationship `json:"relationship,omitempty"`
}

// requireMe reports ENOTFOUND when the workspace has no Me. The use cases
// about Me's relationships (the agenda, health, the map, logging, warm
// paths, snapshots) have nothing to stand on without one; the message is
// written once here so that every one of them says the same.
func (a *App) requireMe() error {
	if a.WS.MeID == 0 {
		return ally.Errorf(ally.ENOTFOUND, "workspace %q has no Me", a.WS.Name).WithHint(ally.HintInit)
	}
	return nil
}

// ListFilter selects people for ListPeople: those matching the person
// filter (Me only with IncludeMe), one page of them.
type ListFilter struct {
	ally.PersonFilter
	IncludeMe bool
	Page
}

// ListPeople returns one page of the people matching the filter with their
// direction and relationship, by name, and how many match in all.
func (a *App) ListPeople(ctx context.Context, f ListFilter) (List[*PersonView], error) {
	out := []*PersonView{}
	if err := f.Page.Validate(); err != nil {
		return pageOf(out, f.Page), err
	}
	if f.Direction != "" {
		if err := f.Direction.Validate(); err != nil {
			return pageOf(out, f.Page), err
		}
	}
	if f.Tier != "" {
		if err := f.Tier.Validate(); err != nil {
			return pageOf(out, f.Page), err
		}
	}
	err := a.view(ctx, func(tx *store.Tx) error {
		all, err := tx.FindPeople(ctx, ally.PersonFilter{})
		if err != nil {
			return err
		}
		dirs := ally.DeriveDirections(all, a.WS.MeID)
		names := make(map[int64]string, len(all))
		for _, p := range all {
			names[p.ID] = p.Name
		}
		rels, err := relationshipMap(ctx, tx)
		if err != nil {
			return err
		}
		ps := all
		if f.PersonFilter != (ally.PersonFilter{Direction: f.Direction}) {
			pf := f.PersonFilter
			pf.Direction = ""
			if ps, err = tx.FindPeople(ctx, pf); err != nil {
				return err
			}
		}
		for _, p := range ps {
			if p.ID == a.WS.MeID && !f.IncludeMe {
				continue
			}
			if f.Direction != "" && dirs[p.ID] != f.Direction {
				continue
			}
			out = append(out, &PersonView{Person: p, Direction: dirs[p.ID], Me: p.ID == a.WS.MeID,
				ManagerName: names[p.ManagerID], Relationship: rels[p.ID]})
		}
		return nil
	})
	return pageOf(out, f.Page), err
}

func relationshipMap(ctx context.Context, tx *store.Tx) (map[int64]*ally.Relationship, error) {
	rs, err := tx.FindRelationships(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[int64]*ally.Relationship, len(rs))
	for _, r := range rs {
		m[r.PersonID] = r
	}
	return m, nil
}

// PersonInput is what `person add` and `person edit` take. Nil fields are
// left as they are on edit.
type PersonInput struct {
	Name, Title, Department, Team, Location, Organisation, Notes *string
	Emails                                                       *[]string
	Manager                                                      *int64 // a person's id; 0 clears
	Level                                                        *int
	Direction                                                    *string // override; "" or "auto" clears
}

func (in *PersonInput) apply(ctx context.Context, tx *store.Tx, meID int64, p *ally.Person) error {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&p.Name, in.Name)
	set(&p.Title, in.Title)
	set(&p.Department, in.Department)
	set(&p.Team, in.Team)
	set(&p.Location, in.Location)
	set(&p.Organisation, in.Organisation)
	set(&p.Notes, in.Notes)
	if in.Emails != nil {
		p.Emails = *in.Emails
	}
	if in.Level != nil {
		p.Level = *in.Level
	}
	if in.Direction != nil {
		d := *in.Direction
		if d == "auto" {
			d = ""
		}
		p.DirOverride = ally.Direction(d)
	}
	if in.Manager != nil {
		if *in.Manager == 0 {
			p.ManagerID = 0
		} else {
			m, err := person(ctx, tx, *in.Manager)
			if err != nil {
				return prefix("manager", err)
			}
			p.ManagerID = m.ID
		}
	}
	return nil
}

// prefix puts a field name in front of an ally error's message.
func prefix(field string, err error) error {
	return ally.Errorf(ally.ErrorCode(err), "%s: %s", field, ally.ErrorMessage(err))
}

// AddPerson creates a person.
func (a *App) AddPerson(ctx context.Context, in PersonInput) (*ally.Person, error) {
	p := &ally.Person{}
	err := a.update(ctx, func(tx *store.Tx) error {
		if err := in.apply(ctx, tx, a.WS.MeID, p); err != nil {
			return err
		}
		return tx.CreatePerson(ctx, p)
	})
	return p, err
}

// EditPerson changes the given fields of a person.
func (a *App) EditPerson(ctx context.Context, id int64, in PersonInput) (*ally.Person, error) {
	var p *ally.Person
	err := a.update(ctx, func(tx *store.Tx) (err error) {
		if p, err = person(ctx, tx, id); err != nil {
			return err
		}
		if p.ID == a.WS.MeID && in.Organisation != nil && *in.Organisation != "" {
			return ally.Errorf(ally.EINVALID, "organisation: Me defines the home organisation; leave it empty")
		}
		if err := in.apply(ctx, tx, a.WS.MeID, p); err != nil {
			return err
		}
		return tx.UpdatePerson(ctx, p)
	})
	return p, err
}

// RemovePerson deletes a person and what belongs to them alone. Me cannot
// be removed.
func (a *App) RemovePerson(ctx context.Context, id int64) (*ally.Person, error) {
	var p *ally.Person
	err := a.update(ctx, func(tx *store.Tx) (err error) {
		if p, err = person(ctx, tx, id); err != nil {
			return err
		}
		if p.ID == a.WS.MeID {
			return ally.Errorf(ally.EINVALID, "Me cannot be removed from the workspace")
		}
		// A decision rule names its voters and veto holders; removing one
		// would leave the rule pointing at nobody.
		gs, err := tx.FindInitiatives(ctx)
		if err != nil {
			return err
		}
		for _, g := range gs {
			_, votes := g.Rule.Weights[p.ID]
			veto := false
			for _, v := range g.Rule.Vetoes {
				veto = veto || v == p.ID
			}
			if votes || veto {
				return ally.Errorf(ally.ECONFLICT, "%s is named in the decision rule of initiative #%d %s", p.Name, g.ID, g.Name).
					WithHint(ally.HintEditRule, "id", strconv.FormatInt(g.ID, 10))
			}
		}
		return tx.DeletePerson(ctx, p.ID)
	})
	if err != nil {
		return nil, err
	}
	// What the deletion freed is zeroed (secure_delete); the old page
	// images in the write-ahead log go with the checkpoint.
	return p, a.DB.Scrub(ctx)
}

// Tag adds tags to a person; a tag they have already is kept once.
func (a *App) Tag(ctx context.Context, id int64, tags []ally.Tag) (*ally.Person, error) {
	return a.retag(ctx, id, tags, false)
}

// Untag removes tags from a person; a tag they lack is no error.
func (a *App) Untag(ctx context.Context, id int64, tags []ally.Tag) (*ally.Person, error) {
	return a.retag(ctx, id, tags, true)
}

func (a *App) retag(ctx context.Context, id int64, tags []ally.Tag, remove bool) (*ally.Person, error) {
	var p *ally.Person
	err := a.update(ctx, func(tx *store.Tx) (err error) {
		if p, err = person(ctx, tx, id); err != nil {
			return err
		}
		for i := range tags {
			if err := tags[i].Validate(); err != nil {
				return err
			}
		}
		if remove {
			kept := p.Tags[:0]
			for _, t := range p.Tags {
				drop := false
				for _, r := range tags {
					drop = drop || r == t
				}
				if !drop {
					kept = append(kept, t)
				}
			}
			p.Tags = kept
		} else {
			p.Tags = append(p.Tags, tags...)
		}
		sort.Slice(p.Tags, func(i, j int) bool {
			if p.Tags[i].Kind != p.Tags[j].Kind {
				return p.Tags[i].Kind < p.Tags[j].Kind
			}
			return p.Tags[i].Value < p.Tags[j].Value
		})
		p.Tags = slices.Compact(p.Tags)
		return tx.UpdatePerson(ctx, p)
	})
	return p, err
}
