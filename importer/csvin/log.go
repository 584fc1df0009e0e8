package csvin

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/importer"
)

// LogOptions are the options of ReadInteractions.
type LogOptions struct {
	// Map names the file's columns when they are not the defaults.
	Map Map
	// Kind is the kind of a row whose file has no kind (or channel)
	// column, or whose cell is empty; ally.ChanMeeting when empty, as a
	// log of contacts from another system is most often one of meetings.
	Kind ally.Channel
	// Zone is where a date without an offset ("2024-03-01 09:30") is; UTC
	// when nil.
	Zone *time.Location
	// Skip says what to do with a bad row: see importer.Skip.
	Skip importer.Skip
}

// maxIDLen keeps "csv:" + id within ally's 500-character external id.
const maxIDLen = 500 - len("csv:")

// ReadInteractions reads an interaction log and calls emit for each row,
// in file order, without holding the file in memory. It returns emit's
// error when emit returns one, the first bad row when opt.Skip is nil,
// or an error that ends the read (no header, a missing column, a record
// longer than 1 MiB).
//
// The columns are from, to and at, and optionally cc, kind, channel,
// subject and id (see Map for the names they go by; other columns are
// ignored). A from, to or cc cell holds one or more people separated by
// ";", "," or "|", each an email address (it has an @ with something on
// both sides; "Name <address>" gives the name too) or else an id (ally's
// person id, an org-chart id, a handle such as "@ana"). Spaces do not
// separate people, so an id may hold them. The first person in from is
// the initiator and any other is ally.RoleTo, as are the people in to;
// cc gives ally.RoleCC. A person named twice in a row is kept once, in
// their first place (so whoever is in from stays the initiator).
//
// The kind cell, or else the channel cell, is one of ally's channels or a
// common synonym ("1:1", "mail", "phone"...): see parseKind. An unknown
// value is a bad row that lists the valid ones. At is parsed by parseAt.
//
// ExternalID is "csv:" + the id cell, or when there is none "csv-sha256:"
// and the hex SHA-256 of the row as read (initiator, the other people
// sorted, at in UTC, kind, subject), so that importing the same file again,
// or an export of it with the columns or recipients in another order,
// gives the same ids. Two rows alike in all of these get the same id: they
// are the same contact recorded twice.
func ReadInteractions(r io.Reader, file string, opt LogOptions, emit func(importer.Interaction) error) error {
	if opt.Kind == "" {
		opt.Kind = ally.ChanMeeting
	}
	if err := opt.Kind.Validate(); err != nil {
		return importer.Errorf(importer.Pos{File: file}, "kind", "%v", err)
	}
	if opt.Zone == nil {
		opt.Zone = time.UTC
	}
	t, err := open(r, file, opt.Map, logDefaults, logFields)
	if err != nil {
		return err
	}
	if err := t.require(fFrom, fTo, fAt); err != nil {
		return err
	}
	lr := logReader{t: t, opt: opt}
	for {
		rec, line, bad, err := t.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if bad == nil {
			bad = t.checkUTF8(rec, line, logFields)
		}
		var in importer.Interaction
		if bad == nil {
			in, bad = lr.row(rec, line)
		}
		if bad != nil {
			if err := opt.Skip.Bad(bad); err != nil {
				return err
			}
			continue
		}
		if err := emit(in); err != nil {
			return err
		}
	}
}

// logReader holds what one read reuses from row to row.
type logReader struct {
	t    *table
	opt  LogOptions
	buf  []byte // the row's normalised content, hashed
	kbuf []byte // the people's keys
	keys [][]byte
	slab []importer.Party // Parties are cut from it, a thousand rows to an allocation
}

// parties returns an empty slice at the end of the slab, with room for a
// few dozen people (a row naming more grows it by append, away from the
// slab). Once the row is read, row caps its Parties' capacity and moves
// the slab's end past them, so that appending to one row's Parties can
// never write into the next row's.
func (lr *logReader) parties() []importer.Party {
	if cap(lr.slab)-len(lr.slab) < 64 {
		lr.slab = make([]importer.Party, 0, 4096)
	}
	return lr.slab[len(lr.slab):]
}

