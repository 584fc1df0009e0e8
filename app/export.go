package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
)

// Export format: a whole workspace as one JSON document. The version is
// raised whenever a field changes meaning; Import refuses other versions.
const (
	DumpFormat  = "ally-workspace"
	DumpVersion = 1
)

// Dump is a complete workspace: every row, in id order, so that exporting,
// importing into an empty database and exporting again gives the same bytes.
type Dump struct {
	Format        string               `json:"format"`
	Version       int                  `json:"version"`
	Workspace     DumpWorkspace        `json:"workspace"`
	Settings      map[string]string    `json:"settings"`
	People        []*ally.Person       `json:"people"`
	Relationships []*ally.Relationship `json:"relationships"`
	Interactions  []*ally.Interaction  `json:"interactions"`
	Exchanges     []*ally.Exchange     `json:"exchanges"`
	Commitments   []*ally.Commitment   `json:"commitments"`
	Initiatives   []*ally.Initiative   `json:"initiatives"`
	Stakes        []*ally.Stake        `json:"stakes"`
	RepairPlans   []*ally.RepairPlan   `json:"repair_plans"`
	Snapshots     []*ally.Snapshot     `json:"snapshots"`

	file string // the name ReadDump read it as, for errors
}

// DumpWorkspace is the workspace's own row in a dump.
type DumpWorkspace struct {
	Name    string    `json:"name"`
	MeID    int64     `json:"me_id"`
	Created time.Time `json:"created"`
}

// Export reads the whole workspace in one transaction (a consistent view).
func (a *App) Export(ctx context.Context) (*Dump, error) {
	d := &Dump{Format: DumpFormat, Version: DumpVersion,
		Workspace: DumpWorkspace{Name: a.WS.Name, MeID: a.WS.MeID, Created: a.WS.Created}}
	err := a.view(ctx, func(tx *store.Tx) (err error) {
		if d.Settings, err = tx.Settings(ctx); err != nil {
			return err
		}
		for k := range d.Settings {
			if derivedSetting(k) {
				delete(d.Settings, k) // rebuilt on import
			}
		}
		if d.People, err = tx.FindPeople(ctx, ally.PersonFilter{}); err != nil {
			return err
		}
		sort.Slice(d.People, func(i, j int) bool { return d.People[i].ID < d.People[j].ID })
		if d.Relationships, err = tx.FindRelationships(ctx); err != nil {
			return err
		}
		if d.Interactions, err = tx.FindInteractions(ctx, store.InteractionFilter{}); err != nil {
			return err
		}
		sort.Slice(d.Interactions, func(i, j int) bool { return d.Interactions[i].ID < d.Interactions[j].ID })
		if d.Exchanges, err = tx.FindExchanges(ctx, 0); err != nil {
			return err
		}
		if d.Commitments, err = tx.FindCommitments(ctx, 0, false); err != nil {
			return err
		}
		sort.Slice(d.Commitments, func(i, j int) bool { return d.Commitments[i].ID < d.Commitments[j].ID })
		if d.Initiatives, err = tx.FindInitiatives(ctx); err != nil {
			return err
		}
		if d.Stakes, err = tx.FindStakes(ctx, 0); err != nil {
			return err
		}
		if d.RepairPlans, err = tx.FindRepairPlans(ctx, 0); err != nil {
			return err
		}
		d.Snapshots, err = tx.FindSnapshots(ctx)
		return err
	})
	return d, err
}

// WriteJSON writes the dump as indented JSON.
func (d *Dump) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}

// ReadDump decodes a dump and checks its format and version. Errors name the
// file and, for syntax errors, the line; a time that is not RFC 3339 is
// named by its row and field. A UTF-8 byte-order mark, which some editors
// put at the start of a file they save, is skipped.
func ReadDump(name string, data []byte) (*Dump, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	d := Dump{file: name}
	if err := json.Unmarshal(data, &d); err != nil {
		switch e := err.(type) {
		case *json.SyntaxError:
			return nil, ally.Errorf(ally.EINVALID, "%s:%d: %v", name, lineOf(data, e.Offset), err)
		case *json.UnmarshalTypeError:
			return nil, ally.Errorf(ally.EINVALID, "%s:%d: field %s: %v", name, lineOf(data, e.Offset), e.Field, err)
		}
		// time.Time's own decoding fails without saying where; find the
		// field by walking the file along the Dump type.
		if where, v, ok := badTime(data); ok {
			return nil, ally.Errorf(ally.EINVALID, "%s: %s: %s is not a time (want RFC 3339, e.g. 2024-03-01T12:00:00Z)", name, where, v)
		}
		return nil, ally.Errorf(ally.EINVALID, "%s: %v", name, err)
	}
	if d.Format != DumpFormat {
		return nil, ally.Errorf(ally.EINVALID, "%s: format %q is not an ally workspace export (want %q)", name, d.Format, DumpFormat)
	}
	if d.Version != DumpVersion {
		return nil, ally.Errorf(ally.EINVALID, "%s: export version %d is not supported (this ally reads version %d)", name, d.Version, DumpVersion)
	}
	return &d, nil
}

