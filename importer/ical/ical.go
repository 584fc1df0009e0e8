package ical

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/importer"
	"github.com/teambition/rrule-go"
)

// Options say which occurrences Read returns and how it reads times.
type Options struct {
	// From and To are the window of occurrences: a start at or after From
	// and before To. Both are required: recurring events are expanded in
	// it, and an infinite RRULE is never expanded past To.
	From, To time.Time
	// Me are Me's addresses, lower case. An occurrence Me declined
	// (PARTSTAT=DECLINED) is not Me's meeting; Kind counts the people
	// other than Me.
	Me []string
	// Zone reads floating times (no TZID, no Z) and all-day dates; nil
	// means UTC.
	Zone *time.Location
	// Skip decides what a bad record does (see importer.Skip).
	Skip importer.Skip

	// all keeps the occurrences Read would drop (cancelled, declined,
	// alone), for the reference test that counts what the rules produce.
	all bool
}

// Stats count what a Read saw. Occurrence counts (Cancelled, Declined,
// Alone) are of occurrences inside the window.
type Stats struct {
	Events        int // VEVENT components read, overrides and bad ones included
	Occurrences   int // interactions emitted
	Cancelled     int // occurrences dropped: STATUS:CANCELLED or METHOD:CANCEL
	Declined      int // occurrences Me declined (PARTSTAT=DECLINED)
	Alone         int // occurrences with nobody but Me, or with no attendee
	OutsideWindow int // events and overrides none of whose occurrences is in the window
	MeListed      int // emitted occurrences whose parties include Me
	Bad           int // bad records reported through Options.Skip
	Capped        int // events whose rules were refused: past MaxInstances or the file's budget, or never matching (also in Bad)
	Orphans       int // overrides (RECURRENCE-ID) with no master in the file, read alone
	UnknownZones  int // events with a TZID nothing defines, read in Options.Zone
}

// maxDepth bounds component nesting (VCALENDAR > VEVENT > VALARM is 3).
const maxDepth = 32

// maxParties bounds the organizer and attendees of one event. Far above a
// real meeting (the lead's --max-attendees applies well below it), it
// keeps a hostile file from growing one event without end.
const maxParties = 10000

// Read reads the VEVENTs of one iCalendar stream and calls emit with each
// occurrence inside the window that is a meeting of Me's. file names the
// stream in positions and errors. Events without recurrence are emitted as
// they are read; recurring events and their overrides are held until the
// end of the stream, since an override or a VTIMEZONE may come after the
// event it belongs to. Read returns the first error emit returns, or the
// first bad record when opt.Skip is nil.
func Read(r io.Reader, file string, opt Options, emit func(importer.Interaction) error) (Stats, error) {
	if opt.From.IsZero() || opt.To.IsZero() || !opt.From.Before(opt.To) {
		return Stats{}, errors.New("ical: Options.From and To are required, From before To")
	}
	if emit == nil {
		return Stats{}, errors.New("ical: emit is required")
	}
	rd := &reader{file: file, opt: opt, emit: emit, zones: newZones(), me: map[string]bool{}}
	loc := opt.Zone
	if loc == nil {
		loc = time.UTC
	}
	rd.floating = locZone{loc}
	for _, m := range opt.Me {
		rd.me[strings.ToLower(strings.TrimSpace(m))] = true
	}
	cr := &countingReader{r: r}
	err := rd.read(cr)
	rd.budget = readBudget + budgetPerByte*cr.n
	if err == nil {
		err = rd.flush()
	}
	return rd.st, err
}

// reader is the state of one Read.
type reader struct {
	file     string
	opt      Options
	emit     func(importer.Interaction) error
	me       map[string]bool
	zones    *zones
	floating zone
	st       Stats
	held     []*event // recurring masters, overrides, events awaiting a VTIMEZONE
	// generated counts the instances all rules gave; budget caps it.
	generated, budget int64
}

// countingReader counts the bytes read, for the instance budget.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (rd *reader) pos(line int) importer.Pos { return importer.Pos{File: rd.file, Line: line} }

// bad reports a bad record; a non-nil result stops the read.
func (rd *reader) bad(e *importer.Error) error {
	rd.st.Bad++
	return rd.opt.Skip.Bad(e)
}

