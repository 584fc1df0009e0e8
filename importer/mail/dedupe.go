package mail

import "github.com/allyhq/ally/importer"

// Deduper drops the later copies of a message read more than once: the
// same mail in an mbox, a maildir and a saved .eml has one Message-ID, so
// one ExternalID. It holds one string per distinct message, so a caller
// importing millions of messages may rather dedupe by ExternalID in its
// database; the zero value is not ready, use NewDeduper.
type Deduper struct {
	seen map[string]struct{}
	// Dropped is how many copies were dropped.
	Dropped int
}

// NewDeduper returns an empty Deduper.
func NewDeduper() *Deduper {
	return &Deduper{seen: make(map[string]struct{})}
}

// First reports whether id is seen for the first time, and remembers it.
func (d *Deduper) First(id string) bool {
	if _, ok := d.seen[id]; ok {
		d.Dropped++
		return false
	}
	d.seen[id] = struct{}{}
	return true
}

// Emit wraps emit so that only the first interaction with each ExternalID
// reaches it.
func (d *Deduper) Emit(emit func(importer.Interaction) error) func(importer.Interaction) error {
	return func(it importer.Interaction) error {
		if !d.First(it.ExternalID) {
			return nil
		}
		return emit(it)
	}
}
