package app

import (
	"context"
	"slices"
	"sort"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
	"github.com/allyhq/ally/tie"
)

// LogInput is one interaction to record with Me as its initiator.
type LogInput struct {
	Kind    ally.Channel
	With    []int64 // the people Me met, wrote to or called, by id
	CC      []int64 // copied people, for email
	At      time.Time
	Medium  string
	Subject string
	Note    string
}

// Log records an interaction between Me and the people named.
func (a *App) Log(ctx context.Context, in LogInput) (*ally.Interaction, error) {
	if err := a.requireMe(); err != nil {
		return nil, err
	}
	if in.At.IsZero() {
		in.At = a.Now
	}
	if err := a.notAfterClock("the interaction", in.At); err != nil {
		return nil, err
	}
	it := &ally.Interaction{Kind: in.Kind, At: in.At, Medium: in.Medium, Subject: in.Subject, Note: in.Note, Source: ally.SourceManual,
		Participants: []ally.Participant{{PersonID: a.WS.MeID, Role: ally.RoleInitiator}}}
	err := a.update(ctx, func(tx *store.Tx) error {
		with, err := people(ctx, tx, in.With)
		if err != nil {
			return prefix("with", err)
		}
		cc, err := people(ctx, tx, in.CC)
		if err != nil {
			return prefix("cc", err)
		}
		for _, p := range with {
			it.Participants = append(it.Participants, ally.Participant{PersonID: p.ID, Role: ally.RoleTo})
		}
		for _, p := range cc {
			it.Participants = append(it.Participants, ally.Participant{PersonID: p.ID, Role: ally.RoleCC})
		}
		if err := tx.CreateInteraction(ctx, it); err != nil {
			return err
		}
		return addTies(ctx, tx, it)
	})
	return it, err
}

// Timeline returns one page of a person's interactions up to the clock
// (App.Now), newest first, and how many there are in all.
func (a *App) Timeline(ctx context.Context, id int64, pg Page) (*ally.Person, List[*ally.Interaction], error) {
	var p *ally.Person
	l := List[*ally.Interaction]{Items: []*ally.Interaction{}, Offset: pg.Offset}
	if err := pg.Validate(); err != nil {
		return nil, l, err
	}
	err := a.view(ctx, func(tx *store.Tx) (err error) {
		if p, err = person(ctx, tx, id); err != nil {
			return err
		}
		f := store.InteractionFilter{PersonID: p.ID, Until: a.upToNow(), Limit: pg.Limit, Offset: pg.Offset}
		if l.Items, err = tx.FindInteractions(ctx, f); err != nil {
			return err
		}
		l.Total, err = tx.CountInteractions(ctx, f)
		return err
	})
	return p, l, err
}

// TimelineWith returns one page of a person's interactions up to the
// clock, newest first, with the other participants named (Me first), and
// how many there are: all of them when other is 0, else those person
// other took part in too (Me, for the interactions with me). Unfiltered,
// a page costs the page; filtered, it reads the person's history up to
// the clock: O(their interactions).
func (a *App) TimelineWith(ctx context.Context, id, other int64, pg Page) (*ally.Person, List[*InteractionView], error) {
	var p *ally.Person
	l := List[*InteractionView]{Items: []*InteractionView{}, Offset: pg.Offset}
	if err := pg.Validate(); err != nil {
		return nil, l, err
	}
	err := a.view(ctx, func(tx *store.Tx) (err error) {
		if p, err = person(ctx, tx, id); err != nil {
			return err
		}
		names, err := nameMap(ctx, tx)
		if err != nil {
			return err
		}
		view := func(ins []*ally.Interaction) []*InteractionView {
			out := make([]*InteractionView, 0, len(ins))
			for _, in := range ins {
				out = append(out, interactionView(in, p.ID, a.WS.MeID, names))
			}
			return out
		}
		if other == 0 {
			f := store.InteractionFilter{PersonID: p.ID, Until: a.upToNow(), Limit: pg.Limit, Offset: pg.Offset}
			ins, err := tx.FindInteractions(ctx, f)
			if err != nil {
				return err
			}
			l.Items = view(ins)
			l.Total, err = tx.CountInteractions(ctx, f)
			return err
		}
		o, err := person(ctx, tx, other)
		if err != nil {
			return prefix("with", err)
		}
		if o.ID == p.ID {
			return ally.Errorf(ally.EINVALID, "with: a timeline with %s is of someone else", p.Name)
		}
		ins, err := tx.FindInteractions(ctx, store.InteractionFilter{PersonID: p.ID, Until: a.upToNow()})
		if err != nil {
			return err
		}
		shared := []*ally.Interaction{}
		for _, in := range ins {
			if slices.ContainsFunc(in.Participants, func(pa ally.Participant) bool { return pa.PersonID == o.ID }) {
				shared = append(shared, in)
			}
		}
		page := pageOf(shared, pg)
		l.Items, l.Total = view(page.Items), page.Total
		return nil
	})
	return p, l, err
}

