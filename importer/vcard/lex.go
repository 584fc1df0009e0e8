package vcard

import (
	"bufio"
	"bytes"
	"io"

	"github.com/allyhq/ally/importer"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Limits on hostile input. A card's bytes are counted as they are read, so
// a 1 GB photo line is refused after DefaultMaxCardBytes without being held
// in memory; a kept value (a name, an address) has its own, smaller cap
// because it is the only thing the reader stores.
const (
	// DefaultMaxCardBytes caps one card, embedded photos included, when
	// Options.MaxCardBytes is 0. Phones write photos of a few hundred
	// kilobytes; 8 MiB leaves room for any real card.
	DefaultMaxCardBytes = 8 << 20
	// maxHead caps a property's name and parameters.
	maxHead = 64 << 10
	// maxValue caps the value of a property the reader keeps.
	maxValue = 1 << 20
	// bufSize is the read buffer; a physical line longer than this is
	// read in pieces.
	bufSize = 64 << 10
)

// param is one property parameter: NAME=v1,v2 or, in vCard 2.1, a bare
// value (TEL;CELL), which parse files under TYPE or ENCODING.
type param struct {
	name   string // upper case
	values []string
}

// property is one logical line: folded and quoted-printable continuation
// lines joined, its value still encoded and escaped.
type property struct {
	line   int    // physical line the property starts on
	name   string // upper case, without its group (item1.EMAIL is EMAIL)
	params []param
	value  []byte // nil when the value was dropped unread
	kept   bool
}

// param returns the values of the parameter name (upper case).
func (p *property) param(name string) []string {
	for _, q := range p.params {
		if q.name == name {
			return q.values
		}
	}
	return nil
}

// hasType reports whether TYPE lists t (upper case).
func (p *property) hasType(t string) bool {
	for _, q := range p.params {
		if q.name != "TYPE" {
			continue
		}
		for _, v := range q.values {
			if asciiUpper(v) == t {
				return true
			}
		}
	}
	return false
}

// encoding is the upper-case ENCODING parameter, "" when absent.
func (p *property) encoding() string {
	if v := p.param("ENCODING"); len(v) > 0 {
		return asciiUpper(v[0])
	}
	return ""
}

// lexer splits a stream into logical lines. It reads no more than a
// buffer's worth at a time and stores only the values of the properties
// the reader keeps (keep), so memory stays bounded whatever the input.
type lexer struct {
	br   *bufio.Reader
	file string
	// line is the number of physical lines started so far.
	line int
	// inCard makes bytes count against maxCard; cardLine is the BEGIN line.
	inCard    bool
	cardLine  int
	cardBytes int
	maxCard   int
	// drop keeps no value but BEGIN's and END's (skipping a bad card).
	drop bool
	keep func(name string) bool

	head []byte
	p    property
	// pending is an error found in the middle of a logical line; it is
	// returned once the line has been read to its end, so that the
	// stream stays in step.
	pending *importer.Error
	// rest says the last line was refused before its end (midLine: in
	// the middle of a physical line); next reads past the rest first.
	rest, midLine bool
}

// newLexer wraps r: UTF-16 (by its byte-order mark, or by NUL bytes in the
// first characters) is decoded to UTF-8, every line ending becomes "\n",
// and a UTF-8 byte-order mark is dropped.
func newLexer(r io.Reader, file string, maxCard int, keep func(string) bool) *lexer {
	raw := bufio.NewReaderSize(r, 4096)
	var src io.Reader = raw
	if b, _ := raw.Peek(4); len(b) >= 2 {
		switch {
		case b[0] == 0xFF && b[1] == 0xFE, len(b) == 4 && b[0] != 0 && b[1] == 0 && b[2] != 0 && b[3] == 0:
			src = transform.NewReader(raw, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder())
		case b[0] == 0xFE && b[1] == 0xFF, len(b) == 4 && b[0] == 0 && b[1] != 0 && b[2] == 0 && b[3] != 0:
			src = transform.NewReader(raw, unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder())
		}
	}
	lx := &lexer{br: bufio.NewReaderSize(&lineEnds{r: src}, bufSize), file: file, maxCard: maxCard, keep: keep}
	if b, _ := lx.br.Peek(3); bytes.Equal(b, []byte("\xEF\xBB\xBF")) {
		lx.br.Discard(3)
	}
	return lx
}

// errf is an *importer.Error at line for field.
func (lx *lexer) errf(line int, field, format string, args ...any) *importer.Error {
	return importer.Errorf(importer.Pos{File: lx.file, Line: line}, field, format, args...)
}

// count adds n bytes to the card and notes when it grows past the cap.
func (lx *lexer) count(n int) {
	if !lx.inCard || lx.drop {
		return
	}
	lx.cardBytes += n
	if lx.cardBytes > lx.maxCard && lx.pending == nil {
		lx.pending = lx.errf(lx.cardLine, lx.p.name, "card is larger than %d bytes (an embedded photo?); the limit is Options.MaxCardBytes", lx.maxCard)
		lx.p.kept = false
		lx.p.value = nil
	}
}

// errIO marks a failure of the underlying reader, as opposed to a bad card.
type errIO struct{ err error }

func (e errIO) Error() string { return e.err.Error() }
func (e errIO) Unwrap() error { return e.err }

// next reads the next logical line. It returns io.EOF at the end of the
// input, an *importer.Error for a line it cannot read (the line has been
// consumed), or an errIO.
func (lx *lexer) next() (*property, error) {
	if lx.rest {
		// Read past what is left of a line refused as too big: its
		// physical line, then its continuation lines.
		lx.rest = false
		if lx.midLine {
			lx.midLine = false
			if err := lx.discardLine(); err != nil {
				return nil, err
			}
		}
		for {
			b, _ := lx.br.Peek(1)
			if len(b) == 0 || b[0] != ' ' && b[0] != '\t' {
				break
			}
			lx.line++
			if err := lx.discardLine(); err != nil {
				return nil, err
			}
		}
	}
	// Skip blank lines, and continuation lines that continue nothing
	// (what is left of a property a blank line ended).
	for {
		b, err := lx.br.Peek(1)
		if err != nil {
			if err == io.EOF {
				return nil, io.EOF
			}
			return nil, errIO{err}
		}
		if b[0] == '\n' {
			lx.br.Discard(1)
			lx.line++
			lx.count(1)
			continue
		}
		if b[0] != ' ' && b[0] != '\t' {
			break
		}
		lx.line++
		if err := lx.discardLine(); err != nil {
			return nil, err
		}
	}

	p := &lx.p
	*p = property{line: lx.line + 1, params: p.params[:0], value: p.value[:0]}
	lx.head = lx.head[:0]
	lx.pending = nil
	inHead, inQuote, qp, b64 := true, false, false, false

	for {
		// One physical line.
		lx.line++
		var last byte
		for {
			chunk, err := lx.br.ReadSlice('\n')
			if err != nil && err != bufio.ErrBufferFull && err != io.EOF {
				return nil, errIO{err}
			}
			eol := len(chunk) > 0 && chunk[len(chunk)-1] == '\n'
			n := len(chunk)
			if eol {
				chunk = chunk[:len(chunk)-1]
			}
			if len(chunk) > 0 {
				last = chunk[len(chunk)-1]
			}
			if inHead {
				i := colon(chunk, &inQuote)
				if i < 0 {
					lx.addHead(chunk)
					chunk = nil
				} else {
					lx.addHead(chunk[:i])
					chunk = chunk[i+1:]
					inHead = false
					if lx.pending == nil {
						if e := lx.parseHead(); e != nil {
							lx.pending = e
						}
					}
					qp = p.encoding() == "QUOTED-PRINTABLE"
					b64 = p.encoding() == "BASE64" || p.encoding() == "B"
				}
			}
			if !inHead {
				lx.addValue(chunk)
			}
			// Counted after the head is parsed, so that an oversized
			// card's error names the property that made it so.
			lx.count(n)
			if lx.pending != nil {
				// Too big: say so now rather than read on through a
				// line that may not end; the next call reads past the
				// rest of it.
				lx.midLine = !eol && err != io.EOF
				lx.rest = true
				return nil, lx.pending
			}
			if eol || err == io.EOF {
				break
			}
		}
		// Does the next physical line continue this one?
		b, _ := lx.br.Peek(1)
		if len(b) == 1 && (b[0] == ' ' || b[0] == '\t') {
			if !inHead && qp && last == '=' && p.kept && len(p.value) > 0 {
				// A soft break whose next line is also indented, unless
				// the fold only split an "=XY" escape.
				if n, _ := lx.br.Peek(3); len(n) < 3 || !isHex(n[1]) || !isHex(n[2]) {
					p.value = p.value[:len(p.value)-1]
				}
			}
			lx.br.Discard(1)
			lx.count(1)
			continue
		}
		if !inHead && qp && last == '=' && len(b) == 1 && b[0] != '\n' && !lx.peekEnd() {
			// A quoted-printable soft line break (vCard 2.1): the "="
			// is dropped and the next line goes on with the value.
			if p.kept && len(p.value) > 0 {
				p.value = p.value[:len(p.value)-1]
			}
			continue
		}
		if !inHead && b64 && lx.peekBase64() {
			// Some 2.1 writers do not indent the lines of a base64
			// photo; a line of nothing but base64 cannot be a property
			// (it has no ':'), so it goes on with the value.
			continue
		}
		break
	}

	if inHead && lx.pending == nil {
		// No ':' outside quotes: an unbalanced quote in a parameter
		// still leaves a line we can read at its first ':'.
		if i := bytes.IndexByte(lx.head, ':'); i >= 0 && len(lx.head) <= maxHead {
			rest := append([]byte(nil), lx.head[i+1:]...)
			lx.head = lx.head[:i]
			if e := lx.parseHead(); e != nil {
				return nil, e
			}
			lx.addValue(rest)
		} else {
			return nil, lx.errf(p.line, fieldOf(lx.head), "line has no ':' between the property name and its value")
		}
	}
	if lx.pending != nil {
		return nil, lx.pending
	}
	return p, nil
}

// peekEnd reports whether the next line is END:VCARD, which a stray "=" at
// the end of a quoted-printable value must not swallow.
func (lx *lexer) peekEnd() bool {
	b, _ := lx.br.Peek(9)
	return len(b) == 9 && asciiUpper(string(b)) == "END:VCARD"
}

// peekBase64 reports whether the next line, as far as the buffer holds it,
// is nothing but base64.
func (lx *lexer) peekBase64() bool {
	// What is buffered usually holds the line; filling the buffer
	// (which moves it) is only for a line that runs past it.
	b, _ := lx.br.Peek(lx.br.Buffered())
	if bytes.IndexByte(b, '\n') < 0 {
		b, _ = lx.br.Peek(bufSize)
	}
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=') {
			return false
		}
	}
	return true
}

