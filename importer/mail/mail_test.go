package mail

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/importer"
)

// readAll reads input with Read, collecting messages and bad records.
func readAll(t *testing.T, in, file string) ([]importer.Interaction, []*importer.Error, Stats) {
	t.Helper()
	var got []importer.Interaction
	var bad []*importer.Error
	st, err := Read(strings.NewReader(in), file, Options{Skip: func(e *importer.Error) error { bad = append(bad, e); return nil }},
		func(it importer.Interaction) error { got = append(got, it); return nil })
	if err != nil {
		t.Fatalf("Read(%s): %v", file, err)
	}
	return got, bad, st
}

func readFixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

func ids(its []importer.Interaction) []string {
	var out []string
	for _, it := range its {
		out = append(out, it.ExternalID)
	}
	return out
}

// TestSplit checks where mbox messages start and end, in LF and CRLF.
func TestSplit(t *testing.T) {
	tests := []struct {
		name, in string
		ids      []string
		lines    []int
	}{
		{"variants: >From, >>From, From-without-date, From-then-body, Thunderbird, no blank line",
			readFixture(t, "variants.mbox"), []string{"mail:one@example.org", "mail:two@example.org", "mail:three@example.org"}, []int{2, 15, 24}},
		{"attached git patch inside an open multipart does not split",
			readFixture(t, "attached-patch.mbox"), []string{"mail:patch-carrier@example.org", "mail:after-patch@example.org"}, []int{2, 29}},
		{"separator right after the header block (empty body)",
			"From a@x Mon Jan  6 09:00:00 2025\nFrom: a@x\nDate: 6 Jan 2025 09:00 +0000\nMessage-ID: <1@x>\nFrom b@x Mon Jan  6 09:00:00 2025\nFrom: b@x\nDate: 6 Jan 2025 09:00 +0000\nMessage-ID: <2@x>\n",
			[]string{"mail:1@x", "mail:2@x"}, []int{2, 6}},
		{"body with no blank line after the headers",
			"From a@x Mon Jan  6 09:00:00 2025\nFrom: a@x\nDate: 6 Jan 2025 09:00 +0000\nMessage-ID: <1@x>\nthis is body\nFrom b@x Mon Jan  6 09:00:00 2025\nFrom: b@x\nDate: 6 Jan 2025 09:00 +0000\nMessage-ID: <2@x>\n",
			[]string{"mail:1@x", "mail:2@x"}, []int{2, 7}},
		{"a separator-shaped line ending a header block, with a body line after it, is body",
			"From a@x Mon Jan  6 09:00:00 2025\nFrom: a@x\nDate: 6 Jan 2025 09:00 +0000\nMessage-ID: <1@x>\nFrom b@x Mon Jan  6 09:00:00 2025\nnot a header\nFrom c@x Mon Jan  6 09:00:00 2025\nFrom: c@x\nDate: 6 Jan 2025 09:00 +0000\nMessage-ID: <2@x>\n",
			[]string{"mail:1@x", "mail:2@x"}, []int{2, 8}},
		{"leading blank lines before the first separator",
			"\n\nFrom a@x Mon Jan  6 09:00:00 2025\nFrom: a@x\nDate: 6 Jan 2025 09:00 +0000\nMessage-ID: <1@x>\n\nbody\n",
			[]string{"mail:1@x"}, []int{4}},
		{"unterminated last line",
			"From a@x Mon Jan  6 09:00:00 2025\nFrom: a@x\nDate: 6 Jan 2025 09:00 +0000\nMessage-ID: <1@x>",
			[]string{"mail:1@x"}, []int{2}},
		{"single message", "From: a@x\nDate: 6 Jan 2025 09:00 +0000\nMessage-ID: <1@x>\n\nFrom b@x Mon Jan  6 09:00:00 2025\nFrom: b@x\n",
			[]string{"mail:1@x"}, []int{1}},
		{"empty input", "", nil, nil},
		{"UTF-8 BOM before a single message", "\xef\xbb\xbfFrom: a@x\nDate: 6 Jan 2025 09:00 +0000\nMessage-ID: <1@x>\n\nbody\n", []string{"mail:1@x"}, []int{1}},
		{"UTF-8 BOM before an mbox", "\xef\xbb\xbfFrom a@x Mon Jan  6 09:00:00 2025\nFrom: a@x\nDate: 6 Jan 2025 09:00 +0000\nMessage-ID: <1@x>\n\nbody\n", []string{"mail:1@x"}, []int{2}},
	}
	for _, tt := range tests {
		for _, eol := range []string{"LF", "CRLF"} {
			t.Run(tt.name+"/"+eol, func(t *testing.T) {
				in := tt.in
				if eol == "CRLF" {
					in = crlf(in)
				}
				got, bad, _ := readAll(t, in, "x.mbox")
				if len(bad) > 0 {
					t.Fatalf("bad records: %v", bad)
				}
				if g := ids(got); strings.Join(g, " ") != strings.Join(tt.ids, " ") {
					t.Fatalf("ids %v, want %v", g, tt.ids)
				}
				for i, it := range got {
					if it.Pos.Line != tt.lines[i] || it.Pos.File != "x.mbox" {
						t.Errorf("message %d at %v, want x.mbox:%d", i, it.Pos, tt.lines[i])
					}
				}
			})
		}
	}
}

