package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/tie"
)

// check refuses, before anything is written, a dump that would not import
// or that would import into a workspace that then misbehaves: every row is
// held to the domain's rules (the Validate methods, the same as the CLI's),
// every setting to the parser that reads it, every id must be unique in its
// list and every reference must point at a row of the file. Each error is
// EINVALID and names the row and field ("people[12].manager_id: …"),
// after the file's name when ReadDump read it.
func (d *Dump) check() error {
	err := d.checkRows()
	if err != nil && d.file != "" {
		return ally.Errorf(ally.EINVALID, "%s: %s", d.file, ally.ErrorMessage(err))
	}
	return err
}

// invalid returns an EINVALID error about the input at where.
func invalid(where, format string, args ...any) error {
	return ally.Errorf(ally.EINVALID, "%s: %s", where, fmt.Sprintf(format, args...))
}

// rowError puts a row's name in front of its Validate error.
func rowError(where string, err error) error {
	if err == nil {
		return nil
	}
	return ally.Errorf(ally.EINVALID, "%s: %s", where, ally.ErrorMessage(err))
}

// idSet records the ids of one list of a dump, to refuse a repeated one
// (the database's primary key would, with the driver's text).
type idSet struct {
	list     string
	at       map[int64]int // id → index in the list
	required bool          // other rows refer to these ids
}

func newIDSet(list string, required bool) *idSet {
	return &idSet{list: list, at: map[int64]int{}, required: required}
}

// add records the id of row i. A zero id is allowed where nothing refers
// to the row: the database assigns one.
func (s *idSet) add(i int, id int64) error {
	switch {
	case id == 0 && s.required:
		return ally.Errorf(ally.EINVALID, "%s[%d].id is missing", s.list, i)
	case id == 0:
		return nil
	case id < 0:
		return invalid(fmt.Sprintf("%s[%d].id", s.list, i), "%d must be positive", id)
	}
	if j, ok := s.at[id]; ok {
		return invalid(fmt.Sprintf("%s[%d].id", s.list, i), "%d is repeated (%s[%d] has it)", id, s.list, j)
	}
	s.at[id] = i
	return nil
}

func (s *idSet) has(id int64) bool { _, ok := s.at[id]; return ok }