// event is one VEVENT as read.
type event struct {
	line      int
	uid       string
	summary   string
	sequence  int
	status    string
	start     dateTime
	hasStart  bool
	recurID   dateTime
	hasRecur  bool
	rules     []rule
	rdates    []dateTime
	exdates   []dateTime
	organizer *attendee
	attendees []attendee
	cancel    bool // the calendar's METHOD is CANCEL
	bad       *importer.Error

	key         string     // for an override: the key of the instance it replaces
	parties     *partyList // computed on first use
	unknownZone bool       // counted in Stats.UnknownZones
}

// attendee is an ORGANIZER or ATTENDEE with the parameters that decide
// whether they take part.
type attendee struct {
	name, email            string
	cutype, role, partstat string
}

// component tracks one BEGIN…END on the stack.
type component struct {
	name string
	line int
}

// read parses the stream, emitting simple events and holding the rest.
func (rd *reader) read(r io.Reader) error {
	lr := newLineReader(r)
	var (
		stack    []component
		overflow int // BEGINs past maxDepth, matched by ENDs without a push
		ev       *event
		evDepth  int
		tz       *vtimezone
		tzid     string
		tzDepth  int
		tzBroken bool
		obs      *observance
		method   string
		scratch  []param
	)
	// fail reports a line that cannot be read. Inside a VEVENT, a line
	// that dates the event (DTSTART, RRULE, …) makes the whole event bad,
	// reported when it closes: its occurrences would be wrong. Any other
	// line is reported now and the event goes on without it, as a broken
	// X-APPLE-RADIUS loses no meeting.
	fail := func(no int, field, reason string) error {
		e := importer.Errorf(rd.pos(no), field, "%s", reason)
		if ev != nil && dating[field] {
			if ev.bad == nil {
				ev.bad = e
			}
			return nil
		}
		return rd.bad(e)
	}
	closeTop := func() error {
		c := stack[len(stack)-1]
		depth := len(stack)
		stack = stack[:len(stack)-1]
		switch {
		case ev != nil && depth == evDepth:
			e := ev
			ev = nil
			return rd.finish(e)
		case obs != nil && (c.name == "STANDARD" || c.name == "DAYLIGHT") && depth == tzDepth+1:
			o := *obs
			obs = nil
			if len(tz.obs) >= maxObservances || (o.rule != nil && tz.rules >= maxObservanceRules) {
				return rd.bad(importer.Errorf(rd.pos(c.line), c.name, "VTIMEZONE has more than %d STANDARD and DAYLIGHT parts, or more than %d with an RRULE", maxObservances, maxObservanceRules))
			}
			if o.rule != nil {
				tz.rules++
			}
			tz.obs = append(tz.obs, o)
		case tz != nil && depth == tzDepth:
			if tzid == "" {
				tz = nil
				return rd.bad(importer.Errorf(rd.pos(c.line), "TZID", "VTIMEZONE has no TZID"))
			}
			if tz.finish(tzBroken) {
				rd.zones.vtz[tzidKey(tzid)] = tz
			} else if err := rd.bad(importer.Errorf(rd.pos(c.line), "VTIMEZONE", "VTIMEZONE %q has no STANDARD or DAYLIGHT", clip(tzid))); err != nil {
				return err
			}
			tz = nil
		case c.name == "VCALENDAR":
			method = ""
		}
		return nil
	}
	for {
		raw, no, err := lr.next()
		if err == io.EOF {
			break
		}
		if err == errLongLine {
			if err := fail(no, "", err.Error()); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("%s: line %d: %w", rd.file, no, err)
		}
		l, reason := parseLine(raw, no, scratch)
		scratch = l.params
		if reason != "" && ignored(stack, ev, evDepth, tz) {
			// A line no one reads (in a VTODO, a VALARM, an X- component)
			// loses nothing: not a bad record.
			continue
		}
		if reason != "" {
			if err := fail(no, l.name, reason); err != nil {
				return err
			}
			continue
		}
		switch l.name {
		case "BEGIN":
			name := strings.ToUpper(strings.TrimSpace(l.value))
			if len(stack) >= maxDepth {
				overflow++
				if overflow == 1 {
					if err := fail(no, "BEGIN", fmt.Sprintf("components nested deeper than %d", maxDepth)); err != nil {
						return err
					}
				}
				continue
			}
			stack = append(stack, component{name, no})
			switch {
			case name == "VEVENT" && ev == nil && tz == nil:
				ev = &event{line: no, cancel: method == "CANCEL"}
				evDepth = len(stack)
			case name == "VTIMEZONE" && ev == nil && tz == nil:
				tz, tzid, tzDepth, tzBroken = &vtimezone{}, "", len(stack), false
			case (name == "STANDARD" || name == "DAYLIGHT") && tz != nil && len(stack) == tzDepth+1:
				obs = &observance{standard: name == "STANDARD"}
			}
		case "END":
			name := strings.ToUpper(strings.TrimSpace(l.value))
			if overflow > 0 {
				overflow--
				continue
			}
			at := -1
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].name == name {
					at = i
					break
				}
			}
			if at < 0 {
				if err := fail(no, "END", fmt.Sprintf("END:%s without BEGIN:%s", clip(name), clip(name))); err != nil {
					return err
				}
				continue
			}
			if at != len(stack)-1 {
				top := stack[len(stack)-1]
				if err := fail(no, "END", fmt.Sprintf("END:%s closes BEGIN:%s of line %d", clip(name), clip(top.name), top.line)); err != nil {
					return err
				}
			}
			for len(stack) > at {
				if err := closeTop(); err != nil {
					return err
				}
			}
		default:
			depth := len(stack)
			switch {
			case overflow > 0:
			case ev != nil && depth == evDepth:
				if err := ev.property(rd, &l); err != nil {
					return err
				}
			case obs != nil && depth == tzDepth+1:
				if err := observanceProperty(obs, &l); err != nil {
					if l.name == "RRULE" {
						tzBroken = true // read as a fixed offset: see vtimezone.finish
					} else if err := rd.bad(importer.Errorf(rd.pos(no), l.name, "%v", err)); err != nil {
						return err
					}
				}
			case tz != nil && depth == tzDepth && l.name == "TZID":
				tzid = strings.TrimSpace(l.value)
			case depth > 0 && stack[depth-1].name == "VCALENDAR" && l.name == "METHOD":
				method = strings.ToUpper(strings.TrimSpace(l.value))
			}
		}
	}
	// Close what the file left open, reporting the outermost one.
	if len(stack) > 0 {
		c := stack[0]
		if ev != nil && ev.bad == nil {
			ev.bad = importer.Errorf(rd.pos(ev.line), "END", "VEVENT is not closed (END:VEVENT missing)")
		} else if err := rd.bad(importer.Errorf(rd.pos(c.line), "END", "BEGIN:%s is not closed (END:%s missing)", clip(c.name), clip(c.name))); err != nil {
			return err
		}
		for len(stack) > 0 {
			if err := closeTop(); err != nil {
				return err
			}
		}
	}
	return nil
}

