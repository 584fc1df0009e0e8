package identity

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"José  García", "jose garcia"},
		{"JOSÉ GARCÍA", "jose garcia"},
		{"Jose\u0301 Garci\u0301a", "jose garcia"}, // decomposed accents
		{"Jos\xe9 Garc\xeda", "jose garcia"},       // raw 8-bit (Windows-1252)
		{"\x93Bob\x94", "\u201cbob\u201d"},         // Windows-1252 quotes
		{"Łukasz Żółć", "lukasz zolc"},
		{"Straße", "strasse"},
		{"Ægir Søren Þór", "aegir soren thor"},
		{"Ștefan Țurcanu", "stefan turcanu"},
		{"\tJane\u00a0\u2003Doe\n", "jane doe"},
		{"Jane\u200bDoe", "janedoe"},
		{"Дмитрий Ильич", "дмитрий ильич"},
		{"", ""},
	} {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNameKey(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"José  García", "jose garcia"},
		{"Arnold, John", "john arnold"},
		{"Arnold, John D.", "john d arnold"},
		{"van der Berg, Jan", "jan vanderberg"},
		{"John Arnold, Jr.", "john arnold"},
		{"John Arnold, VP Trading", "john arnold"},
		{"Dr. John A. Smith Jr.", "john a smith"},
		{"J.D. Salinger", "j d salinger"},
		{"Carol St. Clair", "carol stclair"},
		{"Carol St Clair", "carol stclair"},
		{"Paul Y’Barbo", "paul ybarbo"},
		{"Paul Y'Barbo", "paul ybarbo"},
		{"Bill Williams III", "bill williams"},
		{"Patrice Mims-Thurston", "patrice mims-thurston"},
		{"John Arnold (Enron)", "john arnold"},
		{`"Doe, Jane" <jane@x>`, "jane doe"},
		{"Jane Doe jane@x", "jane doe"},
		{"jarnold@enron.com", ""},
		{"Madonna", "madonna"},
		{"Jr.", ""}, // a suffix alone is no name
		{"  ", ""},
	} {
		if got := NameKey(tc.in); got != tc.want {
			t.Errorf("NameKey(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestParseNameEmail: a name that is only an address is kept as one.
func TestParseNameEmail(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"jarnold@enron.com", "jarnold@enron.com"},
		{"<JArnold@Enron.com>", "jarnold@enron.com"},
		{"jarnold jarnold@enron.com", "jarnold@enron.com"},
		{"John Arnold jarnold@enron.com", ""},
		{"John Arnold", ""},
	} {
		if got := parseName(tc.in).email; got != tc.want {
			t.Errorf("parseName(%q).email = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSameGiven(t *testing.T) {
	for _, tc := range []struct {
		x, y string
		want bool
	}{
		{"bob", "robert", true},
		{"bill", "william", true},
		{"jim", "james", true},
		{"mike", "michael", true},
		{"kate", "katherine", true},
		{"kate", "catherine", true},
		{"liz", "elizabeth", true},
		{"bob", "rob", true},
		{"bert", "albert", true},
		{"bert", "robert", true},
		{"albert", "robert", false}, // "Bert" is short for both; they are not each other
		{"john", "jonathan", false},
		{"jon", "jonathan", true},
		{"john", "jane", false},
		{"harry", "harpreet", false},
		{"steven", "stephen", true},
	} {
		if got := sameGiven(tc.x, tc.y); got != tc.want {
			t.Errorf("sameGiven(%q, %q) = %v, want %v", tc.x, tc.y, got, tc.want)
		}
		if got := sameGiven(tc.y, tc.x); got != tc.want {
			t.Errorf("sameGiven(%q, %q) = %v, want %v", tc.y, tc.x, got, tc.want)
		}
	}
}

func TestSameCollapsed(t *testing.T) {
	for _, tc := range [][2]string{{"phillip", "philip"}, {"merris", "merriss"}, {"anna", "ana"}, {"john", "jon"},
		{"", ""}, {"a", ""}, {"aab", "ab"}, {"ab", "abb"}, {"abc", "ab"}, {"élla", "éla"}, {"ééa", "éa"}} {
		if got, want := sameCollapsed(tc[0], tc[1]), collapse(tc[0]) == collapse(tc[1]); got != want {
			t.Errorf("sameCollapsed(%q, %q) = %v, want %v", tc[0], tc[1], got, want)
		}
	}
}

func FuzzName(f *testing.F) {
	for _, s := range seeds(f, "testdata/names.txt") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		folded := Fold(s)
		if !utf8.ValidString(folded) {
			t.Fatalf("Fold(%q) = %q: not UTF-8", s, folded)
		}
		if again := Fold(folded); again != folded {
			t.Fatalf("Fold(%q) = %q, but Fold of that is %q", s, folded, again)
		}
		k := NameKey(s)
		if again := NameKey(k); again != k {
			t.Fatalf("NameKey(%q) = %q, but NameKey of that is %q", s, k, again)
		}
		if strings.ContainsAny(k, ",.@()") {
			t.Fatalf("NameKey(%q) = %q: punctuation left", s, k)
		}
		// Suggest must take any name, against itself and a plain one.
		for _, sg := range Suggest([]Candidate{{ID: 1, Name: s}, {ID: 2, Name: s, Emails: []string{s}}, {ID: 3, Name: "John Arnold"}}, nil) {
			if sg.A >= sg.B || sg.Score < minScore || sg.Score >= 1 {
				t.Fatalf("Suggest on %q: %+v", s, sg)
			}
		}
	})
}

func TestNameFromAddress(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"john.arnold@enron.com", "john arnold"},
		{"j..yanowski@enron.com", "j yanowski"},
		{"john_d_arnold@x.org", "john d arnold"},
		{"owner-magick@x.org", ""},
		{"jarnold@enron.com", ""},
		{"a.b@x.org", ""},
		{"john.arnold2@x.org", ""},
		{"a.b.c.d@x.org", ""},
		{"", ""},
	} {
		n, ok := nameFromAddress(tc.in)
		if got := n.key(); ok != (tc.want != "") || got != tc.want {
			t.Errorf("nameFromAddress(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
}
