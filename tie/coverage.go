package tie

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/allyhq/ally"
)

// CoverageInput is Me (for the level comparison; zero is fine) and every
// other person as a Contact (see Contacts), with the organisation of those
// outside Me's own by contact id (absent or "" for Me's organisation).
type CoverageInput struct {
	Me            Contact          `json:"me"`
	Contacts      []Contact        `json:"contacts"`
	Organisations map[int64]string `json:"organisations,omitempty"`
}

// Bucket counts the people of one direction, department, level or
// location: all of them in the workspace, those in Me's network (a
// relationship not ended), the allies among them and the key allies.
type Bucket struct {
	Name      string `json:"name"`
	People    int    `json:"people"`
	Network   int    `json:"network"`
	Allies    int    `json:"allies"`
	KeyAllies int    `json:"key_allies"`
}

// Finding is one thing the coverage map says is overlooked, with its reason
// and what to do. Severity 3 is the most serious.
type Finding struct {
	Code     string `json:"code"`
	Severity int    `json:"severity"`
	Reason   string `json:"reason"`
	Suggest  string `json:"suggest"`
}

// Coverage finding codes.
const (
	FindNoPeerAlly    = "no-peer-ally"
	FindNoReportAlly  = "no-report-ally"
	FindNoSponsor     = "no-sponsor-above"
	FindNoUpAlly      = "no-ally-above"
	FindOneDepartment = "one-department"
	FindConcentrated  = "concentrated"
	FindNoOutsideAlly = "no-outside-ally"
	FindNoAllies      = "no-allies"
)

// CoverageResult is the map of Me's network.
type CoverageResult struct {
	People  int `json:"people"` // everyone but Me
	Network int `json:"network"`
	Allies  int `json:"allies"`
	// ByDirection lists the four directions in order; the others are
	// sorted by name (levels numerically, unknown last). An empty
	// department or location is "(none)", an unknown level "unknown".
	// ByOrganisation groups the people outside (direction outside) by
	// their organisation, "(none)" for those outside without one.
	ByDirection    []Bucket  `json:"by_direction"`
	ByDepartment   []Bucket  `json:"by_department"`
	ByLevel        []Bucket  `json:"by_level"`
	ByLocation     []Bucket  `json:"by_location"`
	ByOrganisation []Bucket  `json:"by_organisation"`
	Findings       []Finding `json:"findings"` // most severe first
	// DeptEntropy is the Shannon entropy of allies across departments,
	// H = −Σ pᵢ log₂ pᵢ with pᵢ the share of allies in department i, in
	// bits: 0 when all are in one department, log₂ k when spread evenly
	// over k.
	DeptEntropy float64 `json:"dept_entropy"`
	// DeptEvenness is H / log₂ K, with K the number of departments in the
	// workspace (Pielou's evenness against what could be covered): 1 for
	// allies spread evenly over every department, 0 for one or none.
	DeptEvenness float64 `json:"dept_evenness"`
	DeptsCovered int     `json:"depts_covered"` // departments with at least one ally
	DeptsTotal   int     `json:"depts_total"`   // departments in the workspace
}