// dating are the properties without which an event's occurrences are wrong.
var dating = map[string]bool{"DTSTART": true, "RRULE": true, "RDATE": true, "EXDATE": true, "RECURRENCE-ID": true, "BEGIN": true, "END": true}

// ignored says whether the innermost open component is one Read skips:
// anything but VCALENDAR, a VEVENT's own level and a VTIMEZONE.
func ignored(stack []component, ev *event, evDepth int, tz *vtimezone) bool {
	switch {
	case len(stack) == 0 || tz != nil:
		return false
	case ev != nil:
		return len(stack) > evDepth
	}
	return stack[len(stack)-1].name != "VCALENDAR"
}

// observanceProperty reads one property of a STANDARD or DAYLIGHT.
func observanceProperty(o *observance, l *contentLine) error {
	var err error
	switch l.name {
	case "DTSTART":
		var dt dateTime
		dt, err = parseDateTime(l.value, "", false)
		o.start = dt.wall
	case "TZOFFSETFROM":
		o.from, err = parseOffset(l.value)
		o.hasFrom = err == nil
	case "TZOFFSETTO":
		o.to, err = parseOffset(l.value)
	case "RRULE":
		var r rule
		r, err = parseRule(l.value)
		if err == nil && r.opt.Freq != rrule.YEARLY {
			// Every real zone changes once a year; anything else is
			// read as broken (a fixed offset) rather than expanded.
			err = fmt.Errorf("FREQ=%s in a time zone", r.opt.Freq)
		}
		if err == nil {
			r.opt.Until = time.Time{}
			if r.hasUntil {
				// The UNTIL of an observance is UTC; compared as a wall
				// time it is off by the offset, hours around a
				// transition that is months away.
				r.opt.Until = r.until.wall
			}
			o.rule = &r.opt
		}
	case "RDATE":
		for _, v := range strings.Split(l.value, ",") {
			if v = strings.TrimSpace(v); v == "" {
				continue
			}
			dt, e := parseDateTime(v, "", false)
			if e != nil {
				return e
			}
			o.rdates = append(o.rdates, dt.wall)
		}
	}
	return err
}

