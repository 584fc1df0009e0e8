package ical

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/importer"
)

var (
	y2026  = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	y2027  = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	berlin = mustLoad("Europe/Berlin")
)

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// cal wraps VEVENT lines in a VCALENDAR, CRLF-terminated.
func cal(lines ...string) string {
	all := append([]string{"BEGIN:VCALENDAR", "VERSION:2.0"}, lines...)
	all = append(all, "END:VCALENDAR")
	return strings.Join(all, "\r\n") + "\r\n"
}

// meeting is a VEVENT with two attendees and the given lines.
func meeting(uid string, lines ...string) []string {
	out := []string{"BEGIN:VEVENT", "UID:" + uid,
		"ORGANIZER;CN=Olga:mailto:olga@x.org",
		"ATTENDEE;CN=Me:mailto:me@x.org",
		"ATTENDEE;CN=Bob:mailto:bob@x.org"}
	out = append(out, lines...)
	return append(out, "END:VEVENT")
}

// run reads s with opt (window 2026 when unset), collecting bad records.
func run(t *testing.T, s string, opt Options) ([]importer.Interaction, Stats, []*importer.Error, error) {
	t.Helper()
	if opt.From.IsZero() {
		opt.From, opt.To = y2026, y2027
	}
	if opt.Me == nil {
		opt.Me = []string{"me@x.org"}
	}
	var bad []*importer.Error
	if opt.Skip == nil {
		opt.Skip = func(e *importer.Error) error { bad = append(bad, e); return nil }
	}
	var got []importer.Interaction
	st, err := Read(strings.NewReader(s), "test.ics", opt, func(it importer.Interaction) error {
		got = append(got, it)
		return nil
	})
	return got, st, bad, err
}

// starts lists the occurrences' starts in loc, sorted (Read emits
// overrides after their master's instances).
func starts(its []importer.Interaction, loc *time.Location) string {
	var s []string
	for _, it := range its {
		s = append(s, it.At.In(loc).Format("2006-01-02T15:04"))
	}
	sort.Strings(s)
	return strings.Join(s, " ")
}

