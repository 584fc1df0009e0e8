package cli

import (
	"database/sql"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite" // to store names that ally itself refuses
)

func TestReveal(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Ana Ruiz\t-\n", "Ana Ruiz\t-\n"},
		{"Zoë 李 ❤️ 👩‍💻 → …", "Zoë 李 ❤️ 👩‍💻 → …"},
		{"Bob\u200b", "Bob<U+200B>"},
		{"\x1b[31mred\x1b[0m", "<U+001B>[31mred<U+001B>[0m"},
		{"bell\a", "bell<U+0007>"},
		{"over\rwrite", "over<U+000D>write"},
		{"del\x7f", "del<U+007F>"},
		{"c1 \u009b31m", "c1 <U+009B>31m"},
		{"Bob\u202egnp.exe", "Bob<U+202E>gnp.exe"},
		{"\u2066iso\u2069", "<U+2066>iso<U+2069>"},
		{"line\u2028sep", "line<U+2028>sep"},
		{"bom\ufeff", "bom<U+FEFF>"},
		{"soft\u00adhyphen", "soft<U+00AD>hyphen"},
		{"علی\u200cزاده", "علی\u200cزاده"}, // ZWNJ shapes Persian: shown as is
		{"Bo\u200cb", "Bo<U+200C>b"},
		{"bad\xffbyte", "bad<0xFF>byte"},
		{"cut\xe2\x80", "cut<0xE2><0x80>"},
		{"tag\U000E0041", "tag<U+E0041>"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := reveal(tt.in); got != tt.want {
			t.Errorf("reveal(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEscapeJSON(t *testing.T) {
	names := []string{"Bob\u200b", "\x1b[2J", "del\x7f", "c1\u0085\u009b", "rtl\u202e", "sep\u2028\u2029", "tag\U000E0041",
		"Zoë ❤️ 👩‍💻", "علی\u200cزاده", "nul\x00"}
	js, err := json.Marshal(names)
	if err != nil {
		t.Fatal(err)
	}
	out := escapeJSON(js)
	var back []string
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatalf("escaped JSON does not parse: %v\n%s", err, out)
	}
	for i := range names {
		if back[i] != names[i] {
			t.Errorf("name %d = %q after escaping, want %q", i, back[i], names[i])
		}
	}
	for _, r := range string(out) {
		if r == 0x7F || (r >= 0x80 && r <= 0x9F) || r == 0x200B || r == 0x202E || r == 0x2028 || r == 0xE0041 || r == 0x200C || r == 0x1B {
			t.Errorf("escaped JSON holds %U raw: %s", r, out)
		}
	}
	for _, want := range []string{`\u200b`, `\u007f`, `\u0085`, `\u202e`, `\u2028`, `\udb40\udc41`, `\u001b`, `❤`, `👩`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("escaped JSON lacks %s: %s", want, out)
		}
	}
}

// TestOutputRevealsStoredNames stores names that ally refuses directly in
// the database, as an older ally could have, and checks that no command
// prints them raw: text shows the characters as <U+…>, JSON escapes them.
func TestOutputRevealsStoredNames(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ally.db")
	mustRun(t, db, "init", "--me", "Mia Me")
	mustRun(t, db, "person", "add", "Bob")
	mustRun(t, db, "person", "add", "Bobby", "--title", "Intern")
	forged := map[string]string{
		"Bob":   "Bob\u200b",
		"Bobby": "Bobby\x1b[31m\u202eRED\a\x7f\u0085",
	}
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	for old, name := range forged {
		if _, err := raw.Exec(`UPDATE people SET name = ?, department = ? WHERE name = ?`, name, "Legal\u200b\x1b[0m", old); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()

	rawChars := func(s string) []rune {
		var bad []rune
		for _, r := range s {
			if r == 0x1B || r == 0x07 || r == 0x7F || r == 0x85 || r == 0x200B || r == 0x202E {
				bad = append(bad, r)
			}
		}
		return bad
	}
	for _, args := range [][]string{{"person", "list"}, {"person", "show", "Bobby"}, {"ledger"}} {
		out := mustRun(t, db, args...)
		if bad := rawChars(out); len(bad) > 0 {
			t.Errorf("ally %s prints %U raw:\n%s", strings.Join(args, " "), bad, out)
		}
		js := mustRun(t, db, append([]string{"--json"}, args...)...)
		if bad := rawChars(js); len(bad) > 0 {
			t.Errorf("ally --json %s prints %U raw:\n%s", strings.Join(args, " "), bad, js)
		}
		if !json.Valid([]byte(js)) {
			t.Errorf("ally --json %s: invalid JSON:\n%s", strings.Join(args, " "), js)
		}
	}
	out := mustRun(t, db, "person", "list")
	for _, want := range []string{"Bob<U+200B>", "Bobby<U+001B>[31m<U+202E>RED<U+0007><U+007F><U+0085>", "Legal<U+200B><U+001B>[0m"} {
		if !strings.Contains(out, want) {
			t.Errorf("person list lacks %q:\n%s", want, out)
		}
	}
	js := mustRun(t, db, "--json", "person", "list")
	var ps []struct{ Name string }
	if err := json.Unmarshal([]byte(js), &ps); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range ps {
		names = append(names, p.Name)
	}
	for _, n := range forged {
		if !strings.Contains(strings.Join(names, "|"), n) {
			t.Errorf("--json person list names %q, want %q among them (escaped JSON keeps the data)", names, n)
		}
	}
	// An error message names people too: "Bob" matches both.
	_, errs, code := run(t, db, "person", "show", "Bo")
	if code != 4 || !strings.Contains(errs, "Bob<U+200B> (") || len(rawChars(errs)) > 0 {
		t.Errorf("ambiguous reference: exit %d, stderr %q", code, errs)
	}
}
