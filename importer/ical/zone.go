package ical

//go:generate sh -c "/usr/bin/python3 gen_windowszones.py > windowszones.go && gofmt -w windowszones.go"

import (
	"sort"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// zone turns a wall-clock time (its fields held in UTC) into an instant.
type zone interface {
	instant(wall time.Time) time.Time
	// local is the inverse: the wall-clock fields of an instant.
	local(t time.Time) time.Time
}

// locZone is a zone the Go runtime knows (IANA, UTC, Options.Zone).
type locZone struct{ loc *time.Location }

func (z locZone) instant(w time.Time) time.Time {
	y, m, d := w.Date()
	h, mi, s := w.Clock()
	return time.Date(y, m, d, h, mi, s, 0, z.loc).UTC()
}

func (z locZone) local(t time.Time) time.Time {
	l := t.In(z.loc)
	y, m, d := l.Date()
	h, mi, s := l.Clock()
	return time.Date(y, m, d, h, mi, s, 0, time.UTC)
}

// zones resolves TZIDs for one Read: first as an IANA name (also inside a
// vendor prefix such as /mozilla.org/20050126_1/Europe/Berlin), then as a
// Windows id or display name through CLDR's table, and failing both from the
// file's own VTIMEZONE. Lookups are cached: time.LoadLocation reads a file.
type zones struct {
	cache map[string]zone // by TZID; nil value: no IANA or Windows name
	vtz   map[string]*vtimezone
}

func newZones() *zones {
	return &zones{cache: map[string]zone{}, vtz: map[string]*vtimezone{}}
}

// lookup returns the zone for tzid, or false when neither a name nor a
// VTIMEZONE read so far defines it.
func (zs *zones) lookup(tzid string) (zone, bool) {
	tzid = tzidKey(tzid)
	z, seen := zs.cache[tzid]
	if !seen {
		z = byName(tzid)
		zs.cache[tzid] = z
	}
	if z != nil {
		return z, true
	}
	if v, ok := zs.vtz[tzid]; ok {
		return v, true
	}
	return nil, false
}

// tzidKey normalises a TZID for matching: Outlook's display names carry
// TEXT escapes in one place (TZID:(UTC+01:00) Amsterdam\, Berlin) and not
// in another (a quoted TZID parameter).
func tzidKey(tzid string) string {
	return strings.TrimSpace(strings.ReplaceAll(tzid, `\`, ""))
}

// maxTZID bounds the names tried with time.LoadLocation.
const maxTZID = 200

func byName(tzid string) zone {
	name := strings.TrimSpace(strings.ReplaceAll(tzid, `\`, ""))
	if name == "" || len(name) > maxTZID {
		return nil
	}
	if iana, ok := windowsZones[name]; ok {
		name = iana
	}
	// Try the name, then its last three and two '/'-separated parts,
	// so that vendor prefixes (/mozilla.org/20050126_1/Europe/Berlin,
	// /freeassociation.sourceforge.net/Tzfile/America/Argentina/Buenos_Aires)
	// fall away. No more tries than that: each is a file lookup, and a
	// hostile file may hold many TZIDs. "Local" would be this machine's
	// zone: never.
	parts := strings.Split(strings.Trim(name, "/"), "/")
	cands := []string{name}
	for k := 3; k >= 2; k-- {
		if len(parts) >= k {
			cands = append(cands, strings.Join(parts[len(parts)-k:], "/"))
		}
	}
	for _, cand := range cands {
		if cand == "" || cand == "Local" || (!strings.Contains(cand, "/") && cand != "UTC" && cand != "GMT") {
			continue
		}
		if loc, err := time.LoadLocation(cand); err == nil {
			return locZone{loc}
		}
	}
	return nil
}

// vtimezone is a file's own time-zone definition: its STANDARD and DAYLIGHT
// observances, each an onset (wall time in the offset it leaves), the
// offsets from and to, and optionally an RRULE or RDATEs repeating it.
type vtimezone struct {
	obs   []observance
	rules int  // observances with an RRULE
	fixed *int // when an observance's rule cannot be read: one fixed offset
	years map[int][]onset
}

type observance struct {
	standard bool
	start    time.Time // DTSTART, wall
	from, to int       // seconds east of UTC
	hasFrom  bool
	rule     *rrule.ROption
	rdates   []time.Time
}

type onset struct {
	wall     time.Time
	from, to int
}

// maxObservances bounds the STANDARD and DAYLIGHT parts of one VTIMEZONE,
// and maxObservanceRules those with an RRULE, which are expanded for every
// year an event needs. Thunderbird writes a zone's whole history: 85 parts
// for Europe/Berlin, 28 of them with a rule.
const (
	maxObservances     = 1000
	maxObservanceRules = 100
)

// maxOnsetIter bounds the expansion of one observance's rule up to a year
// (Outlook starts them in 1601: about 425 yearly steps to today).
const maxOnsetIter = 20000

// finish checks the observances after END:VTIMEZONE. When a rule cannot be
// read the zone falls back to one fixed offset, the STANDARD one: an hour
// off for half the year rather than an event lost.
func (v *vtimezone) finish(ruleBroken bool) bool {
	if len(v.obs) == 0 {
		return false
	}
	for i := range v.obs {
		if !v.obs[i].hasFrom { // libical#141: some omit TZOFFSETFROM
			v.obs[i].from = v.obs[i].to
		}
	}
	if ruleBroken {
		off := v.obs[0].to
		for _, o := range v.obs {
			if o.standard {
				off = o.to
				break
			}
		}
		v.fixed = &off
	}
	v.years = map[int][]onset{}
	return true
}

// onsets lists the transitions of one year, sorted (cached per year).
func (v *vtimezone) onsets(year int) []onset {
	if on, ok := v.years[year]; ok {
		return on
	}
	var on []onset
	end := time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, o := range v.obs {
		if o.start.After(end) {
			continue
		}
		add := func(t time.Time) {
			if t.Year() == year {
				on = append(on, onset{t, o.from, o.to})
			}
		}
		add(o.start)
		for _, t := range o.rdates {
			add(t)
		}
		if o.rule != nil {
			opt := *o.rule
			opt.Dtstart = o.start
			if opt.Until.IsZero() || opt.Until.After(end) {
				// rrule-go's default UNTIL is DTSTART + 292 years (the
				// largest time.Duration): Outlook's rules from 1601 would
				// stop in 1893.
				opt.Until = end
			}
			r, err := rrule.NewRRule(opt)
			if err != nil {
				continue
			}
			next := r.Iterator()
			for i := 0; i < maxOnsetIter; i++ {
				t, ok := next()
				if !ok || !t.Before(end) {
					break
				}
				add(t)
			}
		}
	}
	sort.Slice(on, func(i, j int) bool { return on[i].wall.Before(on[j].wall) })
	if len(v.years) < 1000 {
		v.years[year] = on
	}
	return on
}

// offset is the offset in force at a wall-clock time: the latest onset at
// or before it (this year's or, failing that, last year's), else the offset
// the earliest observance leaves. An onset is written in the offset it
// leaves, so in the repeated hour of a fall-back change the first (daylight)
// reading wins, as RFC 5545 §3.3.5 says; a time in a spring-forward gap
// reads in the new offset (RFC 5545 would move it an hour later).
func (v *vtimezone) offset(w time.Time) int {
	if v.fixed != nil {
		return *v.fixed
	}
	for _, y := range []int{w.Year(), w.Year() - 1} {
		on := v.onsets(y)
		for i := len(on) - 1; i >= 0; i-- {
			if !on[i].wall.After(w) {
				return on[i].to
			}
		}
	}
	first := v.obs[0]
	for _, o := range v.obs[1:] {
		if o.start.Before(first.start) {
			first = o
		}
	}
	return first.from
}

func (v *vtimezone) instant(w time.Time) time.Time {
	return w.Add(-time.Duration(v.offset(w)) * time.Second)
}

func (v *vtimezone) local(t time.Time) time.Time {
	// The offset at the instant read as a wall time is right except within
	// an offset's width of a change, which is good enough to match EXDATEs.
	w := t.UTC()
	return w.Add(time.Duration(v.offset(w)) * time.Second)
}