// Coverage maps Me's network by direction, department, level, location
// and, outside, organisation, and reports what is overlooked: no ally among peers (across), none among
// reports (when Me has reports), none above, no sponsor or mentor above
// (a relationship with role sponsor or mentor with someone up the chain or
// at a more senior level), all allies in one department (or over 60% in
// one, from three allies), no ally outside the organisation. Cost:
// O(n log n) for n contacts.
func Coverage(in CoverageInput) CoverageResult {
	var r CoverageResult
	dir := map[ally.Direction]*Bucket{}
	for _, d := range ally.Directions {
		b := &Bucket{Name: string(d)}
		dir[d] = b
	}
	dept, lvl, loc, org := map[string]*Bucket{}, map[string]*Bucket{}, map[string]*Bucket{}, map[string]*Bucket{}
	get := func(m map[string]*Bucket, k string) *Bucket {
		b := m[k]
		if b == nil {
			b = &Bucket{Name: k}
			m[k] = b
		}
		return b
	}
	sponsorAbove := false
	for i := range in.Contacts {
		c := &in.Contacts[i]
		if c.ID == in.Me.ID && c.ID != 0 {
			continue
		}
		r.People++
		d := c.Direction
		if dir[d] == nil {
			d = ally.DirAcross
		}
		level := "unknown"
		if c.Level > 0 {
			level = strconv.Itoa(c.Level)
		}
		bs := []*Bucket{dir[d], get(dept, orNone(c.Department)), get(lvl, level), get(loc, orNone(c.Location))}
		if d == ally.DirOutside {
			// One organisation however its name is cased ("Acme", "ACME"),
			// named as the first contact has it.
			name := orNone(strings.TrimSpace(in.Organisations[c.ID]))
			key := strings.ToLower(name)
			if org[key] == nil {
				org[key] = &Bucket{Name: name}
			}
			bs = append(bs, org[key])
		}
		for _, b := range bs {
			b.People++
		}
		if c.InNetwork() {
			r.Network++
			for _, b := range bs {
				b.Network++
			}
		}
		if c.IsAlly() {
			r.Allies++
			for _, b := range bs {
				b.Allies++
				if c.Tier == ally.TierKeyAlly {
					b.KeyAllies++
				}
			}
		}
		if c.InNetwork() && c.Status != ally.StatusStrained && (c.HasRole(ally.RoleSponsor) || c.HasRole(ally.RoleMentor)) {
			above := c.Direction == ally.DirUp || (c.Level > 0 && in.Me.Level > 0 && c.Level < in.Me.Level)
			sponsorAbove = sponsorAbove || above
		}
	}
	for _, d := range ally.Directions {
		r.ByDirection = append(r.ByDirection, *dir[d])
	}
	r.ByDepartment = sortedBuckets(dept, false)
	r.ByLevel = sortedBuckets(lvl, true)
	r.ByLocation = sortedBuckets(loc, false)
	r.ByOrganisation = sortedBuckets(org, false)

	// Entropy of allies across departments.
	counts := make([]int, 0, len(r.ByDepartment))
	for _, b := range r.ByDepartment {
		if b.Name != "(none)" {
			r.DeptsTotal++
		}
		if b.Allies > 0 {
			counts = append(counts, b.Allies)
			if b.Name != "(none)" {
				r.DeptsCovered++
			}
		}
	}
	r.DeptEntropy = Entropy(counts)
	if k := max(r.DeptsTotal, len(counts)); k > 1 {
		r.DeptEvenness = r.DeptEntropy / math.Log2(float64(k))
	}

	// Findings.
	add := func(code string, sev int, reason, suggest string) {
		r.Findings = append(r.Findings, Finding{Code: code, Severity: sev, Reason: reason, Suggest: suggest})
	}
	if r.Allies == 0 {
		add(FindNoAllies, 3, "no allies yet: every relationship is network or prospect",
			"pick two or three people whose goals overlap yours and make them allies")
	}
	if b := dir[ally.DirAcross]; b.Allies == 0 {
		add(FindNoPeerAlly, 3, fmt.Sprintf("no ally among your peers across the organisation (%s there); peers are the most often overlooked",
			ally.Count(b.People, "person", "people")), "meet a peer in another team one-on-one and offer help with their goal")
	}
	if b := dir[ally.DirDown]; b.People > 0 && b.Allies == 0 {
		add(FindNoReportAlly, 2, fmt.Sprintf("no ally among your reports (%s); those below you are often overlooked",
			ally.Count(b.People, "person", "people")), "treat a report as an ally: ask for their view and act on it")
	}
	if b := dir[ally.DirUp]; b.People > 0 && b.Allies == 0 {
		add(FindNoUpAlly, 2, fmt.Sprintf("no ally up your management chain (%s)", ally.Count(b.People, "person", "people")),
			"make your manager's goals part of yours and report progress on them")
	}
	if !sponsorAbove {
		add(FindNoSponsor, 2, "no sponsor or mentor above you", "ask a senior leader you trust to mentor you; sponsors follow proven reliability")
	}
	if r.Allies >= 2 && len(counts) == 1 {
		add(FindOneDepartment, 3, fmt.Sprintf("all %d allies are in %s: a shallow root system", r.Allies, firstAllyDept(r.ByDepartment)),
			"find one ally in each department your work depends on")
	} else if r.Allies >= 3 {
		for _, b := range r.ByDepartment {
			if share := float64(b.Allies) / float64(r.Allies); share > 0.6 {
				add(FindConcentrated, 1, fmt.Sprintf("%.0f%% of your allies are in %s", 100*share, b.Name),
					"grow the base in other departments")
			}
		}
	}
	if out := dir[ally.DirOutside]; r.Allies > 0 && out.Allies == 0 {
		reason, suggest := "no ally outside the organisation", "keep one or two peers in the industry close"
		if orgs := knownOrganisations(r.ByOrganisation, 3); orgs != "" {
			reason += fmt.Sprintf(" (%s outside: %s)", ally.Count(out.People, "person", "people"), orgs)
			suggest += ", starting with someone you know at " + r.ByOrganisation[busiest(r.ByOrganisation)].Name
		}
		add(FindNoOutsideAlly, 1, reason, suggest)
	}
	sort.SliceStable(r.Findings, func(i, j int) bool { return r.Findings[i].Severity > r.Findings[j].Severity })
	return r
}