// TestMessage checks the fields of one message.
func TestMessage(t *testing.T) {
	tests := []struct {
		name, fixture string
		want          importer.Interaction
	}{
		{"RFC 2047 in many charsets", "encoded.eml", importer.Interaction{
			ExternalID: "mail:encoded@example.de",
			At:         time.Date(2025, 3, 3, 11, 0, 0, 0, time.UTC),
			Subject:    "Grüße aus München €",
			Parties: []importer.Party{
				{Name: "Jörg Müller", Email: "joerg@example.de", Role: ally.RoleInitiator},
				{Name: "André", Email: "andre@example.fr", Role: ally.RoleTo},
				{Name: "Владимир", Email: "vladimir@example.ru", Role: ally.RoleTo},
				{Name: "Владимир", Email: "vlad2@example.ru", Role: ally.RoleTo},
				{Name: "张三", Email: "zhang@example.cn", Role: ally.RoleCC},
				{Name: "田中", Email: "tanaka@example.jp", Role: ally.RoleCC},
				{Name: "Łukasz", Email: "lukasz@example.pl", Role: ally.RoleCC},
				{Name: "François", Email: "francois@example.fr", Role: ally.RoleCC},
			}}},
		{"raw 8-bit names read as windows-1252; EST without seconds", "raw8bit.eml", importer.Interaction{
			ExternalID: "mail:raw8bit@example.fr",
			At:         time.Date(2025, 3, 4, 13, 15, 0, 0, time.UTC),
			Subject:    "Café “quoted”",
			Parties: []importer.Party{
				{Name: "René Lefèvre", Email: "rene@example.fr", Role: ally.RoleInitiator},
				{Name: "Müller, Jürgen", Email: "juergen@example.de", Role: ally.RoleTo},
			}}},
		{"CRLF, folded subject, PST", "crlf.eml", importer.Interaction{
			ExternalID: "mail:crlf@example.com",
			At:         time.Date(2025, 3, 5, 18, 0, 0, 0, time.UTC),
			Subject:    "crlf and folded",
			Parties: []importer.Party{
				{Name: "Dana", Email: "dana@example.com", Role: ally.RoleInitiator},
				{Name: "Eve", Email: "eve@example.com", Role: ally.RoleTo},
			}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, bad, st := readAll(t, readFixture(t, tt.fixture), tt.fixture)
			if len(bad) > 0 || len(got) != 1 || st.Messages != 1 {
				t.Fatalf("got %d messages, bad %v", len(got), bad)
			}
			g, w := got[0], tt.want
			w.Source, w.Kind, w.Pos = ally.SourceEmail, ally.ChanEmail, importer.Pos{File: tt.fixture, Line: 1}
			if g.ExternalID != w.ExternalID || !g.At.Equal(w.At) || g.Subject != w.Subject || g.Source != w.Source || g.Kind != w.Kind || g.Pos != w.Pos || g.Bulk != "" {
				t.Errorf("got  %+v\nwant %+v", g, w)
			}
			if len(g.Parties) != len(w.Parties) {
				t.Fatalf("parties %+v\nwant    %+v", g.Parties, w.Parties)
			}
			for i := range w.Parties {
				if g.Parties[i] != w.Parties[i] {
					t.Errorf("party %d: %+v, want %+v", i, g.Parties[i], w.Parties[i])
				}
			}
		})
	}
}

