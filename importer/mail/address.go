package mail

import (
	"strings"
)

// Address is one mailbox of an address header: the display name (decoded,
// one line, possibly empty) and the address as found (case kept: package
// identity folds case when it matches people).
type Address struct {
	Name  string
	Email string
}

// maxAddresses bounds the addresses read from one header: a list message
// with more recipients than this names no one in particular, and the bound
// keeps a hostile header from producing millions of parties.
const maxAddresses = 10000

// token kinds of an address header.
const (
	tAtom    = iota // a run of characters that are not specials or space
	tQuoted         // "a quoted string" (value without the quotes)
	tComment        // (a comment) (value without the parentheses)
	tAngle          // <an angle address> (value without the brackets)
	tComma          // ,
	tColon          // : (starts a group)
	tSemi           // ; (ends a group)
)

type token struct {
	val  string
	kind uint8
	// glued is true when no white space separates the token from the one
	// before it (so that "jane doe"@x is one address).
	glued bool
}

// ParseAddressList reads an address header (From, To, Cc, Sender) the way
// real mail needs, not the way RFC 5322 allows: it never fails as a whole
// because one entry is bad, as net/mail does. It reads groups
// ("undisclosed-recipients:;", "Team: a@x, b@y;"), display names with
// quoted commas, comments (a comment is the name when there is no other),
// RFC 2047 names in any charset, raw 8-bit names (windows-1252 when not
// UTF-8), addresses without angle brackets ("Jane Doe jane@x"), a missing
// comma between two angle addresses, and source routes ("<@relay:jane@x>",
// the route dropped). An entry with no "@" is kept only when it is one word
// (an unqualified local address such as "MAILER-DAEMON"); one with several
// words and no "@" ("undisclosed recipients") names no mailbox and is left
// out. At most maxAddresses are returned.
func ParseAddressList(s string) []Address {
	out, _ := appendAddressList(nil, nil, s)
	if len(out) == 0 {
		return nil
	}
	return out
}

// appendAddressList appends the addresses of s to out (at most
// maxAddresses of them), using toks as scratch space for the tokens; it
// returns both, so that a reader reuses them from message to message.
func appendAddressList(out []Address, toks []token, s string) ([]Address, []token) {
	toks = appendAddrTokens(toks[:0], toUTF8String(s))
	limit := len(out) + maxAddresses
	start := 0
	for i := 0; i <= len(toks); i++ {
		if i < len(toks) {
			switch toks[i].kind {
			case tComma, tSemi:
			case tColon:
				// "group: a, b;" — the words before the colon are the
				// group's name, not a mailbox. A colon after an address
				// means nothing and is passed over.
				if !hasAt(toks[start:i]) {
					start = i + 1
				}
				continue
			default:
				continue
			}
		}
		n := len(out)
		out = appendItem(out, toks[start:min(i, len(toks))])
		for j := n; j < len(out); j++ {
			out[j].Name = tidyName(out[j].Name, out[j].Email)
		}
		start = i + 1
		if len(out) >= limit {
			return out[:limit], toks
		}
	}
	return out, toks
}

func hasAt(item []token) bool {
	for _, t := range item {
		if t.kind == tAngle || (t.kind == tAtom && strings.Contains(t.val, "@")) {
			return true
		}
	}
	return false
}

