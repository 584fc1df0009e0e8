package csvin

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/importer"
)

// OrgOptions are the options of ReadOrg.
type OrgOptions struct {
	// Map names the file's columns when they are not the defaults.
	Map Map
	// Skip says what to do with a bad row: see importer.Skip. The checks
	// of the whole chart (managers, cycles, duplicate ids) are not rows
	// and always end the read.
	Skip importer.Skip
}

// maxChartErrors caps how many problems of the whole chart one error
// lists.
const maxChartErrors = 20

// maxOrgRows caps an org chart, which ReadOrg holds whole to check it:
// a file with more rows is not an org chart, and holding it would take
// memory without bound.
const maxOrgRows = 1_000_000

// maxOrgBytes caps the bytes of an org chart, for the same reason: a
// million rows of a megabyte each would still be a terabyte. A variable
// so that tests can lower it.
var maxOrgBytes int64 = 256 << 20

// ReadOrg reads an org chart or people list: one person per row, in file
// order. The only column it needs is name (or given_name and
// family_name, which it joins); see Map for the others and the names they
// go by. Other columns are ignored.
//
// An email cell may hold several addresses separated by ";" or ","; a
// phone cell several numbers separated by ";". Every address, the
// manager's included, must be a bare address ("ana@example.com").
//
// ExternalID is "org:" + the id cell, or when there is none "org-sha256:"
// and the hex SHA-256 of the name (case and spacing folded) and the first
// address (lower case), so that importing the chart again, with titles or
// managers changed, finds the same people.
//
// Managers are checked once every row is read, since a manager may come
// after their reports: each ManagerEmail or ManagerID must name exactly
// one row of the file, by any of its addresses (in any case) or by its
// id; no chain of managers may come back to where it started (a person
// who is their own manager included); and no two rows may have the same
// ExternalID. Any of these is an error naming the rows at fault (up to 20
// of them, joined with errors.Join, each an *importer.Error), and ReadOrg
// then returns no people, so that nothing is written.
//
// ManagerEmail and ManagerID are returned as the file gives them, with
// one exception: HR exports often name the manager by name ("Reports To:
// Ana Lopez"). A manager_name cell, or a manager cell that has no @ and is
// no row's id, is looked up by name (case and spacing folded); a name
// that fits several rows is an error like an ambiguous address, and one
// that fits one row sets ManagerID to that row's id, or ManagerEmail to
// its first address when it has no id (and is an error when it has
// neither, since importer.Person has no other way to point at a row).
func ReadOrg(r io.Reader, file string, opt OrgOptions) ([]importer.Person, error) {
	t, err := open(r, file, opt.Map, orgDefaults, orgFields)
	if err != nil {
		return nil, err
	}
	if t.cols1[fName] < 0 && t.cols1[fGivenName] < 0 && t.cols1[fFamilyName] < 0 {
		if err := t.require(fName); err != nil {
			return nil, err
		}
	}
	var people []importer.Person
	var mnames []string         // per person, the manager's name when the file gives one
	skipped := map[string]int{} // a skipped row's keys (skippedKeys) and line
	for {
		rec, line, bad, err := t.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if bad == nil {
			bad = t.checkUTF8(rec, line, orgFields)
		}
		var p importer.Person
		var mname string
		if bad == nil {
			p, mname, bad = orgRow(t, rec, line)
		}
		if bad != nil {
			if err := opt.Skip.Bad(bad); err != nil {
				return nil, err
			}
			if rec != nil && len(skipped) < maxOrgRows {
				// Remember who the row was, so that a manager it was is
				// not reported as missing from the file.
				for _, k := range skippedKeys(t, rec) {
					if _, ok := skipped[k]; !ok {
						skipped[k] = line
					}
				}
			}
			continue
		}
		if len(people) == maxOrgRows {
			return nil, importer.Errorf(p.Pos, "", "more than %d people: an org chart this long is not one (is it an interaction log?)", maxOrgRows)
		}
		if t.cr.InputOffset() > maxOrgBytes {
			return nil, importer.Errorf(p.Pos, "", "the chart is longer than %d MiB by here: an org chart this long is not one (is it an interaction log?)", maxOrgBytes>>20)
		}
		people = append(people, p)
		mnames = append(mnames, mname)
	}
	if err := checkChart(t, people, mnames, skipped); err != nil {
		return nil, err
	}
	return people, nil
}