func (lr *logReader) row(rec []string, line int) (importer.Interaction, *importer.Error) {
	t := lr.t
	in := importer.Interaction{Source: ally.SourceCSV, Pos: importer.Pos{File: t.file, Line: line}}
	var bad *importer.Error
	in.Parties = lr.parties()
	room := cap(in.Parties)
	for _, i := range t.colsN[fFrom] {
		in.Parties = appendParties(in.Parties, unneutralise(rec[i]), ally.RoleInitiator)
	}
	if len(in.Parties) == 0 {
		return in, t.bad(line, fFrom, "empty: a row needs who it is from")
	}
	nfrom := len(in.Parties)
	for _, i := range t.colsN[fTo] {
		in.Parties = appendParties(in.Parties, unneutralise(rec[i]), ally.RoleTo)
	}
	if len(in.Parties) == nfrom {
		return in, t.bad(line, fTo, "empty: a row needs who it was with")
	}
	for _, i := range t.colsN[fCC] {
		in.Parties = appendParties(in.Parties, unneutralise(rec[i]), ally.RoleCC)
	}
	in.Parties = dedupe(in.Parties)
	if cap(in.Parties) == room {
		// Still in the slab (append moves a slice only to grow it).
		lr.slab = lr.slab[:len(lr.slab)+len(in.Parties)]
	}
	in.Parties = in.Parties[:len(in.Parties):len(in.Parties)]
	if len(in.Parties) < 2 {
		return in, t.bad(line, fTo, "names only who it is from: a row needs someone else")
	}

	at := t.cell(rec, fAt)
	if in.At, bad = lr.at(at, line); bad != nil {
		return in, bad
	}

	in.Kind = lr.opt.Kind
	for _, f := range [...]field{fKind, fChannel} {
		if v := t.cell(rec, f); v != "" {
			k, ok := parseKind(v)
			if !ok {
				return in, t.bad(line, f, "unknown kind %q; the kinds are %s (or a synonym such as 1:1, mail, phone, im)", v, kindList())
			}
			in.Kind = k
			break
		}
	}
	in.Subject = t.cell(rec, fSubject)

	if id := t.cell(rec, fID); id != "" {
		if len(id) > maxIDLen {
			return in, t.bad(line, fID, "%d bytes long; the limit is %d", len(id), maxIDLen)
		}
		if i := strings.IndexFunc(id, func(r rune) bool { return r < 0x20 || r == 0x7f }); i >= 0 {
			return in, t.bad(line, fID, "holds a control character (%U) at byte %d: an id is one line", id[i], i+1)
		}
		in.ExternalID = "csv:" + id
	} else {
		in.ExternalID = lr.hashID(&in)
	}
	return in, nil
}

func (lr *logReader) at(s string, line int) (time.Time, *importer.Error) {
	t := lr.t
	if s == "" {
		return time.Time{}, t.bad(line, fAt, "empty: a row needs its date")
	}
	at, ok := parseAt(s, lr.opt.Zone)
	if !ok {
		return at, t.bad(line, fAt, "%q is not a date; the accepted forms are %s", s, atForms)
	}
	if err := ally.CheckDate("date", at); err != nil {
		return at, t.bad(line, fAt, "%v", err)
	}
	return at, nil
}

// isSep reports whether c separates people in a cell.
func isSep(c byte) bool { return c == ';' || c == ',' || c == '|' }

// appendParties appends the people of a cell: the first with role
// (ally.RoleInitiator gives the rest ally.RoleTo).
func appendParties(ps []importer.Party, cell string, role ally.Role) []importer.Party {
	for len(cell) > 0 {
		i := 0
		for i < len(cell) && !isSep(cell[i]) {
			i++
		}
		tok := cell[:i]
		if i < len(cell) {
			cell = cell[i+1:]
		} else {
			cell = ""
		}
		tok = strings.TrimSpace(tok)
		if tok == "" {
			continue
		}
		ps = append(ps, party(tok, role))
		if role == ally.RoleInitiator {
			role = ally.RoleTo
		}
	}
	return ps
}

