package mail

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/importer"
)

// sharedData is the real public mail the reader is checked against (see
// its SOURCE.md files); a user's clone does not have it, CI does.
const sharedData = "../../../shared/data"

func needSharedData(tb testing.TB, sub string) string {
	tb.Helper()
	dir := filepath.Join(sharedData, sub)
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("real mail not present at %s (%v): these checks run where the shared data is (CI)", dir, err)
	}
	return dir
}

// refMessage is one message as testdata/make_reference.py (Python's
// mailbox and email modules) reads it.
type refMessage struct {
	ID   *string  `json:"id"`
	Date *int64   `json:"date"`
	From []string `json:"from"`
	To   []string `json:"to"`
	Cc   []string `json:"cc"`
}

// refExcluded are the messages where Python's answer is not the right one,
// by "file#index" (0-based), with the reason and the addresses (From, To,
// Cc in party order) that are right instead.
var refExcluded = map[string]struct {
	why  string
	want []string
}{
	// "To: Joseph Korabelnikov <jkorabelnikov@coolemail.com>" folded onto
	// "magick@wizards.dupont.com" with the comma missing: Python 3.11's
	// getaddresses gives up on the whole header ([('', '')]); we read both
	// addresses (TestParseAddressList, "missing comma").
	"mbox/mail-box-mbox.src.mbox#12": {"Python drops a To with a missing comma",
		[]string{"leonardr@lazerware.com", "jkorabelnikov@coolemail.com", "magick@wizards.dupont.com"}},
	"mbox/mail-box-mbox.win.mbox#12": {"Python drops a To with a missing comma",
		[]string{"leonardr@lazerware.com", "jkorabelnikov@coolemail.com", "magick@wizards.dupont.com"}},
}

// refBad are the real messages that are bad records, by "file#index",
// with the field named in the error and why it is right to refuse them.
var refBad = map[string]string{
	// "From markov Sun Aug  8 ..." with Subject, To and Date but no From or
	// Sender header: the envelope sender "markov" is a local user name,
	// not a mailbox, and the brief makes a message without From and Sender
	// a bad record.
	"mbox/mail-box-mbox.src.mbox#8": "From",
	"mbox/mail-box-mbox.win.mbox#8": "From",
	// "Date: Thu Jan 01 00:00:10 +0000" has no year: no date can be read.
	"mail-rfc822/notmuch/attachment/text-calendar.eml#0": "Date",
}

func loadReference(t *testing.T) map[string][]refMessage {
	t.Helper()
	b, err := os.ReadFile("testdata/reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref map[string][]refMessage
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatalf("testdata/reference.json: %v", err)
	}
	return ref
}

// expectedParties applies the reader's rule to Python's addresses: From
// first as initiator, then To, then Cc, each mailbox once with its first
// (strongest) role.
func expectedParties(m refMessage) []importer.Party {
	var ps []importer.Party
	add := func(as []string, role ally.Role) {
		for _, a := range as {
			dup := false
			for _, p := range ps {
				if strings.EqualFold(p.Email, a) {
					dup = true
				}
			}
			if !dup {
				ps = append(ps, importer.Party{Email: a, Role: role})
			}
		}
	}
	add(m.From, ally.RoleInitiator)
	add(m.To, ally.RoleTo)
	add(m.Cc, ally.RoleCC)
	return ps
}

// TestReference reads every real file and compares the messages found,
// their Message-IDs and their From/To/Cc addresses with Python's.
func TestReference(t *testing.T) {
	needSharedData(t, "")
	ref := loadReference(t)
	files := make([]string, 0, len(ref))
	for f := range ref {
		files = append(files, f)
	}
	sort.Strings(files)
	total, compared := 0, 0
	for _, rel := range files {
		want := ref[rel]
		// got holds, in file order, each message read or nil for a bad
		// record; bad holds the bad records by index.
		var got []*importer.Interaction
		bad := map[int]*importer.Error{}
		f, err := os.Open(filepath.Join(sharedData, rel))
		if err != nil {
			t.Fatal(err)
		}
		_, err = Read(f, rel, Options{Skip: func(e *importer.Error) error { bad[len(got)] = e; got = append(got, nil); return nil }},
			func(it importer.Interaction) error { got = append(got, &it); return nil })
		f.Close()
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			continue
		}
		if len(got) != len(want) {
			t.Errorf("%s: %d messages (%d bad), Python finds %d", rel, len(got), len(bad), len(want))
			continue
		}
		total += len(want)
		for i, w := range want {
			key := rel + "#" + itoa(i)
			if field, ok := refBad[key]; ok {
				if bad[i] == nil || bad[i].Field != field {
					t.Errorf("%s: want a bad record for %s, got %v", key, field, bad[i])
				}
				continue
			}
			if bad[i] != nil {
				t.Errorf("%s: unexpected bad record: %v", key, bad[i])
				continue
			}
			if ex, ok := refExcluded[key]; ok {
				var emails []string
				for _, p := range got[i].Parties {
					emails = append(emails, p.Email)
				}
				if strings.Join(emails, " ") != strings.Join(ex.want, " ") {
					t.Errorf("%s (%s): parties %v, want %v", key, ex.why, emails, ex.want)
				}
				continue
			}
			compared++
			g := got[i]
			if w.ID != nil && g.ExternalID != "mail:"+*w.ID {
				t.Errorf("%s (line %d): ExternalID %q, Python's Message-ID %q", key, g.Pos.Line, g.ExternalID, *w.ID)
			}
			if w.Date == nil {
				t.Errorf("%s: Python cannot read the date we read as %v", key, g.At)
			} else if g.At.Unix() != *w.Date {
				t.Errorf("%s (line %d): date %v, Python %v", key, g.Pos.Line, g.At, time.Unix(*w.Date, 0).UTC())
			}
			if w.ID == nil && !strings.HasPrefix(g.ExternalID, "mail-sha256:") {
				t.Errorf("%s: ExternalID %q for a message without Message-ID", key, g.ExternalID)
			}
			wp := expectedParties(w)
			if len(wp) != len(g.Parties) {
				t.Errorf("%s (line %d): %d parties %v, Python %d %v", key, g.Pos.Line, len(g.Parties), g.Parties, len(wp), wp)
				continue
			}
			for j := range wp {
				if wp[j].Email != g.Parties[j].Email || wp[j].Role != g.Parties[j].Role {
					t.Errorf("%s (line %d): party %d is %s %q, Python %s %q", key, g.Pos.Line, j, g.Parties[j].Role, g.Parties[j].Email, wp[j].Role, wp[j].Email)
				}
			}
		}
	}
	if total < 2344 {
		t.Errorf("%d messages compared in full, want the 2,344 of the reference", total)
	}
	if want := total - len(refBad) - len(refExcluded); compared != want {
		t.Errorf("%d messages compared address by address, want %d", compared, want)
	}
	t.Logf("%d files, %d messages, %d compared address by address, %d bad records as expected, %d excluded", len(files), total, compared, len(refBad), len(refExcluded))
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}
