package cli

import (
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/app"
)

// fuzzNow is the clock relative dates count from in the fuzz targets.
var fuzzNow = time.Date(2001, 11, 1, 12, 0, 0, 0, time.UTC)

// wantKind fails unless err is an *ally.Error with one of the codes: the
// parsers below answer bad input as the user's mistake, never as an
// internal error.
func wantKind(t *testing.T, input string, err error, codes ...string) {
	t.Helper()
	var e *ally.Error
	if !errors.As(err, &e) {
		t.Fatalf("%q: error %T %v is not an *ally.Error", input, err, err)
	}
	for _, c := range codes {
		if e.Code == c {
			return
		}
	}
	t.Fatalf("%q: error code %s (%v), want one of %v", input, e.Code, err, codes)
}

var relative = regexp.MustCompile(`^(?:([+-])([0-9]{1,6}) ?(d|w|days?|weeks?)|([0-9]{1,6}) ?(d|w|days?|weeks?) ago)$`)

// FuzzDate checks the one date parser of the flags (--due, --at,
// --target, --step's DATE, --now): an error is EINVALID, names the flag and
// lists the forms; a date is in the range the domain accepts (1900 to
// 2199); today, yesterday, tomorrow, ±Nd, ±Nw and "N days ago" count whole
// days from the clock's day.
func FuzzDate(f *testing.F) {
	for _, s := range []string{"", "today", "tomorrow", "+3d", "+2w", "+0d", "+99999d", "+14285w", "2001-05-10",
		"2001-05-02T10:00:00Z", "2001-05-02T10:00", "yesterday", "-2d", "+-1d", "+d", "31/12/2001", " +3d ", "+03d",
		"1899-12-31", "2200-01-01", "+9999999999999999999d", "-1w", "3d ago", "2 weeks ago", "Yesterday", "- 2d",
		"-99999w", "1 day ago", "0d ago", "+1_0d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := &CLI{now: fuzzNow}
		d, err := c.date("--due", s)
		if err != nil {
			wantKind(t, s, err, ally.EINVALID)
			if !strings.Contains(err.Error(), "--due") {
				t.Fatalf("%q: error %q does not name the flag", s, err)
			}
			if !strings.Contains(err.Error(), dateForms) && !strings.Contains(err.Error(), "out of range") {
				t.Fatalf("%q: error %q neither lists the forms nor gives the range", s, err)
			}
			return
		}
		if strings.TrimSpace(s) == "" {
			if !d.IsZero() {
				t.Fatalf("%q: %v, want no date", s, d)
			}
			return
		}
		if err := ally.CheckDate("due", d); err != nil {
			t.Fatalf("%q: %v is out of the domain's range: %v", s, d, err)
		}
		if m := relative.FindStringSubmatch(strings.ToLower(strings.TrimSpace(s))); m != nil {
			sign, num, unit := m[1], m[2], m[3]
			if m[4] != "" {
				sign, num, unit = "-", m[4], m[5]
			}
			n, _ := strconv.Atoi(num)
			if unit[0] == 'w' {
				n *= 7
			}
			if sign == "-" {
				n = -n
			}
			if want := time.Date(2001, 11, 1+n, 0, 0, 0, 0, time.UTC); !d.Equal(want) {
				t.Fatalf("%q: %v, want %v", s, d, want)
			}
		}
	})
}

// FuzzRepairStep checks --step DATE=WHAT: an error is a usage or
// validation error; a step that is accepted is valid in a plan and reads
// back the same from its canonical form.
func FuzzRepairStep(f *testing.F) {
	for _, s := range []string{"2001-11-05=coffee, listen", "+3w=joint brief", "today=call", "=nothing", "tomorrow=",
		"no date", "+3d=a=b", "+3d=line\nbreak", "+3d=\x1b[2J", "+99999d=late", "2001-11-05= padded "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := &CLI{now: fuzzNow}
		st, err := c.step(s)
		if err == nil {
			plan := ally.RepairPlan{Cause: "missed the hearing", Opened: fuzzNow, Steps: []ally.RepairStep{st}}
			err = plan.Validate()
		}
		if err != nil {
			wantKind(t, s, err, ally.EUSAGE, ally.EINVALID)
			return
		}
		if err := ally.CheckDate("step due", st.Due); err != nil {
			t.Fatalf("%q: due %v: %v", s, st.Due, err)
		}
		again, err := c.step(st.Due.Format("2006-01-02") + "=" + st.What)
		if err != nil || !again.Due.Equal(st.Due) || again.What != st.What {
			t.Fatalf("%q: %+v reads back as %+v, %v", s, st, again, err)
		}
	})
}

