package vcard

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/allyhq/ally/importer"
	"golang.org/x/text/encoding/unicode"
)

// readAll reads input with bad cards collected (Skip set) and returns the
// people, the bad cards and Read's own error.
func readAll(t testing.TB, input string, opt Options) ([]importer.Person, []*importer.Error, error) {
	t.Helper()
	var people []importer.Person
	var bad []*importer.Error
	if opt.Skip == nil {
		opt.Skip = func(e *importer.Error) error { bad = append(bad, e); return nil }
	}
	err := Read(strings.NewReader(input), "test.vcf", opt, func(p importer.Person) error {
		people = append(people, p)
		return nil
	})
	return people, bad, err
}

// crlf turns the "\n" of a Go literal into CRLF, as most exports write.
func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

// pos is a position in test.vcf.
func pos(line int) importer.Pos { return importer.Pos{File: "test.vcf", Line: line} }

func TestRead(t *testing.T) {
	photo := strings.Repeat(" QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\r\n", 2000)
	tests := []struct {
		name  string
		input string
		opt   Options
		want  []importer.Person // ExternalID is compared only when set here
	}{
		{"folding CRLF, space continuation",
			crlf("BEGIN:VCARD\nVERSION:3.0\nFN:Anna Ka\n renina\nEMAIL:anna@exa\n mple.com\nEND:VCARD\n"), Options{},
			[]importer.Person{{Name: "Anna Karenina", Emails: []string{"anna@example.com"}, Pos: pos(1)}}},
		{"folding LF, tab continuation",
			"BEGIN:VCARD\nVERSION:3.0\nFN:Anna\n\t Karenina\nEND:VCARD\n", Options{},
			[]importer.Person{{Name: "Anna Karenina", Pos: pos(1)}}},
		{"fold splits a UTF-8 sequence (kcontacts vcard9)",
			"BEGIN:VCARD\nFN:\xce\n \xb2\xce\xb3\nEND:VCARD\n", Options{},
			[]importer.Person{{Name: "βγ", Pos: pos(1)}}},
		{"vCard 2.1 bare parameters",
			crlf("BEGIN:VCARD\nVERSION:2.1\nN:Doe;John\nEMAIL;INTERNET;PREF:x@y.com\nEMAIL;PREF;INTERNET:z@y.com\nTEL;CELL:+91 98\nTEL;WORK;VOICE:(617) 236-0442\nEND:VCARD\n"), Options{},
			[]importer.Person{{Name: "John Doe", Emails: []string{"x@y.com", "z@y.com"}, Phones: []string{"+91 98", "(617) 236-0442"}, Pos: pos(1)}}},
		{"quoted-printable with soft line breaks",
			crlf("BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=91=20=C3=91=\n=20J=C3=BCrgen\nNOTE;QUOTED-PRINTABLE:line one=0D=0A=\nline two\nEND:VCARD\n"), Options{Notes: true},
			[]importer.Person{{Name: "Ñ Ñ Jürgen", Notes: "line one\nline two", Pos: pos(1)}}},
		{"quoted-printable soft break before an indented line; a fold inside an escape",
			crlf("BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=\n =C3=BCr=\n\tgen=C3=\n =BC=\n=C3=\n =BC\nEND:VCARD\n"), Options{},
			[]importer.Person{{Name: "Jürgenüü", Pos: pos(1)}}},
		{"quoted-printable '=' before END:VCARD does not swallow it",
			crlf("BEGIN:VCARD\nVERSION:2.1\nFN;ENCODING=QUOTED-PRINTABLE:Bob=\nEND:VCARD\n"), Options{},
			[]importer.Person{{Name: "Bob", Pos: pos(1)}}},
		{"CHARSET ISO-8859-1, windows-1252, windows-1251, with and without QP",
			"BEGIN:VCARD\nFN;CHARSET=ISO-8859-1:Ren\xe9 M\xfcller\nORG;CHARSET=windows-1252:Caf\xe9 \x80\nTITLE;CHARSET=windows-1251;ENCODING=QUOTED-PRINTABLE:=C8=E2=E0=ED\nEND:VCARD\n", Options{},
			[]importer.Person{{Name: "René Müller", Organisation: "Café €", Title: "Иван", Pos: pos(1)}}},
		{"unlabelled bytes that are not UTF-8 read as windows-1252",
			"BEGIN:VCARD\nFN:Fran\xe7ois\nEND:VCARD\n", Options{},
			[]importer.Person{{Name: "François", Pos: pos(1)}}},
		{"3.0 and 4.0 TYPE lists: the work address gives the location",
			"BEGIN:VCARD\nVERSION:4.0\nFN:A\nADR;TYPE=home:;;1 Home St;Hometown;;;\nADR;TYPE=\"postal,work\":;;2 Office Rd;Worktown;;;\nTEL;TYPE=\"voice,cell\":+1 555\nEND:VCARD\n" +
				"BEGIN:VCARD\nVERSION:3.0\nFN:B\nADR;TYPE=HOME:;;;Hometown;;;\nADR;TYPE=PARCEL,WORK:;;;Worktown;;;\nEND:VCARD\n" +
				"BEGIN:VCARD\nVERSION:2.1\nFN:C\nADR;HOME:;;;Hometown;;;\nADR;WORK;PREF:;;;Worktown;;;\nEND:VCARD\n" +
				"BEGIN:VCARD\nFN:D\nADR:;;;;Region;;\nADR:;;;Town\\, North;;;\nEND:VCARD\n", Options{},
			[]importer.Person{
				{Name: "A", Phones: []string{"+1 555"}, Location: "Worktown", Pos: pos(1)},
				{Name: "B", Location: "Worktown", Pos: pos(8)},
				{Name: "C", Location: "Worktown", Pos: pos(14)},
				{Name: "D", Location: "Town, North", Pos: pos(20)}}},
		{"escaped comma, semicolon and newline; ORG units",
			`BEGIN:VCARD
FN:Doe\, John\; Jr.\nthe second
ORG:Acme\; Co;R\,D;Team\\One;Ignored
TITLE:Head\, Tests
NOTE:a\nb\Nc
END:VCARD
`, Options{Notes: true},
			[]importer.Person{{Name: "Doe, John; Jr.\nthe second", Organisation: "Acme; Co", Department: "R,D", Team: `Team\One`, Title: "Head, Tests", Notes: "a\nb\nc", Pos: pos(1)}}},
		{"grouped properties",
			"BEGIN:VCARD\nVERSION:3.0\nFN:Grouped\nitem1.EMAIL;type=INTERNET:g@x.org\nitem1.X-ABLabel:_$!<Other>!$_\nitem2.TEL:123\nEND:VCARD\n", Options{},
			[]importer.Person{{Name: "Grouped", Emails: []string{"g@x.org"}, Phones: []string{"123"}, Pos: pos(1)}}},
		{"4.0 VALUE=uri with tel: and mailto:",
			"BEGIN:VCARD\nVERSION:4.0\nFN:Uri\nTEL;VALUE=uri;TYPE=\"voice,home\":tel:+44-555-5555;ext=55\nEMAIL;VALUE=uri:mailto:uri@x.org\nTEL:TEL:+1-2\nEND:VCARD\n", Options{},
			[]importer.Person{{Name: "Uri", Emails: []string{"uri@x.org"}, Phones: []string{"+44-555-5555;ext=55", "+1-2"}, Pos: pos(1)}}},
		{"several cards, blank lines between them, positions",
			"\n\nBEGIN:VCARD\nFN:One\nEND:VCARD\n\n\nBEGIN:VCARD\nFN:Two\nEND:VCARD\nBEGIN:VCARD\nFN:Three\nEND:VCARD", Options{},
			[]importer.Person{{Name: "One", Pos: pos(3)}, {Name: "Two", Pos: pos(8)}, {Name: "Three", Pos: pos(11)}}},
		{"UTF-8 byte-order mark",
			"\xEF\xBB\xBFBEGIN:VCARD\r\nFN:Bom\r\nEND:VCARD\r\n", Options{},
			[]importer.Person{{Name: "Bom", Pos: pos(1)}}},
		{"lower-case names and values (kcontacts vcard3)",
			"begin:vcard\nversion:2.1\nn:geiser;ian\nemail;internet:geiseri@yahoo.com\norg:Source eXtreme\ntitle:VP\nfn:ian geiser\nend:vcard\n", Options{},
			[]importer.Person{{Name: "ian geiser", Emails: []string{"geiseri@yahoo.com"}, Organisation: "Source eXtreme", Title: "VP", Pos: pos(1)}}},
		{"embedded photo, 3.0 folded base64, skipped",
			"BEGIN:VCARD\r\nFN:Pic\r\nPHOTO;ENCODING=b;TYPE=JPEG:QUFB\r\n" + photo + "EMAIL:pic@x.org\r\nEND:VCARD\r\n", Options{},
			[]importer.Person{{Name: "Pic", Emails: []string{"pic@x.org"}, Pos: pos(1)}}},
		{"embedded photo, 2.1 base64 ended by a blank line",
			crlf("BEGIN:VCARD\nVERSION:2.1\nFN:Pic\nPHOTO;TYPE=JPEG;ENCODING=BASE64:\n /9j/4AAQSkZJRgABAQEAYABgAAD\n QUFB\n\nEMAIL;INTERNET:pic@x.org\nEND:VCARD\n"), Options{},
			[]importer.Person{{Name: "Pic", Emails: []string{"pic@x.org"}, Pos: pos(1)}}},
		{"embedded photo, 2.1 base64 lines not indented",
			crlf("BEGIN:VCARD\nVERSION:2.1\nFN:Pic\nPHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQSkZJRgABAQEAYABgAAD\nQUFBQUFBQUFBQUFB+/==\nAAAA\nEMAIL;INTERNET:pic@x.org\nEND:VCARD\n"), Options{},
			[]importer.Person{{Name: "Pic", Emails: []string{"pic@x.org"}, Pos: pos(1)}}},
		{"photo by URL, never fetched",
			"BEGIN:VCARD\nVERSION:4.0\nFN:Url\nPHOTO:http://127.0.0.1:9/never.jpg\nLOGO;VALUE=uri:https://example.invalid/logo.png\nEND:VCARD\n", Options{},
			[]importer.Person{{Name: "Url", Pos: pos(1)}}},
		{"UID gives the external id",
			"BEGIN:VCARD\nUID:urn:uuid:b8767877\nFN:U\nEND:VCARD\n", Options{},
			[]importer.Person{{ExternalID: "vcard:urn:uuid:b8767877", Name: "U", Pos: pos(1)}}},
		{"notes are dropped unless asked for",
			"BEGIN:VCARD\nFN:N\nNOTE:private\nEND:VCARD\n", Options{},
			[]importer.Person{{Name: "N", Pos: pos(1)}}},
		{"name from N, else ORG, else the email",
			"BEGIN:VCARD\nN:Holmes;Sherlock;Scott,William;Mr;\nEND:VCARD\nBEGIN:VCARD\nFN: \nORG:Bike Shop;Repairs\nEND:VCARD\nBEGIN:VCARD\nN:;;;;\nEMAIL:only@x.org\nEND:VCARD\n", Options{},
			[]importer.Person{{Name: "Sherlock Holmes", Pos: pos(1)}, {Name: "Bike Shop", Organisation: "Bike Shop", Department: "Repairs", Pos: pos(4)}, {Name: "only@x.org", Emails: []string{"only@x.org"}, Pos: pos(8)}}},
		{"emails once, case-insensitively; Google's comma lists split; phones once",
			"BEGIN:VCARD\nFN:Dup\nEMAIL:a@x.org, b@x.org\nEMAIL:A@X.org\nEMAIL:odd\\,name@x.org\nTEL:1\nTEL:1\nEND:VCARD\n", Options{},
			[]importer.Person{{Name: "Dup", Emails: []string{"a@x.org", "b@x.org", "odd,name@x.org"}, Phones: []string{"1"}, Pos: pos(1)}}},
		{"CR-only and CR CR LF line endings",
			"BEGIN:VCARD\rFN:Mac\r EMAIL:x\rEND:VCARD\rBEGIN:VCARD\r\r\nFN:Ipho\r\r\n ne\r\r\nEND:VCARD\r\r\n", Options{},
			[]importer.Person{{Name: "MacEMAIL:x", Pos: pos(1)}, {Name: "Iphone", Pos: pos(5)}}},
		{"a 2.1 AGENT's embedded card is not the outer card's",
			crlf("BEGIN:VCARD\nVERSION:2.1\nFN:Boss\nAGENT:\nBEGIN:VCARD\nVERSION:2.1\nFN:Assistant\nEMAIL:assist@x.org\nEND:VCARD\nEMAIL:boss@x.org\nEND:VCARD\n"), Options{},
			[]importer.Person{{Name: "Boss", Emails: []string{"boss@x.org"}, Pos: pos(1)}}},
		{"quoted parameter values may hold ':' and ';'",
			"BEGIN:VCARD\nFN;X-A=\"a:b;c\":Quoted\nADR;LABEL=\"1 Main St; Town: X\";TYPE=work:;;1 Main St;Town;;;\nEND:VCARD\n", Options{},
			[]importer.Person{{Name: "Quoted", Location: "Town", Pos: pos(1)}}},
		{"repeated VERSION and PRODID, unknown properties",
			"BEGIN:VCARD\nVERSION:3.0\nVERSION:3.0\nPRODID:a\nPRODID:b\nSOUND;X-IRMC-N:x\nX-messaging/xmpp-All:a@b\nFN:Rep\nEND:VCARD\n", Options{},
			[]importer.Person{{Name: "Rep", Pos: pos(1)}}},
		{"parameters Read does not use, some with names that start like ones it does",
			"BEGIN:VCARD\nFN;TYPEX=a;CHARSETS=b;ENCODINGS=c;PREF=1;LANGUAGE=en:Params\nADR;TYPE=work;TYPES=x:;;;Town;;;\nEND:VCARD\n", Options{},
			[]importer.Person{{Name: "Params", Location: "Town", Pos: pos(1)}}},
		{"base64 text value",
			"BEGIN:VCARD\nFN;ENCODING=b:SsO8cmdlbg==\nEND:VCARD\n", Options{},
			[]importer.Person{{Name: "Jürgen", Pos: pos(1)}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, bad, err := readAll(t, tc.input, tc.opt)
			if err != nil || len(bad) > 0 {
				t.Fatalf("Read: err %v, bad cards %v", err, bad)
			}
			checkPeople(t, got, tc.want)
		})
	}
}