// TestParties checks roles: From (or Sender) first, each mailbox once with
// its strongest role, headers in any case, repeated Cc headers all read.
func TestParties(t *testing.T) {
	const date = "Date: Mon, 6 Jan 2025 09:00:00 +0000\n"
	tests := []struct {
		name, in string
		want     string // email/role pairs
	}{
		{"from to cc", "From: a@x\nTo: b@x\nCc: c@x\n" + date, "a@x/initiator b@x/to c@x/cc"},
		{"same address once, strongest role", "From: a@x\nTo: b@x, A@X\nCc: b@x, c@x, a@x\n" + date, "a@x/initiator b@x/to c@x/cc"},
		{"Sender when no From", "Sender: s@x\nTo: b@x\n" + date, "s@x/initiator b@x/to"},
		{"Sender when From has no address", "From: undisclosed recipients\nSender: s@x\n" + date, "s@x/initiator"},
		{"From wins over Sender", "Sender: s@x\nFrom: a@x\n" + date, "a@x/initiator"},
		{"header names in any case, two cc headers (notmuch broken-cc)", "FROM: a@x\nto: b@x\nCc: c@x\ncc: d@x\nCC: e@x\n" + date, "a@x/initiator b@x/to c@x/cc d@x/cc e@x/cc"},
		{"several From mailboxes", "From: a@x, b@x\n" + date, "a@x/initiator b@x/initiator"},
		{"group To", "From: a@x\nTo: undisclosed-recipients:;\n" + date, "a@x/initiator"},
		{"many recipients (the map path): still once each, strongest role",
			"From: a@x\nTo: " + manyAddrs(1, 20) + ", A@X, b3@x\nCc: " + manyAddrs(15, 25) + "\n" + date,
			"a@x/initiator " + manyRoles(1, 20, "to") + " " + manyRoles(21, 25, "cc")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, bad, _ := readAll(t, tt.in, "m.eml")
			if len(bad) > 0 || len(got) != 1 {
				t.Fatalf("got %v, bad %v", got, bad)
			}
			var ps []string
			for _, p := range got[0].Parties {
				ps = append(ps, p.Email+"/"+string(p.Role))
			}
			if g := strings.Join(ps, " "); g != tt.want {
				t.Errorf("parties %s, want %s", g, tt.want)
			}
		})
	}
}

func manyAddrs(from, to int) string {
	var s []string
	for i := from; i <= to; i++ {
		s = append(s, "b"+itoa(i)+"@x")
	}
	return strings.Join(s, ", ")
}

func manyRoles(from, to int, role string) string {
	var s []string
	for i := from; i <= to; i++ {
		s = append(s, "b"+itoa(i)+"@x/"+role)
	}
	return strings.Join(s, " ")
}

