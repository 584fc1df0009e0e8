// Package vcard reads contacts from vCard files (2.1, 3.0 and 4.0; one or
// many cards a file) as importer.Person values, and writes people back as
// vCard 4.0 (Write) so that an export imports again as the same people.
//
// # What Read keeps
//
// FN is the name (else "Given Family" from N, else the organisation, else
// the first email address, as address books show a card with no name; a
// card with none of these is a bad card). Every EMAIL, in order and each
// address once (case-insensitively; Google's comma-separated lists are
// split, "mailto:" dropped); every TEL ("tel:" of 4.0 VALUE=uri dropped,
// an ";ext=" kept). ORG's first unit is the organisation, the second the
// department, the third the team (further units are dropped). TITLE.
// Location is the locality (city) of the work ADR, else of the first ADR
// that has one: it is where a colleague sits, and the street is not
// needed to map relationships. NOTE only with Options.Notes, since notes
// may be private to the card's owner. UID gives ExternalID "vcard:<UID>";
// a card without one gets "vcard-sha256:<hex>", a hash of its normalised
// name, emails, phones, organisation and title (see contentHash), so that
// re-exports of the same data keep the id. Pos.Line is the BEGIN:VCARD
// line.
//
// # What Read drops, and why
//
// Everything else: photos, logos, sounds and keys are read past without
// being stored (a card, photo included, is capped at Options.MaxCardBytes
// and a bigger one is a bad card), and a PHOTO given by URL is never
// fetched: the package does no I/O but the reader it is given. Birthdays,
// URLs, IM handles, categories, ROLE and the X- extensions (X-ABLabel,
// X-KADDRESSBOOK-X-OFFICE, X-MS-MANAGER…) describe the person beyond what
// ally maps, or, like X-MS-MANAGER, name people by a free-text name no
// matching can trust. The lines of a vCard 2.1 AGENT's embedded card are
// not the outer card's and are skipped.
//
// # Why its own parser
//
// The pinned github.com/emersion/go-vcard loses data on real 2.1 files
// (bare parameters swallow the value, quoted-printable is returned raw and
// truncated at a soft line break, CHARSET is ignored), reads a whole card
// into memory, embedded photo included, and gives no line numbers, which
// errors must name. The line format is small, so the package parses it
// itself, streaming: a lexer (lex.go) unfolds lines (CRLF, LF, CR or
// CR CR LF; a space or a tab continues a line), joins quoted-printable
// soft line breaks, reads parameters with quoted values and 2.1 bare ones,
// and keeps only the values of the properties above; value.go undoes
// ENCODING (quoted-printable, base64), CHARSET (any WHATWG or IANA name,
// through golang.org/x/text; an unlabelled value that is not UTF-8 is read
// as Windows-1252, which old Outlook exports write) and the text escapes.
// Files may start with a UTF-8 byte-order mark or be UTF-16 (by its mark
// or its NUL bytes); property names and BEGIN/END values are
// case-insensitive; blank lines between cards are skipped, and other text
// outside any card is one bad record for each stretch of it.
//
// A line Read cannot parse (no ':' after the name, a name with spaces)
// makes its card bad, and so does a card over Options.MaxCardBytes, a kept
// value over 1 MiB or a name and parameters over 64 KiB; an oversized line
// is refused as soon as it passes its cap, not read to its end. The
// *importer.Error names the file, the line and the property; with
// Options.Skip the read goes on at the next card.
package vcard