func (d *Dump) checkRows() error {
	if err := d.checkNulls(); err != nil {
		return err
	}
	if err := checkSettings(d.Settings); err != nil {
		return err
	}
	people := newIDSet("people", true)
	for i, p := range d.People {
		if err := people.add(i, p.ID); err != nil {
			return err
		}
	}
	person := func(where string, id int64) error {
		if !people.has(id) {
			return invalid(where, "person %d is not in the file", id)
		}
		return nil
	}
	// Every command works as Me (today's agenda, warm paths, reach): a
	// workspace without one cannot be used.
	if d.Workspace.MeID == 0 {
		return ally.Errorf(ally.EINVALID, "workspace.me_id is missing: every workspace has a Me, the person who uses it")
	}
	if err := person("workspace.me_id", d.Workspace.MeID); err != nil {
		return err
	}
	// As Init and EditPerson: an organisation names another one than Me's.
	if i := people.at[d.Workspace.MeID]; d.People[i].Organisation != "" {
		return invalid(fmt.Sprintf("people[%d].organisation", i), "Me defines the home organisation; leave it empty")
	}
	if err := d.checkPeople(person); err != nil {
		return err
	}
	seen := map[int64]int{}
	for i, r := range d.Relationships {
		where := fmt.Sprintf("relationships[%d]", i)
		q := *r
		if err := rowError(where, q.Validate()); err != nil {
			return err
		}
		if err := person(where+".person_id", r.PersonID); err != nil {
			return err
		}
		if j, ok := seen[r.PersonID]; ok {
			return invalid(where+".person_id", "person %d already has a relationship (relationships[%d])", r.PersonID, j)
		}
		seen[r.PersonID] = i
	}
	if err := d.checkInteractions(person); err != nil {
		return err
	}
	exchanges := newIDSet("exchanges", false)
	for i, e := range d.Exchanges {
		where := fmt.Sprintf("exchanges[%d]", i)
		if err := exchanges.add(i, e.ID); err != nil {
			return err
		}
		q := *e
		if err := rowError(where, q.Validate()); err != nil {
			return err
		}
		if err := person(where+".from_id", e.FromID); err != nil {
			return err
		}
		if err := person(where+".to_id", e.ToID); err != nil {
			return err
		}
	}
	commitments := newIDSet("commitments", false)
	for i, c := range d.Commitments {
		where := fmt.Sprintf("commitments[%d]", i)
		if err := commitments.add(i, c.ID); err != nil {
			return err
		}
		q := *c
		if q.Created.IsZero() {
			q.Created = time.Now() // as CreateCommitment stamps it
		}
		if err := rowError(where, q.Validate()); err != nil {
			return err
		}
		if err := person(where+".from_id", c.FromID); err != nil {
			return err
		}
		if err := person(where+".to_id", c.ToID); err != nil {
			return err
		}
	}
	goals, err := d.checkInitiatives(person)
	if err != nil {
		return err
	}
	if err := d.checkStakes(goals, person); err != nil {
		return err
	}
	plans := newIDSet("repair_plans", false)
	for i, r := range d.RepairPlans {
		where := fmt.Sprintf("repair_plans[%d]", i)
		if err := plans.add(i, r.ID); err != nil {
			return err
		}
		q := *r
		if q.Opened.IsZero() {
			q.Opened = time.Now() // as CreateRepairPlan stamps it
		}
		if err := rowError(where, q.Validate()); err != nil {
			return err
		}
		if err := person(where+".person_id", r.PersonID); err != nil {
			return err
		}
	}
	snaps := newIDSet("snapshots", false)
	for i, s := range d.Snapshots {
		where := fmt.Sprintf("snapshots[%d]", i)
		if err := snaps.add(i, s.ID); err != nil {
			return err
		}
		if s.At.IsZero() {
			return ally.Errorf(ally.EINVALID, "%s.at is missing", where)
		}
		for j, g := range s.Initiatives {
			if !goals.has(g.InitiativeID) {
				return invalid(fmt.Sprintf("%s.initiatives[%d].initiative_id", where, j), "initiative %d is not in the file", g.InitiativeID)
			}
		}
	}
	return nil
}

// checkNulls refuses a JSON null in a list, which decodes to a nil row,
// rather than panic on it below.
func (d *Dump) checkNulls() error {
	for _, l := range []struct {
		field string
		null  func(i int) bool
		n     int
	}{
		{"people", func(i int) bool { return d.People[i] == nil }, len(d.People)},
		{"relationships", func(i int) bool { return d.Relationships[i] == nil }, len(d.Relationships)},
		{"interactions", func(i int) bool { return d.Interactions[i] == nil }, len(d.Interactions)},
		{"exchanges", func(i int) bool { return d.Exchanges[i] == nil }, len(d.Exchanges)},
		{"commitments", func(i int) bool { return d.Commitments[i] == nil }, len(d.Commitments)},
		{"initiatives", func(i int) bool { return d.Initiatives[i] == nil }, len(d.Initiatives)},
		{"stakes", func(i int) bool { return d.Stakes[i] == nil }, len(d.Stakes)},
		{"repair_plans", func(i int) bool { return d.RepairPlans[i] == nil }, len(d.RepairPlans)},
		{"snapshots", func(i int) bool { return d.Snapshots[i] == nil }, len(d.Snapshots)},
	} {
		for i := 0; i < l.n; i++ {
			if l.null(i) {
				return ally.Errorf(ally.EINVALID, "%s[%d]: null is not a row", l.field, i)
			}
		}
	}
	return nil
}