// TestExternalID checks the id from Message-ID and the hash without one.
func TestExternalID(t *testing.T) {
	const base = "From: a@x\nTo: b@x\nDate: Mon, 6 Jan 2025 09:00:00 +0000\nSubject: s\n"
	tests := []struct{ name, in, want string }{
		{"brackets removed, case kept", base + "Message-ID: <AbC.123@Example.ORG>\n", "mail:AbC.123@Example.ORG"},
		{"trimmed and folded", base + "Message-ID:\n   <id@x>  \n", "mail:id@x"},
		{"comment after", base + "Message-Id: <id@x> (added by relay)\n", "mail:id@x"},
		{"no brackets", base + "Message-ID: id@x\n", "mail:id@x"},
		{"absent: hash", base, "mail-sha256:"},
		{"empty: hash", base + "Message-ID: \n", "mail-sha256:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, bad, _ := readAll(t, tt.in, "m.eml")
			if len(bad) > 0 || len(got) != 1 {
				t.Fatalf("got %v, bad %v", got, bad)
			}
			id := got[0].ExternalID
			if strings.HasSuffix(tt.want, ":") {
				if !strings.HasPrefix(id, tt.want) || len(id) != len(tt.want)+64 {
					t.Errorf("id %q, want %s + 64 hex digits", id, tt.want)
				}
			} else if id != tt.want {
				t.Errorf("id %q, want %q", id, tt.want)
			}
		})
	}
	// The hash is stable and depends on the identifying headers only.
	h := func(in string) string {
		got, _, _ := readAll(t, in, "m.eml")
		return got[0].ExternalID
	}
	if a, b := h(base), h(base+"X-Other: 1\n"); a != b {
		t.Errorf("hash changed with an unrelated header: %s, %s", a, b)
	}
	if a, b := h(base), h(strings.Replace(base, "Subject: s", "Subject: t", 1)); a == b {
		t.Errorf("hash did not change with the subject: %s", a)
	}
}

// TestBulk checks the list and bulk flags and their reasons.
func TestBulk(t *testing.T) {
	const base = "To: b@x\nDate: Mon, 6 Jan 2025 09:00:00 +0000\n"
	tests := []struct{ name, in, want string }{
		{"personal", "From: a@x\n" + base, ""},
		{"List-Id", "From: a@x\nList-Id: <dev.lists.x>\n" + base, "List-Id"},
		{"List-Unsubscribe", "From: a@x\nList-Unsubscribe: <mailto:u@x>\n" + base, "List-Unsubscribe"},
		{"Precedence bulk", "From: a@x\nPrecedence: bulk\n" + base, "Precedence: bulk"},
		{"Precedence list, upper case", "From: a@x\nPRECEDENCE: List\n" + base, "Precedence: list"},
		{"Precedence junk", "From: a@x\nPrecedence: junk\n" + base, "Precedence: junk"},
		{"Precedence first-class is personal", "From: a@x\nPrecedence: first-class\n" + base, ""},
		{"Auto-Submitted auto-replied", "From: a@x\nAuto-Submitted: auto-replied (vacation)\n" + base, "Auto-Submitted: auto-replied"},
		{"Auto-Submitted no", "From: a@x\nAuto-Submitted: no\n" + base, ""},
		{"noreply", "From: Shop <noreply@shop.x>\n" + base, "no-reply sender"},
		{"no-reply with tag", "From: no-reply+abc@x\n" + base, "no-reply sender"},
		{"do_not_reply", "From: DO_NOT_REPLY@x\n" + base, "no-reply sender"},
		{"donotreply", "From: donotreply@x\n" + base, "no-reply sender"},
		{"mailer-daemon", "From: MAILER-DAEMON@mx.x\n" + base, "no-reply sender"},
		{"bruno-reply is a person", "From: bruno-reply@x\n" + base, ""},
		{"noreplyish words inside", "From: snoreply@x\n" + base, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, bad, st := readAll(t, tt.in, "m.eml")
			if len(bad) > 0 || len(got) != 1 {
				t.Fatalf("got %v, bad %v", got, bad)
			}
			if got[0].Bulk != tt.want {
				t.Errorf("Bulk %q, want %q", got[0].Bulk, tt.want)
			}
			if wantN := map[bool]int{true: 1, false: 0}[tt.want != ""]; st.Bulk != wantN {
				t.Errorf("Stats.Bulk %d, want %d", st.Bulk, wantN)
			}
		})
	}
}