// appendItem turns the tokens between two commas into addresses.
func appendItem(out []Address, item []token) []Address {
	if len(item) == 0 {
		return out
	}
	// Small arrays for the words of one entry: most have a few, and
	// makeName does not keep them.
	var phraseBuf, commentBuf [8]string
	phrase, comments := phraseBuf[:0], commentBuf[:0]
	angles := 0
	for _, t := range item {
		if t.kind == tAngle {
			angles++
		}
	}
	if angles > 0 {
		// Name <addr>, possibly several in a row when a comma is missing:
		// each takes the words before it.
		seen := 0
		for _, t := range item {
			switch {
			case t.kind == tAngle:
				seen++
				name := makeName(phrase, comments)
				if plainAddr(t.val) {
					out = append(out, Address{Name: name, Email: t.val})
					phrase, comments = phrase[:0], comments[:0]
					continue
				}
				for _, email := range cleanAngle(t.val) {
					out = append(out, Address{Name: name, Email: email})
					name = ""
				}
				phrase, comments = phrase[:0], comments[:0]
			case t.kind == tColon:
			case t.kind == tComment:
				comments = append(comments, t.val)
			case seen == angles && t.kind == tAtom && strings.Contains(t.val, "@"):
				// "Jo <jo@x> ann@y": a bare address after the last
				// angle address, the comma between them missing.
				out = append(out, Address{Email: t.val})
			default:
				phrase = append(phrase, t.val)
			}
		}
		return out
	}
	// No angle brackets: the words with an "@" are addresses ("jane@x",
	// `"jane doe"@x`), the others the name ("Jane Doe jane@x").
	var emailBuf [4]string
	emails := emailBuf[:0]
	for i := 0; i < len(item); i++ {
		t := item[i]
		switch {
		case t.kind == tColon:
		case t.kind == tComment:
			comments = append(comments, t.val)
		case t.kind == tAtom && strings.Contains(t.val, "@"):
			e := t.val
			// Glue `"jane doe"@x` and `jane.@x` back together.
			if strings.HasPrefix(e, "@") && len(phrase) > 0 && t.glued && i > 0 && item[i-1].kind == tQuoted {
				e = `"` + phrase[len(phrase)-1] + `"` + e
				phrase = phrase[:len(phrase)-1]
			}
			emails = append(emails, e)
		default:
			phrase = append(phrase, t.val)
		}
	}
	if len(emails) == 0 {
		if len(phrase) == 1 && item[0].kind == tAtom && len(comments) <= 1 {
			return append(out, Address{Name: makeName(nil, comments), Email: phrase[0]})
		}
		return out
	}
	if len(emails) > 1 {
		for _, e := range emails {
			out = append(out, Address{Email: e})
		}
		return out
	}
	return append(out, Address{Name: makeName(phrase, comments), Email: emails[0]})
}

// makeName is the display name from the phrase, or from the comments when
// there is no phrase ("jane@x (Jane Doe)"), decoded and on one line.
func makeName(phrase, comments []string) string {
	var s string
	switch {
	case len(phrase) > 0:
		s = strings.Join(phrase, " ")
	case len(comments) > 0:
		s = strings.Join(comments, " ")
	default:
		return ""
	}
	return oneLine(decodeWords(s))
}

// tidyName drops what mailers wrap around a name: the single quotes
// Outlook adds ("'James E.J. Bottomley'"), and a name that only repeats
// the address (`"netdev@vger.kernel.org" <netdev@vger.kernel.org>`), which
// names no one.
func tidyName(name, email string) string {
	if len(name) >= 2 && name[0] == '\'' && name[len(name)-1] == '\'' {
		name = strings.TrimSpace(name[1 : len(name)-1])
	}
	if strings.EqualFold(name, email) {
		return ""
	}
	return name
}

// plainAddr reports whether an angle address needs no cleaning: no white
// space, quotes, comments, separators or brackets, no route or "mailto:".
func plainAddr(v string) bool {
	if v == "" || v[0] == '@' || (len(v) >= 7 && strings.EqualFold(v[:7], "mailto:")) {
		return false
	}
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case ' ', '\t', '\r', '\n', '"', '(', ')', '<', '>', ',', ';':
			return false
		}
	}
	return true
}

// cleanAngle is the address inside angle brackets with comments, white
// space and stray brackets outside quotes and a source route removed;
// several when a comma or semicolon outside quotes separates them
// ("<a@x, b@y>", or an unclosed "<a@x, b@y" that ran to the end).
func cleanAngle(v string) []string {
	var out []string
	var sb strings.Builder
	depth := 0
	inQuote := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case inQuote:
			sb.WriteByte(c)
			if c == '\\' && i+1 < len(v) {
				i++
				sb.WriteByte(v[i])
			} else if c == '"' {
				inQuote = false
			}
		case c == '(':
			depth++
		case c == ')' && depth > 0:
			depth--
		case depth > 0:
		case c == '"':
			inQuote = true
			sb.WriteByte(c)
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '<' || c == '>':
		case c == ',' || c == ';':
			// A separator: unless this is a source route
			// ("@relay1,@relay2:jane@x"), it ends an address.
			if !strings.HasPrefix(sb.String(), "@") {
				out = appendAngle(out, sb.String())
				sb.Reset()
			} else {
				sb.WriteByte(c)
			}
		default:
			sb.WriteByte(c)
		}
	}
	return appendAngle(out, sb.String())
}

