package app

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
)

// The two privacy rights a colleague can ask for: to see everything ally
// holds about them (ExportPerson) and to be forgotten (RemovePerson, which
// says beforehand, with RemovalOf, what will go).

// PersonExportFormat and PersonExportVersion identify the file
// `ally person export` writes.
const (
	PersonExportFormat  = "ally-person"
	PersonExportVersion = 1
)

// PersonExport is everything a workspace holds about one person: their
// record (emails, tags, notes), Me's relationship with them, every
// interaction they took part in, the ledger entries and commitments
// between them and Me, their stakes in initiatives (with the stance
// history) and the repair plans about them. Other people appear by name
// (and role) only: none of their emails, notes or ids.
type PersonExport struct {
	Format       string               `json:"format"`
	Version      int                  `json:"version"`
	Exported     time.Time            `json:"exported"`
	Workspace    string               `json:"workspace"`
	Person       *ally.Person         `json:"person"`
	Manager      string               `json:"manager,omitempty"`
	Reports      []string             `json:"reports"`
	Relationship *ally.Relationship   `json:"relationship,omitempty"`
	Interactions []*ExportInteraction `json:"interactions"`
	Ledger       []*ExportExchange    `json:"ledger"`
	Commitments  []*ExportCommitment  `json:"commitments"`
	Stakes       []*ExportStake       `json:"stakes"`
	Votes        []*ExportVote        `json:"votes"`
	RepairPlans  []*ally.RepairPlan   `json:"repair_plans"`
	Removal      RemovalCounts        `json:"counts"`
}

// ExportInteraction is one interaction the person took part in, the
// participants by name.
type ExportInteraction struct {
	ID           int64               `json:"id"`
	Kind         ally.Channel        `json:"kind"`
	At           time.Time           `json:"at"`
	Participants []ExportParticipant `json:"participants"`
	Medium       string              `json:"medium,omitempty"`
	Subject      string              `json:"subject,omitempty"`
	Note         string              `json:"note,omitempty"`
	Source       ally.Source         `json:"source"`
}

// ExportParticipant is a participant by name and role.
type ExportParticipant struct {
	Name string    `json:"name"`
	Role ally.Role `json:"role"`
}

// ExportExchange is a ledger entry between the person and Me, by name.
type ExportExchange struct {
	ID       int64             `json:"id"`
	At       time.Time         `json:"at"`
	From     string            `json:"from"`
	To       string            `json:"to"`
	What     string            `json:"what"`
	Kind     ally.ExchangeKind `json:"kind"`
	Size     ally.Size         `json:"size"`
	Currency string            `json:"currency,omitempty"`
}

// ExportCommitment is a commitment between the person and Me, by name.
type ExportCommitment struct {
	ID      int64                 `json:"id"`
	From    string                `json:"from"`
	To      string                `json:"to"`
	What    string                `json:"what"`
	Due     time.Time             `json:"due"`
	Created time.Time             `json:"created"`
	Status  ally.CommitmentStatus `json:"status"`
	Closed  time.Time             `json:"closed,omitzero"`
}

// ExportStake is the person's stake in an initiative, with its stance
// history.
type ExportStake struct {
	Initiative string              `json:"initiative"`
	Stance     ally.Stance         `json:"stance"`
	Power      int                 `json:"power"`
	Interest   int                 `json:"interest"`
	WIIFM      string              `json:"wiifm,omitempty"`
	Ask        string              `json:"ask,omitempty"`
	Next       string              `json:"next,omitempty"`
	History    []ally.StanceChange `json:"history,omitempty"`
	Updated    time.Time           `json:"updated"`
}

// ExportVote is the person's part in an initiative's decision rule: their
// weight in a committee, a veto.
type ExportVote struct {
	Initiative string  `json:"initiative"`
	Weight     float64 `json:"weight,omitempty"`
	Veto       bool    `json:"veto,omitempty"`
}

// RemovalCounts is what removing a person takes with them: the
// interactions they took part in (of which Dropped had no one else left
// but one, and go; the others stay, without them), ledger entries,
// commitments, stakes and repair plans, and whether they have tags,
// notes and a relationship. Votes (a place in a decision rule) block the
// removal until the rule is changed.
type RemovalCounts struct {
	Interactions  int  `json:"interactions"`
	Dropped       int  `json:"interactions_removed"`
	LedgerEntries int  `json:"ledger_entries"`
	Commitments   int  `json:"commitments"`
	Stakes        int  `json:"stakes"`
	RepairPlans   int  `json:"repair_plans"`
	Tags          int  `json:"tags"`
	Notes         bool `json:"notes"`
	Relationship  bool `json:"relationship"`
}

// ExportPerson returns everything the workspace holds about one person
// (see PersonExport), whatever the clock: it is a copy of the records, not
// a view as of a day. Me can be exported too.
func (a *App) ExportPerson(ctx context.Context, id int64) (*PersonExport, error) {
	var x *PersonExport
	err := a.view(ctx, func(tx *store.Tx) (err error) {
		x, err = a.exportPerson(ctx, tx, id)
		return err
	})
	return x, err
}

