// Package ical reads iCalendar (RFC 5545) files as Me's meetings: each
// occurrence of a VEVENT inside a time window becomes an
// importer.Interaction of Me with the event's organizer and attendees.
//
// It reads whole calendars (Outlook, Google, Thunderbird, Evolution exports,
// METHOD:REQUEST invitations) and bare VEVENTs without a VCALENDAR, with LF
// or CRLF line ends, folded lines and a UTF-8 BOM. Recurring events are
// expanded with rrule-go inside Options.From…To: RRULE (COUNT counted from
// DTSTART, UNTIL as a DATE meaning the end of that day), RDATE (also as
// PERIODs), EXDATE (comma lists, several lines, VALUE=DATE against timed
// events), and RECURRENCE-ID overrides, which replace their instance under
// the same ExternalID wherever they move it. Times are read in their TZID:
// an IANA name (also inside a vendor prefix such as /mozilla.org/…/), a
// Windows name or display name (CLDR's table, windowszones.go), else the
// file's own VTIMEZONE; floating times and all-day dates in Options.Zone.
// Expansion runs on the wall clock, so a 09:00 weekly meeting stays 09:00
// across a DST change.
//
// It deliberately drops what is not a meeting of Me's, counting each in
// Stats: cancelled events and instances (STATUS:CANCELLED, METHOD:CANCEL),
// occurrences Me declined, and events with nobody but Me (no attendee, or
// only Me and rooms). From the parties it drops rooms and resources
// (CUTYPE=ROOM|RESOURCE), non-participants and attendees who declined: they
// are not people taking part. It reads no DESCRIPTION, LOCATION, ATTACH or
// VALARM (ally keeps who met whom and when, not what was said; attachments
// and URLs are never fetched), no VTODO, VJOURNAL or VFREEBUSY, and ignores
// RANGE=THISANDFUTURE (an override replaces its own instance only).
//
// It decodes with its own line reader rather than go-ical: go-ical reads a
// whole calendar into memory, gives no line numbers and refuses a bare
// VEVENT, and its recurrence and zone helpers lose data (Windows TZIDs,
// comma-separated EXDATEs, RDATE read from EXDATE, floating times as UTC).
// Events without recurrence are emitted as they are read; recurring events
// and overrides are held until the end (a compact copy: who, when, rules),
// since an override or a VTIMEZONE may come later. Memory is bounded per
// line (1 MiB), per event (10,000 parties, MaxInstances instances), per
// file (an instance budget of 100,000 plus 10 per byte) and by nesting
// depth. rrule-go loops for ever or for tens of seconds on some rules that
// never match (FREQ=HOURLY;INTERVAL=2;BYHOUR=1 from an even hour,
// FREQ=HOURLY;BYSETPOS=2); those are refused as bad records before it sees
// them (see reachable and searchable).
package ical