// TestRecurrence covers each expansion pitfall: the starts Read gives in
// the window, in the zone named.
func TestRecurrence(t *testing.T) {
	cases := []struct {
		name     string
		lines    []string
		from, to time.Time
		loc      *time.Location
		want     string
	}{
		{"DATE UNTIL with a timed DTSTART keeps the UNTIL day",
			[]string{"DTSTART;TZID=Europe/Berlin:20260402T090000", "RRULE:FREQ=DAILY;UNTIL=20260404"},
			y2026, y2027, berlin, "2026-04-02T09:00 2026-04-03T09:00 2026-04-04T09:00"},
		{"UTC UNTIL is an instant",
			[]string{"DTSTART;TZID=Europe/Berlin:20260402T090000", "RRULE:FREQ=DAILY;UNTIL=20260403T070000Z"},
			y2026, y2027, berlin, "2026-04-02T09:00 2026-04-03T09:00"},
		{"DTSTART;VALUE=DATE weekly (StrToRRuleSet refuses it)",
			[]string{"DTSTART;VALUE=DATE:20260105", "RRULE:FREQ=WEEKLY;COUNT=3"},
			y2026, y2027, time.UTC, "2026-01-05T00:00 2026-01-12T00:00 2026-01-19T00:00"},
		{"comma-separated EXDATE list",
			[]string{"DTSTART:20260105T100000Z", "RRULE:FREQ=DAILY;COUNT=5", "EXDATE:20260106T100000Z,20260108T100000Z"},
			y2026, y2027, time.UTC, "2026-01-05T10:00 2026-01-07T10:00 2026-01-09T10:00"},
		{"several EXDATE and RDATE lines",
			[]string{"DTSTART:20260105T100000Z", "RRULE:FREQ=DAILY;COUNT=4", "EXDATE:20260106T100000Z", "EXDATE:20260107T100000Z",
				"RDATE:20260120T100000Z", "RDATE:20260121T100000Z"},
			y2026, y2027, time.UTC, "2026-01-05T10:00 2026-01-08T10:00 2026-01-20T10:00 2026-01-21T10:00"},
		{"RDATE with PERIOD values",
			[]string{"DTSTART:20260105T100000Z", "RDATE;VALUE=PERIOD:20260110T080000Z/20260110T090000Z,20260111T080000Z/PT1H"},
			y2026, y2027, time.UTC, "2026-01-05T10:00 2026-01-10T08:00 2026-01-11T08:00"},
		{"EXDATE;VALUE=DATE against a timed event",
			[]string{"DTSTART;TZID=Europe/Berlin:20260105T233000", "RRULE:FREQ=DAILY;COUNT=3", "EXDATE;VALUE=DATE:20260106"},
			y2026, y2027, berlin, "2026-01-05T23:30 2026-01-07T23:30"},
		{"EXDATE written without zone means DTSTART's zone",
			[]string{"DTSTART;TZID=Europe/Berlin:20260105T090000", "RRULE:FREQ=DAILY;COUNT=3", "EXDATE:20260106T090000"},
			y2026, y2027, berlin, "2026-01-05T09:00 2026-01-07T09:00"},
		{"COUNT across the window start counts from DTSTART",
			[]string{"DTSTART:20251229T100000Z", "RRULE:FREQ=DAILY;COUNT=5"},
			y2026, y2027, time.UTC, "2026-01-01T10:00 2026-01-02T10:00"},
		{"09:00 Europe/Berlin weekly stays 09:00 across the March change",
			[]string{"DTSTART;TZID=Europe/Berlin:20260316T090000", "RRULE:FREQ=WEEKLY;COUNT=3"},
			y2026, y2027, berlin, "2026-03-16T09:00 2026-03-23T09:00 2026-03-30T09:00"},
		{"an infinite rule stops at To",
			[]string{"DTSTART:20200101T100000Z", "RRULE:FREQ=DAILY"},
			time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC), time.UTC,
			"2026-03-01T10:00 2026-03-02T10:00 2026-03-03T10:00"},
		{"an Outlook rule from 1601 runs past 1893 (rrule-go's default UNTIL)",
			[]string{"DTSTART:16010101T100000Z", "RRULE:FREQ=YEARLY"},
			y2026, y2027, time.UTC, "2026-01-01T10:00"},
		{"DTSTART out of step with the rule is still the first instance, and counts",
			[]string{"DTSTART:20260106T100000Z", "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=3"},
			y2026, y2027, time.UTC, "2026-01-06T10:00 2026-01-12T10:00 2026-01-19T10:00"},
		{"COUNT=1 is DTSTART alone",
			[]string{"DTSTART:20260106T100000Z", "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=1"},
			y2026, y2027, time.UTC, "2026-01-06T10:00"},
		{"BYDAY with spaces after commas",
			[]string{"DTSTART:20260105T100000Z", "RRULE:FREQ=WEEKLY;BYDAY=MO, WE;COUNT=3"},
			y2026, y2027, time.UTC, "2026-01-05T10:00 2026-01-07T10:00 2026-01-12T10:00"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, _, bad, err := run(t, cal(meeting("r", c.lines...)...), Options{From: c.from, To: c.to})
			if err != nil || len(bad) > 0 {
				t.Fatalf("err %v, bad %v", err, bad)
			}
			if s := starts(got, c.loc); s != c.want {
				t.Errorf("got  %s\nwant %s", s, c.want)
			}
		})
	}
}

