package app

// This file holds the exports in open formats (`ally export csv TABLE`,
// `ally export vcard`): what another program, a spreadsheet or an address
// book reads. Unlike Export (the owner's complete JSON backup) they leave
// out every private note: a person's notes, an interaction's note. Notes
// are private to their author, and these files are made to be shared.

import (
	"context"
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/identity"
	"github.com/allyhq/ally/importer"
	"github.com/allyhq/ally/importer/csvin"
	"github.com/allyhq/ally/importer/vcard"
	"github.com/allyhq/ally/store"
)

// The tables of ExportTable.
const (
	TablePeople       = "people"
	TableInteractions = "interactions"
	TableLedger       = "ledger"
	TableCommitments  = "commitments"
)

// ExportTableNames lists the tables ExportTable writes, in the order the
// help shows them.
var ExportTableNames = []string{TablePeople, TableInteractions, TableLedger, TableCommitments}

// Headers of the CSV tables. The people and interactions headers use the
// column names csvin's readers know (email, phone, manager_id…; from, to,
// cc, at, kind, subject, id), so that `ally import org` reads the people
// table and `ally import interactions` the interactions table without a
// --map; the other columns are ignored by those readers.
var (
	peopleHeader = []string{"id", "name", "email", "phone", "title", "department", "team", "location",
		"organisation", "manager_id", "manager_email", "manager_name", "level", "direction_override", "tags", "me"}
	interactionsHeader = []string{"id", "at", "kind", "from", "to", "cc", "subject", "medium", "source"}
	ledgerHeader       = []string{"id", "at", "from_id", "from_name", "to_id", "to_name", "me", "what",
		"kind", "size", "weight", "currency", "currency_family", "example"}
	commitmentsHeader = []string{"id", "kind", "from_id", "from_name", "to_id", "to_name", "what", "due",
		"created", "status", "state", "closed", "on_time", "example"}
)

// ExportTable writes one table of the workspace as CSV to w (UTF-8, a
// header row, RFC 4180 quoting, through csvin.Writer, which neutralises
// the cells a spreadsheet would run as formulas) and returns the number of
// rows written after the header. The whole table is read in one
// transaction, a consistent view; interactions stream, a row at a time.
//
// The tables:
//
//   - people: everyone, Me included and marked in the "me" column (the
//     people who report to Me name Me as their manager). Emails and
//     phones are ";"-separated; tags are "kind:value" separated by ";".
//     Private notes are not written.
//   - interactions: the format `ally import interactions` reads, oldest
//     first. See interactionRowBuf.row for how people are named so that the
//     table imports back as the same interactions.
//   - ledger: every exchange, with the names beside the ids, whether Me
//     gave or received, the size's weight in the balance and the
//     currency's family.
//   - commitments: every commitment, "promise" (Me's) or "expect"
//     (someone's to Me), with its recorded status and its state as of the
//     app's clock (late when open past its due day).
//
// An unknown table is EUSAGE listing the tables.
func (a *App) ExportTable(ctx context.Context, table string, w io.Writer) (int, error) {
	var write func(ctx context.Context, tx *store.Tx, w io.Writer) (int, error)
	switch table {
	case TablePeople:
		write = a.writePeople
	case TableInteractions:
		write = a.writeInteractions
	case TableLedger:
		write = a.writeLedger
	case TableCommitments:
		write = a.writeCommitments
	default:
		return 0, ally.Errorf(ally.EUSAGE, "no table %q; the tables are %s", table, strings.Join(ExportTableNames, ", "))
	}
	var n int
	err := a.view(ctx, func(tx *store.Tx) (err error) {
		n, err = write(ctx, tx, w)
		return err
	})
	return n, err
}

// directory is what the tables look people up by: each person by id, and
// their phones and vCard UIDs from the identities table.
type directory struct {
	byID   map[int64]*ally.Person
	people []*ally.Person // by id
	phones map[int64][]string
	uids   map[int64][]string
}

