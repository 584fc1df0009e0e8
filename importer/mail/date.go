package mail

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// zones are the zone names found in real Date headers, in minutes east of
// UTC. RFC 5322 §4.3 defines UT, GMT and the US names; net/mail.ParseDate
// reads every one of them as +0000 ("EST" included), which puts a US
// message five to eight hours off, so they are mapped here. The European
// and Asian names are not in any RFC but common in old mail (MET in the
// Mail::Box test folder). Names that mean two things (IST, BST in some
// mailers) are left out on purpose: an unknown name reads as UTC, as RFC
// 5322 says for "-0000".
var zones = map[string]int{
	"UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "WET": 0,
	"EST": -5 * 60, "EDT": -4 * 60,
	"CST": -6 * 60, "CDT": -5 * 60,
	"MST": -7 * 60, "MDT": -6 * 60,
	"PST": -8 * 60, "PDT": -7 * 60,
	"AKST": -9 * 60, "AKDT": -8 * 60, "HST": -10 * 60,
	"WEST": 60, "CET": 60, "MET": 60, "MEZ": 60,
	"CEST": 2 * 60, "MEST": 2 * 60, "MESZ": 2 * 60, "EET": 2 * 60, "EEST": 3 * 60,
	"MSK": 3 * 60, "JST": 9 * 60, "KST": 9 * 60, "HKT": 8 * 60,
	"AEST": 10 * 60, "AEDT": 11 * 60, "NZST": 12 * 60, "NZDT": 13 * 60,
}

var months = map[string]time.Month{
	"jan": time.January, "feb": time.February, "mar": time.March, "apr": time.April,
	"may": time.May, "jun": time.June, "jul": time.July, "aug": time.August,
	"sep": time.September, "oct": time.October, "nov": time.November, "dec": time.December,
}

var weekdays = map[string]bool{"mon": true, "tue": true, "wed": true, "thu": true, "fri": true, "sat": true, "sun": true}

// maxDateLen bounds the Date value looked at: real ones are under 60 bytes
// with a comment, and a longer one is not a date.
const maxDateLen = 256

// ParseDate reads an RFC 5322 date as real mailers write it and returns it
// in UTC. Besides the standard "Mon, 2 Jan 2006 15:04:05 -0700" it reads:
// a missing weekday, a full weekday or month name, no seconds, two- and
// three-digit years (RFC 5322 §4.3: 00–49 is 2000–2049, 50–999 is 1900
// plus the year), obsolete zone names (EST, PDT, GMT, UT, ...: see zones),
// a comment such as "(PST)" anywhere, "+01:00" offsets, dashes between day,
// month and year ("9-Feb-2000"), the asctime order "Wed Feb  9 22:02:24
// 2000" and no zone at all (read as UTC). Military single-letter zones
// other than Z are read as UTC: RFC 822 gave them with the wrong sign and
// RFC 5322 §4.3 says to treat them as "-0000", since no reader can know
// which sign a sender meant.
func ParseDate(s string) (time.Time, error) {
	if len(s) > maxDateLen {
		return time.Time{}, fmt.Errorf("longer than %d bytes", maxDateLen)
	}
	var arr [16]string
	toks := dateTokens(arr[:0], s)
	if len(toks) == 0 {
		return time.Time{}, errors.New("empty")
	}
	var (
		day, year, hour, min, sec = -1, -1, -1, 0, 0
		month                     time.Month
		zone                      = 0
		haveZone                  bool
		yearDigits                int
	)
	for i, t := range toks {
		var low [16]byte
		lt := lowerInto(low[:], t)
		switch {
		case len(lt) >= 3 && months[string(lt[:3])] != 0 && month == 0 && isMonthWord(lt):
			month = months[string(lt[:3])]
		case i == 0 && isAlpha(t) && len(t) > 1:
			// A weekday, in English or not ("Mi," from a German mailer).
		case len(lt) >= 3 && weekdays[string(lt[:3])] && isAlpha(t):
			// The weekday says nothing the date does not; it is not checked
			// because mailers get it wrong.
		case strings.IndexByte(t, ':') >= 0 && hour < 0:
			h, m, sc, ok := clock(t)
			if !ok {
				return time.Time{}, fmt.Errorf("bad time %q", t)
			}
			hour, min, sec = h, m, sc
		case (t[0] == '+' || t[0] == '-') && len(t) > 1 && !haveZone:
			off, ok := numericZone(t[1:])
			if !ok {
				return time.Time{}, fmt.Errorf("bad zone %q", t)
			}
			if t[0] == '-' {
				off = -off
			}
			zone, haveZone = off, true
		case isDigits(t):
			n := atoi(t)
			switch {
			case day < 0 && len(t) <= 2:
				day = n
			case year < 0:
				year, yearDigits = n, len(t)
			default:
				return time.Time{}, fmt.Errorf("unexpected number %q", t)
			}
		case len(lt) > 4 && (string(lt[:3]) == "gmt" || string(lt[:3]) == "utc") && (t[3] == '+' || t[3] == '-') && !haveZone:
			// "GMT+0100", as some webmail writes it.
			off, ok := numericZone(t[4:])
			if !ok {
				return time.Time{}, fmt.Errorf("bad zone %q", t)
			}
			if t[3] == '-' {
				off = -off
			}
			zone, haveZone = off, true
		case isAlpha(t) && !haveZone:
			var up [16]byte
			if off, ok := zones[string(upperInto(up[:], t))]; ok {
				zone, haveZone = off, true
			} else if len(t) == 1 {
				// A military zone: see the doc comment.
				zone, haveZone = 0, true
			} else if i == len(toks)-1 || hour >= 0 {
				// An unknown zone name after the time reads as UTC.
				zone, haveZone = 0, true
			} else {
				return time.Time{}, fmt.Errorf("unexpected word %q", t)
			}
		case isAlpha(t):
			// A zone name after a numeric zone, as in "-0500 EST" without
			// the parentheses: the number wins.
		default:
			return time.Time{}, fmt.Errorf("unexpected %q", t)
		}
	}
	switch {
	case month == 0:
		return time.Time{}, errors.New("no month")
	case day < 1 || day > 31:
		return time.Time{}, errors.New("no day of the month")
	case year < 0:
		return time.Time{}, errors.New("no year")
	case hour < 0:
		return time.Time{}, errors.New("no time of day")
	}
	switch {
	case yearDigits <= 2 && year < 50:
		year += 2000
	case yearDigits <= 3:
		year += 1900
	}
	if year < 1000 || year > 9999 {
		return time.Time{}, fmt.Errorf("year %d out of range", year)
	}
	if day > daysIn(month, year) {
		return time.Time{}, fmt.Errorf("%s has no day %d", month, day)
	}
	// The wall time less the zone's offset is UTC (no time.FixedZone: it
	// would allocate a Location for every message).
	return time.Date(year, month, day, hour, min, sec, 0, time.UTC).Add(-time.Duration(zone) * time.Minute), nil
}