// TestOverrides: a RECURRENCE-ID replaces its instance under the same
// ExternalID, wherever it moves it, and can cancel it.
func TestOverrides(t *testing.T) {
	master := meeting("weekly", "DTSTART;TZID=Europe/Berlin:20260105T090000", "RRULE:FREQ=WEEKLY;COUNT=4", "SUMMARY:Weekly", "SEQUENCE:1")
	cases := []struct {
		name     string
		override []string
		from, to time.Time
		want     string // starts in Berlin, then the override's ExternalID's key
		cancel   int
	}{
		{"moved within the window",
			meeting("weekly", "RECURRENCE-ID;TZID=Europe/Berlin:20260112T090000", "DTSTART;TZID=Europe/Berlin:20260113T140000", "SEQUENCE:2"),
			y2026, y2027, "2026-01-05T09:00 2026-01-13T14:00 2026-01-19T09:00 2026-01-26T09:00", 0},
		{"moved out of the window",
			meeting("weekly", "RECURRENCE-ID;TZID=Europe/Berlin:20260112T090000", "DTSTART;TZID=Europe/Berlin:20270113T140000"),
			y2026, y2027, "2026-01-05T09:00 2026-01-19T09:00 2026-01-26T09:00", 0},
		{"moved into the window",
			meeting("weekly", "RECURRENCE-ID;TZID=Europe/Berlin:20260112T090000", "DTSTART;TZID=Europe/Berlin:20260302T090000"),
			time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), y2027, "2026-03-02T09:00", 0},
		{"cancelled",
			meeting("weekly", "RECURRENCE-ID;TZID=Europe/Berlin:20260112T090000", "DTSTART;TZID=Europe/Berlin:20260112T090000", "STATUS:CANCELLED"),
			y2026, y2027, "2026-01-05T09:00 2026-01-19T09:00 2026-01-26T09:00", 1},
		{"RECURRENCE-ID in UTC matches the zoned instance",
			meeting("weekly", "RECURRENCE-ID:20260112T080000Z", "DTSTART;TZID=Europe/Berlin:20260112T100000"),
			y2026, y2027, "2026-01-05T09:00 2026-01-12T10:00 2026-01-19T09:00 2026-01-26T09:00", 0},
		{"RECURRENCE-ID as a DATE matches by local date",
			meeting("weekly", "RECURRENCE-ID;VALUE=DATE:20260112", "DTSTART;TZID=Europe/Berlin:20260112T100000"),
			y2026, y2027, "2026-01-05T09:00 2026-01-12T10:00 2026-01-19T09:00 2026-01-26T09:00", 0},
	}
	for _, c := range cases {
		for _, order := range []string{"master first", "override first"} {
			t.Run(c.name+"/"+order, func(t *testing.T) {
				lines := append(append([]string{}, master...), c.override...)
				if order == "override first" {
					lines = append(append([]string{}, c.override...), master...)
				}
				got, st, bad, err := run(t, cal(lines...), Options{From: c.from, To: c.to})
				if err != nil || len(bad) > 0 {
					t.Fatalf("err %v, bad %v", err, bad)
				}
				if s := starts(got, berlin); s != c.want {
					t.Errorf("got  %s\nwant %s", s, c.want)
				}
				if st.Cancelled != c.cancel {
					t.Errorf("Cancelled %d, want %d", st.Cancelled, c.cancel)
				}
				ids := map[string]bool{}
				for _, it := range got {
					if ids[it.ExternalID] {
						t.Errorf("ExternalID %s twice: the override did not replace its instance", it.ExternalID)
					}
					ids[it.ExternalID] = true
					if !strings.HasPrefix(it.ExternalID, "ical:weekly/") {
						t.Errorf("ExternalID %q", it.ExternalID)
					}
				}
				// The replaced instance's key is the original start in UTC.
				for _, it := range got {
					if it.At.In(berlin).Day() != 12 && it.At.In(berlin).Day() != 13 && it.At.In(berlin).Month() != time.March {
						continue
					}
					if it.ExternalID != "ical:weekly/2026-01-12T08:00:00Z" {
						t.Errorf("override's ExternalID %q, want the instance's ical:weekly/2026-01-12T08:00:00Z", it.ExternalID)
					}
				}
			})
		}
	}
}