// checkPeople compares people, ignoring ExternalID where want has none.
func checkPeople(t *testing.T, got, want []importer.Person) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d people, want %d: %+v", len(got), len(want), got)
	}
	for i := range got {
		g := got[i]
		if want[i].ExternalID == "" {
			g.ExternalID = ""
		}
		if !reflect.DeepEqual(g, want[i]) {
			t.Errorf("person %d:\n got %+v\nwant %+v", i, g, want[i])
		}
	}
}

func TestReadUTF16(t *testing.T) {
	card := "BEGIN:VCARD\r\nFN:Zoë Ünal\r\nEMAIL:z@x.org\r\nEND:VCARD\r\n"
	for _, tc := range []struct {
		name string
		enc  unicode.BOMPolicy
		end  unicode.Endianness
	}{
		{"LE with BOM", unicode.UseBOM, unicode.LittleEndian},
		{"BE with BOM", unicode.UseBOM, unicode.BigEndian},
		{"LE without BOM", unicode.IgnoreBOM, unicode.LittleEndian},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := unicode.UTF16(tc.end, tc.enc).NewEncoder().String(card)
			if err != nil {
				t.Fatal(err)
			}
			got, bad, err := readAll(t, b, Options{})
			if err != nil || len(bad) > 0 {
				t.Fatalf("Read: %v %v", err, bad)
			}
			checkPeople(t, got, []importer.Person{{Name: "Zoë Ünal", Emails: []string{"z@x.org"}, Pos: pos(1)}})
		})
	}
}

