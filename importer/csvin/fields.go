package csvin

import (
	"fmt"
	"strings"
	"unicode"
)

// field is what a column means to a reader.
type field int

const (
	fNone field = iota // the column is ignored
	// org chart
	fName
	fGivenName
	fFamilyName
	fEmail
	fPhone
	fTitle
	fDepartment
	fTeam
	fLocation
	fOrganisation
	fManager
	fManagerEmail
	fManagerID
	fManagerName
	fNotes
	// interaction log
	fFrom
	fTo
	fCC
	fAt
	fKind
	fChannel
	fSubject
	// both
	fID
	numFields
)

// fieldNames are the names a --map value uses, in the order error
// messages list them.
var fieldNames = [numFields]string{
	fNone:         "-",
	fName:         "name",
	fGivenName:    "given_name",
	fFamilyName:   "family_name",
	fEmail:        "email",
	fPhone:        "phone",
	fTitle:        "title",
	fDepartment:   "department",
	fTeam:         "team",
	fLocation:     "location",
	fOrganisation: "organisation",
	fManager:      "manager",
	fManagerEmail: "manager_email",
	fManagerID:    "manager_id",
	fManagerName:  "manager_name",
	fNotes:        "notes",
	fFrom:         "from",
	fTo:           "to",
	fCC:           "cc",
	fAt:           "at",
	fKind:         "kind",
	fChannel:      "channel",
	fSubject:      "subject",
	fID:           "id",
}

func (f field) String() string { return fieldNames[f] }

// orgFields and logFields are the fields each reader fills.
var (
	orgFields = []field{fName, fGivenName, fFamilyName, fEmail, fPhone, fTitle, fDepartment, fTeam, fLocation, fOrganisation, fManager, fManagerEmail, fManagerID, fManagerName, fID, fNotes}
	logFields = []field{fFrom, fTo, fCC, fAt, fKind, fChannel, fSubject, fID}
)

// multi fields may come from several columns: their values are joined in
// column order ("Work email" and "Home email" both give emails).
func (f field) multi() bool {
	switch f {
	case fEmail, fPhone, fTo, fCC:
		return true
	}
	return false
}

// Map maps a file's column names to fields: "Column Name" → "field". Column
// names are matched case-insensitively, trimmed, and with everything but
// letters and digits left out, so "Manager Email", "manager_email" and
// "MANAGER-EMAIL" are the same column. The field "-" ignores a column. A
// Map given in the options is consulted before the defaults, so it can
// rename a column the defaults would take, or switch it off; an entry
// that names no column of the file is an error (a typo would otherwise
// leave the column it meant ignored).
//
// Without a Map an org chart's columns are read by these names (and a
// column whose name is none of these is ignored):
//
//	name          name, full name, display name, employee name, person name
//	given_name    first name, given name, forename
//	family_name   last name, surname, family name
//	email         email, e-mail, email address, mail, work email
//	phone         phone, phone number, telephone, mobile, tel, work phone
//	title         title, job title, position
//	department    department, dept, division
//	team          team, team name
//	location      location, office, site, city
//	organisation  organisation, organization, org, company, employer
//	manager       manager, reports to, supervisor, line manager (an address when the value has an @, else an id or a name)
//	manager_email manager email, manager e-mail, reports to email, supervisor email
//	manager_id    manager id, reports to id, supervisor id, manager employee id
//	manager_name  manager name, reports to name, supervisor name, manager full name
//	id            id, employee id, employee number, person id, staff id, emp id
//	notes         notes, note, comments
//
// and an interaction log's by these:
//
//	from     from, sender, initiator, organizer, organiser, from email
//	to       to, recipients, recipient, attendees, participants, to email, with
//	cc       cc
//	at       at, date, datetime, date time, timestamp, when, start, start time
//	kind     kind, type
//	channel  channel
//	subject  subject, title, topic, summary
//	id       id, external id, event id, message id, uid
//
// "time" alone is not a synonym of "at": files with separate date and time
// columns exist, and taking "time" for the whole date would misread them.
type Map map[string]string