// TestParties: who an occurrence names, in which role, and its Kind.
func TestParties(t *testing.T) {
	cases := []struct {
		name  string
		lines []string
		want  string // Role:Name<Email> ...
		kind  ally.Channel
		me    bool
	}{
		{"organizer first, attendee equal to organizer once",
			[]string{"ORGANIZER;CN=\"Doe, Jane\":mailto:Jane@X.org", "ATTENDEE;CN=Jane:MAILTO:jane@x.org", "ATTENDEE;CN=Bob:mailto:bob@x.org", "ATTENDEE:mailto:me@x.org"},
			"initiator:Doe, Jane<Jane@X.org> to:Bob<bob@x.org> to:<me@x.org>", ally.ChanMeeting, true},
		{"RFC 6868 escapes in CN",
			[]string{"ORGANIZER;CN=Bob ^'The Builder^' ^^ok^nline2:mailto:bob@x.org", "ATTENDEE:mailto:me@x.org"},
			"initiator:Bob \"The Builder\" ^ok line2<bob@x.org> to:<me@x.org>", ally.ChanOneOnOne, true},
		{"rooms, resources, non-participants and decliners are not parties",
			[]string{"ORGANIZER:mailto:me@x.org",
				"ATTENDEE;CUTYPE=ROOM;CN=Room 1:mailto:room1@x.org",
				"ATTENDEE;CUTYPE=RESOURCE:mailto:beamer@x.org",
				"ATTENDEE;ROLE=NON-PARTICIPANT:mailto:fyi@x.org",
				"ATTENDEE;PARTSTAT=DECLINED:mailto:no@x.org",
				"ATTENDEE;PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT:mailto:yes@x.org"},
			"initiator:<me@x.org> to:<yes@x.org>", ally.ChanOneOnOne, true},
		{"an attendee listed twice is one party",
			[]string{"ORGANIZER:mailto:me@x.org", "ATTENDEE;CN=Bob:mailto:bob@x.org", "ATTENDEE:mailto:BOB@x.org"},
			"initiator:<me@x.org> to:Bob<bob@x.org>", ally.ChanOneOnOne, true},
		{"Me not listed: two others make a meeting",
			[]string{"ATTENDEE:mailto:a@x.org", "ATTENDEE:mailto:b@x.org"},
			"to:<a@x.org> to:<b@x.org>", ally.ChanMeeting, false},
		{"escaped comma in an unquoted CN, address from EMAIL parameter",
			[]string{"ATTENDEE;CN=Doe\\, John;EMAIL=john@x.org:urn:uuid:1234", "ATTENDEE:mailto:me@x.org"},
			"to:Doe, John<john@x.org> to:<me@x.org>", ally.ChanOneOnOne, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ev := append([]string{"BEGIN:VEVENT", "UID:p", "DTSTART:20260301T100000Z"}, c.lines...)
			got, st, bad, err := run(t, cal(append(ev, "END:VEVENT")...), Options{})
			if err != nil || len(bad) > 0 || len(got) != 1 {
				t.Fatalf("got %d, err %v, bad %v", len(got), err, bad)
			}
			var s []string
			for _, p := range got[0].Parties {
				s = append(s, fmt.Sprintf("%s:%s<%s>", p.Role, p.Name, p.Email))
			}
			if strings.Join(s, " ") != c.want {
				t.Errorf("parties %s\nwant    %s", strings.Join(s, " "), c.want)
			}
			if got[0].Kind != c.kind {
				t.Errorf("kind %s, want %s", got[0].Kind, c.kind)
			}
			if (st.MeListed == 1) != c.me {
				t.Errorf("MeListed %d, want Me listed %v", st.MeListed, c.me)
			}
		})
	}
}

// TestDropped: what is not a meeting of Me's is counted, not emitted.
func TestDropped(t *testing.T) {
	cases := []struct {
		name  string
		lines []string
		want  Stats
	}{
		{"cancelled event", meeting("c", "DTSTART:20260301T100000Z", "STATUS:CANCELLED"),
			Stats{Events: 1, Cancelled: 1}},
		{"METHOD:CANCEL", append([]string{"METHOD:CANCEL"}, meeting("c", "DTSTART:20260301T100000Z")...),
			Stats{Events: 1, Cancelled: 1}},
		{"Me declined", []string{"BEGIN:VEVENT", "UID:d", "DTSTART:20260301T100000Z", "ORGANIZER:mailto:bob@x.org",
			"ATTENDEE;PARTSTAT=DECLINED:mailto:ME@x.org", "END:VEVENT"},
			Stats{Events: 1, Declined: 1}},
		{"Me declined one instance of three", append(meeting("w", "DTSTART:20260302T100000Z", "RRULE:FREQ=WEEKLY;COUNT=3"),
			"BEGIN:VEVENT", "UID:w", "RECURRENCE-ID:20260309T100000Z", "DTSTART:20260309T100000Z", "ORGANIZER:mailto:bob@x.org",
			"ATTENDEE;PARTSTAT=DECLINED:mailto:me@x.org", "END:VEVENT"),
			Stats{Events: 2, Occurrences: 2, Declined: 1, MeListed: 2}},
		{"no attendee", []string{"BEGIN:VEVENT", "UID:a", "DTSTART:20260301T100000Z", "ORGANIZER:mailto:bob@x.org", "END:VEVENT"},
			Stats{Events: 1, Alone: 1}},
		{"only Me and a room", []string{"BEGIN:VEVENT", "UID:a", "DTSTART:20260301T100000Z", "ORGANIZER:mailto:me@x.org",
			"ATTENDEE;CUTYPE=ROOM:mailto:room@x.org", "ATTENDEE:mailto:me@x.org", "END:VEVENT"},
			Stats{Events: 1, Alone: 1}},
		{"outside the window", meeting("o", "DTSTART:20250301T100000Z"), Stats{Events: 1, OutsideWindow: 1}},
		{"alarm attendee is not a party", []string{"BEGIN:VEVENT", "UID:a", "DTSTART:20260301T100000Z", "ORGANIZER:mailto:me@x.org",
			"BEGIN:VALARM", "ACTION:EMAIL", "ATTENDEE:mailto:bob@x.org", "END:VALARM", "END:VEVENT"},
			Stats{Events: 1, Alone: 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, st, bad, err := run(t, cal(c.lines...), Options{})
			if err != nil || len(bad) > 0 {
				t.Fatalf("err %v, bad %v", err, bad)
			}
			if st != c.want || len(got) != c.want.Occurrences {
				t.Errorf("stats %+v (%d emitted)\nwant  %+v", st, len(got), c.want)
			}
		})
	}
}