// discardLine reads and drops the rest of a physical line.
func (lx *lexer) discardLine() error {
	for {
		chunk, err := lx.br.ReadSlice('\n')
		lx.count(len(chunk))
		if err == nil || err == io.EOF {
			return nil
		}
		if err != bufio.ErrBufferFull {
			return errIO{err}
		}
	}
}

// colon is the index of the first ':' outside double quotes, -1 if none;
// inQuote carries the quoting state from one piece of a line to the next.
func colon(b []byte, inQuote *bool) int {
	for i, c := range b {
		switch c {
		case '"':
			*inQuote = !*inQuote
		case ':':
			if !*inQuote {
				return i
			}
		}
	}
	return -1
}

func (lx *lexer) addHead(b []byte) {
	if len(lx.head)+len(b) > maxHead {
		if lx.pending == nil {
			lx.pending = lx.errf(lx.p.line, fieldOf(lx.head), "property name and parameters are longer than %d bytes", maxHead)
		}
		return
	}
	lx.head = append(lx.head, b...)
}

func (lx *lexer) addValue(b []byte) {
	p := &lx.p
	if !p.kept || len(b) == 0 {
		return
	}
	if len(p.value)+len(b) > maxValue {
		if lx.pending == nil {
			lx.pending = lx.errf(p.line, p.name, "value is longer than %d bytes", maxValue)
		}
		p.kept = false
		p.value = nil
		return
	}
	p.value = append(p.value, b...)
}

