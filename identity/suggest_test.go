package identity

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// cand is a candidate in one organisation-less source.
func cand(id int64, name string, emails ...string) Candidate {
	return Candidate{ID: id, Name: name, Emails: emails}
}

// withOrg and withSources return c changed.
func withOrg(c Candidate, org string) Candidate { c.Organisation = org; return c }
func withSources(c Candidate, s ...string) Candidate {
	c.Sources = s
	return c
}

// want is one expected suggestion: the pair, its name signal, the other
// signals it must carry, and its score.
type want struct {
	a, b  int64
	sig   Signal
	also  []Signal
	score float64
}

func TestSuggest(t *testing.T) {
	for _, tc := range []struct {
		name   string
		people []Candidate
		want   []want // exactly these pairs, best first
		reason string // when set, the first suggestion's Reason
	}{
		{"same name: case, accents, spaces",
			[]Candidate{cand(1, "José  García"), cand(2, "jose garcia")},
			[]want{{1, 2, SameName, nil, 0.80}}, "same name"},
		{"same name: a raw 8-bit display name",
			[]Candidate{cand(1, "Jos\xe9 Garc\xeda", "JOSE@X.ES"), cand(2, "José García", "jgarcia@y.es")},
			[]want{{1, 2, SameName, nil, 0.80}}, "same name"},
		{"different last names are not suggested",
			[]Candidate{cand(1, "José García"), cand(2, "José Garcés")}, nil, ""},
		{"Last, First ~ First Last",
			[]Candidate{cand(1, "Arnold, John"), cand(2, "John Arnold")},
			[]want{{1, 2, SameName, nil, 0.80}}, ""},
		{"Last, First with another first name",
			[]Candidate{cand(1, "Arnold, Jane"), cand(2, "John Arnold")}, nil, ""},
		{"suffixes and titles dropped",
			[]Candidate{cand(1, "Don Baughman Jr."), cand(2, "Mr. Don Baughman")},
			[]want{{1, 2, SameName, nil, 0.80}}, ""},
		{"initial ~ first name at the same domain",
			[]Candidate{cand(1, "J. Arnold", "jarnold@enron.com"), cand(2, "John Arnold", "john.arnold@enron.com")},
			[]want{{1, 2, Initial, []Signal{SameDomain}, 0.55}}, "J. Arnold ~ John Arnold at enron.com"},
		{"initial ~ first name with nothing else in common",
			[]Candidate{cand(1, "J. Arnold", "jarnold@enron.com"), cand(2, "John Arnold", "john.arnold@gmail.com")}, nil, ""},
		{"a webmail domain in common is nothing in common",
			[]Candidate{cand(1, "J. Arnold", "ja@gmail.com"), cand(2, "John Arnold", "john.arnold@gmail.com")}, nil, ""},
		{"initial that is not the first name's",
			[]Candidate{cand(1, "K. Arnold", "karnold@enron.com"), cand(2, "John Arnold", "john.arnold@enron.com")}, nil, ""},
		{"two different full first names, even at one domain",
			[]Candidate{cand(1, "John Arnold", "john.arnold@enron.com"), cand(2, "Jane Arnold", "jane.arnold@enron.com")}, nil, ""},
		{"same mailbox name at two domains, same name",
			[]Candidate{cand(1, "John Arnold", "john.arnold@enron.com"), cand(2, "John Arnold", "John.Arnold@gmail.com")},
			[]want{{1, 2, SameName, []Signal{SameLocalPart}, 0.95}}, "same name, same mailbox name john.arnold at enron.com and gmail.com"},
		{"same mailbox name at two domains, an initial",
			[]Candidate{cand(1, "J Arnold", "john.arnold@enron.com"), cand(2, "John Arnold", "john.arnold@gmail.com")},
			[]want{{1, 2, Initial, []Signal{SameLocalPart}, 0.60}}, ""},
		{"same mailbox name, different first names",
			[]Candidate{cand(1, "Jane Arnold", "j.arnold@enron.com"), cand(2, "John Arnold", "j.arnold@gmail.com")}, nil, ""},
		{"a role mailbox name is not a person's",
			[]Candidate{cand(1, "J Arnold", "info@arnold.com"), cand(2, "John Arnold", "info@arnold.org")}, nil, ""},
		{"nicknames",
			[]Candidate{
				cand(1, "Bob Smith"), cand(2, "Robert Smith"),
				cand(3, "Bill Jones"), cand(4, "William Jones"),
				cand(5, "Jim Brown"), cand(6, "James Brown"),
				cand(7, "Mike Lee"), cand(8, "Michael Lee"),
				cand(9, "Kate Hall"), cand(10, "Katherine Hall"),
				cand(11, "Liz Young"), cand(12, "Elizabeth Young"),
			},
			[]want{
				{1, 2, Nickname, nil, 0.70}, {3, 4, Nickname, nil, 0.70}, {5, 6, Nickname, nil, 0.70},
				{7, 8, Nickname, nil, 0.70}, {9, 10, Nickname, nil, 0.70}, {11, 12, Nickname, nil, 0.70},
			}, "Bob Smith ~ Robert Smith (nickname)"},
		{"names sharing a nickname are not each other's",
			[]Candidate{cand(1, "Albert Smith"), cand(2, "Robert Smith")}, nil, ""},
		{"a middle initial on one side",
			[]Candidate{cand(1, "John D. Arnold"), cand(2, "John Arnold")},
			[]want{{1, 2, MiddleName, nil, 0.75}}, "John D. Arnold ~ John Arnold (middle name)"},
		{"a middle initial and the middle name",
			[]Candidate{cand(1, "John D. Arnold"), cand(2, "John David Arnold")},
			[]want{{1, 2, SameName, nil, 0.80}}, ""},
		{"conflicting middle initials",
			[]Candidate{cand(1, "John D. Arnold"), cand(2, "John E. Arnold")}, nil, ""},
		{"goes by the middle name, same organisation",
			[]Candidate{withOrg(cand(1, "Greg Whalley"), "Enron"), withOrg(cand(2, "Lawrence Greg Whalley"), "Enron")},
			[]want{{1, 2, GoesByMiddle, []Signal{SameOrg}, 0.60}}, ""},
		{"goes by the middle name, nothing else in common",
			[]Candidate{cand(1, "Greg Whalley"), cand(2, "Lawrence Greg Whalley")}, nil, ""},
		{"a display name that is the other's address",
			[]Candidate{cand(1, "jarnold@enron.com"), cand(2, "John Arnold", "JArnold@enron.com")},
			[]want{{1, 2, NameIsAddress, nil, 0.90}}, "the name jarnold@enron.com is the address of John Arnold"},
		{"a display name that is the other's first.last address: suggested once",
			[]Candidate{cand(1, "john.arnold@enron.com"), cand(2, "John Arnold", "John.Arnold@enron.com")},
			[]want{{1, 2, NameIsAddress, nil, 0.90}}, ""},
		{"no name, a first.last address: the address is read as the name",
			[]Candidate{cand(1, "", "john.arnold@enron.com"), cand(2, "John Arnold", "jarnold@enron.com"), cand(3, "", "jane.arnold@gmail.com"), cand(4, "", "jarnold@gmail.com")},
			[]want{{1, 2, SameName, []Signal{FromAddress, SameDomain}, 0.75}},
			"john.arnold@enron.com ~ John Arnold (name from the address) at enron.com"},
		{"a display name that is its own address too: one identity, no suggestion",
			[]Candidate{cand(1, "jarnold@enron.com", "jarnold@enron.com"), cand(2, "John Arnold", "JArnold@enron.com")}, nil, ""},
		{"same name, same organisation",
			[]Candidate{withOrg(cand(1, "John Smith"), "Enron"), withOrg(cand(2, "John Smith"), "enron")},
			[]want{{1, 2, SameName, []Signal{SameOrg}, 0.90}}, ""},
		{"same name, different organisations: lower",
			[]Candidate{withOrg(cand(1, "John Smith"), "Enron"), withOrg(cand(2, "John Smith"), "Acme")},
			[]want{{1, 2, SameName, []Signal{OtherOrg}, 0.55}}, "same name, other organisations (Enron, Acme)"},
		{"same name, other source",
			[]Candidate{withSources(cand(1, "Jane Doe"), "vcard"), withSources(cand(2, "Jane Doe"), "csv")},
			[]want{{1, 2, SameName, []Signal{OtherSource}, 0.85}}, "same name, other source"},
		{"same name, one source",
			[]Candidate{withSources(cand(1, "Jane Doe"), "csv"), withSources(cand(2, "Jane Doe"), "csv", "vcard")},
			[]want{{1, 2, SameName, nil, 0.80}}, ""},
		{"a common name scores lower",
			[]Candidate{cand(1, "John Smith"), cand(2, "John Smith"), cand(3, "John Smith")},
			[]want{{1, 2, SameName, []Signal{CommonName}, 0.65}, {1, 3, SameName, []Signal{CommonName}, 0.65}, {2, 3, SameName, []Signal{CommonName}, 0.65}},
			"same name, common name (3 people)"},
		{"a shared address is an identity: no suggestion",
			[]Candidate{cand(1, "Jane Doe", "JANE@X.org"), cand(2, "Jane Doe", "<jane@x.org>")}, nil, ""},
		{"two org-chart ids: two rows of a chart are two employees",
			[]Candidate{
				{ID: 1, Name: "Larry Campbell", Organisation: "Enron", Identities: []Identity{{KindOrg, "12"}}},
				{ID: 2, Name: "Larry F. Campbell", Organisation: "Enron", Identities: []Identity{{KindOrg, "13"}}},
				{ID: 3, Name: "Larry Campbell", Organisation: "Enron", Emails: []string{"larry.campbell@enron.com"}},
			},
			[]want{{1, 3, SameName, []Signal{SameOrg}, 0.90}, {2, 3, MiddleName, nil, 0.85}, {1, 2, MiddleName, []Signal{TwoOrgIDs}, 0.55}},
			"same name, same organisation"},
		{"a shared phone is an identity: no suggestion",
			[]Candidate{
				{ID: 1, Name: "Jane Doe", Identities: []Identity{{KindPhone, "+17138536000"}}},
				{ID: 2, Name: "Jane Doe", Identities: []Identity{{KindPhone, "+17138536000"}}},
			}, nil, ""},
		{"spelling: a doubled letter",
			[]Candidate{cand(1, "Darron C. Giron"), cand(2, "Daron Giron"), cand(3, "Steven Merris"), cand(4, "Steven Merriss")},
			[]want{{3, 4, SameName, []Signal{Spelling}, 0.70}, {1, 2, Spelling, nil, 0.65}}, "Steven Merris ~ Steven Merriss"},
		{"a typo in a long last name, same organisation",
			[]Candidate{withOrg(cand(1, "John Griffith"), "Enron"), withOrg(cand(2, "John Giffith"), "Enron"),
				withOrg(cand(3, "Doug Gilbert-Smith"), "Enron"), withOrg(cand(4, "Douglas Gilberth-Smith"), "Enron")},
			[]want{{1, 2, Typo, []Signal{SameOrg}, 0.65}, {3, 4, Typo, []Signal{SameOrg}, 0.65}}, "John Griffith ~ John Giffith (last name one letter apart), same organisation"},
		{"a typo in a last name, nothing else in common",
			[]Candidate{cand(1, "John Griffith"), cand(2, "John Giffith")}, nil, ""},
		{"a typo in a last name, other first names",
			[]Candidate{withOrg(cand(1, "Jane Griffith"), "Enron"), withOrg(cand(2, "John Giffith"), "Enron")}, nil, ""},
		{"short last names one letter apart are other names",
			[]Candidate{withOrg(cand(1, "John Lee"), "Enron"), withOrg(cand(2, "John Lea"), "Enron"),
				withOrg(cand(3, "Mary Carter"), "Enron"), withOrg(cand(4, "Mary Porter"), "Enron")}, nil, ""},
		{"a particle is part of the last name",
			[]Candidate{cand(1, "Jan van der Berg"), cand(2, "Berg, Jan"), cand(3, "van der Berg, Jan"), cand(4, "Carol St. Clair"), cand(5, "Carol Clair")},
			[]want{{1, 3, SameName, nil, 0.80}}, ""},
		{"a double-barrelled last name",
			[]Candidate{cand(1, "Patrice Mims"), cand(2, "Patrice Mims-Thurston")},
			[]want{{1, 2, SameName, []Signal{LastNamePart}, 0.70}}, ""},
		{"one-word names need an address in common",
			[]Candidate{cand(1, "Madonna", "m@label.com"), cand(2, "madonna", "madonna@label.com"), cand(3, "Madonna")},
			[]want{{1, 2, SameName, []Signal{SameDomain}, 0.50}}, ""},
		{"the same id twice is one person",
			[]Candidate{cand(7, "Jane Doe"), cand(7, "Jane Doe")}, nil, ""},
		{"pairs come A < B whatever the input order",
			[]Candidate{cand(9, "Jane Doe"), cand(3, "Jane Doe")},
			[]want{{3, 9, SameName, nil, 0.80}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Suggest(tc.people, nil)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d suggestions, want %d: %+v", len(got), len(tc.want), got)
			}
			for i, w := range tc.want {
				g := got[i]
				if g.A != w.a || g.B != w.b || g.Signals[0] != w.sig || g.Score != w.score {
					t.Errorf("suggestion %d = %d~%d %v %.2f (%s), want %d~%d %s %.2f", i, g.A, g.B, g.Signals, g.Score, g.Reason, w.a, w.b, w.sig, w.score)
				}
				for _, s := range w.also {
					if !slices.Contains(g.Signals, s) {
						t.Errorf("suggestion %d signals %v lack %s", i, g.Signals, s)
					}
				}
			}
			if tc.reason != "" && got[0].Reason != tc.reason {
				t.Errorf("reason %q, want %q", got[0].Reason, tc.reason)
			}
		})
	}
}

