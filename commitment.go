package ally

import "time"

// CommitmentStatus is the recorded state of a commitment.
type CommitmentStatus string

// Statuses. Open, kept, broken and released are recorded; late is derived:
// an open commitment past its due date, or one kept after it.
const (
	CommitOpen     CommitmentStatus = "open"
	CommitKept     CommitmentStatus = "kept"
	CommitLate     CommitmentStatus = "late"
	CommitBroken   CommitmentStatus = "broken"
	CommitReleased CommitmentStatus = "released"
)

var commitStatusEnum = enum{"status", []string{"open", "kept", "broken", "released"}}

// Commitment is a promise from one person to another with a due date. When
// FromID is Me it is mine (ally promise); otherwise it is theirs (ally expect).
type Commitment struct {
	ID      int64            `json:"id"`
	FromID  int64            `json:"from_id"`
	ToID    int64            `json:"to_id"`
	What    string           `json:"what"`
	Due     time.Time        `json:"due"`
	Created time.Time        `json:"created"`
	Status  CommitmentStatus `json:"status"`
	Closed  time.Time        `json:"closed,omitzero"` // when kept, broken or released
	Example bool             `json:"example,omitempty"`
}

// Validate reports the first invalid field of the commitment.
func (c *Commitment) Validate() error {
	if err := requireText("what", c.What, 1000, oneLine); err != nil {
		return err
	}
	if c.Status == "" {
		c.Status = CommitOpen
	}
	if err := commitStatusEnum.check(string(c.Status)); err != nil {
		return err
	}
	if c.FromID == 0 || c.ToID == 0 || c.FromID == c.ToID {
		return Errorf(EINVALID, "a commitment needs two different people")
	}
	if err := checkDate("due", c.Due); err != nil {
		return err
	}
	if err := checkDate("created", c.Created); err != nil {
		return err
	}
	if c.Status != CommitOpen {
		if err := checkDate("closed", c.Closed); err != nil {
			return err
		}
	}
	return nil
}

// State is the commitment's status at now: late for an open one past its
// due day (due dates are whole days, so a promise due today is not late
// until tomorrow), otherwise the recorded status.
func (c *Commitment) State(now time.Time) CommitmentStatus {
	if c.Status == CommitOpen && !now.Before(nextDay(c.Due)) {
		return CommitLate
	}
	return c.Status
}

// OnTime reports whether a kept commitment was kept by the end of its due day.
func (c *Commitment) OnTime() bool {
	return c.Status == CommitKept && c.Closed.Before(nextDay(c.Due))
}

// nextDay returns the start of the day after t's. The due day ends there,
// not at 23:59:59, so that a time in its last second (23:59:59.5) is still
// on the due day.
func nextDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, t.Location())
}
