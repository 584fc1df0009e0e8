package identity

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on an address, from RFC 5321 with room for the long
// encapsulated addresses real exports hold ("IMCEANOTES-…@enron.com" runs
// past the 64-octet local part). Anything longer is not an address.
const (
	maxLocal  = 256
	maxDomain = 255
	maxLabel  = 63
	// maxEmailInput bounds the text Email reads: a display name and one
	// address never take more, and a longer header is a list.
	maxEmailInput = 4096
)

// Email normalises one email address as a source may write it: with a
// display name in brackets or without them ("Jane Doe <jane@x>", "Jane
// Doe jane@x", "jane@x (Jane Doe)"), raw 8-bit bytes in the name, quotes
// around the address or its local part ("'barry.tycholiz'@enron.com" is
// "barry.tycholiz@enron.com"), a "mailto:" URI (its query dropped,
// %-escapes decoded) or Exchange's "SMTP:" prefix, a trailing root dot
// on the domain ("jane@x." is "jane@x"). The result is the bare
// address, lower-cased whole. Dots are taken anywhere in the local part
// ("j..smith@enron.com", "carol.st.@enron.com"): RFC 5322 forbids
// them, but real mail systems delivered such addresses, and net/mail
// (ally.ValidEmail) refuses them.
//
// The local part is case-folded too, although RFC 5321 lets a server
// tell "Jane" from "jane": no mail system in use does, and address books,
// mail headers and calendars write the same person's address in
// different cases, so keeping the case would split people for nothing.
//
// Domains are lower-cased with strings.ToLower, IDN included; no punycode
// conversion (see the package doc). Quoted local parts ("\"j d\"@x") and
// address literals ("jane@[10.0.0.1]") are refused: people's addresses
// do not use them, and accepting them would make the result hard to
// compare.
//
// Email returns false for anything that is not exactly one address: no
// "@", two different addresses, characters an address cannot hold,
// empty labels, invalid UTF-8 inside the address, more than 4,096 bytes
// in all.
func Email(s string) (Identity, bool) {
	if len(s) > maxEmailInput {
		return Identity{}, false
	}
	addr, ok := findAddress(s)
	if !ok {
		return Identity{}, false
	}
	addr, ok = cleanAddress(addr)
	if !ok {
		return Identity{}, false
	}
	addr = strings.ToLower(addr)
	if !validAddress(addr) {
		return Identity{}, false
	}
	return Identity{Kind: KindEmail, Value: addr}, true
}

// findAddress picks the one address out of s: the content of the angle
// brackets that hold an "@", else the one space-separated word that
// does. Two different candidates mean s is a list, not an address.
func findAddress(s string) (string, bool) {
	s = strings.TrimSpace(s)
	var found string
	n := 0
	take := func(a string) bool {
		a = strings.TrimSpace(a)
		if n > 0 && !strings.EqualFold(a, found) {
			return false
		}
		found = a
		n++
		return true
	}
	if strings.Contains(s, "<") {
		rest := s
		for {
			i := strings.IndexByte(rest, '<')
			if i < 0 {
				break
			}
			j := strings.IndexByte(rest[i+1:], '>')
			if j < 0 {
				return "", false // an unclosed bracket: not one address
			}
			seg := rest[i+1 : i+1+j]
			if strings.Contains(seg, "@") && !take(seg) {
				return "", false
			}
			rest = rest[i+1+j+1:]
		}
		if n > 0 {
			// Bare addresses beside the bracketed one ("Steve
			// <s@x>, m@y") make a list; quoted display names
			// ("\"jane@x\" <jane@x>") and bracketed text do not count.
			for _, w := range strings.FieldsFunc(outside(s), func(r rune) bool {
				return unicode.IsSpace(r) || r == ',' || r == ';'
			}) {
				if strings.Contains(w, "@") && !take(strings.Trim(w, "\"'`()[]")) {
					return "", false
				}
			}
			return found, true
		}
	}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == ';'
	}) {
		if !strings.Contains(w, "@") {
			continue
		}
		w = strings.Trim(w, "\"'`()[]<>")
		if !take(w) {
			return "", false
		}
	}
	return found, n > 0
}

// outside returns s without its "quoted strings" and <bracketed>
// parts, each replaced by a space.
func outside(s string) string {
	var b strings.Builder
	quoted, bracket := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quoted && c == '\\' && i+1 < len(s):
			i++
		case quoted:
			quoted = c != '"'
		case bracket:
			bracket = c != '>'
		case c == '"':
			quoted = true
			b.WriteByte(' ')
		case c == '<':
			bracket = true
			b.WriteByte(' ')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// cleanAddress strips the URI scheme or Exchange prefix, quotes and the
// domain's root dot from one candidate address.
func cleanAddress(a string) (string, bool) {
	a = strings.Trim(a, "\"'`")
	// At most two prefixes ("mailto:SMTP:x@y" occurs); the loop is
	// bounded so that "mailto:mailto:…" cannot run long.
	for range 2 {
		switch {
		case hasPrefixFold(a, "mailto:"):
			a = a[len("mailto:"):]
			if i := strings.IndexByte(a, '?'); i >= 0 {
				a = a[:i]
			}
			if strings.Contains(a, "%") {
				u, err := url.PathUnescape(a)
				if err != nil {
					return "", false
				}
				a = u
			}
		case hasPrefixFold(a, "smtp:"):
			a = a[len("smtp:"):]
		}
	}
	a = strings.TrimSuffix(a, ".")
	// Quotes around the local part alone ("'barry.tycholiz'@enron.com",
	// an Outlook artifact in the Enron mail) are not part of it.
	if at := strings.LastIndexByte(a, '@'); at > 0 {
		a = strings.Trim(a[:at], "'`") + a[at:]
	}
	return a, true
}

// hasPrefixFold is strings.HasPrefix ignoring ASCII case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// validAddress checks a lower-cased bare address: a dot-atom local part
// and a domain of letter-digit-hyphen labels, Unicode letters allowed in
// both (RFC 6531).
func validAddress(a string) bool {
	if !utf8.ValidString(a) {
		return false
	}
	at := strings.LastIndexByte(a, '@')
	if at <= 0 || at == len(a)-1 {
		return false
	}
	local, domain := a[:at], a[at+1:]
	if len(local) > maxLocal || len(domain) > maxDomain {
		return false
	}
	// "j..smith@enron.com", "carol.st.@enron.com" and
	// ".schuler@enron.com" are against RFC 5322 but real: Enron's
	// system wrote names that way, and such addresses delivered. Dots
	// are taken anywhere in the local part, which needs one other
	// character.
	if strings.Trim(local, ".") == "" {
		return false
	}
	for _, r := range local {
		if r < utf8.RuneSelf {
			// "/" is valid atext but marks a Lotus Notes name
			// ("Frank Hayden/ENRON@enronXgate"), not an address.
			if !isAtext(byte(r)) && r != '.' || r == '/' {
				return false
			}
		} else if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) {
			return false
		}
	}
	for label := range strings.SplitSeq(domain, ".") {
		if label == "" || len(label) > maxLabel || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			switch {
			case r == '-', 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)):
			default:
				return false
			}
		}
	}
	return true
}

// isAtext reports whether c may appear in an RFC 5322 atom.
func isAtext(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+/=?^_`{|}~-", c) >= 0
}
