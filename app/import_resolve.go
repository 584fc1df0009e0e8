package app

// The resolver of ImportFiles: what a reader returns matched to the
// workspace's people (by exact identity), new people created, and the
// interactions queued, deduplicated and written in batches.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/identity"
	"github.com/allyhq/ally/importer"
	"github.com/allyhq/ally/importer/csvin"
	"github.com/allyhq/ally/importer/ical"
	"github.com/allyhq/ally/importer/mail"
	"github.com/allyhq/ally/importer/vcard"
	"github.com/allyhq/ally/store"
)

// resolver matches what the files name to the workspace's people, creating
// the people it does not know, and collects the interactions to write.
type resolver struct {
	a    *App
	tx   *store.Tx
	in   FileImport
	sum  *ImportSummary
	idx  *identity.Index
	ids  map[int64]bool // people of the workspace
	me   map[string]bool
	seen map[int64]bool // people this run matched or created, counted once
	made map[int64]bool // people this run created
	// existing are the stored interactions of the run's source by
	// external id; batch is what waits to be written.
	existing map[string]store.ExternalInteraction
	batch    []*ally.Interaction
	dedupe   map[string]bool
	// org: the people of the chart by the file's id, and their managers.
	orgRows []orgRow
}

type orgRow struct {
	person int64
	p      importer.Person
}

func (a *App) newResolver(ctx context.Context, tx *store.Tx, sum *ImportSummary, in FileImport) (*resolver, error) {
	r := &resolver{a: a, tx: tx, in: in, sum: sum, idx: identity.NewIndex(), ids: map[int64]bool{},
		me: map[string]bool{}, seen: map[int64]bool{}, made: map[int64]bool{}, dedupe: map[string]bool{}}
	ps, err := tx.FindPeople(ctx, ally.PersonFilter{})
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		r.ids[p.ID] = true
		for _, e := range p.Emails {
			if id, ok := identity.Email(e); ok {
				r.idx.Add(p.ID, id)
				if p.ID == a.WS.MeID {
					r.me[id.Value] = true
				}
			}
		}
	}
	stored, err := tx.FindIdentities(ctx, 0)
	if err != nil {
		return nil, err
	}
	for _, s := range stored {
		r.idx.Add(s.PersonID, identity.Identity{Kind: identity.Kind(s.Kind), Value: s.Value})
		if s.Kind == string(identity.KindEmail) && s.PersonID == a.WS.MeID {
			r.me[s.Value] = true
		}
	}
	for _, e := range in.MeAddresses {
		id, ok := identity.Email(e)
		if !ok {
			return nil, ally.Errorf(ally.EINVALID, "--me-address %q is not an email address", e)
		}
		r.me[id.Value] = true
		r.idx.Add(a.WS.MeID, id)
	}
	switch in.Kind {
	case ImportICS:
		r.existing, err = tx.FindExternalInteractions(ctx, string(ally.SourceCalendar))
	case ImportMail:
		r.existing, err = tx.FindExternalInteractions(ctx, string(ally.SourceEmail))
	case ImportInteractions:
		r.existing, err = tx.FindExternalInteractions(ctx, string(ally.SourceCSV))
	}
	return r, err
}

// readFile runs the reader of the import's kind over one file.
func (r *resolver) readFile(ctx context.Context, path string, skip importer.Skip, colMap csvin.Map) error {
	if r.in.Kind == ImportMail {
		// Mail takes directories (maildir) and detects formats by content.
		st, err := mail.ReadPath(path, mail.Options{Skip: skip}, func(x importer.Interaction) error {
			return r.interaction(ctx, x)
		})
		r.sum.Bulk += st.Bulk
		return readError(err)
	}
	fh, err := os.Open(path)
	if err != nil {
		return ally.Errorf(ally.ENOTFOUND, "%s: %v", path, unwrapPath(err))
	}
	defer fh.Close()
	var rd io.Reader = fh
	switch r.in.Kind {
	case ImportVCard:
		err = vcard.Read(rd, path, vcard.Options{Notes: r.in.Notes, Skip: skip}, func(p importer.Person) error {
			_, err := r.person(ctx, "vcard", p)
			return err
		})
	case ImportICS:
		from, to := r.in.From, r.in.To
		if to.IsZero() {
			to = r.a.Now
		}
		if from.IsZero() {
			from = to.AddDate(-1, 0, 0)
		}
		me := make([]string, 0, len(r.me))
		for e := range r.me {
			me = append(me, e)
		}
		var st ical.Stats
		st, err = ical.Read(rd, path, ical.Options{From: from, To: to, Me: me, Zone: time.Local, Skip: skip}, func(x importer.Interaction) error {
			return r.interaction(ctx, x)
		})
		r.sum.Alone += st.Alone
		r.sum.OutsideWindow += st.OutsideWindow
		r.sum.Cancelled += st.Cancelled
		r.sum.Declined += st.Declined
	case ImportOrg:
		var ps []importer.Person
		ps, err = csvin.ReadOrg(rd, path, csvin.OrgOptions{Map: colMap, Skip: skip})
		for _, p := range ps {
			if err != nil {
				break
			}
			var id int64
			if id, err = r.person(ctx, "org", p); err == nil {
				r.orgRows = append(r.orgRows, orgRow{person: id, p: p})
			}
		}
	case ImportInteractions:
		err = csvin.ReadInteractions(rd, path, csvin.LogOptions{Map: colMap, Kind: r.in.Channel, Zone: time.Local, Skip: skip}, func(x importer.Interaction) error {
			return r.interaction(ctx, x)
		})
	}
	return readError(err)
}