// fieldOf names the property a malformed head starts with, for an error.
func fieldOf(head []byte) string {
	end := len(head)
	if i := bytes.IndexAny(head, ";:"); i >= 0 {
		end = i
	}
	if end > 40 {
		end = 40
	}
	return string(bytes.ToValidUTF8(head[:end], []byte("?")))
}

// parseHead splits lx.head, "group.NAME;P=v,w;BARE", into lx.p. The
// group is dropped: Apple's item1.X-ABLabel labels are not kept. Only a
// kept property's parameters are parsed; for the others it is enough to
// know whether the value is quoted-printable, for its soft line breaks.
func (lx *lexer) parseHead() *importer.Error {
	p := &lx.p
	h := lx.head
	end := bytes.IndexByte(h, ';')
	if end < 0 {
		end = len(h)
	}
	name := h[:end]
	if i := bytes.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	if len(name) == 0 {
		return lx.errf(p.line, "", "property has no name")
	}
	for _, c := range name {
		if c <= ' ' || c == 0x7F || c == '"' {
			return lx.errf(p.line, fieldOf(h), "property name has a space or a control character (a broken continuation line?)")
		}
	}
	p.name = propName(name)
	switch p.name {
	case "BEGIN", "END", "AGENT":
		p.kept = true // the card structure, read even when skipping a card
	default:
		p.kept = !lx.drop && lx.keep(p.name)
	}
	rest := h[end:]
	if !p.kept {
		p.value = nil
		switch {
		case containsFold(rest, "QUOTED-PRINTABLE"):
			p.params = append(p.params, param{name: "ENCODING", values: []string{"QUOTED-PRINTABLE"}})
		case containsFold(rest, "BASE64"), containsFold(rest, "ENCODING=B"):
			p.params = append(p.params, param{name: "ENCODING", values: []string{"BASE64"}})
		}
		return nil
	}
	for len(rest) > 0 {
		rest = rest[1:] // the ';'
		inQuote := false
		j := len(rest)
		for i, c := range rest {
			if c == '"' {
				inQuote = !inQuote
			} else if c == ';' && !inQuote {
				j = i
				break
			}
		}
		if e := lx.addParam(rest[:j]); e != nil {
			return e
		}
		rest = rest[j:]
	}
	return nil
}

