package identity

import (
	"slices"
	"testing"

	"github.com/allyhq/ally/importer"
)

func TestExternal(t *testing.T) {
	for _, tc := range []struct {
		source, id string
		want       Identity
	}{
		{"csv", "42", Identity{KindExternal, "csv:42"}},
		{"ical", " UID-Abc@host ", Identity{KindExternal, "ical:UID-Abc@host"}}, // case kept
		{"csv", "  ", Identity{}},
	} {
		if got := External(tc.source, tc.id); got != tc.want {
			t.Errorf("External(%q, %q) = %v, want %v", tc.source, tc.id, got, tc.want)
		}
	}
}

func TestVCardOrg(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // "" means false
	}{
		{"urn:uuid:0E7602CC-443E-4B82-B4B1-90F62F99A199", "0e7602cc-443e-4b82-b4b1-90f62f99a199"},
		{"0E7602CC-443E-4B82-B4B1-90F62F99A199", "0e7602cc-443e-4b82-b4b1-90f62f99a199"},
		{"  abc-DEF@host  ", "abc-DEF@host"},
		{"urn:uuid:not-a-uuid", "urn:uuid:not-a-uuid"},
		{" ", ""},
	} {
		id, ok := VCard(tc.in)
		if ok != (tc.want != "") || id.Value != tc.want || ok && id.Kind != KindVCard {
			t.Errorf("VCard(%q) = %v, %v; want %q", tc.in, id, ok, tc.want)
		}
	}
	if id, ok := Org(" E-0042 "); !ok || id != (Identity{KindOrg, "E-0042"}) {
		t.Errorf("Org = %v, %v", id, ok)
	}
	if _, ok := Org(""); ok {
		t.Error("Org(\"\") is an identity")
	}
}

func TestOf(t *testing.T) {
	p := importer.Person{
		ExternalID: "uid-1",
		Emails:     []string{"Jane Doe <JANE@X.org>", "jane@x.org", "not an address", ""},
		Phones:     []string{"+1 (713) 853-6000", "call me"},
	}
	ids, bad := Of("vcard", p)
	want := []Identity{{KindExternal, "vcard:uid-1"}, {KindEmail, "jane@x.org"}, {KindPhone, "+17138536000"}}
	if !slices.Equal(ids, want) {
		t.Errorf("ids = %v, want %v", ids, want)
	}
	if !slices.Equal(bad, []string{"not an address", "call me"}) {
		t.Errorf("bad = %q", bad)
	}
}

func TestIndexMatch(t *testing.T) {
	jane, _ := Email("jane@x.org")
	janePhone, _ := Phone("+1 713 853 6000")
	bob, _ := Email("bob@x.org")
	shared, _ := Email("info@x.org")
	x := NewIndex()
	x.Add(1, jane)
	x.Add(1, janePhone)
	x.Add(1, jane) // twice is harmless
	x.Add(2, bob)
	x.Add(1, shared)
	x.Add(2, shared) // a workspace that already holds one address twice
	x.Add(3, Identity{})
	if x.Len() != 4 {
		t.Errorf("Len = %d, want 4", x.Len())
	}
	other, _ := Email("other@x.org")
	for _, tc := range []struct {
		name     string
		ids      []Identity
		person   int64
		conflict []int64
	}{
		{"none", nil, 0, nil},
		{"unknown", []Identity{other}, 0, nil},
		{"one identity", []Identity{jane}, 1, nil},
		{"two identities of one person", []Identity{other, janePhone, jane}, 1, nil},
		{"identities of two people", []Identity{bob, jane}, 0, []int64{1, 2}},
		{"one identity, two people", []Identity{shared}, 0, []int64{1, 2}},
		{"the zero identity matches nobody", []Identity{{}}, 0, nil},
	} {
		p, c := x.Match(tc.ids)
		if p != tc.person || !slices.Equal(c, tc.conflict) {
			t.Errorf("%s: Match = %d, %v; want %d, %v", tc.name, p, c, tc.person, tc.conflict)
		}
	}
	x.Remove(2, shared)
	if p, c := x.Match([]Identity{shared}); p != 1 || c != nil {
		t.Errorf("after Remove: Match = %d, %v; want 1", p, c)
	}
	x.Remove(1, shared)
	x.Remove(9, bob) // not there: harmless
	if p, _ := x.Match([]Identity{shared}); p != 0 || x.Len() != 3 {
		t.Errorf("after removing both: Match = %d, Len = %d", p, x.Len())
	}
}

// TestSamePerson: the three spellings of one person all match
// the person stored with the plain address.
func TestSamePerson(t *testing.T) {
	x := NewIndex()
	stored, _ := Email("jane@x")
	x.Add(7, stored)
	for _, s := range []string{"Jane Doe jane@x", "J\xf6rg D\xf6e <jane@x>", "JANE@X", "mailto:Jane@X."} {
		id, ok := Email(s)
		if !ok {
			t.Errorf("Email(%q) refused", s)
			continue
		}
		if p, c := x.Match([]Identity{id}); p != 7 || c != nil {
			t.Errorf("%q matches %d, %v; want person 7", s, p, c)
		}
	}
}
