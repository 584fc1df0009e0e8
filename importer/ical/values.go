package ical

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// dateTime is a DATE or DATE-TIME value as written. wall holds the written
// fields in the UTC location whatever the value's zone: recurrence is
// expanded on wall-clock time (so a 09:00 weekly meeting stays 09:00 across
// a DST change) and converted to an instant only at the end, by a zone.
type dateTime struct {
	wall time.Time
	date bool   // VALUE=DATE: an all-day value
	utc  bool   // written with a trailing Z
	tzid string // the TZID parameter, "" when none (or when utc or date)
}

// parseDateTime reads one DATE (YYYYMMDD) or DATE-TIME (YYYYMMDDTHHMMSS[Z])
// value. valueDate says the property had VALUE=DATE.
func parseDateTime(s, tzid string, valueDate bool) (dateTime, error) {
	s = strings.TrimSpace(s)
	if len(s) == 8 {
		d, err := civil(s)
		if err != nil {
			return dateTime{}, err
		}
		return dateTime{wall: d, date: true}, nil
	}
	if valueDate {
		return dateTime{}, fmt.Errorf("VALUE=DATE but %q is not YYYYMMDD", clip(s))
	}
	utc := false
	if n := len(s); n == 16 && (s[15] == 'Z' || s[15] == 'z') {
		utc, s = true, s[:15]
	}
	if len(s) != 15 || (s[8] != 'T' && s[8] != 't') {
		return dateTime{}, fmt.Errorf("%q is not a date (YYYYMMDD) or date-time (YYYYMMDDTHHMMSS[Z])", clip(s))
	}
	d, err := civil(s[:8])
	if err != nil {
		return dateTime{}, err
	}
	h, e1 := digits(s[9:11])
	m, e2 := digits(s[11:13])
	sec, e3 := digits(s[13:15])
	if e1 != nil || e2 != nil || e3 != nil || h > 23 || m > 59 || sec > 60 {
		return dateTime{}, fmt.Errorf("%q has no valid time of day", clip(s))
	}
	if sec == 60 { // a leap second: the instant just before the next minute
		sec = 59
	}
	dt := dateTime{wall: d.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second), utc: utc}
	if !utc {
		dt.tzid = tzid
	}
	return dt, nil
}

// civil reads YYYYMMDD as midnight UTC and refuses dates that do not exist
// (time.Date would silently roll 20260230 into March).
func civil(s string) (time.Time, error) {
	y, e1 := digits(s[:4])
	m, e2 := digits(s[4:6])
	d, e3 := digits(s[6:8])
	if e1 != nil || e2 != nil || e3 != nil {
		return time.Time{}, fmt.Errorf("%q is not a date (YYYYMMDD)", clip(s))
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return time.Time{}, fmt.Errorf("%q is not a date that exists", clip(s))
	}
	if y < 1000 {
		// No calendar means them, and rrule-go would take 0001-01-01
		// (the zero time.Time) for "no DTSTART" and use the clock.
		return time.Time{}, fmt.Errorf("%q is before the year 1000", clip(s))
	}
	return t, nil
}

func digits(s string) (int, error) {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, fmt.Errorf("not digits")
		}
	}
	return strconv.Atoi(s)
}

// parseOffset reads a UTC-OFFSET (+HHMM or +HHMMSS) as seconds east of UTC.
func parseOffset(s string) (int, error) {
	s = strings.TrimSpace(s)
	if (len(s) != 5 && len(s) != 7) || (s[0] != '+' && s[0] != '-') {
		return 0, fmt.Errorf("%q is not a UTC offset (+HHMM)", clip(s))
	}
	h, e1 := digits(s[1:3])
	m, e2 := digits(s[3:5])
	sec := 0
	var e3 error
	if len(s) == 7 {
		sec, e3 = digits(s[5:7])
	}
	if e1 != nil || e2 != nil || e3 != nil || h > 23 || m > 59 || sec > 59 {
		return 0, fmt.Errorf("%q is not a UTC offset (+HHMM)", clip(s))
	}
	off := h*3600 + m*60 + sec
	if s[0] == '-' {
		off = -off
	}
	return off, nil
}

// clip shortens a value quoted in an error message.
func clip(s string) string {
	const n = 40
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