func lineOf(data []byte, off int64) int {
	line := 1
	for i := int64(0); i < off && i < int64(len(data)); i++ {
		if data[i] == '\n' {
			line++
		}
	}
	return line
}

// ImportOptions controls Import.
type ImportOptions struct {
	As      string // workspace name; default the dump's
	Replace bool   // replace a workspace of that name
	// Snapshots, when set, records a snapshot as of each of these times
	// after the import and in the same transaction, so that a workspace
	// and its trend arrive together or not at all (the demo's year).
	Snapshots []time.Time
	// Now is the clock rows without a time of their own are stamped with;
	// zero means the real time.
	Now time.Time
	// Progress, when set, is called as the import goes: each phase by
	// name ("people", "interactions", "tie strengths", "snapshots"…),
	// with the rows done of its total, or 0 of 0 for a phase without a
	// count. Nil reports nothing.
	Progress func(phase string, done, total int)
}

// Import creates a workspace from a dump in one transaction: all or nothing.
// The whole file is checked before anything is written (see check), and each
// error is EINVALID naming the row and field (people[3].manager_id). Into an
// empty database the dump's ids are kept, so that a backup restores exactly;
// otherwise new ids are assigned and every reference is mapped.
func Import(ctx context.Context, db *store.DB, d *Dump, opt ImportOptions) (*ally.Workspace, error) {
	progress := opt.Progress
	if progress == nil {
		progress = func(string, int, int) {}
	}
	progress("checking", 0, 0)
	if err := d.check(); err != nil {
		return nil, err
	}
	name := d.Workspace.Name
	if opt.As != "" {
		name = opt.As
	}
	w := &ally.Workspace{Name: name, Created: d.Workspace.Created}
	if err := w.Validate(); err != nil {
		field := "workspace.name"
		if opt.As != "" {
			field = "import name"
		}
		return nil, prefix(field, err)
	}
	err := db.Import(ctx, store.Scope{Now: opt.Now}, func(tx *store.Tx) error {
		if opt.Replace {
			if _, err := tx.DeleteWorkspaceNamed(ctx, name); err != nil {
				return err
			}
		}
		keep, err := tx.DatabaseEmpty(ctx)
		if err != nil {
			return err
		}
		if err := tx.InsertWorkspace(ctx, w); err != nil {
			if ally.ErrorCode(err) == ally.ECONFLICT {
				return ally.Errorf(ally.ECONFLICT, "workspace %q already exists", name).WithHint(ally.HintImportAs)
			}
			return err
		}
		if err := d.restore(ctx, tx, keep, w, progress); err != nil {
			return err
		}
		// The tie aggregates are derived data: rebuilt, not exported.
		progress("tie strengths", 0, 0)
		p, err := params(ctx, tx)
		if err != nil {
			return ally.Errorf(ally.EINVALID, "settings: %s", ally.ErrorMessage(err))
		}
		if err := writeTies(ctx, tx, p); err != nil {
			return err
		}
		for i, at := range opt.Snapshots {
			progress("snapshots", i, len(opt.Snapshots))
			a := &App{DB: db, WS: w, Now: at.UTC().Truncate(time.Second)}
			if _, err := a.snapshot(ctx, tx); err != nil {
				return fmt.Errorf("snapshot %s: %w", at.Format("2006-01-02"), err)
			}
		}
		if len(opt.Snapshots) > 0 {
			progress("snapshots", len(opt.Snapshots), len(opt.Snapshots))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if cur, _ := db.Meta(ctx, MetaCurrent); cur == "" {
		if err := db.SetMeta(ctx, MetaCurrent, w.Name); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// importChunk is how many interactions restore writes per call, so that
// progress moves through a large file.
const importChunk = 4096

// restore writes the dump's rows. keep says whether ids are kept; progress
// hears of the people and interactions written.
func (d *Dump) restore(ctx context.Context, tx *store.Tx, keep bool, w *ally.Workspace, progress func(string, int, int)) error {
	pid := map[int64]int64{}
	at := func(field string, i int, err error) error {
		if err == nil {
			return nil
		}
		return writeError(fmt.Sprintf("%s[%d]", field, i), err)
	}
	id := func(old int64) int64 {
		if keep {
			return old
		}
		return 0
	}
	for k, v := range d.Settings {
		if derivedSetting(k) {
			continue // an older export's derived state; rebuilt below
		}
		if err := tx.SetSetting(ctx, k, v); err != nil {
			return writeError("settings."+k, err)
		}
	}
	// People first without managers (a manager may come later in the file),
	// then the org chart.
	for i, p := range d.People {
		if i%256 == 0 {
			progress("people", i, len(d.People))
		}
		q := *p
		q.ID, q.ManagerID = id(p.ID), 0
		if err := at("people", i, tx.CreatePerson(ctx, &q)); err != nil {
			return err
		}
		pid[p.ID] = q.ID
	}
	progress("people", len(d.People), len(d.People))
	for i, p := range d.People {
		if p.ManagerID != 0 {
			if err := at("people", i, tx.SetManager(ctx, pid[p.ID], pid[p.ManagerID])); err != nil {
				return err
			}
		}
	}
	if d.Workspace.MeID != 0 {
		if err := tx.SetMe(ctx, pid[d.Workspace.MeID]); err != nil {
			return err
		}
		w.MeID = pid[d.Workspace.MeID]
	}
	for i, r := range d.Relationships {
		q := *r
		q.PersonID = pid[r.PersonID]
		if err := at("relationships", i, tx.PutRelationship(ctx, &q)); err != nil {
			return err
		}
	}
	ins := make([]*ally.Interaction, len(d.Interactions))
	for i, in := range d.Interactions {
		q := *in
		q.ID = id(in.ID)
		q.Participants = make([]ally.Participant, len(in.Participants))
		for j, pa := range in.Participants {
			q.Participants[j] = ally.Participant{PersonID: pid[pa.PersonID], Role: pa.Role}
		}
		ins[i] = &q
	}
	for i := 0; i < len(ins); i += importChunk {
		progress("interactions", i, len(ins))
		if _, err := tx.CreateInteractions(ctx, ins[i:min(i+importChunk, len(ins))]); err != nil {
			return writeError("interactions", err)
		}
	}
	progress("interactions", len(ins), len(ins))
	progress("ledger, commitments and initiatives", 0, 0)
	for i, e := range d.Exchanges {
		q := *e
		q.ID, q.FromID, q.ToID = id(e.ID), pid[e.FromID], pid[e.ToID]
		if err := at("exchanges", i, tx.CreateExchange(ctx, &q)); err != nil {
			return err
		}
	}
	for i, c := range d.Commitments {
		q := *c
		q.ID, q.FromID, q.ToID = id(c.ID), pid[c.FromID], pid[c.ToID]
		if err := at("commitments", i, tx.CreateCommitment(ctx, &q)); err != nil {
			return err
		}
	}
	gid := map[int64]int64{}
	for i, g := range d.Initiatives {
		q := *g
		q.ID = id(g.ID)
		q.Rule.Weights, q.Rule.Vetoes = nil, nil
		if g.Rule.Weights != nil {
			q.Rule.Weights = map[int64]float64{}
			for p, wt := range g.Rule.Weights {
				q.Rule.Weights[pid[p]] = wt
			}
		}
		for _, p := range g.Rule.Vetoes {
			q.Rule.Vetoes = append(q.Rule.Vetoes, pid[p])
		}
		if err := at("initiatives", i, tx.CreateInitiative(ctx, &q)); err != nil {
			return err
		}
		gid[g.ID] = q.ID
	}
	for i, s := range d.Stakes {
		q := *s
		q.InitiativeID, q.PersonID = gid[s.InitiativeID], pid[s.PersonID]
		if err := at("stakes", i, tx.RestoreStake(ctx, &q)); err != nil {
			return err
		}
	}
	for i, r := range d.RepairPlans {
		q := *r
		q.ID, q.PersonID = id(r.ID), pid[r.PersonID]
		if err := at("repair_plans", i, tx.CreateRepairPlan(ctx, &q)); err != nil {
			return err
		}
	}
	for i, s := range d.Snapshots {
		q := *s
		q.ID = id(s.ID)
		q.Initiatives = make([]ally.InitiativeSupport, len(s.Initiatives))
		for j, g := range s.Initiatives {
			g.InitiativeID = gid[g.InitiativeID]
			q.Initiatives[j] = g
		}
		if err := at("snapshots", i, tx.CreateSnapshot(ctx, &q)); err != nil {
			return err
		}
	}
	return nil
}

// writeError puts the row a write failed on in front of its error. A row the
// file names but the database lacks is the file's fault (EINVALID, not
// ENOTFOUND); a driver error stays in the chain with %w, so that the
// store's import path can say which constraint it broke.
func writeError(where string, err error) error {
	switch ally.ErrorCode(err) {
	case ally.EINTERNAL:
		return fmt.Errorf("%s: %w", where, err)
	case ally.ENOTFOUND:
		return ally.Errorf(ally.EINVALID, "%s: %s", where, ally.ErrorMessage(err))
	}
	return ally.Errorf(ally.ErrorCode(err), "%s: %s", where, ally.ErrorMessage(err))
}