// property reads one property of a VEVENT. A bad dating value makes the
// event bad; the error it returns is a report's that stops the read.
func (ev *event) property(rd *reader, l *contentLine) error {
	if ev.bad != nil {
		return nil
	}
	fail := func(format string, args ...any) {
		ev.bad = importer.Errorf(rd.pos(l.no), l.name, format, args...)
	}
	isDate := strings.EqualFold(l.get("VALUE"), "DATE")
	switch l.name {
	case "UID":
		ev.uid = strings.TrimSpace(l.value)
	case "SUMMARY":
		ev.summary = oneLine(unescapeText(l.value))
	case "STATUS":
		ev.status = strings.ToUpper(strings.TrimSpace(l.value))
	case "SEQUENCE":
		n, err := strconv.Atoi(strings.TrimSpace(l.value))
		if err != nil || n < 0 {
			// Not a dating property: reported, the event kept with 0.
			return rd.bad(importer.Errorf(rd.pos(l.no), l.name, "%q is not a non-negative integer", clip(l.value)))
		}
		ev.sequence = n
	case "DTSTART", "RECURRENCE-ID":
		dt, err := parseDateTime(l.value, l.get("TZID"), isDate)
		if err != nil {
			fail("%v", err)
			return nil
		}
		// Given twice with two values, no one can say which is meant
		// (a DTEND misnamed, as in python-icalendar's forward-reference
		// test file): a bad record rather than a guess.
		if l.name == "DTSTART" {
			if ev.hasStart && ev.start != dt {
				fail("DTSTART is given twice, with two values")
				return nil
			}
			ev.start, ev.hasStart = dt, true
		} else {
			if ev.hasRecur && ev.recurID != dt {
				fail("RECURRENCE-ID is given twice, with two values")
				return nil
			}
			ev.recurID, ev.hasRecur = dt, true
		}
	case "RRULE":
		r, err := parseRule(l.value)
		if err != nil {
			fail("%v", err)
			return nil
		}
		ev.rules = append(ev.rules, r)
	case "RDATE", "EXDATE":
		period := strings.EqualFold(l.get("VALUE"), "PERIOD")
		for _, v := range strings.Split(l.value, ",") {
			v = strings.TrimSpace(v)
			if v == "" {
				continue // an empty RDATE/EXDATE adds nothing
			}
			if i := strings.IndexByte(v, '/'); i >= 0 && (period || l.name == "RDATE") {
				v = v[:i] // a PERIOD: its start is the instance
			}
			dt, err := parseDateTime(v, l.get("TZID"), isDate)
			if err != nil {
				fail("%v", err)
				return nil
			}
			if len(ev.rdates)+len(ev.exdates) >= MaxInstances {
				fail("more than %d RDATE and EXDATE values", MaxInstances)
				return nil
			}
			if l.name == "RDATE" {
				ev.rdates = append(ev.rdates, dt)
			} else {
				ev.exdates = append(ev.exdates, dt)
			}
		}
	case "ORGANIZER", "ATTENDEE":
		if len(ev.attendees) >= maxParties {
			fail("more than %d attendees", maxParties)
			return nil
		}
		a := attendee{
			name:     oneLine(l.get("CN")),
			email:    address(l.value, l.get("EMAIL")),
			cutype:   strings.ToUpper(l.get("CUTYPE")),
			role:     strings.ToUpper(l.get("ROLE")),
			partstat: strings.ToUpper(l.get("PARTSTAT")),
		}
		if l.name == "ORGANIZER" {
			ev.organizer = &a
		} else {
			if ev.attendees == nil {
				ev.attendees = make([]attendee, 0, 8)
			}
			ev.attendees = append(ev.attendees, a)
		}
	}
	return nil
}

// address is the e-mail address of a CAL-ADDRESS: the part after mailto:
// (case as given), else an EMAIL parameter (RFC 7986), else a bare value
// that looks like an address.
func address(value, emailParam string) string {
	v := strings.TrimSpace(value)
	if len(v) >= 7 && strings.EqualFold(v[:7], "mailto:") {
		return strings.TrimSpace(v[7:])
	}
	if e := strings.TrimSpace(emailParam); e != "" {
		return e
	}
	if strings.Contains(v, "@") && !strings.Contains(v, ":") {
		return v
	}
	return ""
}

