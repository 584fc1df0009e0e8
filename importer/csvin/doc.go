// Package csvin reads the two kinds of CSV file ally imports, and writes
// the CSV ally exports.
//
// ReadOrg reads an org chart or people list (`ally import org`): a person
// per row, with their addresses, title, department, team, location,
// organisation and manager, and checks the chart as a whole before it
// returns anything: every manager names one row, and no chain of managers
// is a cycle. ReadInteractions streams an interaction log from another
// system (`ally import interactions`): who contacted whom, when, how and
// about what, a row at a time. NewWriter writes rows for `ally export
// csv`, neutralising the cells a spreadsheet would run as formulas; both
// readers undo exactly that, so an export imports back as it was.
//
// What both readers accept: a header row naming the columns (matched by
// name, in any order, with common synonyms: see Map; --map names the
// others); comma, semicolon or tab as the delimiter, sniffed from the
// header line, or named by the "sep=;" line Excel puts before the header;
// a UTF-8 byte-order mark; UTF-16 text with its byte-order mark (Excel's
// "Unicode Text", tab-separated), decoded as it is read; LF or CRLF line
// ends; quoted
// fields with delimiters, quotes and line breaks in them (a row's Pos.Line
// is its first physical line). A row of empty cells is skipped, as
// spreadsheets leave them below a table.
//
// What they deliberately drop or refuse, and why:
//   - Columns they do not know are ignored, so that a file exported from
//     an HR or CRM system imports without first deleting its extra
//     columns.
//   - A row with more or fewer fields than the header is a bad row, not
//     padded or cut: a shifted column would put a title in the email.
//   - Text that is not UTF-8 (and not UTF-16 with a byte-order mark) is a
//     bad row naming the column: guessing a legacy code page (Windows-1252?
//     -1251?) would put wrong letters in names without a word.
//   - A record longer than 1 MiB ends the read: it is not an org chart or
//     a log row, most likely an unclosed quote, and reading it whole would
//     let one bad file take the machine's memory.
//   - An org chart of more than 1,000,000 rows or 256 MiB is refused:
//     ReadOrg holds the chart to check it, and no org chart is that big.
//     ReadInteractions streams, and has no such cap.
//   - Day-first or month-first dates (01/03/2024) are refused, since a
//     row cannot tell which one is meant (see parseAt).
//   - The readers do not validate addresses beyond their shape nor match
//     people to the workspace: package identity does that.
//
// Bad rows are *importer.Error values naming the file, the line and the
// column, reported through the options' importer.Skip. The readers touch
// no database, clock or network.
package csvin