// orgRow reads one person, and the manager's name to look up when the
// row names the manager by name (a manager_name cell, or a manager cell
// that is no address and may be an id or a name).
func orgRow(t *table, rec []string, line int) (importer.Person, string, *importer.Error) {
	p := importer.Person{
		Name:         t.cell(rec, fName),
		Title:        t.cell(rec, fTitle),
		Department:   t.cell(rec, fDepartment),
		Team:         t.cell(rec, fTeam),
		Location:     t.cell(rec, fLocation),
		Organisation: t.cell(rec, fOrganisation),
		Notes:        t.cell(rec, fNotes),
		ManagerEmail: t.cell(rec, fManagerEmail),
		ManagerID:    t.cell(rec, fManagerID),
		Pos:          importer.Pos{File: t.file, Line: line},
	}
	if p.Name == "" {
		p.Name = strings.TrimSpace(t.cell(rec, fGivenName) + " " + t.cell(rec, fFamilyName))
	}
	if p.Name == "" {
		return p, "", t.bad(line, fName, "empty: a person needs a name")
	}
	for _, i := range t.colsN[fEmail] {
		for _, e := range splitAny(unneutralise(rec[i]), ";,") {
			if !ally.ValidEmail(e) {
				return p, "", t.badCol(line, i, "%q is not an email address (several are separated by ;)", e)
			}
			p.Emails = append(p.Emails, e)
		}
	}
	for _, i := range t.colsN[fPhone] {
		p.Phones = append(p.Phones, splitAny(unneutralise(rec[i]), ";")...)
	}
	var mname string
	if m := t.cell(rec, fManager); m != "" {
		if strings.Contains(m, "@") {
			if p.ManagerEmail == "" {
				p.ManagerEmail = m
			}
		} else if p.ManagerID == "" {
			p.ManagerID, mname = m, m
		}
	}
	if n := t.cell(rec, fManagerName); n != "" && p.ManagerEmail == "" && p.ManagerID == "" {
		mname = n
	}
	if p.ManagerEmail != "" && !ally.ValidEmail(p.ManagerEmail) {
		f := fManagerEmail
		if t.cols1[f] < 0 {
			f = fManager
		}
		return p, "", t.bad(line, f, "%q is not an email address", p.ManagerEmail)
	}
	if id := t.cell(rec, fID); id != "" {
		if len(id) > 500-len("org:") {
			return p, "", t.bad(line, fID, "%d bytes long; the limit is %d", len(id), 500-len("org:"))
		}
		p.ExternalID = "org:" + id
	} else {
		first := ""
		if len(p.Emails) > 0 {
			first = strings.ToLower(p.Emails[0])
		}
		key := foldName(p.Name)
		b := strconv.AppendInt(nil, int64(len(key)), 10)
		b = append(append(b, ':'), key...)
		b = strconv.AppendInt(b, int64(len(first)), 10)
		b = append(append(b, ':'), first...)
		sum := sha256.Sum256(b)
		p.ExternalID = "org-sha256:" + hex.EncodeToString(sum[:])
	}
	return p, mname, nil
}

