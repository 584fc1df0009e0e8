package identity

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/allyhq/ally"
)

func TestEmail(t *testing.T) {
	for _, tc := range []struct {
		in, want string // want "" means not one address
	}{
		// The brief's four forms.
		{"Jane Doe jane@x", "jane@x"},
		{"<JANE@X>", "jane@x"},
		{"mailto:Jane@X.org", "jane@x.org"},
		{"jane@x.", "jane@x"},
		// Display names, quoted, commented, raw 8-bit, encoded.
		{"Jane Doe <jane@x>", "jane@x"},
		{`"Doe, Jane" <Jane.Doe@Example.COM>`, "jane.doe@example.com"},
		{`"jane@x" <jane@x>`, "jane@x"},
		{"jane@x (Jane Doe)", "jane@x"},
		{"Jos\xe9 Garc\xeda <jose@x.es>", "jose@x.es"},
		{"=?utf-8?q?Jos=C3=A9?= <jose@x.es>", "jose@x.es"},
		{"  'john.arnold@enron.com'  ", "john.arnold@enron.com"},
		{"john.arnold@enron.com <john.arnold@enron.com>", "john.arnold@enron.com"},
		{"JOHN.ARNOLD@ENRON.COM", "john.arnold@enron.com"},
		// Prefixes: mailto with a query and escapes, Exchange's SMTP:.
		{"mailto:jane@x.org?subject=hi", "jane@x.org"},
		{"MAILTO:jane%2Bnews@x.org", "jane+news@x.org"},
		{"SMTP:Jane@X.ORG", "jane@x.org"},
		{"mailto:SMTP:jane@x.org", "jane@x.org"},
		// Real Enron shapes: doubled dots, long encapsulated names.
		{"j..yanowski@enron.com", "j..yanowski@enron.com"},
		{"IMCEANOTES-Mark+20Taylor+40ECT@ENRON.com", "imceanotes-mark+20taylor+40ect@enron.com"},
		// IDN: lower-cased as Unicode, no punycode.
		{"jane@BÜCHER.de", "jane@bücher.de"},
		{"Ünal@Örnek.com.tr", "ünal@örnek.com.tr"},
		{"jane@xn--bcher-kva.de", "jane@xn--bcher-kva.de"},
		// Not one address.
		{"", ""},
		{"Jane Doe", ""},
		{"jane", ""},
		{"@x", ""},
		{"jane@", ""},
		{"jane@x..org", ""},
		{"jane@x.org..", ""},
		{".jane@x", ".jane@x"}, // real in the Enron mail, see validAddress
		{"jane.@x", "jane.@x"},
		{"...@x", ""},
		{"'barry.tycholiz'@enron.com", "barry.tycholiz@enron.com"},
		{"o'brien@x.ie", "o'brien@x.ie"},
		{"Steve <s@x>, m@y", ""},
		{"\"'Ivo'\" <ivo@x>, m@y", ""},
		{"\"bob@y\" <jane@x>", "jane@x"},
		{"jane@-x.org", ""},
		{"jane@x_y.org", ""},
		{"jane doe@x", "doe@x"}, // the word with the "@" is the address
		{"a@x, b@y", ""},
		{"<a@x> <b@y>", ""},
		{"<jane@x", ""},
		{`"jane doe"@x`, ""},
		{"jane@[10.0.0.1]", ""},
		{"Frank Hayden/ENRON@enronXgate", ""},
		{"/O=ENRON/OU=NA/CN=RECIPIENTS/CN=JARNOLD", ""},
		{"jane\xff@x", ""},
		{"jane\u200b@x", ""},
		{"mailto:jane%zz@x", ""},
		{"jane@" + strings.Repeat("a", 64) + ".com", ""},
		{strings.Repeat("a", 257) + "@x", ""},
		{strings.Repeat("Jane ", 1000) + "<jane@x>", ""},
	} {
		id, ok := Email(tc.in)
		if ok != (tc.want != "") || id.Value != tc.want {
			t.Errorf("Email(%q) = %q, %v; want %q", tc.in, id.Value, ok, tc.want)
		}
		if ok && id.Kind != KindEmail {
			t.Errorf("Email(%q).Kind = %q", tc.in, id.Kind)
		}
	}
}

// TestEmailStore checks that what Email returns is what the store
// accepts (ally.ValidEmail, net/mail underneath), except the misplaced
// dots that net/mail refuses and real mail has.
func TestEmailStore(t *testing.T) {
	for _, line := range seeds(t, "testdata/emails.txt") {
		id, ok := Email(line)
		if !ok || !rfcDots(id.Value) {
			continue
		}
		if !ally.ValidEmail(id.Value) {
			t.Errorf("Email(%q) = %q, which ally.ValidEmail refuses", line, id.Value)
		}
	}
}

// rfcDots reports whether an address's local part has its dots where
// RFC 5322 allows them (net/mail refuses the rest).
func rfcDots(a string) bool {
	local := a[:strings.LastIndexByte(a, '@')]
	return !strings.Contains(local, "..") && !strings.HasPrefix(local, ".") && !strings.HasSuffix(local, ".")
}

// seeds reads one input a line from a testdata file (Go-quoted when it
// starts with a double quote, so that bytes and spaces survive).
func seeds(tb testing.TB, path string) []string {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		out = append(out, unquoteSeed(tb, line))
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	if len(out) == 0 {
		tb.Fatalf("%s: no seeds", path)
	}
	return out
}

func FuzzEmail(f *testing.F) {
	for _, s := range seeds(f, "testdata/emails.txt") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, ok := Email(s)
		if !ok {
			if id != (Identity{}) {
				t.Fatalf("Email(%q) = %v with false", s, id)
			}
			return
		}
		again, ok2 := Email(id.Value)
		if !ok2 || again != id {
			t.Fatalf("Email(%q) = %q, but Email(%q) = %q, %v", s, id.Value, id.Value, again.Value, ok2)
		}
		if id.Value != strings.ToLower(id.Value) || strings.ContainsAny(id.Value, " <>(),;:\"") {
			t.Fatalf("Email(%q) = %q: not a bare lower-case address", s, id.Value)
		}
		if rfcDots(id.Value) && !ally.ValidEmail(id.Value) {
			t.Fatalf("Email(%q) = %q, which ally.ValidEmail refuses", s, id.Value)
		}
	})
}
