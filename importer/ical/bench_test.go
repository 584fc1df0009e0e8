package ical

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/allyhq/ally/importer"
)

// benchCalendar is a generated export of n events over 2026, a tenth of
// them weekly meetings without end (expanded over the one-year window),
// each with an organizer, three attendees and a room, in Europe/Berlin.
func benchCalendar(n int) []byte {
	var b bytes.Buffer
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//ally//bench//EN\r\n")
	start := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		at := start.Add(time.Duration(i%3000) * 2 * time.Hour)
		fmt.Fprintf(&b, "BEGIN:VEVENT\r\nUID:bench-%d@example.org\r\nDTSTAMP:20260101T000000Z\r\nSEQUENCE:%d\r\n", i, i%3)
		fmt.Fprintf(&b, "DTSTART;TZID=Europe/Berlin:%s\r\nDTEND;TZID=Europe/Berlin:%s\r\n", at.Format("20060102T150405"), at.Add(time.Hour).Format("20060102T150405"))
		if i%10 == 0 {
			b.WriteString("RRULE:FREQ=WEEKLY;BYDAY=MO\r\n")
		}
		fmt.Fprintf(&b, "SUMMARY:Meeting %d about the plan\\, and more\r\nDESCRIPTION:A longer text that Read skips\\nover two lines\r\n", i)
		fmt.Fprintf(&b, "ORGANIZER;CN=Person %d:mailto:p%d@example.org\r\n", i%97, i%97)
		b.WriteString("ATTENDEE;CN=Me;PARTSTAT=ACCEPTED:mailto:me@example.org\r\n")
		for k := 1; k <= 3; k++ {
			fmt.Fprintf(&b, "ATTENDEE;CN=Person %d;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:p%d@example.org\r\n", (i+k)%97, (i+k)%97)
		}
		b.WriteString("ATTENDEE;CUTYPE=ROOM;CN=Room 1:mailto:room1@example.org\r\n")
		b.WriteString("BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\nEND:VEVENT\r\n")
	}
	b.WriteString("END:VCALENDAR\r\n")
	return b.Bytes()
}

// BenchmarkRead reads the 10,000-event calendar over 2026.
func BenchmarkRead(b *testing.B) {
	data := benchCalendar(10000)
	opt := Options{From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), Me: []string{"me@example.org"}}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var st Stats
	for i := 0; i < b.N; i++ {
		var err error
		st, err = Read(bytes.NewReader(data), "bench.ics", opt, func(importer.Interaction) error { return nil })
		if err != nil {
			b.Fatal(err)
		}
	}
	if st.Events != 10000 || st.Occurrences != 44830 {
		b.Fatalf("stats %+v", st)
	}
	sec := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(st.Events)/sec, "events/s")
	b.ReportMetric(float64(st.Occurrences)/sec, "occurrences/s")
	b.ReportMetric(float64(st.Occurrences), "occurrences/op")
}
