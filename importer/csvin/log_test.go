package csvin

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/importer"
)

// readLog reads a log with bad rows collected.
func readLog(t testing.TB, src string, opt LogOptions) ([]importer.Interaction, []*importer.Error, error) {
	t.Helper()
	var got []importer.Interaction
	var bad []*importer.Error
	if opt.Skip == nil {
		opt.Skip = func(e *importer.Error) error { bad = append(bad, e); return nil }
	}
	err := ReadInteractions(strings.NewReader(src), "log.csv", opt, func(in importer.Interaction) error {
		got = append(got, in)
		return nil
	})
	return got, bad, err
}

func email(e string, r ally.Role) importer.Party { return importer.Party{Email: e, Role: r} }
func pid(id string, r ally.Role) importer.Party  { return importer.Party{ID: id, Role: r} }

const (
	ini = ally.RoleInitiator
	to  = ally.RoleTo
	cc  = ally.RoleCC
)

func TestReadInteractionsParties(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want [][]importer.Party
	}{
		{"one each", "from,to,at\na@x.org,b@x.org,2024-01-01\n",
			[][]importer.Party{{email("a@x.org", ini), email("b@x.org", to)}}},
		{"separators ; , |", "from,to,at\na@x.org,\"b@x.org; c@x.org,d@x.org|e@x.org\",2024-01-01\n",
			[][]importer.Party{{email("a@x.org", ini), email("b@x.org", to), email("c@x.org", to), email("d@x.org", to), email("e@x.org", to)}}},
		{"several from: the first initiates", "from,to,at\na@x.org;b@x.org,c@x.org,2024-01-01\n",
			[][]importer.Party{{email("a@x.org", ini), email("b@x.org", to), email("c@x.org", to)}}},
		{"ids, handles and ids with spaces", "from,to,at\n42,@ana|Ana Lopez|x@,2024-01-01\n",
			[][]importer.Party{{pid("42", ini), pid("@ana", to), pid("Ana Lopez", to), pid("x@", to)}}},
		{"name and address", "from,to,at\n\"\"\"Lopez, Ana\"\" <ana@x.org>\",Bo <bo@x.org>,2024-01-01\n",
			// The comma inside the quoted name separates: documented.
			[][]importer.Party{{pid(`"Lopez`, ini), {Name: "Ana", Email: "ana@x.org", Role: to}, {Name: "Bo", Email: "bo@x.org", Role: to}}}},
		{"a person named twice is kept in their first place", "from,to,cc,at\na@x.org,A@X.org;b@x.org;b@x.org,b@x.org;7;7,2024-01-01\n",
			[][]importer.Party{{email("a@x.org", ini), email("b@x.org", to), pid("7", cc)}}},
		{"cc", "from,to,cc,at\na@x.org,b@x.org,c@x.org,2024-01-01\n",
			[][]importer.Party{{email("a@x.org", ini), email("b@x.org", to), email("c@x.org", cc)}}},
		{"empty tokens are skipped", "from,to,at\n\" a@x.org ;\",\";;b@x.org;\",2024-01-01\n",
			[][]importer.Party{{email("a@x.org", ini), email("b@x.org", to)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, bad, err := readLog(t, tt.src, LogOptions{})
			if err != nil || len(bad) > 0 {
				t.Fatalf("err %v, bad %v", err, bad)
			}
			var parties [][]importer.Party
			for _, in := range got {
				parties = append(parties, in.Parties)
			}
			if !reflect.DeepEqual(parties, tt.want) {
				t.Errorf("parties\n got %+v\nwant %+v", parties, tt.want)
			}
		})
	}
}

