package mail

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/importer"
)

// DefaultMaxHeaderBytes is the largest header block read when
// Options.MaxHeaderBytes is zero. Real header blocks are a few KiB; the
// largest seen in list mail (a To of hundreds of addresses, long Received
// chains) stay under 256 KiB.
const DefaultMaxHeaderBytes = 1 << 20

// bodyPrefix is how much of a body line the splitter keeps: enough to see
// a separator's shape or a MIME boundary (at most 70 bytes, RFC 2046).
const bodyPrefix = 512

// Options are what a read may be told.
type Options struct {
	// Skip is called for each bad record (no Date, no sender, a header
	// block over the cap, ...); nil stops the read at the first one.
	Skip importer.Skip
	// MaxHeaderBytes caps one message's header block; 0 is
	// DefaultMaxHeaderBytes. A larger block is a bad record, and the
	// reader goes on with the next message of an mbox.
	MaxHeaderBytes int
}

// Stats counts what a read saw.
type Stats struct {
	// Files is how many files were read (1 for Read).
	Files int
	// Messages is how many interactions were emitted, bulk ones included.
	Messages int
	// Bulk is how many of them are flagged as list or bulk mail.
	Bulk int
	// Bad is how many bad records were reported through Options.Skip;
	// NoDate and NoSender count two kinds of them.
	Bad, NoDate, NoSender int
	// NotMail is how many files of a directory were passed over because
	// they are not mail (maildir index files, a TSV of names).
	NotMail int
}

func (s *Stats) add(o Stats) {
	s.Files += o.Files
	s.Messages += o.Messages
	s.Bulk += o.Bulk
	s.Bad += o.Bad
	s.NoDate += o.NoDate
	s.NoSender += o.NoSender
	s.NotMail += o.NotMail
}

// Read reads one file: an mbox (one or many messages) or a single RFC 5322
// message (.eml), told apart by content (an mbox starts with a "From "
// line), not by name. It calls emit for each message in file order and
// returns the first error emit returns. file names the input in positions
// and errors. Bad records go to opt.Skip (see Options); an error reading r
// is returned wrapped.
func Read(r io.Reader, file string, opt Options, emit func(importer.Interaction) error) (Stats, error) {
	rd := newReader(r, file, opt, emit)
	err := rd.run()
	rd.st.Files = 1
	return rd.st, err
}

// reader is the state of one file's read.
type reader struct {
	lr      *lineReader
	file    string
	opt     Options
	maxHdr  int
	emit    func(importer.Interaction) error
	st      Stats
	hdr     header
	addrs   []Address // scratch for a message's addresses
	toks    []token   // scratch for an address header's tokens
	inDir   bool      // a file of a directory walk: not-mail is passed over
	notMail bool      // set when the file turned out not to be mail
}

func newReader(r io.Reader, file string, opt Options, emit func(importer.Interaction) error) *reader {
	max := opt.MaxHeaderBytes
	if max <= 0 {
		max = DefaultMaxHeaderBytes
	}
	return &reader{lr: newLineReader(r), file: file, opt: opt, maxHdr: max, emit: emit}
}

// reset readies rd for another file, keeping its buffers: a maildir of
// thousands of one-message files then allocates them once.
func (rd *reader) reset(r io.Reader, file string) {
	rd.lr.reset(r)
	rd.file = file
	rd.st = Stats{}
	rd.notMail = false
}

// how a header block ended.
const (
	endBlank     = iota // the blank line before the body
	endBody             // a line that is not a header: the body starts without a blank line
	endSeparator        // an mbox separator: the message has no body
	endEOF              // the end of the input
	endTooBig           // over the cap
)

func (r *reader) run() error {
	// The first line is read lazily: when it is over the cap, the file is
	// refused without reading the rest of it.
	r.lr.lazy = true
	for {
		b, ok := r.lr.next(r.maxHdr)
		if !ok {
			// An empty file holds no message; in a directory it is not mail.
			r.notMail = r.inDir && r.lr.err == nil
			return r.readErr()
		}
		if r.lr.long {
			if r.inDir {
				// A file of a directory whose first line is over the
				// cap is not mail (a saved attachment, a binary index).
				r.notMail = true
				return nil
			}
			return r.bad(importer.Errorf(r.pos(r.lr.line), "", "header block larger than %d bytes", r.maxHdr))
		}
		if r.lr.line == 1 && bytes.HasPrefix(b, utf8BOM) {
			// Some Windows tools start a saved message with a BOM.
			b = b[len(utf8BOM):]
			r.lr.dropPrefix(len(utf8BOM))
		}
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		if bytes.HasPrefix(b, fromSpace) {
			r.lr.lazy = false
			return r.mbox()
		}
		r.lr.pushBack()
		return r.single()
	}
}

var utf8BOM = []byte("\xef\xbb\xbf")

func (r *reader) readErr() error {
	if r.lr.err != nil {
		return fmt.Errorf("read %s: %w", r.file, r.lr.err)
	}
	return nil
}