// person matches a person record to the workspace, or creates them, and
// returns their id. A match fills the fields the stored person lacks and
// adds the new addresses and identities; it never overwrites what the user
// recorded.
func (r *resolver) person(ctx context.Context, source string, p importer.Person) (int64, error) {
	ids, _ := identity.Of(source, p)
	if source == "org" && strings.HasPrefix(p.ExternalID, "org:") {
		if id, ok := identity.Org(strings.TrimPrefix(p.ExternalID, "org:")); ok {
			ids = append(ids, id)
		}
	}
	if source == "vcard" && strings.HasPrefix(p.ExternalID, "vcard:") {
		if id, ok := identity.VCard(strings.TrimPrefix(p.ExternalID, "vcard:")); ok {
			ids = append(ids, id)
		}
	}
	match, conflict := r.idx.Match(ids)
	if match == 0 && len(conflict) > 0 {
		// The record's identities belong to several people: an exact
		// identity merges by itself, two do not. The first is updated; the
		// others stay for `ally person duplicates`.
		match = conflict[0]
	}
	var stored *ally.Person
	if match != 0 {
		var err error
		if stored, err = r.tx.FindPersonByID(ctx, match); err != nil {
			return 0, err
		}
	} else {
		stored = &ally.Person{}
	}
	before := *stored
	before.Emails = append([]string(nil), stored.Emails...)
	fill := func(dst *string, v string) {
		if *dst == "" {
			*dst = strings.TrimSpace(v)
		}
	}
	fill(&stored.Name, p.Name)
	fill(&stored.Title, p.Title)
	fill(&stored.Department, p.Department)
	fill(&stored.Team, p.Team)
	fill(&stored.Location, p.Location)
	if stored.ID != r.a.WS.MeID {
		fill(&stored.Organisation, p.Organisation)
	}
	if p.Notes != "" && !strings.Contains(stored.Notes, p.Notes) {
		if stored.Notes != "" {
			stored.Notes += "\n\n"
		}
		stored.Notes += p.Notes
	}
	var extra []identity.Identity // emails ally.Person cannot hold
	have := map[string]bool{}
	for _, e := range stored.Emails {
		have[ally.NormalizeEmail(e)] = true
	}
	for _, id := range ids {
		if id.Kind != identity.KindEmail || have[id.Value] {
			continue
		}
		if ally.ValidEmail(id.Value) {
			stored.Emails = append(stored.Emails, id.Value)
			have[id.Value] = true
		} else {
			extra = append(extra, id)
		}
	}
	if stored.Name == "" {
		return 0, importer.Errorf(p.Pos, "name", "a person without a name or an address")
	}
	if match == 0 {
		if err := r.tx.CreatePerson(ctx, stored); err != nil {
			return 0, recordErr(p.Pos, err)
		}
		r.ids[stored.ID] = true
		r.made[stored.ID] = true
		r.sum.PeopleCreated++
	} else {
		if !samePerson(&before, stored) {
			if err := r.tx.UpdatePerson(ctx, stored); err != nil {
				return 0, recordErr(p.Pos, err)
			}
		}
		if !r.seen[stored.ID] && !r.made[stored.ID] {
			r.sum.PeopleMatched++
		}
	}
	r.seen[stored.ID] = true
	for _, id := range append(ids, extra...) {
		if id.Kind == identity.KindEmail && have[id.Value] {
			r.idx.Add(stored.ID, id)
			continue
		}
		if err := r.addIdentity(ctx, stored.ID, id, source); err != nil {
			return 0, err
		}
	}
	return stored.ID, nil
}

// addIdentity records an identity of person unless another person holds
// it (then it is left where it is: an exact identity is one person's).
func (r *resolver) addIdentity(ctx context.Context, person int64, id identity.Identity, source string) error {
	if owner, _ := r.idx.Match([]identity.Identity{id}); owner != 0 {
		return nil
	}
	if err := r.tx.AddIdentity(ctx, store.PersonIdentity{PersonID: person, Kind: string(id.Kind), Value: id.Value, Source: source}); err != nil {
		return err
	}
	r.idx.Add(person, id)
	return nil
}