func TestReadInteractionsFormats(t *testing.T) {
	data, err := os.ReadFile("testdata/log_semicolon_bom.csv")
	if err != nil {
		t.Fatal(err)
	}
	basic, err := os.ReadFile("testdata/log_basic.csv")
	if err != nil {
		t.Fatal(err)
	}
	tab := strings.ReplaceAll("from,to,at,subject\na@x.org,b@x.org,2024-01-01,\"x,y\"\n", ",", "\t")
	tab = strings.Replace(tab, "x\ty", "x,y", 1)
	tests := []struct {
		name     string
		src      string
		lines    []int
		subjects []string
		kinds    []ally.Channel
		ids      []string
	}{
		{"comma, quotes, embedded newline, ids", string(basic), []int{2, 3, 5},
			[]string{"Weekly", "Plan, with \"quotes\"\nand a second line", ""},
			[]ally.Channel{ally.ChanOneOnOne, ally.ChanMeeting, ally.ChanCall},
			[]string{"csv:1", "csv:2", "csv:3"}},
		{"semicolon, BOM, CRLF, blank row, neutralised cell", string(data), []int{2, 4},
			[]string{"Hello", "=SUM(A1)"},
			[]ally.Channel{ally.ChanEmail, ally.ChanCall}, nil},
		{"tab, a comma inside a cell", tab, []int{2}, []string{"x,y"}, []ally.Channel{ally.ChanMeeting}, nil},
		{"a header only", "from,to,at\n", nil, nil, nil, nil},
		{"Excel's sep= line", "\xef\xbb\xbfsep=;\r\nfrom;to;at;subject\r\na;b;2024-01-01;x,y\r\n", []int{3}, []string{"x,y"}, []ally.Channel{ally.ChanMeeting}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, bad, err := readLog(t, tt.src, LogOptions{})
			if err != nil || len(bad) > 0 {
				t.Fatalf("err %v, bad %v", err, bad)
			}
			var lines []int
			var subjects, ids []string
			var kinds []ally.Channel
			for _, in := range got {
				lines = append(lines, in.Pos.Line)
				subjects = append(subjects, in.Subject)
				kinds = append(kinds, in.Kind)
				if in.Source != ally.SourceCSV || in.Pos.File != "log.csv" {
					t.Errorf("source %q file %q", in.Source, in.Pos.File)
				}
				if tt.ids == nil {
					if !strings.HasPrefix(in.ExternalID, "csv-sha256:") || len(in.ExternalID) != len("csv-sha256:")+64 {
						t.Errorf("external id %q", in.ExternalID)
					}
				} else {
					ids = append(ids, in.ExternalID)
				}
			}
			if !reflect.DeepEqual(lines, tt.lines) {
				t.Errorf("lines %v, want %v", lines, tt.lines)
			}
			if !reflect.DeepEqual(subjects, tt.subjects) {
				t.Errorf("subjects %q, want %q", subjects, tt.subjects)
			}
			if !reflect.DeepEqual(kinds, tt.kinds) {
				t.Errorf("kinds %v, want %v", kinds, tt.kinds)
			}
			if tt.ids != nil && !reflect.DeepEqual(ids, tt.ids) {
				t.Errorf("ids %v, want %v", ids, tt.ids)
			}
		})
	}
}

