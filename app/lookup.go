package app

import (
	"context"
	"strconv"
	"strings"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
)

// Lookups for the faces. The use cases take people and initiatives by id;
// a face turns what its user typed or picked into ids with these.

// ResolveGoal finds one initiative by id or by a fragment of its name that
// matches exactly one (an exact name wins); an ambiguous fragment is an
// error that lists the matches.
func (a *App) ResolveGoal(ctx context.Context, ref string) (*ally.Initiative, error) {
	var g *ally.Initiative
	err := a.view(ctx, func(tx *store.Tx) (err error) {
		g, err = resolveGoal(ctx, tx, ref)
		return err
	})
	return g, err
}

// resolveGoal finds an initiative by id or by a unique fragment of its name.
func resolveGoal(ctx context.Context, tx *store.Tx, ref string) (*ally.Initiative, error) {
	if id, err := strconv.ParseInt(strings.TrimSpace(ref), 10, 64); err == nil {
		return tx.FindInitiativeByID(ctx, id)
	}
	gs, err := tx.FindInitiatives(ctx)
	if err != nil {
		return nil, err
	}
	var match []*ally.Initiative
	for _, g := range gs {
		if strings.EqualFold(g.Name, ref) {
			return g, nil
		}
		if strings.Contains(strings.ToLower(g.Name), strings.ToLower(ref)) {
			match = append(match, g)
		}
	}
	switch len(match) {
	case 0:
		return nil, ally.Errorf(ally.ENOTFOUND, "no initiative matches %q", ref)
	case 1:
		return match[0], nil
	}
	var names []string
	for _, g := range match {
		names = append(names, g.Name+" ("+strconv.FormatInt(g.ID, 10)+")")
	}
	return nil, ally.Errorf(ally.EINVALID, "%q is ambiguous: %s", ref, strings.Join(names, ", "))
}

// LookupGoal returns the initiative whose id (or #id) or exact name, in any
// case, is ref, or nil when there is none: `ally find` reads its words as
// an initiative when they name one and as free text otherwise.
func (a *App) LookupGoal(ctx context.Context, ref string) (*ally.Initiative, error) {
	var g *ally.Initiative
	err := a.view(ctx, func(tx *store.Tx) (err error) {
		g, err = goalByIDOrName(ctx, tx, strings.TrimSpace(ref))
		return err
	})
	return g, err
}

// goalByIDOrName returns the initiative whose id or exact name is ref, or
// nil when there is none (ref is then free text).
func goalByIDOrName(ctx context.Context, tx *store.Tx, ref string) (*ally.Initiative, error) {
	s := strings.TrimPrefix(ref, "#")
	if id, err := strconv.ParseInt(s, 10, 64); err == nil {
		g, err := tx.FindInitiativeByID(ctx, id)
		if ally.ErrorCode(err) == ally.ENOTFOUND {
			return nil, nil
		}
		return g, err
	}
	gs, err := tx.FindInitiatives(ctx)
	if err != nil {
		return nil, err
	}
	for _, g := range gs {
		if strings.EqualFold(g.Name, ref) {
			return g, nil
		}
	}
	return nil, nil
}