// Entropy returns the Shannon entropy in bits of the distribution given by
// counts (zero and negative counts are skipped): −Σ pᵢ log₂ pᵢ.
func Entropy(counts []int) float64 {
	n := 0
	for _, c := range counts {
		if c > 0 {
			n += c
		}
	}
	if n == 0 {
		return 0
	}
	h := 0.0
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / float64(n)
			h -= p * math.Log2(p)
		}
	}
	return math.Max(0, h)
}

// knownOrganisations lists up to n organisations with their people, the
// most people first ("Acme 3, Beta Corp 1, …"); "" when none is named.
func knownOrganisations(bs []Bucket, n int) string {
	named := make([]Bucket, 0, len(bs))
	for _, b := range bs {
		if b.Name != "(none)" {
			named = append(named, b)
		}
	}
	sort.SliceStable(named, func(i, j int) bool { return named[i].People > named[j].People })
	var parts []string
	for i, b := range named {
		if i == n {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, fmt.Sprintf("%s %d", b.Name, b.People))
	}
	return strings.Join(parts, ", ")
}

// busiest is the index of the named organisation with the most people in
// Me's network, then the most people (the first such by name).
func busiest(bs []Bucket) int {
	best := -1
	for i, b := range bs {
		if b.Name == "(none)" {
			continue
		}
		if best < 0 || b.Network > bs[best].Network || b.Network == bs[best].Network && b.People > bs[best].People {
			best = i
		}
	}
	return best
}

func firstAllyDept(bs []Bucket) string {
	for _, b := range bs {
		if b.Allies > 0 {
			return b.Name
		}
	}
	return ""
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func sortedBuckets(m map[string]*Bucket, numeric bool) []Bucket {
	out := make([]Bucket, 0, len(m))
	for _, b := range m {
		out = append(out, *b)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].Name, out[j].Name
		if numeric {
			x, ex := strconv.Atoi(a)
			y, ey := strconv.Atoi(b)
			switch {
			case ex == nil && ey == nil:
				return x < y
			case ex == nil:
				return true
			case ey == nil:
				return false
			}
		}
		if (a == "(none)") != (b == "(none)") {
			return b == "(none)"
		}
		return a < b
	})
	return out
}
