package ical

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/allyhq/ally/importer"
)

// brokenFiles are the data files whose first bad record stops a read
// with a nil Skip: where (line) and which field. Most are python-icalendar's
// bare VEVENT fragments without DTSTART (no date: not a meeting); the rest
// are broken on purpose (bad dates, offsets, lines without ':', fuzzer
// finds, a DTSTART given twice) or use what Read refuses (RSCALE=CHINESE,
// RDATE;VALUE=TIME).
var brokenFiles = map[string]struct {
	line  int
	field string
}{
	"python-icalendar/fuzzing-corpus/america_new_york.ics":                              {58, "DTSTART"},
	"python-icalendar/fuzzing-corpus/pacific_fiji.ics":                                  {49, "DTSTART"},
	"python-icalendar/tests/calendars/america_new_york_forward_reference.ics":           {5, "DTSTART"},
	"python-icalendar/tests/calendars/pacific_fiji.ics":                                 {49, "DTSTART"},
	"python-icalendar/fuzzing-corpus/Index_Error.ics":                                   {1, ""},
	"python-icalendar/fuzzing-corpus/Type_Error.ics":                                    {1, ""},
	"python-icalendar/fuzzing-corpus/event_with_escaped_character1.ics":                 {1, "DTSTART"},
	"python-icalendar/fuzzing-corpus/event_with_escaped_character2.ics":                 {1, "DTSTART"},
	"python-icalendar/fuzzing-corpus/event_with_escaped_character3.ics":                 {1, "DTSTART"},
	"python-icalendar/fuzzing-corpus/event_with_escaped_character4.ics":                 {1, "DTSTART"},
	"python-icalendar/fuzzing-corpus/event_with_escaped_characters.ics":                 {1, "DTSTART"},
	"python-icalendar/fuzzing-corpus/event_with_rsvp.ics":                               {1, "DTSTART"},
	"python-icalendar/fuzzing-corpus/event_with_unicode_organizer.ics":                  {1, "DTSTART"},
	"python-icalendar/fuzzing-corpus/issue_100_transformed_doctests_into_unittests.ics": {1, "DTSTART"},
	"python-icalendar/fuzzing-corpus/issue_104_mark_events_broken.ics":                  {9, "X"},
	"python-icalendar/fuzzing-corpus/issue_464_invalid_rdate.ics":                       {6, "RDATE"},
	"python-icalendar/fuzzing-corpus/issue_64_event_with_ascii_summary.ics":             {1, "DTSTART"},
	"python-icalendar/fuzzing-corpus/issue_64_event_with_non_ascii_summary.ics":         {1, "DTSTART"},
	"python-icalendar/fuzzing-corpus/issue_82_expected_output.ics":                      {1, "DTSTART"},
	"python-icalendar/fuzzing-corpus/timezone_rdate.ics":                                {53, "SUMMARY"},
	"python-icalendar/fuzzing-corpus/timezone_same_start_and_offset.ics":                {23, "END"},
	"python-icalendar/tests/calendars/big_bad_calendar.ics":                             {2, "DTSTART"},
	"python-icalendar/tests/calendars/broken_dtstart.ics":                               {6, "DTSTART"},
	"python-icalendar/tests/calendars/broken_ical.ics":                                  {4, "DTSTART"},
	"python-icalendar/tests/calendars/created_calendar_with_unicode_fields.ics":         {20, "DTSTART"},
	"python-icalendar/tests/calendars/fuzz_testcase_0_char_in_component_name.ics":       {1, "END"},
	"python-icalendar/tests/calendars/fuzz_testcase_invalid_month.ics":                  {1, "END"},
	"python-icalendar/tests/calendars/fuzz_testcase_vtimezone_lone_cr.ics":              {1, "VTIMEZONE"},
	"python-icalendar/tests/calendars/issue_104_broken_calendar.ics":                    {13, "X"},
	"python-icalendar/tests/calendars/issue_1050_multiple_calendars.ics":                {4, "DTSTART"},
	"python-icalendar/tests/calendars/issue_1050_uid_in_description.ics":                {4, "DTSTART"},
	"python-icalendar/tests/calendars/issue_1081_invalid_rrule_freq.ics":                {7, "RRULE"},
	"python-icalendar/tests/calendars/issue_1081_invalid_start_and_end.ics":             {6, "DTSTART"},
	"python-icalendar/tests/calendars/issue_1081_invalid_start_valid_end.ics":           {6, "DTSTART"},
	"python-icalendar/tests/calendars/issue_1081_with_summary.ics":                      {4, "DTSTART"},
	"python-icalendar/tests/calendars/issue_1549_binary_attachment.ics":                 {4, "DTSTART"},
	"python-icalendar/tests/calendars/issue_1561_image_value.ics":                       {2, "DTSTART"},
	"python-icalendar/tests/calendars/issue_168_input.ics":                              {6, "X-APPLE-RADIUS"},
	"python-icalendar/tests/calendars/issue_322_expected_calendar.ics":                  {2, "DTSTART"},
	"python-icalendar/tests/calendars/issue_351_whitespace_in_property_and_params.ics":  {4, "REFRESH"},
	"python-icalendar/tests/calendars/issue_722_missing_timezones.ics":                  {15, "DTSTART"},
	"python-icalendar/tests/calendars/issue_798_related_to.ics":                         {2, "DTSTART"},
	"python-icalendar/tests/calendars/issue_82_expected_output.ics":                     {1, "DTSTART"},
	"python-icalendar/tests/calendars/multiple_timezones.ics":                           {23, "RDATE"},
	"python-icalendar/tests/calendars/parsing_error_in_UTC_offset.ics":                  {7, "TZOFFSETFROM"},
	"python-icalendar/tests/calendars/pr_480_summary_with_colon.ics":                    {2, "DTSTART"},
	"python-icalendar/tests/calendars/rfc_5545_RDATE_example.ics":                       {2, "DTSTART"},
	"python-icalendar/tests/calendars/rfc_6868.ics":                                     {3, "DTSTART"},
	"python-icalendar/tests/calendars/rfc_7256_multi_value_parameters.ics":              {2, "DTSTART"},
	"python-icalendar/tests/calendars/rfc_7529.ics":                                     {8, "RRULE"},
	"python-icalendar/tests/calendars/rfc_7986_conferences.ics":                         {2, "DTSTART"},
	"python-icalendar/tests/calendars/rfc_7986_image.ics":                               {2, "DTSTART"},
	"python-icalendar/tests/calendars/rfc_9253_gap.ics":                                 {4, "DTSTART"},
	"python-icalendar/tests/calendars/rfc_9253_related_to.ics":                          {4, "DTSTART"},
	"python-icalendar/tests/calendars/small_bad_calendar.ics":                           {2, "DTSTART"},
	"python-icalendar/tests/calendars/timezone_rdate.ics":                               {53, "SUMMARY"},
	"python-icalendar/tests/calendars/timezone_same_start_and_offset.ics":               {23, "END"},
	"python-icalendar/tests/events/event_with_escaped_character1.ics":                   {1, "DTSTART"},
	"python-icalendar/tests/events/event_with_escaped_character2.ics":                   {1, "DTSTART"},
	"python-icalendar/tests/events/event_with_escaped_character3.ics":                   {1, "DTSTART"},
	"python-icalendar/tests/events/event_with_escaped_character4.ics":                   {1, "DTSTART"},
	"python-icalendar/tests/events/event_with_escaped_characters.ics":                   {1, "DTSTART"},
	"python-icalendar/tests/events/event_with_rsvp.ics":                                 {1, "DTSTART"},
	"python-icalendar/tests/events/event_with_unicode_organizer.ics":                    {1, "DTSTART"},
	"python-icalendar/tests/events/issue_100_transformed_doctests_into_unittests.ics":   {1, "DTSTART"},
	"python-icalendar/tests/events/issue_104_mark_events_broken.ics":                    {9, "X"},
	"python-icalendar/tests/events/issue_355_url_escaping_empty_param.ics":              {1, "DTSTART"},
	"python-icalendar/tests/events/issue_464_invalid_rdate.ics":                         {6, "RDATE"},
	"python-icalendar/tests/events/issue_64_event_with_ascii_summary.ics":               {1, "DTSTART"},
	"python-icalendar/tests/events/issue_64_event_with_non_ascii_summary.ics":           {1, "DTSTART"},
	"python-icalendar/tests/events/issue_82_expected_output.ics":                        {1, "DTSTART"},
	"python-icalendar/tests/events/rfc_7265_request_status.ics":                         {1, "DTSTART"},
	"python-icalendar/tests/events/rfc_9074_example_proximity.ics":                      {1, "DTSTART"},
}