var orgDefaults = defaults(map[field][]string{
	fName:         {"name", "full name", "display name", "employee name", "person name"},
	fGivenName:    {"first name", "given name", "forename"},
	fFamilyName:   {"last name", "surname", "family name"},
	fEmail:        {"email", "e-mail", "email address", "mail", "work email"},
	fPhone:        {"phone", "phone number", "telephone", "mobile", "tel", "work phone"},
	fTitle:        {"title", "job title", "position"},
	fDepartment:   {"department", "dept", "division"},
	fTeam:         {"team", "team name"},
	fLocation:     {"location", "office", "site", "city"},
	fOrganisation: {"organisation", "organization", "org", "company", "employer"},
	fManager:      {"manager", "reports to", "supervisor", "line manager"},
	fManagerEmail: {"manager email", "manager e-mail", "reports to email", "supervisor email"},
	fManagerID:    {"manager id", "reports to id", "supervisor id", "manager employee id"},
	fManagerName:  {"manager name", "reports to name", "supervisor name", "manager full name"},
	fID:           {"id", "employee id", "employee number", "person id", "staff id", "emp id"},
	fNotes:        {"notes", "note", "comments"},
})

var logDefaults = defaults(map[field][]string{
	fFrom:    {"from", "sender", "initiator", "organizer", "organiser", "from email"},
	fTo:      {"to", "recipients", "recipient", "attendees", "participants", "to email", "with"},
	fCC:      {"cc"},
	fAt:      {"at", "date", "datetime", "date time", "timestamp", "when", "start", "start time"},
	fKind:    {"kind", "type"},
	fChannel: {"channel"},
	fSubject: {"subject", "title", "topic", "summary"},
	fID:      {"id", "external id", "event id", "message id", "uid"},
})

func defaults(m map[field][]string) map[string]field {
	out := map[string]field{}
	for f, names := range m {
		for _, n := range names {
			out[normName(n)] = f
		}
	}
	return out
}

// fieldByName finds a field by the name a --map value gives it (with the
// same folding as column names, and the American spelling of organisation).
var fieldByName = func() map[string]field {
	m := map[string]field{"-": fNone, "organization": fOrganisation}
	for f := fName; f < numFields; f++ {
		m[normName(fieldNames[f])] = f
	}
	return m
}()

// normName folds a column or field name: lower case, letters and digits
// only ("E-Mail Address" → "emailaddress"). A name of punctuation only
// stays as it is, trimmed and lower-cased, so that it can still be mapped.
func normName(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return s
	}
	return b.String()
}

// ParseMap parses --map values, each "Column Name=field" (split at the
// last "=", since a field name never holds one). An unknown field is an
// error that names it and lists the fields; so is a column mapped twice.
func ParseMap(specs []string) (Map, error) {
	m := Map{}
	seen := map[string]string{}
	for _, spec := range specs {
		i := strings.LastIndexByte(spec, '=')
		if i < 0 {
			return nil, fmt.Errorf("map %q: want \"Column Name=field\"", spec)
		}
		col, fname := strings.TrimSpace(spec[:i]), strings.TrimSpace(spec[i+1:])
		if col == "" {
			return nil, fmt.Errorf("map %q: the column name is empty", spec)
		}
		if _, ok := fieldByName[normName(fname)]; !ok || fname == "" {
			return nil, fmt.Errorf("map %q: unknown field %q; %s", spec, fname, fieldList())
		}
		k := normName(col)
		if prev, ok := seen[k]; ok {
			return nil, fmt.Errorf("map %q: column %q is already mapped by %q", spec, col, prev)
		}
		seen[k] = spec
		m[col] = fname
	}
	return m, nil
}

// fieldList lists the fields each reader knows, for error messages.
func fieldList() string {
	return "org chart fields are " + joinFields(orgFields) + "; interaction log fields are " + joinFields(logFields) + "; - ignores the column"
}

func joinFields(fs []field) string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.String()
	}
	return strings.Join(names, ", ")
}

// resolve returns the field a column means to a reader: the user's Map
// first, then the defaults. ok is false when the Map names a field the
// reader does not fill.
func (m Map) resolve(col string, defs map[string]field, allowed []field) (f field, mapped bool, err error) {
	k := normName(col)
	for mc, mf := range m {
		if normName(mc) != k {
			continue
		}
		f, ok := fieldByName[normName(mf)]
		if !ok {
			return fNone, true, fmt.Errorf("unknown field %q; %s", mf, fieldList())
		}
		if f != fNone && !hasField(allowed, f) {
			return fNone, true, fmt.Errorf("field %q is not one this file kind has; the fields are %s", mf, joinFields(allowed))
		}
		return f, true, nil
	}
	return defs[k], false, nil
}

func hasField(fs []field, f field) bool {
	for _, x := range fs {
		if x == f {
			return true
		}
	}
	return false
}