// skippedKeys are the keys a bad row would have been found by as a
// manager: "i" + its id, "e" + each address (folded), "n" + its name
// (folded). The cells are taken as they are: the row was bad.
func skippedKeys(t *table, rec []string) []string {
	var keys []string
	if id := t.cell(rec, fID); id != "" {
		keys = append(keys, "i"+id)
	}
	for _, i := range t.colsN[fEmail] {
		for _, e := range splitAny(unneutralise(rec[i]), ";,") {
			keys = append(keys, "e"+ally.NormalizeEmail(e))
		}
	}
	name := t.cell(rec, fName)
	if name == "" {
		name = strings.TrimSpace(t.cell(rec, fGivenName) + " " + t.cell(rec, fFamilyName))
	}
	if name != "" {
		keys = append(keys, "n"+foldName(name))
	}
	return keys
}

// skippedLine finds a manager among the skipped rows.
func skippedLine(skipped map[string]int, by, val string) (int, bool) {
	var keys []string
	switch by {
	case "address":
		keys = []string{"e" + ally.NormalizeEmail(val)}
	case "id":
		keys = []string{"i" + val}
	case "name":
		keys = []string{"n" + foldName(val)}
	default: // id or name
		keys = []string{"i" + val, "n" + foldName(val)}
	}
	for _, k := range keys {
		if l, ok := skipped[k]; ok {
			return l, true
		}
	}
	return 0, false
}

// firstCol is the first of fs the file has a column for (the last of
// them when it has none), for naming the column of an error.
func (t *table) firstCol(fs ...field) field {
	for _, f := range fs {
		if t.cols1[f] >= 0 {
			return f
		}
	}
	return fs[len(fs)-1]
}