func loadDirectory(ctx context.Context, tx *store.Tx) (*directory, error) {
	people, err := tx.FindPeople(ctx, ally.PersonFilter{})
	if err != nil {
		return nil, err
	}
	sort.Slice(people, func(i, j int) bool { return people[i].ID < people[j].ID })
	d := &directory{byID: make(map[int64]*ally.Person, len(people)), people: people,
		phones: map[int64][]string{}, uids: map[int64][]string{}}
	for _, p := range people {
		p.Notes = "" // never leaves through these exports
		d.byID[p.ID] = p
	}
	ids, err := tx.FindIdentities(ctx, 0)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		switch id.Kind {
		case "phone":
			d.phones[id.PersonID] = append(d.phones[id.PersonID], id.Value)
		case "vcard":
			d.uids[id.PersonID] = append(d.uids[id.PersonID], id.Value)
		}
	}
	return d, nil
}

// name is the person's name, or "" for an id the workspace does not hold.
func (d *directory) name(id int64) string {
	if p := d.byID[id]; p != nil {
		return p.Name
	}
	return ""
}

// firstEmail is the person's first address, or "".
func (d *directory) firstEmail(id int64) string {
	if p := d.byID[id]; p != nil && len(p.Emails) > 0 {
		return p.Emails[0]
	}
	return ""
}