// dateTokens splits a date into words, numbers, times and zones, dropping
// comments (nested, bounded by the input), commas and the dashes of
// "9-Feb-2000" (but not the sign of a zone).
func dateTokens(toks []string, s string) []string {
	depth := 0
	start := -1
	flush := func(i int) {
		if start >= 0 {
			toks = append(toks, s[start:i])
			start = -1
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '(':
			flush(i)
			depth++
		case c == ')':
			if depth > 0 {
				depth--
			}
		case depth > 0:
		case c == ' ' || c == '\t' || c == ',' || c == '\r' || c == '\n':
			flush(i)
		case c == '-' && start >= 0 && i+1 < len(s) && isAlnum(s[i+1]) && !(s[start] == '+' || s[start] == '-'):
			// "9-Feb-2000": a dash inside a token separates it.
			flush(i)
		case c == '.' && start >= 0 && isDigits(s[start:i]) && i+1 < len(s) && s[i+1] == ' ':
			// "9. Feb 2000", as some German mailers write it.
			flush(i)
		default:
			if start < 0 {
				start = i
			}
		}
	}
	flush(len(s))
	return toks
}

// clock reads "15:04", "15:04:05" or "15:04:05.999" (the fraction is
// dropped). A leap second reads as :59.
func clock(t string) (h, m, s int, ok bool) {
	if i := strings.IndexByte(t, '.'); i >= 0 {
		if !isDigits(t[i+1:]) {
			return 0, 0, 0, false
		}
		t = t[:i]
	}
	var parts [3]string
	np := 0
	for {
		i := strings.IndexByte(t, ':')
		if np == 3 {
			return 0, 0, 0, false
		}
		if i < 0 {
			parts[np] = t
			np++
			break
		}
		parts[np] = t[:i]
		np++
		t = t[i+1:]
	}
	if np < 2 {
		return 0, 0, 0, false
	}
	for _, p := range parts[:np] {
		if len(p) == 0 || len(p) > 2 || !isDigits(p) {
			return 0, 0, 0, false
		}
	}
	h, m = atoi(parts[0]), atoi(parts[1])
	if np == 3 {
		s = atoi(parts[2])
	}
	if h > 23 || m > 59 || s > 60 {
		return 0, 0, 0, false
	}
	if s == 60 {
		s = 59
	}
	return h, m, s, true
}

// numericZone reads "0500", "05:00" or "05" into minutes.
func numericZone(t string) (int, bool) {
	t = strings.Replace(t, ":", "", 1)
	if !isDigits(t) {
		return 0, false
	}
	var h, m int
	switch len(t) {
	case 2:
		h = atoi(t)
	case 4:
		h, m = atoi(t[:2]), atoi(t[2:])
	default:
		return 0, false
	}
	if h > 23 || m > 59 {
		return 0, false
	}
	return h*60 + m, true
}

func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// lowerInto is t in lower case (ASCII), in buf when it fits; a longer t
// gives its first len(buf) bytes, which no caller takes for a word it knows.
func lowerInto(buf []byte, t string) []byte {
	n := copy(buf, t)
	for i := range buf[:n] {
		if 'A' <= buf[i] && buf[i] <= 'Z' {
			buf[i] += 'a' - 'A'
		}
	}
	return buf[:n]
}

// upperInto is t in upper case (ASCII), as lowerInto.
func upperInto(buf []byte, t string) []byte {
	n := copy(buf, t)
	for i := range buf[:n] {
		if 'a' <= buf[i] && buf[i] <= 'z' {
			buf[i] -= 'a' - 'A'
		}
	}
	return buf[:n]
}

// isMonthWord is "feb" or "february" (lower case), not "febxyz".
func isMonthWord(lt []byte) bool {
	if len(lt) == 3 {
		return true
	}
	full := [...]string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
	for _, f := range full {
		if string(lt) == f || (len(lt) == 4 && len(f) > 4 && string(lt) == f[:4]) { // "sept"
			return true
		}
	}
	return false
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isAlpha(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || (c|0x20) >= 'a' && (c|0x20) <= 'z'
}

// atoi reads a string of at most a few digits (callers check isDigits and
// the length), saturating so that a long run of digits cannot overflow.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
		if n > 1e6 {
			return 1e6
		}
	}
	return n
}
