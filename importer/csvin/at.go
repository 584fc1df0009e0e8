package csvin

import (
	"strings"
	"time"

	"github.com/allyhq/ally"
)

// atForms lists what parseAt accepts, for error messages.
const atForms = "RFC 3339 (2024-03-01T09:30:00Z, 2024-03-01T09:30:00+01:00), " +
	"2024-03-01, 2024-03-01 09:30, 2024-03-01 09:30:15, 2024-03-01T09:30 (in the zone the import is given, UTC by default), " +
	"Unix seconds (9 or 10 digits) and Unix milliseconds (12 or 13 digits)"

// parseAt reads a date as an interaction log gives it:
//
//   - RFC 3339, with "T" or a space between date and time, any fraction of
//     a second, "Z" or an offset: the offset is kept;
//   - YYYY-MM-DD, YYYY-MM-DD HH:MM, YYYY-MM-DD HH:MM:SS (or "T" for the
//     space), with or without a fraction of a second: a wall-clock time in
//     zone (midnight for a date alone; a time a daylight-saving change
//     skips or repeats is read as time.Date reads it);
//   - Unix time, all digits: 9 or 10 digits are seconds (1973-03-03 to
//     2286-11-20, which covers every date ally accepts from 1973 on),
//     12 or 13 digits milliseconds (as JavaScript writes them). Other
//     lengths are refused rather than guessed: 8 digits might be 20240301,
//     and 11 or 14 digits are neither seconds nor milliseconds of a date
//     in ally's range.
//
// Day-first and month-first forms (01/03/2024) are refused: which one a
// file means cannot be told from a row.
func parseAt(s string, zone *time.Location) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	if allDigits(s) {
		n := int64(0)
		for i := 0; i < len(s); i++ {
			n = n*10 + int64(s[i]-'0')
		}
		switch len(s) {
		case 9, 10:
			return time.Unix(n, 0).UTC(), true
		case 12, 13:
			return time.UnixMilli(n).UTC(), true
		}
		return time.Time{}, false
	}
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	y, ok1 := digits(s[0:4])
	mo, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return time.Time{}, false
	}
	if len(s) == 10 {
		return date(y, mo, d, 0, 0, 0, zone)
	}
	if s[10] != ' ' && s[10] != 'T' {
		return time.Time{}, false
	}
	// The fast paths: HH:MM and HH:MM:SS in zone.
	if len(s) == 16 || len(s) == 19 && s[16] == ':' {
		h, ok1 := digits(s[11:13])
		mi, ok2 := digits(s[14:16])
		sec, ok3 := 0, true
		if len(s) == 19 {
			sec, ok3 = digits(s[17:19])
		}
		if s[13] != ':' || !ok1 || !ok2 || !ok3 {
			return time.Time{}, false
		}
		return date(y, mo, d, h, mi, sec, zone)
	}
	// RFC 3339 in UTC, as exports write it: 2024-03-01T09:30:00Z.
	if len(s) == 20 && s[13] == ':' && s[16] == ':' && s[19] == 'Z' {
		h, ok1 := digits(s[11:13])
		mi, ok2 := digits(s[14:16])
		sec, ok3 := digits(s[17:19])
		if ok1 && ok2 && ok3 {
			return date(y, mo, d, h, mi, sec, time.UTC)
		}
		return time.Time{}, false
	}
	iso := s
	if s[10] == ' ' {
		iso = s[:10] + "T" + s[11:]
	}
	if t, err := time.Parse(time.RFC3339Nano, iso); err == nil {
		return t, true
	}
	if strings.IndexAny(iso[10:], "Z+-") < 0 {
		if t, err := time.ParseInLocation("2006-01-02T15:04:05.999999999", iso, zone); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// date is time.Date that refuses what it would normalise (February 30,
// hour 24).
func date(y, mo, d, h, mi, sec int, zone *time.Location) (time.Time, bool) {
	if mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, 0, zone)
	if t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}

func digits(s string) (int, bool) {
	if !allDigits(s) {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// kinds maps what a log may call a kind (folded as column names are: lower
// case, letters and digits only) to ally's channel.
var kinds = map[string]ally.Channel{
	"oneonone": ally.ChanOneOnOne, "11": ally.ChanOneOnOne, "1on1": ally.ChanOneOnOne, "oneone": ally.ChanOneOnOne,
	"meeting": ally.ChanMeeting, "meet": ally.ChanMeeting, "groupmeeting": ally.ChanMeeting,
	"partnershipmeeting": ally.ChanPartnership, "partnership": ally.ChanPartnership,
	"email": ally.ChanEmail, "mail": ally.ChanEmail, "emails": ally.ChanEmail,
	"call": ally.ChanCall, "phone": ally.ChanCall, "phonecall": ally.ChanCall, "videocall": ally.ChanCall, "voicecall": ally.ChanCall, "telephone": ally.ChanCall,
	"chat": ally.ChanChat, "im": ally.ChanChat, "instantmessage": ally.ChanChat, "sms": ally.ChanChat, "textmessage": ally.ChanChat,
	"event": ally.ChanEvent, "conference": ally.ChanEvent, "meetup": ally.ChanEvent,
}

// parseKind reads a kind: one of ally's channels, or one of these
// synonyms, with case, spaces and punctuation ignored:
//
//	one-on-one           1:1, 1-1, 1on1, one on one
//	meeting              meet, group meeting
//	partnership-meeting  partnership
//	email                mail, e-mail, emails
//	call                 phone, phone call, video call, voice call, telephone
//	chat                 im, instant message, sms, text message
//	event                conference, meetup
func parseKind(s string) (ally.Channel, bool) {
	switch c := ally.Channel(s); c {
	case ally.ChanOneOnOne, ally.ChanMeeting, ally.ChanPartnership, ally.ChanEmail, ally.ChanCall, ally.ChanChat, ally.ChanEvent:
		return c, true
	}
	k, ok := kinds[normName(s)]
	return k, ok
}

func kindList() string {
	names := make([]string, len(ally.Channels))
	for i, c := range ally.Channels {
		names[i] = string(c)
	}
	return strings.Join(names, ", ")
}