func TestSuggestNotPairs(t *testing.T) {
	people := []Candidate{cand(1, "Jane Doe"), cand(2, "Jane Doe"), cand(3, "Jane Doe")}
	got := Suggest(people, map[[2]int64]bool{{1, 2}: true, {3, 2}: true})
	if len(got) != 1 || got[0].A != 1 || got[0].B != 3 {
		t.Fatalf("got %+v, want only 1~3", got)
	}
}

// TestSuggestCommonBlock: a name shared by more people than a block
// holds is not compared pair by pair, but mailbox names still meet.
func TestSuggestCommonBlock(t *testing.T) {
	var people []Candidate
	for i := range maxBlock + 1 {
		people = append(people, cand(int64(i+1), "John Smith", fmt.Sprintf("js%d@x%d.com", i, i)))
	}
	people[0].Emails = []string{"john.smith@a.com"}
	people[1].Emails = []string{"john.smith@b.com"}
	got := Suggest(people, nil)
	if len(got) != 1 || got[0].A != 1 || got[0].B != 2 || !slices.Contains(got[0].Signals, SameLocalPart) {
		t.Fatalf("got %d suggestions (%+v), want only 1~2 by mailbox name", len(got), got[:min(len(got), 3)])
	}
}

// TestSuggestInvariants: on a large generated workspace every pair comes
// once, A < B, best first, scores in range, and the result does not
// depend on the input order.
func TestSuggestInvariants(t *testing.T) {
	people := synthetic(3000, 1)
	got := Suggest(people, nil)
	if len(got) == 0 {
		t.Fatal("no suggestions on a workspace built with duplicates")
	}
	seen := map[[2]int64]bool{}
	for i, s := range got {
		if s.A >= s.B || s.Score < minScore || s.Score >= 1 || s.Reason == "" || len(s.Signals) == 0 {
			t.Fatalf("suggestion %d: %+v", i, s)
		}
		if seen[[2]int64{s.A, s.B}] {
			t.Fatalf("pair %d~%d twice", s.A, s.B)
		}
		seen[[2]int64{s.A, s.B}] = true
		if i > 0 && got[i-1].Score < s.Score {
			t.Fatalf("suggestion %d scores %.2f after %.2f", i, s.Score, got[i-1].Score)
		}
	}
	shuffled := slices.Clone(people)
	rand.New(rand.NewPCG(7, 7)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	again := Suggest(shuffled, nil)
	if len(again) != len(got) {
		t.Fatalf("%d suggestions after shuffling, %d before", len(again), len(got))
	}
	for i := range got {
		if got[i].A != again[i].A || got[i].B != again[i].B || got[i].Score != again[i].Score || got[i].Reason != again[i].Reason {
			t.Fatalf("suggestion %d differs after shuffling: %+v, %+v", i, got[i], again[i])
		}
	}
}

// synthetic builds n people from common first and last names, a tenth
// of them written again the way a second source would (nickname,
// initial, "Last, First", another domain).
func synthetic(n int, seed uint64) []Candidate {
	r := rand.New(rand.NewPCG(seed, 2))
	first := []string{"John", "Jane", "Robert", "Mary", "Michael", "Linda", "William", "Elizabeth", "James", "Patricia",
		"David", "Susan", "Richard", "Jessica", "Thomas", "Sarah", "Charles", "Karen", "Daniel", "Nancy", "Matthew",
		"Lisa", "Anthony", "Betty", "Mark", "Sandra", "Steven", "Ashley", "Paul", "Kimberly", "Andrew", "Emily",
		"Joshua", "Donna", "Kenneth", "Michelle", "Kevin", "Carol", "Brian", "Amanda", "George", "Melissa", "José", "Zoë"}
	last := []string{"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
		"Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson",
		"Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
		"Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams",
		"Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Gómez", "Müller"}
	domains := []string{"enron.com", "acme.org", "example.net", "gmail.com", "yahoo.com", "globex.com", "initech.com"}
	orgs := []string{"Enron", "Acme", "Globex", "Initech", ""}
	people := make([]Candidate, 0, n)
	for i := range n {
		id := int64(i + 1)
		if i > 0 && r.IntN(10) == 0 {
			// A second record of someone already there.
			p := people[r.IntN(len(people))]
			f, l, _ := strings.Cut(p.Name, " ")
			name := p.Name
			switch r.IntN(4) {
			case 0:
				if nick := nicknameOf(f); nick != "" {
					name = nick + " " + l
				}
			case 1:
				name = f[:1] + ". " + l
			case 2:
				name = l + ", " + f
			case 3:
				name = strings.ToUpper(p.Name)
			}
			local, _, _ := strings.Cut(p.Emails[0], "@")
			people = append(people, Candidate{ID: id, Name: name, Emails: []string{local + "@" + domains[r.IntN(len(domains))]},
				Organisation: p.Organisation, Sources: []string{"second"}})
			continue
		}
		f, l := first[r.IntN(len(first))], last[r.IntN(len(last))]
		people = append(people, Candidate{
			ID:           id,
			Name:         f + " " + l,
			Emails:       []string{fmt.Sprintf("%s.%s%d@%s", strings.ToLower(f), strings.ToLower(l), i, domains[r.IntN(len(domains))])},
			Organisation: orgs[r.IntN(len(orgs))],
			Sources:      []string{"first"},
		})
	}
	return people
}

// nicknameOf returns a short form of a first name from the table, or "".
func nicknameOf(first string) string {
	full := Fold(first)
	var short []string
	for n, fulls := range nicknames {
		if slices.Contains(fulls, full) && len(n) > 2 {
			short = append(short, n)
		}
	}
	if len(short) == 0 {
		return ""
	}
	n := slices.Min(short) // the map's order is random; the data must not be
	return strings.ToUpper(n[:1]) + n[1:]
}

func BenchmarkSuggest10k(b *testing.B) {
	people := synthetic(10000, 1)
	b.ReportAllocs()
	var n int
	for b.Loop() {
		n = len(Suggest(people, nil))
	}
	b.ReportMetric(float64(len(people))*float64(b.N)/b.Elapsed().Seconds(), "people/s")
	b.ReportMetric(float64(n), "suggestions")
}

// FuzzSuggest: any two people, in either order, give the same
// suggestions, well formed; a shared address is never suggested.
func FuzzSuggest(f *testing.F) {
	names := seeds(f, "testdata/names.txt")
	emails := seeds(f, "testdata/emails.txt")
	for i := range names {
		f.Add(names[i], names[(i+1)%len(names)], emails[i%len(emails)], emails[(i+3)%len(emails)], "Enron")
	}
	f.Add("J. Arnold", "John Arnold", "jarnold@enron.com", "john.arnold@enron.com", "")
	f.Add("John Griffith", "John Giffith", "", "", "Enron")
	f.Add("jarnold@enron.com", "John Arnold", "", "JArnold@enron.com", "")
	f.Fuzz(func(t *testing.T, na, nb, ea, eb, org string) {
		a := Candidate{ID: 1, Name: na, Emails: []string{ea}, Organisation: org, Sources: []string{"a"}}
		b := Candidate{ID: 2, Name: nb, Emails: []string{eb}, Organisation: org, Sources: []string{"b"}}
		x := Suggest([]Candidate{a, b}, nil)
		y := Suggest([]Candidate{b, a}, nil)
		if len(x) != len(y) || len(x) > 1 {
			t.Fatalf("%d suggestions one way, %d the other", len(x), len(y))
		}
		if len(x) == 0 {
			return
		}
		s := x[0]
		if s.A != 1 || s.B != 2 || s.Score < minScore || s.Score >= 1 || s.Reason == "" || len(s.Signals) == 0 {
			t.Fatalf("malformed: %+v", s)
		}
		if s.Score != y[0].Score || s.Reason != y[0].Reason || !slices.Equal(s.Signals, y[0].Signals) {
			t.Fatalf("order matters: %+v and %+v", s, y[0])
		}
		if ia, ok := Email(ea); ok {
			if ib, ok := Email(eb); ok && ia == ib {
				t.Fatalf("a shared address suggested: %+v", s)
			}
		}
	})
}
