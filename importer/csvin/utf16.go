package csvin

import (
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// utf16Reader turns UTF-16 text (after its byte-order mark) into UTF-8 as
// it is read, for the files Excel saves as "Unicode Text" (UTF-16LE,
// tab-separated). A unit that is no valid UTF-16 (a lone surrogate, an
// odd last byte) becomes U+FFFD.
type utf16Reader struct {
	r    io.Reader
	big  bool
	raw  [16 << 10]byte
	nraw int    // bytes at the start of raw not decoded yet
	buf  []byte // decoded, reused
	out  []byte // the part of buf not returned yet
	err  error
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for empty := 0; len(u.out) == 0; empty++ {
		if u.err != nil {
			return 0, u.err
		}
		if empty == 100 {
			return 0, io.ErrNoProgress
		}
		n, err := u.r.Read(u.raw[u.nraw:])
		u.nraw += n
		if err != nil {
			u.err = err
		}
		u.decode(err != nil)
	}
	n := copy(p, u.out)
	u.out = u.out[n:]
	return n, nil
}

func (u *utf16Reader) unit(b []byte) rune {
	if u.big {
		return rune(b[0])<<8 | rune(b[1])
	}
	return rune(b[1])<<8 | rune(b[0])
}

// decode decodes what raw holds; a unit or surrogate pair cut by the end
// of the read waits for the next one, unless the input has ended.
func (u *utf16Reader) decode(final bool) {
	b := u.raw[:u.nraw]
	out := u.buf[:0]
	i := 0
	for ; i+1 < len(b); i += 2 {
		c := u.unit(b[i:])
		if !utf16.IsSurrogate(c) {
			out = utf8.AppendRune(out, c)
			continue
		}
		if c >= 0xDC00 { // a low surrogate first
			out = utf8.AppendRune(out, utf8.RuneError)
			continue
		}
		if i+3 >= len(b) {
			if !final {
				break
			}
			out = utf8.AppendRune(out, utf8.RuneError)
			continue
		}
		r := utf16.DecodeRune(c, u.unit(b[i+2:]))
		if r != utf8.RuneError {
			i += 2 // the pair's second unit
		}
		// else the next unit is no low surrogate: it is decoded on its own.
		out = utf8.AppendRune(out, r)
	}
	if final && i < len(b) {
		out = utf8.AppendRune(out, utf8.RuneError) // an odd last byte
		i = len(b)
	}
	u.nraw = copy(u.raw[:], b[i:])
	u.buf, u.out = out, out
}