func TestParseAt(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	tests := []struct {
		in   string
		zone *time.Location
		want time.Time // zero: refused
	}{
		{"2024-03-01T09:30:00Z", nil, time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC)},
		{"2024-03-01 09:30:00Z", paris, time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC)},
		{"2024-03-01T25:30:00Z", nil, time.Time{}},
		{"2024-03-01T09:3x:00Z", nil, time.Time{}},
		{"2024-03-01T09:30:00+01:00", paris, time.Date(2024, 3, 1, 8, 30, 0, 0, time.UTC)},
		{"2024-03-01 09:30:00.250-05:00", nil, time.Date(2024, 3, 1, 14, 30, 0, 250e6, time.UTC)},
		{"2024-03-01", nil, time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)},
		{"2024-03-01", paris, time.Date(2024, 2, 29, 23, 0, 0, 0, time.UTC)},
		{"2024-03-01 09:30", paris, time.Date(2024, 3, 1, 8, 30, 0, 0, time.UTC)},
		{"2024-07-01 09:30:15", paris, time.Date(2024, 7, 1, 7, 30, 15, 0, time.UTC)},
		{"2024-03-01T09:30", nil, time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC)},
		{"2024-03-01T09:30:15.5", nil, time.Date(2024, 3, 1, 9, 30, 15, 5e8, time.UTC)},
		{"910930020", nil, time.Date(1998, 11, 13, 4, 7, 0, 0, time.UTC)},
		{"1709285400", nil, time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC)},
		{"1709285400123", nil, time.Date(2024, 3, 1, 9, 30, 0, 123e6, time.UTC)},
		{"20240301", nil, time.Time{}},
		{"17092854001", nil, time.Time{}},
		{"01/03/2024", nil, time.Time{}},
		{"2024-02-30", nil, time.Time{}},
		{"2024-13-01", nil, time.Time{}},
		{"2024-03-01 24:00", nil, time.Time{}},
		{"2024-03-01 9:30", nil, time.Time{}},
		{"2024-03-01X09:30", nil, time.Time{}},
		{"2024-03-01 09:30 PM", nil, time.Time{}},
		{"yesterday", nil, time.Time{}},
		{"-1709285400", nil, time.Time{}},
	}
	for _, tt := range tests {
		zone := tt.zone
		if zone == nil {
			zone = time.UTC
		}
		got, ok := parseAt(tt.in, zone)
		if ok != !tt.want.IsZero() || ok && !got.Equal(tt.want) {
			t.Errorf("parseAt(%q) = %v, %v; want %v", tt.in, got, ok, tt.want)
		}
	}
}

