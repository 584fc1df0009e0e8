package identity

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxNameTokens bounds the words of a name the matcher looks at, so a
// hostile "name" of a million words costs no more than a long one.
const maxNameTokens = 8

// maxNameLen bounds the bytes of a name the matcher reads, for the same
// reason; no real name is longer.
const maxNameLen = 512

// name is a person's name as the matcher sees it: folded words, the given
// names first, the last name (particles joined: "St Clair" is "stclair")
// and, when the "name" is really an address, that address.
type name struct {
	given   []string // folded; initials are one letter
	initial []bool   // given[i] is an initial ("J." or "J")
	last    string   // folded, hyphens kept
	email   string   // the address when the name is one ("jarnold@enron.com")
}

// full reports whether the name has a given name and a last name.
func (n name) full() bool { return len(n.given) > 0 && n.last != "" }

// key is the folded name without punctuation: given names then the last.
func (n name) key() string {
	if n.last == "" {
		return ""
	}
	return strings.Join(append(append([]string(nil), n.given...), n.last), " ")
}

// Titles before a name and suffixes after it, dropped: they say nothing
// about who the person is and are written inconsistently ("Jr." and "Jr",
// "Bill Williams III" and "William Williams"). "v" is not a suffix here:
// as a first word it is an initial ("V Charles Weldon").
var (
	titles   = set("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev")
	suffixes = set("jr", "sr", "ii", "iii", "iv", "phd", "md", "esq", "cpa", "mba", "dds")
	// particles are joined to the last name that follows them, so that
	// "Jan van der Berg" is not a "Jan Berg" with middle names. "Ben" and
	// "Al" are left out: as middle names they are given names.
	particles = set("van", "von", "de", "der", "den", "del", "della", "da", "di", "du", "la", "le", "st", "ste", "saint", "ter", "ten", "bin", "el", "dos", "das")
)

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// parseName reads a display name as sources write them: "First Middle
// Last", "Last, First Middle", with initials ("J. Arnold", "John D.
// Arnold"), titles and suffixes, an address in it ("Jane Doe jane@x") or
// only an address, quotes, and comments in parentheses ("John Arnold
// (Enron)") which it drops.
func parseName(raw string) name {
	var n name
	// Fold first, then cut: folding can lengthen ("Æ" is "ae"), and the
	// cut must not change a name's own key when it is parsed again.
	if len(raw) > 4*maxNameLen {
		raw = raw[:4*maxNameLen]
	}
	s := Fold(raw)
	if len(s) > maxNameLen {
		cut := maxNameLen
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	s = dropEnclosed(s, '(', ')')
	s = dropEnclosed(s, '[', ']')
	// Comma-separated parts of clean words. Addresses are not name
	// words; a name that is only an address is kept as one. A trailing
	// "." marks an initial, and "J.D." is two.
	var parts [][]string
	var initials [][]bool
	var addr string
	for part := range strings.SplitSeq(s, ",") {
		var words []string
		var inits []bool
		for _, w := range strings.Fields(part) {
			if strings.Contains(w, "@") {
				if id, ok := Email(w); ok && addr == "" {
					addr = id.Value
				}
				continue
			}
			for p := range strings.SplitSeq(w, ".") {
				if p = cleanWord(p); p != "" {
					words = append(words, p)
					inits = append(inits, utf8.RuneCountInString(p) == 1)
				}
			}
		}
		// A part that is all suffixes ("John Arnold, Jr.") is dropped.
		if len(words) == 0 || allIn(words, suffixes) {
			continue
		}
		parts, initials = append(parts, words), append(initials, inits)
	}
	// "Last, First" has a one-word last name before the comma (particles
	// aside: "van der Berg, Jan"); "John Arnold, VP Trading" has a whole
	// name there and what follows is a comment, dropped.
	var given []string
	var initial []bool
	switch {
	case len(parts) == 0:
	case len(parts) == 2 && oneWord(parts[0]):
		given = append(slices.Clone(parts[1]), parts[0]...)
		initial = append(slices.Clone(initials[1]), initials[0]...)
	default:
		given, initial = parts[0], initials[0]
	}
	for len(given) > 2 && titles[given[0]] {
		given, initial = given[1:], initial[1:]
	}
	for len(given) > 2 && suffixes[given[len(given)-1]] {
		given, initial = given[:len(given)-1], initial[:len(initial)-1]
	}
	if len(given) > maxNameTokens {
		given = append(slices.Clone(given[:maxNameTokens-1]), given[len(given)-1])
		initial = append(slices.Clone(initial[:maxNameTokens-1]), initial[len(initial)-1])
	}
	if len(given) == 0 {
		if addr != "" {
			n.email = addr
		}
		return n
	}
	last := len(given) - 1
	n.last = given[last]
	for last > 1 && particles[given[last-1]] {
		last--
		n.last = given[last] + n.last
	}
	n.given, n.initial = given[:last], initial[:last]
	if len(n.given) > 0 || addr == "" {
		return n
	}
	// One word and an address: "jarnold jarnold@enron.com" is no
	// better than the address.
	n.email = addr
	return n
}

// oneWord reports whether words are one last name: a word with any
// particles before it.
func oneWord(words []string) bool {
	for _, w := range words[:len(words)-1] {
		if !particles[w] {
			return false
		}
	}
	return true
}

// allIn reports whether every word is in m.
func allIn(words []string, m map[string]bool) bool {
	for _, w := range words {
		if !m[w] {
			return false
		}
	}
	return true
}

// cleanWord keeps a word's letters, digits and inner hyphens; apostrophes
// vanish ("Y'Barbo" and "Y’Barbo" are "ybarbo", "O'Brien" is "obrien").
func cleanWord(w string) string {
	var b strings.Builder
	for _, r := range w {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' {
			b.WriteRune(r)
		}
	}
	return strings.Trim(b.String(), "-")
}

// dropEnclosed removes the text between open and close (non-nested, an
// unclosed one runs to the end).
func dropEnclosed(s string, open, close byte) string {
	for {
		i := strings.IndexByte(s, open)
		if i < 0 {
			return s
		}
		j := strings.IndexByte(s[i:], close)
		if j < 0 {
			return strings.TrimSpace(s[:i])
		}
		s = s[:i] + " " + s[i+j+1:]
	}
}

// NameKey is a name as a comparable key: folded (see Fold), punctuation,
// titles, suffixes and comments dropped, "Last, First" turned round, so
// that "Arnold, John" and "JOHN  ARNOLD Jr." have the same key "john
// arnold". It is "" for a name with no words (an address alone is not a
// name).
func NameKey(s string) string { return parseName(s).key() }

// collapse drops doubled letters ("Phillip" → "philip", "Merriss" →
// "meris"): the commonest spelling variance of one name.
func collapse(s string) string {
	var b strings.Builder
	var prev rune = -1
	for _, r := range s {
		if r != prev {
			b.WriteRune(r)
		}
		prev = r
	}
	return b.String()
}

// sameCollapsed is collapse(x) == collapse(y) without building either.
func sameCollapsed(x, y string) bool {
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		c, n := utf8.DecodeRuneInString(x[i:])
		d, m := utf8.DecodeRuneInString(y[j:])
		if c != d {
			return false
		}
		for i < len(x) {
			if r, k := utf8.DecodeRuneInString(x[i:]); r == c && k == n {
				i += k
			} else {
				break
			}
		}
		for j < len(y) {
			if r, k := utf8.DecodeRuneInString(y[j:]); r == d && k == m {
				j += k
			} else {
				break
			}
		}
	}
	return i == len(x) && j == len(y)
}