// TestBadRecords checks that bad messages are errors naming file, line and
// field, stop the read without Skip and are skipped with it.
func TestBadRecords(t *testing.T) {
	tests := []struct {
		name, in string
		want     importer.Error
		stats    Stats
	}{
		{"no Date", readFixture(t, "nodate.eml"), importer.Error{Pos: importer.Pos{File: "f", Line: 1}, Field: "Date", Reason: "no Date header"}, Stats{Files: 1, Bad: 1, NoDate: 1}},
		{"no From, no Sender", readFixture(t, "nofrom.eml"), importer.Error{Pos: importer.Pos{File: "f", Line: 1}, Field: "From", Reason: "no From or Sender address"}, Stats{Files: 1, Bad: 1, NoSender: 1}},
		{"bad date names its line", "From: a@x\nSubject: s\nDate: tomorrow\n", importer.Error{Pos: importer.Pos{File: "f", Line: 3}, Field: "Date", Reason: `cannot read "tomorrow": no month`}, Stats{Files: 1, Bad: 1}},
		{"From without address names its line", "Subject: s\nFrom: nobody here\nDate: 6 Jan 2025 09:00 +0000\n", importer.Error{Pos: importer.Pos{File: "f", Line: 2}, Field: "From", Reason: `no address in "nobody here"`}, Stats{Files: 1, Bad: 1, NoSender: 1}},
		{"empty Date", "From: a@x\nDate:  \n", importer.Error{Pos: importer.Pos{File: "f", Line: 2}, Field: "Date", Reason: "empty"}, Stats{Files: 1, Bad: 1, NoDate: 1}},
		{"not mail", "just some text\n", importer.Error{Pos: importer.Pos{File: "f", Line: 1}, Reason: "not a mail message: no From, Date or Message-ID header"}, Stats{Files: 1, Bad: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Without Skip: the error is returned.
			st, err := Read(strings.NewReader(tt.in), "f", Options{}, func(importer.Interaction) error {
				t.Error("emit called for a bad record")
				return nil
			})
			var e *importer.Error
			if !errors.As(err, &e) || *e != tt.want {
				t.Fatalf("err %v, want %v", err, &tt.want)
			}
			if st != tt.stats {
				t.Errorf("stats %+v, want %+v", st, tt.stats)
			}
		})
	}
	// With Skip: every bad record of an mbox is reported and the rest read.
	in := "From a Mon Jan  6 09:00:00 2025\n" + readFixture(t, "nodate.eml") +
		"From a Mon Jan  6 09:00:00 2025\n" + readFixture(t, "nofrom.eml") +
		"From a Mon Jan  6 09:00:00 2025\nFrom: ok@x\nDate: 6 Jan 2025 09:00 +0000\n\nok\n"
	got, bad, st := readAll(t, in, "box")
	if len(got) != 1 || len(bad) != 2 || bad[0].Pos.Line != 2 || bad[1].Pos.Line != 9 || bad[0].Field != "Date" || bad[1].Field != "From" {
		t.Errorf("got %d messages, bad %v", len(got), bad)
	}
	if st != (Stats{Files: 1, Messages: 1, Bad: 2, NoDate: 1, NoSender: 1}) {
		t.Errorf("stats %+v", st)
	}
	// A Skip that returns an error stops the read with it.
	stop := errors.New("stop")
	if _, err := Read(strings.NewReader(in), "box", Options{Skip: func(*importer.Error) error { return stop }}, func(importer.Interaction) error { return nil }); err != stop {
		t.Errorf("err %v, want the Skip's error", err)
	}
	// An emit error stops the read with it.
	if _, err := Read(strings.NewReader(in), "box", Options{Skip: func(*importer.Error) error { return nil }}, func(importer.Interaction) error { return stop }); err != stop {
		t.Errorf("err %v, want the emit's error", err)
	}
}

// endless is an input of n bytes of c with no line break.
type endless struct {
	n int64
	c byte
}

func (e *endless) Read(p []byte) (int, error) {
	if e.n <= 0 {
		return 0, io.EOF
	}
	k := min(int64(len(p)), e.n)
	for i := range p[:k] {
		p[i] = e.c
	}
	e.n -= k
	return int(k), nil
}