// single reads a file holding one message: its header block, then stops
// (the body is never read).
func (r *reader) single() error {
	start := r.lr.line + 1
	r.lr.lazy = true
	end := r.readHeader(false)
	if err := r.readErr(); err != nil {
		return err
	}
	if end == endTooBig {
		return r.bad(importer.Errorf(r.pos(start), "", "header block larger than %d bytes", r.maxHdr))
	}
	return r.message(start, true)
}

// mbox reads an mbox whose first separator has just been read.
func (r *reader) mbox() error {
	for {
		start := r.lr.line + 1
		end := r.readHeader(true)
		if end == endTooBig {
			if err := r.bad(importer.Errorf(r.pos(start), "", "header block larger than %d bytes", r.maxHdr)); err != nil {
				return err
			}
			r.hdr.reset()
		} else if err := r.message(start-1, false); err != nil {
			return err
		}
		switch end {
		case endEOF:
			return r.readErr()
		case endSeparator:
			continue
		}
		if !r.skipBody() {
			return r.readErr()
		}
	}
}

// readHeader reads a header block into r.hdr.
func (r *reader) readHeader(mbox bool) int {
	r.hdr.reset()
	for {
		room := r.maxHdr - r.hdr.size()
		b, ok := r.lr.next(room)
		if !ok {
			return endEOF
		}
		if r.lr.long {
			if len(b) > 0 && (b[0] == ' ' || b[0] == '\t') || isHeader(b) {
				return endTooBig
			}
			// A long line that is not a header ends the block.
			r.lr.pushBack()
			return endBody
		}
		if len(b) == 0 {
			return endBlank
		}
		if b[0] == ' ' || b[0] == '\t' {
			r.hdr.cont(b)
			continue
		}
		if n, ok := headerName(b); ok {
			r.hdr.add(b, n, r.lr.line)
			continue
		}
		if mbox {
			sep, looked := r.separatorAhead(b)
			if sep {
				return endSeparator
			}
			if looked {
				// The line after it is already pushed back; the line
				// itself is the body's first, and a "From " line is
				// neither a separator nor a MIME boundary.
				return endBody
			}
		}
		r.lr.pushBack()
		return endBody
	}
}

func isHeader(b []byte) bool {
	_, ok := headerName(b)
	return ok
}

// separatorAhead reports whether b, the line just read, is an mbox
// separator: it has the shape and the next line is a header line. looked
// is true when it read the next line (which it pushes back) or met the
// end of the input; then b can no longer be pushed back.
func (r *reader) separatorAhead(b []byte) (sep, looked bool) {
	if !isSeparatorShape(b) {
		return false, false
	}
	nb, ok := r.lr.next(r.maxHdr)
	if !ok {
		return false, true
	}
	sep = isHeader(nb)
	r.lr.pushBack()
	return sep, true
}

// skipBody reads a body up to the next separator; false at the end of the
// input.
func (r *reader) skipBody() bool {
	var open, end string
	if ct, _, ok := r.hdr.get("content-type"); ok {
		if b := multipartBoundary(ct); b != "" {
			open, end = "--"+b, "--"+b+"--"
		}
	}
	inPart := false
	for {
		b, ok := r.lr.next(bodyPrefix)
		if !ok {
			return false
		}
		if open != "" && len(b) >= len(open) && b[0] == '-' {
			t := string(bytes.TrimRight(b, " \t"))
			switch t {
			case end:
				inPart, open = false, ""
			case open:
				inPart = true
			}
			continue
		}
		if !inPart {
			if sep, _ := r.separatorAhead(b); sep {
				return true
			}
		}
	}
}

func (r *reader) pos(line int) importer.Pos {
	return importer.Pos{File: r.file, Line: line}
}

func (r *reader) bad(e *importer.Error) error {
	r.st.Bad++
	return r.opt.Skip.Bad(e)
}

