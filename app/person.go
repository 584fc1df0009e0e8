package app

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

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
	// ChainStep is how many steps up Me's management chain the person
	// is: 1 for Me's manager, 2 for theirs; 0 for Me and anyone off the
	// chain.
	ChainStep int `json:"chain_step,omitempty"`
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
// filter (Me only with IncludeMe), one page of them. Direction up lists
// Me's management chain in chain order, Me first and once.
type ListFilter struct {
	ally.PersonFilter
	IncludeMe bool
	Page
}

// ListPeople returns one page of the people matching the filter with their
// direction, manager and relationship, by name, and how many match in all.
// With direction up the order is Me's chain: Me (whatever IncludeMe and
// the other filters say, so that the chain has its start), then Me's
// manager, theirs and so on, then anyone else up (a direction set by
// hand), by name.
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
		up := f.Direction == ally.DirUp
		step := map[int64]int{}
		if up {
			step = chainSteps(all, a.WS.MeID)
		}
		if up && a.WS.MeID != 0 && !slices.ContainsFunc(ps, func(p *ally.Person) bool { return p.ID == a.WS.MeID }) {
			// The chain starts at Me whatever the other filters say.
			for _, p := range all {
				if p.ID == a.WS.MeID {
					ps = append([]*ally.Person{p}, ps...)
				}
			}
		}
		for _, p := range ps {
			isMe := p.ID == a.WS.MeID && a.WS.MeID != 0
			if isMe && !f.IncludeMe && !up {
				continue
			}
			if f.Direction != "" && dirs[p.ID] != f.Direction && !(up && isMe) {
				continue
			}
			out = append(out, &PersonView{Person: p, Direction: dirs[p.ID], Me: isMe,
				ManagerName: names[p.ManagerID], Relationship: rels[p.ID], ChainStep: step[p.ID]})
		}
		if up {
			rank := func(v *PersonView) int {
				switch {
				case v.Me:
					return 0
				case v.ChainStep > 0:
					return v.ChainStep
				}
				return len(all) + 1
			}
			sort.SliceStable(out, func(i, j int) bool { return rank(out[i]) < rank(out[j]) })
		}
		return nil
	})
	return pageOf(out, f.Page), err
}

// chainSteps numbers Me's management chain: Me's manager 1, theirs 2, …
// (the store refuses a loop, but a chain is followed once at most).
func chainSteps(all []*ally.Person, me int64) map[int64]int {
	by := make(map[int64]*ally.Person, len(all))
	for _, p := range all {
		by[p.ID] = p
	}
	step := map[int64]int{}
	p := by[me]
	for n := 1; p != nil && p.ManagerID != 0 && n <= len(all); n++ {
		if _, seen := step[p.ManagerID]; seen || p.ManagerID == me {
			break
		}
		step[p.ManagerID] = n
		p = by[p.ManagerID]
	}
	return step
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
	// NewManager, when not empty, is the name of a person to create as
	// the manager (in the same organisation as the person), in the same
	// transaction; Manager is then ignored.
	NewManager string
	// AllowDuplicate adds (or renames to) a name another person already
	// has, as a different person; the person then needs an email address,
	// by which they are told apart. Without it, a name in use is a
	// conflict.
	AllowDuplicate bool
}

// checkName refuses a name another person than p already has (in any
// case), unless the input allows a duplicate and p has an email address
// that tells them apart.
func (in *PersonInput) checkName(ctx context.Context, tx *store.Tx, p *ally.Person) error {
	same, err := tx.FindPeopleNamed(ctx, p.Name)
	if err != nil {
		return err
	}
	var others []string
	for _, q := range same {
		if q.ID != p.ID {
			others = append(others, describe(q))
		}
	}
	switch {
	case len(others) == 0:
		return nil
	case !in.AllowDuplicate:
		return ally.Errorf(ally.ECONFLICT, "a person named %q already exists: %s", strings.TrimSpace(p.Name), strings.Join(others, ", ")).
			WithHint(ally.HintAllowDuplicate, "name", strings.TrimSpace(p.Name))
	case len(p.Emails) == 0 || strings.TrimSpace(strings.Join(p.Emails, "")) == "":
		return ally.Errorf(ally.EINVALID, "email: a second person named %q needs an email address to tell them apart from %s",
			strings.TrimSpace(p.Name), strings.Join(others, ", "))
	}
	return nil
}

// describe names a person with their id and first email, for a message
// that lets the user tell two people of one name apart: "Cy Diaz (id 3,
// cy@acme.org)".
func describe(p *ally.Person) string {
	if len(p.Emails) > 0 {
		return fmt.Sprintf("%s (id %d, %s)", p.Name, p.ID, p.Emails[0])
	}
	return fmt.Sprintf("%s (id %d)", p.Name, p.ID)
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
	if strings.TrimSpace(in.NewManager) != "" {
		m := &ally.Person{Name: in.NewManager, Organisation: p.Organisation}
		if err := (&PersonInput{}).checkName(ctx, tx, m); err != nil {
			return prefix("manager", err)
		}
		if err := tx.CreatePerson(ctx, m); err != nil {
			return prefix("manager", err)
		}
		p.ManagerID = m.ID
	} else if in.Manager != nil {
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
		if err := in.checkName(ctx, tx, p); err != nil {
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
		old := p.Name
		if err := in.apply(ctx, tx, a.WS.MeID, p); err != nil {
			return err
		}
		if in.Name != nil && !strings.EqualFold(strings.TrimSpace(old), strings.TrimSpace(p.Name)) {
			if err := in.checkName(ctx, tx, p); err != nil {
				return err
			}
		}
		return tx.UpdatePerson(ctx, p)
	})
	return p, err
}

// RemovePerson deletes a person and what belongs to them alone (see
// RemovalOf, which says beforehand what that is, and refuses the same
// people: Me, and anyone a decision rule names), and returns what went.
func (a *App) RemovePerson(ctx context.Context, id int64) (*Removal, error) {
	var r *Removal
	err := a.update(ctx, func(tx *store.Tx) (err error) {
		if r, err = a.removal(ctx, tx, id); err != nil {
			return err
		}
		return tx.DeletePerson(ctx, r.Person.ID)
	})
	if err != nil {
		return nil, err
	}
	// What the deletion freed is zeroed (secure_delete); the old page
	// images in the write-ahead log go with the checkpoint.
	return r, a.DB.Scrub(ctx)
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
