package cli

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/allyhq/ally"
)

// reveal returns text for a terminal with every character that would not
// show for what it is written as its code point in angle brackets:
// "Bob\u200b" prints as "Bob<U+200B>", an escape sequence as
// "<U+001B>[31m", a byte that is not UTF-8 as "<0xFF>". That covers
// control characters, line and paragraph separators, bidirectional
// controls and ally.Hidden characters. Line feeds and tabs pass: the text
// output writes them itself, to end rows and separate columns. ally
// refuses all of these in names (ally.CheckText), but data stored before
// that rule, and notes, which may hold invisible characters, must not be
// able to move the cursor, recolour the terminal or reorder a row.
func reveal(s string) string {
	if plain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	prev := rune(-1)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			fmt.Fprintf(&b, "<0x%02X>", s[i])
			i, prev = i+1, -1
			continue
		}
		next := rune(-1)
		if i+size < len(s) {
			next, _ = utf8.DecodeRuneInString(s[i+size:])
		}
		if r != '\n' && r != '\t' && (unicode.IsControl(r) || r == 0x2028 || r == 0x2029 || ally.Hidden(prev, r, next)) {
			fmt.Fprintf(&b, "<%U>", r)
		} else {
			b.WriteRune(r)
		}
		i, prev = i+size, r
	}
	return b.String()
}

// plain reports whether s is printable ASCII, line feeds and tabs: the
// common case, which reveal returns as it is.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < ' ' && c != '\n' && c != '\t') || c >= 0x7F {
			return false
		}
	}
	return true
}

// escapeJSON writes, in JSON that encoding/json produced, the characters a
// terminal would act on or hide as \u escapes: DEL and the C1 controls,
// bidirectional controls and ally.Hidden characters, which the encoder
// leaves raw (it escapes those below U+0020 and U+2028, U+2029 itself).
// Outside strings JSON is plain ASCII, so every such character is inside a
// string, where an escape means the same character: a script reading the
// output sees the same data.
func escapeJSON(js []byte) []byte {
	if plain(string(js)) {
		return js
	}
	var b bytes.Buffer
	b.Grow(len(js) + 16)
	for i := 0; i < len(js); {
		r, size := utf8.DecodeRune(js[i:])
		switch {
		case r == 0x7F || (r >= 0x80 && r <= 0x9F) || ally.Hidden(-1, r, -1):
			if r > 0xFFFF {
				hi, lo := utf16.EncodeRune(r)
				fmt.Fprintf(&b, `\u%04x\u%04x`, hi, lo)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.Write(js[i : i+size])
		}
		i += size
	}
	return b.Bytes()
}
