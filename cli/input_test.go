package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSurprisingInput checks inputs that ran without end, failed as
// internal errors or were read as something else: each is now a usage or
// validation error that names the input, answered at once.
func TestSurprisingInput(t *testing.T) {
	db := demoDB(t)
	const now = "--now=2001-11-01"
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"infinite weight", []string{now, "goal", "new", "X", "--rule", "quota=1", "--weights", "Hain=Inf"}, 4,
			"weights: Hain=Inf: a weight must be a number above 0 and at most 1000000"},
		{"huge weights", []string{now, "goal", "new", "X", "--rule", "quota=1", "--weights", "Hain=1e308,Kean=1e308"}, 4, "Hain=1e308"},
		{"a voter twice", []string{now, "goal", "new", "X", "--rule", "quota=1", "--weights", "Hain=1,Hain=2"}, 4,
			"weights: Hain and Hain both name Mary Hain: give each voter once"},
		{"edit with an infinite weight", []string{now, "goal", "edit", "1", "--weights", "Kean=+Inf"}, 4, "Kean=+Inf"},
		{"power samples without end", []string{"power", "--quota", "3", "--sample", "99999999999", "2", "2", "1"}, 4,
			"a sample of 99999999999 for 3 voters is beyond the limit of 100000000 voter draws (a few seconds of work): sample at most 33333333"},
		{"power negative weight", []string{"power", "--quota", "3", "2", "-1"}, 4, "weight -1 is negative"},
		{"power negative fraction", []string{"power", "--quota", "3", "2", "-0.5"}, 4, "weight -0.5 is negative"},
		{"power minus zero", []string{"power", "--quota", "3", "2", "-0", "2"}, 4, "weight -0: write it without the minus sign"},
		{"power minus not a number", []string{"power", "--quota", "3", "2", "-1x"}, 4, `weight "-1x" is not a number`},
		{"power negative after --", []string{"power", "--quota", "3", "--", "2", "-1"}, 4, "weight of voter 2 is -1"},
		{"power weight not a number", []string{"power", "--quota", "3", "2", "two"}, 4, `weight "two" is not a number`},
		{"power infinite weight", []string{"power", "--quota", "3", "2", "Inf"}, 4, "weight of voter 2 is not a finite number"},
		{"power names twice", []string{"power", "--quota", "3", "--names", "a,a", "2", "2"}, 4, `voter name "a" is given twice`},
		{"power name with an escape", []string{"power", "--quota", "3", "--names", "a,b\x1b[2J", "2", "2"}, 4, "voter name holds a terminal escape"},
		{"path k without end", []string{now, "path", "Lavorato", "-k", "1000000"}, 4,
			"-k 1000000: ally lists at most 100 warm paths"},
		{"path k 3000", []string{now, "path", "Lavorato", "-k", "3000"}, 4, "at most 100 warm paths"},
		{"person name with an escape", []string{"person", "add", "Bob\x1b[31m"}, 4, "name holds a terminal escape (U+001B) at character 4"},
		{"person name zero-width", []string{"person", "add", "Mary Hain\u200b"}, 4, "name holds U+200B at character 10, an invisible character"},
		{"tag with a newline", []string{"tag", "Hain", "interest:gas\nprices"}, 4, "interest holds a line break"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			_, errs, code := run(t, db, c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d (%s)", code, c.code, errs)
			}
			if !strings.Contains(errs, c.want) {
				t.Errorf("stderr %q lacks %q", errs, c.want)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

// TestWorkspaceNames checks that init refuses a workspace name that is not
// a short one-line identifier, and says what one is.
func TestWorkspaceNames(t *testing.T) {
	cases := []struct {
		name string
		code int
		want string
	}{
		{"team", 0, ""},
		{"Équipe Nord 2", 0, ""},
		{"team\nx", 4, `workspace name "team\nx" holds '\n' (U+000A): a workspace name is 1 to 64 letters, digits, spaces, '-', '_' and '.'`},
		{"../../etc/x", 4, `workspace name "../../etc/x": a workspace name is 1 to 64 letters`},
		{"a/b", 4, `holds '/'`},
		{strings.Repeat("w", 65), 4, "workspace name is 65 characters long"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "ally.db")
			_, errs, code := run(t, db, "init", "--me", "Ana", "--name", c.name)
			if code != c.code || !strings.Contains(errs, c.want) {
				t.Errorf("init --name %q: exit %d, stderr %q; want exit %d and %q", c.name, code, errs, c.code, c.want)
			}
		})
	}
}

// TestPowerFlagsAfterWeights checks that flags after power's weights are
// flags, not weights.
func TestPowerFlagsAfterWeights(t *testing.T) {
	db := filepath.Join(t.TempDir(), "none.db") // power needs no database
	out := mustRun(t, db, "power", "--quota", "3", "2", "2", "--names", "a,b")
	if !strings.Contains(out, "a  ") || !strings.Contains(out, "[3; 2, 2]") {
		t.Errorf("--names after the weights:\n%s", out)
	}
	js := mustRun(t, db, "power", "--quota", "3", "2", "2", "1", "--json")
	var v struct {
		Quota  float64
		Voters []struct{ Weight float64 }
	}
	if err := json.Unmarshal([]byte(js), &v); err != nil {
		t.Fatalf("--json after the weights: %v\n%s", err, js)
	}
	if v.Quota != 3 || len(v.Voters) != 3 {
		t.Errorf("--json after the weights: %+v", v)
	}
	out = mustRun(t, db, "power", "--quota", "3", "2", "--sample", "1000", "2", "1")
	if !strings.Contains(out, "sampled estimate from 1000") || !strings.Contains(out, "3 voters") {
		t.Errorf("--sample between the weights:\n%s", out)
	}
	out = mustRun(t, db, "power", "--quota", "3", "2,2", "1")
	if !strings.Contains(out, "[3; 2, 2, 1]") {
		t.Errorf("comma-separated weights:\n%s", out)
	}
}
