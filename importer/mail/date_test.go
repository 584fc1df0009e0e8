package mail

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	utc := func(y int, m time.Month, d, h, min, s int) time.Time {
		return time.Date(y, m, d, h, min, s, 0, time.UTC)
	}
	tests := []struct {
		name, in string
		want     time.Time
	}{
		{"RFC 5322", "Wed, 9 Feb 2000 15:44:05 -0500", utc(2000, 2, 9, 20, 44, 5)},
		{"EST is -0500, not +0000 as net/mail reads it", "Wed, 9 Feb 2000 15:44:05 EST", utc(2000, 2, 9, 20, 44, 5)},
		{"EDT", "Mon, 3 Jun 2024 09:00:00 EDT", utc(2024, 6, 3, 13, 0, 0)},
		{"PDT", "Mon, 16 Apr 2001 10:00:00 PDT", utc(2001, 4, 16, 17, 0, 0)},
		{"CST", "Mon, 16 Apr 2001 10:00:00 CST", utc(2001, 4, 16, 16, 0, 0)},
		{"MDT", "Mon, 16 Apr 2001 10:00:00 MDT", utc(2001, 4, 16, 16, 0, 0)},
		{"GMT", "Mon, 16 Apr 2001 10:00:00 GMT", utc(2001, 4, 16, 10, 0, 0)},
		{"UT", "Mon, 16 Apr 2001 10:00:00 UT", utc(2001, 4, 16, 10, 0, 0)},
		{"military Z is UTC", "Mon, 16 Apr 2001 10:00:00 Z", utc(2001, 4, 16, 10, 0, 0)},
		{"military A is -0000 (RFC 5322 §4.3)", "Mon, 16 Apr 2001 10:00:00 A", utc(2001, 4, 16, 10, 0, 0)},
		{"military Y is -0000 (RFC 5322 §4.3)", "Mon, 16 Apr 2001 10:00:00 y", utc(2001, 4, 16, 10, 0, 0)},
		{"no weekday", "9 Feb 2000 15:44:05 +0100", utc(2000, 2, 9, 14, 44, 5)},
		{"comment zone after numeric (Enron)", "Mon, 14 May 2001 16:39:00 -0700 (PDT)", utc(2001, 5, 14, 23, 39, 0)},
		{"comment only zone: the comment is not read", "Mon, 14 May 2001 16:39:00 (PDT)", utc(2001, 5, 14, 16, 39, 0)},
		{"two-digit year 00 is 2000", "Wed, 9 Feb 00 22:02:01 +0100", utc(2000, 2, 9, 21, 2, 1)},
		{"two-digit year 99 is 1999", "Fri, 31 Dec 99 23:59:59 +0000", utc(1999, 12, 31, 23, 59, 59)},
		{"two-digit year 49 is 2049", "1 Jan 49 00:00 +0000", utc(2049, 1, 1, 0, 0, 0)},
		{"three-digit year is 1900+", "1 Jan 101 00:00 +0000", utc(2001, 1, 1, 0, 0, 0)},
		{"no seconds", "4 Mar 25 08:15 EST", utc(2025, 3, 4, 13, 15, 0)},
		{"MET DST comment (Mail::Box)", "Sun, 8 Aug 1999 10:04:17 +0200 (MET DST)", utc(1999, 8, 8, 8, 4, 17)},
		{"MET name", "Wed Feb  9 22:02 MET 2000", utc(2000, 2, 9, 21, 2, 0)},
		{"asctime with seconds", "Sat Feb  5 09:19:10 2022", utc(2022, 2, 5, 9, 19, 10)},
		{"full names", "Wednesday, 9 February 2000 15:44:05 +0000", utc(2000, 2, 9, 15, 44, 5)},
		{"dashes", "9-Feb-2000 15:44:05 +0000", utc(2000, 2, 9, 15, 44, 5)},
		{"no zone is UTC", "Wed, 9 Feb 2000 15:44:05", utc(2000, 2, 9, 15, 44, 5)},
		{"offset with colon", "Wed, 9 Feb 2000 15:44:05 +05:30", utc(2000, 2, 9, 10, 14, 5)},
		{"GMT+0100", "Wed, 9 Feb 2000 15:44:05 GMT+0100", utc(2000, 2, 9, 14, 44, 5)},
		{"zone name after numeric without parentheses", "Wed, 9 Feb 2000 15:44:05 -0500 EST", utc(2000, 2, 9, 20, 44, 5)},
		{"lower case month, extra spaces", "  wed,  9  feb  2000  15:44:05  +0000 ", utc(2000, 2, 9, 15, 44, 5)},
		{"leap second", "31 Dec 2016 23:59:60 +0000", utc(2016, 12, 31, 23, 59, 59)},
		{"fraction of a second dropped", "31 Dec 2016 23:59:58.25 +0000", utc(2016, 12, 31, 23, 59, 58)},
		{"unknown zone name reads as UTC", "Wed, 9 Feb 2000 15:44:05 XYZT", utc(2000, 2, 9, 15, 44, 5)},
		{"German day with a dot", "Mi, 9. Feb 2000 15:44:05 +0100", utc(2000, 2, 9, 14, 44, 5)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDate(tt.in)
			if err != nil {
				t.Fatalf("ParseDate(%q): %v", tt.in, err)
			}
			if !got.Equal(tt.want) || got.Location() != time.UTC {
				t.Errorf("ParseDate(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseDateErrors(t *testing.T) {
	tests := []struct{ name, in string }{
		{"empty", ""},
		{"no year (notmuch text-calendar.eml)", "Thu Jan 01 00:00:10 +0000"},
		{"no month", "Wed, 9 2000 15:44:05 +0000"},
		{"no time", "Wed, 9 Feb 2000"},
		{"bad hour", "Wed, 9 Feb 2000 25:44:05 +0000"},
		{"bad minute", "Wed, 9 Feb 2000 15:61:05 +0000"},
		{"bad zone", "Wed, 9 Feb 2000 15:44:05 +2500"},
		{"no such day", "30 Feb 2000 15:44:05 +0000"},
		{"day zero", "0 Feb 2000 15:44:05 +0000"},
		{"garbage", "tomorrow at noon"},
		{"huge", string(make([]byte, 1000))},
		{"too many numbers", "9 Feb 2000 2001 15:44:05"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := ParseDate(tt.in); err == nil {
				t.Errorf("ParseDate(%q) = %v, want an error", tt.in, got)
			}
		})
	}
}