// party classifies one token: "Name <address>", an address, or an id.
func party(tok string, role ally.Role) importer.Party {
	p := importer.Party{Role: role}
	if strings.HasSuffix(tok, ">") {
		if i := strings.LastIndexByte(tok, '<'); i >= 0 {
			if addr := strings.TrimSpace(tok[i+1 : len(tok)-1]); isEmail(addr) {
				p.Email = addr
				p.Name = strings.Trim(strings.TrimSpace(tok[:i]), `"`)
				return p
			}
		}
	}
	if isEmail(tok) {
		p.Email = tok
	} else {
		p.ID = tok
	}
	return p
}

// isEmail is the cheap test of the reader (package identity checks
// addresses properly): an @ with something on both sides and no space.
// "@ana" is a handle, so an id.
func isEmail(s string) bool {
	at := -1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '@':
			at = i
		case ' ', '\t', '<', '>':
			return false
		}
	}
	return at > 0 && at < len(s)-1
}

// samePerson compares two parties as the dedupe does: addresses without
// regard to case, ids exactly.
func samePerson(a, b *importer.Party) bool {
	if a.Email != "" || b.Email != "" {
		return a.Email != "" && b.Email != "" && strings.EqualFold(a.Email, b.Email)
	}
	return a.ID == b.ID
}

// dedupe keeps the first of each person. Rows name a handful of people;
// the quadratic loop is for them, and a map takes over for a long list.
func dedupe(ps []importer.Party) []importer.Party {
	if len(ps) <= 16 {
		// Most rows name nobody twice: find the first repeat before
		// moving anything.
		first := -1
	find:
		for i := 1; i < len(ps); i++ {
			for j := 0; j < i; j++ {
				if samePerson(&ps[j], &ps[i]) {
					first = i
					break find
				}
			}
		}
		if first < 0 {
			return ps
		}
		out := ps[:first]
	next:
		for i := first + 1; i < len(ps); i++ {
			for j := range out {
				if samePerson(&out[j], &ps[i]) {
					continue next
				}
			}
			out = append(out, ps[i])
		}
		return out
	}
	seen := make(map[string]bool, len(ps))
	out := ps[:0]
	for _, p := range ps {
		k := "i" + p.ID
		if p.Email != "" {
			k = "e" + strings.ToLower(p.Email)
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, p)
	}
	return out
}

// hashID is "csv-sha256:" and the hash of the row's normalised content.
// Each part is length-prefixed, so no two rows share an encoding.
func (lr *logReader) hashID(in *importer.Interaction) string {
	kb := lr.kbuf[:0]
	keys := lr.keys[:0]
	for _, p := range in.Parties {
		start := len(kb)
		kb = append(kb, p.Role[0])
		if p.Email != "" {
			kb = append(kb, 'e')
			kb = appendLower(kb, p.Email)
		} else {
			kb = append(kb, 'i')
			kb = append(kb, p.ID...)
		}
		keys = append(keys, kb[start:len(kb):len(kb)])
	}
	// The initiator is first; the others are a set.
	if len(keys) > 1 {
		slices.SortFunc(keys[1:], bytes.Compare)
	}
	b := lr.buf[:0]
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		b = appendPart(b, k)
	}
	// The instant, whatever zone the file wrote it in.
	b = binary.AppendVarint(b, in.At.Unix())
	b = binary.AppendUvarint(b, uint64(in.At.Nanosecond()))
	b = binary.AppendUvarint(b, uint64(len(in.Kind)))
	b = append(b, in.Kind...)
	b = binary.AppendUvarint(b, uint64(len(in.Subject)))
	b = append(b, in.Subject...)
	sum := sha256.Sum256(b)
	const prefix = "csv-sha256:"
	var out [len(prefix) + 2*sha256.Size]byte
	copy(out[:], prefix)
	hex.Encode(out[len(prefix):], sum[:])
	lr.buf, lr.kbuf, lr.keys = b, kb, keys
	return string(out[:])
}

func appendPart(b, p []byte) []byte {
	b = binary.AppendUvarint(b, uint64(len(p)))
	return append(b, p...)
}

func appendLower(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}
