package ical

import (
	"bufio"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/allyhq/ally/importer"
)

// dataDir holds the public test calendars (see its SOURCE.md); a user's
// clone does not have it, CI does.
const dataDir = "../../../shared/data/ics"

// refRow is one row of testdata/reference.tsv (see make_reference.py).
type refRow struct {
	path, uid, status string
	starts            []string
	parties           string // sorted lower-case addresses, ';'-separated
}

func readReference(t *testing.T) []refRow {
	t.Helper()
	f, err := os.Open("testdata/reference.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []refRow
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		c := strings.Split(sc.Text(), "\t")
		if len(c) != 6 {
			t.Fatalf("reference.tsv: bad row %q", sc.Text())
		}
		r := refRow{path: c[0], uid: c[1], status: c[2], parties: c[5]}
		if r.status == "ok" && c[4] != "" {
			for _, s := range strings.Split(c[4], ",") {
				if len(s) == len("2006-01-02") {
					s += "T00:00:00Z" // all-day: Read's At is midnight in Options.Zone (UTC here)
				}
				r.starts = append(r.starts, s)
			}
		}
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// refWindow is the window make_reference.py uses.
var refWindow = [2]time.Time{time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}

// readAll reads a data file with every occurrence kept (cancelled, alone
// and declined ones too: the reference counts what the rules produce) and
// groups the starts by UID ("-" for a UID Read had to make up).
func readAll(t *testing.T, path string) (map[string][]string, map[string]string, []*importer.Error, error) {
	t.Helper()
	f, err := os.Open(filepath.Join(dataDir, path))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var bad []*importer.Error
	got := map[string][]string{}
	who := map[string]map[string]bool{}
	opt := Options{From: refWindow[0], To: refWindow[1], all: true,
		Skip: func(e *importer.Error) error { bad = append(bad, e); return nil }}
	_, err = Read(f, path, opt, func(it importer.Interaction) error {
		id := strings.TrimPrefix(it.ExternalID, "ical:")
		uid := id[:strings.LastIndexByte(id, '/')]
		if strings.HasPrefix(uid, "sha256-") {
			uid = "-"
		}
		got[uid] = append(got[uid], it.At.Format(time.RFC3339))
		if who[uid] == nil {
			who[uid] = map[string]bool{}
		}
		for _, p := range it.Parties {
			if p.Email != "" {
				who[uid][strings.ToLower(p.Email)] = true
			}
		}
		return nil
	})
	for _, s := range got {
		sort.Strings(s)
	}
	parties := map[string]string{}
	for uid, set := range who {
		var list []string
		for a := range set {
			list = append(list, a)
		}
		sort.Strings(list)
		parties[uid] = strings.Join(list, ";")
	}
	return got, parties, bad, err
}

// refExcluded are the UID groups where Read and the reference differ on
// purpose or where the reference (icalendar 4.0.3 with
// recurring_ical_events 2.0.1, Debian 12) is wrong, each with the reason.
var refExcluded = map[string]string{
	// The reference does not strip a vendor prefix from a TZID and reads
	// the time as UTC; Read finds the IANA zone inside (America/New_York,
	// Europe/Berlin, …), which is what Evolution and Thunderbird mean.
	"evolution-data-server/event-7.ics event-7":                                                                   "TZID /freeassociation.sourceforge.net/America/New_York read as UTC by the reference",
	"python-icalendar/tests/calendars/issue_313_globally_unique_tzid.ics libical-evolution@issue-313":             "TZID /freeassociation.sourceforge.net/Europe/Berlin read as UTC by the reference",
	"python-icalendar/tests/calendars/issue_313_globally_unique_tzid.ics mozilla-lightning@issue-313":             "TZID /mozilla.org/20070129_1/America/New_York read as UTC by the reference",
	"python-icalendar/tests/calendars/issue_313_globally_unique_tzid.ics multipart-olson@issue-313":               "TZID /freeassociation.sourceforge.net/Tzfile/America/Argentina/Buenos_Aires read as UTC by the reference",
	"python-icalendar/tests/calendars/issue_466_convert_tzid_with_slash.ics 0cab49a0-1167-40f0-bfed-ecb4d117047d": "TZID /Europe/Stockholm read as UTC by the reference",
	// A TZID that no VTIMEZONE, IANA or Windows name defines: Read reads it
	// as floating (Options.Zone, UTC here) and counts Stats.UnknownZones;
	// the reference guesses +01:00 from the words "Central Europe".
	"python-icalendar/tests/calendars/issue_526_calendar_with_different_events.ics ical-jacadzaca-3": "undefined TZID Western/Central Europe",
	"python-icalendar/tests/calendars/issue_526_calendar_with_different_events.ics ical-jacadzaca-4": "undefined TZID Western/Central Europe",
	"python-icalendar/tests/calendars/issue_526_calendar_with_event_subset.ics 1":                    "undefined TZID Western/Central Europe",
	"python-icalendar/tests/calendars/issue_526_calendar_with_events.ics 1":                          "undefined TZID Western/Central Europe",
	"python-icalendar/tests/calendars/issue_526_calendar_with_events.ics 2":                          "undefined TZID Western/Central Europe",
	"python-icalendar/tests/calendars/issue_526_calendar_with_shuffeled_events.ics 1":                "undefined TZID Western/Central Europe",
	"python-icalendar/tests/calendars/issue_526_calendar_with_shuffeled_events.ics 2":                "undefined TZID Western/Central Europe",
	// Semantics differ on purpose: Read refuses a rule it cannot expand
	// (a bad record naming the RRULE line) rather than drop the rule and
	// keep DTSTART alone, as the reference does.
	"python-icalendar/tests/calendars/issue_1081_invalid_rrule_freq.ics test-123": "FREQ=INVALID_TYPE_CAUSES_ERROR: Read reports the RRULE, the reference keeps DTSTART only",
	"python-icalendar/tests/calendars/rfc_7529.ics 4.3.3":                         "RSCALE=CHINESE/ETHIOPIC/HEBREW: Read reports it unsupported, the reference expands it as Gregorian (wrong dates)",
	// The reference is wrong: dateutil refuses BYDAY=MO, TU, WE (spaces),
	// so it drops the rule and gives DTSTART alone; Read gives the 14
	// week-days to UNTIL=20150722T080000Z.
	"python-icalendar/tests/calendars/issue_165_missing_event.ics -": "BYDAY with spaces: the reference drops the rule",
}

// TestReference compares Read's occurrences (their starts, and the union
// of their parties' addresses), UID by UID, with those of
// python-icalendar + recurring_ical_events (testdata/reference.tsv).
func TestReference(t *testing.T) {
	if _, err := os.Stat(dataDir); err != nil {
		t.Skipf("real calendars not here (%v): a clone without /work/shared/data", err)
	}
	rows := readReference(t)
	byFile := map[string][]refRow{}
	var files []string
	for _, r := range rows {
		if byFile[r.path] == nil {
			files = append(files, r.path)
		}
		byFile[r.path] = append(byFile[r.path], r)
	}
	compared, occurrences, excluded, refErrors, withParties := 0, 0, 0, 0, 0
	for _, path := range files {
		got, parties, bad, err := readAll(t, path)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		for _, r := range byFile[path] {
			key := path + " " + r.uid
			if r.status != "ok" {
				refErrors++
				continue
			}
			if _, ok := refExcluded[key]; ok {
				excluded++
				continue
			}
			g := got[r.uid]
			if strings.Join(g, ",") != strings.Join(r.starts, ",") {
				t.Errorf("%s: uid %q: Read gives %d %v, the reference %d %v (bad records: %v)", path, r.uid, len(g), clipList(g), len(r.starts), clipList(r.starts), bad)
				continue
			}
			if parties[r.uid] != r.parties {
				t.Errorf("%s: uid %q: Read's parties are %q, the reference's %q", path, r.uid, parties[r.uid], r.parties)
				continue
			}
			if r.parties != "" {
				withParties++
			}
			compared++
			occurrences += len(g)
		}
	}
	t.Logf("%d files with events: %d UID groups agree with the reference (%d occurrences; %d with the same organizer and attendees), %d excluded, %d the reference cannot read", len(files), compared, occurrences, withParties, excluded, refErrors)
	if compared < 90 {
		t.Errorf("only %d UID groups compared: the reference or the data changed", compared)
	}
	for key := range refExcluded {
		if _, ok := byFile[key[:strings.IndexByte(key, ' ')]]; !ok {
			t.Errorf("excluded %q is not in the reference", key)
		}
	}
}

func clipList(s []string) []string {
	if len(s) > 6 {
		return append(s[:6:6], "…")
	}
	return s
}
