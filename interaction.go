package ally

import "time"

// Channel is the kind of an interaction.
type Channel string

// Channels of contact.
const (
	ChanOneOnOne    Channel = "one-on-one"
	ChanMeeting     Channel = "meeting"
	ChanPartnership Channel = "partnership-meeting"
	ChanEmail       Channel = "email"
	ChanCall        Channel = "call"
	ChanChat        Channel = "chat"
	ChanEvent       Channel = "event"
)

// Channels lists every channel.
var Channels = []Channel{ChanOneOnOne, ChanMeeting, ChanPartnership, ChanEmail, ChanCall, ChanChat, ChanEvent}

var channelEnum = enum{"kind", []string{"one-on-one", "meeting", "partnership-meeting", "email", "call", "chat", "event"}}

// Validate reports an error unless c is a known channel.
func (c Channel) Validate() error { return channelEnum.check(string(c)) }

// Role is a participant's part in an interaction.
type Role string

// Roles. The initiator started it (the sender of an email, who called the
// meeting); "to" is a direct recipient or attendee; "cc" is a copied one.
const (
	RoleInitiator Role = "initiator"
	RoleTo        Role = "to"
	RoleCC        Role = "cc"
)

var roleEnum = enum{"participant role", []string{"initiator", "to", "cc"}}

// Participant is one person in an interaction.
type Participant struct {
	PersonID int64 `json:"person_id"`
	Role     Role  `json:"role"`
}

// Source says where an interaction came from.
type Source string

// Sources. Imported rows carry the importer's stable external id, so that a
// re-import updates instead of duplicating.
const (
	SourceManual   Source = "manual"
	SourceCalendar Source = "calendar"
	SourceEmail    Source = "email"
	SourceCSV      Source = "csv"
	SourceDemo     Source = "demo"
)

var sourceEnum = enum{"source", []string{"manual", "calendar", "email", "csv", "demo"}}

// Interaction is a dated contact between people: at least two participants,
// one of whom initiated it.
type Interaction struct {
	ID           int64         `json:"id"`
	Kind         Channel       `json:"kind"`
	At           time.Time     `json:"at"`
	Participants []Participant `json:"participants"`
	Medium       string        `json:"medium,omitempty"` // how: video, in person, phone…
	Subject      string        `json:"subject,omitempty"`
	Note         string        `json:"note,omitempty"`
	Source       Source        `json:"source"`
	ExternalID   string        `json:"external_id,omitempty"`
	// Sequence is an imported meeting's iCalendar SEQUENCE: a re-import of
	// a newer export replaces the stored occurrence when it is higher.
	Sequence int `json:"sequence,omitempty"`
}

// Validate reports the first invalid field of the interaction.
func (in *Interaction) Validate() error {
	if err := in.Kind.Validate(); err != nil {
		return err
	}
	if err := checkDate("at", in.At); err != nil {
		return err
	}
	if in.Source == "" {
		in.Source = SourceManual
	}
	if err := sourceEnum.check(string(in.Source)); err != nil {
		return err
	}
	if len(in.Participants) < 2 {
		return Errorf(EINVALID, "with: an interaction needs at least one other participant")
	}
	seen := map[int64]bool{}
	initiators := 0
	for _, p := range in.Participants {
		if err := roleEnum.check(string(p.Role)); err != nil {
			return err
		}
		if p.PersonID == 0 {
			return Errorf(EINVALID, "with: participant without a person")
		}
		if seen[p.PersonID] {
			return Errorf(EINVALID, "with: person %d is listed twice", p.PersonID)
		}
		seen[p.PersonID] = true
		if p.Role == RoleInitiator {
			initiators++
		}
	}
	if initiators > 1 {
		return Errorf(EINVALID, "with: an interaction has at most one initiator")
	}
	if err := limitText("channel", in.Medium, 100, oneLine); err != nil {
		return err
	}
	if err := limitText("subject", in.Subject, 1000, oneLine); err != nil {
		return err
	}
	in.Note = unixLines(in.Note)
	if err := limitText("note", in.Note, 100_000, manyLines); err != nil {
		return err
	}
	return limitText("external id", in.ExternalID, 500, oneLine)
}

// Initiator returns the id of the participant who initiated, or 0.
func (in *Interaction) Initiator() int64 {
	for _, p := range in.Participants {
		if p.Role == RoleInitiator {
			return p.PersonID
		}
	}
	return 0
}
