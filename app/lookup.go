package app

import (
	"context"
	"sort"
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
		return nil, notFound(ctx, tx, ref)
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

// notFound is the error for a person reference that matches nobody, with
// the closest names as a did-you-mean hint when some are close ("Cyy":
// Cy Diaz). It reads every name, as a typo costs nothing otherwise.
func notFound(ctx context.Context, tx *store.Tx, ref string) error {
	e := ally.Errorf(ally.ENOTFOUND, "no person matches %q", ref)
	ps, err := tx.FindPeople(ctx, ally.PersonFilter{})
	if err != nil {
		return err
	}
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	if near := Closest(ref, names, 3); len(near) > 0 {
		e = e.WithHint(ally.HintDidYouMean, "names", strings.Join(near, "\n"))
	}
	return e
}

// Closest returns the names nearest to what was typed, for a
// did-you-mean: those at the smallest edit distance (optimal string
// alignment: an insertion, a deletion, a substitution or a swap of two
// neighbours is one edit; in any case) from word, against the whole name
// or one of its words (split at spaces and hyphens), within 1 edit for a
// short word and up to 3 for a long one; a name that word begins counts
// as one edit. At most n of them (a name once, in any case), by name;
// none when nothing is that close. Cost: O(len(names) · |word| · |name|).
func Closest(word string, names []string, n int) []string {
	w := []rune(strings.ToLower(strings.TrimSpace(word)))
	if len(w) == 0 || n <= 0 {
		return nil
	}
	limit := min(3, 1+len(w)/4)
	best := limit + 1
	var near []string
	seen := map[string]bool{}
	for _, name := range names {
		low := strings.ToLower(name)
		if seen[low] {
			continue
		}
		d := editDistance(w, []rune(low))
		if strings.HasPrefix(low, string(w)) {
			d = min(d, 1)
		}
		for _, part := range strings.FieldsFunc(low, func(r rune) bool { return r == ' ' || r == '-' }) {
			d = min(d, editDistance(w, []rune(part)))
		}
		switch {
		case d < best:
			best, near = d, near[:0]
			fallthrough
		case d == best:
			near = append(near, name)
			seen[low] = true
		}
	}
	sort.Strings(near)
	return near[:min(n, len(near))]
}

// editDistance is the optimal string alignment distance between a and b:
// the fewest insertions, deletions, substitutions and swaps of two
// neighbours that turn a into b. Cost: O(|a| · |b|).
func editDistance(a, b []rune) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
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