// finish runs at END:VEVENT: a bad event is reported, a simple one emitted
// now, the rest held for flush.
func (rd *reader) finish(ev *event) error {
	rd.st.Events++
	if ev.bad == nil && !ev.hasStart {
		if ev.hasRecur {
			ev.start, ev.hasStart = ev.recurID, true
		} else {
			ev.bad = importer.Errorf(rd.pos(ev.line), "DTSTART", "VEVENT has no DTSTART")
		}
	}
	if ev.bad != nil {
		return rd.bad(ev.bad)
	}
	if ev.uid == "" {
		ev.uid = contentID(ev)
	}
	if len(ev.rules) > 0 || len(ev.rdates) > 0 || ev.hasRecur || !rd.resolvable(ev) {
		rd.held = append(rd.held, ev)
		return nil
	}
	return rd.single(ev)
}

// contentID stands in for a missing UID: a hash of what identifies the
// meeting (start, summary, organizer), not of DTSTAMP, which every export
// rewrites.
func contentID(ev *event) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%v\x00%s\x00%s", ev.start.wall.Format(time.RFC3339), ev.start.date, ev.start.tzid, ev.summary)
	if ev.organizer != nil {
		fmt.Fprintf(h, "\x00%s", ev.organizer.email)
	}
	return "sha256-" + hex.EncodeToString(h.Sum(nil)[:12])
}

// resolvable says whether every TZID the event uses is known by now.
func (rd *reader) resolvable(ev *event) bool {
	ok := func(dt dateTime) bool {
		if dt.tzid == "" || dt.date || dt.utc {
			return true
		}
		_, found := rd.zones.lookup(dt.tzid)
		return found
	}
	if !ok(ev.start) || (ev.hasRecur && !ok(ev.recurID)) {
		return false
	}
	for _, d := range ev.rdates {
		if !ok(d) {
			return false
		}
	}
	for _, d := range ev.exdates {
		if !ok(d) {
			return false
		}
	}
	return true
}

// zoneOf is the zone of a value: UTC, its TZID's, or def for a floating
// time (Options.Zone for DTSTART; DTSTART's zone for EXDATE, RDATE and
// RECURRENCE-ID written without one, as clients mean them). A TZID nothing
// defines reads as floating and is counted.
func (rd *reader) zoneOf(dt dateTime, def zone, ev *event) zone {
	switch {
	case dt.date:
		return rd.floating
	case dt.utc:
		return locZone{time.UTC}
	case dt.tzid != "":
		if z, ok := rd.zones.lookup(dt.tzid); ok {
			return z
		}
		if ev != nil && !ev.unknownZone {
			rd.st.UnknownZones++
			ev.unknownZone = true
		}
		return def
	}
	return def
}

// instKey is an occurrence's key in ExternalID: its original start in UTC
// (RFC 3339), or the date of an all-day one.
func instKey(wall, at time.Time, allDay bool) string {
	if allDay {
		return wall.Format("2006-01-02")
	}
	return at.UTC().Format(time.RFC3339)
}

func (rd *reader) inWindow(at time.Time) bool {
	return !at.Before(rd.opt.From) && at.Before(rd.opt.To)
}

// single emits an event without recurrence (or an override without master).
func (rd *reader) single(ev *event) error {
	z := rd.zoneOf(ev.start, rd.floating, ev)
	at := z.instant(ev.start.wall)
	if !rd.inWindow(at) {
		rd.st.OutsideWindow++
		return nil
	}
	return rd.occurrence(ev, at, instKey(ev.start.wall, at, ev.start.date))
}