// TestRealFiles reads every data file with a nil Skip and with a Skip:
// no panic, no error but *importer.Error naming the file and a line, the
// broken files stop where brokenFiles says, and with a Skip every file
// reads to its end.
func TestRealFiles(t *testing.T) {
	if _, err := os.Stat(dataDir); err != nil {
		t.Skipf("real calendars not here (%v): a clone without /work/shared/data", err)
	}
	f, err := os.Open(filepath.Join(dataDir, "FILES.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	files, occurrences, bad := 0, 0, 0
	for sc.Scan() {
		path := strings.Split(sc.Text(), "\t")[0]
		files++
		read := func(skip importer.Skip) (Stats, error) {
			g, err := os.Open(filepath.Join(dataDir, path))
			if err != nil {
				t.Fatal(err)
			}
			defer g.Close()
			return Read(g, path, Options{From: refWindow[0], To: refWindow[1], Skip: skip}, func(importer.Interaction) error { return nil })
		}
		_, err := read(nil)
		want, broken := brokenFiles[path]
		var ie *importer.Error
		switch {
		case err == nil && broken:
			t.Errorf("%s: no error, want one at line %d (%s)", path, want.line, want.field)
		case err != nil && !errors.As(err, &ie):
			t.Errorf("%s: %v is not an *importer.Error", path, err)
		case err != nil && !broken:
			t.Errorf("%s: %v", path, err)
		case err != nil && (ie.Pos.File != path || ie.Pos.Line != want.line || ie.Field != want.field || ie.Reason == ""):
			t.Errorf("%s: %v, want line %d field %q", path, err, want.line, want.field)
		}
		var reported []*importer.Error
		st, err := read(func(e *importer.Error) error { reported = append(reported, e); return nil })
		if err != nil || st.Bad != len(reported) || (broken && len(reported) == 0) {
			t.Errorf("%s with Skip: %v, %d reported, %+v", path, err, len(reported), st)
		}
		for _, e := range reported {
			if e.Pos.File != path || e.Pos.Line < 1 {
				t.Errorf("%s: %v does not name the file and a line", path, e)
			}
		}
		occurrences += st.Occurrences
		bad += st.Bad
	}
	if files != 225 {
		t.Errorf("%d files in FILES.tsv, want 225", files)
	}
	t.Logf("%d files, %d occurrences emitted, %d bad records reported with a Skip", files, occurrences, bad)
}
