package csvin

import (
	"bytes"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf16"

	"github.com/allyhq/ally/importer"
)

// encodeUTF16 is s as Excel's "Unicode Text" saves it: a byte-order mark,
// then UTF-16 in the given byte order.
func encodeUTF16(s string, big bool) []byte {
	var b []byte
	for _, u := range append([]uint16{0xFEFF}, utf16.Encode([]rune(s))...) {
		if big {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return b
}

// TestUTF16 reads the same log as UTF-8 and as UTF-16 (both byte orders,
// whole and a byte at a time so that pairs are cut between reads): the
// rows are the same.
func TestUTF16(t *testing.T) {
	src := "from\tto\tat\tsubject\r\nJosé <jose@x.org>\tzoë@x.org\t2024-03-01\t\"Café 😀 \"\"ok\"\"\"\r\nb\tc\t2024-03-02\t𝄞\r\n"
	want, bad, err := readLog(t, src, LogOptions{})
	if err != nil || len(bad) > 0 || len(want) != 2 || want[0].Subject != "Café 😀 \"ok\"" {
		t.Fatalf("UTF-8: %v %v %+v", err, bad, want)
	}
	for _, big := range []bool{false, true} {
		for _, oneByte := range []bool{false, true} {
			var r io.Reader = bytes.NewReader(encodeUTF16(src, big))
			if oneByte {
				r = iotest.OneByteReader(r)
			}
			var got []importer.Interaction
			err := ReadInteractions(r, "log.csv", LogOptions{}, func(in importer.Interaction) error {
				got = append(got, in)
				return nil
			})
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("big endian %v, a byte at a time %v: err %v\ngot  %+v\nwant %+v", big, oneByte, err, got, want)
			}
		}
	}
	data, err := os.ReadFile("testdata/org_utf16le.txt")
	if err != nil {
		t.Fatal(err)
	}
	people, err := ReadOrg(bytes.NewReader(data), "org.txt", OrgOptions{})
	if err != nil || len(people) != 2 || people[1].Name != "Zoë Ødegård" || people[1].ManagerEmail != "jose@x.org" {
		t.Errorf("org_utf16le.txt: %v %+v", err, people)
	}
}

func TestUTF16Broken(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"a lone high surrogate", []byte{0x3D, 0xD8, 'a', 0}, "\uFFFDa"},
		{"a lone low surrogate", []byte{0x00, 0xDC, 'a', 0}, "\uFFFDa"},
		{"a high surrogate at the end", []byte{'a', 0, 0x3D, 0xD8}, "a\uFFFD"},
		{"an odd last byte", []byte{'a', 0, 'b'}, "a\uFFFD"},
		{"a pair", []byte{0x3D, 0xD8, 0x00, 0xDE}, "😀"},
	}
	for _, tt := range tests {
		for _, oneByte := range []bool{false, true} {
			var r io.Reader = bytes.NewReader(tt.in)
			if oneByte {
				r = iotest.OneByteReader(r)
			}
			got, err := io.ReadAll(&utf16Reader{r: r})
			if err != nil || string(got) != tt.want {
				t.Errorf("%s (a byte at a time %v): %q, %v; want %q", tt.name, oneByte, got, err, tt.want)
			}
		}
	}
	if !strings.HasPrefix(string(encodeUTF16("a", false)), "\xff\xfe") {
		t.Error("encodeUTF16 writes no byte-order mark")
	}
}

// FuzzUTF16 compares the streaming decoder with unicode/utf16.Decode of
// the whole input, read whole and a byte at a time.
func FuzzUTF16(f *testing.F) {
	f.Add([]byte{0x3D, 0xD8, 0x00, 0xDE, 'a', 0}, false)
	f.Add([]byte{0xD8, 0x3D, 0xDE}, true)
	f.Fuzz(func(t *testing.T, data []byte, big bool) {
		units := make([]uint16, len(data)/2)
		for i := range units {
			if big {
				units[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
			} else {
				units[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
			}
		}
		want := string(utf16.Decode(units))
		if len(data)%2 == 1 {
			want += "\uFFFD"
		}
		for _, oneByte := range []bool{false, true} {
			var r io.Reader = bytes.NewReader(data)
			if oneByte {
				r = iotest.OneByteReader(r)
			}
			got, err := io.ReadAll(&utf16Reader{r: r, big: big})
			if err != nil || string(got) != want {
				t.Fatalf("a byte at a time %v: %q, %v; want %q", oneByte, got, err, want)
			}
		}
	})
}