// foldName is how names are compared: case and spacing folded.
func foldName(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// splitAny splits s at any of seps, trims each part and drops empty ones.
func splitAny(s, seps string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) }) {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// checkChart checks the chart as a whole: see ReadOrg.
// A manager named by name is resolved here: the row's ManagerID becomes
// the manager's id, or when their row has none, ManagerEmail their first
// address, so that whoever stores the chart links people the same way
// whichever way the file named them.
func checkChart(t *table, people []importer.Person, mnames []string, skipped map[string]int) error {
	var errs []error
	more := 0
	fail := func(e *importer.Error) {
		if len(errs) < maxChartErrors {
			errs = append(errs, e)
		} else {
			more++
		}
	}
	row := func(i int) string {
		return fmt.Sprintf("line %d (%s)", people[i].Pos.Line, people[i].Name)
	}
	rows := func(is []int) string {
		var s []string
		for k, i := range is {
			if k == 10 {
				s = append(s, fmt.Sprintf("and %d more", len(is)-k))
				break
			}
			s = append(s, row(i))
		}
		return strings.Join(s, ", ")
	}

	byExt := make(map[string][]int, len(people))
	byEmail := make(map[string][]int, len(people))
	byID := make(map[string][]int, len(people))
	byName := make(map[string][]int, len(people))
	for i, p := range people {
		byName[foldName(p.Name)] = append(byName[foldName(p.Name)], i)
		byExt[p.ExternalID] = append(byExt[p.ExternalID], i)
		for _, e := range p.Emails {
			// A row that lists an address twice is still one row.
			k := ally.NormalizeEmail(e)
			if is := byEmail[k]; len(is) == 0 || is[len(is)-1] != i {
				byEmail[k] = append(is, i)
			}
		}
		if id, ok := strings.CutPrefix(p.ExternalID, "org:"); ok {
			byID[id] = append(byID[id], i)
		}
	}
	for i, p := range people {
		if is := byExt[p.ExternalID]; len(is) > 1 && is[0] == i {
			what := "the id " + strings.TrimPrefix(p.ExternalID, "org:")
			f := fID
			if !strings.HasPrefix(p.ExternalID, "org:") {
				what, f = "the same name and first address and no id", fName
			}
			fail(t.bad(p.Pos.Line, f, "%d rows have %s: %s; each person needs a row of their own (give each an id)", len(is), what, rows(is)))
		}
	}

	// mgr[i] is the row of i's manager, or -1.
	mgr := make([]int, len(people))
	for i := range people {
		p := &people[i]
		mgr[i] = -1
		var is []int
		var f field
		var by, val string
		switch {
		case p.ManagerEmail != "":
			f, by, val = t.firstCol(fManagerEmail, fManager), "address", p.ManagerEmail
			is = byEmail[ally.NormalizeEmail(p.ManagerEmail)]
		case p.ManagerID != "":
			f, by, val = t.firstCol(fManagerID, fManager), "id", p.ManagerID
			is = byID[p.ManagerID]
		}
		if len(is) == 0 && mnames[i] != "" {
			// No row has that id: the manager cell may be a name.
			f, by, val = t.firstCol(fManagerName, fManager), "name", mnames[i]
			if p.ManagerID != "" {
				by = "id or name"
			}
			is = byName[foldName(mnames[i])]
			if len(is) == 1 {
				m := people[is[0]]
				switch id, ok := strings.CutPrefix(m.ExternalID, "org:"); {
				case ok:
					p.ManagerID = id
				case len(m.Emails) > 0:
					p.ManagerID, p.ManagerEmail = "", m.Emails[0]
				default:
					fail(t.bad(p.Pos.Line, f, "the manager %q is %s, whose row has no id and no address to link them by (give the file an id column)", val, row(is[0])))
					continue
				}
			}
		}
		if val == "" {
			continue
		}
		switch len(is) {
		case 0:
			hint := ""
			if by == "id" && t.cols1[fID] < 0 {
				hint = " (the file has no id column)"
			}
			if l, ok := skippedLine(skipped, by, val); ok {
				hint = fmt.Sprintf(" read: it is the row at line %d, which was skipped as bad", l)
				fail(t.bad(p.Pos.Line, f, "the manager %s %q is no row%s", by, val, hint))
				continue
			}
			fail(t.bad(p.Pos.Line, f, "the manager %s %q is no row of the file%s", by, val, hint))
		case 1:
			mgr[i] = is[0]
		default:
			if by == "id or name" {
				by = "name"
			}
			fail(t.bad(p.Pos.Line, f, "the manager %s %q is ambiguous: %d rows have it: %s", by, val, len(is), rows(is)))
		}
	}

	// Each row has at most one manager, so the chart is a functional
	// graph: walking up from each row ends at the top or in a cycle.
	// state: 0 not seen, 1 on the current walk, 2 done.
	state := make([]byte, len(people))
	var walk []int
	for i := range people {
		walk = walk[:0]
		j := i
		for j >= 0 && state[j] == 0 {
			state[j] = 1
			walk = append(walk, j)
			j = mgr[j]
		}
		if j >= 0 && state[j] == 1 {
			// A cycle: from j's place in the walk to the end. Start it
			// at its first row, so that the message does not depend on
			// where the walk came in.
			k := 0
			for walk[k] != j {
				k++
			}
			cyc := walk[k:]
			first := 0
			for c := range cyc {
				if cyc[c] < cyc[first] {
					first = c
				}
			}
			var names []string
			for c := 0; c <= len(cyc); c++ {
				if c == maxChartErrors {
					names = append(names, "…")
					break
				}
				names = append(names, row(cyc[(first+c)%len(cyc)]))
			}
			p := people[cyc[first]]
			f := t.firstCol(fManagerID, fManager, fManagerName)
			if p.ManagerEmail != "" {
				f = t.firstCol(fManagerEmail, fManager, fManagerName)
			}
			if len(cyc) == 1 {
				fail(t.bad(p.Pos.Line, f, "%s is their own manager; leave the manager empty at the top of the chart", row(cyc[0])))
			} else {
				fail(t.bad(p.Pos.Line, f, "a reporting cycle of %d people: %s", len(cyc), strings.Join(names, " reports to ")))
			}
		}
		for _, w := range walk {
			state[w] = 2
		}
	}
	if len(errs) == 0 {
		return nil
	}
	if more > 0 {
		errs = append(errs, fmt.Errorf("%s: and %d more problems like these", t.file, more))
	}
	return errors.Join(errs...)
}
