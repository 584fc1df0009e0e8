package identity

import "slices"

// Index maps identities to people. The import builds it from the
// workspace's identities, then asks it for each incoming record; it adds
// the people it creates as it goes, so that a later record of the same
// file finds them. It is not safe for concurrent use.
type Index struct {
	people map[Identity][]int64 // usually one person; more only in a workspace that already holds duplicates
}

// NewIndex returns an empty index.
func NewIndex() *Index { return &Index{people: map[Identity][]int64{}} }

// Add records that person has id. The zero Identity is ignored; adding
// the same pair twice is harmless.
func (x *Index) Add(person int64, id Identity) {
	if id == (Identity{}) {
		return
	}
	ps := x.people[id]
	if !slices.Contains(ps, person) {
		x.people[id] = append(ps, person)
	}
}

// Remove forgets that person has id (after a merge or an unmerge moves
// it).
func (x *Index) Remove(person int64, id Identity) {
	ps := slices.DeleteFunc(x.people[id], func(p int64) bool { return p == person })
	if len(ps) == 0 {
		delete(x.people, id)
		return
	}
	x.people[id] = ps
}

// Len is the number of distinct identities in the index.
func (x *Index) Len() int { return len(x.people) }

// Match returns the one person every matching identity of ids points to,
// or 0 when none matches. When the matching identities point to more
// than one person, it returns 0 and conflict, those people's ids in
// ascending order: the import does not merge them by itself but reports
// them as a suggestion.
func (x *Index) Match(ids []Identity) (person int64, conflict []int64) {
	var found []int64
	for _, id := range ids {
		for _, p := range x.people[id] {
			if !slices.Contains(found, p) {
				found = append(found, p)
			}
		}
	}
	switch len(found) {
	case 0:
		return 0, nil
	case 1:
		return found[0], nil
	}
	slices.Sort(found)
	return 0, found
}
