package cli

import (
	"strconv"
	"strings"
	"time"

	"github.com/allyhq/ally"
)

// dateForms lists the forms every date flag (--at, --due, --step's DATE,
// --target, --now) reads, for the error that a date does not parse.
const dateForms = "YYYY-MM-DD, RFC 3339 (2001-05-02T10:00:00Z), today, yesterday, tomorrow, +3d, -2d, +2w, -1w, 3d ago, 2w ago"

// date parses a date flag; "" gives the zero time. The relative forms
// count whole days from the day of the command's clock (--now or the
// workspace's): see parseDay.
func (c *CLI) date(flag, s string) (time.Time, error) {
	now := c.now
	if now.IsZero() {
		now = time.Now()
	}
	t, _, err := parseDay(flag, s, now)
	return t, err
}

// parseNow reads --now, with relative forms counted from real, the real
// time. A day without a time of day (a date, today, -2d) means that day's
// working hours, noon UTC, not midnight, so that "due today" reads
// naturally; RFC 3339 is taken as given.
func parseNow(s string, real time.Time) (time.Time, error) {
	if strings.TrimSpace(s) == "" {
		return time.Time{}, nil
	}
	t, whole, err := parseDay("--now", s, real)
	if err == nil && whole {
		t = t.Add(12 * time.Hour)
	}
	return t, err
}

// parseDay is the command line's one date parser. It reads YYYY-MM-DD
// (midnight UTC), RFC 3339 (and YYYY-MM-DDTHH:MM), and days relative to
// now's day: today, yesterday, tomorrow, +Nd, -Nd, +Nw, -Nw and "N days
// ago" ("3d ago", "2 weeks ago"); whole says the result is a day without a
// time of day. "" gives the zero time. An error is EINVALID, names the
// flag and lists the forms.
func parseDay(flag, s string, now time.Time) (t time.Time, whole bool, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false, nil
	}
	now = now.UTC()
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	if n, ok := relativeDays(strings.ToLower(s)); ok {
		t := day.AddDate(0, 0, n)
		// +99999d is a number of days, but not a date ally keeps.
		return t, true, ally.CheckDate(flag+" "+s+": the date", t)
	}
	if d, err := time.Parse("2006-01-02", s); err == nil {
		return d, true, ally.CheckDate(flag, d)
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04"} {
		if d, err := time.Parse(layout, s); err == nil {
			d = d.UTC()
			return d, false, ally.CheckDate(flag, d)
		}
	}
	return time.Time{}, false, ally.Errorf(ally.EINVALID, "%s %q is not a date: use %s", flag, s, dateForms)
}

// relativeDays reads the relative forms of parseDay (lower-case) as a
// number of days from today.
func relativeDays(s string) (int, bool) {
	switch s {
	case "today":
		return 0, true
	case "yesterday":
		return -1, true
	case "tomorrow":
		return 1, true
	}
	sign := 1
	if rest, ok := strings.CutSuffix(s, " ago"); ok {
		s, sign = strings.TrimSpace(rest), -1
	} else if rest, ok := strings.CutPrefix(s, "+"); ok {
		s = rest
	} else if rest, ok := strings.CutPrefix(s, "-"); ok {
		s, sign = rest, -1
	} else {
		return 0, false
	}
	unit := 1
	num := strings.TrimRight(s, "abcdefghijklmnopqrstuvwxyz ")
	switch strings.TrimSpace(s[len(num):]) {
	case "d", "day", "days":
	case "w", "week", "weeks":
		unit = 7
	default:
		return 0, false
	}
	// Digits only: no sign, space or underscore inside ("+-1d", "+1_0d").
	if num == "" || strings.TrimLeft(num, "0123456789") != "" || len(num) > 6 {
		return 0, false
	}
	n, err := strconv.Atoi(num)
	if err != nil || n >= 100000 {
		return 0, false
	}
	return sign * n * unit, true
}

// step reads a repair step, --step DATE=WHAT; DATE is any date c.date
// reads. Whether WHAT is a valid step is the domain's to say.
func (c *CLI) step(s string) (ally.RepairStep, error) {
	when, what, ok := strings.Cut(s, "=")
	if !ok {
		return ally.RepairStep{}, ally.Errorf(ally.EUSAGE, "--step %q should be DATE=WHAT", s)
	}
	d, err := c.date("--step", when)
	if err != nil {
		return ally.RepairStep{}, err
	}
	return ally.RepairStep{Due: d, What: what}, nil
}

// parseTag reads a KIND:VALUE tag argument. Whether the kind and value are
// valid is the domain's to say (ally.Tag.Validate).
func parseTag(s string) (ally.Tag, error) {
	k, v, ok := strings.Cut(s, ":")
	if !ok {
		return ally.Tag{}, ally.Errorf(ally.EUSAGE, "tag %q should be KIND:VALUE (kind: interest, goal, skill, currency)", s)
	}
	return ally.Tag{Kind: ally.TagKind(k), Value: v}, nil
}
