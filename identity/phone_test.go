package identity

import (
	"strings"
	"testing"
)

func TestPhone(t *testing.T) {
	for _, tc := range []struct {
		in, want string // want "" means not a phone number
	}{
		{"+1 (713) 853-6000", "+17138536000"},
		{"(713) 853-6000", "7138536000"}, // no country guessed
		{"713.853.6000", "7138536000"},
		{"+49 30/1234567", "+49301234567"},
		{"+44 (0)20 7946 0000", "+442079460000"},
		{"0044 20 7946 0000", "+442079460000"},
		{"+33\u00a01\u00a023\u00a045\u00a067\u00a089", "+33123456789"},
		{"+1\u2011713\u2011853\u20116000", "+17138536000"},
		{"１２３４５６７", "1234567"},
		{"٠١٢٣٤٥٦٧", "01234567"},
		{"tel:+1-713-853-6000", "+17138536000"},
		{"TEL:+1-713-853-6000;ext=123", "+17138536000;ext=123"},
		{"tel:7042;phone-context=example.com", ""}, // 4 digits
		{"tel:70425;phone-context=example.com", "70425"},
		{"Tel: +1 713 853 6000", "+17138536000"},
		// Extensions are kept: they tell people behind one switchboard apart.
		{"713 853 6000 x1234", "7138536000;ext=1234"},
		{"713-853-6000 X 1234", "7138536000;ext=1234"},
		{"+1 713 853 6000 ext. 55", "+17138536000;ext=55"},
		{"+1 713 853 6000 extension 55", "+17138536000;ext=55"},
		{"+1 713 853 6000 #55", "+17138536000;ext=55"},
		{"+17138536000,55", "+17138536000;ext=55"},
		{"+17138536000;ext=55", "+17138536000;ext=55"},
		{"713 853 6000 x", "7138536000"},
		{"12345", "12345"},
		// Not a phone number.
		{"", ""},
		{"1234", ""},
		{"+1 234", ""},
		{"call me", ""},
		{"1-800-FLOWERS", ""},
		{"713 853 6000 ext 123456789", ""},
		{"+1 713 +853", ""},
		{"713+853-6000", ""},
		{"1234567890123456", ""},
		{"x1234", ""},
		{"713-853-6000, 713-853-6001", ""},
		{"713 853 6000 x12 x34", ""},
		{"+1 713 853 6000" + strings.Repeat(" ", 120), "+17138536000"}, // trimmed first
		{"+1" + strings.Repeat("-", 130) + "7138536000", ""},
		{"713\x00853", ""},
		{"713-853-6000 / ext. 5 #7", ""},
	} {
		id, ok := Phone(tc.in)
		if ok != (tc.want != "") || id.Value != tc.want {
			t.Errorf("Phone(%q) = %q, %v; want %q", tc.in, id.Value, ok, tc.want)
		}
		if ok && id.Kind != KindPhone {
			t.Errorf("Phone(%q).Kind = %q", tc.in, id.Kind)
		}
	}
}

func FuzzPhone(f *testing.F) {
	for _, s := range seeds(f, "testdata/phones.txt") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, ok := Phone(s)
		if !ok {
			if id != (Identity{}) {
				t.Fatalf("Phone(%q) = %v with false", s, id)
			}
			return
		}
		again, ok2 := Phone(id.Value)
		if !ok2 || again != id {
			t.Fatalf("Phone(%q) = %q, but Phone(%q) = %q, %v", s, id.Value, id.Value, again.Value, ok2)
		}
		main, _, _ := strings.Cut(strings.TrimPrefix(id.Value, "+"), ";ext=")
		if n := len(main); n < minPhoneDigits || n > maxPhoneDigits || strings.Trim(main, "0123456789") != "" {
			t.Fatalf("Phone(%q) = %q: not 5 to 15 digits", s, id.Value)
		}
	})
}
