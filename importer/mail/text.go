package mail

import (
	"mime"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message/charset"
)

// wordDecoder decodes RFC 2047 encoded words. net/mail's own decoder knows
// only UTF-8, US-ASCII and ISO-8859-1 ("charset not supported" for the
// rest); go-message's charset.Reader knows every charset in x/text's IANA
// and WHATWG indexes (ISO-8859-x, windows-125x, KOI8-R, GB2312, GBK,
// Big5, Shift_JIS, EUC-JP, ISO-2022-JP, EUC-KR, ...). It holds no state, so
// one value is shared.
var wordDecoder = &mime.WordDecoder{CharsetReader: charset.Reader}

// cp1252 maps the bytes 0x80–0x9F to what windows-1252 makes of them; the
// five bytes it leaves undefined become U+FFFD. Bytes 0xA0–0xFF are the
// same in windows-1252 and ISO-8859-1 (their code point).
var cp1252 = [32]rune{
	'€', '\uFFFD', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\uFFFD', 'Ž', '\uFFFD',
	'\uFFFD', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\uFFFD', 'ž', 'Ÿ',
}

// toUTF8 returns b as a string, reading every byte that is not part of a
// valid UTF-8 sequence as windows-1252. Raw 8-bit headers come from mailers
// that wrote the user's local charset unencoded, which for Western mail is
// almost always windows-1252 or latin-1 (a superset of latin-1's printable
// range); reading them so keeps the name instead of dropping the address
// as net/mail does. Valid UTF-8 (RFC 6532 mail) passes unchanged.
func toUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b) + 8)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n <= 1 {
			c := b[0]
			switch {
			case c < 0x80:
				sb.WriteByte(c)
			case c < 0xA0:
				sb.WriteRune(cp1252[c-0x80])
			default:
				sb.WriteRune(rune(c))
			}
			b = b[1:]
			continue
		}
		sb.Write(b[:n])
		b = b[n:]
	}
	return sb.String()
}

// toUTF8String is toUTF8 for a string, without a copy when it is valid.
func toUTF8String(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return toUTF8([]byte(s))
}

// decodeWords decodes the RFC 2047 encoded words in s. A word in a charset
// nobody knows is left as it is (the reader sees "=?x-unknown?...?=" rather
// than nothing); bytes that a word's charset leaves invalid are read as
// windows-1252, as in toUTF8.
func decodeWords(s string) string {
	if !strings.Contains(s, "=?") {
		return s
	}
	d, err := wordDecoder.DecodeHeader(s)
	if err != nil {
		return s
	}
	return toUTF8String(d)
}

// oneLine folds every run of white space and control characters in s into
// one space and trims the ends, so that a folded or tab-indented header
// reads as one line.
func oneLine(s string) string {
	clean := true
	prevSpace := true
	for i := 0; i < len(s); i++ {
		// Most values are clean and returned as they are; 0xC2 starts
		// the UTF-8 form of the C1 controls, which the slow path drops.
		c := s[i]
		if c < 0x20 || c == 0x7f || c == 0xc2 || (c == ' ' && prevSpace) {
			clean = false
			break
		}
		prevSpace = c == ' '
	}
	if clean && !prevSpace {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s))
	space := false
	for _, r := range s {
		if r < 0x20 || r == ' ' || (r >= 0x7f && r < 0xa0) {
			space = sb.Len() > 0
			continue
		}
		if space {
			sb.WriteByte(' ')
			space = false
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

// decodeText is an unstructured header (Subject) as one line of text.
func decodeText(raw []byte) string {
	return oneLine(decodeWords(toUTF8(raw)))
}
