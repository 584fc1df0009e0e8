package mail

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/importer"
)

// seedFiles adds every testdata file matching the patterns as a seed.
func seedFiles(f *testing.F, patterns ...string) [][]byte {
	var seeds [][]byte
	for _, pat := range patterns {
		names, err := filepath.Glob(filepath.Join("testdata", pat))
		if err != nil {
			f.Fatal(err)
		}
		for _, n := range names {
			b, err := os.ReadFile(n)
			if err != nil {
				f.Fatal(err)
			}
			seeds = append(seeds, b)
		}
	}
	if len(seeds) == 0 {
		f.Fatalf("no seeds in testdata for %v", patterns)
	}
	return seeds
}

type fuzzResult struct {
	ids  []string
	bad  int
	errs []*importer.Error
}

func fuzzRead(t *testing.T, in []byte, maxHdr int) fuzzResult {
	var res fuzzResult
	lines := bytes.Count(in, []byte{'\n'}) + 1
	_, err := Read(bytes.NewReader(in), "fuzz", Options{MaxHeaderBytes: maxHdr, Skip: func(e *importer.Error) error {
		if e.Pos.File != "fuzz" || e.Pos.Line < 1 || e.Pos.Line > lines || e.Reason == "" {
			t.Errorf("bad record without a place or reason: %+v", e)
		}
		res.bad++
		res.errs = append(res.errs, e)
		return nil
	}}, func(it importer.Interaction) error {
		if it.Source != ally.SourceEmail || it.Kind != ally.ChanEmail || it.ExternalID == "" {
			t.Errorf("interaction without source, kind or id: %+v", it)
		}
		if !strings.HasPrefix(it.ExternalID, "mail:") && !strings.HasPrefix(it.ExternalID, "mail-sha256:") {
			t.Errorf("id %q", it.ExternalID)
		}
		if it.Pos.Line < 1 || it.Pos.Line > lines {
			t.Errorf("message at line %d of %d", it.Pos.Line, lines)
		}
		if len(it.Parties) == 0 || it.Parties[0].Role != ally.RoleInitiator {
			t.Errorf("no initiator first: %+v", it.Parties)
		}
		for _, p := range it.Parties {
			if p.Email == "" || !utf8.ValidString(p.Name) || !utf8.ValidString(p.Email) || strings.ContainsAny(p.Name, "\r\n\t") {
				t.Errorf("party %+v", p)
			}
		}
		if it.At.Location() != time.UTC || it.At.IsZero() {
			t.Errorf("at %v", it.At)
		}
		if !utf8.ValidString(it.Subject) || strings.ContainsAny(it.Subject, "\r\n\t") {
			t.Errorf("subject %q", it.Subject)
		}
		res.ids = append(res.ids, it.ExternalID)
		return nil
	})
	if err != nil {
		t.Fatalf("Read from memory: %v", err)
	}
	if len(res.ids)+res.bad > lines {
		t.Errorf("%d records from %d lines", len(res.ids)+res.bad, lines)
	}
	return res
}

// FuzzRead reads mbox files and single messages: it must not panic or
// hang, every message must have what the importer needs, and a file must
// read the same with LF and CRLF line endings.
func FuzzRead(f *testing.F) {
	for _, s := range seedFiles(f, "*.mbox", "*.eml") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		lf := fuzzRead(t, in, 0)
		fuzzRead(t, in, 256) // a small cap, to reach the too-big paths
		if bytes.IndexByte(in, '\r') >= 0 {
			return
		}
		cr := fuzzRead(t, bytes.ReplaceAll(in, []byte{'\n'}, []byte("\r\n")), 0)
		if strings.Join(lf.ids, " ") != strings.Join(cr.ids, " ") || lf.bad != cr.bad {
			t.Errorf("LF reads %v (%d bad), CRLF %v (%d bad)", lf.ids, lf.bad, cr.ids, cr.bad)
		}
	})
}

// FuzzParseDate: no panic; a date read is in UTC and reads back the same
// from its RFC 5322 form.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"Wed, 9 Feb 2000 15:44:05 -0500", "Mon, 14 May 2001 16:39:00 -0700 (PDT)", "4 Mar 25 08:15 EST",
		"Wed Feb  9 22:02 MET 2000", "9-Feb-2000 15:44:05 +0000", "Thu Jan 01 00:00:10 +0000", "Mi, 9. Feb 2000 15:44:05 +0100",
		"31 Dec 2016 23:59:60 +0000", "Wed, 9 Feb 2000 15:44:05 GMT+0100", "1 Jan 49 00:00 Z",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if d.Location() != time.UTC || d.Year() < 1000 || d.Year() > 9999 {
			t.Fatalf("ParseDate(%q) = %v", s, d)
		}
		back, err := ParseDate(d.Format(time.RFC1123Z))
		if err != nil || !back.Equal(d) {
			t.Fatalf("ParseDate(%q) = %v, which reads back as %v, %v", s, d, back, err)
		}
	})
}

// FuzzAddressList: no panic, bounded output, addresses that are one token.
func FuzzAddressList(f *testing.F) {
	for _, s := range []string{
		`"Doe, Jane" <jane@x.org>, bob@y (Bob)`, "undisclosed-recipients:;", "Team: a@x, B <b@y>; c@z",
		"Jane Doe jane@x", "=?windows-1251?B?wuvg5Ojs6PA=?= <v@x.ru>", "<@relay:j@x>", `"jane doe"@x.org`,
		"Joseph K <jk@x.com>\n magick@y.com", "A <a@x> B <b@y>", "Ren\xe9 <r@x>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		as := ParseAddressList(s)
		if len(as) > maxAddresses || len(as) > len(s) {
			t.Fatalf("%d addresses from %d bytes", len(as), len(s))
		}
		for _, a := range as {
			if a.Email == "" {
				t.Errorf("empty address in %q", as)
			}
			if !strings.Contains(a.Email, `"`) && strings.ContainsAny(a.Email, " \t\r\n,<>") {
				t.Errorf("address %q is not one token", a.Email)
			}
			if strings.ContainsAny(a.Name, "\r\n\t") || !utf8.ValidString(a.Name) || !utf8.ValidString(a.Email) {
				t.Errorf("name %q", a.Name)
			}
		}
	})
}
