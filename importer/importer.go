// Package importer holds what every reader of a user's files produces: the
// people and the dated contacts a source describes, each with a stable
// external id and the place in the file it came from. The readers
// themselves live in the packages below it (vcard, ical, mail, csvin); they
// read an io.Reader and return these values, touching no database and no
// clock of their own. Matching what they return to the workspace's people
// (package identity) and writing it in one transaction (package app) are
// done elsewhere, so that a reader can be fuzzed and benchmarked alone.
package importer

import (
	"fmt"
	"time"

	"github.com/allyhq/ally"
)

// Pos is where a record starts: the file as the user named it and the
// 1-based line (0 when the format has no lines that mean anything, as in a
// maildir directory whose files are one message each).
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
}

// String is file:line, or the file alone.
func (p Pos) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return p.File
}

// Person is a person as a source describes them. Emails and Phones are as
// found (trimmed); package identity normalises them for matching.
type Person struct {
	// ExternalID is stable across exports of the same source: a vCard's
	// UID (or a hash of the card's content when it has none), the org
	// chart's id column (or a hash of the row).
	ExternalID   string   `json:"external_id"`
	Name         string   `json:"name"`
	Emails       []string `json:"emails,omitempty"`
	Phones       []string `json:"phones,omitempty"`
	Organisation string   `json:"organisation,omitempty"`
	Title        string   `json:"title,omitempty"`
	Department   string   `json:"department,omitempty"`
	Team         string   `json:"team,omitempty"`
	Location     string   `json:"location,omitempty"`
	Notes        string   `json:"notes,omitempty"`
	// ManagerEmail or ManagerID name the person's manager in an org chart
	// (ManagerID is the file's own id column); they are resolved after the
	// whole file is read, since a manager may come after their reports.
	ManagerEmail string `json:"manager_email,omitempty"`
	ManagerID    string `json:"manager_id,omitempty"`
	Pos          Pos    `json:"pos"`
}

// Party is one person in an interaction as the source names them: a
// display name, an address, an id, or several of these.
type Party struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
	// ID is a person's id as a log file gives it: ally's own person id
	// (as `ally export csv` writes it) or an id from the org chart.
	ID   string    `json:"id,omitempty"`
	Role ally.Role `json:"role"`
}

// Interaction is a dated contact as a source records it.
type Interaction struct {
	Source ally.Source `json:"source"`
	// ExternalID is stable across exports of the same source: UID plus
	// RECURRENCE-ID for a calendar occurrence, the Message-ID for mail,
	// the log's id column (or a hash of the row) for a CSV log.
	ExternalID string `json:"external_id"`
	// Sequence is iCalendar's SEQUENCE: a re-import replaces a stored
	// occurrence whose sequence is lower. Zero elsewhere.
	Sequence int          `json:"sequence,omitempty"`
	Kind     ally.Channel `json:"kind"`
	At       time.Time    `json:"at"`
	Subject  string       `json:"subject,omitempty"`
	// Parties are everyone the record names, the initiator (organizer,
	// sender) first when there is one. A reader leaves out who is not a
	// person (rooms, resources) or not taking part (a declined attendee),
	// and keeps everyone else, Me included when the file lists Me.
	Parties []Party `json:"parties"`
	// Bulk is why a message is list or bulk mail ("List-Id",
	// "Precedence: bulk", "no-reply sender"); "" for personal mail. The
	// import skips bulk mail and counts it.
	Bulk string `json:"bulk,omitempty"`
	Pos  Pos    `json:"pos"`
}

// Error is a record a reader could not read: where, which field and why.
// A reader stops at the first one unless its options say to skip bad
// records, in which case it reports each through the options and goes on.
type Error struct {
	Pos    Pos    `json:"pos"`
	Field  string `json:"field,omitempty"`
	Reason string `json:"reason"`
}

// Error is "file:line: field: reason".
func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s: %s", e.Pos, e.Field, e.Reason)
	}
	return fmt.Sprintf("%s: %s", e.Pos, e.Reason)
}

// Errorf returns an *Error at pos for field.
func Errorf(pos Pos, field, format string, args ...any) *Error {
	return &Error{Pos: pos, Field: field, Reason: fmt.Sprintf(format, args...)}
}

// Skip decides what a reader does with a bad record: nil stops the read at
// the first one (the reader returns it); otherwise the reader calls it for
// each bad record and goes on, stopping only if it returns an error.
type Skip func(*Error) error

// Bad is how a reader reports a bad record: it returns the error to stop
// with, or nil to go on.
func (s Skip) Bad(e *Error) error {
	if s == nil {
		return e
	}
	return s(e)
}
