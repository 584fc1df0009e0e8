package vcard

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/allyhq/ally/importer"
	"golang.org/x/text/unicode/norm"
)

// Options say what Read keeps and what it does with a bad card.
type Options struct {
	// Notes keeps NOTE. It is off by default: notes may be private to
	// the card's owner.
	Notes bool
	// Skip is told of each bad card, and the read goes on; nil stops the
	// read at the first bad card, which Read returns.
	Skip importer.Skip
	// MaxCardBytes caps one card, embedded photos included; 0 means
	// DefaultMaxCardBytes. A bigger card is a bad card.
	MaxCardBytes int
}

// keptProps are the properties Read decodes; the values of all others are
// dropped as they are read.
var keptProps = map[string]bool{
	"FN": true, "N": true, "EMAIL": true, "TEL": true, "ORG": true,
	"TITLE": true, "ADR": true, "UID": true,
}

// Read streams every card of r to emit, in file order. file is the name
// used in positions and errors. A card that cannot be read is an
// *importer.Error naming file, line and field, handled as opt.Skip says;
// an error from emit or from r stops the read and is returned.
func Read(r io.Reader, file string, opt Options, emit func(importer.Person) error) error {
	maxCard := opt.MaxCardBytes
	if maxCard <= 0 {
		maxCard = DefaultMaxCardBytes
	}
	keep := func(name string) bool { return keptProps[name] || name == "NOTE" && opt.Notes }
	lx := newLexer(r, file, maxCard, keep)
	rd := reader{lx: lx, dec: decoder{file: file}, opt: opt}
	return rd.run(emit)
}

type reader struct {
	lx  *lexer
	dec decoder
	opt Options
	c   card
}

// card is what one card has said so far.
type card struct {
	line     int
	depth    int  // nesting of 2.1 AGENT cards, whose lines are not this card's
	agent    bool // the last property was an empty AGENT: a card follows
	name     string
	n        string
	emails   []string
	phones   []string
	org      []string
	hasOrg   bool
	title    string
	uid      string
	notes    []string
	workLoc  string
	otherLoc string
}

func (rd *reader) run(emit func(importer.Person) error) error {
	lx := rd.lx
	in := false       // inside a card
	skipping := false // inside a bad card, reading to its END
	junkAt := 0       // line of the text outside any card being skipped, reported once
	bad := func(e *importer.Error) error { return rd.opt.Skip.Bad(e) }
	begin := func(line int) {
		rd.c = card{line: line, emails: rd.c.emails[:0], phones: rd.c.phones[:0], org: rd.c.org[:0], notes: rd.c.notes[:0]}
		in, skipping = true, false
		lx.inCard, lx.cardLine, lx.cardBytes, lx.drop = true, line, 0, false
	}
	end := func() {
		in, skipping = false, false
		lx.inCard, lx.drop = false, false
	}
	for {
		p, err := lx.next()
		if err == io.EOF {
			if in && !skipping {
				return bad(lx.errf(rd.c.line, "END", "card has no END:VCARD before the end of the file"))
			}
			return nil
		}
		if ie, ok := err.(errIO); ok {
			return fmt.Errorf("vcard: %s: read after line %d: %w", lx.file, lx.line, ie.err)
		}
		if e, ok := err.(*importer.Error); ok {
			switch {
			case !in:
				if junkAt == 0 {
					junkAt = e.Pos.Line
					if err := bad(e); err != nil {
						return err
					}
				}
			case !skipping:
				if err := bad(e); err != nil {
					return err
				}
				skipping, lx.drop = true, true
			}
			continue
		}
		isBegin := p.name == "BEGIN" && isVCard(p.value)
		isEnd := p.name == "END" && isVCard(p.value)
		if !in {
			if isBegin {
				junkAt = 0
				begin(p.line)
				continue
			}
			if junkAt == 0 {
				junkAt = p.line
				if err := bad(lx.errf(p.line, p.name, "text outside a card: expected BEGIN:VCARD")); err != nil {
					return err
				}
			}
			continue
		}
		c := &rd.c
		if isBegin {
			if c.agent || c.depth > 0 {
				c.depth++ // a 2.1 AGENT's card, inside this one
				c.agent = false
				continue
			}
			// A card that never ended: report it, and read the new one.
			if !skipping {
				if err := bad(lx.errf(c.line, "END", "card has no END:VCARD before the BEGIN:VCARD of line %d", p.line)); err != nil {
					return err
				}
			}
			begin(p.line)
			continue
		}
		if isEnd {
			if c.depth > 0 {
				c.depth--
				continue
			}
			if !skipping {
				person, e := rd.person()
				if e != nil {
					if err := bad(e); err != nil {
						return err
					}
				} else if err := emit(person); err != nil {
					return err
				}
			}
			end()
			continue
		}
		c.agent = p.name == "AGENT" && len(bytes.TrimSpace(p.value)) == 0
		if skipping || c.depth > 0 || !p.kept {
			continue
		}
		if e := rd.add(p); e != nil {
			if err := bad(e); err != nil {
				return err
			}
			skipping, lx.drop = true, true
		}
	}
}

func isVCard(v []byte) bool {
	v = bytes.TrimSpace(v)
	return len(v) == 5 && asciiEqualFold(v, "VCARD")
}