// TestZones: each way a time gets its zone.
func TestZones(t *testing.T) {
	vtz := []string{"BEGIN:VTIMEZONE", "TZID:Customized Time Zone",
		"BEGIN:STANDARD", "DTSTART:16010101T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10", "END:STANDARD",
		"BEGIN:DAYLIGHT", "DTSTART:16010101T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", "END:DAYLIGHT",
		"END:VTIMEZONE"}
	noFrom := []string{"BEGIN:VTIMEZONE", "TZID:Fixed", "BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETTO:+0530", "END:STANDARD", "END:VTIMEZONE"}
	broken := []string{"BEGIN:VTIMEZONE", "TZID:Broken", "BEGIN:STANDARD", "DTSTART:16010101T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100",
		"RRULE:FREQ=SOMETIMES", "END:STANDARD", "END:VTIMEZONE"}
	monthly := []string{"BEGIN:VTIMEZONE", "TZID:Monthly", "BEGIN:STANDARD", "DTSTART:16010101T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100",
		"RRULE:FREQ=MONTHLY", "END:STANDARD", "BEGIN:DAYLIGHT", "DTSTART:16010101T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200",
		"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", "END:DAYLIGHT", "END:VTIMEZONE"}
	cases := []struct {
		name    string
		before  []string
		dtstart string
		after   []string
		zone    *time.Location
		want    string // UTC
		unknown int
	}{
		{"IANA", nil, "DTSTART;TZID=Europe/Berlin:20260701T090000", nil, nil, "2026-07-01T07:00:00Z", 0},
		{"IANA inside a vendor prefix", nil, "DTSTART;TZID=/mozilla.org/20050126_1/Europe/Berlin:20260701T090000", nil, nil, "2026-07-01T07:00:00Z", 0},
		{"Windows id", nil, "DTSTART;TZID=W. Europe Standard Time:20260701T090000", nil, nil, "2026-07-01T07:00:00Z", 0},
		{"Windows display name, escaped commas", nil, `DTSTART;TZID="(UTC+01:00) Amsterdam\, Berlin\, Bern\, Rome\, Stockholm\, Vienna":20260701T090000`, nil, nil, "2026-07-01T07:00:00Z", 0},
		{"VTIMEZONE, summer", vtz, "DTSTART;TZID=Customized Time Zone:20260701T090000", nil, nil, "2026-07-01T07:00:00Z", 0},
		{"VTIMEZONE, winter", vtz, "DTSTART;TZID=Customized Time Zone:20261201T090000", nil, nil, "2026-12-01T08:00:00Z", 0},
		{"VTIMEZONE after the event (forward reference)", nil, "DTSTART;TZID=Customized Time Zone:20260701T090000", vtz, nil, "2026-07-01T07:00:00Z", 0},
		{"VTIMEZONE without TZOFFSETFROM", noFrom, "DTSTART;TZID=Fixed:20260701T090000", nil, nil, "2026-07-01T03:30:00Z", 0},
		{"VTIMEZONE whose rule cannot be read: fixed standard offset", broken, "DTSTART;TZID=Broken:20260701T090000", nil, nil, "2026-07-01T08:00:00Z", 0},
		{"VTIMEZONE with a rule that is not yearly: fixed standard offset", monthly, "DTSTART;TZID=Monthly:20260701T090000", nil, nil, "2026-07-01T08:00:00Z", 0},
		{"floating in Options.Zone", nil, "DTSTART:20260701T090000", nil, berlin, "2026-07-01T07:00:00Z", 0},
		{"floating, nil Zone is UTC", nil, "DTSTART:20260701T090000", nil, nil, "2026-07-01T09:00:00Z", 0},
		{"all-day in Options.Zone", nil, "DTSTART;VALUE=DATE:20260701", nil, berlin, "2026-06-30T22:00:00Z", 0},
		{"UTC", nil, "DTSTART;TZID=Europe/Berlin:20260701T090000Z", nil, berlin, "2026-07-01T09:00:00Z", 0},
		{"TZID defined nowhere: floating, counted", nil, "DTSTART;TZID=Atlantis:20260701T090000", nil, berlin, "2026-07-01T07:00:00Z", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lines := append(append(append([]string{}, c.before...), meeting("z", c.dtstart)...), c.after...)
			got, st, bad, err := run(t, cal(lines...), Options{Zone: c.zone})
			if err != nil || len(bad) > 0 || len(got) != 1 {
				t.Fatalf("got %d, err %v, bad %v", len(got), err, bad)
			}
			if s := got[0].At.Format(time.RFC3339); s != c.want {
				t.Errorf("At %s, want %s", s, c.want)
			}
			if st.UnknownZones != c.unknown {
				t.Errorf("UnknownZones %d, want %d", st.UnknownZones, c.unknown)
			}
		})
	}
}

