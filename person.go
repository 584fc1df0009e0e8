package ally

import (
	"strings"
	"time"
)

// Direction is where a person stands relative to Me in the organisation.
type Direction string

// Directions. Up is Me's management chain, down is Me's reporting tree,
// across is the rest of Me's organisation and outside is any other
// organisation.
const (
	DirUp      Direction = "up"
	DirDown    Direction = "down"
	DirAcross  Direction = "across"
	DirOutside Direction = "outside"
)

// Directions lists the directions in display order.
var Directions = []Direction{DirUp, DirDown, DirAcross, DirOutside}

var directionEnum = enum{"direction", []string{"up", "down", "across", "outside"}}

// Validate reports an error unless d is one of the four directions.
func (d Direction) Validate() error { return directionEnum.check(string(d)) }

// Person is someone in the workspace: a colleague, a contact outside, or Me.
// Emails are stored lower-case and are unique within a workspace. The
// organisation is empty for people in Me's own organisation.
type Person struct {
	ID           int64     `json:"id"`
	Name         string    `json:"name"`
	Emails       []string  `json:"emails,omitempty"`
	Title        string    `json:"title,omitempty"`
	Department   string    `json:"department,omitempty"`
	Team         string    `json:"team,omitempty"`
	Location     string    `json:"location,omitempty"`
	Organisation string    `json:"organisation,omitempty"`
	ManagerID    int64     `json:"manager_id,omitempty"` // 0: none known
	Level        int       `json:"level,omitempty"`      // 1 = top of the organisation; 0 = unknown
	DirOverride  Direction `json:"direction_override,omitempty"`
	Notes        string    `json:"notes,omitempty"` // private to the workspace's author
	Tags         []Tag     `json:"tags,omitempty"`
	Created      time.Time `json:"created"`
	Updated      time.Time `json:"updated"`
}

// Validate normalises the person's emails and reports the first invalid field.
func (p *Person) Validate() error {
	p.Name = strings.TrimSpace(p.Name)
	if err := requireText("name", p.Name, 200, oneLine); err != nil {
		return err
	}
	seen := map[string]bool{}
	emails := p.Emails[:0:0]
	for _, e := range p.Emails {
		e = NormalizeEmail(e)
		if e == "" {
			continue
		}
		if err := CheckText("email", e, oneLine); err != nil {
			return err
		}
		if !ValidEmail(e) {
			return Errorf(EINVALID, "email %q is not a valid address", e)
		}
		if !seen[e] {
			seen[e] = true
			emails = append(emails, e)
		}
	}
	p.Emails = emails
	for _, f := range []struct{ name, v string }{
		{"title", p.Title}, {"department", p.Department}, {"team", p.Team},
		{"location", p.Location}, {"organisation", p.Organisation},
	} {
		if err := limitText(f.name, f.v, 200, oneLine); err != nil {
			return err
		}
	}
	p.Notes = unixLines(p.Notes)
	if err := limitText("notes", p.Notes, 100_000, manyLines); err != nil {
		return err
	}
	if p.Level < 0 || p.Level > 50 {
		return Errorf(EINVALID, "level %d is out of range (0 to 50)", p.Level)
	}
	if p.DirOverride != "" {
		if err := p.DirOverride.Validate(); err != nil {
			return err
		}
	}
	if p.ManagerID != 0 && p.ManagerID == p.ID {
		return Errorf(EINVALID, "manager: %s cannot be their own manager", p.Name)
	}
	for i := range p.Tags {
		if err := p.Tags[i].Validate(); err != nil {
			return err
		}
	}
	return nil
}

// External reports whether the person belongs to another organisation.
func (p *Person) External() bool { return p.Organisation != "" }

// PersonFilter selects people. Nil or empty fields do not filter.
type PersonFilter struct {
	Direction    Direction // applied by the app layer, which knows Me
	Department   string    // exact, in any case
	Organisation string    // exact, in any case: the people of one organisation outside
	Tag          string    // any tag kind; "kind:value" for one kind
	Tier         Tier
	Query        string // a fragment of name, email or organisation
}

// TagKind says what a tag describes.
type TagKind string

// Tag kinds: what a person is interested in, what they are trying to
// achieve, what they can do, and what they value in exchange (a currency).
const (
	TagInterest TagKind = "interest"
	TagGoal     TagKind = "goal"
	TagSkill    TagKind = "skill"
	TagCurrency TagKind = "currency"
)

var tagKindEnum = enum{"tag kind", []string{"interest", "goal", "skill", "currency"}}

// Validate reports an error unless k is a known tag kind.
func (k TagKind) Validate() error { return tagKindEnum.check(string(k)) }

// Tag is one interest, goal, skill or currency of a person.
type Tag struct {
	Kind  TagKind `json:"kind"`
	Value string  `json:"value"`
}

// Currencies are what people value in exchange, after Cohen and Bradford,
// "Influence Without Authority": the family first, then the currency.
var Currencies = map[string][]string{
	"inspiration":  {"vision", "excellence", "ethics"},
	"task":         {"resources", "help", "information", "challenge"},
	"position":     {"recognition", "visibility", "reputation", "contacts"},
	"relationship": {"acceptance", "personal-support", "understanding"},
	"personal":     {"gratitude", "ownership", "self-concept"},
}

// CurrencyFamily returns the family of a currency ("recognition" →
// "position"), or "" when the currency is not in Cohen and Bradford's list.
// A family name is its own family.
func CurrencyFamily(c string) string {
	if _, ok := Currencies[c]; ok {
		return c
	}
	for fam, cs := range Currencies {
		for _, x := range cs {
			if x == c {
				return fam
			}
		}
	}
	return ""
}

// Validate normalises the tag (lower-case, trimmed) and checks it.
func (t *Tag) Validate() error {
	t.Value = strings.ToLower(strings.TrimSpace(t.Value))
	if err := t.Kind.Validate(); err != nil {
		return err
	}
	if err := requireText(string(t.Kind), t.Value, 100, oneLine); err != nil {
		return err
	}
	if t.Kind == TagCurrency && CurrencyFamily(t.Value) == "" {
		return Errorf(EINVALID, "currency %q is not one of Cohen and Bradford's (e.g. recognition, help, information, visibility, gratitude)", t.Value)
	}
	return nil
}
