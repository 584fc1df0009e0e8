package ally

import (
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// Which characters a text field may hold (see CheckText): a one-line
// field is printed in tables and lists, a multi-line one is prose.
const (
	oneLine   = false
	manyLines = true
)

// requireText checks that a required text field is present, not too long
// and holds only the characters its kind allows.
func requireText(field, s string, max int, multiline bool) error {
	if strings.TrimSpace(s) == "" {
		return Errorf(EINVALID, "%s is required", field)
	}
	return limitText(field, s, max, multiline)
}

// limitText checks an optional text field's characters and its length in
// characters.
func limitText(field, s string, max int, multiline bool) error {
	if err := CheckText(field, s, multiline); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(s); n > max {
		return Errorf(EINVALID, "%s is %d characters long; the limit is %d", field, n, max)
	}
	return nil
}

// ValidEmail reports whether s is a bare, well-formed email address
// ("ana@example.com", not "Ana <ana@example.com>").
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	return at > 0 && at < len(s)-1 && !strings.ContainsAny(s, " \t")
}

// NormalizeEmail lower-cases an email address so that lookups and the
// uniqueness rule do not depend on how a user typed it.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Dates outside this range are refused: they are typing mistakes, and they
// would make decay and cadence arithmetic meaningless.
var (
	minDate = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	maxDate = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
)

// CheckDate reports an EINVALID error naming field when t is zero or
// outside the range ally accepts (1900 to 2199), for a face that computes
// a date itself ("+3d").
func CheckDate(field string, t time.Time) error { return checkDate(field, t) }

// checkDate reports an error when t is zero or outside the sane range.
func checkDate(field string, t time.Time) error {
	if t.IsZero() {
		return Errorf(EINVALID, "%s is required", field)
	}
	if t.Before(minDate) || !t.Before(maxDate) {
		return Errorf(EINVALID, "%s %s is out of range (1900 to 2199)", field, t.Format("2006-01-02"))
	}
	return nil
}

// checkRating reports an error unless v is in [lo, hi].
func checkRating(field string, v, lo, hi int) error {
	if v < lo || v > hi {
		return Errorf(EINVALID, "%s %d is out of range (%d to %d)", field, v, lo, hi)
	}
	return nil
}

// ParseDate parses a date as YYYY-MM-DD (midnight UTC) or RFC 3339. The field
// names the input in the error.
func ParseDate(field, s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, checkDate(field, t)
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), checkDate(field, t)
	}
	if t, err := time.Parse("2006-01-02T15:04", s); err == nil {
		return t, checkDate(field, t)
	}
	return time.Time{}, Errorf(EINVALID, "%s %q is not a date (want YYYY-MM-DD or RFC 3339)", field, s)
}

// enum is a closed set of string values with a name for errors.
type enum struct {
	name   string
	values []string
}

func (e enum) check(v string) error {
	for _, x := range e.values {
		if v == x {
			return nil
		}
	}
	return Errorf(EINVALID, "%s %q is not one of %s", e.name, v, strings.Join(e.values, ", "))
}

func (e enum) String() string { return fmt.Sprintf("%s (%s)", e.name, strings.Join(e.values, "|")) }

// unixLines turns Windows line ends into plain line feeds, so that notes
// pasted from a CRLF file are not refused for their carriage returns.
func unixLines(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }
