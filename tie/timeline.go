package tie

import (
	"fmt"
	"sort"
	"time"

	"github.com/allyhq/ally"
)

// Event kinds of a timeline.
const (
	EventInteraction = "interaction"
	EventGave        = "gave"
	EventReceived    = "received"
	EventPromised    = "promised" // Me promised
	EventExpected    = "expected" // they promised
	EventClosed      = "closed"   // a commitment kept, broken or released
	EventRepair      = "repair"   // a repair plan opened or a step done
)

// Event is one dated line of a relationship's timeline.
type Event struct {
	At    time.Time `json:"at,omitzero"`
	Kind  string    `json:"kind"`
	RefID int64     `json:"ref_id"`
	Text  string    `json:"text"`
}

// TimelineInput is the history between Me and one person; rows that do not
// involve both are ignored.
type TimelineInput struct {
	MeID         int64              `json:"me_id"`
	PersonID     int64              `json:"person_id"`
	Interactions []ally.Interaction `json:"interactions"`
	Exchanges    []ally.Exchange    `json:"exchanges"`
	Commitments  []ally.Commitment  `json:"commitments"`
	Repairs      []ally.RepairPlan  `json:"repairs"`
}

// Timeline merges the history between Me and a person into events up to
// now, newest first (ties by kind, then id), at most limit of them (limit
// ≤ 0: all). Cost: O(n log n).
func Timeline(in TimelineInput, now time.Time, limit int) []Event {
	var ev []Event
	add := func(at time.Time, kind string, id int64, text string) {
		if !at.IsZero() && !at.After(now) {
			ev = append(ev, Event{At: at, Kind: kind, RefID: id, Text: text})
		}
	}
	for _, x := range in.Interactions {
		me, them := false, false
		for _, p := range x.Participants {
			me = me || p.PersonID == in.MeID
			them = them || p.PersonID == in.PersonID
		}
		if !me || !them {
			continue
		}
		text := string(x.Kind)
		if n := len(x.Participants); n > 2 {
			text += fmt.Sprintf(" (%d people)", n)
		}
		if x.Subject != "" {
			text += ": " + x.Subject
		}
		add(x.At, EventInteraction, x.ID, text)
	}
	for _, e := range in.Exchanges {
		switch {
		case e.FromID == in.MeID && e.ToID == in.PersonID:
			add(e.At, EventGave, e.ID, fmt.Sprintf("gave %s (%s, %s): %s", e.Kind, e.Size, orNone(e.Currency), e.What))
		case e.FromID == in.PersonID && e.ToID == in.MeID:
			add(e.At, EventReceived, e.ID, fmt.Sprintf("received %s (%s): %s", e.Kind, e.Size, e.What))
		}
	}
	for _, c := range in.Commitments {
		var kind string
		switch {
		case c.FromID == in.MeID && c.ToID == in.PersonID:
			kind = EventPromised
		case c.FromID == in.PersonID && c.ToID == in.MeID:
			kind = EventExpected
		default:
			continue
		}
		add(c.Created, kind, c.ID, fmt.Sprintf("%s, due %s", c.What, c.Due.Format("2006-01-02")))
		if c.Status != ally.CommitOpen && !c.Closed.IsZero() {
			st := string(c.Status)
			if c.Status == ally.CommitKept && !c.OnTime() {
				st = "kept late"
			}
			add(c.Closed, EventClosed, c.ID, fmt.Sprintf("%s: %s", st, c.What))
		}
	}
	for _, r := range in.Repairs {
		if r.PersonID != in.PersonID {
			continue
		}
		add(r.Opened, EventRepair, r.ID, "repair plan opened: "+r.Cause)
		for _, s := range r.Steps {
			add(s.Done, EventRepair, r.ID, "check-in done: "+s.What)
		}
		if r.Outcome != "" {
			add(r.Closed, EventRepair, r.ID, "repair plan closed: "+r.Outcome)
		}
	}
	sort.SliceStable(ev, func(i, j int) bool {
		if !ev[i].At.Equal(ev[j].At) {
			return ev[i].At.After(ev[j].At)
		}
		if ev[i].Kind != ev[j].Kind {
			return ev[i].Kind < ev[j].Kind
		}
		return ev[i].RefID > ev[j].RefID
	})
	if limit > 0 && len(ev) > limit {
		ev = ev[:limit]
	}
	return ev
}