func TestReadBadCards(t *testing.T) {
	tests := []struct {
		name  string
		input string
		opt   Options
		bad   []importer.Error // Reason is matched as a substring
		names []string         // the good cards read around the bad ones
	}{
		{"line without ':' (kcontacts vcard4)",
			"BEGIN:VCARD\nFN\nEMAIL:x@y\nEND:VCARD\nBEGIN:VCARD\nFN:Next\nEND:VCARD\n", Options{},
			[]importer.Error{{Pos: pos(2), Field: "FN", Reason: "no ':'"}}, []string{"Next"}},
		{"no name and no email (kcontacts vcard7)",
			"BEGIN:VCARD\nN:\nUID:x\nEND:VCARD\n", Options{},
			[]importer.Error{{Pos: pos(1), Field: "FN", Reason: "no name"}}, nil},
		{"broken 2.1 continuation line",
			"BEGIN:VCARD\nLABEL;WORK:Cresent moon drive=0D=0A=\nAlbaney, New York  12345\nFN:X\nEND:VCARD\n", Options{},
			[]importer.Error{{Pos: pos(3), Field: "Albaney, New York  12345", Reason: "no ':'"}}, nil},
		{"unknown charset",
			"BEGIN:VCARD\nFN;CHARSET=x-no-such:abc\nEND:VCARD\n", Options{},
			[]importer.Error{{Pos: pos(2), Field: "FN", Reason: "unknown CHARSET=x-no-such"}}, nil},
		{"bad base64 in a kept value",
			"BEGIN:VCARD\nFN;ENCODING=b:!!!\nEND:VCARD\n", Options{},
			[]importer.Error{{Pos: pos(2), Field: "FN", Reason: "not base64"}}, nil},
		{"card never ends",
			"BEGIN:VCARD\nFN:A\n", Options{},
			[]importer.Error{{Pos: pos(1), Field: "END", Reason: "no END:VCARD"}}, nil},
		{"card ends at the next BEGIN",
			"BEGIN:VCARD\nFN:A\nBEGIN:VCARD\nFN:B\nEND:VCARD\n", Options{},
			[]importer.Error{{Pos: pos(1), Field: "END", Reason: "before the BEGIN:VCARD of line 3"}}, []string{"B"}},
		{"text outside a card, reported once",
			"hello\nworld\nBEGIN:VCARD\nFN:A\nEND:VCARD\ntrailing:text\n", Options{},
			[]importer.Error{{Pos: pos(1), Field: "hello", Reason: "no ':'"}, {Pos: pos(6), Field: "TRAILING", Reason: "outside a card"}}, []string{"A"}},
		{"card larger than the cap (a huge photo)",
			"BEGIN:VCARD\nFN:Big\nPHOTO;ENCODING=b:" + strings.Repeat("A", 5000) + "\nEND:VCARD\nBEGIN:VCARD\nFN:Small\nEND:VCARD\n", Options{MaxCardBytes: 1000},
			[]importer.Error{{Pos: pos(1), Field: "PHOTO", Reason: "card is larger than 1000 bytes"}}, []string{"Small"}},
		{"kept value larger than its cap",
			"BEGIN:VCARD\nFN:" + strings.Repeat("n", maxValue+1) + "\nEND:VCARD\nBEGIN:VCARD\nFN:Small\nEND:VCARD\n", Options{},
			[]importer.Error{{Pos: pos(2), Field: "FN", Reason: "value is longer than"}}, []string{"Small"}},
		{"parameters larger than their cap",
			"BEGIN:VCARD\nFN;X=" + strings.Repeat("p", maxHead+1) + ":a\nEND:VCARD\nBEGIN:VCARD\nFN:Small\nEND:VCARD\n", Options{},
			[]importer.Error{{Pos: pos(2), Field: "FN", Reason: "parameters are longer than"}}, []string{"Small"}},
		{"property name with a space",
			"BEGIN:VCARD\nFULL NAME:a\nEND:VCARD\n", Options{},
			[]importer.Error{{Pos: pos(2), Field: "FULL NAME", Reason: "space"}}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, bad, err := readAll(t, tc.input, tc.opt)
			if err != nil {
				t.Fatalf("Read with Skip: %v", err)
			}
			var names []string
			for _, p := range got {
				names = append(names, p.Name)
			}
			if !reflect.DeepEqual(names, tc.names) {
				t.Errorf("good cards %q, want %q", names, tc.names)
			}
			if len(bad) != len(tc.bad) {
				t.Fatalf("bad cards %v, want %d", bad, len(tc.bad))
			}
			for i, e := range bad {
				w := tc.bad[i]
				if e.Pos != w.Pos || e.Field != w.Field || !strings.Contains(e.Reason, w.Reason) {
					t.Errorf("bad card %d: %v, want %s: %s: …%s…", i, e, w.Pos, w.Field, w.Reason)
				}
			}
			// Without Skip, Read stops at the first bad card and returns it.
			var first *importer.Error
			err = Read(strings.NewReader(tc.input), "test.vcf", Options{MaxCardBytes: tc.opt.MaxCardBytes}, func(importer.Person) error { return nil })
			if !errors.As(err, &first) || *first != *bad[0] {
				t.Errorf("Read without Skip = %v, want %v", err, bad[0])
			}
		})
	}
}