// InteractionsWithMe counts the interactions up to the clock Me took part
// in with a person, the number ShowPerson (PersonDetail.Interacted) and
// health's tie strength give: 0 for Me.
func (a *App) InteractionsWithMe(ctx context.Context, id int64) (int, error) {
	n := 0
	err := a.view(ctx, func(tx *store.Tx) error {
		p, err := person(ctx, tx, id)
		if err != nil || a.WS.MeID == 0 || p.ID == a.WS.MeID {
			return err
		}
		h, err := a.health(ctx, tx, nil, p.ID)
		n = int(h.Strength.Count)
		return err
	})
	return n, err
}

// ExchangeInput is one ledger entry between Me and a person.
type ExchangeInput struct {
	Person   int64
	Way      Way // FromMe: Me gave it; ToMe: Me received it
	What     string
	Kind     ally.ExchangeKind
	Size     ally.Size
	Currency string
	At       time.Time
}

// Give records that Me gave something to a person or received something
// from them (in.Way).
func (a *App) Give(ctx context.Context, in ExchangeInput) (*ally.Exchange, *ally.Person, error) {
	if err := in.Way.validate(); err != nil {
		return nil, nil, err
	}
	if in.At.IsZero() {
		in.At = a.Now
	}
	if err := a.notAfterClock("the ledger entry", in.At); err != nil {
		return nil, nil, err
	}
	e := &ally.Exchange{What: in.What, Kind: in.Kind, Size: in.Size, Currency: in.Currency, At: in.At}
	var p *ally.Person
	err := a.update(ctx, func(tx *store.Tx) (err error) {
		if p, err = person(ctx, tx, in.Person); err != nil {
			return err
		}
		if p.ID == a.WS.MeID {
			return ally.Errorf(ally.EINVALID, "the ledger is between Me and someone else")
		}
		e.FromID, e.ToID = a.WS.MeID, p.ID
		if in.Way == ToMe {
			e.FromID, e.ToID = p.ID, a.WS.MeID
		}
		return tx.CreateExchange(ctx, e)
	})
	return e, p, err
}

// Balance is the reciprocity balance with one person as of App.Now, the
// plain size-weighted sums of tie.Ledger (see tie.Balance). Positive means
// Me has given more than received (they owe Me); negative means Me owes
// them.
type Balance struct {
	PersonID int64   `json:"person_id"`
	Name     string  `json:"name"`
	Given    float64 `json:"given"`    // size-weighted
	Received float64 `json:"received"` // size-weighted
	Balance  float64 `json:"balance"`  // given − received
	Entries  int     `json:"entries"`
	Last     string  `json:"last"` // date of the latest entry
}

// Ledger is the reciprocity ledger: entries and per-person balances.
type Ledger struct {
	Entries  []*LedgerEntry `json:"entries"`
	Balances []*Balance     `json:"balances"`
}

// LedgerEntry is one exchange with names resolved.
type LedgerEntry struct {
	*ally.Exchange
	From string `json:"from"`
	To   string `json:"to"`
}

// Ledger returns the ledger with one person (id ≠ 0) or with everyone
// (0) as it stands at the clock: entries after App.Now are left out, of
// the list as of the balances. Balances weigh entries by size (small 1, medium 2, large 4) and are
// sorted with the largest debts of Me first.
func (a *App) Ledger(ctx context.Context, id int64) (*Ledger, error) {
	l := &Ledger{Entries: []*LedgerEntry{}, Balances: []*Balance{}}
	err := a.view(ctx, func(tx *store.Tx) error {
		if id != 0 {
			if _, err := person(ctx, tx, id); err != nil {
				return err
			}
		}
		es, err := tx.FindExchanges(ctx, id)
		if err != nil {
			return err
		}
		names, err := nameMap(ctx, tx)
		if err != nil {
			return err
		}
		for _, e := range es {
			if e.At.After(a.Now) {
				continue // as the balances: the ledger as it stands at the clock
			}
			l.Entries = append(l.Entries, &LedgerEntry{Exchange: e, From: names[e.FromID], To: names[e.ToID]})
		}
		p, err := params(ctx, tx)
		if err != nil {
			return err
		}
		for _, b := range tie.Ledgers(a.WS.MeID, derefs(es), a.Now, p) {
			if b.Entries() > 0 {
				l.Balances = append(l.Balances, balanceOf(b, names[b.PersonID]))
			}
		}
		sort.SliceStable(l.Balances, func(i, j int) bool {
			if l.Balances[i].Balance != l.Balances[j].Balance {
				return l.Balances[i].Balance < l.Balances[j].Balance
			}
			return l.Balances[i].Name < l.Balances[j].Name
		})
		return nil
	})
	return l, err
}

