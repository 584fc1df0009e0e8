package vcard

import (
	"bytes"
	"encoding/base64"
	"strings"
	"unicode/utf8"

	"github.com/allyhq/ally/importer"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
)

// decoder turns a kept property's raw value into UTF-8 text, still
// escaped: it undoes ENCODING (quoted-printable, base64) and CHARSET. It
// caches the character sets one Read meets.
type decoder struct {
	file     string
	charsets map[string]encoding.Encoding
}

// text decodes p's value.
func (d *decoder) text(p *property) (string, *importer.Error) {
	raw := p.value
	switch p.encoding() {
	case "QUOTED-PRINTABLE":
		raw = unQP(raw)
	case "B", "BASE64":
		b, err := unBase64(raw)
		if err != nil {
			return "", d.errf(p, "ENCODING=%s value is not base64: %v", p.encoding(), err)
		}
		raw = b
	}
	var s string
	if cs := p.param("CHARSET"); len(cs) > 0 && !isUTF8(cs[0]) {
		enc, e := d.charset(p, cs[0])
		if e != nil {
			return "", e
		}
		b, err := enc.NewDecoder().Bytes(raw)
		if err != nil {
			return "", d.errf(p, "value is not in CHARSET=%s: %v", cs[0], err)
		}
		s = string(b)
	} else if utf8.Valid(raw) {
		s = string(raw)
	} else {
		// No CHARSET, and not UTF-8: old Outlook and Palm exports
		// write the Windows code page without saying so. Windows-1252
		// maps every byte, so the name survives with its accents in
		// the common (Western) case instead of failing the card.
		b, _ := charmap.Windows1252.NewDecoder().Bytes(raw)
		s = string(b)
	}
	if strings.IndexByte(s, '\r') >= 0 {
		// Quoted-printable "=0D=0A": one newline, as escapes give.
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	return s, nil
}

func (d *decoder) errf(p *property, format string, args ...any) *importer.Error {
	return importer.Errorf(importer.Pos{File: d.file, Line: p.line}, p.name, format, args...)
}

// charset finds a CHARSET by its WHATWG label (which maps ISO-8859-1 and
// US-ASCII to windows-1252, as browsers do, since that is what such files
// hold), then by its IANA name.
func (d *decoder) charset(p *property, name string) (encoding.Encoding, *importer.Error) {
	key := strings.ToLower(strings.TrimSpace(name))
	if enc, ok := d.charsets[key]; ok {
		return enc, nil
	}
	enc, err := htmlindex.Get(key)
	if err != nil {
		enc, err = ianaindex.IANA.Encoding(key)
	}
	if err != nil || enc == nil {
		return nil, d.errf(p, "unknown CHARSET=%s", name)
	}
	if d.charsets == nil {
		d.charsets = make(map[string]encoding.Encoding)
	}
	d.charsets[key] = enc
	return enc, nil
}

func isUTF8(name string) bool {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "utf-8", "utf8":
		return true
	}
	return false
}

// unQP decodes quoted-printable leniently: a "=" not followed by two hex
// digits is kept as it is (Outlook writes a bare "=" at the end of a value
// as a soft break with nothing after it, which is dropped).
func unQP(b []byte) []byte {
	if bytes.IndexByte(b, '=') < 0 {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == '=' {
			if i+2 < len(b) && isHex(b[i+1]) && isHex(b[i+2]) {
				out = append(out, unhex(b[i+1])<<4|unhex(b[i+2]))
				i += 2
				continue
			}
			if i == len(b)-1 {
				continue
			}
		}
		out = append(out, c)
	}
	return out
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// unBase64 decodes base64 with or without padding, ignoring the spaces a
// folded 2.1 value keeps.
func unBase64(b []byte) ([]byte, error) {
	clean := make([]byte, 0, len(b))
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\n' {
			clean = append(clean, c)
		}
	}
	out := make([]byte, base64.StdEncoding.DecodedLen(len(clean)))
	n, err := base64.StdEncoding.Decode(out, clean)
	if err != nil {
		n, err = base64.RawStdEncoding.Decode(out, bytes.TrimRight(clean, "="))
	}
	return out[:n], err
}

// splitIf is split without the allocation when s has no sep at all.
func splitIf(s string, sep byte) []string {
	if strings.IndexByte(s, sep) < 0 {
		return []string{s}
	}
	return split(s, sep)
}

// split splits s at every sep that no backslash escapes, keeping the
// escapes for unescape.
func split(s string, sep byte) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case sep:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// unescape undoes the text escapes of RFC 6350 3.4 (\n \N \, \; \\) and
// Gmail's "\:"; any other backslash is kept as written.
func unescape(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) {
			switch n := s[i+1]; n {
			case 'n', 'N':
				b.WriteByte('\n')
				i++
				continue
			case ',', ';', '\\', ':':
				b.WriteByte(n)
				i++
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// clean unescapes and trims one text value.
func clean(s string) string {
	return strings.TrimSpace(unescape(s))
}