// TestInteraction: the fields of one emitted occurrence.
func TestInteraction(t *testing.T) {
	s := "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:abc@x\nSEQUENCE:3\nSUMMARY:Plan\\, review\\; and\\n\n  more\nDTSTART;VALUE=DATE:20260301\n" +
		"ORGANIZER:mailto:bob@x.org\nATTENDEE:mailto:me@x.org\nEND:VEVENT\nEND:VCALENDAR\n"
	got, _, bad, err := run(t, s, Options{})
	if err != nil || len(bad) > 0 || len(got) != 1 {
		t.Fatalf("got %d, err %v, bad %v", len(got), err, bad)
	}
	it := got[0]
	want := importer.Interaction{Source: ally.SourceCalendar, ExternalID: "ical:abc@x/2026-03-01", Sequence: 3, Kind: ally.ChanOneOnOne,
		At: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Subject: "Plan, review; and more",
		Parties: []importer.Party{{Email: "bob@x.org", Role: ally.RoleInitiator}, {Email: "me@x.org", Role: ally.RoleTo}},
		Pos:     importer.Pos{File: "test.ics", Line: 2}}
	if fmt.Sprint(it) != fmt.Sprint(want) {
		t.Errorf("got  %+v\nwant %+v", it, want)
	}
}

// TestBad: bad records name file, line and field; a nil Skip stops at the
// first, a Skip sees each and the read goes on.
func TestBad(t *testing.T) {
	good := meeting("good", "DTSTART:20260301T100000Z")
	cases := []struct {
		name  string
		lines []string
		want  string // the first error
		emit  int    // occurrences with a Skip
	}{
		{"bad DTSTART", meeting("b", "DTSTART:20261301T100000Z"), "test.ics:8: DTSTART: ", 1},
		{"no DTSTART", meeting("b"), "test.ics:3: DTSTART: VEVENT has no DTSTART", 1},
		{"two DTSTARTs", meeting("b", "DTSTART:20260301T100000Z", "DTSTART:20260301T120000Z"), "test.ics:9: DTSTART: DTSTART is given twice", 1},
		{"bad RRULE", meeting("b", "DTSTART:20260301T100000Z", "RRULE:FREQ=SOMETIMES"), "test.ics:9: RRULE: ", 1},
		{"bad EXDATE", meeting("b", "DTSTART:20260301T100000Z", "RRULE:FREQ=DAILY", "EXDATE:2026"), "test.ics:10: EXDATE: ", 1},
		{"line without colon, event kept", meeting("b", "DTSTART:20260301T100000Z", "X-APPLE-RADIUS"), "test.ics:9: X-APPLE-RADIUS: ", 2},
		{"END without BEGIN", []string{"END:VTODO"}, "test.ics:3: END: END:VTODO without BEGIN:VTODO", 1},
		{"unclosed VEVENT", []string{"BEGIN:VEVENT", "UID:u", "DTSTART:20260301T100000Z"}, "test.ics:10: END: VEVENT is not closed", 1},
		{"FREQ=SECONDLY without end is capped", meeting("b", "DTSTART:20260101T000000Z", "RRULE:FREQ=SECONDLY"), "test.ics:3: RRULE: the rule gives more than", 1},
		{"unreachable BYHOUR would loop rrule-go for ever", meeting("b", "DTSTART:20260101T000000Z", "RRULE:FREQ=HOURLY;INTERVAL=2;BYHOUR=1"), "test.ics:3: RRULE: ", 1},
		{"unreachable BYSECOND", meeting("b", "DTSTART:20260101T000000Z", "RRULE:FREQ=SECONDLY;INTERVAL=2;BYSECOND=1"), "test.ics:3: RRULE: ", 1},
		{"BYSETPOS hour by hour would search to the year 9999", meeting("b", "DTSTART:19000101T000000Z", "RRULE:FREQ=HOURLY;BYSETPOS=2"), "test.ics:9: RRULE: ", 1},
		{"30 February", meeting("b", "DTSTART:19000101T000000Z", "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"), "test.ics:9: RRULE: BYMONTH and BYMONTHDAY name no day", 1},
		{"BY… out of bounds", meeting("b", "DTSTART:19000101T000000Z", "RRULE:FREQ=YEARLY;BYSETPOS=400;BYDAY=MO"), "test.ics:9: RRULE: ", 1},
		{"daily since 1800 passes MaxInstances", meeting("b", "DTSTART:18000101T000000Z", "RRULE:FREQ=DAILY"), "test.ics:3: RRULE: the rule gives more than", 1},
		{"year 1 (rrule-go's zero DTSTART is the clock)", meeting("b", "DTSTART:00010101T000000Z", "RRULE:FREQ=DAILY"), "test.ics:8: DTSTART: ", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := cal(append(append([]string{}, c.lines...), good...)...)
			if c.name == "END without BEGIN" || c.name == "unclosed VEVENT" {
				s = cal(append(append([]string{}, good...), c.lines...)...)
				s = strings.Replace(s, "END:VCALENDAR\r\n", "", 1)
				if c.name == "END without BEGIN" {
					s = strings.Join(append([]string{"BEGIN:VCALENDAR", "VERSION:2.0"}, append(c.lines, good...)...), "\r\n")
				}
			}
			start := time.Now()
			_, err := Read(strings.NewReader(s), "test.ics", Options{From: y2026, To: y2027}, func(importer.Interaction) error { return nil })
			if time.Since(start) > 30*time.Second { // generous: 2 shared cores
				t.Errorf("took %v", time.Since(start))
			}
			var ie *importer.Error
			if !errors.As(err, &ie) || !strings.HasPrefix(ie.Error(), c.want) {
				t.Fatalf("nil Skip: err %v, want *importer.Error %q…", err, c.want)
			}
			got, st, bad, err := run(t, s, Options{})
			if err != nil || len(bad) == 0 || bad[0].Error() != ie.Error() || st.Bad != len(bad) {
				t.Errorf("Skip: err %v, bad %v (Bad %d), want first %q", err, bad, st.Bad, ie)
			}
			if len(got) != c.emit {
				t.Errorf("Skip: %d emitted, want %d", len(got), c.emit)
			}
		})
	}
}