// add records one kept property of the current card.
func (rd *reader) add(p *property) *importer.Error {
	if p.name == "AGENT" {
		return nil
	}
	s, e := rd.dec.text(p)
	if e != nil {
		return e
	}
	c := &rd.c
	switch p.name {
	case "FN":
		if c.name == "" {
			c.name = clean(s)
		}
	case "N":
		if c.n == "" {
			c.n = nameFromN(s)
		}
	case "EMAIL":
		// Google has written several addresses in one EMAIL, comma
		// separated; an escaped comma stays in the address.
		for _, v := range splitIf(s, ',') {
			v = trimScheme(clean(v), "mailto:")
			if v != "" && !slices.ContainsFunc(c.emails, func(x string) bool { return strings.EqualFold(x, v) }) {
				c.emails = append(c.emails, v)
			}
		}
	case "TEL":
		v := trimScheme(clean(s), "tel:")
		if v != "" && !slices.Contains(c.phones, v) {
			c.phones = append(c.phones, v)
		}
	case "ORG":
		if !c.hasOrg {
			for _, u := range split(s, ';') {
				c.org = append(c.org, clean(u))
			}
			c.hasOrg = slices.ContainsFunc(c.org, func(u string) bool { return u != "" })
			if !c.hasOrg {
				c.org = c.org[:0]
			}
		}
	case "TITLE":
		if c.title == "" {
			c.title = clean(s)
		}
	case "ADR":
		// ADR is PO box; extended; street; locality; region; code;
		// country. Location is the city of the work address (ally maps
		// work relationships), else of the first address that has one.
		comps := split(s, ';')
		if len(comps) > 3 {
			if loc := clean(comps[3]); loc != "" {
				if p.hasType("WORK") && c.workLoc == "" {
					c.workLoc = loc
				} else if c.otherLoc == "" {
					c.otherLoc = loc
				}
			}
		}
	case "UID":
		if c.uid == "" {
			c.uid = clean(s)
		}
	case "NOTE":
		if v := clean(s); v != "" {
			c.notes = append(c.notes, v)
		}
	}
	return nil
}

// trimScheme drops a URI scheme (4.0 writes TEL;VALUE=uri:tel:+1… and
// some writers mailto:), however often it is repeated.
func trimScheme(v, scheme string) string {
	for len(v) >= len(scheme) && strings.EqualFold(v[:len(scheme)], scheme) {
		v = strings.TrimSpace(v[len(scheme):])
	}
	return v
}

// nameFromN assembles "Given Family" from N (Family;Given;Additional;
// Prefix;Suffix); a component's comma-separated values are joined by
// spaces.
func nameFromN(s string) string {
	comps := split(s, ';')
	part := func(i int) string {
		if i >= len(comps) {
			return ""
		}
		var words []string
		for _, v := range split(comps[i], ',') {
			if v = clean(v); v != "" {
				words = append(words, v)
			}
		}
		return strings.Join(words, " ")
	}
	return strings.TrimSpace(strings.Join(slices.DeleteFunc([]string{part(1), part(0)}, func(s string) bool { return s == "" }), " "))
}

// person turns the finished card into a Person, or says why it cannot.
func (rd *reader) person() (importer.Person, *importer.Error) {
	c := &rd.c
	p := importer.Person{
		Name:   c.name,
		Emails: cloneOrNil(c.emails),
		Phones: cloneOrNil(c.phones),
		Title:  c.title,
		Pos:    importer.Pos{File: rd.lx.file, Line: c.line},
	}
	if len(c.org) > 0 {
		p.Organisation = c.org[0]
	}
	if len(c.org) > 1 {
		p.Department = c.org[1]
	}
	if len(c.org) > 2 {
		p.Team = c.org[2]
	}
	p.Location = c.workLoc
	if p.Location == "" {
		p.Location = c.otherLoc
	}
	if rd.opt.Notes {
		p.Notes = strings.Join(c.notes, "\n")
	}
	switch {
	case p.Name != "":
	case c.n != "":
		p.Name = c.n
	case p.Organisation != "":
		p.Name = p.Organisation
	case len(p.Emails) > 0:
		// An address book shows the address of a card with no name.
		p.Name = p.Emails[0]
	default:
		return importer.Person{}, importer.Errorf(p.Pos, "FN", "card has no name (FN, N or ORG) and no EMAIL")
	}
	if c.uid != "" {
		p.ExternalID = "vcard:" + c.uid
	} else {
		p.ExternalID = "vcard-sha256:" + contentHash(p)
	}
	return p, nil
}

// cloneOrNil copies s, which the next card reuses; no values is nil.
func cloneOrNil(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return slices.Clone(s)
}

// contentHash identifies a card without a UID by what it says about the
// person: name, emails, phones, organisation and title. They are
// normalised (Unicode NFC, spaces collapsed, emails lower case, phones
// reduced to digits and a leading "+", both sorted) so that re-exporting
// the same data, in another order or layout, gives the same id.
func contentHash(p importer.Person) string {
	text := func(s string) string { return strings.Join(strings.Fields(norm.NFC.String(s)), " ") }
	emails := make([]string, len(p.Emails))
	for i, e := range p.Emails {
		emails[i] = strings.ToLower(text(e))
	}
	slices.Sort(emails)
	phones := make([]string, 0, len(p.Phones))
	for _, ph := range p.Phones {
		var b strings.Builder
		for i, r := range ph {
			if r >= '0' && r <= '9' || r == '+' && i == 0 {
				b.WriteRune(r)
			}
		}
		phones = append(phones, b.String())
	}
	slices.Sort(phones)
	h := sha256.New()
	for _, f := range []string{
		text(p.Name), strings.Join(emails, "\x1e"), strings.Join(phones, "\x1e"),
		text(p.Organisation), text(p.Department), text(p.Team), text(p.Title),
	} {
		h.Write([]byte(f))
		h.Write([]byte{0x1f})
	}
	return hex.EncodeToString(h.Sum(nil))
}