// balanceOf is the view of a balance computed by tie.Ledger: its plain
// size-weighted sums, which the user can check against the entries.
func balanceOf(b tie.Balance, name string) *Balance {
	v := &Balance{PersonID: b.PersonID, Name: name, Given: b.GivenSize, Received: b.ReceivedSize,
		Balance: b.NetSize, Entries: b.Entries()}
	if last := b.Last(); !last.IsZero() {
		v.Last = last.Format("2006-01-02")
	}
	return v
}

func nameMap(ctx context.Context, tx *store.Tx) (map[int64]string, error) {
	ps, err := tx.FindPeople(ctx, ally.PersonFilter{})
	if err != nil {
		return nil, err
	}
	m := make(map[int64]string, len(ps))
	for _, p := range ps {
		m[p.ID] = p.Name
	}
	return m, nil
}

// PromiseInput is a commitment between Me and a person: Me's to them
// (FromMe, `ally promise`) or theirs to Me (ToMe, `ally expect`). A due
// date more than LongPast before the clock is refused as a slip unless
// Force says it is meant (a promise recorded after the fact).
type PromiseInput struct {
	Person int64
	Way    Way
	What   string
	Due    time.Time
	Force  bool
}

// LongPast is how far before the clock, in calendar days, a new
// commitment's due date may be without PromiseInput.Force: a promise due a month ago is recorded late;
// one due years ago ("2526 days late") is a typing mistake.
const LongPast = 30 * 24 * time.Hour

// notAfterClock refuses a date after the workspace clock for something
// that has happened (an interaction, a ledger entry): ally would count it
// from the day it happens, and meanwhile it would top every timeline.
func (a *App) notAfterClock(what string, at time.Time) error {
	if at.After(a.Now) {
		return ally.Errorf(ally.EINVALID, "%s's date, %s, is after the workspace clock (%s): only what has happened is recorded",
			what, moment(at), moment(a.Now))
	}
	return nil
}

// moment shows a time as a day when it is midnight UTC, else to the
// minute, in UTC.
func moment(t time.Time) string {
	t = t.UTC()
	if t.Equal(t.Truncate(24 * time.Hour)) {
		return t.Format("2006-01-02")
	}
	return t.Format("2006-01-02 15:04 UTC")
}

// Promise records a commitment.
func (a *App) Promise(ctx context.Context, in PromiseInput) (*ally.Commitment, *ally.Person, error) {
	if err := in.Way.validate(); err != nil {
		return nil, nil, err
	}
	if late := -daysBetween(a.Now, in.Due); !in.Force && !in.Due.IsZero() && late > int(LongPast.Hours()/24) {
		return nil, nil, ally.Errorf(ally.EINVALID, "due date %s is %d days before the workspace clock, %s: more than %d days late from the start",
			in.Due.Format("2006-01-02"), late, a.Now.Format("2006-01-02"), int(LongPast.Hours()/24)).
			WithHint(ally.HintForce)
	}
	c := &ally.Commitment{What: in.What, Due: in.Due, Created: a.Now, Status: ally.CommitOpen}
	var p *ally.Person
	err := a.update(ctx, func(tx *store.Tx) (err error) {
		if p, err = person(ctx, tx, in.Person); err != nil {
			return err
		}
		if p.ID == a.WS.MeID {
			return ally.Errorf(ally.EINVALID, "a commitment is between Me and someone else")
		}
		c.FromID, c.ToID = a.WS.MeID, p.ID
		if in.Way == ToMe {
			c.FromID, c.ToID = p.ID, a.WS.MeID
		}
		return tx.CreateCommitment(ctx, c)
	})
	return c, p, err
}