// FuzzTag checks the KIND:VALUE tag arguments: an error is a usage or
// validation error; a tag that is accepted has a known kind and a
// normalised one-line value, and reads back the same from KIND:VALUE.
func FuzzTag(f *testing.F) {
	for _, s := range []string{"interest:regulation", "goal:energy trading desk", "skill:pricing", "currency:recognition",
		"currency:money", "hobby:chess", "nocolon", "interest:", ":x", "skill: Go ", "interest:a:b", "SKILL:go",
		"interest:gas\nprices", "skill:\u200b", "interest:" + strings.Repeat("x", 101)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tag, err := parseTag(s)
		if err == nil {
			err = tag.Validate()
		}
		if err != nil {
			wantKind(t, s, err, ally.EUSAGE, ally.EINVALID)
			return
		}
		if tag.Kind.Validate() != nil || tag.Value == "" || tag.Value != strings.ToLower(strings.TrimSpace(tag.Value)) {
			t.Fatalf("%q: accepted as %+v", s, tag)
		}
		if err := ally.CheckText("tag", tag.Value, false); err != nil {
			t.Fatalf("%q: accepted value %q: %v", s, tag.Value, err)
		}
		again, err := parseTag(string(tag.Kind) + ":" + tag.Value)
		if err == nil {
			err = again.Validate()
		}
		if err != nil || again != tag {
			t.Fatalf("%q: %+v reads back as %+v, %v", s, tag, again, err)
		}
	})
}

// FuzzPower checks power's weights and --names through app.Power: an
// error is EINVALID; an answer has one row per weight and every index
// finite and in [0, 1], the normalised ones summing to 1.
func FuzzPower(f *testing.F) {
	f.Add("3", "2 2 1", "")
	f.Add("12", "4,4,4,2,2,1", "a,b,c,d,e,f")
	f.Add("7", "3 3 2 2 2", "Kean,Delainey,Shapiro,Steffes,Haedicke")
	f.Add("1", "Inf", "")
	f.Add("1", "NaN 1", "")
	f.Add("1e308", "1e308 1e308", "")
	f.Add("0.5", "0.25 0.25 0.5", "x,,y")
	f.Add("3", "2 2", "a,a")
	f.Add("3", "2 2", "a\x1b,b")
	f.Add("2", "1 1 1", "one,two")
	f.Add("1.0000001", "1 1", "")
	f.Fuzz(func(t *testing.T, quota, weights, names string) {
		input := quota + " | " + weights + " | " + names
		q, err := strconv.ParseFloat(strings.TrimSpace(quota), 64)
		if err != nil {
			return // pflag reads --quota: not a number is a usage error before power runs
		}
		ws, err := parseVoterWeights(strings.Fields(weights))
		if err != nil {
			wantKind(t, input, err, ally.EINVALID)
			return
		}
		// Keep each run short: exact counting is O(n²·quota).
		if len(ws) > 40 {
			return
		}
		in := app.PowerInput{Quota: q, Weights: ws, Sample: 0, Seed: 1}
		if names != "" {
			if in.Names, err = parseVoterNames(names); err != nil {
				wantKind(t, input, err, ally.EINVALID)
				return
			}
		}
		v, err := app.Power(in)
		if err != nil {
			wantKind(t, input, err, ally.EINVALID)
			return
		}
		if len(v.Voters) != len(ws) {
			t.Fatalf("%s: %d voters for %d weights", input, len(v.Voters), len(ws))
		}
		var bz, ss float64
		for _, p := range v.Voters {
			for _, x := range []float64{p.Banzhaf, p.BanzhafAbs, p.ShapleyShubik} {
				if math.IsNaN(x) || x < 0 || x > 1+1e-9 {
					t.Fatalf("%s: %s has an index %v outside [0, 1]", input, p.Name, x)
				}
			}
			if err := ally.CheckText("name", p.Name, false); err != nil {
				t.Fatalf("%s: voter name %q: %v", input, p.Name, err)
			}
			bz += p.Banzhaf
			ss += p.ShapleyShubik
		}
		if math.Abs(ss-1) > 1e-6 || (v.Swings.Sign() > 0 && math.Abs(bz-1) > 1e-6) {
			t.Fatalf("%s: Shapley–Shubik sums to %v, Banzhaf to %v", input, ss, bz)
		}
	})
}