// knownNames are the property names met most, so that reading one does
// not allocate.
var knownNames = func() map[string]string {
	m := map[string]string{}
	for _, n := range []string{"BEGIN", "END", "VERSION", "FN", "N", "EMAIL", "TEL", "ORG", "TITLE", "ADR", "UID", "NOTE",
		"AGENT", "PHOTO", "LOGO", "SOUND", "KEY", "PRODID", "REV", "URL", "BDAY", "LABEL", "NICKNAME", "CATEGORIES",
		"X-ABLABEL", "ROLE", "GEO", "TZ", "IMPP", "CLASS", "SOURCE", "KIND", "GENDER", "LANG", "X-ABADR"} {
		m[n] = n
	}
	return m
}()

// propName is name in upper case.
func propName(name []byte) string {
	var buf [16]byte
	if len(name) <= len(buf) {
		up := buf[:len(name)]
		for i, c := range name {
			if c >= 'a' && c <= 'z' {
				c -= 'a' - 'A'
			}
			up[i] = c
		}
		if n, ok := knownNames[string(up)]; ok {
			return n
		}
	}
	return asciiUpper(string(name))
}

// containsFold reports whether b contains the upper-case ASCII word w in
// any case.
func containsFold(b []byte, w string) bool {
	for i := 0; i+len(w) <= len(b); i++ {
		if asciiEqualFold(b[i:i+len(w)], w) {
			return true
		}
	}
	return false
}

// asciiEqualFold reports whether b is the upper-case ASCII word w in any
// case.
func asciiEqualFold(b []byte, w string) bool {
	if len(b) != len(w) {
		return false
	}
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c != w[i] {
			return false
		}
	}
	return true
}

