package csvin

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/allyhq/ally/importer"
)

// maxRecord caps one record (a row, with every line of its quoted fields):
// a longer one stops the read instead of being buffered whole, so that a
// file with no line breaks, or with an unclosed quote, cannot take all the
// memory there is. A variable so that tests can lower it.
var maxRecord = 1 << 20

// bufSize is the read buffer, and the longest header line the delimiter
// sniffer reads.
const bufSize = 64 << 10

var errTooLong = errors.New("record too long")

// limitReader hands out bytes only up to limit, which the table moves
// forward after each record: the csv reader can never buffer more than
// one record of maxRecord bytes plus a buffer ahead.
type limitReader struct {
	r     io.Reader
	n     int64
	limit int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n >= l.limit {
		return 0, errTooLong
	}
	if rem := l.limit - l.n; int64(len(p)) > rem {
		p = p[:rem]
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	return n, err
}

// table reads a CSV file's header and rows.
type table struct {
	file string
	lim  *limitReader
	cr   *csv.Reader
	skip int64 // bytes before what the csv reader sees (the BOM, a sep= line)
	// lineOff is the physical lines before the header (a sep= line).
	lineOff int
	comma   rune
	cols    []string // the header's column names, trimmed
	cols1   []int    // per field, the first column that holds it, or -1
	colsN   [numFields][]int
	// endLine is the last physical line of the last record read, for a
	// record too long to have a position of its own.
	endLine int
}

// open reads the header: it strips a UTF-8 byte-order mark, sniffs the
// delimiter and maps each column to a field. A column neither m nor defs
// names is ignored.
func open(r io.Reader, file string, m Map, defs map[string]field, allowed []field) (*table, error) {
	t := &table{file: file}
	// A UTF-16 byte-order mark: decode to UTF-8 as the file is read.
	var first [2]byte
	n, err := io.ReadFull(r, first[:])
	switch {
	case err != nil && err != io.EOF && err != io.ErrUnexpectedEOF:
		return nil, fmt.Errorf("%s: read: %w", file, err)
	case n == 2 && (first == [2]byte{0xFF, 0xFE} || first == [2]byte{0xFE, 0xFF}):
		r = &utf16Reader{r: r, big: first[0] == 0xFE}
	default:
		r = io.MultiReader(bytes.NewReader(first[:n]), r)
	}
	t.lim = &limitReader{r: r, limit: int64(maxRecord) + bufSize}
	br := bufio.NewReaderSize(t.lim, bufSize)
	head, err := br.Peek(bufSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		if errors.Is(err, errTooLong) {
			err = io.ErrUnexpectedEOF // cannot happen: the limit is above bufSize
		}
		return nil, fmt.Errorf("%s: read: %w", file, err)
	}
	if bytes.HasPrefix(head, []byte("\xEF\xBB\xBF")) {
		br.Discard(3)
		head = head[3:]
		t.skip = 3
	}
	comma, n := excelSep(head)
	var ok bool
	if n > 0 {
		br.Discard(n)
		t.skip += int64(n)
		t.lineOff = 1
	} else if comma, ok = sniff(head, err == nil || err == bufio.ErrBufferFull); !ok {
		return nil, importer.Errorf(importer.Pos{File: file, Line: 1}, "", "the header row is longer than %d bytes: is this a CSV file?", bufSize)
	}
	t.comma = comma
	t.cr = csv.NewReader(br) // br is a *bufio.Reader of at least 4 KiB: csv uses it as it is
	t.cr.Comma = comma
	t.cr.FieldsPerRecord = -1
	t.cr.ReuseRecord = true
	hdr, err := t.cr.Read()
	if err == io.EOF {
		return nil, importer.Errorf(importer.Pos{File: file}, "", "the file is empty: it needs a header row naming its columns")
	}
	if err != nil {
		return nil, t.readError(err)
	}
	t.noteEnd(hdr)
	t.cols = make([]string, len(hdr))
	for i := range t.cols {
		t.cols[i] = strings.TrimSpace(unneutralise(hdr[i]))
	}
	for f := range t.colsN {
		t.colsN[f] = nil
	}
	hpos := importer.Pos{File: file, Line: 1 + t.lineOff}
	for i, c := range t.cols {
		if c == "" {
			continue
		}
		f, _, err := m.resolve(c, defs, allowed)
		if err != nil {
			return nil, importer.Errorf(hpos, c, "%v", err)
		}
		if f == fNone {
			continue
		}
		if prev := t.colsN[f]; len(prev) > 0 && !f.multi() {
			return nil, importer.Errorf(hpos, c, "columns %q and %q both hold %s; map one of them to - to ignore it (--map %q)", t.cols[prev[0]], c, f, c+"=-")
		}
		t.colsN[f] = append(t.colsN[f], i)
	}
	// A --map naming no column is a typo the user wants to hear about:
	// the column it meant would be ignored without a word.
	have := map[string]bool{}
	for _, c := range t.cols {
		have[normName(c)] = true
	}
	for _, mc := range sortedMapKeys(m) {
		if !have[normName(mc)] {
			return nil, importer.Errorf(hpos, "", "--map %q: the file has no column %q; the columns are %s", mc+"="+m[mc], mc, quoteList(t.cols))
		}
	}
	t.cols1 = make([]int, numFields)
	for f := range t.cols1 {
		t.cols1[f] = -1
		if len(t.colsN[f]) > 0 {
			t.cols1[f] = t.colsN[f][0]
		}
	}
	return t, nil
}

// require is the error for a file without a column the reader needs.
func (t *table) require(fs ...field) error {
	var missing []string
	for _, f := range fs {
		if t.cols1[f] < 0 {
			missing = append(missing, f.String())
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return importer.Errorf(importer.Pos{File: t.file, Line: 1 + t.lineOff}, "", "no %s column; the columns are %s (name a column with --map \"Column=%s\")",
		strings.Join(missing, ", "), quoteList(t.cols), missing[0])
}

func sortedMapKeys(m Map) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func quoteList(cols []string) string {
	if len(cols) == 0 {
		return "none"
	}
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = fmt.Sprintf("%q", c)
	}
	return strings.Join(q, ", ")
}

// excelSep reads the "sep=;" line Excel writes and reads before the
// header to say which delimiter a file uses: the delimiter and the
// line's length, or n == 0 when the file does not start with one.
func excelSep(head []byte) (comma rune, n int) {
	if len(head) < 6 || !bytes.EqualFold(head[:4], []byte("sep=")) {
		return 0, 0
	}
	c := head[4]
	if c < ' ' && c != '\t' || c == '"' || c >= 0x7f {
		return 0, 0
	}
	switch {
	case head[5] == '\n':
		return rune(c), 6
	case len(head) >= 7 && head[5] == '\r' && head[6] == '\n':
		return rune(c), 7
	}
	return 0, 0
}

// sniff picks the delimiter the header line uses most, outside quotes:
// comma, semicolon (spreadsheets in locales with a decimal comma) or tab.
// A tie goes to the first of these; a header with none of them is one
// column, read with commas. ok is false when the header line does not end
// within head and there is more to read.
func sniff(head []byte, more bool) (comma rune, ok bool) {
	var n [3]int
	quoted := false
	end := false
	for _, c := range head {
		switch c {
		case '"':
			quoted = !quoted
		case '\n':
			if !quoted {
				end = true
			}
		case ',':
			if !quoted {
				n[0]++
			}
		case ';':
			if !quoted {
				n[1]++
			}
		case '\t':
			if !quoted {
				n[2]++
			}
		}
		if end {
			break
		}
	}
	if !end && more {
		return 0, false
	}
	best := 0
	for i := 1; i < 3; i++ {
		if n[i] > n[best] {
			best = i
		}
	}
	return [3]rune{',', ';', '\t'}[best], true
}

// noteEnd remembers where rec ended.
func (t *table) noteEnd(rec []string) {
	if len(rec) == 0 {
		return
	}
	line, _ := t.cr.FieldPos(len(rec) - 1)
	t.endLine = line + strings.Count(rec[len(rec)-1], "\n")
}

// next returns the next row that has any content: rec holds exactly one
// cell per column. bad is a record that cannot be read (the caller reports
// it and goes on); err ends the read (io.EOF at the end).
func (t *table) next() (rec []string, line int, bad *importer.Error, err error) {
	for {
		t.lim.limit = t.skip + t.cr.InputOffset() + int64(maxRecord) + bufSize
		rec, err = t.cr.Read()
		if err == io.EOF {
			return nil, 0, nil, io.EOF
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && !errors.Is(err, errTooLong) {
				// The csv reader has consumed the broken record; the next
				// one starts after it.
				t.endLine = pe.Line
				line = pe.StartLine + t.lineOff
				return nil, line, importer.Errorf(importer.Pos{File: t.file, Line: line}, "", "line %d, column %d: %v", pe.Line+t.lineOff, pe.Column, pe.Err), nil
			}
			return nil, 0, nil, t.readError(err)
		}
		line, _ = t.cr.FieldPos(0)
		line += t.lineOff
		t.noteEnd(rec)
		if blank(rec) {
			continue
		}
		if len(rec) != len(t.cols) {
			return nil, line, importer.Errorf(importer.Pos{File: t.file, Line: line}, "", "the row has %d fields and the header %d", len(rec), len(t.cols)), nil
		}
		return rec, line, nil, nil
	}
}

// readError is the error that ends a read.
func (t *table) readError(err error) error {
	if errors.Is(err, errTooLong) {
		return importer.Errorf(importer.Pos{File: t.file, Line: t.endLine + 1 + t.lineOff}, "",
			"the record starting here is longer than %d bytes: a quote that is never closed makes the rest of the file one field", maxRecord)
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return importer.Errorf(importer.Pos{File: t.file, Line: pe.StartLine + t.lineOff}, "", "line %d, column %d: %v", pe.Line+t.lineOff, pe.Column, pe.Err)
	}
	return fmt.Errorf("%s: read: %w", t.file, err)
}

// blank reports whether every cell is empty or spaces, as in the ",,,"
// rows spreadsheets leave below a table.
func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// cell is the first column of field f, the writer's quote undone and
// trimmed; "" when the file has no such column.
func (t *table) cell(rec []string, f field) string {
	i := t.cols1[f]
	if i < 0 {
		return ""
	}
	return strings.TrimSpace(unneutralise(rec[i]))
}

// bad is a bad record in field f's column.
func (t *table) bad(line int, f field, format string, args ...any) *importer.Error {
	name := f.String()
	if i := t.cols1[f]; i >= 0 {
		name = t.cols[i]
	}
	return importer.Errorf(importer.Pos{File: t.file, Line: line}, name, format, args...)
}

// badCol is a bad record in column i.
func (t *table) badCol(line, i int, format string, args ...any) *importer.Error {
	return importer.Errorf(importer.Pos{File: t.file, Line: line}, t.cols[i], format, args...)
}

// checkUTF8 finds the first cell that is not UTF-8: ally keeps text as
// UTF-8, and guessing the legacy code page (Windows-1252? -1251?) would
// put wrong letters in names without a word.
// Columns the reader ignores are not checked.
func (t *table) checkUTF8(rec []string, line int, fs []field) *importer.Error {
	for _, f := range fs {
		for _, i := range t.colsN[f] {
			if !utf8.ValidString(rec[i]) {
				return t.badCol(line, i, "not UTF-8 text (a spreadsheet saved as plain \"CSV\" uses the computer's code page): save the file as \"CSV UTF-8\"")
			}
		}
	}
	return nil
}