// resolve finds one person by reference: an id, an email address, or a
// fragment of a name that matches exactly one person (an exact full-name
// match wins over fragments). "me" is the workspace's user. An ambiguous
// fragment is an error that lists the matches.
func resolve(ctx context.Context, tx *store.Tx, meID int64, ref string) (*ally.Person, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil, ally.Errorf(ally.EINVALID, "person reference is empty")
	}
	// A reference is one line of text, as names are: SQLite's LIKE would
	// read a NUL as the end of the fragment ("7\x00" found Agent 47).
	if err := ally.CheckText("person reference", ref, false); err != nil {
		return nil, err
	}
	if strings.EqualFold(ref, "me") && meID != 0 {
		return tx.FindPersonByID(ctx, meID)
	}
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		p, err := tx.FindPersonByID(ctx, id)
		if ally.ErrorCode(err) == ally.ENOTFOUND {
			return nil, ally.Errorf(ally.ENOTFOUND, "no person with id %d", id)
		}
		return p, err
	}
	if strings.Contains(ref, "@") {
		p, err := tx.FindPersonByEmail(ctx, ref)
		if err == nil || ally.ErrorCode(err) != ally.ENOTFOUND {
			return p, err
		}
	}
	// An exact full name wins over fragments; two people of that name (a
	// duplicate allowed on purpose, or an import) are told apart by the
	// email or id the error lists.
	exact, err := tx.FindPeopleNamed(ctx, ref)
	if err != nil {
		return nil, err
	}
	switch len(exact) {
	case 1:
		return exact[0], nil
	case 0:
	default:
		var names []string
		for _, p := range exact {
			names = append(names, describe(p))
		}
		return nil, ally.Errorf(ally.EINVALID, "%q is ambiguous: %d people have that name: %s; refer to one by email or id",
			ref, len(exact), strings.Join(names, ", "))
	}
	ps, err := tx.FindPeopleByRef(ctx, ref)
	if err != nil {
		return nil, err
	}
	switch len(ps) {
	case 0:
		return nil, ally.Errorf(ally.ENOTFOUND, "no person matches %q", ref)
	case 1:
		return ps[0], nil
	}
	named := map[string]int{}
	for _, p := range ps {
		named[strings.ToLower(p.Name)]++
	}
	var names []string
	for i, p := range ps {
		if i == 8 {
			names = append(names, "…")
			break
		}
		if named[strings.ToLower(p.Name)] > 1 {
			names = append(names, describe(p)) // the email tells them apart
		} else {
			names = append(names, p.Name+" ("+strconv.FormatInt(p.ID, 10)+")")
		}
	}
	return nil, ally.Errorf(ally.EINVALID, "%q is ambiguous: %d people match: %s", ref, len(ps), strings.Join(names, ", "))
}

// Resolve finds one person by reference (see resolve). It is the faces'
// helper for turning what a user typed into the id the use cases take.
func (a *App) Resolve(ctx context.Context, ref string) (*ally.Person, error) {
	var p *ally.Person
	err := a.view(ctx, func(tx *store.Tx) (err error) {
		p, err = resolve(ctx, tx, a.WS.MeID, ref)
		return err
	})
	return p, err
}

// ResolveAll resolves references, each of which may be a comma-separated
// list, to ids in the order given (see resolve).
func (a *App) ResolveAll(ctx context.Context, refs []string) ([]int64, error) {
	var ids []int64
	err := a.view(ctx, func(tx *store.Tx) error {
		for _, r := range refs {
			for _, part := range strings.Split(r, ",") {
				if strings.TrimSpace(part) == "" {
					continue
				}
				p, err := resolve(ctx, tx, a.WS.MeID, part)
				if err != nil {
					return err
				}
				ids = append(ids, p.ID)
			}
		}
		return nil
	})
	return ids, err
}

// Candidates returns the people a fragment of a name or an email address
// could mean, by name, at most limit of them (0: all): what a search box
// offers while the user types.
func (a *App) Candidates(ctx context.Context, fragment string, limit int) ([]*ally.Person, error) {
	fragment = strings.TrimSpace(fragment)
	if err := ally.CheckText("person reference", fragment, false); err != nil {
		return nil, err
	}
	var ps []*ally.Person
	err := a.view(ctx, func(tx *store.Tx) (err error) {
		ps, err = tx.FindPeopleByRef(ctx, fragment)
		return err
	})
	if limit > 0 && len(ps) > limit {
		ps = ps[:limit]
	}
	return ps, err
}

// person reads the person with the given id: the use cases take people by
// id, so that a web form, an API call and the CLI (which resolves what the
// user typed first, with Resolve) name them the same way.
func person(ctx context.Context, tx *store.Tx, id int64) (*ally.Person, error) {
	if id <= 0 {
		return nil, ally.Errorf(ally.EINVALID, "say which person: no id given")
	}
	p, err := tx.FindPersonByID(ctx, id)
	if ally.ErrorCode(err) == ally.ENOTFOUND {
		return nil, ally.Errorf(ally.ENOTFOUND, "no person with id %d", id)
	}
	return p, err
}

// people reads the people with the given ids, in order.
func people(ctx context.Context, tx *store.Tx, ids []int64) ([]*ally.Person, error) {
	out := make([]*ally.Person, 0, len(ids))
	for _, id := range ids {
		p, err := person(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}