// addParam parses one parameter. vCard 2.1 writes bare values (TEL;CELL;
// EMAIL;INTERNET; LABEL;QUOTED-PRINTABLE): encodings go under ENCODING,
// anything else under TYPE, which is what 3.0 and 4.0 spell TYPE=.
func (lx *lexer) addParam(b []byte) *importer.Error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil
	}
	if len(lx.p.params) >= 64 {
		return lx.errf(lx.p.line, lx.p.name, "more than 64 parameters")
	}
	var name string
	var val []byte
	if i := bytes.IndexByte(b, '='); i >= 0 {
		n := bytes.TrimSpace(b[:i])
		// Only these parameters change what Read makes of a value;
		// the others (PREF, VALUE, LANGUAGE, X-…) are not stored.
		switch {
		case asciiEqualFold(n, "ENCODING"):
			name = "ENCODING"
		case asciiEqualFold(n, "CHARSET"):
			name = "CHARSET"
		case asciiEqualFold(n, "TYPE"):
			name = "TYPE"
		default:
			return nil
		}
		val = b[i+1:]
	} else {
		switch v := asciiUpper(string(b)); v {
		case "QUOTED-PRINTABLE", "BASE64", "B", "7BIT", "8BIT":
			name = "ENCODING"
		default:
			name = "TYPE"
		}
		val = b
	}
	if name == "TYPE" && lx.p.name != "ADR" {
		return nil // TYPE matters only to pick the work address
	}
	var values []string
	for len(val) > 0 {
		var v []byte
		if val[0] == '"' {
			if j := bytes.IndexByte(val[1:], '"'); j >= 0 {
				v, val = val[1:1+j], val[2+j:]
				if i := bytes.IndexByte(val, ','); i >= 0 {
					val = val[i+1:]
				} else {
					val = nil
				}
				values = append(values, splitList(v)...)
				continue
			}
			val = val[1:]
		}
		if i := bytes.IndexByte(val, ','); i >= 0 {
			v, val = val[:i], val[i+1:]
		} else {
			v, val = val, nil
		}
		if v = bytes.TrimSpace(v); len(v) > 0 {
			values = append(values, string(v))
		}
	}
	lx.p.params = append(lx.p.params, param{name: name, values: values})
	return nil
}

// splitList splits a quoted parameter value such as "work,voice": 4.0
// quotes TYPE lists, and a list is what TYPE means.
func splitList(v []byte) []string {
	var out []string
	for _, s := range bytes.Split(v, []byte(",")) {
		if s = bytes.TrimSpace(s); len(s) > 0 {
			out = append(out, string(s))
		}
	}
	return out
}

// asciiUpper upper-cases ASCII letters only (property and parameter names
// are ASCII; strings.ToUpper would also fold, say, a Turkish dotless i).
func asciiUpper(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'a' && c <= 'z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; c >= 'a' && c <= 'z' {
					b[j] = c - 'a' + 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// lineEnds turns every line ending into "\n": CRLF, a lone CR (classic Mac
// OS) and the CR CR LF that some iPhone exports write (Python's universal
// newlines read that as a blank line and lose the fold that follows).
type lineEnds struct {
	r       io.Reader
	afterCR bool // the last byte was a CR, already written as "\n"
}

func (l *lineEnds) Read(p []byte) (int, error) {
	for {
		n, err := l.r.Read(p)
		b := p[:n]
		w := 0
		for len(b) > 0 {
			if l.afterCR {
				// Swallow the CRs and the LF that end the same line.
				switch b[0] {
				case '\r':
					b = b[1:]
					continue
				case '\n':
					b = b[1:]
				}
				l.afterCR = false
				continue
			}
			i := bytes.IndexByte(b, '\r')
			if i < 0 {
				w += copy(p[w:], b)
				break
			}
			w += copy(p[w:], b[:i])
			p[w] = '\n'
			w++
			b = b[i+1:]
			l.afterCR = true
		}
		if w > 0 || err != nil {
			return w, err
		}
	}
}
