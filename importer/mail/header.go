package mail

import (
	"bytes"
	"strings"
)

// header is one message's header block as read: the unfolded fields in
// the order found, their values pointing into one buffer that is reused
// from message to message.
type header struct {
	block  []byte
	fields []field
	first  int // line of the first header line
}

// field is one header field; name and value are offsets into block. The
// value is unfolded (RFC 5322 §2.2.3: the line breaks are removed, the
// white space that starts each continuation line is kept).
type field struct {
	name      [2]int
	value     [2]int
	line      int
	nameLower string // set for the few names the reader looks at
}

func (h *header) reset() {
	if h.block == nil {
		h.block = make([]byte, 0, 2048)
		h.fields = make([]field, 0, 32)
	}
	h.block = h.block[:0]
	h.fields = h.fields[:0]
	h.first = 0
}

// size is what the block holds, for the cap on header size.
func (h *header) size() int { return len(h.block) }

// add starts a field from a header line whose name is nameLen bytes.
func (h *header) add(b []byte, nameLen, line int) {
	if h.first == 0 {
		h.first = line
	}
	start := len(h.block)
	h.block = append(h.block, b...)
	h.fields = append(h.fields, field{
		name:  [2]int{start, start + nameLen},
		value: [2]int{start + nameLen + 1, len(h.block)},
		line:  line,
	})
}

// cont appends a continuation line to the last field; one before any
// field (a message starting with white space) is dropped, as Python's
// email package drops it.
func (h *header) cont(b []byte) {
	if len(h.fields) == 0 {
		return
	}
	h.block = append(h.block, b...)
	h.fields[len(h.fields)-1].value[1] = len(h.block)
}

// known lists the field names the reader uses, so that a lookup compares
// a precomputed lower-case name instead of folding every field each time.
var known = map[string]string{
	"from": "from", "sender": "sender", "to": "to", "cc": "cc", "date": "date",
	"message-id": "message-id", "subject": "subject", "list-id": "list-id",
	"list-unsubscribe": "list-unsubscribe", "precedence": "precedence",
	"auto-submitted": "auto-submitted", "content-type": "content-type",
	"received": "received", "return-path": "return-path", "mime-version": "mime-version",
	"delivered-to": "delivered-to", "in-reply-to": "in-reply-to", "references": "references",
}

// index fills in the lower-case names of the fields the reader knows.
func (h *header) index() {
	var tmp [32]byte
	for i := range h.fields {
		f := &h.fields[i]
		name := h.block[f.name[0]:f.name[1]]
		if len(name) > len(tmp) {
			continue
		}
		low := tmp[:len(name)]
		for j, c := range name {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			low[j] = c
		}
		if n, ok := known[string(low)]; ok { // no allocation: map lookup of string(bytes)
			f.nameLower = n
		}
	}
}

// get returns the first field called name (lower case), its value trimmed.
func (h *header) get(name string) ([]byte, int, bool) {
	for i := range h.fields {
		f := &h.fields[i]
		if f.nameLower == name {
			return bytes.TrimSpace(h.block[f.value[0]:f.value[1]]), f.line, true
		}
	}
	return nil, 0, false
}

// all returns every field called name joined with ", " (a message with
// two Cc headers, as notmuch's broken-cc test has, means both).
func (h *header) all(name string) (string, int) {
	var parts []string
	first := ""
	line := 0
	for i := range h.fields {
		f := &h.fields[i]
		if f.nameLower != name {
			continue
		}
		v := toUTF8(bytes.TrimSpace(h.block[f.value[0]:f.value[1]]))
		if line == 0 {
			first, line = v, f.line
			continue
		}
		if parts == nil {
			parts = append(parts, first)
		}
		parts = append(parts, v)
	}
	if parts == nil {
		return first, line
	}
	return strings.Join(parts, ", "), line
}

// looksLikeMail reports whether the block has any field only mail has: a
// file of "name: value" lines (a config file, a TSV of paths) is not a
// message.
func (h *header) looksLikeMail() bool {
	for i := range h.fields {
		switch h.fields[i].nameLower {
		case "from", "sender", "to", "cc", "date", "message-id", "subject", "received",
			"return-path", "mime-version", "delivered-to", "in-reply-to", "references":
			return true
		}
	}
	return false
}

// multipartBoundary is the boundary of a multipart Content-Type, or "".
func multipartBoundary(ct []byte) string {
	semi := bytes.IndexByte(ct, ';')
	if semi < 0 {
		return ""
	}
	typ := bytes.TrimSpace(ct[:semi])
	if len(typ) < 10 || !bytes.EqualFold(typ[:10], []byte("multipart/")) {
		return ""
	}
	params := string(ct[semi:])
	low := strings.ToLower(params)
	i := strings.Index(low, "boundary=")
	if i < 0 {
		return ""
	}
	v := params[i+len("boundary="):]
	if strings.HasPrefix(v, `"`) {
		v = v[1:]
		if j := strings.IndexByte(v, '"'); j >= 0 {
			v = v[:j]
		}
	} else if j := strings.IndexAny(v, "; \t"); j >= 0 {
		v = v[:j]
	}
	if len(v) > 200 {
		return ""
	}
	return v
}