// TestLongLine: a line over the cap is an error at its line, read in
// bounded memory, and the read goes on after it.
func TestLongLine(t *testing.T) {
	head := cal(meeting("a", "DTSTART:20260301T100000Z")...)
	head = strings.Replace(head, "END:VCALENDAR\r\n", "", 1)
	tail := "\r\n" + strings.Join(meeting("b", "DTSTART:20260302T100000Z"), "\r\n") + "\r\nEND:VCALENDAR\r\n"
	r := io.MultiReader(strings.NewReader(head+"X-JUNK:"), &repeat{b: 'x', n: 64 << 20}, strings.NewReader(tail))
	var bad []*importer.Error
	var got int
	st, err := Read(r, "big.ics", Options{From: y2026, To: y2027, Skip: func(e *importer.Error) error { bad = append(bad, e); return nil }},
		func(importer.Interaction) error { got++; return nil })
	if err != nil || len(bad) != 1 || bad[0].Pos.Line != 10 || !strings.Contains(bad[0].Reason, "longer than") {
		t.Fatalf("err %v, bad %v", err, bad)
	}
	if got != 2 || st.Events != 2 {
		t.Errorf("%d emitted, %+v; want both events", got, st)
	}
}

// TestOptions: a window and emit are required.
func TestOptions(t *testing.T) {
	for _, opt := range []Options{{}, {From: y2027, To: y2026}, {From: y2026}} {
		if _, err := Read(strings.NewReader(""), "x", opt, func(importer.Interaction) error { return nil }); err == nil {
			t.Errorf("%+v: no error", opt)
		}
	}
	if _, err := Read(strings.NewReader(""), "x", Options{From: y2026, To: y2027}, nil); err == nil {
		t.Errorf("nil emit: no error")
	}
}

