// Package mail reads the headers of e-mail messages as interactions: mbox
// files (one or many messages), single RFC 5322 messages (.eml) and maildir
// or plain directories of message files. A file's kind is told by its
// content, never by its name: a file whose first line is an mbox "From "
// separator is an mbox, anything else is one message.
//
// Each message becomes one importer.Interaction: who sent it (From, or
// Sender when there is no From) as the initiator, every To and Cc address,
// the Date (in UTC), the decoded Subject, and an ExternalID from the
// Message-ID (or, when there is none, from a hash of the headers that
// identify a message). Bulk and list mail is returned too, flagged in
// Interaction.Bulk with the reason, so that the caller can count what it
// skips.
//
// What it deliberately drops, and why:
//   - Bodies and attachments. ally stores who met whom and when, never what
//     was said; a body is read a line prefix at a time only to find where an
//     mbox message ends, and is never kept (see the mbox splitter in
//     split.go).
//   - Bcc, Reply-To, Resent-* and the X-From/X-To copies some exports add:
//     Bcc is absent from received mail and would make sent and received
//     copies of one message disagree; the others repeat or redirect the
//     parties and would invent contacts.
//   - Which address is Me, and whether mail between two other people
//     counts: that is decided by the caller, which knows the workspace.
//
// Duplicates across files (the same message in an mbox and in a maildir)
// share their ExternalID; Deduper drops the later copies.
//
// Header decoding is lenient where real mail is broken and strict where a
// wrong answer would be stored: RFC 2047 words in any charset that
// golang.org/x/text knows (through go-message's charset package), raw 8-bit
// names read as windows-1252 when they are not UTF-8, obsolete zone names
// (EST, PDT, ...) mapped by hand because net/mail reads them as +0000, and
// a header block larger than Options.MaxHeaderBytes refused with an error
// instead of being read into memory.
package mail
