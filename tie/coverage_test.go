package tie

import (
	"math"
	"reflect"
	"testing"

	"github.com/allyhq/ally"
)

func contact(id int64, dir ally.Direction, dept string, level int, tier ally.Tier, roles ...ally.RelRole) Contact {
	c := Contact{ID: id, Direction: dir, Department: dept, Level: level, Location: "Paris"}
	if tier != "" {
		c.HasRelationship, c.Tier, c.Status, c.Roles = true, tier, ally.StatusEngaged, roles
	}
	return c
}

func codes(fs []Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.Code)
	}
	return out
}

func TestCoverageFindings(t *testing.T) {
	for _, tc := range []struct {
		name string
		me   Contact
		cs   []Contact
		want []string
	}{
		{"nothing", Contact{}, nil, []string{FindNoAllies, FindNoPeerAlly, FindNoSponsor}},
		{"one department, no peers, reports overlooked", Contact{Level: 3}, []Contact{
			contact(2, ally.DirUp, "Eng", 2, ally.TierKeyAlly),
			contact(3, ally.DirUp, "Eng", 1, ally.TierAlly),
			contact(4, ally.DirDown, "Eng", 4, ally.TierNetwork),
			contact(5, ally.DirAcross, "Sales", 3, ""),
		}, []string{FindNoPeerAlly, FindOneDepartment, FindNoReportAlly, FindNoSponsor, FindNoOutsideAlly}},
		{"well covered", Contact{Level: 3}, []Contact{
			contact(2, ally.DirUp, "Eng", 2, ally.TierAlly, ally.RoleSponsor),
			contact(3, ally.DirAcross, "Sales", 3, ally.TierAlly),
			contact(4, ally.DirDown, "Eng", 4, ally.TierAlly),
			contact(5, ally.DirOutside, "", 0, ally.TierAlly),
		}, []string{}},
		{"mentor at a senior level across counts", Contact{Level: 4}, []Contact{
			contact(2, ally.DirAcross, "Sales", 2, ally.TierNetwork, ally.RoleMentor),
			contact(3, ally.DirAcross, "Ops", 4, ally.TierAlly),
			contact(5, ally.DirOutside, "", 0, ally.TierAlly),
		}, []string{}},
		{"concentrated", Contact{}, []Contact{
			contact(2, ally.DirUp, "Eng", 0, ally.TierAlly, ally.RoleSponsor),
			contact(3, ally.DirAcross, "Eng", 0, ally.TierAlly),
			contact(4, ally.DirAcross, "Eng", 0, ally.TierAlly),
			contact(5, ally.DirOutside, "Ext", 0, ally.TierAlly),
		}, []string{FindConcentrated}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Coverage(CoverageInput{Me: tc.me, Contacts: tc.cs})
			if got := codes(r.Findings); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("findings %v, want %v (%+v)", got, tc.want, r.Findings)
			}
			for i := 1; i < len(r.Findings); i++ {
				if r.Findings[i].Severity > r.Findings[i-1].Severity {
					t.Fatal("findings not by severity")
				}
			}
		})
	}
}

func TestCoverageCounts(t *testing.T) {
	cs := []Contact{
		contact(2, ally.DirUp, "Eng", 2, ally.TierKeyAlly),
		contact(3, ally.DirAcross, "Sales", 3, ally.TierAlly),
		contact(4, ally.DirAcross, "Sales", 0, ally.TierNetwork),
		contact(5, ally.DirAcross, "", 3, ""),
		contact(6, ally.DirAcross, "Ops", 10, ally.TierAlly),
	}
	cs[4].Status = ally.StatusEnded
	r := Coverage(CoverageInput{Contacts: cs})
	if r.People != 5 || r.Network != 3 || r.Allies != 2 {
		t.Fatalf("people %d network %d allies %d", r.People, r.Network, r.Allies)
	}
	wantDir := []Bucket{{"up", 1, 1, 1, 1}, {"down", 0, 0, 0, 0}, {"across", 4, 2, 1, 0}, {"outside", 0, 0, 0, 0}}
	if !reflect.DeepEqual(r.ByDirection, wantDir) {
		t.Fatalf("by direction %+v", r.ByDirection)
	}
	var names []string
	for _, b := range r.ByLevel {
		names = append(names, b.Name)
	}
	if !reflect.DeepEqual(names, []string{"2", "3", "10", "unknown"}) {
		t.Fatalf("levels %v", names)
	}
	names = nil
	for _, b := range r.ByDepartment {
		names = append(names, b.Name)
	}
	if !reflect.DeepEqual(names, []string{"Eng", "Ops", "Sales", "(none)"}) {
		t.Fatalf("departments %v", names)
	}
	// Allies in Eng and Sales, one each, of three departments.
	if !near(r.DeptEntropy, 1, 1e-12) || !near(r.DeptEvenness, 1/math.Log2(3), 1e-12) || r.DeptsCovered != 2 || r.DeptsTotal != 3 {
		t.Fatalf("entropy %v evenness %v covered %d/%d", r.DeptEntropy, r.DeptEvenness, r.DeptsCovered, r.DeptsTotal)
	}
}