func TestReadStops(t *testing.T) {
	input := "BEGIN:VCARD\nFN\nEND:VCARD\nBEGIN:VCARD\nFN:A\nEND:VCARD\nBEGIN:VCARD\nFN:B\nEND:VCARD\n"
	stop := errors.New("stop")
	t.Run("Skip returns an error", func(t *testing.T) {
		n := 0
		err := Read(strings.NewReader(input), "f", Options{Skip: func(*importer.Error) error { return stop }}, func(importer.Person) error { n++; return nil })
		if err != stop || n != 0 {
			t.Errorf("err %v after %d people, want stop after 0", err, n)
		}
	})
	t.Run("emit returns an error", func(t *testing.T) {
		n := 0
		err := Read(strings.NewReader(input), "f", Options{Skip: func(*importer.Error) error { return nil }}, func(importer.Person) error { n++; return stop })
		if err != stop || n != 1 {
			t.Errorf("err %v after %d people, want stop after 1", err, n)
		}
	})
	t.Run("the reader fails", func(t *testing.T) {
		r := &failReader{data: "BEGIN:VCARD\nFN:A\n", err: errors.New("disk on fire")}
		err := Read(r, "f", Options{}, func(importer.Person) error { return nil })
		if err == nil || !strings.Contains(err.Error(), "disk on fire") || !strings.Contains(err.Error(), "f") {
			t.Errorf("err %v, want the reader's error with the file name", err)
		}
	})
}

