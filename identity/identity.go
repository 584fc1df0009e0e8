package identity

import (
	"strings"

	"github.com/allyhq/ally/importer"
)

// Kind is what an identity's value is. Two identities are the same only
// when their kind and normalised value are both equal.
type Kind string

// Kinds of identity.
const (
	// KindEmail is an email address, case-folded whole (see Email).
	KindEmail Kind = "email"
	// KindPhone is a phone number as digits with "+" kept and an
	// extension as ";ext=" (see Phone).
	KindPhone Kind = "phone"
	// KindVCard is a vCard UID (see VCard). A UID is the card's own
	// identity and survives a re-export from another address book.
	KindVCard Kind = "vcard"
	// KindOrg is an org chart's employee id, unique in the organisation
	// (see Org).
	KindOrg Kind = "org"
	// KindExternal is a source's own id for a record, prefixed by the
	// source ("csv:42", "ical:uid", see External): it makes a re-import
	// of the same file find the same person.
	KindExternal Kind = "external"
)

// Identity is one normalised identity of a person. The zero Identity is
// no identity: constructors return it with false when the input is not
// one.
type Identity struct {
	Kind  Kind   `json:"kind"`
	Value string `json:"value"`
}

// String is "kind:value".
func (id Identity) String() string { return string(id.Kind) + ":" + id.Value }

// External is the identity of a record in a source: "source:id". The id
// is kept as the source wrote it (trimmed, case kept): sources' ids are
// case-sensitive. An empty id gives the zero Identity.
func External(source, id string) Identity {
	id = strings.TrimSpace(id)
	if id == "" {
		return Identity{}
	}
	return Identity{Kind: KindExternal, Value: strings.TrimSpace(source) + ":" + id}
}

// VCard is the identity of a vCard UID, trimmed. A UUID (with or without
// "urn:uuid:") is lower-cased without the prefix, since UUIDs are
// case-insensitive and address books disagree on the prefix; any other
// UID is kept as written. An empty UID gives false.
func VCard(uid string) (Identity, bool) {
	uid = strings.TrimSpace(uid)
	if len(uid) >= 9 && strings.EqualFold(uid[:9], "urn:uuid:") && IsUUID(uid[9:]) {
		uid = uid[9:]
	}
	if IsUUID(uid) {
		uid = strings.ToLower(uid)
	}
	if uid == "" {
		return Identity{}, false
	}
	return Identity{Kind: KindVCard, Value: uid}, true
}

// IsUUID reports whether s is 8-4-4-4-12 hex digits (the export's vCard
// UIDs use it too).
func IsUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// Org is the identity of an org-chart employee id, trimmed and kept as
// written. An empty id gives false.
func Org(id string) (Identity, bool) {
	id = strings.TrimSpace(id)
	if id == "" {
		return Identity{}, false
	}
	return Identity{Kind: KindOrg, Value: id}, true
}

// Of returns the identities of a person a reader returned: the source's
// external id, then each email and phone that normalises, without
// repeats. Addresses and numbers that do not normalise are returned in
// bad, as written, so that the import can say which it ignored.
func Of(source string, p importer.Person) (ids []Identity, bad []string) {
	seen := map[Identity]bool{}
	add := func(id Identity) {
		if id != (Identity{}) && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	add(External(source, p.ExternalID))
	for _, e := range p.Emails {
		if id, ok := Email(e); ok {
			add(id)
		} else if strings.TrimSpace(e) != "" {
			bad = append(bad, e)
		}
	}
	for _, ph := range p.Phones {
		if id, ok := Phone(ph); ok {
			add(id)
		} else if strings.TrimSpace(ph) != "" {
			bad = append(bad, ph)
		}
	}
	return ids, bad
}
