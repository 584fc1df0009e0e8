package ical

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
)

// maxLine caps one unfolded content line. Real events stay far below it
// (a long DESCRIPTION is a few kB); an inline ATTACH of several MB is the
// only legitimate giant, and ally does not read attachments. Past the cap
// the rest of the line is discarded unread, so a 1 GB line costs no more
// than maxLine of memory.
const maxLine = 1 << 20

// errLongLine reports a content line over maxLine.
var errLongLine = errors.New("content line longer than 1 MiB")

// contentLine is one unfolded line: NAME;PARAM=V,V:VALUE.
type contentLine struct {
	no     int    // 1-based physical line where it starts
	name   string // upper case
	params []param
	value  string // raw: TEXT escapes are undone by the caller that knows the type
}

// param is one parameter; values are unquoted and RFC 6868-decoded.
type param struct {
	name   string // upper case
	values []string
}

// get returns the first value of the parameter name, or "".
func (l *contentLine) get(name string) string {
	for _, p := range l.params {
		if p.name == name && len(p.values) > 0 {
			return p.values[0]
		}
	}
	return ""
}

// lineReader unfolds content lines (RFC 5545 §3.1) from a stream. Lines end
// in LF or CRLF; a continuation line starts with a space or a tab.
type lineReader struct {
	br    *bufio.Reader
	no    int // physical lines consumed
	buf   []byte
	start bool // before the first line: a UTF-8 BOM is dropped there
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, 64<<10), start: true}
}

// next returns the next non-empty unfolded line. It returns io.EOF at the
// end, errLongLine (with the line's number) for a line over maxLine, and
// any read error as is. The returned bytes are valid until the next call.
func (lr *lineReader) next() (raw []byte, no int, err error) {
	for {
		lr.buf = lr.buf[:0]
		long := false
		no = lr.no + 1
		if err := lr.physical(&long); err != nil {
			return nil, no, err
		}
		if lr.start {
			lr.start = false
			lr.buf = bytes.TrimPrefix(lr.buf, []byte("\xef\xbb\xbf"))
		}
		for {
			b, _ := lr.br.Peek(3)
			// A blank line between a line and its continuation (seen in a
			// Mozilla export) is dropped, not taken as the line's end.
			skip := 0
			switch {
			case len(b) >= 2 && b[0] == '\n' && isFold(b[1]):
				skip = 1
			case len(b) >= 3 && b[0] == '\r' && b[1] == '\n' && isFold(b[2]):
				skip = 2
			}
			if len(b) == 0 || (skip == 0 && !isFold(b[0])) {
				break
			}
			if skip > 0 {
				lr.br.Discard(skip)
				lr.no++
			}
			lr.br.ReadByte() // the fold's leading white space is not content
			if err := lr.physical(&long); err != nil && err != io.EOF {
				return nil, no, err
			}
		}
		if long {
			return nil, no, errLongLine
		}
		if len(bytes.TrimSpace(lr.buf)) == 0 {
			continue // blank lines occur between components in hand-edited files
		}
		return lr.buf, no, nil
	}
}

// physical appends one physical line (without its line ending) to lr.buf,
// or discards it and sets *long when lr.buf would pass maxLine. It returns
// io.EOF only when nothing at all was left to read.
func (lr *lineReader) physical(long *bool) error {
	read := false
	for {
		chunk, err := lr.br.ReadSlice('\n')
		if len(chunk) > 0 {
			read = true
		}
		if !*long {
			if len(lr.buf)+len(chunk) > maxLine+2 {
				*long = true
				lr.buf = lr.buf[:0]
			} else {
				lr.buf = append(lr.buf, chunk...)
			}
		}
		switch {
		case err == nil:
			lr.no++
			lr.trimEOL()
			return nil
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF:
			if !read {
				return io.EOF
			}
			lr.no++
			lr.trimEOL()
			return nil
		default:
			return err
		}
	}
}

func isFold(c byte) bool { return c == ' ' || c == '\t' }

func (lr *lineReader) trimEOL() {
	b := lr.buf
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	lr.buf = b
}