// checkPeople validates each person, their manager and their emails, which
// are unique in a workspace.
func (d *Dump) checkPeople(person func(string, int64) error) error {
	emails := map[string]int{}
	index := make(map[int64]int, len(d.People))
	for i, p := range d.People {
		where := fmt.Sprintf("people[%d]", i)
		index[p.ID] = i
		// Validate normalises the copy (trimmed name, lower-case emails and
		// tags), as CreatePerson will; the tags are cloned because it
		// rewrites them in place.
		q := *p
		q.Tags = slices.Clone(p.Tags)
		if err := rowError(where, q.Validate()); err != nil {
			return err
		}
		if p.ManagerID != 0 {
			if err := person(where+".manager_id", p.ManagerID); err != nil {
				return err
			}
		}
		for _, e := range q.Emails {
			if j, ok := emails[e]; ok {
				return invalid(where+".emails", "%s is repeated (people[%d] has it)", e, j)
			}
			emails[e] = i
		}
	}
	// A management chain that comes back to where it started would make
	// the org chart (and everyone's direction from Me) undefined.
	const (
		unseen = iota
		walking
		done
	)
	state := make([]int, len(d.People))
	for start := range d.People {
		var path []int
		i := start
		for i >= 0 && state[i] == unseen {
			state[i] = walking
			path = append(path, i)
			i = -1
			if m := d.People[path[len(path)-1]].ManagerID; m != 0 {
				i = index[m]
			}
		}
		if i >= 0 && state[i] == walking {
			return invalid(fmt.Sprintf("people[%d].manager_id", i), "the management chain loops back to person %d", d.People[i].ID)
		}
		for _, j := range path {
			state[j] = done
		}
	}
	return nil
}

// checkInteractions validates each interaction and refuses a repeated id
// or a repeated (source, external id), which the database would skip as a
// re-import of the same message, losing the row without a word.
func (d *Dump) checkInteractions(person func(string, int64) error) error {
	ids := newIDSet("interactions", false)
	type ext struct{ source, id string }
	exts := map[ext]int{}
	for i, in := range d.Interactions {
		where := fmt.Sprintf("interactions[%d]", i)
		if err := ids.add(i, in.ID); err != nil {
			return err
		}
		q := *in
		if err := rowError(where, q.Validate()); err != nil {
			return err
		}
		for j, pa := range in.Participants {
			if err := person(fmt.Sprintf("%s.participants[%d].person_id", where, j), pa.PersonID); err != nil {
				return err
			}
		}
		if q.ExternalID != "" {
			k := ext{string(q.Source), q.ExternalID}
			if j, ok := exts[k]; ok {
				return invalid(where+".external_id", "%s %q is repeated (interactions[%d] has it)", k.source, k.id, j)
			}
			exts[k] = i
		}
	}
	return nil
}

// checkInitiatives validates each initiative and its decision rule and
// returns their ids.
func (d *Dump) checkInitiatives(person func(string, int64) error) (*idSet, error) {
	goals := newIDSet("initiatives", true)
	names := map[string]int{}
	for i, g := range d.Initiatives {
		where := fmt.Sprintf("initiatives[%d]", i)
		if err := goals.add(i, g.ID); err != nil {
			return nil, err
		}
		q := *g
		if q.Created.IsZero() {
			q.Created = time.Now() // as CreateInitiative stamps it
		}
		if err := rowError(where, q.Validate()); err != nil {
			return nil, err
		}
		if j, ok := names[g.Name]; ok {
			return nil, invalid(where+".name", "%q is repeated (initiatives[%d] has it)", g.Name, j)
		}
		names[g.Name] = i
		ids := make([]int64, 0, len(g.Rule.Weights))
		for id := range g.Rule.Weights {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, id := range ids {
			if err := person(where+".rule.weights", id); err != nil {
				return nil, err
			}
		}
		for j, id := range g.Rule.Vetoes {
			if err := person(fmt.Sprintf("%s.rule.vetoes[%d]", where, j), id); err != nil {
				return nil, err
			}
		}
	}
	return goals, nil
}

// checkStakes validates each stake and its stance history; a person has at
// most one stake in an initiative.
func (d *Dump) checkStakes(goals *idSet, person func(string, int64) error) error {
	seen := map[[2]int64]int{}
	for i, s := range d.Stakes {
		where := fmt.Sprintf("stakes[%d]", i)
		if !goals.has(s.InitiativeID) {
			return invalid(where+".initiative_id", "initiative %d is not in the file", s.InitiativeID)
		}
		if err := person(where+".person_id", s.PersonID); err != nil {
			return err
		}
		k := [2]int64{s.InitiativeID, s.PersonID}
		if j, ok := seen[k]; ok {
			return invalid(where, "person %d already has a stake in initiative %d (stakes[%d])", s.PersonID, s.InitiativeID, j)
		}
		seen[k] = i
		q := *s
		if err := rowError(where, q.Validate()); err != nil {
			return err
		}
		// RestoreStake writes the history as given, so it is checked here.
		for j, h := range s.History {
			hw := fmt.Sprintf("%s.history[%d]", where, j)
			if h.At.IsZero() {
				return ally.Errorf(ally.EINVALID, "%s.at is missing", hw)
			}
			if err := rowError(hw+".to", h.To.Validate()); err != nil {
				return err
			}
			if h.From != "" {
				if err := rowError(hw+".from", h.From.Validate()); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// importableSettings are the workspace settings a dump may hold: the
// clock and the engine settings of `ally config`.
func importableSettings() []string {
	return append([]string{SettingClock}, SettingKeys()...)
}

// checkSettings reads each setting with the parser that will read it once
// imported: the clock as app.Open does, the engine settings as `ally
// config` does. An unknown key is refused (it was stored and never read);
// the derived settings of an older export are skipped, since the import
// rebuilds them. An empty value means the default.
func checkSettings(set map[string]string) error {
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	engine := map[string]string{}
	for _, k := range keys {
		v := set[k]
		where := "settings." + k
		switch {
		case derivedSetting(k), v == "":
		case k == SettingClock:
			if _, err := parseClock(v); err != nil {
				return rowError(where, err)
			}
		case slices.Contains(SettingKeys(), k):
			p := tie.DefaultParams()
			if err := applySettings(&p, map[string]string{k: v}); err != nil {
				return rowError(where, err)
			}
			if err := p.Validate(); err != nil {
				return rowError(where, err)
			}
			engine[k] = v
		default:
			return invalid(where, "not a setting ally knows (it knows %s)", strings.Join(importableSettings(), ", "))
		}
	}
	// Each is valid alone; together too (as params will read them).
	p := tie.DefaultParams()
	if err := applySettings(&p, engine); err != nil {
		return rowError("settings", err)
	}
	return rowError("settings", p.Validate())
}

// timeType is time.Time, the type whose JSON decoding fails without saying
// where.
var timeType = reflect.TypeFor[time.Time]()

// badTime finds a time field of a dump whose value time.Time does not read,
// walking the decoded JSON along the Dump type: it returns the field's
// path ("people[12].created") and its JSON text. ok is false when none is
// found.
func badTime(data []byte) (where, value string, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // a number shows as written
	var v any
	if dec.Decode(&v) != nil {
		return "", "", false
	}
	return walkTime(reflect.TypeFor[Dump](), v, "")
}

func walkTime(t reflect.Type, v any, path string) (string, string, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if v == nil {
		return "", "", false // null leaves a field as it is
	}
	if t == timeType {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if enc.Encode(v) != nil {
			return "", "", false
		}
		raw := bytes.TrimSpace(b.Bytes())
		var tm time.Time
		if tm.UnmarshalJSON(raw) != nil {
			return path, string(raw), true
		}
		return "", "", false
	}
	join := func(name string) string {
		if path == "" {
			return name
		}
		return path + "." + name
	}
	switch t.Kind() {
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			return "", "", false
		}
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			fv, ok := m[name]
			if !ok {
				// encoding/json also matches keys case-insensitively.
				for k, x := range m {
					if strings.EqualFold(k, name) {
						fv, ok = x, true
						break
					}
				}
			}
			if !ok {
				continue
			}
			if w, raw, ok := walkTime(f.Type, fv, join(name)); ok {
				return w, raw, true
			}
		}
	case reflect.Slice, reflect.Array:
		l, _ := v.([]any)
		for i, x := range l {
			if w, raw, ok := walkTime(t.Elem(), x, fmt.Sprintf("%s[%d]", path, i)); ok {
				return w, raw, true
			}
		}
	case reflect.Map:
		m, _ := v.(map[string]any)
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if w, raw, ok := walkTime(t.Elem(), m[k], join(k)); ok {
				return w, raw, true
			}
		}
	}
	return "", "", false
}