// appendAngle appends one address from inside angle brackets, its source
// route and a "mailto:" dropped.
func appendAngle(out []string, a string) []string {
	if strings.HasPrefix(a, "@") {
		// <@relay1,@relay2:jane@x>
		if i := strings.LastIndexByte(a, ':'); i >= 0 {
			a = a[i+1:]
		} else if strings.ContainsAny(a, ",;") && !strings.Contains(a, `"`) {
			// Not a route after all: the commas separate.
			for _, p := range strings.FieldsFunc(a, func(r rune) bool { return r == ',' || r == ';' }) {
				out = appendAngle(out, p)
			}
			return out
		}
	}
	if len(a) >= 7 && strings.EqualFold(a[:7], "mailto:") {
		a = a[7:]
	}
	if a == "" {
		return out
	}
	return append(out, a)
}

// appendAddrTokens splits an address header into tokens. Every loop advances by
// at least one byte, so it ends after len(s) steps; an unclosed quote,
// comment or angle bracket runs to the end of the header.
func appendAddrTokens(toks []token, s string) []token {
	space := true
	for i := 0; i < len(s); {
		c := s[i]
		glued := !space
		space = false
		switch c {
		case ' ', '\t', '\r', '\n':
			space = true
			i++
		case ',':
			toks = append(toks, token{kind: tComma})
			i++
		case ';':
			toks = append(toks, token{kind: tSemi})
			i++
		case ':':
			toks = append(toks, token{kind: tColon})
			i++
		case '"':
			i++
			start, escaped := i, false
			for i < len(s) && s[i] != '"' {
				if s[i] == '\\' && i+1 < len(s) {
					escaped = true
					i++
				}
				i++
			}
			val := s[start:min(i, len(s))]
			if escaped {
				val = unquote(val)
			}
			i++ // the closing quote, if any
			toks = append(toks, token{kind: tQuoted, val: val, glued: glued})
		case '(':
			var sb strings.Builder
			depth := 1
			i++
			for i < len(s) {
				ch := s[i]
				if ch == '\\' && i+1 < len(s) {
					sb.WriteByte(s[i+1])
					i += 2
					continue
				}
				if ch == '(' {
					depth++
				} else if ch == ')' {
					depth--
					if depth == 0 {
						i++
						break
					}
				}
				sb.WriteByte(ch)
				i++
			}
			toks = append(toks, token{kind: tComment, val: strings.TrimSpace(sb.String()), glued: glued})
			// A comment separates words as white space does.
			space = true
		case '<':
			j := i + 1
			inQuote := false
			for j < len(s) && (inQuote || s[j] != '>') {
				if s[j] == '"' {
					inQuote = !inQuote
				} else if s[j] == '\\' && j+1 < len(s) {
					j++
				}
				j++
			}
			toks = append(toks, token{kind: tAngle, val: s[i+1 : min(j, len(s))], glued: glued})
			i = j + 1
		case '>', ')':
			i++ // a stray closing bracket or parenthesis
		default:
			j := i
			for j < len(s) {
				if s[j] == '=' && j+1 < len(s) && s[j+1] == '?' {
					// An RFC 2047 word is one atom even when its text
					// holds specials, as mailers write them.
					if n := encodedWordLen(s[j:]); n > 0 {
						j += n
						continue
					}
				}
				if isAddrSpecial(s[j]) {
					break
				}
				j++
			}
			if j == i {
				// Not reached (every special has a case above), but an
				// atom must move on or the loop would not end.
				j++
			}
			toks = append(toks, token{kind: tAtom, val: s[i:j], glued: glued})
			i = j
		}
	}
	return toks
}

// unquote removes the backslashes of quoted pairs.
func unquote(v string) string {
	var sb strings.Builder
	sb.Grow(len(v))
	for i := 0; i < len(v); i++ {
		if v[i] == '\\' && i+1 < len(v) {
			i++
		}
		sb.WriteByte(v[i])
	}
	return sb.String()
}

func isAddrSpecial(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', ',', ';', ':', '"', '(', ')', '<', '>':
		return true
	}
	return false
}

// encodedWordLen is the length of the RFC 2047 word "=?cs?e?text?=" at the
// start of s, or 0 when s does not start with one.
func encodedWordLen(s string) int {
	if !strings.HasPrefix(s, "=?") {
		return 0
	}
	q := 0
	for i := 2; i < len(s) && i < 76*4; i++ {
		switch s[i] {
		case ' ', '\t', '\r', '\n':
			return 0
		case '?':
			q++
			if q == 3 {
				if i+1 < len(s) && s[i+1] == '=' {
					return i + 2
				}
				return 0
			}
		}
	}
	return 0
}