// flush expands the held events: masters first (each with its overrides),
// then the overrides, then events that waited for a VTIMEZONE.
func (rd *reader) flush() error {
	masters := map[string]bool{}
	overrides := map[string][]*event{}
	for _, ev := range rd.held {
		if ev.hasRecur {
			overrides[ev.uid] = append(overrides[ev.uid], ev)
		} else if len(ev.rules) > 0 || len(ev.rdates) > 0 {
			masters[ev.uid] = true
		}
	}
	for _, ev := range rd.held {
		if !ev.hasRecur && (len(ev.rules) > 0 || len(ev.rdates) > 0) {
			if err := rd.expand(ev, overrides[ev.uid]); err != nil {
				return err
			}
		}
	}
	for _, ev := range rd.held {
		switch {
		case ev.hasRecur:
			if !masters[ev.uid] {
				rd.st.Orphans++
			}
			if err := rd.override(ev); err != nil {
				return err
			}
		case len(ev.rules) == 0 && len(ev.rdates) == 0:
			if err := rd.single(ev); err != nil {
				return err
			}
		}
	}
	rd.held = nil
	return nil
}

// override emits an override at its own (perhaps moved) start, under the
// key of the instance it replaces.
func (rd *reader) override(ov *event) error {
	z := rd.zoneOf(ov.start, rd.floating, ov)
	at := z.instant(ov.start.wall)
	key := ov.key
	if key == "" {
		rz := rd.zoneOf(ov.recurID, z, ov)
		key = instKey(ov.recurID.wall, rz.instant(ov.recurID.wall), ov.recurID.date)
	}
	if !rd.inWindow(at) {
		rd.st.OutsideWindow++
		return nil
	}
	return rd.occurrence(ov, at, key)
}

// partyList is who takes part in an event, computed once per event.
type partyList struct {
	parties    []importer.Party
	others     int // parties who are not Me
	me         bool
	meDeclined bool
	attendees  int // attendees kept, the organizer not counted
}

// partiesOf lists the organizer (RoleInitiator) and the attendees (RoleTo)
// who are people taking part: rooms and resources, non-participants and
// attendees who declined are left out, and an attendee who is the
// organizer, or is listed twice, is listed once.
func (rd *reader) partiesOf(ev *event) *partyList {
	if ev.parties != nil {
		return ev.parties
	}
	pl := &partyList{}
	isMe := func(a *attendee) bool { return a.email != "" && rd.me[strings.ToLower(a.email)] }
	person := func(a *attendee) bool {
		return a.cutype != "ROOM" && a.cutype != "RESOURCE" && (a.name != "" || a.email != "")
	}
	add := func(a *attendee, role ally.Role) {
		pl.parties = append(pl.parties, importer.Party{Name: a.name, Email: a.email, Role: role})
		if isMe(a) {
			pl.me = true
		} else {
			pl.others++
		}
	}
	if o := ev.organizer; o != nil && person(o) {
		add(o, ally.RoleInitiator)
	}
	seen := map[string]bool{}
	for i := range ev.attendees {
		a := &ev.attendees[i]
		if isMe(a) && a.partstat == "DECLINED" {
			pl.meDeclined = true
		}
		if !person(a) || a.partstat == "DECLINED" || a.role == "NON-PARTICIPANT" {
			continue
		}
		if o := ev.organizer; o != nil && a.email != "" && strings.EqualFold(a.email, o.email) {
			pl.attendees++ // the organizer listed again: counted, not repeated
			continue
		}
		if a.email != "" {
			key := strings.ToLower(a.email)
			if seen[key] {
				continue // listed twice: once is enough
			}
			seen[key] = true
		}
		pl.attendees++
		add(a, ally.RoleTo)
	}
	ev.parties = pl
	return pl
}

// occurrence emits one occurrence unless it is cancelled, declined by Me,
// or has nobody but Me.
func (rd *reader) occurrence(ev *event, at time.Time, key string) error {
	pl := rd.partiesOf(ev)
	if !rd.opt.all {
		switch {
		case ev.status == "CANCELLED" || ev.cancel:
			rd.st.Cancelled++
			return nil
		case pl.meDeclined:
			rd.st.Declined++
			return nil
		case pl.others == 0 || pl.attendees == 0:
			rd.st.Alone++
			return nil
		}
	}
	kind := ally.ChanMeeting
	if pl.others == 1 {
		kind = ally.ChanOneOnOne
	}
	if pl.me {
		rd.st.MeListed++
	}
	rd.st.Occurrences++
	return rd.emit(importer.Interaction{
		Source:     ally.SourceCalendar,
		ExternalID: "ical:" + ev.uid + "/" + key,
		Sequence:   ev.sequence,
		Kind:       kind,
		At:         at.UTC(),
		Subject:    ev.summary,
		Parties:    append([]importer.Party(nil), pl.parties...),
		Pos:        rd.pos(ev.line),
	})
}
