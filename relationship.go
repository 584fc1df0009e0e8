package ally

import "time"

// Tier is how much a relationship matters to Me; it sets the contact cadence.
type Tier string

// Tiers, most important first.
const (
	TierKeyAlly  Tier = "key-ally"
	TierAlly     Tier = "ally"
	TierNetwork  Tier = "network"
	TierProspect Tier = "prospect"
)

var tierEnum = enum{"tier", []string{"key-ally", "ally", "network", "prospect"}}

// Validate reports an error unless t is a known tier.
func (t Tier) Validate() error { return tierEnum.check(string(t)) }

// RelStatus is the state of a relationship as the user sees it.
type RelStatus string

// Relationship statuses.
const (
	StatusProspect RelStatus = "prospect"
	StatusEngaged  RelStatus = "engaged"
	StatusAlly     RelStatus = "ally"
	StatusStrained RelStatus = "strained"
	StatusDormant  RelStatus = "dormant"
	StatusEnded    RelStatus = "ended"
)

var relStatusEnum = enum{"status", []string{"prospect", "engaged", "ally", "strained", "dormant", "ended"}}

// Validate reports an error unless s is a known status.
func (s RelStatus) Validate() error { return relStatusEnum.check(string(s)) }

// RelRole is a role a person plays for Me.
type RelRole string

// Relationship roles.
const (
	RoleMentor  RelRole = "mentor"
	RoleMentee  RelRole = "mentee"
	RoleSponsor RelRole = "sponsor"
	RolePartner RelRole = "partner"
)

var relRoleEnum = enum{"role", []string{"mentor", "mentee", "sponsor", "partner"}}

// Validate reports an error unless r is a known role.
func (r RelRole) Validate() error { return relRoleEnum.check(string(r)) }

// Relationship is Me's relationship with one person: what the user decides
// about it. Everything else (strength, health, balance) is derived.
type Relationship struct {
	PersonID int64     `json:"person_id"`
	Tier     Tier      `json:"tier"`
	Status   RelStatus `json:"status"`
	Roles    []RelRole `json:"roles,omitempty"`
	Trust    int       `json:"trust,omitempty"` // 1–5; 0 = not rated
	Note     string    `json:"note,omitempty"`  // e.g. why it ended
	Updated  time.Time `json:"updated"`
}

// Validate reports the first invalid field of the relationship.
func (r *Relationship) Validate() error {
	if r.Tier == "" {
		r.Tier = TierNetwork
	}
	if r.Status == "" {
		r.Status = StatusEngaged
	}
	if err := r.Tier.Validate(); err != nil {
		return err
	}
	if err := r.Status.Validate(); err != nil {
		return err
	}
	seen := map[RelRole]bool{}
	for _, ro := range r.Roles {
		if err := ro.Validate(); err != nil {
			return err
		}
		if seen[ro] {
			return Errorf(EINVALID, "role %q is listed twice", ro)
		}
		seen[ro] = true
	}
	if r.Trust != 0 {
		if err := checkRating("trust", r.Trust, 1, 5); err != nil {
			return err
		}
	}
	r.Note = unixLines(r.Note)
	return limitText("note", r.Note, 10_000, manyLines)
}

// HasRole reports whether the relationship has the role.
func (r *Relationship) HasRole(ro RelRole) bool {
	for _, x := range r.Roles {
		if x == ro {
			return true
		}
	}
	return false
}
