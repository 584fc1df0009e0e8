package mail

import (
	"bufio"
	"bytes"
	"io"
)

// The mbox splitter. An mbox is messages each preceded by a "From "
// separator line. Writers disagree on everything else, so a separator is
// recognised by its shape, not by what precedes it:
//
//   - it starts "From ", then a sender-like token (an address,
//     "MAILER-DAEMON", Thunderbird's "-", or nothing) and a date-like rest
//     (a month name and a time of day: "Wed Feb  9 22:02 MET 2000");
//   - the line after it is a header line ("Name: value");
//   - no blank line is needed before it (Google Takeout and GYB write
//     none), so a message's body may end without one;
//   - it is not inside an open MIME multipart body of the message before
//     it: a "From <sha> Mon Sep 17 00:00:00 2001" patch attached to a
//     message has the shape of a separator but sits between the message's
//     "--boundary" lines, and no mbox writer can produce a separator there.
//
// So a body line "From the desk of ..." (no date), a ">From " or
// ">>From " line (mboxo and mboxrd escaping; bodies are dropped, so the
// escapes need no undoing) and an attached patch do not split a message.
//
// The price of the last rule: a multipart message cut short, its closing
// boundary lost, runs to the end of the file and hides the messages after
// it. Writers that escape "From " lines never need the rule; it is there
// for unescaped ones (Thunderbird, a saved .eml with an envelope line),
// and a mailbox truncated inside an attachment is rarer than either.
// Content-Length (mboxcl2) is not used: the Mail::Box test folder shows it
// going stale when line endings change.

// lineReader reads lines without their line ending (LF or CRLF), keeping at
// most a given number of bytes of each and discarding the rest, so that a
// line of any length costs bounded memory. It can push one line back.
type lineReader struct {
	br   *bufio.Reader
	buf  []byte
	long bool // the last line was longer than the bytes kept
	line int  // 1-based number of the last line returned
	back bool // next returns the last line again
	// lazy stops reading a line once max bytes are kept, leaving the
	// rest unread: for a single message, whose read ends at the first
	// long line, so that a 1 GB file of one line costs 1 MiB of reading.
	lazy bool
	err  error
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, 4<<10), buf: make([]byte, 0, 512)}
}

// reset makes lr read r from its start, keeping the buffers.
func (lr *lineReader) reset(r io.Reader) {
	lr.br.Reset(r)
	lr.buf = lr.buf[:0]
	lr.long, lr.back, lr.lazy = false, false, false
	lr.line = 0
	lr.err = nil
}

// next returns the next line, at most max bytes of it, and false at the
// end of the input or on a read error (kept in err). The slice is valid
// until the next call.
func (lr *lineReader) next(max int) ([]byte, bool) {
	if lr.back {
		lr.back = false
		lr.line++
		if len(lr.buf) > max {
			lr.long = true
			return lr.buf[:max], true
		}
		return lr.buf, true
	}
	lr.buf = lr.buf[:0]
	lr.long = false
	// Keep two bytes more than asked, for the line ending: then a line
	// is long exactly when what is left after the ending exceeds max.
	keep := max + 2
	n := 0
	for {
		s, err := lr.br.ReadSlice('\n')
		n += len(s)
		if room := keep - len(lr.buf); room > 0 {
			lr.buf = append(lr.buf, s[:min(room, len(s))]...)
		}
		if err == bufio.ErrBufferFull {
			if lr.lazy && len(lr.buf) >= keep {
				break
			}
			continue
		}
		if err != nil {
			if err != io.EOF {
				lr.err = err
			}
			if n == 0 {
				return nil, false
			}
		}
		break
	}
	lr.line++
	if n > len(lr.buf) {
		lr.long = true
		lr.buf = lr.buf[:max]
		return lr.buf, true
	}
	k := len(lr.buf)
	if k > 0 && lr.buf[k-1] == '\n' {
		k--
		if k > 0 && lr.buf[k-1] == '\r' {
			k--
		}
	}
	lr.buf = lr.buf[:k]
	if k > max {
		lr.long = true
		lr.buf = lr.buf[:max]
	}
	return lr.buf, true
}

// dropPrefix removes n bytes from the start of the last line, so that a
// pushed-back line comes back without them.
func (lr *lineReader) dropPrefix(n int) {
	lr.buf = lr.buf[n:]
}

// pushBack makes next return the last line again.
func (lr *lineReader) pushBack() {
	lr.back = true
	lr.line--
}

var fromSpace = []byte("From ")

// isSeparatorShape reports whether b has the shape of an mbox separator:
// "From ", a sender token and a date-like rest (a month name and a
// time of day among the words after the sender).
func isSeparatorShape(b []byte) bool {
	if !bytes.HasPrefix(b, fromSpace) {
		return false
	}
	rest := b[len(fromSpace):]
	month, clock := false, false
	first := true
	for len(rest) > 0 {
		rest = bytes.TrimLeft(rest, " \t")
		if len(rest) == 0 {
			break
		}
		i := bytes.IndexAny(rest, " \t")
		if i < 0 {
			i = len(rest)
		}
		w := rest[:i]
		rest = rest[i:]
		if first {
			// The sender; when it is missing ("From  Mon Jan ..."), the
			// first word is the date's and must count.
			first = false
			if !isMonthToken(w) && !isClockToken(w) && !isWeekdayToken(w) {
				continue
			}
		}
		if isMonthToken(w) {
			month = true
		} else if isClockToken(w) {
			clock = true
		}
	}
	return month && clock
}

func isMonthToken(w []byte) bool {
	if len(w) < 3 || len(w) > 9 {
		return false
	}
	var low [9]byte
	lt := lowerInto(low[:], string(w))
	return months[string(lt[:3])] != 0 && isMonthWord(lt)
}

func isWeekdayToken(w []byte) bool {
	var low [3]byte
	return len(w) == 3 && weekdays[string(lowerInto(low[:], string(w)))]
}

// isClockToken is "22:02" or "22:02:24".
func isClockToken(w []byte) bool {
	if len(w) != 5 && len(w) != 8 && len(w) != 4 && len(w) != 7 {
		return false
	}
	_, _, _, ok := clock(string(w))
	return ok
}

// headerName returns the length of the field name when b is a header
// line: a name of printable ASCII other than ':' followed by ':' (the rule
// Python's email package uses too, so both agree where a header block
// ends).
func headerName(b []byte) (int, bool) {
	for i, c := range b {
		if c == ':' {
			return i, i > 0
		}
		if c < '!' || c > '~' {
			return 0, false
		}
	}
	return 0, false
}
