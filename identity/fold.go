package identity

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Fold returns s for comparison: lower-cased, Latin accents stripped
// ("José" → "jose", "Łukasz" → "lukasz", "Straße" → "strasse"; combining
// marks dropped, so decomposed input folds the same), runs of white space
// made one space, trimmed. Bytes that are not UTF-8 are read as
// Windows-1252, the usual charset of a raw 8-bit display name ("Jos\xe9"
// folds to "jose"). Punctuation is kept; the name matcher drops it.
// Letters outside the Latin table (Greek, Cyrillic, CJK) are only
// lower-cased. Fold(Fold(s)) == Fold(s).
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			r = cp1252(s[i])
			size = 1
		}
		i += size
		if r == utf8.RuneError || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Cf, r) || unicode.IsControl(r) && !unicode.IsSpace(r) {
			continue
		}
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		r = unicode.ToLower(r)
		if rep, ok := latin[r]; ok {
			b.WriteString(rep)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// cp1252 decodes one Windows-1252 byte (0x80–0xFF); RuneError for the
// five bytes it leaves undefined.
func cp1252(c byte) rune {
	if c >= 0xA0 {
		return rune(c) // the same as Latin-1 and Unicode
	}
	if c >= 0x80 {
		return cp1252High[c-0x80]
	}
	return rune(c)
}

var cp1252High = [32]rune{
	'€', utf8.RuneError, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', utf8.RuneError, 'Ž', utf8.RuneError,
	utf8.RuneError, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', utf8.RuneError, 'ž', 'Ÿ',
}

// latin maps lower-case Latin letters with diacritics (Latin-1
// Supplement, Latin Extended-A and the Romanian comma letters) to ASCII.
// Keys are lower case: Fold lower-cases first.
var latin = func() map[rune]string {
	m := map[rune]string{}
	for rep, letters := range map[string]string{
		"a":  "àáâãäåāăąǎǻ",
		"ae": "æǽ",
		"c":  "çćĉċč",
		"d":  "ďđð",
		"e":  "èéêëēĕėęě",
		"g":  "ĝğġģ",
		"h":  "ĥħ",
		"i":  "ìíîïĩīĭįıǐ",
		"ij": "ĳ",
		"j":  "ĵ",
		"k":  "ķĸ",
		"l":  "ĺļľŀł",
		"n":  "ñńņňŉŋ",
		"o":  "òóôõöøōŏőǒǿ",
		"oe": "œ",
		"r":  "ŕŗř",
		"s":  "śŝşšſș",
		"ss": "ß",
		"t":  "ţťŧț",
		"th": "þ",
		"u":  "ùúûüũūŭůűųǔǖǘǚǜ",
		"w":  "ŵ",
		"y":  "ýÿŷ",
		"z":  "źżž",
	} {
		for _, r := range letters {
			m[r] = rep
		}
	}
	return m
}()
