package ally

import (
	"fmt"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// Text that ally prints in tables and lists must show for what it is. A
// control character in a name is a terminal command (ESC starts an escape
// sequence, BEL rings, CR returns to the start of the line) or a line break
// that forges a table row; a bidirectional control reorders the text around
// it; a zero-width character makes "Bob\u200b" a second person who looks
// exactly like Bob. One-line fields refuse all three, multi-line fields
// (notes) refuse the control characters other than line breaks and tabs, and
// the faces show whatever is left visibly (see Hidden).

// Hidden reports whether r, printed between prev and next (pass -1 for
// either end of the text), would not show for what it is: a bidirectional
// control (U+200E, U+200F, U+061C, U+202A–U+202E, U+2066–U+2069), which
// reorders the text around it, or a character that prints as nothing:
// every format character (Unicode category Cf: zero-width space, word
// joiner, soft hyphen, byte-order mark, tag characters…), the combining
// grapheme joiner, the Hangul and Khmer fillers, and variation selectors.
// Control characters are not Hidden: unicode.IsControl reports them.
//
// Three of them are visible in context, so that real names are not
// refused: ZWNJ and ZWJ between two letters of a script whose shaping they
// change (Persian "Ali‌zadeh" is written with a ZWNJ), ZWJ inside an emoji
// sequence, and a variation selector after a symbol (the emoji form of ❤).
func Hidden(prev, r, next rune) bool {
	switch {
	case r < 0x80:
		return false
	case r == 0x200C || r == 0x200D: // ZWNJ, ZWJ
		if shapedBy(prev, next) {
			return false
		}
		return !(r == 0x200D && emojiPart(prev) && emojiPart(next))
	case r >= 0xFE00 && r <= 0xFE0F: // variation selectors
		return !unicode.Is(unicode.So, prev)
	case r >= 0xE0100 && r <= 0xE01EF: // ideographic variation selectors
		return !unicode.Is(unicode.Han, prev)
	case r >= 0x180B && r <= 0x180F: // Mongolian variation selectors and vowel separator
		return !unicode.Is(unicode.Mongolian, prev)
	case unicode.Is(unicode.Cf, r): // includes every bidirectional control
		return true
	}
	switch r {
	case 0x034F, // combining grapheme joiner
		0x115F, 0x1160, 0x3164, 0xFFA0, // Hangul fillers
		0x17B4, 0x17B5: // Khmer inherent vowels, invisible
		return true
	}
	return false
}

// Bidi reports whether r is a bidirectional control: it changes the order
// in which the characters around it are shown.
func Bidi(r rune) bool {
	return r == 0x061C || r == 0x200E || r == 0x200F || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}

// joiningScripts are the scripts in which ZWNJ and ZWJ change how the
// letters around them are drawn, so that they are visible there.
var joiningScripts = []*unicode.RangeTable{
	unicode.Arabic, unicode.Syriac, unicode.Nko, unicode.Mongolian,
	unicode.Devanagari, unicode.Bengali, unicode.Gurmukhi, unicode.Gujarati, unicode.Oriya,
	unicode.Tamil, unicode.Telugu, unicode.Kannada, unicode.Malayalam, unicode.Sinhala,
}

// shapedBy reports whether prev and next are letters (or marks, such as a
// virama) of the same joining script.
func shapedBy(prev, next rune) bool {
	if !(unicode.IsLetter(prev) || unicode.IsMark(prev)) || !(unicode.IsLetter(next) || unicode.IsMark(next)) {
		return false
	}
	for _, s := range joiningScripts {
		if unicode.Is(s, prev) && unicode.Is(s, next) {
			return true
		}
	}
	return false
}

// emojiPart reports whether r can stand on either side of the ZWJ of an
// emoji sequence (👩‍💻): a symbol, a skin-tone modifier, or the emoji
// variation selector.
func emojiPart(r rune) bool {
	return unicode.Is(unicode.So, r) || (r >= 0x1F3FB && r <= 0x1F3FF) || r == 0xFE0F
}

// lineBreak reports whether r ends a line: LF, CR, NEL, VT, FF and the
// Unicode line and paragraph separators.
func lineBreak(r rune) bool {
	switch r {
	case '\n', '\r', '\v', '\f', 0x85, 0x2028, 0x2029:
		return true
	}
	return false
}

// CheckText reports an EINVALID error naming field and the offending
// character when s is not valid UTF-8 or holds a character the field may
// not hold. A one-line field (multiline false: names, titles, tags) holds
// no control character, no line break and nothing Hidden; a multi-line
// field (notes) may hold line breaks (LF) and tabs, and Hidden characters,
// which the faces show visibly, but no other control character.
func CheckText(field, s string, multiline bool) error {
	if !utf8.ValidString(s) {
		return Errorf(EINVALID, "%s is not valid UTF-8", field)
	}
	prev, n := rune(-1), 0
	for i, r := range s {
		n++
		next := rune(-1)
		if j := i + utf8.RuneLen(r); j < len(s) {
			next, _ = utf8.DecodeRuneInString(s[j:])
		}
		switch {
		case multiline && (r == '\n' || r == '\t'):
		case multiline && (unicode.IsControl(r) || r == 0x2028 || r == 0x2029):
			return Errorf(EINVALID, "%s holds %s at character %d: only line breaks and tabs may stand between its words", field, describe(r), n)
		case lineBreak(r):
			return Errorf(EINVALID, "%s holds a line break (%U) at character %d: it must be one line", field, r, n)
		case unicode.IsControl(r):
			return Errorf(EINVALID, "%s holds %s at character %d: it must be printable text on one line", field, describe(r), n)
		case !multiline && Bidi(r):
			return Errorf(EINVALID, "%s holds %U at character %d, a bidirectional control that reorders the text around it: remove it", field, r, n)
		case !multiline && Hidden(prev, r, next):
			return Errorf(EINVALID, "%s holds %U at character %d, an invisible character that makes text look like other text: remove it", field, r, n)
		}
		prev = r
	}
	return nil
}

// describe names a control character for an error message.
func describe(r rune) string {
	switch r {
	case 0x1B:
		return "a terminal escape (U+001B)"
	case '\r':
		return "a carriage return (U+000D)"
	case '\t':
		return "a tab (U+0009)"
	}
	if unicode.IsControl(r) {
		return fmt.Sprintf("a control character (%U)", r)
	}
	return fmt.Sprintf("a line separator (%U)", r)
}

// Count words a count with its noun for people to read: "1 person",
// "3 people", "0 supporters". Every face and engine that words a count uses
// it, so that none says "1 people" or "supporter(s)".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
