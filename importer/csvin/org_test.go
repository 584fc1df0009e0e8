package csvin

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/allyhq/ally/importer"
)

func TestReadOrgFiles(t *testing.T) {
	tests := []struct {
		file string
		want []importer.Person
	}{
		{"testdata/org_tab.csv", []importer.Person{
			{Name: "Ana Lopez", Emails: []string{"ana@example.com"}, Title: "CEO", Pos: importer.Pos{Line: 2}},
			{Name: "Bo Li", Emails: []string{"bo@example.com"}, Title: "VP", ManagerEmail: "ana@example.com", Pos: importer.Pos{Line: 3}},
			{Name: "Cy Ng", Emails: []string{"cy@example.com", "cy.ng@example.com"}, Title: "Engineer", ManagerEmail: "bo@example.com", Pos: importer.Pos{Line: 4}},
		}},
		// Managers after their reports; "reports to" holding an id or an address.
		{"testdata/org_ids.csv", []importer.Person{
			{ExternalID: "org:3", Name: "Cy Ng", Emails: []string{"cy@example.com"}, Title: "Engineer", Department: "R&D", ManagerID: "2", Pos: importer.Pos{Line: 2}},
			{ExternalID: "org:1", Name: "Ana Lopez", Emails: []string{"ana@example.com"}, Title: "CEO", Pos: importer.Pos{Line: 3}},
			{ExternalID: "org:2", Name: "Bo Li", Emails: []string{"bo@example.com"}, Title: "VP", Department: "R&D", ManagerEmail: "ana@example.com", Pos: importer.Pos{Line: 4}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			got, err := ReadOrg(f, tt.file, OrgOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for i := range got {
				if tt.want[i].ExternalID == "" {
					if !strings.HasPrefix(got[i].ExternalID, "org-sha256:") {
						t.Errorf("row %d: external id %q", i, got[i].ExternalID)
					}
					tt.want[i].ExternalID = got[i].ExternalID
				}
				tt.want[i].Pos.File = tt.file
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestReadOrgColumns(t *testing.T) {
	tests := []struct {
		name string
		src  string
		opt  OrgOptions
		want importer.Person // Pos and ExternalID not compared
	}{
		{"synonyms", "Full Name;E-Mail;Job Title;Dept;Team Name;Office;Company;Manager Email;Employee ID;Phone;Comments\nAna;ana@x.org;CEO;Exec;Core;Paris;Acme;;7;\"+33 1 23; +33 4 56\";hi\n",
			OrgOptions{}, importer.Person{Name: "Ana", Emails: []string{"ana@x.org"}, Title: "CEO", Department: "Exec", Team: "Core", Location: "Paris",
				Organisation: "Acme", Phones: []string{"+33 1 23", "+33 4 56"}, Notes: "hi"}},
		{"given and family name", "First Name,Last Name,email\nAna,Lopez,ana@x.org\n", OrgOptions{},
			importer.Person{Name: "Ana Lopez", Emails: []string{"ana@x.org"}}},
		{"a name column wins over given and family", "name,first name,last name\nAna L.,Ana,Lopez\n", OrgOptions{},
			importer.Person{Name: "Ana L."}},
		{"two address columns", "name,work email,e-mail\nAna,ana@x.org,\"a@y.org, b@y.org\"\n", OrgOptions{},
			importer.Person{Name: "Ana", Emails: []string{"ana@x.org", "a@y.org", "b@y.org"}}},
		{"a phone-only row is kept", "name,email,phone\nAna,,'+33 1 23\n", OrgOptions{},
			importer.Person{Name: "Ana", Phones: []string{"+33 1 23"}}},
		{"--map and unknown columns", "Person,Mail,Boss,Salary\nAna,ana@x.org,,100\n", OrgOptions{Map: Map{"person": "name", "BOSS": "manager_email", "mail": "-"}},
			importer.Person{Name: "Ana"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadOrg(strings.NewReader(tt.src), "org.csv", tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 {
				t.Fatalf("%d people", len(got))
			}
			got[0].Pos, got[0].ExternalID = importer.Pos{}, ""
			if !reflect.DeepEqual(got[0], tt.want) {
				t.Errorf("got  %+v\nwant %+v", got[0], tt.want)
			}
		})
	}
}

func TestReadOrgExternalID(t *testing.T) {
	id := func(src string) string {
		t.Helper()
		got, err := ReadOrg(strings.NewReader(src), "org.csv", OrgOptions{})
		if err != nil || len(got) != 1 {
			t.Fatalf("%q: %v", src, err)
		}
		return got[0].ExternalID
	}
	base := id("name,email,title\nAna Lopez,ana@x.org,CEO\n")
	for _, s := range []string{
		"title,email,name\nChair,ANA@x.org; ana2@x.org,  ana   LOPEZ \n",
	} {
		if got := id(s); got != base {
			t.Errorf("%q: %s, want %s", s, got, base)
		}
	}
	for _, s := range []string{
		"name,email\nAna Lopes,ana@x.org\n",
		"name,email\nAna Lopez,ana2@x.org\n",
		"name,email\nAna Lopez,\n",
	} {
		if got := id(s); got == base {
			t.Errorf("%q: same id as the base", s)
		}
	}
	if got := id("id,name\n E7 ,Ana\n"); got != "org:E7" {
		t.Errorf("id column: %q", got)
	}
}

// TestReadOrgChart checks the whole-chart rules: every error names the
// rows at fault, and no people come back.
func TestReadOrgChart(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // each an error of the join, in order
	}{
		{"a two-person cycle", "name,email,manager email\nAna,a@x.org,b@x.org\nBo,b@x.org,a@x.org\nCy,c@x.org,a@x.org\n",
			[]string{"org.csv:2: manager email: a reporting cycle of 2 people: line 2 (Ana) reports to line 3 (Bo) reports to line 2 (Ana)"}},
		{"a three-person cycle by id, found from the middle", "id,name,manager_id\n1,Ana,3\n2,Bo,1\n3,Cy,2\n4,Di,\n",
			[]string{"org.csv:2: manager_id: a reporting cycle of 3 people: line 2 (Ana) reports to line 4 (Cy) reports to line 3 (Bo) reports to line 2 (Ana)"}},
		{"own manager", "id,name,reports to\n1,Ana,1\n",
			[]string{"org.csv:2: reports to: line 2 (Ana) is their own manager"}},
		{"an ambiguous manager address", "name,email,manager_email\nAna,a@x.org,\nAna Again,A@x.org,\nBo,b@x.org,a@x.org\n",
			[]string{`org.csv:4: manager_email: the manager address "a@x.org" is ambiguous: 2 rows have it: line 2 (Ana), line 3 (Ana Again)`}},
		{"a manager who is no row", "name,email,manager_email\nAna,a@x.org,z@x.org\n",
			[]string{`org.csv:2: manager_email: the manager address "z@x.org" is no row of the file`}},
		{"a manager id without an id column", "name,manager id\nAna,7\n",
			[]string{`org.csv:2: manager id: the manager id "7" is no row of the file (the file has no id column)`}},
		{"a duplicate id", "id,name\n1,Ana\n2,Bo\n1,Cy\n",
			[]string{"org.csv:2: id: 2 rows have the id 1: line 2 (Ana), line 4 (Cy)"}},
		{"a duplicate person without id", "name,email\nAna,a@x.org\nana,A@x.org\n",
			[]string{"org.csv:2: name: 2 rows have the same name and first address and no id: line 2 (Ana), line 3 (ana)"}},
		{"a manager name that is ambiguous", "id,name,manager\n1,Ana,\n2,ana,\n3,Bo,ANA\n",
			[]string{`org.csv:4: manager: the manager name "ANA" is ambiguous: 2 rows have it: line 2 (Ana), line 3 (ana)`}},
		{"a manager neither id nor name", "id,name,manager\n1,Ana,Zed\n",
			[]string{`org.csv:2: manager: the manager id or name "Zed" is no row of the file`}},
		{"a manager by name whose row cannot be linked", "name,manager name\nAna,\nBo,Ana\n",
			[]string{`org.csv:3: manager name: the manager "Ana" is line 2 (Ana), whose row has no id and no address`}},
		{"a cycle by names", "name,email,manager\nAna,a@x.org,Bo\nBo,b@x.org,Ana\n",
			[]string{"org.csv:2: manager: a reporting cycle of 2 people: line 2 (Ana) reports to line 3 (Bo) reports to line 2 (Ana)"}},
		{"several problems", "id,name,manager_id\n1,Ana,2\n2,Bo,1\n3,Cy,9\n",
			[]string{`org.csv:4: manager_id: the manager id "9" is no row of the file`, "org.csv:2: manager_id: a reporting cycle of 2 people"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadOrg(strings.NewReader(tt.src), "org.csv", OrgOptions{Skip: func(*importer.Error) error { return nil }})
			if err == nil || got != nil {
				t.Fatalf("got %d people, err %v", len(got), err)
			}
			var errs []error
			if j, ok := err.(interface{ Unwrap() []error }); ok {
				errs = j.Unwrap()
			}
			if len(errs) != len(tt.want) {
				t.Fatalf("%d errors, want %d: %v", len(errs), len(tt.want), err)
			}
			for i, e := range errs {
				var ie *importer.Error
				if !errors.As(e, &ie) || !strings.HasPrefix(e.Error(), tt.want[i]) {
					t.Errorf("error %d: %v\nwant %s", i, e, tt.want[i])
				}
			}
		})
	}
}

func TestReadOrgBad(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		line   int
		field  string
		reason string
	}{
		{"no name", "name,email\n,a@x.org\n", 2, "name", "empty"},
		{"not an address", "name,email\nAna,ana at x\n", 2, "email", `"ana at x" is not an email address`},
		{"a display name is not a bare address", "name,mail\nAna,Ana <a@x.org>\n", 2, "mail", "not an email address"},
		{"a bad manager address", "name,Manager Email\nAna,a@\n", 2, "Manager Email", "not an email address"},
		{"width", "name,email\nAna\n", 2, "", "1 fields and the header 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var bad []*importer.Error
			header := tt.src[:strings.IndexByte(tt.src, '\n')]
			src := tt.src + "Good" + strings.Repeat(",", strings.Count(header, ",")) + "\n"
			got, err := ReadOrg(strings.NewReader(src), "org.csv", OrgOptions{Skip: func(e *importer.Error) error { bad = append(bad, e); return nil }})
			if err != nil || len(got) != 1 || len(bad) != 1 {
				t.Fatalf("err %v, %d people, bad %v", err, len(got), bad)
			}
			e := bad[0]
			if e.Pos.Line != tt.line || e.Field != tt.field || !strings.Contains(e.Reason, tt.reason) {
				t.Errorf("got %q, want line %d field %q reason with %q", e, tt.line, tt.field, tt.reason)
			}
			_, err = ReadOrg(strings.NewReader(src), "org.csv", OrgOptions{})
			var ie *importer.Error
			if !errors.As(err, &ie) || ie.Pos.Line != tt.line {
				t.Errorf("without Skip: %v", err)
			}
		})
	}
	_, err := ReadOrg(strings.NewReader("email,title\n"), "org.csv", OrgOptions{})
	if err == nil || !strings.Contains(err.Error(), `no name column; the columns are "email", "title"`) {
		t.Errorf("no name column: %v", err)
	}
	_, err = ReadOrg(strings.NewReader("name,at\n"), "org.csv", OrgOptions{Map: Map{"at": "at"}})
	if err == nil || !strings.Contains(err.Error(), `field "at" is not one`) {
		t.Errorf("a log field in an org map: %v", err)
	}
}

func TestParseMap(t *testing.T) {
	tests := []struct {
		specs []string
		want  Map
		err   string
	}{
		{[]string{"Full Name=name", " Boss = manager_email ", "a=b=organization", "X=-"}, Map{"Full Name": "name", "Boss": "manager_email", "a=b": "organization", "X": "-"}, ""},
		{[]string{"Col=Manager Email"}, Map{"Col": "Manager Email"}, ""},
		{[]string{"Col=salary"}, nil, `unknown field "salary"; org chart fields are name, given_name, family_name, email, phone, title, department, team, location, organisation, manager, manager_email, manager_id, manager_name, id, notes; interaction log fields are from, to, cc, at, kind, channel, subject, id`},
		{[]string{"Col"}, nil, `want "Column Name=field"`},
		{[]string{"=name"}, nil, "column name is empty"},
		{[]string{"Col="}, nil, `unknown field ""`},
		{[]string{"Col=name", "col=email"}, nil, `column "col" is already mapped by "Col=name"`},
	}
	for _, tt := range tests {
		got, err := ParseMap(tt.specs)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: err %v, want %q", tt.specs, err, tt.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: %v, %v; want %v", tt.specs, got, err, tt.want)
		}
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		head string
		more bool
		want rune
		ok   bool
	}{
		{"a,b,c\n", false, ',', true},
		{"a;b;c\r\n1,5;2,5;3\n", false, ';', true},
		{"a\tb\tc", false, '\t', true},
		{"\"a;b\",c\n", false, ',', true},
		{"\"x\ny;z;w\",a,b\n", false, ',', true},
		{"a;b,c\n", false, ',', true},
		{"name\n", false, ',', true},
		{"a,b,c", true, 0, false},
	}
	for _, tt := range tests {
		got, ok := sniff([]byte(tt.head), tt.more)
		if got != tt.want || ok != tt.ok {
			t.Errorf("sniff(%q) = %q, %v; want %q, %v", tt.head, got, ok, tt.want, tt.ok)
		}
	}
}

// TestReadOrgChartLongLists: an error lists ten rows, then how many more.
func TestReadOrgChartLongLists(t *testing.T) {
	var b strings.Builder
	b.WriteString("name,email,manager_email\n")
	for i := 0; i < 12; i++ {
		b.WriteString("P" + strings.Repeat("x", i) + ",shared@x.org,\n")
	}
	b.WriteString("Bo,b@x.org,shared@x.org\n")
	_, err := ReadOrg(strings.NewReader(b.String()), "org.csv", OrgOptions{})
	want := `org.csv:14: manager_email: the manager address "shared@x.org" is ambiguous: 12 rows have it: line 2 (P), line 3 (Px), line 4 (Pxx), line 5 (Pxxx), line 6 (Pxxxx), line 7 (Pxxxxx), line 8 (Pxxxxxx), line 9 (Pxxxxxxx), line 10 (Pxxxxxxxx), line 11 (Pxxxxxxxxx), and 2 more`
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}

// TestReadOrgManagerByName: a manager named by name is linked by their
// id, or else by their first address.
func TestReadOrgManagerByName(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		wantID    string
		wantEmail string
	}{
		{"manager name column, by id", "id,name,manager name\n1,Ana Lopez,\n2,Bo,ana  lopez\n", "1", ""},
		{"reports to: not an id, so a name", "id,name,reports to\n1,Ana,\n2,Bo,Ana\n", "1", ""},
		{"reports to: an id first", "id,name,reports to\n1,Ana,\nAna,Cy,\n2,Bo,Ana\n", "Ana", ""},
		{"by address when the row has no id", "name,email,manager\nAna,a@x.org;a2@x.org,\nBo,b@x.org,Ana\n", "", "a@x.org"},
		{"an address or id column wins", "id,name,manager_id,manager name\n1,Ana,,\n2,Bo,1,Nobody\n", "1", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			people, err := ReadOrg(strings.NewReader(tt.src), "org.csv", OrgOptions{})
			if err != nil {
				t.Fatal(err)
			}
			bo := people[len(people)-1]
			if bo.ManagerID != tt.wantID || bo.ManagerEmail != tt.wantEmail {
				t.Errorf("manager id %q email %q, want %q %q", bo.ManagerID, bo.ManagerEmail, tt.wantID, tt.wantEmail)
			}
		})
	}
}

// TestReadOrgSkippedManager: with bad rows skipped, a manager who was one
// of them is named as such, not as missing from the file.
func TestReadOrgSkippedManager(t *testing.T) {
	tests := []struct {
		src  string
		want string
	}{
		{"name,email,manager_email\nAna,a@x.org;not-an-address,\nBo,b@x.org,A@x.org\n",
			`org.csv:3: manager_email: the manager address "A@x.org" is no row read: it is the row at line 2, which was skipped as bad`},
		{"id,name,email,reports to\n1,Ana,bad,\n2,Bo,b@x.org,1\n",
			`org.csv:3: reports to: the manager id or name "1" is no row read: it is the row at line 2, which was skipped as bad`},
		{"id,name,email,manager name\n1,Ana Lopez,bad,\n2,Bo,b@x.org,ana lopez\n",
			`org.csv:3: manager name: the manager name "ana lopez" is no row read: it is the row at line 2, which was skipped as bad`},
	}
	for _, tt := range tests {
		var bad []*importer.Error
		_, err := ReadOrg(strings.NewReader(tt.src), "org.csv", OrgOptions{Skip: func(e *importer.Error) error { bad = append(bad, e); return nil }})
		if len(bad) != 1 || err == nil || err.Error() != tt.want {
			t.Errorf("bad %v\nerr  %v\nwant %s", bad, err, tt.want)
		}
	}
}

func TestReadOrgSizeCap(t *testing.T) {
	defer func(n int64) { maxOrgBytes = n }(maxOrgBytes)
	maxOrgBytes = 1 << 20
	src := "name,notes\n" + strings.Repeat("Ana,"+strings.Repeat("n", 1000)+"\n", 2000)
	_, err := ReadOrg(strings.NewReader(src), "org.csv", OrgOptions{})
	if err == nil || !strings.Contains(err.Error(), "longer than 1 MiB") {
		t.Errorf("err %v", err)
	}
}
