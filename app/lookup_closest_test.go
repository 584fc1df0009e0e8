package app

import (
	"slices"
	"strings"
	"testing"

	"github.com/allyhq/ally"
)

// TestClosest: the names nearest to a word by edit distance (a swap of
// two letters is one edit), against the whole name or one of its words,
// nearest first; a word far from every name has none.
func TestClosest(t *testing.T) {
	names := []string{"Cy Diaz", "Cyrus Day", "Bo Park", "James D. Steffes", "Mia Chen", "dir", "db", "dry-run", "today", "timeline"}
	cases := []struct {
		word string
		n    int
		want []string
	}{
		{"Cyy", 3, []string{"Cy Diaz"}},
		{"cy diaz", 3, []string{"Cy Diaz"}},
		{"Cy Diax", 3, []string{"Cy Diaz"}},
		{"Steffs", 3, []string{"James D. Steffes"}},
		{"Mia Chne", 3, []string{"Mia Chen"}},
		{"dri", 3, []string{"dir", "dry-run"}}, // one edit from each (dry)
		{"dry", 3, []string{"dry-run"}},        // a prefix
		{"todya", 3, []string{"today"}},
		{"Zed", 3, nil},
		{"Bo", 3, []string{"Bo Park"}},
		{"qwertyuiop", 3, nil},
	}
	for _, c := range cases {
		if got := Closest(c.word, names, c.n); !slices.Equal(got, c.want) {
			t.Errorf("Closest(%q) = %q, want %q", c.word, got, c.want)
		}
	}
	// Only the nearest (a name once, in any case), at most n of them, by
	// name.
	if got := Closest("Sam", []string{"sam lee", "Sam Lee", "Pam", "Sal"}, 3); !slices.Equal(got, []string{"sam lee"}) {
		t.Errorf("the nearest, once: %q", got)
	}
	if got := Closest("Pom", []string{"Tom", "Pim", "Pam", "Pomelo Grande"}, 2); !slices.Equal(got, []string{"Pam", "Pim"}) {
		t.Errorf("at most n of the nearest, by name: %q", got)
	}
}

// TestResolveSuggests: a reference that matches nobody is ENOTFOUND with
// the closest names as a did-you-mean hint; with nobody close, no hint.
func TestResolveSuggests(t *testing.T) {
	db := mustDB(t)
	ok(Init(bg, db, "team", &ally.Person{Name: "Mia Me"}))(t)
	a := ok(Open(bg, db, "team", exportNow))(t)
	for _, name := range []string{"Cy Diaz", "Bo Park", "Lou Grant"} {
		ok(a.AddPerson(bg, PersonInput{Name: ptr(name)}))(t)
	}
	cases := []struct {
		ref   string
		names string // the hint's names, one a line; "" no hint
	}{
		{"Cyy", "Cy Diaz"},
		{"Lou Grnat", "Lou Grant"},
		{"Bo Prak", "Bo Park"},
		{"Xavier", ""},
	}
	for _, c := range cases {
		_, err := a.Resolve(bg, c.ref)
		if ally.ErrorCode(err) != ally.ENOTFOUND {
			t.Fatalf("%q: %v, want not found", c.ref, err)
		}
		h := ally.ErrorHint(err)
		switch {
		case c.names == "" && h != nil:
			t.Errorf("%q: hint %+v, want none", c.ref, h)
		case c.names != "" && (h == nil || h.Action != ally.HintDidYouMean || h.Args["names"] != c.names):
			t.Errorf("%q: hint %+v, want did-you-mean %q", c.ref, h, c.names)
		}
		if strings.Contains(ally.ErrorMessage(err), "--") {
			t.Errorf("%q: the message names a flag: %s", c.ref, ally.ErrorMessage(err))
		}
	}
}
