package identity

import (
	"strings"
	"unicode"
)

// Limits on a phone number: E.164 numbers have at most 15 digits, and
// fewer than 5 digits are a typo or an internal short code that would
// match unrelated people (Meerkat uses the same floor). Extensions of
// more than 8 digits are two numbers run together.
const (
	minPhoneDigits = 5
	maxPhoneDigits = 15
	maxExtDigits   = 8
	// maxPhoneLen bounds the input read: no way of writing a number
	// takes more, and it keeps a hostile megabyte "number" cheap.
	maxPhoneLen = 128
)

// Phone normalises a phone number: its digits, with a leading "+" kept,
// and an extension kept as ";ext=digits" (RFC 3966's form).
//
// It takes the usual separators (spaces, "-", ".", "/", "(", ")", Unicode
// dashes and no-break spaces), a "tel:" URI (its parameters other than
// ext dropped), a leading "00" as "+" (the ITU international prefix),
// the "(0)" trunk digit written after a country code ("+44 (0)20 …" is
// "+4420…"), fullwidth and Arabic-Indic digits, and extensions written
// "x123", "ext. 123", "extension 123", "#123", ";ext=123" or ",123".
//
// Extensions are kept, not dropped: behind a switchboard the extension
// is what tells two people apart, and dropping it would merge everyone
// who lists the main number. The cost is that "…6000 x123" and "…6000"
// do not match.
//
// No country is guessed: "(713) 853-6000" stays "7138536000" and does
// not match "+1 713 853 6000" (see the package doc). Phone returns false
// for letters other than an extension marker, a "+" after the start,
// more than 128 bytes,
// fewer than 5 or more than 15 digits, or an over-long extension.
func Phone(s string) (Identity, bool) {
	s = strings.TrimSpace(s)
	if len(s) > maxPhoneLen {
		return Identity{}, false
	}
	if hasPrefixFold(s, "tel:") {
		s = strings.TrimSpace(s[len("tel:"):])
	}
	var main, ext []byte
	plus, inExt := false, false
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if d, ok := digit(r); ok {
			if inExt {
				ext = append(ext, d)
			} else {
				main = append(main, d)
			}
			if len(main) > maxPhoneDigits+2 || len(ext) > maxExtDigits {
				return Identity{}, false
			}
			continue
		}
		switch {
		case r == '+':
			if plus || len(main) > 0 || inExt {
				return Identity{}, false
			}
			plus = true
		case r == '(' && plus && i+2 < len(rs) && rs[i+1] == '0' && rs[i+2] == ')' && len(main) > 0:
			i += 2 // the "(0)" trunk digit after a country code
		case isPhoneSep(r):
		case r == '#' || r == ',':
			if len(main) == 0 || inExt {
				return Identity{}, false
			}
			inExt = true
		case r == ';':
			// A tel URI parameter: ";ext=" starts the extension, any
			// other (";phone-context=", ";isub=") ends the number.
			if i+4 < len(rs) && strings.EqualFold(string(rs[i+1:i+5]), "ext=") && !inExt && len(main) > 0 {
				inExt = true
				i += len("ext=")
				continue
			}
			i = len(rs)
		case unicode.IsLetter(r):
			j := i
			for j < len(rs) && (unicode.IsLetter(rs[j]) || rs[j] == '.') {
				j++
			}
			word := strings.TrimSuffix(strings.ToLower(string(rs[i:j])), ".")
			switch word {
			case "x", "ext", "extn", "extension", "ex", "p", "w":
			default:
				return Identity{}, false
			}
			if len(main) == 0 || inExt {
				return Identity{}, false
			}
			inExt = true
			i = j - 1
		default:
			return Identity{}, false
		}
	}
	if !plus && len(main) > 2 && main[0] == '0' && main[1] == '0' {
		plus, main = true, main[2:]
	}
	if len(main) < minPhoneDigits || len(main) > maxPhoneDigits {
		return Identity{}, false
	}
	v := string(main)
	if plus {
		v = "+" + v
	}
	if len(ext) > 0 {
		v += ";ext=" + string(ext)
	}
	return Identity{Kind: KindPhone, Value: v}, true
}

// digit returns the ASCII digit for r: ASCII, fullwidth or Arabic-Indic
// (Arabic and Persian forms), which contact exports in those locales
// write.
func digit(r rune) (byte, bool) {
	for _, zero := range []rune{'0', '\uFF10', '\u0660', '\u06F0'} {
		if zero <= r && r <= zero+9 {
			return byte('0' + r - zero), true
		}
	}
	return 0, false
}

// isPhoneSep reports whether r only groups digits.
func isPhoneSep(r rune) bool {
	switch r {
	case ' ', '\t', '-', '.', '/', '(', ')', '\u00A0', '\u202F', '\u2007', '\u2212':
		return true
	}
	return '\u2010' <= r && r <= '\u2015' || unicode.IsSpace(r)
}