// parseLine splits an unfolded line into name, parameters and value. The
// reason it returns on failure names what is wrong, for an *importer.Error.
// Only the lines of properties Read uses (used) get their parameters and
// value copied out; the others (DESCRIPTION, DTSTAMP, …) are only checked.
// The parameters are appended to scratch[:0], which the caller reuses
// from line to line: the values are copied out before the next line.
func parseLine(raw []byte, no int, scratch []param) (contentLine, string) {
	l := contentLine{no: no, params: scratch[:0]}
	i := 0
	for i < len(raw) && isNameByte(raw[i]) {
		i++
	}
	if i == 0 {
		return l, "content line does not start with a property name"
	}
	l.name = internName(raw[:i])
	keep := used[l.name]
	for i < len(raw) && raw[i] == ';' {
		i++
		j := i
		for j < len(raw) && isNameByte(raw[j]) {
			j++
		}
		if j == i || j >= len(raw) || raw[j] != '=' {
			return l, "parameter of " + l.name + " has no name=value"
		}
		p := param{name: strings.ToUpper(string(raw[i:j]))}
		i = j + 1
		for {
			var v []byte
			if i < len(raw) && raw[i] == '"' {
				end := bytes.IndexByte(raw[i+1:], '"')
				if end < 0 {
					return l, "parameter " + p.name + " of " + l.name + " has an unclosed quote"
				}
				v = raw[i+1 : i+1+end]
				i += end + 2
			} else {
				// Unquoted. Some writers escape ; : , with a backslash as
				// in TEXT (CN=Doe\, Jane): read the escaped byte as is.
				j := i
				esc := false
				for j < len(raw) && raw[j] != ';' && raw[j] != ':' && raw[j] != ',' && raw[j] != '"' {
					if raw[j] == '\\' && j+1 < len(raw) && (raw[j+1] == ';' || raw[j+1] == ':' || raw[j+1] == ',') {
						esc = true
						j++
					}
					j++
				}
				v = raw[i:j]
				if esc {
					v = unescapeParamBackslash(v)
				}
				i = j
			}
			if keep {
				p.values = append(p.values, unescapeParam(string(v)))
			}
			if i < len(raw) && raw[i] == ',' {
				i++
				continue
			}
			break
		}
		if keep {
			l.params = append(l.params, p)
		}
	}
	if i >= len(raw) || raw[i] != ':' {
		return l, l.name + " has no ':' before its value"
	}
	if keep {
		l.value = string(raw[i+1:])
	}
	return l, ""
}

// used are the properties whose parameters and value Read looks at.
var used = map[string]bool{
	"BEGIN": true, "END": true, "UID": true, "SUMMARY": true, "STATUS": true, "SEQUENCE": true,
	"DTSTART": true, "RECURRENCE-ID": true, "RRULE": true, "RDATE": true, "EXDATE": true,
	"ORGANIZER": true, "ATTENDEE": true, "METHOD": true, "TZID": true, "TZOFFSETFROM": true, "TZOFFSETTO": true,
}

// internName returns the upper-case name, without allocating for the
// names every calendar repeats.
func internName(b []byte) string {
	switch string(b) { // no allocation: the compiler compares in place
	case "BEGIN":
		return "BEGIN"
	case "END":
		return "END"
	case "UID":
		return "UID"
	case "DTSTART":
		return "DTSTART"
	case "DTEND":
		return "DTEND"
	case "DTSTAMP":
		return "DTSTAMP"
	case "SUMMARY":
		return "SUMMARY"
	case "DESCRIPTION":
		return "DESCRIPTION"
	case "ATTENDEE":
		return "ATTENDEE"
	case "ORGANIZER":
		return "ORGANIZER"
	case "SEQUENCE":
		return "SEQUENCE"
	case "RRULE":
		return "RRULE"
	case "LOCATION":
		return "LOCATION"
	case "STATUS":
		return "STATUS"
	}
	return strings.ToUpper(string(b))
}

func isNameByte(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-'
}

// unescapeParam undoes RFC 6868's caret escapes in a parameter value: ^' is a
// double quote, ^n a newline, ^^ a caret; any other caret stays as it is.
func unescapeParam(s string) string {
	if !strings.Contains(s, "^") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '^' && i+1 < len(s) {
			switch s[i+1] {
			case '\'':
				b.WriteByte('"')
				i++
				continue
			case 'n', 'N':
				b.WriteByte('\n')
				i++
				continue
			case '^':
				b.WriteByte('^')
				i++
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// unescapeText undoes RFC 5545 TEXT escapes (\\ \; \, \n \N).
func unescapeText(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n', 'N':
				b.WriteByte('\n')
			default: // \\ \; \, and, leniently, any other escaped byte
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// oneLine folds every run of white space (newlines included) into one
// space, so that a subject or a name prints on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// unescapeParamBackslash drops the backslash of \; \: \, in a parameter.
func unescapeParamBackslash(v []byte) []byte {
	out := make([]byte, 0, len(v))
	for i := 0; i < len(v); i++ {
		if v[i] == '\\' && i+1 < len(v) && (v[i+1] == ';' || v[i+1] == ':' || v[i+1] == ',') {
			i++
		}
		out = append(out, v[i])
	}
	return out
}