func idCell(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

func boolCell(b bool) string { return strconv.FormatBool(b) }

// timeCell is RFC 3339 in UTC, "" for the zero time.
func timeCell(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func (a *App) writePeople(ctx context.Context, tx *store.Tx, w io.Writer) (int, error) {
	d, err := loadDirectory(ctx, tx)
	if err != nil {
		return 0, err
	}
	cw := csvin.NewWriter(w, peopleHeader)
	tags := make([]string, 0, 8)
	for _, p := range d.people {
		tags = tags[:0]
		for _, t := range p.Tags {
			tags = append(tags, string(t.Kind)+":"+t.Value)
		}
		level := ""
		if p.Level > 0 {
			level = strconv.Itoa(p.Level)
		}
		row := []string{idCell(p.ID), p.Name, strings.Join(p.Emails, ";"), strings.Join(d.phones[p.ID], ";"),
			p.Title, p.Department, p.Team, p.Location, p.Organisation,
			idCell(p.ManagerID), d.firstEmail(p.ManagerID), d.name(p.ManagerID), level,
			string(p.DirOverride), strings.Join(tags, ";"), boolCell(p.ID == a.WS.MeID)}
		if err := cw.Write(row); err != nil {
			return 0, err
		}
	}
	return len(d.people), cw.Flush()
}

// writeInteractions writes the interaction log. Each row is one
// interaction; see interactionRowBuf.row.
func (a *App) writeInteractions(ctx context.Context, tx *store.Tx, w io.Writer) (int, error) {
	d, err := loadDirectory(ctx, tx)
	if err != nil {
		return 0, err
	}
	cw := csvin.NewWriter(w, interactionsHeader)
	n := 0
	var rb interactionRowBuf
	err = tx.EachInteraction(ctx, func(in *ally.Interaction) error {
		n++
		return cw.Write(rb.row(d, in))
	})
	if err != nil {
		return 0, err
	}
	return n, cw.Flush()
}

// interactionRowBuf holds what interactionRow reuses from row to row.
type interactionRowBuf struct {
	cells      []string
	to, cc     []string
	initiators []string
}

// row is one interaction as `ally import interactions` reads it
// (csvin.ReadInteractions), so that the table, imported into an empty
// workspace, gives the same interactions:
//
//   - id is the id the interaction had in the CSV log it was imported
//     from (its external id without "csv:"), so that importing the export
//     into that workspace again finds those rows already there; any other
//     interaction's id is "ally:" and its id in the workspace, which
//     cannot be mistaken for an id of another log.
//   - at is RFC 3339 in UTC (the store keeps whole seconds).
//   - from is the initiator, to the other direct participants, cc the
//     copied ones; several are separated by ";". An interaction recorded
//     without an initiator has its first participant in from, which
//     reads back as its initiator: the log format has no other way.
//   - A person is named by their first email address, as
//     "Name <address>" so that a workspace that does not know them yet
//     learns their name, or by the address alone when the name holds a
//     character the reader splits or trims on (; , | < > "). A person
//     without an address is named by their ally id: the id column of
//     `ally export csv people`, so import that table first (`ally import
//     org`) and the ids resolve.
//   - medium and source are for the reader of the spreadsheet: the
//     importer ignores them (what it imports is a CSV log, whatever the
//     interaction first came from). The private note is not written.
func (b *interactionRowBuf) row(d *directory, in *ally.Interaction) []string {
	b.to, b.cc, b.initiators = b.to[:0], b.cc[:0], b.initiators[:0]
	for _, p := range in.Participants {
		ref := partyRef(d, p.PersonID)
		switch p.Role {
		case ally.RoleInitiator:
			b.initiators = append(b.initiators, ref)
		case ally.RoleCC:
			b.cc = append(b.cc, ref)
		default:
			b.to = append(b.to, ref)
		}
	}
	if len(b.initiators) == 0 {
		// The first participant stands in as the initiator.
		switch {
		case len(b.to) > 0:
			b.initiators, b.to = append(b.initiators, b.to[0]), b.to[1:]
		case len(b.cc) > 0:
			b.initiators, b.cc = append(b.initiators, b.cc[0]), b.cc[1:]
		}
	}
	id := "ally:" + strconv.FormatInt(in.ID, 10)
	if in.Source == ally.SourceCSV && strings.HasPrefix(in.ExternalID, "csv:") {
		id = in.ExternalID[len("csv:"):]
	}
	b.cells = append(b.cells[:0], id, timeCell(in.At), string(in.Kind), strings.Join(b.initiators, ";"),
		strings.Join(b.to, ";"), strings.Join(b.cc, ";"), in.Subject, in.Medium, string(in.Source))
	return b.cells
}

// partyRef names a participant as interactionRowBuf.row says.
func partyRef(d *directory, id int64) string {
	p := d.byID[id]
	if p == nil || len(p.Emails) == 0 {
		return strconv.FormatInt(id, 10)
	}
	if p.Name == "" || strings.ContainsAny(p.Name, ";,|<>\"") || strings.TrimSpace(p.Name) != p.Name {
		return p.Emails[0]
	}
	return p.Name + " <" + p.Emails[0] + ">"
}

func (a *App) writeLedger(ctx context.Context, tx *store.Tx, w io.Writer) (int, error) {
	d, err := loadDirectory(ctx, tx)
	if err != nil {
		return 0, err
	}
	exs, err := tx.FindExchanges(ctx, 0)
	if err != nil {
		return 0, err
	}
	cw := csvin.NewWriter(w, ledgerHeader)
	for _, e := range exs {
		me := ""
		switch a.WS.MeID {
		case e.FromID:
			me = "gave"
		case e.ToID:
			me = "received"
		}
		row := []string{idCell(e.ID), timeCell(e.At), idCell(e.FromID), d.name(e.FromID), idCell(e.ToID), d.name(e.ToID), me,
			e.What, string(e.Kind), string(e.Size), strconv.FormatFloat(e.Size.Weight(), 'g', -1, 64),
			e.Currency, ally.CurrencyFamily(e.Currency), boolCell(e.Example)}
		if err := cw.Write(row); err != nil {
			return 0, err
		}
	}
	return len(exs), cw.Flush()
}

func (a *App) writeCommitments(ctx context.Context, tx *store.Tx, w io.Writer) (int, error) {
	d, err := loadDirectory(ctx, tx)
	if err != nil {
		return 0, err
	}
	cs, err := tx.FindCommitments(ctx, 0, false)
	if err != nil {
		return 0, err
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].ID < cs[j].ID })
	cw := csvin.NewWriter(w, commitmentsHeader)
	for _, c := range cs {
		kind := "expect"
		if c.FromID == a.WS.MeID {
			kind = "promise"
		}
		onTime := ""
		if c.Status == ally.CommitKept {
			onTime = boolCell(c.OnTime())
		}
		row := []string{idCell(c.ID), kind, idCell(c.FromID), d.name(c.FromID), idCell(c.ToID), d.name(c.ToID), c.What,
			c.Due.UTC().Format("2006-01-02"), timeCell(c.Created), string(c.Status), string(c.State(a.Now)),
			timeCell(c.Closed), onTime, boolCell(c.Example)}
		if err := cw.Write(row); err != nil {
			return 0, err
		}
	}
	return len(cs), cw.Flush()
}

