package ical

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// MaxInstances caps the instances one event's rules may generate, counted
// from DTSTART (COUNT counts from there, so the instances before the window
// are generated too) up to the window's end. A daily meeting since 1900 is
// under it; FREQ=SECONDLY without an end is not, and is reported as a bad
// record (field RRULE) instead of expanded.
const MaxInstances = 50000

// maxInterval bounds INTERVAL: rrule-go adds INTERVAL*7 days in an int.
const maxInterval = 100000

// rule is one RRULE: the options rrule-go expands (without UNTIL, which is
// applied here: see until) and the UNTIL as written.
type rule struct {
	opt      rrule.ROption
	until    dateTime
	hasUntil bool
}

// parseRule reads an RRULE value. It builds rrule-go's options itself:
// rrule.StrToRRuleSet refuses DTSTART;VALUE=DATE, and an UNTIL written as a
// DATE must mean the end of that day in DTSTART's zone, which rrule-go
// (comparing it as midnight) gets wrong. It also refuses the rules that
// would make rrule-go loop for ever (see reachable).
func parseRule(s string) (rule, error) {
	var r rule
	var parts []string
	// Spaces are never part of a rule; some writers put them after commas
	// (BYDAY=MO, TU, WE).
	s = strings.Join(strings.Fields(s), "")
	for _, kv := range strings.Split(s, ";") {
		if kv == "" {
			continue // a trailing ';' is common and harmless
		}
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return r, fmt.Errorf("rule part %q has no '='", clip(kv))
		}
		switch strings.ToUpper(k) {
		case "UNTIL":
			u, err := parseDateTime(v, "", false)
			if err != nil {
				return r, fmt.Errorf("UNTIL: %v", err)
			}
			r.until, r.hasUntil = u, true
		case "RSCALE": // RFC 7529: only the Gregorian calendar is expanded
			if !strings.EqualFold(v, "GREGORIAN") {
				return r, fmt.Errorf("RSCALE=%s is not supported (only GREGORIAN)", clip(v))
			}
		case "SKIP":
			// RFC 7529's SKIP only matters for non-Gregorian scales or
			// invalid dates, which rrule-go skips (SKIP=OMIT, the default).
		case "COUNT", "INTERVAL":
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return r, fmt.Errorf("%s=%q is not a non-negative integer", strings.ToUpper(k), clip(v))
			}
			if strings.EqualFold(k, "INTERVAL") && n > maxInterval {
				return r, fmt.Errorf("INTERVAL=%d is over %d", n, maxInterval)
			}
			parts = append(parts, strings.ToUpper(k)+"="+v)
		default:
			if strings.HasPrefix(strings.ToUpper(k), "X-") {
				continue
			}
			parts = append(parts, strings.ToUpper(k)+"="+strings.ToUpper(v))
		}
	}
	if len(parts) == 0 {
		return r, fmt.Errorf("no FREQ")
	}
	opt, err := rrule.StrToROption(strings.Join(parts, ";"))
	if err != nil {
		return r, err
	}
	r.opt = *opt
	return r, nil
}

// reachable says whether a sub-daily rule's BYHOUR/BYMINUTE/BYSECOND can
// ever match from start. rrule-go steps the clock by INTERVAL until the
// filters match and loops for ever when they never can
// (FREQ=HOURLY;INTERVAL=2;BYHOUR=1 from an even hour).
func reachable(o rrule.ROption, start time.Time) bool {
	var unit, period int // seconds per step, seconds per day cycle
	switch o.Freq {
	case rrule.HOURLY:
		unit, period = 3600, 86400
	case rrule.MINUTELY:
		unit, period = 60, 86400
	case rrule.SECONDLY:
		unit, period = 1, 86400
	default:
		return true
	}
	iv := o.Interval
	if iv < 1 {
		iv = 1
	}
	// Steps of iv*unit seconds over a day reach the times congruent to the
	// start modulo g = gcd(iv*unit, 86400), on the unit's own grid.
	step := gcd(iv*unit%period, period)
	if step == 0 {
		step = period
	}
	h, m, s := start.Clock()
	t0 := h*3600 + m*60 + s
	in := func(xs []int, v int) bool {
		if len(xs) == 0 {
			return true
		}
		for _, x := range xs {
			if x == v {
				return true
			}
		}
		return false
	}
	for t := t0 % step; t < period; t += step {
		if in(o.Byhour, t/3600) && (o.Freq == rrule.HOURLY || in(o.Byminute, t/60%60)) &&
			(o.Freq != rrule.SECONDLY || in(o.Bysecond, t%60)) {
			return true
		}
	}
	return false
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// afterUntil says whether a generated instance (wall time w, instant at)
// is past the rule's UNTIL. A DATE UNTIL with a timed DTSTART means the end
// of that day in DTSTART's zone (the UNTIL day's occurrence is kept); a UTC
// UNTIL is compared as an instant; a floating one on the wall clock.
func (r *rule) afterUntil(w, at time.Time, allDay bool) bool {
	if !r.hasUntil {
		return false
	}
	switch {
	case r.until.date || allDay:
		return w.Truncate(24 * time.Hour).After(r.until.wall.Truncate(24 * time.Hour))
	case r.until.utc:
		return at.After(r.until.wall)
	default:
		return w.After(r.until.wall)
	}
}