type failReader struct {
	data string
	err  error
}

func (r *failReader) Read(p []byte) (int, error) {
	if r.data == "" {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

func TestExternalIDHash(t *testing.T) {
	read := func(input string) string {
		t.Helper()
		got, bad, err := readAll(t, input, Options{})
		if err != nil || len(bad) > 0 || len(got) != 1 {
			t.Fatalf("Read: %v %v %v", got, bad, err)
		}
		return got[0].ExternalID
	}
	a := read("BEGIN:VCARD\nVERSION:3.0\nFN:Jane Doe\nEMAIL:jane@x.org\nEMAIL:j@y.org\nTEL:+1 (555) 123\nORG:Acme;R&D\nTITLE:Boss\nNOTE:ignored\nEND:VCARD\n")
	if !strings.HasPrefix(a, "vcard-sha256:") || len(a) != len("vcard-sha256:")+64 {
		t.Fatalf("id %q, want vcard-sha256:<64 hex>", a)
	}
	// The same data re-exported: 4.0, emails in another order and case,
	// the phone as a URI, folded differently, a photo and a note added.
	same := read("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jane  Doe\r\nEMAIL:J@y.org\r\nEMAIL:jane@x.o\r\n rg\r\nTEL;VALUE=uri:tel:+1-555-123\r\nORG:Acme;R&D\r\nTITLE:Boss\r\nPHOTO:http://x/y\r\nEND:VCARD\r\n")
	if same != a {
		t.Errorf("re-export changed the id: %s, then %s", a, same)
	}
	for _, other := range []string{
		"BEGIN:VCARD\nFN:Jane Doe\nEMAIL:jane@x.org\nEMAIL:j@y.org\nTEL:+1 (555) 123\nORG:Acme;R&D\nTITLE:Chief\nEND:VCARD\n",
		"BEGIN:VCARD\nFN:Jane Doe\nEMAIL:jane@x.org\nTEL:+1 (555) 123\nORG:Acme;R&D\nTITLE:Boss\nEND:VCARD\n",
		"BEGIN:VCARD\nFN:Jane Doe\nEMAIL:jane@x.org\nEMAIL:j@y.org\nTEL:+1 (555) 123\nORG:Acme;R&D;Lab\nTITLE:Boss\nEND:VCARD\n",
	} {
		if id := read(other); id == a {
			t.Errorf("different card, same id %s:\n%s", id, other)
		}
	}
}

func TestLineEnds(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a\r\nb\n", "a\nb\n"},
		{"a\rb\r", "a\nb\n"},
		{"a\r\r\nb\r\r\n", "a\nb\n"},
		{"a\r\n\r\nb", "a\n\nb"},
		{"\n\r", "\n\n"},
		{"no ending", "no ending"},
	} {
		for _, one := range []bool{false, true} {
			var r io.Reader = strings.NewReader(tc.in)
			if one {
				r = iotest.OneByteReader(r) // a CR and its LF in two reads
			}
			got, err := io.ReadAll(&lineEnds{r: r})
			if err != nil || string(got) != tc.want {
				t.Errorf("lineEnds(%q, one byte a read %v) = %q, %v; want %q", tc.in, one, got, err, tc.want)
			}
		}
	}
}
