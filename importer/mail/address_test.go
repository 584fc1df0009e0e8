package mail

import (
	"reflect"
	"testing"
)

func TestParseAddressList(t *testing.T) {
	type A = Address
	tests := []struct {
		name, in string
		want     []Address
	}{
		{"plain", "jane@x.org", []A{{"", "jane@x.org"}}},
		{"name and angle", "Jane Doe <jane@x.org>", []A{{"Jane Doe", "jane@x.org"}}},
		{"list", "a@x, B <b@y>,c@z", []A{{"", "a@x"}, {"B", "b@y"}, {"", "c@z"}}},
		{"quoted comma in name", `"Doe, Jane" <jane@x.org>, "Roe, Rick" <rick@x.org>`, []A{{"Doe, Jane", "jane@x.org"}, {"Roe, Rick", "rick@x.org"}}},
		{"quoted pair in name", `"Jane \"JD\" Doe" <jane@x.org>`, []A{{`Jane "JD" Doe`, "jane@x.org"}}},
		{"comment is the name", "jane@x.org (Jane Doe)", []A{{"Jane Doe", "jane@x.org"}}},
		{"comment inside angle", "Jane <jane(home)@x.org>", []A{{"Jane", "jane@x.org"}}},
		{"phrase beats comment", "Jane (work) <jane@x.org>", []A{{"Jane", "jane@x.org"}}},
		{"no brackets", "Jane Doe jane@x.org", []A{{"Jane Doe", "jane@x.org"}}},
		{"upper case kept", "JANE@X.ORG, Bob <Bob.Smith@Example.COM>", []A{{"", "JANE@X.ORG"}, {"Bob", "Bob.Smith@Example.COM"}}},
		{"empty group", "undisclosed-recipients:;", nil},
		{"group with members", "Team: a@x, B <b@y>; c@z", []A{{"", "a@x"}, {"B", "b@y"}, {"", "c@z"}}},
		{"folded", "Jane <jane@x>,\n\tBob\n <bob@y>", []A{{"Jane", "jane@x"}, {"Bob", "bob@y"}}},
		{"missing comma after angle", "Joseph K <jk@x.com>\n        magick@y.com", []A{{"Joseph K", "jk@x.com"}, {"", "magick@y.com"}}},
		{"missing comma between angles", "A <a@x> B <b@y>", []A{{"A", "a@x"}, {"B", "b@y"}}},
		{"source route dropped", "<@relay.org:jane@x.org>", []A{{"", "jane@x.org"}}},
		{"angle only", "<jane@x.org>", []A{{"", "jane@x.org"}}},
		{"spaces inside angle", "< jane@x.org >", []A{{"", "jane@x.org"}}},
		{"quoted local part", `"jane doe"@x.org`, []A{{"", `"jane doe"@x.org`}}},
		{"unqualified one word is kept", "MAILER-DAEMON", []A{{"", "MAILER-DAEMON"}}},
		{"words without @ are not a mailbox", "undisclosed recipients", nil},
		{"empty entries", " , ,a@x,, ", []A{{"", "a@x"}}},
		{"Enron odd addresses kept", "legal <.taylor@enron.com>, t..hodge@enron.com", []A{{"legal", ".taylor@enron.com"}, {"", "t..hodge@enron.com"}}},
		{"unclosed angle", "Jane <jane@x.org", []A{{"Jane", "jane@x.org"}}},
		{"unclosed quote", `"Jane <jane@x.org>`, nil},
		{"RFC 2047 UTF-8 Q", "=?UTF-8?Q?J=C3=B6rg_M=C3=BCller?= <joerg@x.de>", []A{{"Jörg Müller", "joerg@x.de"}}},
		{"RFC 2047 split words joined", "=?utf-8?q?J=C3=B6rg?= =?utf-8?q?_M=C3=BCller?= <joerg@x.de>", []A{{"Jörg Müller", "joerg@x.de"}}},
		{"RFC 2047 ISO-8859-1", "=?ISO-8859-1?Q?Andr=E9?= <andre@x.fr>", []A{{"André", "andre@x.fr"}}},
		{"RFC 2047 windows-1251 (net/mail: charset not supported)", "=?windows-1251?B?wuvg5Ojs6PA=?= <v@x.ru>", []A{{"Владимир", "v@x.ru"}}},
		{"RFC 2047 KOI8-R", "=?KOI8-R?B?98zBxMnNydI=?= <v@x.ru>", []A{{"Владимир", "v@x.ru"}}},
		{"RFC 2047 GB2312", "=?GB2312?B?1cXI/Q==?= <z@x.cn>", []A{{"张三", "z@x.cn"}}},
		{"RFC 2047 Shift_JIS", "=?Shift_JIS?B?k2OShg==?= <t@x.jp>", []A{{"田中", "t@x.jp"}}},
		{"RFC 2047 ISO-8859-2", "=?ISO-8859-2?Q?=A3ukasz?= <l@x.pl>", []A{{"Łukasz", "l@x.pl"}}},
		{"RFC 2047 with a comma inside the word", "=?utf-8?q?Doe,_Jane?= <jane@x>", []A{{"Doe, Jane", "jane@x"}}},
		{"RFC 2047 inside quotes (common, decoded)", `"=?utf-8?q?J=C3=B6rg?=" <j@x>`, []A{{"Jörg", "j@x"}}},
		{"RFC 2047 unknown charset left as is", "=?x-unknown?q?abc?= <j@x>", []A{{"=?x-unknown?q?abc?=", "j@x"}}},
		{"raw latin-1 name (toUTF8 first)", toUTF8([]byte("Ren\xe9 <rene@x.fr>")), []A{{"René", "rene@x.fr"}}},
		{"mailto", "<mailto:jane@x.org>", []A{{"", "jane@x.org"}}},
		{"Outlook single quotes dropped", `"'James E.J. Bottomley'" <James.Bottomley@suse.de>`, []A{{"James E.J. Bottomley", "James.Bottomley@suse.de"}}},
		{"a name repeating the address is no name", `"netdev@vger.kernel.org" <netdev@vger.kernel.org>, "B@X" <b@x>`, []A{{"", "netdev@vger.kernel.org"}, {"", "b@x"}}},
		{"a lone apostrophe is kept", "O'Brien <ob@x>", []A{{"O'Brien", "ob@x"}}},
		{"stray closing parenthesis (fuzz: hung)", "0000)x@y", []A{{"0000", "x@y"}}},
		{"stray closing bracket", "a@x> b@y", []A{{"", "a@x"}, {"", "b@y"}}},
		{"two addresses in one pair of brackets", "Both <a@x, b@y>", []A{{"Both", "a@x"}, {"", "b@y"}}},
		{"unclosed bracket running over a comma (fuzz)", "<,000", []A{{"", "000"}}},
		{"doubled brackets", "<<a@x>>", []A{{"", "a@x"}}},
		{"source route with two relays", "<@r1,@r2:a@x>", []A{{"", "a@x"}}},
		{"a route without its colon is not a route (fuzz)", "<@0000,0", []A{{"", "@0000"}, {"", "0"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseAddressList(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseAddressList(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseAddressListCap(t *testing.T) {
	b := make([]byte, 0, 12*(maxAddresses+10))
	for i := 0; i < maxAddresses+10; i++ {
		b = append(b, "a@x.org, "...)
	}
	if got := len(ParseAddressList(string(b))); got != maxAddresses {
		t.Errorf("%d addresses, want the cap %d", got, maxAddresses)
	}
}

func TestToUTF8(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"UTF-8 unchanged", "Jörg", "Jörg"},
		{"latin-1", "J\xf6rg", "Jörg"},
		{"windows-1252 quotes and euro", "\x93hi\x94 \x80", "“hi” €"},
		{"undefined windows-1252 byte", "a\x81b", "a\uFFFDb"},
		{"mixed valid and invalid", "Jörg \xe9", "Jörg é"},
	}
	for _, tt := range tests {
		if got := toUTF8([]byte(tt.in)); got != tt.want {
			t.Errorf("%s: toUTF8(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}