func TestParseKind(t *testing.T) {
	tests := []struct {
		in   string
		want ally.Channel // "": unknown
	}{
		{"one-on-one", ally.ChanOneOnOne}, {"1:1", ally.ChanOneOnOne}, {"1-1", ally.ChanOneOnOne}, {"One on One", ally.ChanOneOnOne},
		{"meeting", ally.ChanMeeting}, {"Meeting", ally.ChanMeeting},
		{"partnership-meeting", ally.ChanPartnership}, {"Partnership", ally.ChanPartnership},
		{"email", ally.ChanEmail}, {"E-Mail", ally.ChanEmail}, {"mail", ally.ChanEmail},
		{"call", ally.ChanCall}, {"Phone Call", ally.ChanCall}, {"phone", ally.ChanCall},
		{"chat", ally.ChanChat}, {"IM", ally.ChanChat}, {"SMS", ally.ChanChat},
		{"event", ally.ChanEvent}, {"Conference", ally.ChanEvent},
		{"lunch", ""}, {"", ""}, {"1:2", ""},
	}
	for _, tt := range tests {
		got, ok := parseKind(tt.in)
		if ok != (tt.want != "") || got != tt.want {
			t.Errorf("parseKind(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestReadInteractionsKindOption(t *testing.T) {
	tests := []struct {
		name string
		src  string
		opt  ally.Channel
		want []ally.Channel
	}{
		{"no kind column: meeting", "from,to,at\na,b,2024-01-01\n", "", []ally.Channel{ally.ChanMeeting}},
		{"no kind column: the option", "from,to,at\na,b,2024-01-01\n", ally.ChanCall, []ally.Channel{ally.ChanCall}},
		{"an empty cell: the option", "from,to,at,kind\na,b,2024-01-01,\na,b,2024-01-01,chat\n", ally.ChanEmail, []ally.Channel{ally.ChanEmail, ally.ChanChat}},
		{"kind before channel", "from,to,at,kind,channel\na,b,2024-01-01,call,email\na,b,2024-01-01,,email\n", "", []ally.Channel{ally.ChanCall, ally.ChanEmail}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, bad, err := readLog(t, tt.src, LogOptions{Kind: tt.opt})
			if err != nil || len(bad) > 0 {
				t.Fatalf("err %v, bad %v", err, bad)
			}
			var kinds []ally.Channel
			for _, in := range got {
				kinds = append(kinds, in.Kind)
			}
			if !reflect.DeepEqual(kinds, tt.want) {
				t.Errorf("kinds %v, want %v", kinds, tt.want)
			}
		})
	}
	if err := ReadInteractions(strings.NewReader("from,to,at\n"), "x.csv", LogOptions{Kind: "lunch"}, nil); err == nil || !strings.Contains(err.Error(), "lunch") {
		t.Errorf("an unknown --kind: %v", err)
	}
}

// TestReadInteractionsBad checks every bad row: its line, its field, and
// words of its reason; the good rows around it are still read.
func TestReadInteractionsBad(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		line   int
		field  string
		reason string
	}{
		{"too few fields", "from,to,at\na,b\n", 2, "", "2 fields and the header 3"},
		{"lines after a sep= line", "sep=,\nfrom,to,at\na,b\"c,2024-01-01\n", 3, "", "line 3, column 4: bare \""},
		{"too many fields", "from,to,at\n\"a\nb\",b,2024-01-01,x\n", 2, "", "4 fields and the header 3"},
		{"bare quote", "from,to,at\na,b\"c,2024-01-01\n", 2, "", "bare \""},
		{"empty from", "from,to,at\n;,b,2024-01-01\n", 2, "from", "empty"},
		{"empty to", "from,To,at\na, ,2024-01-01\n", 2, "To", "empty"},
		{"only oneself", "from,to,at\na@x.org,A@x.org,2024-01-01\n", 2, "to", "someone else"},
		{"empty date", "from,to,When\na,b,\n", 2, "When", "empty"},
		{"unparsable date names value and forms", "from,to,at\na,b,03/01/2024\n", 2, "at", `"03/01/2024" is not a date; the accepted forms are RFC 3339`},
		{"date out of range", "from,to,at\na,b,1850-01-01\n", 2, "at", "out of range"},
		{"unknown kind lists the kinds", "from,to,at,kind\na,b,2024-01-01,lunch\n", 2, "kind", `unknown kind "lunch"; the kinds are one-on-one, meeting, partnership-meeting, email, call, chat, event`},
		{"not UTF-8", "from,to,at,subject\na,b,2024-01-01,caf\xe9\n", 2, "subject", "not UTF-8"},
		{"id too long", "from,to,at,id\na,b,2024-01-01," + strings.Repeat("x", 497) + "\n", 2, "id", "limit is 496"},
		{"id with a line break", "from,to,at,id\na,b,2024-01-01,\"x\ny\"\n", 2, "id", "control character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			header := strings.TrimPrefix(tt.src, "sep=,\n")
			header = header[:strings.IndexByte(header, '\n')]
			src := tt.src + "a,b,2024-01-02" + strings.Repeat(",", strings.Count(header, ",")-2) + "\n"
			got, bad, err := readLog(t, src, LogOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(bad) != 1 {
				t.Fatalf("bad rows %v, want one", bad)
			}
			e := bad[0]
			if e.Pos.File != "log.csv" || e.Pos.Line != tt.line || e.Field != tt.field || !strings.Contains(e.Reason, tt.reason) {
				t.Errorf("got %q (line %d field %q), want line %d field %q reason with %q", e, e.Pos.Line, e.Field, tt.line, tt.field, tt.reason)
			}
			if len(got) != 1 || got[0].At.Day() != 2 {
				t.Errorf("the good row after it: %+v", got)
			}
			// Without Skip the read stops at the bad row and returns it.
			err = ReadInteractions(strings.NewReader(src), "log.csv", LogOptions{}, func(importer.Interaction) error { return nil })
			var ie *importer.Error
			if !errors.As(err, &ie) || ie.Pos.Line != tt.line {
				t.Errorf("without Skip: %v", err)
			}
		})
	}
}

func TestReadInteractionsFileErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		opt  LogOptions
		want string
	}{
		{"empty", "", LogOptions{}, "log.csv: the file is empty"},
		{"missing columns named, columns listed", "From,Subject,Extra\n", LogOptions{}, `log.csv:1: no to, at column; the columns are "From", "Subject", "Extra"`},
		{"two columns for one field", "from,to,at,date\n", LogOptions{}, `columns "at" and "date" both hold at`},
		{"a map to an org field", "from,to,at,x\n", LogOptions{Map: Map{"x": "title"}}, `field "title" is not one this file kind has`},
		{"a map naming no column", "from,to,at\n", LogOptions{Map: Map{"Subjct": "subject"}}, `log.csv:1: --map "Subjct=subject": the file has no column "Subjct"; the columns are "from", "to", "at"`},
		{"UTF-16 with only a header", "\xff\xfef\x00r\x00", LogOptions{}, `no from, to, at column; the columns are "fr"`},
		{"a header too long", strings.Repeat("x", bufSize+10), LogOptions{}, "header row is longer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readLog(t, tt.src, tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err %v, want %q", err, tt.want)
			}
		})
	}
}