// samePerson reports whether an update would change nothing a match can
// change.
func samePerson(a, b *ally.Person) bool {
	return a.Name == b.Name && a.Title == b.Title && a.Department == b.Department && a.Team == b.Team &&
		a.Location == b.Location && a.Organisation == b.Organisation && a.Notes == b.Notes &&
		strings.Join(a.Emails, ",") == strings.Join(b.Emails, ",")
}

// recordErr names a record's place in front of a domain error.
func recordErr(pos importer.Pos, err error) error {
	var ae *ally.Error
	if errors.As(err, &ae) && ae.Code == ally.EINVALID {
		return importer.Errorf(pos, "", "%s", ally.ErrorMessage(err))
	}
	return err
}

// party resolves one party of an interaction to a person: by address
// (creating the person when nobody has it), or by id (ally's own, or the
// org chart's).
func (r *resolver) party(ctx context.Context, x importer.Interaction, p importer.Party) (int64, error) {
	if p.Email != "" {
		id, ok := identity.Email(p.Email)
		if !ok {
			// Real mail carries junk recipients ("'@enron.com"): the
			// message stays, without them, and the summary counts them.
			r.sum.BadAddresses++
			return 0, nil
		}
		if r.me[id.Value] {
			return r.a.WS.MeID, nil
		}
		if who, conflict := r.idx.Match([]identity.Identity{id}); who != 0 {
			r.countMatch(who)
			return who, nil
		} else if len(conflict) > 0 {
			return conflict[0], nil
		}
		name := strings.TrimSpace(p.Name)
		if name == "" {
			name = id.Value
		}
		return r.person(ctx, string(x.Source), importer.Person{Name: name, Emails: []string{id.Value}, Pos: x.Pos})
	}
	if p.ID != "" {
		if n, err := strconv.ParseInt(p.ID, 10, 64); err == nil && r.ids[n] {
			r.countMatch(n)
			return n, nil
		}
		if oid, ok := identity.Org(p.ID); ok {
			if who, _ := r.idx.Match([]identity.Identity{oid}); who != 0 {
				r.countMatch(who)
				return who, nil
			}
		}
		return 0, importer.Errorf(x.Pos, string(p.Role), "no person with id %q (an ally id, or an org chart id imported before)", p.ID)
	}
	return 0, importer.Errorf(x.Pos, string(p.Role), "a participant with neither address nor id")
}

func (r *resolver) countMatch(id int64) {
	if !r.seen[id] && !r.made[id] && id != r.a.WS.MeID {
		r.sum.PeopleMatched++
	}
	r.seen[id] = true
}

// interaction resolves an interaction's parties and queues it, or counts
// why it is left out.
func (r *resolver) interaction(ctx context.Context, x importer.Interaction) error {
	if x.Bulk != "" {
		return nil // counted by the reader's stats
	}
	if r.dedupe[x.ExternalID] {
		return nil // the same message in two files
	}
	r.dedupe[x.ExternalID] = true
	if r.in.Kind == ImportICS && r.in.MaxAttendees > 0 && len(x.Parties) > r.in.MaxAttendees {
		r.sum.TooLarge++
		return nil
	}
	if r.in.Kind == ImportMail && !r.in.All {
		mine := false
		for _, p := range x.Parties {
			if id, ok := identity.Email(p.Email); ok && r.me[id.Value] {
				mine = true
			}
		}
		if !mine {
			r.sum.NotMine++
			return nil
		}
	}
	var parts []ally.Participant
	at := map[int64]int{}
	add := func(id int64, role ally.Role) {
		if i, ok := at[id]; ok {
			if rank(role) > rank(parts[i].Role) && (role != ally.RoleInitiator || initiatorFree(parts)) {
				parts[i].Role = role
			}
			return
		}
		if role == ally.RoleInitiator && !initiatorFree(parts) {
			role = ally.RoleTo
		}
		at[id] = len(parts)
		parts = append(parts, ally.Participant{PersonID: id, Role: role})
	}
	for _, p := range x.Parties {
		id, err := r.party(ctx, x, p)
		if err != nil {
			var ie *importer.Error
			if errors.As(err, &ie) && r.in.SkipBad {
				r.sum.Skipped = append(r.sum.Skipped, SkippedItem{File: ie.Pos.File, Line: ie.Pos.Line, Reason: reasonOf(ie)})
				return nil
			}
			return err
		}
		if id != 0 {
			add(id, p.Role)
		}
	}
	if r.in.Kind == ImportICS {
		// A calendar file is Me's calendar: Me took part even where the
		// file does not list Me (a published or exported calendar).
		add(r.a.WS.MeID, ally.RoleTo)
		if len(parts) > LargeMeeting+1 {
			r.sum.LargeKept++
		}
	}
	if len(parts) < 2 {
		r.sum.Alone++
		return nil
	}
	in := &ally.Interaction{Kind: x.Kind, At: x.At.UTC(), Participants: parts, Subject: oneLineText(x.Subject, 1000),
		Source: x.Source, ExternalID: x.ExternalID, Sequence: x.Sequence}
	if old, ok := r.existing[x.ExternalID]; ok {
		if x.Sequence <= old.Sequence {
			r.sum.InteractionsExisting++
			return nil
		}
		// A newer export of the meeting: it replaces the stored one, under
		// the same id.
		if err := r.tx.DeleteInteraction(ctx, old.ID); err != nil {
			return err
		}
		in.ID = old.ID
		r.existing[x.ExternalID] = store.ExternalInteraction{ID: old.ID, Sequence: x.Sequence}
		r.sum.InteractionsUpdated++
		return r.queue(ctx, in, false)
	}
	r.existing[x.ExternalID] = store.ExternalInteraction{Sequence: x.Sequence}
	return r.queue(ctx, in, true)
}