func (a *App) exportPerson(ctx context.Context, tx *store.Tx, id int64) (*PersonExport, error) {
	p, err := person(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	x := &PersonExport{Format: PersonExportFormat, Version: PersonExportVersion, Exported: a.Now, Workspace: a.WS.Name,
		Person: p, Reports: []string{}, Interactions: []*ExportInteraction{}, Ledger: []*ExportExchange{},
		Commitments: []*ExportCommitment{}, Stakes: []*ExportStake{}, Votes: []*ExportVote{}, RepairPlans: []*ally.RepairPlan{}}
	names, err := nameMap(ctx, tx)
	if err != nil {
		return nil, err
	}
	all, err := tx.FindPeople(ctx, ally.PersonFilter{})
	if err != nil {
		return nil, err
	}
	// The manager by name, not by id: of the others, a name only.
	x.Manager = names[p.ManagerID]
	rec := *p
	rec.ManagerID = 0
	x.Person = &rec
	for _, q := range all {
		if q.ManagerID == p.ID {
			x.Reports = append(x.Reports, q.Name)
		}
	}
	if r, err := tx.FindRelationship(ctx, p.ID); err == nil {
		x.Relationship = r
	} else if ally.ErrorCode(err) != ally.ENOTFOUND {
		return nil, err
	}
	ins, err := tx.FindInteractions(ctx, store.InteractionFilter{PersonID: p.ID})
	if err != nil {
		return nil, err
	}
	dropped := 0
	for _, in := range ins {
		v := &ExportInteraction{ID: in.ID, Kind: in.Kind, At: in.At, Medium: in.Medium, Subject: in.Subject, Note: in.Note,
			Source: in.Source, Participants: []ExportParticipant{}}
		others := map[int64]bool{}
		for _, pa := range in.Participants {
			v.Participants = append(v.Participants, ExportParticipant{Name: names[pa.PersonID], Role: pa.Role})
			if pa.PersonID != p.ID {
				others[pa.PersonID] = true
			}
		}
		if len(others) < 2 { // the store removes an interaction left with fewer than two participants
			dropped++
		}
		x.Interactions = append(x.Interactions, v)
	}
	es, err := tx.FindExchanges(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		x.Ledger = append(x.Ledger, &ExportExchange{ID: e.ID, At: e.At, From: names[e.FromID], To: names[e.ToID], What: e.What,
			Kind: e.Kind, Size: e.Size, Currency: e.Currency})
	}
	cs, err := tx.FindCommitments(ctx, p.ID, false)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		x.Commitments = append(x.Commitments, &ExportCommitment{ID: c.ID, From: names[c.FromID], To: names[c.ToID], What: c.What,
			Due: c.Due, Created: c.Created, Status: c.Status, Closed: c.Closed})
	}
	gs, err := tx.FindInitiatives(ctx)
	if err != nil {
		return nil, err
	}
	gname := map[int64]string{}
	for _, g := range gs {
		gname[g.ID] = g.Name
		w, votes := g.Rule.Weights[p.ID]
		v := &ExportVote{Initiative: g.Name, Weight: w}
		v.Veto = slices.Contains(g.Rule.Vetoes, p.ID)
		if votes || v.Veto {
			x.Votes = append(x.Votes, v)
		}
	}
	ss, err := tx.FindStakes(ctx, 0)
	if err != nil {
		return nil, err
	}
	for _, s := range ss {
		if s.PersonID == p.ID {
			x.Stakes = append(x.Stakes, &ExportStake{Initiative: gname[s.InitiativeID], Stance: s.Stance, Power: s.Power,
				Interest: s.Interest, WIIFM: s.WIIFM, Ask: s.Ask, Next: s.Next, History: s.History, Updated: s.Updated})
		}
	}
	rs, err := tx.FindRepairPlans(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	x.RepairPlans = append(x.RepairPlans, rs...)
	x.Removal = RemovalCounts{Interactions: len(x.Interactions), Dropped: dropped, LedgerEntries: len(x.Ledger),
		Commitments: len(x.Commitments), Stakes: len(x.Stakes), RepairPlans: len(x.RepairPlans), Tags: len(p.Tags),
		Notes: p.Notes != "", Relationship: x.Relationship != nil}
	return x, nil
}

// Removal is what removing a person takes (or took) with them.
type Removal struct {
	Person *ally.Person  `json:"person"`
	Counts RemovalCounts `json:"removes"`
}

// RemovalOf says what removing a person would take with them, or why they
// cannot be removed (Me; a voter or veto holder in a decision rule, with a
// hint to change the rule), without changing anything: what a face shows
// before it asks for confirmation.
func (a *App) RemovalOf(ctx context.Context, id int64) (*Removal, error) {
	var r *Removal
	err := a.view(ctx, func(tx *store.Tx) (err error) {
		r, err = a.removal(ctx, tx, id)
		return err
	})
	return r, err
}

// removal is RemovalOf in tx.
func (a *App) removal(ctx context.Context, tx *store.Tx, id int64) (*Removal, error) {
	x, err := a.exportPerson(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	p := x.Person
	if p.ID == a.WS.MeID {
		return nil, ally.Errorf(ally.EINVALID, "Me cannot be removed from the workspace")
	}
	// A decision rule names its voters and veto holders; removing one
	// would leave the rule pointing at nobody.
	gs, err := tx.FindInitiatives(ctx)
	if err != nil {
		return nil, err
	}
	for _, g := range gs {
		_, votes := g.Rule.Weights[p.ID]
		veto := slices.Contains(g.Rule.Vetoes, p.ID)
		if votes || veto {
			return nil, ally.Errorf(ally.ECONFLICT, "%s is named in the decision rule of initiative #%d %s", p.Name, g.ID, g.Name).
				WithHint(ally.HintEditRule, "id", strconv.FormatInt(g.ID, 10))
		}
	}
	return &Removal{Person: p, Counts: x.Removal}, nil
}
