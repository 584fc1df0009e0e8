package csvin

import (
	"encoding/csv"
	"fmt"
	"io"
)

// Writer writes CSV for `ally export csv`: one header row, then rows of
// the same width, RFC 4180 quoting, LF line ends, UTF-8 without a
// byte-order mark.
//
// A spreadsheet runs a cell that starts with =, +, -, @, a tab or a
// carriage return as a formula (CSV injection), so Writer neutralises such
// a cell by prefixing a single quote (and a cell starting with a line
// feed too, see formulaStart). So that the quote comes off again,
// and only that quote, a cell that starts with quotes followed by one of
// those characters gets one more quote too:
//
//	=SUM(A1)          is written  '=SUM(A1)
//	+44 20 7946 0000  is written  '+44 20 7946 0000
//	'=x               is written  ''=x
//	's-Hertogenbosch  is written  's-Hertogenbosch (left alone)
//
// The readers of this package strip exactly one quote from a cell made of
// one or more quotes and then one of those characters, and leave every
// other cell alone, so an export imports back cell for cell: a quote that
// was in the data survives the round trip. (A cell of another program's
// file that starts with a quote and a formula character loses that quote
// on import, which is what that program meant by it too.)
type Writer struct {
	cw    *csv.Writer
	width int
	row   []string
	err   error
}

// NewWriter returns a Writer that has written header (into its buffer:
// an error writing it is returned by the first Write or Flush).
func NewWriter(w io.Writer, header []string) *Writer {
	cw := csv.NewWriter(w)
	wr := &Writer{cw: cw, width: len(header)}
	wr.err = wr.write(header)
	return wr
}

// Write writes one row, which must have as many cells as the header.
func (w *Writer) Write(row []string) error {
	if w.err != nil {
		return w.err
	}
	if len(row) != w.width {
		return fmt.Errorf("csv write: the row has %d cells and the header %d", len(row), w.width)
	}
	if err := w.write(row); err != nil {
		w.err = err
		return err
	}
	return nil
}

func (w *Writer) write(row []string) error {
	w.row = w.row[:0]
	for _, c := range row {
		w.row = append(w.row, neutralise(c))
	}
	if err := w.cw.Write(w.row); err != nil {
		return fmt.Errorf("csv write: %w", err)
	}
	return nil
}

// Flush writes what is buffered and returns the first error of any write.
func (w *Writer) Flush() error {
	w.cw.Flush()
	if err := w.cw.Error(); err != nil {
		return fmt.Errorf("csv write: %w", err)
	}
	return w.err
}

// formulaStart reports whether a spreadsheet would take a cell starting
// with c for a formula.
func formulaStart(c byte) bool {
	switch c {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	case '\n':
		// Not a formula start, but a CRLF in a quoted field reads back
		// as LF: a cell "\r\n…" written as "'\r\n…" must still lose its
		// quote when read as "'\n…".
		return true
	}
	return false
}

// quotedFormula reports whether s is zero or more single quotes followed
// by a formula start: the cells the writer prefixes with a quote.
func quotedFormula(s string) bool {
	i := 0
	for i < len(s) && s[i] == '\'' {
		i++
	}
	return i < len(s) && formulaStart(s[i])
}

// neutralise is what Writer does to each cell.
func neutralise(s string) string {
	if quotedFormula(s) {
		return "'" + s
	}
	return s
}

// unneutralise undoes neutralise, and only that: it strips one quote from
// a cell that is one or more quotes followed by a formula start.
func unneutralise(s string) string {
	if len(s) > 1 && s[0] == '\'' && quotedFormula(s[1:]) {
		return s[1:]
	}
	return s
}