func TestEntropy(t *testing.T) {
	for _, tc := range []struct {
		counts []int
		want   float64
	}{
		{nil, 0}, {[]int{5}, 0}, {[]int{1, 1}, 1}, {[]int{2, 2, 2, 2}, 2}, {[]int{3, 0, 1}, 0.8112781244591328},
	} {
		if got := Entropy(tc.counts); !near(got, tc.want, 1e-12) {
			t.Errorf("Entropy(%v) = %v, want %v", tc.counts, got, tc.want)
		}
	}
}

func TestContacts(t *testing.T) {
	people := []*ally.Person{
		{ID: 1, Name: "Me", ManagerID: 2},
		{ID: 2, Name: "Boss", Department: "Eng"},
		{ID: 3, Name: "Report", ManagerID: 1, Tags: []ally.Tag{{Kind: ally.TagCurrency, Value: "recognition"}, {Kind: ally.TagSkill, Value: "go"}}},
		{ID: 4, Name: "Ext", Organisation: "Acme"},
	}
	rels := []ally.Relationship{{PersonID: 3, Tier: ally.TierAlly, Status: ally.StatusAlly, Roles: []ally.RelRole{ally.RoleMentee}}, {PersonID: 4}}
	cs := Contacts(people, rels, 1)
	if len(cs) != 3 || cs[0].ID != 2 || cs[0].Direction != ally.DirUp || cs[1].Direction != ally.DirDown || cs[2].Direction != ally.DirOutside {
		t.Fatalf("contacts %+v", cs)
	}
	if !cs[1].IsAlly() || !cs[1].HasRole(ally.RoleMentee) || len(cs[1].Currencies) != 1 || cs[1].Currencies[0] != "recognition" {
		t.Fatalf("report %+v", cs[1])
	}
	if cs[0].HasRelationship || !cs[2].HasRelationship || cs[2].Tier != ally.TierNetwork || cs[2].IsAlly() {
		t.Fatalf("relationships %+v", cs)
	}
}

// The people outside are grouped by organisation, one bucket per
// organisation whatever its case, named as the first contact (by id) has
// it; the people of Me's organisation are in none.
func TestCoverageByOrganisation(t *testing.T) {
	cs := []Contact{
		contact(2, ally.DirOutside, "", 0, ally.TierAlly),
		contact(3, ally.DirOutside, "", 0, ally.TierNetwork),
		contact(4, ally.DirOutside, "", 0, ""),
		contact(5, ally.DirOutside, "", 0, ally.TierKeyAlly),
		contact(6, ally.DirOutside, "", 0, ""),
		contact(7, ally.DirAcross, "Eng", 0, ally.TierAlly),
	}
	orgs := map[int64]string{2: "Acme", 3: "ACME ", 4: "Beta Corp", 5: "acme", 7: "Acme"}
	r := Coverage(CoverageInput{Contacts: cs, Organisations: orgs})
	want := []Bucket{
		{Name: "Acme", People: 3, Network: 3, Allies: 2, KeyAllies: 1},
		{Name: "Beta Corp", People: 1},
		{Name: "(none)", People: 1},
	}
	if !reflect.DeepEqual(r.ByOrganisation, want) {
		t.Errorf("by organisation %+v, want %+v", r.ByOrganisation, want)
	}
	if out := r.ByDirection[3]; out.Name != "outside" || out.People != 5 {
		t.Errorf("outside %+v, want the 5", out)
	}
	if r := Coverage(CoverageInput{Contacts: cs[5:]}); len(r.ByOrganisation) != 0 {
		t.Errorf("no one outside, yet %+v", r.ByOrganisation)
	}
}

// With no ally outside, the finding names the organisations Me knows
// people at, and suggests the one with the most of Me's network.
func TestCoverageNoOutsideAllyNamesOrganisations(t *testing.T) {
	cs := []Contact{
		contact(2, ally.DirAcross, "Eng", 0, ally.TierAlly),
		contact(3, ally.DirOutside, "", 0, ""),
		contact(4, ally.DirOutside, "", 0, ""),
		contact(5, ally.DirOutside, "", 0, ally.TierNetwork),
		contact(6, ally.DirOutside, "", 0, ""),
	}
	for _, tt := range []struct {
		orgs            map[int64]string
		reason, suggest string
	}{
		{map[int64]string{3: "Acme", 4: "Acme", 5: "Beta"}, "no ally outside the organisation (4 people outside: Acme 2, Beta 1)",
			"keep one or two peers in the industry close, starting with someone you know at Beta"},
		{nil, "no ally outside the organisation", "keep one or two peers in the industry close"},
	} {
		r := Coverage(CoverageInput{Contacts: cs, Organisations: tt.orgs})
		found := false
		for _, f := range r.Findings {
			if f.Code == FindNoOutsideAlly {
				found = true
				if f.Reason != tt.reason || f.Suggest != tt.suggest {
					t.Errorf("%v: %q → %q, want %q → %q", tt.orgs, f.Reason, f.Suggest, tt.reason, tt.suggest)
				}
			}
		}
		if !found {
			t.Errorf("%v: no %s finding in %v", tt.orgs, FindNoOutsideAlly, codes(r.Findings))
		}
	}
}