// CloseCommitment marks an open commitment kept, broken or released.
func (a *App) CloseCommitment(ctx context.Context, id int64, status ally.CommitmentStatus) (*ally.Commitment, error) {
	var c *ally.Commitment
	err := a.update(ctx, func(tx *store.Tx) (err error) {
		if c, err = tx.FindCommitmentByID(ctx, id); err != nil {
			return err
		}
		if c.Status != ally.CommitOpen {
			return ally.Errorf(ally.ECONFLICT, "commitment %d is already %s", id, c.Status)
		}
		c.Status, c.Closed = status, a.Now
		return tx.UpdateCommitment(ctx, c)
	})
	return c, err
}

// CommitmentView is a commitment with its state at App.Now and names.
type CommitmentView struct {
	*ally.Commitment
	State   ally.CommitmentStatus `json:"state"`
	Mine    bool                  `json:"mine"`
	From    string                `json:"from"`
	To      string                `json:"to"`
	DaysDue int                   `json:"days_due"` // negative: days late
}

// CommitmentFilter selects commitments: the open ones unless Closed, only
// those late at App.Now with Late, and one page of them.
type CommitmentFilter struct {
	Closed bool // also the kept, broken and released ones
	Late   bool // only those late at App.Now
	Page
}

// Commitments lists commitments in due order, one page, with the total;
// those made after the clock (App.Now) are not listed.
func (a *App) Commitments(ctx context.Context, f CommitmentFilter) (List[*CommitmentView], error) {
	if err := f.Page.Validate(); err != nil {
		return List[*CommitmentView]{Items: []*CommitmentView{}}, err
	}
	out := []*CommitmentView{}
	err := a.view(ctx, func(tx *store.Tx) error {
		cs, err := tx.FindCommitments(ctx, 0, !f.Closed)
		if err != nil {
			return err
		}
		names, err := nameMap(ctx, tx)
		if err != nil {
			return err
		}
		for _, c := range cs {
			if c.Created.After(a.Now) {
				continue // not made yet at the clock
			}
			v := &CommitmentView{Commitment: c, State: c.State(a.Now), Mine: c.FromID == a.WS.MeID,
				From: names[c.FromID], To: names[c.ToID], DaysDue: daysBetween(a.Now, c.Due)}
			if f.Late && v.State != ally.CommitLate {
				continue
			}
			out = append(out, v)
		}
		return nil
	})
	return pageOf(out, f.Page), err
}

// daysBetween counts calendar days from a to b (negative when b is earlier).
func daysBetween(a, b time.Time) int {
	ay, am, ad := a.UTC().Date()
	by, bm, bd := b.UTC().Date()
	da := time.Date(ay, am, ad, 0, 0, 0, 0, time.UTC)
	db := time.Date(by, bm, bd, 0, 0, 0, 0, time.UTC)
	return int(db.Sub(da).Hours() / 24)
}

// RelInput changes Me's relationship with a person. Nil fields are kept.
type RelInput struct {
	Tier   *ally.Tier
	Status *ally.RelStatus
	Roles  *[]ally.RelRole
	Trust  *int
	Note   *string
}

// SetRelationship creates or changes Me's relationship with a person.
func (a *App) SetRelationship(ctx context.Context, id int64, in RelInput) (*ally.Relationship, *ally.Person, error) {
	var r *ally.Relationship
	var p *ally.Person
	err := a.update(ctx, func(tx *store.Tx) (err error) {
		if p, err = person(ctx, tx, id); err != nil {
			return err
		}
		if p.ID == a.WS.MeID {
			return ally.Errorf(ally.EINVALID, "a relationship is between Me and someone else")
		}
		r, err = tx.FindRelationship(ctx, p.ID)
		if ally.ErrorCode(err) == ally.ENOTFOUND {
			r, err = &ally.Relationship{PersonID: p.ID}, nil
		}
		if err != nil {
			return err
		}
		if in.Tier != nil {
			r.Tier = *in.Tier
		}
		if in.Status != nil {
			r.Status = *in.Status
		}
		if in.Roles != nil {
			r.Roles = *in.Roles
		}
		if in.Trust != nil {
			if *in.Trust < 1 || *in.Trust > 5 {
				return ally.Errorf(ally.EINVALID, "trust %d is out of range (1 to 5)", *in.Trust)
			}
			r.Trust = *in.Trust
		}
		if in.Note != nil {
			r.Note = *in.Note
		}
		r.Updated = a.Now
		return tx.PutRelationship(ctx, r)
	})
	return r, p, err
}