// ExportVCard writes every person of the workspace but Me as vCard 4.0
// (through vcard.Write) and returns how many. Me is left out: the file is
// an address book of Me's contacts, and Me's own card imported into
// another workspace would be a second Me beside the one its init made.
//
// A card holds the name, the addresses, the phones and vCard UIDs of the
// identities table, the organisation, department and team (ORG), the
// title and the location. Not the private notes. Its UID is the person's
// stored vCard UID (the first, when a merge gave them several), else
// PersonUID, so that exporting again gives the same UIDs and an address
// book updates its cards instead of duplicating them.
func (a *App) ExportVCard(ctx context.Context, w io.Writer) (int, error) {
	var n int
	err := a.view(ctx, func(tx *store.Tx) error {
		d, err := loadDirectory(ctx, tx)
		if err != nil {
			return err
		}
		batch := make([]importer.Person, 0, 256)
		flush := func() error {
			err := vcard.Write(w, batch)
			n += len(batch)
			batch = batch[:0]
			return err
		}
		for _, p := range d.people {
			if p.ID == a.WS.MeID {
				continue
			}
			batch = append(batch, a.vcardPerson(d, p))
			if len(batch) == cap(batch) {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		return flush()
	})
	return n, err
}

// vcardPerson is the card of p.
func (a *App) vcardPerson(d *directory, p *ally.Person) importer.Person {
	uid := PersonUID(a.WS, p.ID)
	if us := d.uids[p.ID]; len(us) > 0 {
		uid = us[0]
		if identity.IsUUID(uid) {
			// package identity stores a UUID bare; vCard 4.0 writes it
			// as a URN (RFC 6350 6.7.6).
			uid = "urn:uuid:" + uid
		}
	}
	return importer.Person{
		ExternalID:   "vcard:" + uid,
		Name:         p.Name,
		Emails:       p.Emails,
		Phones:       d.phones[p.ID],
		Organisation: p.Organisation,
		Title:        p.Title,
		Department:   p.Department,
		Team:         p.Team,
		Location:     p.Location,
	}
}

// uidNamespace is the namespace of PersonUID's name-based UUIDs (a
// random UUID, fixed for ally).
var uidNamespace = [16]byte{0x75, 0x42, 0x3d, 0x06, 0xcb, 0xec, 0x46, 0xd5, 0x85, 0x11, 0xe8, 0x64, 0x42, 0x43, 0x61, 0xfe}

// PersonUID is the vCard UID of a person who has none stored: a
// name-based UUID (version 5, RFC 9562 5.5: SHA-1 of a fixed ally
// namespace and the name) as "urn:uuid:…", whose name is the workspace's
// name, its creation time (Unix seconds) and the person's id, each
// length-prefixed. All three survive `ally export json` and its import into
// an empty database, so re-exports, and exports of a restored backup, give
// a person the same UID; two workspaces never share one. (Import under
// another name, or into a database that renumbers the people, gives new
// UIDs: the people are new to an address book then too.)
func PersonUID(ws *ally.Workspace, person int64) string {
	h := sha1.New()
	h.Write(uidNamespace[:])
	var b []byte
	b = binary.AppendUvarint(b, uint64(len(ws.Name)))
	b = append(b, ws.Name...)
	b = binary.AppendVarint(b, ws.Created.Unix())
	b = binary.AppendVarint(b, person)
	h.Write(b)
	sum := h.Sum(nil)
	sum[6] = sum[6]&0x0f | 0x50 // version 5
	sum[8] = sum[8]&0x3f | 0x80 // RFC 9562 variant
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16])
}