// oneLineText folds a subject onto one line and cuts it to max bytes on a
// rune boundary: the domain keeps subjects to one line.
func oneLineText(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= max {
		return s
	}
	for max > 0 && !utf8Start(s[max]) {
		max--
	}
	return s[:max]
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// rank orders roles: initiator > to > cc.
func rank(r ally.Role) int {
	switch r {
	case ally.RoleInitiator:
		return 2
	case ally.RoleTo:
		return 1
	}
	return 0
}

func initiatorFree(ps []ally.Participant) bool {
	for _, p := range ps {
		if p.Role == ally.RoleInitiator {
			return false
		}
	}
	return true
}

// batchSize is how many interactions wait before they are written: big
// enough for the prepared statements to pay, small enough to hold little.
const batchSize = 5000

func (r *resolver) queue(ctx context.Context, in *ally.Interaction, created bool) error {
	if created {
		r.sum.InteractionsCreated++
	}
	r.batch = append(r.batch, in)
	if len(r.batch) >= batchSize {
		return r.flush(ctx)
	}
	return nil
}

func (r *resolver) flush(ctx context.Context) error {
	if len(r.batch) == 0 {
		return nil
	}
	if _, err := r.tx.CreateInteractions(ctx, r.batch); err != nil {
		return err
	}
	r.batch = r.batch[:0]
	return nil
}

// finish writes what waits and, for an org chart, links the managers.
func (r *resolver) finish(ctx context.Context) error {
	if err := r.flush(ctx); err != nil {
		return err
	}
	if len(r.orgRows) == 0 {
		return nil
	}
	byOrgID := map[string]int64{}
	for _, row := range r.orgRows {
		if id, ok := strings.CutPrefix(row.p.ExternalID, "org:"); ok {
			byOrgID[id] = row.person
		}
	}
	for _, row := range r.orgRows {
		var manager int64
		switch {
		case row.p.ManagerID != "":
			manager = byOrgID[row.p.ManagerID]
		case row.p.ManagerEmail != "":
			if id, ok := identity.Email(row.p.ManagerEmail); ok {
				manager, _ = r.idx.Match([]identity.Identity{id})
			}
		default:
			continue
		}
		if manager == 0 || manager == row.person {
			return ally.Errorf(ally.EINVALID, "%s: manager: %s names nobody of the chart", row.p.Pos, managerRef(row.p))
		}
		p, err := r.tx.FindPersonByID(ctx, row.person)
		if err != nil {
			return err
		}
		if p.ManagerID == manager {
			continue
		}
		if err := r.tx.SetManager(ctx, row.person, manager); err != nil {
			return ally.Errorf(ally.ErrorCode(err), "%s: manager: %s", row.p.Pos, ally.ErrorMessage(err))
		}
	}
	return nil
}

func managerRef(p importer.Person) string {
	if p.ManagerID != "" {
		return fmt.Sprintf("id %q", p.ManagerID)
	}
	return fmt.Sprintf("%q", p.ManagerEmail)
}

// suggestions counts the likely duplicates that involve someone this run
// created: `ally person duplicates` lists them.
func (r *resolver) suggestions(ctx context.Context) (int, error) {
	if len(r.made) == 0 {
		return 0, nil
	}
	ps, err := r.tx.FindPeople(ctx, ally.PersonFilter{})
	if err != nil {
		return 0, err
	}
	cs := make([]identity.Candidate, 0, len(ps))
	for _, p := range ps {
		cs = append(cs, identity.Candidate{ID: p.ID, Name: p.Name, Emails: p.Emails, Organisation: p.Organisation})
	}
	n := 0
	for _, s := range identity.Suggest(cs, nil) {
		if r.made[s.A] || r.made[s.B] {
			n++
		}
	}
	return n, nil
}