// TestEmitError: emit's error stops the read and is returned as is.
func TestEmitError(t *testing.T) {
	stop := errors.New("stop")
	s := cal(append(meeting("a", "DTSTART:20260301T100000Z"), meeting("b", "DTSTART:20260302T100000Z")...)...)
	n := 0
	_, err := Read(strings.NewReader(s), "x", Options{From: y2026, To: y2027}, func(importer.Interaction) error { n++; return stop })
	if err != stop || n != 1 {
		t.Errorf("err %v after %d emits", err, n)
	}
}

// TestBudget: many capped rules in a small file cost the file's budget,
// not MaxInstances times their number.
func TestBudget(t *testing.T) {
	var lines []string
	for i := 0; i < 20; i++ {
		lines = append(lines, meeting(fmt.Sprint("s", i), "DTSTART:20260101T000000Z", "RRULE:FREQ=SECONDLY;COUNT=20000")...)
	}
	start := time.Now()
	_, st, bad, err := run(t, cal(lines...), Options{})
	if err != nil || st.Capped == 0 || len(bad) != st.Capped {
		t.Fatalf("err %v, %+v, %d bad", err, st, len(bad))
	}
	if !strings.Contains(bad[0].Reason, "in all") {
		t.Errorf("first bad %v, want the file's budget", bad[0])
	}
	if d := time.Since(start); d > 60*time.Second { // generous: 2 shared cores
		t.Errorf("took %v", d)
	}
	t.Logf("%d of 20 capped, in %v", st.Capped, time.Since(start))
}

// lineByLine serves one line per Read and counts the calls.
type lineByLine struct {
	lines []string
	calls int
}

func (r *lineByLine) Read(p []byte) (int, error) {
	if len(r.lines) == 0 {
		return 0, io.EOF
	}
	r.calls++
	n := copy(p, r.lines[0])
	r.lines[0] = r.lines[0][n:]
	if r.lines[0] == "" {
		r.lines = r.lines[1:]
	}
	return n, nil
}

// TestStreams: an event without recurrence is emitted as soon as it is
// read, long before the end of the stream.
func TestStreams(t *testing.T) {
	lines := []string{"BEGIN:VCALENDAR"}
	lines = append(lines, meeting("first", "DTSTART:20260301T100000Z")...)
	for i := 0; i < 100; i++ {
		lines = append(lines, meeting(fmt.Sprint("later", i), "DTSTART:20260302T100000Z")...)
	}
	lines = append(lines, "END:VCALENDAR")
	r := &lineByLine{}
	for _, l := range lines {
		r.lines = append(r.lines, l+"\r\n")
	}
	total := len(r.lines)
	firstAt := -1
	_, err := Read(r, "x", Options{From: y2026, To: y2027}, func(it importer.Interaction) error {
		if firstAt < 0 {
			firstAt = r.calls // the 8 lines of the first event, and a peek
		}
		return nil
	})
	if err != nil || firstAt < 0 || firstAt > 12 {
		t.Errorf("first emit after %d of %d reads (err %v): not streamed", firstAt, total, err)
	}
}

// TestSkipStops: a Skip that returns an error stops the read with it.
func TestSkipStops(t *testing.T) {
	stop := errors.New("too many")
	s := cal(append(meeting("a", "DTSTART:bad"), meeting("b", "DTSTART:20260302T100000Z")...)...)
	n := 0
	_, err := Read(strings.NewReader(s), "x", Options{From: y2026, To: y2027, Skip: func(*importer.Error) error { return stop }},
		func(importer.Interaction) error { n++; return nil })
	if err != stop || n != 0 {
		t.Errorf("err %v, %d emitted", err, n)
	}
}