// TestHugeHeader checks the header cap: a clear error, bounded memory,
// and in an mbox the next message still read.
func TestHugeHeader(t *testing.T) {
	// A 64 MiB header line in a single message.
	r := io.MultiReader(strings.NewReader("From: a@x\nSubject: "), &endless{n: 64 << 20, c: 'x'})
	_, err := Read(r, "big.eml", Options{}, func(importer.Interaction) error { return nil })
	var e *importer.Error
	if !errors.As(err, &e) || e.Pos.Line != 1 || !strings.Contains(e.Reason, "header block larger than 1048576 bytes") {
		t.Fatalf("err %v, want a header-size error at big.eml:1", err)
	}
	// A 1 GB file of one line costs no more than the cap to look at.
	lr := &endless{n: 1 << 30, c: 'y'}
	_, err = Read(lr, "one-line", Options{}, func(importer.Interaction) error { return nil })
	if err == nil || lr.n < (1<<30)-(4<<20) {
		t.Errorf("err %v after reading %d bytes of a 1 GB line, want an error after at most 4 MiB", err, (1<<30)-lr.n)
	}
	// Many header lines over a small cap, in an mbox: reported, then the
	// next message is read.
	var big bytes.Buffer
	big.WriteString("From a Mon Jan  6 09:00:00 2025\nFrom: a@x\n")
	for i := 0; i < 1000; i++ {
		big.WriteString("Received: from somewhere by somewhere else\n")
	}
	big.WriteString("\nbody\nFrom b Mon Jan  6 09:00:00 2025\nFrom: b@x\nDate: 6 Jan 2025 09:00 +0000\nMessage-ID: <b@x>\n\nbody\n")
	var bad []*importer.Error
	var got []importer.Interaction
	_, err = Read(&big, "box", Options{MaxHeaderBytes: 4096, Skip: func(e *importer.Error) error { bad = append(bad, e); return nil }},
		func(it importer.Interaction) error { got = append(got, it); return nil })
	if err != nil || len(bad) != 1 || len(got) != 1 || got[0].ExternalID != "mail:b@x" || got[0].Pos.Line != 1006 {
		t.Errorf("err %v, bad %v, got %v", err, bad, got)
	}
	// A long body line is fine.
	long := "From a Mon Jan  6 09:00:00 2025\nFrom: a@x\nDate: 6 Jan 2025 09:00 +0000\n\n" + strings.Repeat("z", 3<<20) + "\nFrom b Mon Jan  6 09:00:00 2025\nFrom: b@x\nDate: 6 Jan 2025 09:00 +0000\n"
	if got, bad, _ := readAll(t, long, "box"); len(got) != 2 || len(bad) != 0 {
		t.Errorf("long body line: %d messages, bad %v", len(got), bad)
	}
}

