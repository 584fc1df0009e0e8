package tie

import (
	"sort"

	"github.com/allyhq/ally"
)

// Contact is a person as the agenda, the coverage map and the snapshot see
// them: who they are relative to Me and what Me's relationship with them is.
// HasRelationship is false for people in the workspace Me has no
// relationship row with (an imported org chart).
type Contact struct {
	ID              int64          `json:"id"`
	Name            string         `json:"name"`
	Direction       ally.Direction `json:"direction"`
	Department      string         `json:"department"`
	Location        string         `json:"location"`
	Level           int            `json:"level"` // 1 = top of the organisation; 0 = unknown
	HasRelationship bool           `json:"has_relationship"`
	Tier            ally.Tier      `json:"tier"`
	Status          ally.RelStatus `json:"status"`
	Roles           []ally.RelRole `json:"roles"`
	Trust           int            `json:"trust"`      // 1–5, 0 = not rated
	Currencies      []string       `json:"currencies"` // what they value (currency tags)
}

// IsAlly reports whether the contact counts as an ally: tier key ally or
// ally, or status ally, and the relationship not ended or strained.
func (c *Contact) IsAlly() bool {
	if !c.HasRelationship || c.Status == ally.StatusEnded || c.Status == ally.StatusStrained {
		return false
	}
	return c.Tier == ally.TierKeyAlly || c.Tier == ally.TierAlly || c.Status == ally.StatusAlly
}

// InNetwork reports whether Me has a relationship with the contact that has
// not ended.
func (c *Contact) InNetwork() bool { return c.HasRelationship && c.Status != ally.StatusEnded }

// Ended reports whether the relationship has ended: such contacts get no
// more nudges.
func (c *Contact) Ended() bool { return c.HasRelationship && c.Status == ally.StatusEnded }

// HasRole reports whether the relationship has role ro.
func (c *Contact) HasRole(ro ally.RelRole) bool {
	for _, x := range c.Roles {
		if x == ro {
			return true
		}
	}
	return false
}

// Contacts builds the contacts of everyone but me, sorted by id: direction
// from the org chart (ally.DeriveDirections), currencies from the tags,
// and the relationship when there is one. Cost: O(people + rels).
func Contacts(people []*ally.Person, rels []ally.Relationship, me int64) []Contact {
	dirs := ally.DeriveDirections(people, me)
	byPerson := make(map[int64]*ally.Relationship, len(rels))
	for i := range rels {
		byPerson[rels[i].PersonID] = &rels[i]
	}
	out := make([]Contact, 0, len(people))
	for _, p := range people {
		if p.ID == me {
			continue
		}
		c := Contact{ID: p.ID, Name: p.Name, Direction: dirs[p.ID], Department: p.Department,
			Location: p.Location, Level: p.Level}
		for _, t := range p.Tags {
			if t.Kind == ally.TagCurrency {
				c.Currencies = append(c.Currencies, t.Value)
			}
		}
		if r := byPerson[p.ID]; r != nil {
			c.HasRelationship = true
			c.Tier, c.Status, c.Trust = r.Tier, r.Status, r.Trust
			c.Roles = append([]ally.RelRole(nil), r.Roles...)
			if c.Tier == "" {
				c.Tier = ally.TierNetwork
			}
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
