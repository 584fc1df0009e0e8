package ally

// DeriveDirections derives every person's direction relative to Me from the org
// chart: Me's management chain is up, Me's reporting tree is down, people of
// another organisation are outside and everyone else is across. A person's
// override wins. Me is not in the result. Cycles in the manager links (which
// the store refuses, but imported data may still hold) are cut.
func DeriveDirections(people []*Person, me int64) map[int64]Direction {
	byID := make(map[int64]*Person, len(people))
	for _, p := range people {
		byID[p.ID] = p
	}
	up := map[int64]bool{}
	if m := byID[me]; m != nil {
		for id := m.ManagerID; id != 0 && !up[id] && id != me; {
			up[id] = true
			p := byID[id]
			if p == nil {
				break
			}
			id = p.ManagerID
		}
	}
	// below[id] caches whether id's chain reaches Me.
	below := map[int64]bool{}
	var reaches func(id int64, depth int) bool
	reaches = func(id int64, depth int) bool {
		if v, ok := below[id]; ok {
			return v
		}
		p := byID[id]
		r := false
		if p != nil && p.ManagerID != 0 && depth < len(people) {
			r = p.ManagerID == me || reaches(p.ManagerID, depth+1)
		}
		below[id] = r
		return r
	}
	out := make(map[int64]Direction, len(people))
	for _, p := range people {
		if p.ID == me {
			continue
		}
		var d Direction
		switch {
		case p.DirOverride != "":
			d = p.DirOverride
		case up[p.ID]:
			d = DirUp
		case reaches(p.ID, 0):
			d = DirDown
		case p.External():
			d = DirOutside
		default:
			d = DirAcross
		}
		out[p.ID] = d
	}
	return out
}