// TestReadPath checks a maildir tree: cur/ and new/ read, tmp/ left out,
// files that are not mail passed over, sorted order, mbox files inside.
func TestReadPath(t *testing.T) {
	dir := t.TempDir()
	msg := func(id string) string {
		return "From: a@x\nDate: 6 Jan 2025 09:00 +0000\nMessage-ID: <" + id + ">\n\nbody\n"
	}
	files := map[string]string{
		"Maildir/cur/2.eml:2,S":     msg("cur2"),
		"Maildir/cur/1.eml:2,S":     msg("cur1"),
		"Maildir/new/3":             msg("new3"),
		"Maildir/tmp/4":             msg("tmp4"),
		"Maildir/.Sent/cur/5":       msg("sent5"),
		"Maildir/.Sent/new/.keep":   "",
		"Maildir/dovecot-uidlist":   "3 V1 N5\n1 :2,S\n",
		"Maildir/FILENAMES.tsv":     "default/cur/52:2,\tdefault/cur/52.eml\n",
		"archive/old.mbox":          "From a Mon Jan  6 09:00:00 2025\n" + msg("mbox1") + "From a Mon Jan  6 09:00:00 2025\n" + msg("mbox2"),
		"archive/not-a-maildir/tmp": msg("plain-tmp"),
		"archive/photo.bin":         strings.Repeat("\x89PNG", 300<<10), // 1.2 MB, no line break
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	st, err := ReadPath(dir, Options{}, func(it importer.Interaction) error {
		got = append(got, it.ExternalID+"@"+strings.TrimPrefix(it.Pos.String(), dir+string(filepath.Separator)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Lexical order: ".Sent" first, "cur" before "new"; a tmp/ outside
	// a maildir is read.
	want := "mail:sent5@Maildir/.Sent/cur/5:1 mail:cur1@Maildir/cur/1.eml:2,S:1 mail:cur2@Maildir/cur/2.eml:2,S:1 mail:new3@Maildir/new/3:1 " +
		"mail:plain-tmp@archive/not-a-maildir/tmp:1 mail:mbox1@archive/old.mbox:2 mail:mbox2@archive/old.mbox:8"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("got  %s\nwant %s", g, want)
	}
	if st.Messages != 7 || st.NotMail != 4 || st.Files != 6 {
		t.Errorf("stats %+v, want 7 messages, 4 not mail (dovecot-uidlist, FILENAMES.tsv, an empty .keep, a binary file), 6 files", st)
	}
	// A file named on its own that is not mail is a bad record.
	if _, err := ReadPath(filepath.Join(dir, "Maildir/dovecot-uidlist"), Options{}, func(importer.Interaction) error { return nil }); err == nil {
		t.Error("a non-mail file named on its own read without error")
	}
	if _, err := ReadPath(filepath.Join(dir, "missing"), Options{}, func(importer.Interaction) error { return nil }); err == nil {
		t.Error("a missing path read without error")
	}
}

// TestReadPathShared reads the notmuch tree as one directory: every
// message file read, FILENAMES.tsv passed over.
func TestReadPathShared(t *testing.T) {
	dir := needSharedData(t, "mail-rfc822")
	var n int
	st, err := ReadPath(dir, Options{Skip: func(*importer.Error) error { return nil }}, func(importer.Interaction) error { n++; return nil })
	if err != nil {
		t.Fatal(err)
	}
	// 296 message files, one of them (text-calendar.eml, no year in its
	// Date) bad; FILES.tsv, SOURCE.md and FILENAMES.tsv are not mail.
	if n != 295 || st.Bad != 1 || st.NotMail != 3 || st.Files != 296 {
		t.Errorf("%d messages, stats %+v; want 295 messages, 1 bad, 3 not mail, 296 files", n, st)
	}
}

func TestDeduper(t *testing.T) {
	d := NewDeduper()
	var got []string
	emit := d.Emit(func(it importer.Interaction) error { got = append(got, it.ExternalID); return nil })
	for _, id := range []string{"mail:a", "mail:b", "mail:a", "mail-sha256:c", "mail:b", "mail-sha256:c", "mail:A"} {
		if err := emit(importer.Interaction{ExternalID: id}); err != nil {
			t.Fatal(err)
		}
	}
	if g := strings.Join(got, " "); g != "mail:a mail:b mail-sha256:c mail:A" || d.Dropped != 3 {
		t.Errorf("kept %s, dropped %d; want mail:a mail:b mail-sha256:c mail:A, 3 dropped", g, d.Dropped)
	}
}

// TestDuplicateShared: notmuch's duplicate folder is the same Message-ID
// delivered more than once.
func TestDuplicateShared(t *testing.T) {
	dir := needSharedData(t, "mail-rfc822/notmuch/duplicate")
	d := NewDeduper()
	n := 0
	st, err := ReadPath(dir, Options{}, d.Emit(func(importer.Interaction) error { n++; return nil }))
	if err != nil {
		t.Fatal(err)
	}
	if st.Messages != 9 || d.Dropped == 0 || n+d.Dropped != 9 {
		t.Errorf("%d read, %d kept, %d dropped", st.Messages, n, d.Dropped)
	}
	t.Logf("notmuch/duplicate: %d files, %d distinct messages", st.Messages, n)
}
