package vcard

import (
	"bufio"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/allyhq/ally/importer"
)

// Write writes people as vCard 4.0 (RFC 6350), one card each, with CRLF
// line endings, lines folded at 75 octets (never inside a UTF-8
// sequence) and text values escaped. Read gives the same people back:
//
//   - ExternalID "vcard:X" is written as UID:X; any other id but a content
//     hash is written whole as the UID, so it survives a round trip as
//     "vcard:<id>"; a "vcard-sha256:" id is not written, since Read
//     computes it again from the same content.
//   - Name is FN; N is derived from it (last word as the family name),
//     for address books that sort by N. Read prefers FN.
//   - Organisation, Department and Team are the units of ORG.
//   - Location is the locality of a work ADR.
//   - Notes is NOTE, written whenever it is set (Read keeps it only when
//     asked).
//
// Pos and the manager fields are not written: a vCard has no place for them.
func Write(w io.Writer, people []importer.Person) error {
	bw := bufio.NewWriter(w)
	for i := range people {
		writeCard(bw, &people[i])
	}
	return bw.Flush() // bufio keeps the first write error
}

func writeCard(w *bufio.Writer, p *importer.Person) {
	line := func(s string) { writeFolded(w, s) }
	line("BEGIN:VCARD")
	line("VERSION:4.0")
	line("PRODID:-//ally//vcard//EN")
	switch id := p.ExternalID; {
	case strings.HasPrefix(id, "vcard-sha256:"), id == "":
	case strings.HasPrefix(id, "vcard:"):
		if uid := id[len("vcard:"):]; uid != "" {
			line("UID:" + escape(uid))
		}
	default:
		line("UID:" + escape(id))
	}
	line("FN:" + escape(p.Name))
	if words := strings.Fields(p.Name); len(words) > 0 {
		family := words[len(words)-1]
		given := strings.Join(words[:len(words)-1], " ")
		line("N:" + escape(family) + ";" + escape(given) + ";;;")
	}
	for _, e := range p.Emails {
		if e != "" {
			line("EMAIL:" + escape(e))
		}
	}
	for _, t := range p.Phones {
		switch {
		case t == "":
		case isTelURI(t):
			line("TEL;VALUE=uri:tel:" + t)
		default:
			line("TEL;VALUE=text:" + escape(t))
		}
	}
	units := []string{p.Organisation, p.Department, p.Team}
	for len(units) > 0 && units[len(units)-1] == "" {
		units = units[:len(units)-1]
	}
	if len(units) > 0 {
		for i, u := range units {
			units[i] = escape(u)
		}
		line("ORG:" + strings.Join(units, ";"))
	}
	if p.Title != "" {
		line("TITLE:" + escape(p.Title))
	}
	if p.Location != "" {
		line("ADR;TYPE=work:;;;" + escape(p.Location) + ";;;")
	}
	if p.Notes != "" {
		line("NOTE:" + escape(p.Notes))
	}
	line("END:VCARD")
}

// isTelURI reports whether t can be written as a tel: URI as it is
// (RFC 3966 global numbers, with an optional ";ext="); anything else, such
// as a number with spaces, is written as text so that it reads back the
// same.
func isTelURI(t string) bool {
	num, ext, hasExt := strings.Cut(t, ";ext=")
	if num == "" || hasExt && (ext == "" || strings.Trim(ext, "0123456789") != "") {
		return false
	}
	for i := 0; i < len(num); i++ {
		c := num[i]
		if !(c >= '0' && c <= '9' || c == '-' || c == '.' || c == '(' || c == ')' || c == '+' && i == 0) {
			return false
		}
	}
	return true
}

// escape escapes a text value (RFC 6350 3.4): backslash, comma, semicolon
// and newline. Invalid UTF-8 becomes U+FFFD, so that the file is valid.
func escape(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if !strings.ContainsAny(s, "\\,;\n\r") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', ',', ';':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				continue
			}
			b.WriteString(`\n`)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// writeFolded writes one content line, folded so that no physical line is
// longer than 75 octets (RFC 6350 3.2), continuation lines starting with
// a space, and never splitting a UTF-8 sequence.
func writeFolded(w *bufio.Writer, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		if cut == 0 {
			cut = limit
		}
		w.WriteString(s[:cut])
		w.WriteString("\r\n ")
		s = s[cut:]
		limit = 74
	}
	w.WriteString(s)
	w.WriteString("\r\n")
}