func TestReadInteractionsRecordCap(t *testing.T) {
	defer func(n int) { maxRecord = n }(maxRecord)
	maxRecord = 1000
	tests := []struct {
		name string
		src  string
		rows int
		want string
	}{
		{"just under the cap", "from,to,at,subject\na,b,2024-01-01," + strings.Repeat("s", 900) + "\n", 1, ""},
		{"a long line", "from,to,at,subject\na,b,2024-01-01,x\na,b,2024-01-01," + strings.Repeat("s", 200000) + "\n", 1, "log.csv:3: the record starting here is longer than 1000 bytes"},
		{"an unclosed quote", "from,to,at,subject\na,b,2024-01-01,\"" + strings.Repeat("s\n", 100000), 0, "log.csv:2: the record starting here is longer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := readLog(t, tt.src, LogOptions{})
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("err %v, want %q", err, tt.want)
			}
			if len(got) != tt.rows {
				t.Errorf("%d rows, want %d", len(got), tt.rows)
			}
		})
	}
}

func TestReadInteractionsStops(t *testing.T) {
	src := "from,to,at\na,b,2024-01-01\na,,2024-01-01\na,b,2024-01-03\n"
	stop := errors.New("stop")
	tests := []struct {
		name  string
		skip  importer.Skip
		emit  error
		rows  int
		isErr error
	}{
		{"skip returns an error", func(*importer.Error) error { return stop }, nil, 1, stop},
		{"emit returns an error", func(*importer.Error) error { return nil }, stop, 1, stop},
		{"skip goes on", func(*importer.Error) error { return nil }, nil, 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := 0
			err := ReadInteractions(strings.NewReader(src), "log.csv", LogOptions{Skip: tt.skip}, func(importer.Interaction) error {
				n++
				return tt.emit
			})
			if !errors.Is(err, tt.isErr) || n != tt.rows {
				t.Errorf("err %v after %d rows; want %v after %d", err, n, tt.isErr, tt.rows)
			}
		})
	}
}

func TestReadInteractionsMap(t *testing.T) {
	m, err := ParseMap([]string{"Sender=from", "Receivers=to", "When it happened=at", "Note=subject", "Type=-"})
	if err != nil {
		t.Fatal(err)
	}
	src := "Sender,Receivers,When it happened,Note,Type,Unknown\na@x.org,b@x.org,2024-01-01,hi,bogus,zzz\n"
	got, bad, err := readLog(t, src, LogOptions{Map: m})
	if err != nil || len(bad) > 0 || len(got) != 1 {
		t.Fatalf("err %v bad %v got %v", err, bad, got)
	}
	if got[0].Subject != "hi" || got[0].Kind != ally.ChanMeeting || len(got[0].Parties) != 2 {
		t.Errorf("got %+v", got[0])
	}
}