// message turns r.hdr into an interaction and emits it, or reports why it
// cannot. noHeaderLine is where a message without any header is reported: the
// first line of a single message, the separator in an mbox.
func (r *reader) message(noHeaderLine int, single bool) error {
	h := &r.hdr
	h.index()
	first := h.first
	if first == 0 {
		first = noHeaderLine
	}
	if !h.looksLikeMail() {
		if single && r.inDir {
			r.notMail = true
			return nil
		}
		return r.bad(importer.Errorf(r.pos(first), "", "not a mail message: no From, Date or Message-ID header"))
	}
	it := importer.Interaction{
		Source: ally.SourceEmail,
		Kind:   ally.ChanEmail,
		Pos:    r.pos(first),
	}

	// The addresses of From (or Sender), To and Cc go to one scratch
	// slice, reused from message to message, so that the parties can be
	// allocated once at their size.
	from, fromLine := h.all("from")
	as := r.addrs[:0]
	as, r.toks = appendAddressList(as, r.toks, from)
	if len(as) == 0 {
		sender, _ := h.all("sender")
		as, r.toks = appendAddressList(as, r.toks, sender)
	}
	nFrom := len(as)
	if nFrom == 0 {
		r.st.NoSender++
		if fromLine == 0 {
			fromLine = first
			return r.bad(importer.Errorf(r.pos(fromLine), "From", "no From or Sender address"))
		}
		return r.bad(importer.Errorf(r.pos(fromLine), "From", "no address in %q", clip(from)))
	}
	sender := as[0].Email
	to, _ := h.all("to")
	as, r.toks = appendAddressList(as, r.toks, to)
	nTo := len(as)
	cc, _ := h.all("cc")
	as, r.toks = appendAddressList(as, r.toks, cc)
	r.addrs = as
	ps := parties{ps: make([]importer.Party, 0, len(as))}
	ps.add(as[:nFrom], ally.RoleInitiator)
	ps.add(as[nFrom:nTo], ally.RoleTo)
	ps.add(as[nTo:], ally.RoleCC)
	it.Parties = ps.ps

	date, dateLine, ok := h.get("date")
	if !ok {
		r.st.NoDate++
		return r.bad(importer.Errorf(r.pos(first), "Date", "no Date header"))
	}
	if len(date) == 0 {
		r.st.NoDate++
		return r.bad(importer.Errorf(r.pos(dateLine), "Date", "empty"))
	}
	at, err := ParseDate(toUTF8(date))
	if err != nil {
		return r.bad(importer.Errorf(r.pos(dateLine), "Date", "cannot read %q: %v", clip(string(date)), err))
	}
	it.At = at

	if subj, _, ok := h.get("subject"); ok {
		it.Subject = decodeText(subj)
	}
	if id := messageID(h); id != "" {
		it.ExternalID = "mail:" + id
	} else {
		it.ExternalID = "mail-sha256:" + contentHash(h)
	}
	it.Bulk = bulkReason(h, sender)

	r.st.Messages++
	if it.Bulk != "" {
		r.st.Bulk++
	}
	return r.emit(it)
}

// parties collects a message's parties: each address once (compared
// without case: the same mailbox in From and Cc is one party with its
// strongest role, the first spelling and the first non-empty name). Most
// messages have a handful, found by a scan; past 16 a map keeps a header
// of thousands of addresses from costing their square.
type parties struct {
	ps  []importer.Party
	idx map[string]int
}

func (p *parties) add(as []Address, role ally.Role) {
	for _, a := range as {
		i := p.find(a.Email)
		if i >= 0 {
			if p.ps[i].Name == "" {
				p.ps[i].Name = a.Name
			}
			continue
		}
		p.ps = append(p.ps, importer.Party{Name: a.Name, Email: a.Email, Role: role})
		if p.idx != nil {
			p.idx[strings.ToLower(a.Email)] = len(p.ps) - 1
		} else if len(p.ps) > 16 {
			p.idx = make(map[string]int, 2*len(p.ps))
			for j, q := range p.ps {
				if _, ok := p.idx[strings.ToLower(q.Email)]; !ok {
					p.idx[strings.ToLower(q.Email)] = j
				}
			}
		}
	}
}

func (p *parties) find(email string) int {
	if p.idx != nil {
		if i, ok := p.idx[strings.ToLower(email)]; ok {
			return i
		}
		return -1
	}
	for i := range p.ps {
		if strings.EqualFold(p.ps[i].Email, email) {
			return i
		}
	}
	return -1
}

// messageID is the Message-ID without its angle brackets, case kept: the
// first <...> of the field, or the whole trimmed value when it has none.
func messageID(h *header) string {
	v, _, ok := h.get("message-id")
	if !ok {
		return ""
	}
	if i := bytes.IndexByte(v, '<'); i >= 0 {
		if j := bytes.IndexByte(v[i:], '>'); j > 0 {
			v = v[i+1 : i+j]
		} else {
			v = v[i+1:]
		}
	}
	id := strings.TrimSpace(toUTF8(v))
	if len(id) > 998 || strings.ContainsAny(id, " \t\r\n") {
		// Not an id: a folded or commented value. Spaces are removed so that
		// the id stays one token.
		id = strings.Join(strings.Fields(id), "")
		if len(id) > 998 {
			id = id[:998]
		}
	}
	return id
}

// contentHash identifies a message without a Message-ID by the headers
// that its copies share: From, Date, Subject, To and Cc as written
// (unfolded and trimmed, not decoded, so that a change in decoding does
// not change the id).
func contentHash(h *header) string {
	s := sha256.New()
	for _, n := range []string{"from", "date", "subject", "to", "cc"} {
		v, _ := h.all(n)
		s.Write([]byte(strings.Join(strings.Fields(v), " ")))
		s.Write([]byte{0})
	}
	return hex.EncodeToString(s.Sum(nil))
}

// clip shortens a value quoted in an error.
func clip(s string) string {
	if len(s) <= 80 {
		return s
	}
	n := 80
	for n > 0 && !utf8.RuneStart(s[n]) {
		n-- // not in the middle of a character
	}
	return s[:n] + "..."
}