// TestExternalIDHash: the id of a row without an id column depends on
// what the row says, not on how the file lays it out.
func TestExternalIDHash(t *testing.T) {
	id := func(src string) string {
		t.Helper()
		got, bad, err := readLog(t, src, LogOptions{})
		if err != nil || len(bad) > 0 || len(got) != 1 {
			t.Fatalf("%q: err %v bad %v", src, err, bad)
		}
		return got[0].ExternalID
	}
	base := id("from,to,at,kind,subject\na@x.org,b@x.org;c@x.org,2024-03-01T10:00:00+01:00,call,Hi\n")
	same := []string{
		"subject,at,to,from,kind,extra\nHi,2024-03-01 09:00,c@x.org|B@X.org,a@x.org,phone,whatever\n",
		"from,to,at,kind,subject\nA@x.org,b@x.org;c@x.org,1709283600,Call,Hi\n",
	}
	for _, s := range same {
		if got := id(s); got != base {
			t.Errorf("%q: id %s, want %s", s, got, base)
		}
	}
	differ := []string{
		"from,to,at,kind,subject\nb@x.org,a@x.org;c@x.org,2024-03-01T10:00:00+01:00,call,Hi\n",
		"from,to,at,kind,subject\na@x.org,b@x.org;c@x.org,2024-03-01T10:00:01+01:00,call,Hi\n",
		"from,to,at,kind,subject\na@x.org,b@x.org;c@x.org,2024-03-01T10:00:00+01:00,chat,Hi\n",
		"from,to,at,kind,subject\na@x.org,b@x.org;c@x.org,2024-03-01T10:00:00+01:00,call,Hi!\n",
		"from,to,cc,at,kind,subject\na@x.org,b@x.org,c@x.org,2024-03-01T10:00:00+01:00,call,Hi\n",
		"from,to,at,kind,subject\na@x.org,b@x.org;c@x.org;d,2024-03-01T10:00:00+01:00,call,Hi\n",
	}
	seen := map[string]string{base: "base"}
	for _, s := range differ {
		got := id(s)
		if prev, ok := seen[got]; ok {
			t.Errorf("%q: same id as %q", s, prev)
		}
		seen[got] = s
	}
}

// TestPartiesSlab: the rows' Parties share an allocation, but appending
// to one row's never changes another's.
func TestPartiesSlab(t *testing.T) {
	got, _, err := readLog(t, "from,to,at\na,b,2024-01-01\nc,d,2024-01-01\n", LogOptions{})
	if err != nil || len(got) != 2 {
		t.Fatal(err, len(got))
	}
	_ = append(got[0].Parties, pid("x", cc))
	if got[1].Parties[0].ID != "c" {
		t.Errorf("the second row's parties changed: %+v", got[1].Parties)
	}

	// Rows that name more people than the slab has room for.
	var b strings.Builder
	b.WriteString("from,to,at\n")
	for r := 0; r < 300; r++ {
		fmt.Fprintf(&b, "f%d,", r)
		for i := 0; i < r%150; i++ {
			fmt.Fprintf(&b, "t%d;", i)
		}
		b.WriteString("t,2024-01-01\n")
	}
	got, bad, err := readLog(t, b.String(), LogOptions{})
	if err != nil || len(bad) > 0 || len(got) != 300 {
		t.Fatal(err, bad, len(got))
	}
	for r, in := range got {
		if len(in.Parties) != 2+r%150 || in.Parties[0].ID != fmt.Sprintf("f%d", r) || in.Parties[len(in.Parties)-1].ID != "t" {
			t.Fatalf("row %d: %d parties, first %v", r, len(in.Parties), in.Parties[0])
		}
	}
}

// TestIgnoredColumnsNotChecked: bytes that are not UTF-8 in a column the
// reader ignores do not make the row bad.
func TestIgnoredColumnsNotChecked(t *testing.T) {
	got, bad, err := readLog(t, "from,to,at,blob\na,b,2024-01-01,\xff\xfe\n", LogOptions{})
	if err != nil || len(bad) != 0 || len(got) != 1 {
		t.Errorf("err %v bad %v rows %d", err, bad, len(got))
	}
}
